"""Discord's refusal of a snippet action names what that action needs where it was refused."""

from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from bot.errors import MissingPermissionError, UserError
from bot.interactions.threads import post_needs
from bot.snippets.model import READ_PINS_NEEDS, UNPIN_NEEDS, bot_needs
from cogs.snippets.channels import explain, raise_explained
from cogs.snippets.refresh import EDIT_NEEDS


def refusal(code: int) -> discord.Forbidden:
    return discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"),  # type: ignore[arg-type]
                             {"code": code, "message": "Missing Permissions"})


def test_a_pin_refused_in_a_thread_names_send_messages_in_threads() -> None:
    thread = SimpleNamespace(type=discord.ChannelType.public_thread)
    explained = explain(refusal(50013), "<#7>", bot_needs(post_needs(thread)))
    assert explained is not None
    assert explained.message == (
        "Discord refused: I lack a permission in <#7>. I need View Channel, Send Messages in Threads, Embed Links,"
        " Read Message History and Pin Messages there."
    )


@pytest.mark.parametrize(("needs", "named"), [
    (READ_PINS_NEEDS, "I need View Channel and Read Message History there."),
    (UNPIN_NEEDS, "I need View Channel and Pin Messages there."),
    (EDIT_NEEDS, "I need View Channel and Embed Links there."),
])  # fmt: skip
def test_reading_removing_and_editing_pins_name_only_what_they_take(needs: tuple[str, ...], named: str) -> None:
    with pytest.raises(UserError) as raised:
        raise_explained(refusal(50001), "<#7>", needs)
    assert raised.value.message == f"Discord refused: I lack a permission in <#7>. {named}"


def test_the_bots_own_check_lists_permissions_as_a_sentence_does() -> None:
    assert MissingPermissionError(["pin_messages"]).message == "I need the Pin Messages permission."
    assert MissingPermissionError(["embed_links", "pin_messages"], where="<#7>").message == (
        "I need the Embed Links and Pin Messages permissions in <#7>."
    )
    assert MissingPermissionError(["view_channel", "send_messages", "pin_messages"], whose="you").message == (
        "You need the View Channel, Send Messages and Pin Messages permissions."
    )
