"""The terminal chat's `wait`: time passes at once for the imitation and the bot, which does what
came due meanwhile, and the chat shows what arrived. A newcomer could not try a reminder without
waiting for its real time, nor see buttons expire without waiting 14 minutes."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.chat import HELP, Chat
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.chat_helpers import stored
from tests.e2e.test_sandbox_chat_newcomer import Run

pytestmark = pytest.mark.e2e


def chat_lines(imitation: Imitation, driver: Driver, bot: HipThrustBot, tmp_path: Path) -> Run:
    out = io.StringIO()
    chat = Chat(imitation, driver, tmp_path, out, bot)

    async def run(line: str) -> str:
        start = out.tell()
        assert await chat.handle(line), f"{line!r} ended the session"
        return out.getvalue()[start:]

    return run


async def test_wait_past_a_reminder_shows_its_dm_and_its_log_button_works(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    assert "wait 2d | wait 90m" in HELP
    run = chat_lines(imitation, driver, hipbot, tmp_path)
    set_reply = await run('/remind set days:"every day" time:18:00')  # the clock is at noon UTC
    assert "**Reminders on:** every day at 18:00 (UTC)" in set_reply
    early = await run("wait 5h")
    assert early.startswith("5h later: it is ")
    assert "in a DM" not in early  # not due yet
    shown = await run("wait 90m")
    assert "18:30 UTC" in shown.splitlines()[0]
    assert "Hip Thrust Coach in a DM:" in shown
    assert "[1] Log   [2] Stop reminders" in shown
    form = await run("click Log")
    assert "  form: Log barbell hip thrust sets\n    [1] Weight per rep (kg)" in form
    logged = await run("submit 1:100 2:10 3:3")
    assert "Logged" in logged
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    # Each day's reminder at its time, as if the days had passed: not one, "sent late", at the end.
    days = await run("wait 2d")
    assert days.count("Hip Thrust Coach in a DM:") == 2
    assert days.count(" at 18:00\n") == 2
    assert "sent late" not in days
    assert await run("") == ""  # shown once: an empty line finds nothing new


async def test_wait_greys_out_buttons_that_expire_meanwhile(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    run = chat_lines(imitation, driver, hipbot, tmp_path)
    await run("/log weight:100 reps:10 sets:3 rpe:8")
    asked = await run("/undo")
    assert "buttons: [1] " in asked
    assert "(disabled)" not in asked
    assert "(disabled)" not in await run("wait 13m")
    expired = await run("wait 1m")
    assert "Hip Thrust Coach (only you can see this, edited):" in expired
    assert "  buttons: [1] Delete it (disabled)   [2] Keep it (disabled)" in expired
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


@pytest.mark.parametrize(("line", "says"), [
    ("wait", "! wait how long? e.g. wait 90m, wait 2d or wait 1h30m (d, h, m, s)\n"),
    ("wait soon", "! wait how long? e.g. wait 90m, wait 2d or wait 1h30m (d, h, m, s)\n"),
    ("wait -5m", "! wait how long? e.g. wait 90m, wait 2d or wait 1h30m (d, h, m, s)\n"),
    ("wait 0m", "! wait from 1s up to 366d\n"),
    ("wait 400d", "! wait from 1s up to 366d\n"),
])
async def test_a_wait_it_cannot_read_moves_no_clock(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path, line: str, says: str) -> None:
    run = chat_lines(imitation, driver, hipbot, tmp_path)
    before = imitation.clock()
    assert await run(line) == says
    assert (imitation.clock() - before).total_seconds() < 5


async def test_what_arrives_at_the_prompt_is_shown_at_once(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    # It showed only after the user's next line; an empty line shows it too.
    out = io.StringIO()
    chat = Chat(imitation, driver, tmp_path, out, hipbot)
    arrivals = asyncio.create_task(chat.show_while_idle())
    try:
        driver.write("busy with a line", user="moderator")
        await driver.settle(quiet=0.5)
        assert out.getvalue() == ""  # not at the prompt: the line being run shows it
        assert await chat.handle("") is True
        assert out.getvalue() == "moderator:\n  busy with a line\n"
        chat.idle = True
        driver.write("anyone training today?", user="moderator")
        await driver.wait_until(lambda: out.getvalue().endswith("> "), "the message, then the prompt")
        assert out.getvalue().endswith("\n\nmoderator:\n  anyone training today?\nmember in #general> ")
    finally:
        arrivals.cancel()


async def test_wait_greys_out_the_buttons_of_a_reply_to_a_chat_line(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    # Its timer was the cog's own, which `wait` did not reach: the Undo stayed grey-free.
    run = chat_lines(imitation, driver, hipbot, tmp_path)
    in_dm = await run("dm 100kg 3x10")
    in_server = await run("say @bot 80kg 2x12")
    assert "buttons: [1] Undo" in in_dm
    assert "buttons: [1] Undo" in in_server
    assert "(disabled)" not in await run("wait 13m")
    expired = await run("wait 1m")
    assert "Hip Thrust Coach in a DM (edited):" in expired
    assert "Hip Thrust Coach (edited):" in expired
    assert expired.count("  buttons: [1] Undo (disabled)") == 2
    assert await stored(hipbot, driver) == [(100.0, 3, 10), (80.0, 2, 12)]
