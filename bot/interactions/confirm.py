"""`ConfirmButton`: the ok/no pair every confirmation uses, its values carried in its custom_id."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord

from bot.client import HipThrustBot, bot_of
from bot.interactions.buttons import Funnelled, check_not_expired, view_of


class EditStamp(str):
    """The kind of a field that holds an entry's edit stamp (`bot.logbook.edits.form_stamp`, hex),
    written `s<hex>`. It may be missing (None): buttons sent before it was carried lack it."""


# How each kind of value a confirmation carries is written in its custom_id (a text: a variant,
# or nothing for all of them).
Field = type[int] | type[str]
_FIELD_PATTERNS: dict[Field, str] = {int: r"\d+", bool: "[01]", str: "[a-z-]*", EditStamp: "[0-9a-f]{1,16}"}


def _field_template(name: str, kind: Field) -> str:
    if kind is EditStamp:
        return f"(?::s(?P<{name}>{_FIELD_PATTERNS[kind]}))?"
    return f":(?P<{name}>{_FIELD_PATTERNS[kind]})"


def _written(kind: Field, value: int | str) -> str:
    if kind is EditStamp:
        return f"s{value}"
    return value if isinstance(value, str) else str(int(value))


class ConfirmButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"(?!)",  # matches nothing: only the subclasses are registered
):
    """One of an ok/no pair that confirms an action: `prefix:ok|no:<fields>[:<expiry stamp>]`.
    A field of kind `EditStamp` is written only when it has a value (None for buttons sent
    before it was carried, which must keep working).

    A subclass names its prefix, the typed values its custom_id carries (`fields`, in order)
    and whether the pair expires (an expiry stamp last), its labels and cancel text, and implements
    `confirm` (and `cancel` when something waits to be discarded; `answer_cancel` when the answer
    to Cancel depends on whether it still waited). A subclass of a subclass (a
    "Store 37.5 kg" beside Store anyway) names only its prefix: it carries what its parent does.
    Its `__init__` takes the action, then the field values, then the expiry stamp, in that order:
    `from_custom_id` calls it so.
    """

    prefix: ClassVar[str]
    fields: ClassVar[dict[str, Field]]
    expiring: ClassVar[bool]
    confirm_label: ClassVar[str]
    confirm_style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.danger
    cancel_label: ClassVar[str] = "Cancel"
    cancelled: ClassVar[str]

    def __init_subclass__(
        cls, *, prefix: str, fields: dict[str, Field] | None = None, expiring: bool | None = None
    ) -> None:
        # Unnamed, the parent's (none on the first subclass: ConfirmButton only declares them).
        inherited: dict[str, Field] = getattr(cls, "fields", {})
        cls.fields = dict(inherited if fields is None else fields)
        cls.prefix, cls.expiring = prefix, getattr(cls, "expiring", False) if expiring is None else expiring
        template = f"{prefix}:(?P<act>ok|no)" + "".join(_field_template(n, kind) for n, kind in cls.fields.items())
        if cls.expiring:
            template += ":(?P<exp>[0-9a-z]+)"
        super().__init_subclass__(template=template)

    def __init__(self, act: str, *parts: int | str | None) -> None:
        ok = act == "ok"
        kinds: list[Field] = [*self.fields.values(), *([str] if self.expiring else [])]
        written = [_written(kind, part) for kind, part in zip(kinds, parts, strict=True) if part is not None]
        custom_id = ":".join([self.prefix, act, *written])
        # A value that does not fit the pattern would make a button no click could reach.
        if self.__discord_ui_compiled_template__.fullmatch(custom_id) is None:
            raise ValueError(f"{custom_id!r} does not fit {type(self).__name__}'s custom_id")
        super().__init__(
            discord.ui.Button(
                label=self.confirm_label if ok else self.cancel_label,
                style=self.confirm_style if ok else discord.ButtonStyle.secondary,
                custom_id=custom_id,
            )
        )
        self.act = act
        self.expires = str(parts[-1]) if self.expiring else None

    @classmethod
    def pair(cls, *parts: int | str | None) -> discord.ui.View:
        """The confirm and cancel buttons for these values, as a view."""
        return view_of(cls("ok", *parts), cls("no", *parts))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        values: list[int | str | None] = [
            match[name] if kind in (str, EditStamp) else kind(int(match[name])) for name, kind in cls.fields.items()
        ]
        if cls.expiring:
            values.append(match["exp"])
        return cls(match["act"], *values)

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        if self.expires is not None:
            check_not_expired(self.expires, bot.clock())
        if self.act == "ok":
            await self.confirm(interaction, bot)
            return
        await self.answer_cancel(interaction, bot, await self.cancel(bot, interaction.user.id))

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        """Do what was asked and answer the click."""
        raise NotImplementedError

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        """Discard whatever waits for the confirmation (nothing, unless a subclass says so), and
        say whether something still waited (False: a confirm pressed just before took it)."""
        return False

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        """Answer the Cancel press: the `cancelled` text in place of the question, its buttons gone.
        `discarded`: what `cancel` said (unused here; a subclass may answer by it)."""
        await interaction.response.edit_message(content=self.cancelled, embed=None, view=None)
