"""Discord's side of the first answer `bot.interactions.callbacks.answer` posts itself.

`answer` posts a command's first message (a type 4 callback) through discord.py's webhook adapter
with the interaction's HTTP session, not through `interaction.response.send_message`. A fake
interaction's session is a `CallbackRoute`: it takes that request as Discord would (the JSON as
sent; the message's id in the answer only when the query asks for it) and turns the message into
what a test reads: its text, embeds, who can see it, whom it may ping, and its components as a
view, each dynamic item rebuilt from its custom_id as discord.py rebuilds it when it is pressed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import discord
from discord.components import _component_factory

_EPHEMERAL = discord.MessageFlags(ephemeral=True).value


@dataclass
class HTTPReply:
    """What Discord answers a callback with, as much of aiohttp's response as discord.py reads."""

    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = "OK"

    async def text(self, encoding: str = "utf-8") -> str:
        return self.body


class _Posting:
    """`session.request(...)`: the callback is taken when discord.py enters it."""

    def __init__(self, take: Awaitable[HTTPReply]) -> None:
        self._take = take

    async def __aenter__(self) -> HTTPReply:
        return await self._take

    async def __aexit__(self, *exc: object) -> None:
        return None


@dataclass
class CallbackRoute:
    """`interaction._session`: serves the interaction's callback route, and nothing else.

    `post` is the fake interaction's: it records the message (as `message_kwargs` reads it)
    and returns its id."""

    interaction_id: int
    token: str
    post: Callable[[dict[str, Any]], Awaitable[int]]

    def request(
        self, method: str, url: str, *, data: Any = None, headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None, **_proxy: Any,
    ) -> _Posting:  # fmt: skip
        route = f"/interactions/{self.interaction_id}/{self.token}/callback"
        assert method == "POST"
        assert url.endswith(route), f"only the callback route is served, not {url}"
        assert (headers or {}).get("Content-Type") == "application/json"
        assert isinstance(data, str)
        return _Posting(self._take(json.loads(data), with_response=(params or {}).get("with_response") == "1"))

    async def _take(self, payload: dict[str, Any], *, with_response: bool) -> HTTPReply:
        message_id = await self.post(payload)
        if not with_response:
            return HTTPReply(204, reason="No Content")
        answer = {"interaction": {"id": str(self.interaction_id), "response_message_id": str(message_id)}}
        return HTTPReply(200, json.dumps(answer), {"content-type": "application/json"})


async def message_kwargs(data: dict[str, Any], interaction: Any) -> dict[str, Any]:
    """A message as Discord received it, read back into what a test looks at: `content`, `embeds`,
    `view`, `allowed_mentions` (each only when sent) and `ephemeral`."""
    kwargs: dict[str, Any] = {"ephemeral": bool(data.get("flags", 0) & _EPHEMERAL)}
    if "content" in data:
        kwargs["content"] = data["content"]
    if "embeds" in data:
        kwargs["embeds"] = [discord.Embed.from_dict(embed) for embed in data["embeds"]]
    if "components" in data:
        kwargs["view"] = await _view(data["components"], interaction) if data["components"] else None
    if "allowed_mentions" in data:
        kwargs["allowed_mentions"] = _mentions(data["allowed_mentions"])
    return kwargs


def _mentions(data: dict[str, Any]) -> discord.AllowedMentions:
    parse = data.get("parse", [])

    def which(kind: str) -> bool | list[discord.Object]:
        return kind in parse or [discord.Object(int(i)) for i in data.get(kind, [])] or False

    return discord.AllowedMentions(
        everyone="everyone" in parse, users=which("users"), roles=which("roles"),
        replied_user=bool(data.get("replied_user")),
    )  # fmt: skip


async def as_received(arguments: dict[str, Any], interaction: Any) -> None:
    """A stopped view among a send's or an edit's `arguments` becomes its components as Discord
    received them. discord.py keeps no stopped view (the bot's are made of dynamic items, or
    written as JSON), so a press reaches only what its custom_ids rebuild: what a test reads too."""
    view = arguments.get("view")
    if isinstance(view, discord.ui.View) and view.is_finished():
        rows = view.to_components()
        arguments["view"] = await _view(rows, interaction) if rows else None


async def _view(rows: list[Any], interaction: Any) -> discord.ui.View:
    """The components as a view. A dynamic item is what `from_custom_id` makes of its custom_id
    (what a press would run); its `item` is the component as the user sees it (label, disabled, options)."""
    message = SimpleNamespace(components=[_component_factory(row) for row in rows])
    view = discord.ui.View(timeout=None)
    for item in discord.ui.View.from_message(message, timeout=None).children:  # type: ignore[arg-type]
        view.add_item(await _pressable(item, interaction))
    view.stop()  # as the bot's views are when they are sent
    return view


async def _pressable(item: discord.ui.Item[Any], interaction: Any) -> discord.ui.Item[Any]:
    custom_id = getattr(item, "custom_id", None) or ""
    for kind in _dynamic_items(discord.ui.DynamicItem):
        if match := kind.__discord_ui_compiled_template__.fullmatch(custom_id):
            dynamic = await kind.from_custom_id(interaction, item, match)
            dynamic.item = item
            return dynamic
    return item


def _dynamic_items(kind: type[Any]) -> Iterator[type[discord.ui.DynamicItem[Any]]]:
    """Every DynamicItem class imported so far (the cogs' buttons and menus)."""
    for sub in kind.__subclasses__():
        if hasattr(sub, "__discord_ui_compiled_template__"):
            yield sub
        yield from _dynamic_items(sub)
