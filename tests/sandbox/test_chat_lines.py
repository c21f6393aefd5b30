"""The terminal chat, line by line, against the bare test bot: a newcomer's mistyped line gets
one line saying what was wrong and what would work, and the session goes on."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import invocations as inv
from bot.sandbox.chat import Chat
from bot.sandbox.core import Core
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


async def test_an_attachment_is_read_from_its_path_or_refused_in_one_line(session: Session, tmp_path: Path) -> None:
    sheet = tmp_path / "log.csv"
    sheet.write_bytes(b"date,kg\n")
    assert await session.run("/upload file:@/nonexistent.csv") == "! no file at /nonexistent.csv\n"
    assert await session.run(f"/upload file:@{tmp_path}") == f"! {tmp_path} is a directory; attach a file in it\n"
    assert await session.run("/upload file:log.csv") == "! file: attach a file with file:@path/to/file\n"
    assert "log.csv 8" in await session.run(f"/upload file:@{sheet}")


async def test_a_text_option_keeps_an_at_sign_even_where_a_file_has_that_name(
        session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gym").write_text("not a note")
    assert await session.run("/echo text:@gym") == "Hip Thrust Coach:\n  @gym\n"


async def test_a_channel_that_does_not_exist_is_refused_and_you_stay_where_you_were(session: Session) -> None:
    assert await session.run("in #nowhere") == "! no channel 'nowhere'; built in: general, training (and dm)\n"
    assert session.chat.prompt == "member in #general> "
    assert await session.run("/echo text:here") == "Hip Thrust Coach:\n  here\n"
    for line in ("in", "in #"):
        assert await session.run(line) == "! in where? e.g. in #training, or in dm\n"
    assert session.chat.prompt == "member in #general> "
    assert await session.run("in #Training") == "you are now in #training\n"  # names are lower case
    assert session.chat.prompt == "member in #training> "


async def test_a_user_that_does_not_exist_is_refused_and_you_stay_who_you_were(session: Session) -> None:
    assert await session.run("as @moderator") == "you are now moderator\n"
    assert await session.run("as") == "! as whom? built in: member, moderator, owner\n"
    assert await session.run("as @nobody") == "! no user 'nobody'; built in: member, moderator, owner\n"
    assert session.chat.prompt == "moderator in #general> "


async def test_history_in_a_dm_lists_the_current_users_dm(session: Session) -> None:
    await session.run("as @moderator")
    await session.run("in dm")
    assert await session.run("/echo text:for-the-moderator") == "Hip Thrust Coach:\n  for-the-moderator\n"
    assert await session.run("history") == "[1] Hip Thrust Coach:\n  for-the-moderator\n"
    await session.run("as @member")
    assert await session.run("history") == "  (no messages)\n"  # the member's DM: nothing in it


async def test_select_takes_only_the_menus_own_numbers(session: Session) -> None:
    await session.run("/buttons")
    for line in ("select 0", "select -1", "select 3", "select x", "select"):  # 0 and -1 picked from the end
        assert await session.run(line) == "! choose numbers from 1 to 2, e.g. select 1\n"
    assert await session.run("select 2") == "Hip Thrust Coach (only you can see this):\n  picked machine\n"


async def test_a_form_refused_before_it_is_sent_stays_open(session: Session) -> None:
    await session.run("/buttons")
    assert "form: A note" in await session.run("click Form")
    assert await session.run("submit Note:") == "! modal field 'Note' is required\n"
    assert await session.run("submit Note:ok") == "Hip Thrust Coach (only you can see this):\n  noted: ok\n"
    assert await session.run("submit Note:again") == "! no form is open\n"


async def test_an_unclosed_quote_is_shown_how_to_quote(session: Session) -> None:
    assert await session.run('/echo text:"unclosed') == '! a quote is not closed; quote like this: note:"felt good"\n'
    assert await session.run('menu "Log as') == (
        '! a quote is not closed; quote like this: menu "Log as hip thrust" on 3\n')


async def test_a_message_discords_client_would_not_send_is_refused(session: Session) -> None:
    await session.run("say hi")
    assert await session.run("edit last") == "! edit last to what? e.g. edit last 140 x 8 x 4\n"  # it emptied it
    assert await session.run("say " + "x" * 2001) == "! a message holds at most 2000 characters; this one has 2001\n"
    assert await session.run("dm " + "x" * 2001) == "! a message holds at most 2000 characters; this one has 2001\n"
    assert await session.run("edit last " + "x" * 2001) == (
        "! a message holds at most 2000 characters; this one has 2001\n")
    assert await session.run("history") == "[1] member:\n  hi\n"
    await session.run("in dm")
    assert await session.run("history") == "  (no messages)\n"


async def test_a_command_word_typed_without_its_slash_is_shown_with_it(session: Session) -> None:
    assert await session.run("echo hi") == "? unknown command 'echo'; slash commands start with /: /echo (type help)\n"
    assert await session.run("frobnicate") == "? unknown command 'frobnicate'; type help\n"


async def test_a_fault_of_the_sandbox_is_one_line_and_the_chat_goes_on(session: Session,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(session.chat, "here", broken)
    assert await session.run("history") == (
        "! the sandbox failed on that line (RuntimeError: boom); the chat goes on (--verbose shows where)\n")
    assert await session.run("/echo text:on") == "Hip Thrust Coach:\n  on\n"


async def test_a_slash_line_looks_its_command_up_once(session: Session, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    real = inv.visible_command

    def counted(core: Core, name: str, *rest: Any, **more: Any) -> dict[str, Any]:
        looked_up.append(name)
        return real(core, name, *rest, **more)

    monkeypatch.setattr(inv, "visible_command", counted)
    (tmp_path / "log.csv").write_bytes(b"date,kg\n")
    assert "log.csv 8" in await session.run(f"/upload file:@{tmp_path / 'log.csv'}")
    assert await session.run("/echo text:once") == "Hip Thrust Coach:\n  once\n"
    assert looked_up == ["upload", "echo"]


async def test_a_message_number_in_a_channel_with_none_says_there_is_none(session: Session) -> None:
    for line in ('menu "Log as hip thrust" on 99', "edit 5 hi", 'menu "Log as hip thrust" on 1'):
        assert await session.run(line) == "! there is no message in #general yet; write one first, e.g. say hi\n"
    await session.run("in dm")
    assert await session.run("edit 1 hi") == "! there is no message in this DM yet; write one first, e.g. say hi\n"
    await session.run("in #general")
    await session.run("say hi")
    assert await session.run("edit 5 hi") == "! choose a message from 1 to 1 (see history)\n"
