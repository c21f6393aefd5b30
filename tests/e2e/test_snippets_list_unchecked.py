"""/snippet list with more channels it could not check than a message can name: whole lines, then
how many more, never a reply Discord refuses (50035) nor a line cut mid-way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.interactions import limits
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Channel
from cogs.snippets.channels import current_versions
from tests.e2e.bots import running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

CHANNELS = 40


async def add_unreadable_channels(imitation: Imitation, *, moderator_sees: bool, deny: int = 0) -> list[Channel]:
    """CHANNELS channels whose pins the bot cannot read (nor does it have `deny` there), which (unless
    `moderator_sees`) the moderator cannot see."""
    s = imitation.scenario
    hidden = [perms.Overwrite(s.bot.id, 1, deny=perms.READ_MESSAGE_HISTORY | deny)]
    if not moderator_sees:
        hidden.append(perms.Overwrite(s.moderator.id, 1, deny=perms.VIEW_CHANNEL))
    return [imitation.world.add_channel(s.guild, f"closed-{n}", list(hidden)) for n in range(CHANNELS)]


async def add_snippets(bot: HipThrustBot, imitation: Imitation, channels: list[Channel], first: int = 0, *,
                       stale: bool = False) -> None:
    s = imitation.scenario
    current = "v" if stale else current_versions(bot.content.guide)["caveats"]  # not stale: refresh edits nothing
    for n, channel in enumerate(channels, start=first):
        await bot.store.snippets.add(guild_id=s.guild.id, channel_id=channel.id, message_id=10**12 + n,
                                     section_id="caveats", content_version=current, pinned_by=s.owner.id,
                                     when=imitation.clock())


async def test_many_channels_it_cannot_check_are_named_as_far_as_a_message_goes(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    channels = await add_unreadable_channels(imitation, moderator_sees=True)
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        await add_snippets(bot, imitation, channels)
        listed = await driver.slash("snippet list", user="moderator")
    assert listed.ephemeral
    assert len(listed.content) <= limits.CONTENT
    lines = listed.content.splitlines()
    notes = [line for line in lines if line.startswith("Could not check the pins of <#")]
    assert 5 < len(notes) < CHANNELS
    assert all(note.startswith(f"Could not check the pins of <#{channel.id}>: ") and "Read Message History" in note
               for note, channel in zip(notes, channels, strict=False))  # whole lines, the first channels first
    assert lines[-1] == f"…and {CHANNELS - len(notes)} more channels whose pins I could not check."


async def test_channels_it_cannot_check_that_the_moderator_cannot_see_are_counted_not_named(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """The list leaves out the snippets in channels the moderator cannot view (c273b7d); its notes named
    those channels, one line each, all the same."""
    unseen = await add_unreadable_channels(imitation, moderator_sees=False)
    seen = imitation.world.add_channel(imitation.scenario.guild, "closed-seen", [
        perms.Overwrite(imitation.scenario.bot.id, 1, deny=perms.READ_MESSAGE_HISTORY)])
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        await add_snippets(bot, imitation, unseen)
        listed = await driver.slash("snippet list", user="moderator")
        assert listed.content.splitlines()[1:] == [
            "Pins in this channel: 0 / 250",
            f"Could not check the pins of {CHANNELS} channels you cannot see.",
        ]
        await add_snippets(bot, imitation, [seen], first=CHANNELS)
        listed = await driver.slash("snippet list", user="moderator")
        refreshed = await driver.slash("snippet refresh", user="moderator")
    for shown in (listed.content, refreshed.content):
        assert f"Could not check the pins of {CHANNELS} channels you cannot see.\n" in shown
        assert f"Could not check the pins of <#{seen.id}>: " in shown
        assert not any(f"<#{channel.id}>" in shown for channel in unseen)


async def test_many_snippets_it_cannot_refresh_are_named_in_whole_lines_as_far_as_a_message_goes(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """The report was cut at 2,000 characters, mid-line (mid-mention), with "…"."""
    channels = await add_unreadable_channels(imitation, moderator_sees=True, deny=perms.EMBED_LINKS)
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        await add_snippets(bot, imitation, channels, stale=True)
        refreshed = await driver.slash("snippet refresh", user="moderator")
    assert len(refreshed.content) <= limits.CONTENT
    head, *notes, last = refreshed.content.splitlines()
    assert head == "Refreshed 0 stale snippets · 0 already current · 0 gone."
    assert 5 < len(notes) < 2 * CHANNELS
    expected = [line for channel in channels for line in (
        f"Could not check the pins of <#{channel.id}>: I need the Read Message History permission in <#{channel.id}>.",
        f"Not refreshed in <#{channel.id}>: I need the Embed Links permission in <#{channel.id}>.")]
    expected.sort(key=lambda line: not line.startswith("Could"))  # the pins' notes first, as reconciling found them
    assert notes == expected[: len(notes)]  # whole lines
    assert last == f"…and {2 * CHANNELS - len(notes)} more notes like these."
