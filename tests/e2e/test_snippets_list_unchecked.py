"""/snippet list with more channels it could not check than a message can name: whole lines, then
how many more, never a reply Discord refuses (50035) nor a line cut mid-way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.interactions import limits
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

CHANNELS = 40


@pytest.mark.parametrize("moderator_sees", [False, True])
async def test_many_channels_it_cannot_check_are_named_as_far_as_a_message_goes(
        imitation: Imitation, driver: Driver, tmp_path: Path, moderator_sees: bool) -> None:
    s = imitation.scenario
    # The bot cannot read these channels' pins, and (unless `moderator_sees`) the moderator cannot see them.
    hidden = [perms.Overwrite(s.bot.id, 1, deny=perms.READ_MESSAGE_HISTORY)]
    if not moderator_sees:
        hidden.append(perms.Overwrite(s.moderator.id, 1, deny=perms.VIEW_CHANNEL))
    channels = [imitation.world.add_channel(s.guild, f"closed-{n}", list(hidden)) for n in range(CHANNELS)]
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        for n, channel in enumerate(channels):
            await bot.store.snippets.add(guild_id=s.guild.id, channel_id=channel.id, message_id=10**12 + n,
                                         section_id="caveats", content_version="v", pinned_by=s.owner.id,
                                         when=imitation.clock())
        listed = await driver.slash("snippet list", user="moderator")
    assert listed.ephemeral
    assert len(listed.content) <= limits.CONTENT
    lines = listed.content.splitlines()
    notes = [line for line in lines if line.startswith("Could not check the pins of <#")]
    assert 5 < len(notes) < CHANNELS
    assert all(note.startswith(f"Could not check the pins of <#{channel.id}>: ") and "Read Message History" in note
               for note, channel in zip(notes, channels, strict=False))  # whole lines, the first channels first
    assert lines[-1] == f"…and {CHANNELS - len(notes)} more channels whose pins I could not check."
