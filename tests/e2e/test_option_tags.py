"""Option values sent under another type's tag get the field-named answer, not an apology.

A payload tags each option with a type, and that tag is data too: `/hipthrust guide section` sent
as `{"type": 4, "value": 12345}` fitted its tag and reached the command as an int ("Sorry,
something went wrong": AttributeError in resolve_section), as did `/snippet pin section` tagged
boolean and `/snippet unpin snippet` tagged integer. The tree checks values against the types the
command declares, once, for every command.
"""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

INTEGER, BOOLEAN = 4, 5



@pytest.mark.parametrize(("command", "name", "value", "tag", "shown"), [
    ("hipthrust guide", "section", 12345, INTEGER, "12345"),
    ("hipthrust guide", "section", True, BOOLEAN, "true"),
    ("snippet pin", "section", True, BOOLEAN, "true"),
    ("snippet unpin", "snippet", 5, INTEGER, "5"),
])  # fmt: skip
async def test_a_string_option_under_another_tag_is_refused_by_name(
        hipbot: HipThrustBot, driver: Driver, command: str, name: str, value: object, tag: int,
        shown: str) -> None:
    reply = await driver.slash_raw(command, {name: value}, user="moderator", types={name: tag})
    assert reply.ephemeral
    assert reply.content == f"**{name}** must be text (you gave `{shown}`). Nothing was stored."


async def test_text_tagged_as_an_integer_still_reads_as_text(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash_raw("hipthrust guide", section="quick-answer", types={"section": INTEGER})
    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == "Quick answer"
