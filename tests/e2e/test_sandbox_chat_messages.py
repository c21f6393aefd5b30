"""The terminal chat's message lines (dm, say, menu, edit, numbered history), against our bot."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.chat import Chat
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.chat_helpers import stored

pytestmark = pytest.mark.e2e


async def test_chatting_with_the_bot_from_the_terminal(hipbot: HipThrustBot, imitation: Imitation, driver: Driver,
                                                       tmp_path: Path) -> None:
    out = io.StringIO()
    chat = Chat(imitation, driver, tmp_path, out)

    async def run(line: str) -> str:
        start = out.tell()
        assert await chat.handle(line)
        return out.getvalue()[start:]

    assert "dm TEXT" in await run("help")
    shown = await run("dm 100kg 3x10 @8")
    assert "member in a DM:\n  100kg 3x10 @8" in shown
    assert "Hip Thrust Coach in a DM:\n  **Logged** 3 × 10 @ 100 kg · RPE 8 · barbell" in shown
    assert "buttons: [1] Undo" in shown
    assert "Deleted: " in await run("click 1")

    shown = await run("say @bot 140 x 8")
    assert "member:\n  @Hip Thrust Coach 140 x 8" in shown  # mentions shown by name
    assert "**Logged** 1 × 8 @ 140 kg" in shown
    assert "/nudge" in shown

    shown = await run("say 150 x 6 no mention")
    assert "member:\n  150 x 6 no mention" in shown
    assert "Hip Thrust Coach" not in shown  # the bot was not given the text
    history = await run("history")
    assert "[3] member:\n  150 x 6 no mention" in history
    shown = await run('menu "Log as hip thrust" on 3')
    assert "(only you can see this):\n  **Logged** 1 × 6 @ 150 kg" in shown
    assert "! you can edit only your own messages" in await run("edit 2 200 x 1")
    await run("edit 3 150 x 7 no mention")
    assert "! write it as" in await run("menu Log on")
    assert await run("menu Log on 3") == (
        "! no message menu 'Log'; menus: 'Answer with the guide', 'Log as hip thrust'\n")
    assert await stored(hipbot, driver) == [(140.0, 1, 8), (150.0, 1, 6)]
    chat.user = "moderator"
    shown = await run('menu "Log as hip thrust" on 3')
    assert "Only your own sets" in shown
