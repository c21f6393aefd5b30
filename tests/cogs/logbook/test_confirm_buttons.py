"""The five ok/no confirmations share `ConfirmButton`; their custom_ids must stay as they were.

Buttons already posted carry the old custom_ids, and a click on one after an upgrade reaches the
new code: so each button is built here, its custom_id compared with the format (and the regex)
its class used before the shared base, and an old custom_id is decoded back to the same button.
"""

from __future__ import annotations

import re

import discord
import pytest

from bot.interactions.confirm import ConfirmButton
from cogs.chatlog.views import ChatStoreCorrected, ChatStorePending
from cogs.imports.cog import ImportButton, UndoImportButton
from cogs.logbook.edit_save import StoreEdit, StoreEditCorrected
from cogs.logbook.held import StoreCorrected, StorePending
from cogs.logbook.log import UndoButton
from cogs.logbook.your_data import ForgetButton

STAMP = "t5x0ab"

# (button class, its values, the custom_id the old code wrote for "ok" and "no", the old template,
#  the labels and the confirm style a user sees)
CASES = [
    (StorePending, (123456789012345678, True), "lg:{act}:123456789012345678:1",
     r"lg:(?P<act>ok|no):(?P<iid>\d+):(?P<share>[01])", ("Store anyway", "Cancel"), discord.ButtonStyle.danger),
    (StorePending, (42, False), "lg:{act}:42:0",
     r"lg:(?P<act>ok|no):(?P<iid>\d+):(?P<share>[01])", ("Store anyway", "Cancel"), discord.ButtonStyle.danger),
    (UndoButton, (987, None, STAMP), "ud:{act}:987:" + STAMP,  # sent before it carried the entry's edit stamp
     r"ud:(?P<act>ok|no):(?P<eid>\d+):(?P<exp>[0-9a-z]+)", ("Delete it", "Keep it"), discord.ButtonStyle.danger),
    (ForgetButton, (STAMP,), "fm:{act}:" + STAMP,
     r"fm:(?P<act>ok|no):(?P<exp>[0-9a-z]+)", ("Delete everything", "Cancel"), discord.ButtonStyle.danger),
    (ImportButton, (555,), "im:{act}:555",
     r"im:(?P<act>ok|no):(?P<iid>\d+)", ("Import", "Cancel"), discord.ButtonStyle.success),
    (UndoImportButton, (7, STAMP), "iu:{act}:7:" + STAMP,
     r"iu:(?P<act>ok|no):(?P<bid>\d+):(?P<exp>[0-9a-z]+)", ("Remove import", "Keep it"), discord.ButtonStyle.danger),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "values", "old_id", "old_template", "labels", "style"), CASES)
async def test_custom_ids_labels_and_styles_are_the_old_ones(cls, values, old_id, old_template, labels, style):
    for act, label, expected_style in (("ok", labels[0], style), ("no", labels[1], discord.ButtonStyle.secondary)):
        button = cls(act, *values)
        assert button.custom_id == old_id.format(act=act)
        assert re.fullmatch(old_template, button.custom_id)
        assert (button.item.label, button.item.style) == (label, expected_style)


@pytest.mark.parametrize(("cls", "values", "old_id", "old_template", "labels", "style"), CASES)
async def test_a_button_posted_before_decodes_to_the_same_button(cls, values, old_id, old_template, labels, style):
    for act in ("ok", "no"):
        posted = old_id.format(act=act)
        match = cls.__discord_ui_compiled_template__.fullmatch(posted)
        assert match is not None
        decoded = await cls.from_custom_id(None, None, match)
        assert type(decoded) is cls
        assert decoded.custom_id == posted
        assert decoded.act == act
        assert state(decoded) == state(cls(act, *values))


def state(button):
    """What a button carries besides its discord.py internals: act, ids, share, expiry."""
    return {k: v for k, v in vars(button).items() if not k.startswith("_") and k != "item"}


