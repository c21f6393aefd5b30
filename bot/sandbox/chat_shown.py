"""What the terminal chat prints of the world: the messages not shown yet, and edits, after each
line, or as they arrive while the user sits at the prompt."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TextIO

from bot.sandbox.chat_messages import MessageLines
from bot.sandbox.imitation import Imitation
from bot.sandbox.render import render_reply
from bot.sandbox.snapshots import Reply, from_message

log = logging.getLogger(__name__)


class Arrivals(MessageLines):
    """Mixed into `Chat`: printing, and what it has printed."""

    imitation: Imitation
    files: Path
    out: TextIO
    shown: dict[int, int]  # message id -> version already printed
    last: Reply | None  # the bot's last message with buttons or menus
    idle: bool  # waiting at the prompt: what arrives is printed at once (`show_while_idle`)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @property
    def prompt(self) -> str:
        where = "dm" if self.channel == "dm" else f"#{self.channel}"
        return f"{self.user} in {where}> "

    async def show_while_idle(self) -> None:
        """Print what arrives while the user sits at the prompt (`idle`): a reminder, buttons greyed
        out, a late edit; then the prompt again. Otherwise it would show only after their next line."""
        changed = asyncio.Event()
        self.driver.world.listeners.append(lambda event, data: changed.set())
        while True:
            await changed.wait()
            changed.clear()
            await self.driver.settle(quiet=0.25, within=5)
            if not self.idle:
                continue  # a line being run shows what it brought itself
            try:
                self._show_new(first="", then=self.prompt)
            except Exception:  # a fault of the sandbox's: the chat goes on, as after a line
                log.info("showing what arrived failed", exc_info=True)

    def _show_new(self, first: str | None = None, then: str | None = None) -> None:
        """Print the messages not shown yet (and edits); if there are any, `first` as a line
        before them and `then` after, without a line break (the prompt)."""
        lines = self._new_lines()
        if lines and first is not None:
            self.say(first)
        for line in lines:
            self.say(line)
        if lines and then is not None:
            print(then, end="", file=self.out, flush=True)

    def _new_lines(self) -> list[str]:
        lines: list[str] = []
        world = self.driver.world
        me = self.driver.user(self.user)
        here = self.place().id
        for message in sorted(world.messages.values(), key=lambda m: m.id):
            if self.shown.get(message.id) == message.version:
                continue
            owner = int((message.interaction or {}).get("user", {}).get("id", 0))
            if message.ephemeral and owner != me.id:
                continue
            edited = message.id in self.shown
            self.shown[message.id] = message.version
            shown = from_message(self.driver.core, message)
            if message.type == 6:
                lines.append(f"{world.users[message.author_id].username} pinned a message.")
                continue
            author = world.users[message.author_id].username
            if message.channel_id != here:
                channel = world.channels[message.channel_id]
                author += f" in #{channel.name}" if channel.name else " in a DM"
            lines.append(render_reply(self.readable(shown), author=author, files_folder=self.files, edited=edited))
            if shown.items() and message.author_id == self.imitation.scenario.bot.id:
                self.last = shown
        return lines
