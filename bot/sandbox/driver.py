"""The test driver: act as Discord users against the imitation and read what they see.

    driver = Driver(imitation)
    reply = await driver.slash("hipthrust quick", user="member", channel="general")
    assert "hip thrust" in reply.text
    after = await driver.click(reply, label="Next")

Option names that clash with `user`/`channel`/`checked` go in the positional `options` dict.
`checked=False` sends option values past their declared limits (as an unchecked payload would).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox import option_values, perms, raw
from bot.sandbox.driver_base import DriverTimeoutError
from bot.sandbox.driver_messages import MessageActions
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.modals import modal_components
from bot.sandbox.model import Channel, Message, Role, User
from bot.sandbox.snapshots import Reply, from_message, from_record

InvocationError = inv.InvocationError
FileUpload = option_values.FileUpload
__all__ = ["Driver", "DriverTimeoutError", "FileUpload", "InvocationError"]


class Driver(MessageActions):
    """Acts as users of the built-in server; every method waits for the bot's answer."""

    # -- acting -------------------------------------------------------------------------

    async def slash(self, command: str | inv.SlashCommand, options: dict[str, Any] | None = None, /, *,
                    user: str | User | None = None, channel: str | Channel | None = None,
                    checked: bool = True, **more: Any) -> Reply:
        """Run a slash command ("name sub" for subcommands) and return the answer.

        `command` may be one already looked up (`invocations.slash_command`) for this user and channel.
        `checked=False` skips the client's option limits (min/max, lengths, choices).
        """
        invoker = self.user(user)
        place = self.channel(channel, invoker)
        found = command if isinstance(command, inv.SlashCommand) else (
            inv.slash_command(self.core, command, invoker, place))
        resolved: dict[str, Any] = {}
        given = {**(options or {}), **more}
        values = option_values.options_payload(self.core, found.leaf, given, invoker, place, resolved,
                                     checked=checked)
        data: dict[str, Any] = {"id": found.spec["id"], "name": found.spec["name"], "type": 1,
                                "options": inv.nest(found.chain, values)}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in found.spec:
            data["guild_id"] = found.spec["guild_id"]
        return await self._deliver(2, invoker, place, data, what=f"/{' '.join(found.words)}")

    async def autocomplete(self, command: str, focused: str, options: dict[str, Any] | None = None,
                           /, *, user: str | User | None = None,
                           channel: str | Channel | None = None, **more: Any) -> list[dict[str, Any]]:
        """Type into option `focused` and return the choices offered. For an option with fixed
        choices Discord's client lists them itself (here: those whose name holds the text) and
        the bot is never asked; an option with neither is refused, as Discord shows nothing."""
        invoker = self.user(user)
        place = self.channel(channel, invoker)
        found = inv.slash_command(self.core, command, invoker, place)
        given = {focused: "", **(options or {}), **more}
        option = next((o for o in found.leaf if o.get("name") == focused), None)
        if option is None:
            raise InvocationError(f"/{command} has no option {focused!r}")
        if option.get("choices"):
            typed = str(given[focused]).lower()
            return [dict(c) for c in option["choices"] if typed in str(c["name"]).lower()]
        if not option.get("autocomplete"):
            raise InvocationError(f"{focused} offers no choices: type a value")
        values = option_values.options_payload(self.core, found.leaf, given, invoker, place, {}, focused=focused)
        data = {"id": found.spec["id"], "name": found.spec["name"], "type": 1,
                "options": inv.nest(found.chain, values)}
        reply = await self._deliver(4, invoker, place, data, what=f"autocomplete of {focused}")
        return reply.choices or []

    def _source(self, reply: Reply, user: str | User | None) -> tuple[Message, User]:
        message = self.world.messages.get(reply.message_id or 0)
        if message is None:
            raise InvocationError("that message is gone")
        owner_id = int((message.interaction or {}).get("user", {}).get("id", 0))
        clicker = self.user(user) if user is not None else (
            self.world.users.get(reply.user_id or owner_id) or self.user(None))
        if message.ephemeral and clicker.id != owner_id:
            raise InvocationError("only the invoker can see an ephemeral message")
        return message, clicker

    async def click(self, reply: Reply, label: str | None = None, *, custom_id: str | None = None,
                    index: int | None = None, user: str | User | None = None) -> Reply:
        """Press a button (by label, custom_id or 1-based index) on a reply's current message."""
        message, clicker = self._source(reply, user)
        buttons = from_message(self.core, message).buttons()
        found = [b for b in buttons if (label is not None and b.get("label") == label)
                 or (custom_id is not None and b.get("custom_id") == custom_id)]
        if index is not None:
            found = buttons[index - 1:index] if 0 < index <= len(buttons) else []
        if not found:
            labels = [b.get("label") for b in buttons]
            raise InvocationError(f"no such button; buttons: {labels}")
        button = found[0]
        if button.get("disabled") or "custom_id" not in button:
            raise InvocationError(f"button {button.get('label')!r} cannot be pressed")
        data = {"custom_id": button["custom_id"], "component_type": 2}
        return await self._deliver(3, clicker, self.world.channels[message.channel_id], data,
                                   message, what=f"button {button.get('label')!r}")

    async def select(self, reply: Reply, *values: str, custom_id: str | None = None,
                     index: int = 1, user: str | User | None = None) -> Reply:
        """Choose options (by value or label) in a select menu of a reply's message."""
        message, clicker = self._source(reply, user)
        selects = from_message(self.core, message).selects()
        if custom_id is not None:
            selects = [s for s in selects if s.get("custom_id") == custom_id]
            index = 1
        if not 0 < index <= len(selects):
            raise InvocationError("no such select menu")
        menu = selects[index - 1]
        options = menu.get("options") or []
        chosen = [next((o["value"] for o in options if v in (o["value"], o.get("label"))), v)
                  for v in values]
        if options and any(v not in [o["value"] for o in options] for v in chosen):
            raise InvocationError(f"choose from {[o.get('label') for o in options]}")
        if not menu.get("min_values", 1) <= len(chosen) <= menu.get("max_values", 1) or \
                menu.get("disabled"):
            raise InvocationError("that selection is not allowed")
        data = {"custom_id": menu["custom_id"], "component_type": menu.get("type", 3),
                "values": chosen}
        return await self._deliver(3, clicker, self.world.channels[message.channel_id], data,
                                   message, what=f"select {menu.get('custom_id')!r}")

    async def submit_modal(self, reply: Reply, values: dict[str, Any] | None = None, /, *,
                           user: str | User | None = None, **more: Any) -> Reply:
        """Fill in and submit the modal a reply opened (fields by custom_id or label)."""
        if reply.modal is None or reply.interaction_id is None:
            raise InvocationError("that reply did not open a modal")
        record = self.core.ledger.records[reply.interaction_id]
        components = modal_components(reply.modal, {**(values or {}), **more})
        data = {"custom_id": reply.modal["custom_id"], "components": components}
        source = self.world.messages.get(record.source_message_id or 0)
        submitter = self.user(user) if user is not None else self.world.users[record.user_id]
        return await self._deliver(5, submitter, self.world.channels[record.channel_id], data,
                                   source, what=f"modal {reply.modal.get('title')!r}")

    async def redeliver(self, reply: Reply) -> Reply:
        """Deliver the same INTERACTION_CREATE again (same id and token), as a replay does."""
        record = self.core.ledger.records[reply.interaction_id or 0]
        record.deliveries += 1
        channel = self.world.channels[record.channel_id]
        self.core.dispatch("INTERACTION_CREATE", record.payload, guild_id=channel.guild_id)
        await self.settle()
        return from_record(self.core, record)

    async def slash_raw(self, command: str, options: dict[str, Any] | None = None, /, *,
                        user: str | User | None = None, channel: str | Channel | None = None,
                        types: dict[str, int] | None = None, **more: Any) -> Reply:
        """Run a slash command with option values sent verbatim (see `bot.sandbox.raw`)."""
        invoker = self.user(user)
        place = self.channel(channel, invoker)
        data = raw.command_data(self.core, command, {**(options or {}), **more}, invoker, place,
                                types)
        return await self.answer(self.send(2, invoker, place, data), f"raw /{command}")

    # -- reading ------------------------------------------------------------------------

    def refresh(self, reply: Reply) -> Reply:
        """The reply's message as it is now."""
        message = self.world.messages.get(reply.message_id or 0)
        if message is None:
            raise InvocationError("that message is gone")
        record = self.core.ledger.records.get(reply.interaction_id or 0)
        return from_message(self.core, message, record)

    def followups(self, reply: Reply) -> list[Reply]:
        """Followup messages of the reply's interaction (not the original), oldest first."""
        record = self.core.ledger.records[reply.interaction_id or 0]
        return [from_message(self.core, self.world.messages[i], record)
                for i in record.followup_ids
                if i != record.original_id and i in self.world.messages]

    async def wait_followups(self, reply: Reply, count: int = 1) -> list[Reply]:
        await self.wait_until(lambda: len(self.followups(reply)) >= count, f"{count} followup(s)")
        return self.followups(reply)

    def messages(self, channel: str | Channel | None = None) -> list[Reply]:
        """What everyone sees in a channel, oldest first."""
        return [from_message(self.core, m) for m in self.world.channel_messages(
            self.channel(channel).id)]

    def pins(self, channel: str | Channel | None = None) -> list[Reply]:
        """The channel's pinned messages, most recently pinned first."""
        return [from_message(self.core, m) for m in self.world.pinned(self.channel(channel).id)]

    def deadline_misses(self) -> list[InteractionRecord]:
        return self.core.ledger.deadline_misses()

    def record(self, reply: Reply) -> InteractionRecord:
        return self.core.ledger.records[reply.interaction_id or 0]

    # -- moderating by hand -------------------------------------------------------------

    def _by(self, who: str | User, channel_id: int, need: int) -> User:
        actor = self.user(who)
        if need & ~self.world.permissions(actor.id, channel_id):
            raise InvocationError(f"{actor.username} lacks {perms.missing(0, need)}")
        return actor

    async def post(self, content: str, *, user: str | User | None = None,
                   channel: str | Channel | None = None) -> Reply:
        place = self.channel(channel, self.user(user))
        author = self._by(user or "member", place.id, perms.posting(place.thread))
        return from_message(self.core, self.world.post(place.id, author.id, content=content))

    async def delete_message(self, target: Reply | int, *, by: str | User = "moderator") -> None:
        message = self._message(target)
        if message.author_id != self.user(by).id:
            self._by(by, message.channel_id, perms.MANAGE_MESSAGES)
        self.world.delete(message)

    async def delete_messages(self, targets: Sequence[Reply | int], *,
                              by: str | User = "moderator") -> None:
        """Bulk delete, as a moderation tool does (one MESSAGE_DELETE_BULK)."""
        gone = [self._message(t) for t in targets]
        channel = self.world.channels[gone[0].channel_id]
        self._by(by, channel.id, perms.MANAGE_MESSAGES)
        for message in gone:
            self.world.delete(message, announce=False)
        self.world.emit("MESSAGE_DELETE_BULK", {"channel": channel, "ids": [m.id for m in gone]})

    async def pin(self, target: Reply | int, *, by: str | User = "moderator") -> None:
        message = self._message(target)
        actor = self._by(by, message.channel_id, perms.PIN_MESSAGES)
        if not self.world.pin(message, actor.id):
            raise InvocationError("the channel already has 250 pins")

    async def unpin(self, target: Reply | int, *, by: str | User = "moderator") -> None:
        message = self._message(target)
        self._by(by, message.channel_id, perms.PIN_MESSAGES)
        self.world.unpin(message)

    async def delete_channel(self, channel: str | Channel) -> None:
        """Delete a channel (its threads go with it) or a thread."""
        self.world.delete_channel(self.channel(channel).id)

    async def start_thread(self, name: str, *, user: str | User | None = None,
                           channel: str | Channel | None = None) -> Channel:
        """Start a public thread in a channel, as a member does from its "+" menu."""
        parent = self.channel(channel)
        owner = self._by(user or "member", parent.id, perms.CREATE_PUBLIC_THREADS)
        return self.world.add_thread(parent, name, owner)

    async def archive_thread(self, thread: str | Channel, *, archived: bool = True, locked: bool = False) -> None:
        """Archive a thread (as its inactivity does after a while; `locked`: Close & Lock, as a
        moderator does), or open it again."""
        self.world.set_archived(self.channel(thread), archived, locked=locked)

    # -- administering by hand ----------------------------------------------------------

    async def set_overwrites(self, channel: str | Channel, *overwrites: perms.Overwrite) -> None:
        """Replace a channel's permission overwrites, as a server admin does (CHANNEL_UPDATE)."""
        place = self.channel(channel)
        place.overwrites = list(overwrites)
        self.world.emit("CHANNEL_UPDATE", {"channel": place})

    async def set_role_permissions(self, role: Role, permissions: int) -> None:
        """Change a role's server-wide permissions, as an admin does (GUILD_ROLE_UPDATE)."""
        role.permissions = permissions
        guild = next(g for g in self.world.guilds.values() if role.id in g.roles)
        self.world.emit("GUILD_ROLE_UPDATE", {"guild_id": guild.id, "role": role})
