"""The terminal chat, line by line, against the bare test bot: a newcomer's mistyped line gets
one line saying what was wrong and what would work, and the session goes on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.sandbox.chat import Chat
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.sandbox.conftest import StartBot


class Session:
    """A chat fed line by line; `run` returns what the line printed."""

    def __init__(self, chat: Chat, out: io.StringIO) -> None:
        self.chat = chat
        self.out = out

    async def run(self, line: str) -> str:
        start = self.out.tell()
        assert await self.chat.handle(line), f"{line!r} ended the session"
        return self.out.getvalue()[start:]


@pytest.fixture
async def session(start_bot: StartBot, imitation: Imitation, driver: Driver, tmp_path: Path) -> Session:
    await start_bot()
    out = io.StringIO()
    return Session(Chat(imitation, driver, tmp_path, out), out)


@pytest.mark.parametrize("line", ["/", "/ ", "/note:x"])
async def test_a_slash_without_a_command_names_one(session: Session, line: str) -> None:
    assert await session.run(line) == "! no command after /: name one, e.g. /ping\n"
    assert "still-here" in await session.run("/echo text:still-here")


async def test_complete_without_a_command_names_one(session: Session) -> None:
    assert await session.run("complete name:ba") == "! no command after /: name one, e.g. /ping\n"
