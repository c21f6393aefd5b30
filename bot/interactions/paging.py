"""`PagingButton`: the Previous / Next pair of an ephemeral answer in pages (/history, /records,
/snippet list), the page to show carried in its custom_id."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord

from bot.client import HipThrustBot, bot_of
from bot.interactions.buttons import Funnelled, check_not_expired
from bot.interactions.pages import PAGE_LABELS, page_button


class PagingButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"(?!)",  # matches nothing: only the subclasses are registered
):
    """Previous ("p") or Next ("n"): `prefix:[variant:]place:p|n:expiry stamp`. `place` names the
    page to show as its answer names pages (a page number; /history, where its pages start), and
    `variant` the variant shown ("" for all). The viewer is whoever clicks (the answer is ephemeral).

    A subclass names its prefix, how many digits `place` may have and whether a variant is carried
    (`variant=False`: its `__init__` and `from_custom_id` leave it out), and implements `turn`.
    """

    prefix: ClassVar[str]
    carries_variant: ClassVar[bool]

    def __init_subclass__(cls, *, prefix: str, digits: int = 4, variant: bool = True) -> None:
        cls.prefix, cls.carries_variant = prefix, variant
        key = r"(?P<variant>[a-z-]*):" if variant else ""
        super().__init_subclass__(
            template=rf"{prefix}:{key}(?P<place>\d{{1,{digits}}}):(?P<dir>[pn]):(?P<exp>[0-9a-z]+)"
        )

    def __init__(self, variant: str, place: int, direction: str, expires: str, *, disabled: bool = False) -> None:
        # Made from a click's custom_id or for a view; a page sent often writes its buttons as JSON (`component`).
        custom_id = self.custom_id_of(variant, place, direction, expires)
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=PAGE_LABELS[direction], disabled=disabled, custom_id=custom_id
        )
        super().__init__(button)
        self.variant, self.place, self.direction, self.expires = variant, place, direction, expires

    @classmethod
    def custom_id_of(cls, variant: str, place: int, direction: str, expires: str) -> str:
        key = f"{variant}:" if cls.carries_variant else ""
        return f"{cls.prefix}:{key}{place}:{direction}:{expires}"

    @classmethod
    def component(cls, variant: str, place: int, direction: str, expires: str, *, disabled: bool) -> dict[str, Any]:
        """The button as Discord's JSON, as discord.ui writes it."""
        return page_button(cls.custom_id_of(variant, place, direction, expires), direction, disabled=disabled)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["variant"], int(match["place"]), match["dir"], match["exp"])

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        await self.turn(interaction, bot)

    async def turn(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        """Answer the click by editing its message into the page this button names."""
        raise NotImplementedError
