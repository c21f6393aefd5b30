"""`python -m bot sandbox`: the bot against the local imitation, driven from this terminal.

Type slash commands as in Discord (`/log weight:100 reps:10 sets:3 rpe:8`), press buttons
with `click 1`, choose with `select 2`, switch user with `as @moderator`, write to the bot
(`dm 100kg 3x10 @8`, `say @bot 100kg 3x10`); `help` lists all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.client import HipThrustBot
from bot.sandbox import invocations as inv
from bot.sandbox import perms
from bot.sandbox.chat_database import DATABASE_FAILURES, database_failure, database_problem
from bot.sandbox.chat_messages import HELP as MESSAGE_HELP
from bot.sandbox.chat_options import attach_files, parse
from bot.sandbox.chat_shown import Arrivals
from bot.sandbox.chat_time import HELP as WAIT_HELP
from bot.sandbox.chat_time import duration, pass_time
from bot.sandbox.driver import Driver, DriverTimeoutError, InvocationError
from bot.sandbox.imitation import MODERATOR_PERMISSIONS, Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop
from bot.sandbox.modals import field_names
from bot.sandbox.model import Message
from bot.sandbox.render import menu_options, render_reply
from bot.sandbox.snapshots import Reply, from_message

log = logging.getLogger(__name__)

HELP = f"""\
  /command sub option:value ...   run a slash command (quote values with spaces: note:"felt good")
                                  attach a file with option:@path/to/file.csv
  click N | click Label           press button N (or by label) on the last reply with buttons
  select N [M ...]                choose option(s) N of the last reply's menus (numbered on
                                  across its menus)
  submit N:"text" ...             fill in and send the form the bot opened: field N, or
                                  Label:"text" (the start of a label will do: sets:"3 x 10")
  complete /command option:text   show the autocomplete choices for an option
{MESSAGE_HELP}
  as @member|@moderator|@owner    act as a built-in user: member has a new server's defaults;
                                  moderator adds {", ".join(perms.names(MODERATOR_PERMISSIONS))};
                                  owner owns the server (every permission)
  in #general | in #training | in dm   move to another channel, or a DM with the bot
{WAIT_HELP}
  history | pins                  show the channel's messages (numbered) / pinned messages;
                                  an empty line shows what arrived since your last line
  help | quit"""


class Chat(Arrivals):
    """One terminal session: current user and channel, the last reply, what was shown."""

    def __init__(self, imitation: Imitation, driver: Driver, files: Path, out: TextIO,
                 bot: HipThrustBot | None = None) -> None:
        self.imitation = imitation
        self.driver = driver
        self.bot = bot  # the bot on the imitation's clock, whose due work `wait` runs at once
        self.files = files
        self.out = out
        self.user = "member"
        self.channel = "general"
        self.last: Reply | None = None
        self.last_modal: Reply | None = None
        self.shown: dict[int, int] = {}  # message id -> version already printed
        self.idle = False  # waiting at the prompt: what arrives is printed at once (`show_while_idle`)

    async def handle(self, line: str) -> bool:
        """Run one line; False when the session should end."""
        line = line.strip()
        if not line:
            self._show_new()  # what arrived meanwhile (a reminder, buttons greyed out)
            return True
        word, _, rest = line.partition(" ")
        try:
            if line.startswith("/"):
                await self._interact(self._slash(line))
            elif word in ("quit", "exit"):
                return False
            elif word == "help":
                self.say(HELP)
            elif word == "as":
                self._become(rest.strip().lstrip("@"))
            elif word == "in":
                self._move(rest.strip().lstrip("#"))
            elif word == "click":
                await self._interact(self._click(rest.strip()))
            elif word == "select":
                await self._interact(self._select(rest.split()))
            elif word == "submit":
                await self._interact(self._submit(rest))
            elif word == "complete":
                await self._complete(rest)
            elif word == "wait":
                await self._interact(self._wait(rest))
            elif word in ("dm", "say", "menu", "edit"):
                await self._interact({"dm": self._dm, "say": self._say, "menu": self._menu,
                                      "edit": self._edit}[word](rest))
            elif word in ("history", "pins"):
                self._list(word)
            else:
                self._unknown(word)
        except (InvocationError, ValueError) as exc:
            self.say(f"! {exc}")
        except DriverTimeoutError as exc:
            self.say(f"! the bot did not answer: {exc}")
        except Exception as exc:  # a fault of the sandbox, not of the line: said in one line, and the chat goes on
            log.info("the chat failed on %r", line, exc_info=True)
            self.say(f"! the sandbox failed on that line ({type(exc).__name__}: {exc}); "
                     "the chat goes on (--verbose shows where)")
        return True

    def _unknown(self, word: str) -> None:
        if self.driver.core.find_command(word, self.place().guild_id) is not None:
            self.say(f"? unknown command {word!r}; slash commands start with /: /{word} (type help)")
        else:
            self.say(f"? unknown command {word!r}; type help")

    def _become(self, name: str) -> None:
        if not name:
            raise InvocationError(f"as whom? built in: {', '.join(self.driver.scenario.users())}")
        self.user = self.driver.user(name).username
        self.say(f"you are now {self.user}")

    def _move(self, name: str) -> None:
        if not name:
            raise InvocationError("in where? e.g. in #training, or in dm")
        place = self.driver.channel(name, self.driver.user(self.user))  # refuses one that does not exist
        self.channel = "dm" if name.lstrip("#").lower() == "dm" else place.name
        self.say(f"you are now in {self.prompt[:-2].split(' in ')[1]}")

    # -- turning lines into driver calls ------------------------------------------------

    async def _slash(self, line: str) -> Reply:
        command, typed = parse(line)
        invoker, place = self.driver.user(self.user), self.place()
        # Looked up once, as the user sees it here: an unknown command is refused as /command
        # would refuse it, before any file is read.
        found = inv.slash_command(self.driver.core, command, invoker, place)
        return await self.driver.slash(found, attach_files(found, typed), user=invoker, channel=place)

    async def _click(self, target: str) -> Reply:
        if self.last is None:
            raise InvocationError("no reply with buttons yet")
        if target.isdigit():
            return await self.driver.click(self.last, index=int(target), user=self.user)
        return await self.driver.click(self.last, label=target, user=self.user)

    async def _select(self, numbers: list[str]) -> Reply:
        if self.last is None or not self.driver.refresh(self.last).selects():
            raise InvocationError("no reply with a menu yet")
        options = menu_options(self.driver.refresh(self.last))
        if not numbers or not all(n.isdigit() and 0 < int(n) <= len(options) for n in numbers):
            raise InvocationError(f"choose numbers from 1 to {len(options)}, e.g. select 1")
        chosen = [options[int(n) - 1] for n in numbers]
        menus = {menu for menu, _ in chosen}
        if len(menus) > 1:
            raise InvocationError("choose from one menu at a time")
        return await self.driver.select(self.last, *(option["value"] for _, option in chosen),
                                        index=menus.pop(), user=self.user)

    async def _submit(self, rest: str) -> Reply:
        if self.last_modal is None:
            raise InvocationError("no form is open")
        _, typed = parse(rest)
        values = field_names(self.last_modal.modal or {}, typed)  # refused before it was sent: still open
        modal, self.last_modal = self.last_modal, None
        try:
            return await self.driver.submit_modal(modal, values, user=self.user)
        except InvocationError:
            self.last_modal = modal  # refused before it was sent, as by Discord's client: still open
            raise

    async def _complete(self, rest: str) -> None:
        command, options = parse(rest)
        if not options:
            raise InvocationError("name the option to complete, e.g. section:squat")
        focused = list(options)[-1]
        choices = await self.driver.autocomplete(command, focused, options, user=self.user,
                                                 channel=self.channel)
        self.say("\n".join(f"  {c['name']}  ->  {focused}:{c['value']}" for c in choices)
                 or "  (no choices)")

    async def _wait(self, rest: str) -> None:
        seconds = duration(rest)
        await pass_time(self.driver, seconds, self.bot)
        self.say(f"{rest.strip()} later: it is {self.imitation.clock():%a %d %b %H:%M} UTC")

    # -- showing what happened ----------------------------------------------------------

    async def _interact(self, action: Any) -> None:
        try:
            reply: Reply | None = await action
        finally:
            await self.driver.settle(quiet=0.25, within=5)
        if reply is not None and reply.modal is not None:
            self.last_modal = reply
            self.say(render_reply(reply, author=self._bot_name()))
        self._show_new()

    def _bot_name(self) -> str:
        return self.imitation.scenario.bot.username

    def _replying(self, message: Message) -> str:
        """" (replying to [N])" for a reply to message N of its channel's `history`, as Discord
        shows the message replied to above a reply."""
        ids = [m.id for m in self.driver.world.channel_messages(message.channel_id)]
        if message.type == 6 or message.reference_id not in ids:
            return ""
        return f" (replying to [{ids.index(message.reference_id) + 1}])"

    def _list(self, what: str) -> None:
        users = self.driver.world.users
        if what == "pins":
            pins = self.driver.pins(self.place())
            for pin in pins:
                self.say(render_reply(self.readable(pin), author=users[pin.author_id or 0].username))
            if not pins:
                self.say("  (no pins)")
            return
        messages = self.here()
        for number, message in enumerate(messages, start=1):
            author = f"[{number}] {users[message.author_id].username}"
            if message.type == 6:  # as Discord shows a pin: a line, not a message
                self.say(f"{author} pinned a message.")
                continue
            shown = from_message(self.driver.core, message)
            self.say(render_reply(self.readable(shown), author=author + self._replying(message)))
        if not messages:
            self.say("  (no messages)")


async def _session(db: Path, files: Path, started: float, stdin: TextIO, out: TextIO) -> int:
    from bot.runtime import open_bot

    async with Imitation() as imitation:
        driver = Driver(imitation, timeout=15)
        settings = sandbox_settings(imitation, db)
        # On the imitation's clock, which `wait` moves for both.
        async with open_bot(settings, sync="force", clock=imitation.clock, guild_ready_timeout=0.05) as bot:
            runner = await launch(bot, imitation, driver)
            chat = Chat(imitation, driver, files, out, bot)
            count = len(imitation.core.commands.get(None, []))
            chat.say(f"Sandbox ready in {time.perf_counter() - started:.2f} s: {count} commands "
                     f"synced. Data: {db}. Files the bot sends are saved in {files}/.")
            chat.say("You are 'member' in #general of 'Sandbox Gym'. Type help for commands.")
            arrivals = asyncio.create_task(chat.show_while_idle(), name="sandbox-arrivals")
            try:
                while True:
                    print(chat.prompt, end="", file=out, flush=True)
                    chat.idle = True
                    line = await asyncio.to_thread(stdin.readline)
                    chat.idle = False
                    if not line or not await chat.handle(line):
                        break
            finally:
                arrivals.cancel()
                chat.say("bye")
                await stop(bot, runner)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m bot sandbox [--db PATH] [--files DIR] [--verbose]`."""
    started = time.perf_counter()
    parser = argparse.ArgumentParser(prog="python -m bot sandbox", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("data/sandbox.db"),
                        help="SQLite file for the sandbox's data (default data/sandbox.db)")
    parser.add_argument("--files", type=Path, default=Path("data/sandbox-files"),
                        help="folder for files the bot sends (default data/sandbox-files)")
    parser.add_argument("--verbose", action="store_true", help="show the bot's INFO logs")
    args = parser.parse_args(argv)
    refusal = database_problem(args.db)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        # discord.py warns that voice libraries are missing; the bot never uses voice.
        logging.getLogger("discord.client").setLevel(logging.ERROR)
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input)
    try:
        return asyncio.run(_session(args.db, args.files, started, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 0
    except DATABASE_FAILURES as exc:  # what the checks above could not foresee: one line, as python -m bot
        print(database_failure(args.db, exc), file=sys.stderr)
        return 1