def test_the_pair_is_confirm_then_cancel():
    view = UndoButton.pair(987, "18c5a3e2f7b40", STAMP)
    assert [item.custom_id for item in view.children] == [f"ud:ok:987:s18c5a3e2f7b40:{STAMP}",
                                                          f"ud:no:987:s18c5a3e2f7b40:{STAMP}"]


def test_the_typed_values_survive_the_round_trip():
    assert (StorePending("ok", 42, False).interaction_id, StorePending("ok", 42, False).share) == (42, False)
    assert UndoImportButton("no", 7, STAMP).expires == STAMP
    assert ImportButton("ok", 555).expires is None


def test_a_value_that_no_click_could_reach_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        UndoButton("ok", 987, None, "NOT-BASE36")
    with pytest.raises(ValueError, match="does not fit"):
        UndoButton("ok", 987, "not-hex", STAMP)
    with pytest.raises(ValueError, match="does not fit"):
        ForgetButton("maybe", STAMP)


def test_every_confirmation_is_a_confirm_button():
    assert all(issubclass(case[0], ConfirmButton) for case in CASES)


@pytest.mark.parametrize("variant", ["", "single-leg"])  # a text field: a variant, or none for all of them
async def test_a_text_value_survives_the_round_trip(variant):
    for cls, act in ((StoreEdit, "ok"), (StoreEdit, "no"), (StoreEditCorrected, "ok")):
        button = cls(act, 1_300_000_000_000_000_007, 42, variant, 20, STAMP)
        assert button.custom_id == f"{cls.prefix}:{act}:1300000000000000007:42:{variant}:20:{STAMP}"
        match = cls.__discord_ui_compiled_template__.fullmatch(button.custom_id)
        decoded = await cls.from_custom_id(None, None, match)
        assert type(decoded) is cls
        assert state(decoded) == state(button)
        assert (decoded.key, decoded.entry_id, decoded.variant, decoded.start) == (
            1_300_000_000_000_000_007, 42, variant, 20)
    with pytest.raises(ValueError, match="does not fit"):
        StoreEdit("ok", 1, 42, "Barbell:1", 0, STAMP)


@pytest.mark.parametrize(("child", "parent", "values"), [
    (StoreCorrected, StorePending, (42, True)),
    (ChatStoreCorrected, ChatStorePending, (1_100_000_000_000_000_001, 1_300_000_000_000_000_001, STAMP)),
    (StoreEditCorrected, StoreEdit, (1_300_000_000_000_000_007, 42, "", 20, STAMP)),
])  # fmt: skip
async def test_a_store_corrected_button_carries_what_its_parent_does(child, parent, values):
    """It names only its prefix; its fields and expiry are its parent's."""
    assert (child.fields, child.expiring) == (parent.fields, parent.expiring)
    button = child("ok", *values)
    assert button.custom_id == child.prefix + parent("ok", *values).custom_id.removeprefix(parent.prefix)
    decoded = await child.from_custom_id(None, None, child.__discord_ui_compiled_template__.fullmatch(button.custom_id))
    assert type(decoded) is child
    assert state(decoded) == state(button)


# An expiry stamp is base 36 and may itself read "s" and hex digits (sab0c1): without the edit
# stamp (a button sent before it was carried) it must still decode as the expiry.
@pytest.mark.parametrize("expires", [STAMP, "sab0c1"])
@pytest.mark.parametrize("stamp", [None, "0", "18c5a3e2f7b40", "f" * 16])
async def test_an_edit_stamp_survives_the_round_trip_and_old_buttons_carry_none(expires, stamp):
    button = UndoButton("ok", 10**20 - 1, stamp, expires)
    written = "" if stamp is None else f":s{stamp}"
    assert button.custom_id == f"ud:ok:{10**20 - 1}{written}:{expires}"
    assert len(button.custom_id) <= 100  # Discord's most
    decoded = await UndoButton.from_custom_id(None, None, UndoButton.__discord_ui_compiled_template__.fullmatch(
        button.custom_id))
    assert (decoded.entry_id, decoded.stamp, decoded.expires) == (10**20 - 1, stamp, expires)
