"""The terminal chat as a newcomer uses it against our bot: menus, forms and links that read in a
terminal, and every entry of a /history page within `select`'s reach."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.chat import Chat
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.chat_helpers import stored

pytestmark = pytest.mark.e2e

Run = Callable[[str], Awaitable[str]]


def chat_lines(imitation: Imitation, driver: Driver, tmp_path: Path) -> Run:
    out = io.StringIO()
    chat = Chat(imitation, driver, tmp_path, out)

    async def run(line: str) -> str:
        start = out.tell()
        assert await chat.handle(line), f"{line!r} ended the session"
        return out.getvalue()[start:]

    return run


async def test_every_entry_of_a_history_page_is_one_select_away(hipbot: HipThrustBot, imitation: Imitation,
                                                                 driver: Driver, tmp_path: Path) -> None:
    # 30 entries in one session: the page's menus hold 25 each, so it has two. `select N` reached
    # only the first menu's 25, and the options ran together on one line the terminal broke
    # mid-word ("3 × 1\n0 @ 92 kg").
    for weight in range(60, 90):
        await driver.slash("log", user="member", weight=weight, reps=10)
    run = chat_lines(imitation, driver, tmp_path)
    await run("help")  # the /log replies shown
    shown = await run("/history")
    assert "  menu: Edit or delete an entry…\n    1) " in shown
    assert "\n  menu: Edit or delete an entry (26–30)…\n    26) " in shown
    options = [line for line in shown.splitlines() if line.startswith("    ") and ") " in line]
    assert [line.split(")")[0].strip() for line in options] == [str(n) for n in range(1, 31)]
    assert options[-1].startswith("    30) ")
    assert options[-1].endswith(" · 1 × 10 @ 89 kg · barbell")  # a day's entries oldest first
    shown = await run("select 30")
    assert "1 × 10 @ 89 kg · barbell**" in shown
    assert "[1] Edit   [2] Delete" in shown
    await run("click Delete")
    assert "Deleted: " in await run("click 1")
    assert (89.0, 1, 10) not in await stored(hipbot, driver)
    assert len(await stored(hipbot, driver)) == 29
    await run("/history")
    assert await run("select 31") == "! choose numbers from 1 to 29, e.g. select 1\n"


async def test_the_edit_form_takes_a_field_by_number_or_the_start_of_its_label(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    await driver.slash("log", user="member", weight=100, reps=10, sets=3)
    run = chat_lines(imitation, driver, tmp_path)
    await run("/history")
    await run("select 1")
    shown = await run("click Edit")
    assert '    [1] Weight per rep (kg) (required): "100"\n    [2] Sets × reps (required): "3 × 10"\n' in shown
    refused = await run('submit reps:"6 x 10"')
    assert refused.startswith("! no field of the form is called 'reps'; its fields: 1) Weight per rep (kg), "
                              "2) Sets × reps, 3) RPE, 4) Date, 5) Note")
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    shown = await run('submit sets:"6 x 10" 1:102,5')  # the form stayed open
    assert "Saved: **" in shown
    assert "6 × 10 @ 102.5 kg" in shown
    assert await stored(hipbot, driver) == [(102.5, 6, 10)]


async def test_channels_people_and_message_links_read_as_the_chat_names_them(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    # The chat showed "<#1323802873036931080>", "<@1323802873036931075>" and discord.com links a
    # terminal cannot open (broken across lines inside "[jump](…)"), a pin in `history` as a
    # message with nothing in it, and no sign of which message a reply answered.
    run = chat_lines(imitation, driver, tmp_path)
    await run("as @moderator")
    shown = await run("/snippet pin section:setup-repeatable channel:#training")
    assert "Pinned **Make the setup repeatable** in #training: [message 1 in #training]" in " ".join(shown.split())
    shown = await run("/snippet list")
    assert "| **Make the setup repeatable** in #training · current\n" in shown
    assert "| pinned by @moderator on " in shown
    assert " · jump [message 1 in #training]\n" in shown
    assert "discord.com" not in shown
    await run("in #training")
    shown = await run("history")
    assert "[1] Hip Thrust Coach:\n  | ** Make the setup repeatable **\n" in shown
    assert "\n[2] Hip Thrust Coach pinned a message.\n" in shown

    await run("as @member")
    await run("say when should I add weight?")
    shown = await run('menu "Answer with the guide" on last')
    assert "Which section answers [message 3 in #training]? " in " ".join(shown.split())
    shown = await run("select 1")
    assert "as a reply: [message 4 in #training]" in " ".join(shown.split())
    shown = await run("history")
    assert "\n[3] member:\n  when should I add weight?\n[4] Hip Thrust Coach (replying to [3]):\n" in shown
