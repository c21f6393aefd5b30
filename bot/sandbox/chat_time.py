"""The chat's `wait 2d`: time passes at once, for the imitation and the bot, and the bot does what
came due meanwhile (reminders sent, buttons greyed out), instead of the lifter waiting for it."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.client import HipThrustBot
from bot.interactions.expirer import skip_button_timers
from bot.reminders.runner import ReminderRunner
from bot.sandbox.driver import Driver
from bot.sandbox.invocations import InvocationError

HELP = """\
  wait 2d | wait 90m              move the clock forward (d, h, m, s: wait 1h30m) and show what
                                  arrived meanwhile: reminders due by then, buttons expired"""

_PART = re.compile(r"(\d+)([dhms])")
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
LONGEST = 366 * 86400  # a year at most: far enough for any reminder


def duration(text: str) -> float:
    """Seconds in "2d", "90m", "1h30m" or "45s"; refused in one line otherwise."""
    typed = "".join(text.lower().split())
    parts = _PART.findall(typed)
    if not typed or "".join(n + unit for n, unit in parts) != typed:
        raise InvocationError("wait how long? e.g. wait 90m, wait 2d or wait 1h30m (d, h, m, s)")
    seconds = sum(int(n) * _SECONDS[unit] for n, unit in parts)
    if not 0 < seconds <= LONGEST:
        raise InvocationError("wait from 1s up to 366d")
    return seconds


async def pass_time(driver: Driver, seconds: float, bot: HipThrustBot | None) -> None:
    """Move the imitation's clock (the bot's too: the sandbox runs it on that clock) `seconds` on,
    and have `bot` do what came due meanwhile, each at its time; what it sent is left for the chat
    to show."""
    imitation = driver.imitation
    end = imitation.clock() + timedelta(seconds=seconds)
    if bot is None:
        imitation.advance(seconds)
        return
    # Greyed out before the clock moves: with the answer's token, which Discord (the imitation)
    # refuses 15 minutes after the interaction; on Discord they ran at 14 minutes.
    skip_button_timers(bot, seconds)
    await driver.settle(quiet=0.25, within=5)
    runner, last = reminder_runner(bot), None
    while runner is not None:
        # The clock stops at each reminder due by then, as it passes: every one is sent at its
        # time (not once, late, for a lifter whose reminders fell on each day of a `wait 3d`).
        due = await bot.store.reminders.due(end, 1)
        if not due or (due[0].user_id, due[0].next_due) == last:
            break  # none left, or one the sender did not move on (its round failed: logged)
        last = (due[0].user_id, due[0].next_due)
        imitation.advance(max(0.0, (due[0].next_due - imitation.clock()).total_seconds()))
        await runner_rounds(runner)
    imitation.advance(max(0.0, (end - imitation.clock()).total_seconds()))
    await runner_rounds(runner)


def reminder_runner(bot: HipThrustBot) -> ReminderRunner | None:
    """The reminder sender of the bot's reminders cog (none when that cog is not loaded)."""
    for cog in bot.cogs.values():
        runner = getattr(cog, "runner", None)
        if isinstance(runner, ReminderRunner):
            return runner
    return None


async def runner_rounds(runner: ReminderRunner | None) -> None:
    """The sender's rounds now, not at its next pause's end (20 s), until none is left due."""
    if runner is None:
        return
    await runner.tick()
    while runner.behind:
        await runner.tick()
