"""The Previous / Next buttons of /history, /records and /snippet list share `PagingButton`: their
custom_ids stay as they were sent (a page already in a lifter's DMs or channel still turns), and a
press reads back the button the page wrote."""

from __future__ import annotations

from typing import Any

import pytest

from bot.interactions.paging import PagingButton
from cogs.logbook.history import PageButton
from cogs.logbook.records import RecordsPageButton
from cogs.snippets.views import ListPageButton


async def _pressed(kind: type[PagingButton], custom_id: str) -> Any:
    match = kind.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None, custom_id
    return await kind.from_custom_id(None, None, match)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "written", "custom_id", "read"),
    [
        (PageButton, ("barbell", 123456, "p"), "hs:barbell:123456:p:t0k3n", ("barbell", 123456, "p")),
        (PageButton, ("", 10, "n"), "hs::10:n:t0k3n", ("", 10, "n")),
        (RecordsPageButton, ("single-leg", 2, "n"), "rc:single-leg:2:n:t0k3n", ("single-leg", 2, "n")),
        (ListPageButton, (3, "p"), "sn:pg:3:p:t0k3n", ("", 3, "p")),
    ],
)
async def test_a_page_buttons_custom_id_is_as_before_and_a_press_reads_it_back(
    kind: type[PagingButton], written: tuple[Any, ...], custom_id: str, read: tuple[Any, ...]
) -> None:
    button = kind(*written, "t0k3n", disabled=True)
    assert button.item.custom_id == custom_id
    assert (button.item.label, button.item.disabled) == ({"p": "Previous", "n": "Next"}[written[-1]], True)
    pressed = await _pressed(kind, custom_id)
    assert type(pressed) is kind
    assert (pressed.variant, pressed.place, pressed.direction, pressed.expires) == (*read, "t0k3n")
    assert pressed.item.custom_id == custom_id


def test_the_json_a_page_writes_is_the_buttons_own() -> None:
    """/history and /records write their buttons as Discord's JSON: the same as the item's."""
    for kind in (PageButton, RecordsPageButton):
        component = kind.component("machine", 20, "n", "t0k3n", disabled=False)
        assert component == kind("machine", 20, "n", "t0k3n").to_component_dict()


@pytest.mark.parametrize(
    ("kind", "custom_id"),
    [
        (PageButton, "hs:barbell:1234567:n:t0k3n"),  # seven digits
        (RecordsPageButton, "rc:barbell:12345:n:t0k3n"),  # five
        (RecordsPageButton, "rc:Barbell:1:n:t0k3n"),
        (ListPageButton, "sn:pg:barbell:1:n:t0k3n"),  # the list carries no variant
        (ListPageButton, "sn:pg:1:x:t0k3n"),
        (PagingButton, "hs:barbell:1:n:t0k3n"),  # the base is no button of its own
    ],
)
def test_a_custom_id_out_of_a_page_buttons_shape_is_not_its(kind: type[PagingButton], custom_id: str) -> None:
    assert kind.__discord_ui_compiled_template__.fullmatch(custom_id) is None
