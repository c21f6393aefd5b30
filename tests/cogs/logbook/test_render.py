"""The logbook's fixed texts fit what Discord accepts."""

from bot.interactions import limits
from cogs.logbook.render import PRIVACY, privacy_embed


def test_privacy_fits_one_embed() -> None:
    # Past Discord's limit the callback is refused (50035) and the member gets an error id
    # instead of the policy; each feature adds a line to it.
    embed = privacy_embed()
    assert embed.description == PRIVACY
    assert len(PRIVACY) <= limits.EMBED_DESCRIPTION, f"/privacy is {len(PRIVACY)} characters"
    assert len(embed) <= limits.EMBED_CHARS_PER_MESSAGE
