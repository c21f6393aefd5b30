"""The logbook's fixed texts fit what Discord accepts."""

from bot.interactions import limits
from cogs.logbook.render import PRIVACY


def test_privacy_fits_one_message() -> None:
    # /privacy is sent as message content: past Discord's limit the callback is refused (50035)
    # and the member gets an error id instead of the policy. Each feature adds a line to it.
    assert len(PRIVACY) <= limits.CONTENT, f"/privacy is {len(PRIVACY)} characters; Discord takes {limits.CONTENT}"
