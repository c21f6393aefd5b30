"""Small fakes of discord.py's interaction objects and a bot for cog and funnel tests.

The fakes are strict where a mistake would otherwise pass every test:
- each response, followup and edit takes exactly the arguments discord.py's own method takes
  (bound against its real signature), so a misspelt `ephemral=True` fails as it would in
  production, and mixing `embed` with `embeds` fails as discord.py refuses it;
- the calls return what the real ones return: a callback naming the message, the edited message;
- a first answer `bot.interactions.callbacks.answer` posts itself reaches the fake as Discord
  would get it, as JSON on the interaction's callback route (tests/fake_webhook.py), and is
  recorded as the user would see it;
- `visible_to_others` follows Discord's rules, among them the one the error funnel exists for:
  the first followup after a defer completes the "thinking…" message and keeps the defer's
  visibility, whatever its own `ephemeral` says (PRODUCT.md, "Interactions").
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import discord

from bot.client import HipThrustBot
from bot.content import Content
from bot.db.store import Store
from bot.progress.charts import ChartRenderer
from bot.settings import Settings
from tests.content import shipped_content
from tests.fake_webhook import CallbackRoute, as_received, message_kwargs

_message_ids = itertools.count(700_000)
_made = itertools.count(1)


def snowflake(when: datetime) -> int:
    """An id as Discord makes one: the time it was made in its top bits (what a /log's "Did you
    mean …?" buttons expire by), a counter below them so that no two are the same."""
    return discord.utils.time_snowflake(when) + next(_made) % (1 << 22)
# Interactions that answer on the message carrying a component, and can edit it in place.
_ON_A_MESSAGE = (discord.InteractionType.component, discord.InteractionType.modal_submit)
_INITIAL = ("response", "edit_message", "defer")  # the ways of answering first


def bound(real: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The arguments as discord.py's `real` method would take them; a TypeError for any it does not."""
    arguments = inspect.signature(real).bind(None, *args, **kwargs).arguments
    del arguments["self"]
    for one, many in (("embed", "embeds"), ("file", "files"), ("file", "attachments"), ("files", "attachments")):
        if one in arguments and many in arguments:
            raise TypeError(f"Cannot mix {one} and {many} keyword arguments.")  # as discord.py says
    return dict(arguments)


@dataclass
class Sent:
    """One thing the fake interaction sent: how, with which arguments, and who can read it."""

    how: str  # "response", "followup", "edit_original", "edit_message", "defer"
    # The call's arguments; for a "response" that callbacks.answer posted, the message as Discord
    # received it (tests/fake_webhook.py: `embeds`, never `embed`).
    kwargs: dict[str, Any]
    public: bool = False  # by Discord's rules, not by the flag passed

    @property
    def ephemeral(self) -> bool:
        """The `ephemeral` flag as passed (Discord may show the message otherwise; see `public`)."""
        return bool(self.kwargs.get("ephemeral"))

    @property
    def content(self) -> str:
        return str(self.kwargs.get("content") or "")

    @property
    def embed(self) -> discord.Embed:
        """The one embed it carries, whether given as `embed` or as `embeds`."""
        embeds = [self.kwargs["embed"]] if "embed" in self.kwargs else list(self.kwargs.get("embeds") or [])
        assert len(embeds) == 1, f"{len(embeds)} embeds"
        return embeds[0]


@dataclass
class ReplyMessage:
    """The message an answer made, as the real calls return it (InteractionMessage, WebhookMessage)."""

    id: int
    channel_id: int
    guild_id: int | None
    ephemeral: bool
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    components: list[Any] = field(default_factory=list)
    loading: bool = False  # a deferred "thinking…" placeholder not yet replaced

    @property
    def jump_url(self) -> str:
        return f"https://discord.com/channels/{self.guild_id or '@me'}/{self.channel_id}/{self.id}"

    def show(self, arguments: dict[str, Any]) -> None:
        """Take what a send or an edit sets, as Discord does (what is not given stays)."""
        self.loading = False
        if "content" in arguments:
            self.content = arguments["content"]
        if "embeds" in arguments:
            self.embeds = list(arguments["embeds"])
        if "embed" in arguments:
            self.embeds = [] if arguments["embed"] is None else [arguments["embed"]]
        if "view" in arguments:
            self.view = arguments["view"]


@dataclass
class FakeCallback:
    """What the response methods return (an InteractionCallbackResponse): the message they made."""

    id: int
    resource: ReplyMessage | None

    @property
    def message_id(self) -> int | None:
        return None if self.resource is None else self.resource.id


@dataclass
class FakeResponse:
    """`interaction.response`: at most one initial response, as Discord allows. Done, as in
    discord.py, once `_response_type` is set: by these methods, or by `callbacks.answer`, which
    posts a message itself (tests/fake_webhook.py)."""

    interaction: FakeInteraction
    _response_type: discord.InteractionResponseType | None = None

    def is_done(self) -> bool:
        return self._response_type is not None

    @property
    def type(self) -> discord.InteractionResponseType | None:
        """The kind of the initial response, as discord.py's `InteractionResponse.type` (None before it)."""
        return self._response_type

    def _first(self, kind: discord.InteractionResponseType) -> None:
        assert not self.is_done(), "a second initial response (Discord answers 40060)"
        self._response_type = kind

    async def send_message(self, *args: Any, **kwargs: Any) -> FakeCallback:
        arguments = bound(discord.InteractionResponse.send_message, *args, **kwargs)
        await as_received(arguments, self.interaction)
        self._first(discord.InteractionResponseType.channel_message)
        message = self.interaction.new_message(ephemeral=bool(arguments.get("ephemeral")))
        message.show(arguments)
        self.interaction.original = message
        self.interaction.sent.append(Sent("response", arguments, public=not message.ephemeral))
        return FakeCallback(self.interaction.id, message)

    async def edit_message(self, *args: Any, **kwargs: Any) -> FakeCallback | None:
        arguments = bound(discord.InteractionResponse.edit_message, *args, **kwargs)
        await as_received(arguments, self.interaction)
        # discord.py does nothing here for a slash command, and the user would see nothing.
        assert self.interaction.type in _ON_A_MESSAGE, "edit_message answers only a component or a modal"
        self._first(discord.InteractionResponseType.message_update)
        message = self.interaction.message
        assert message is not None, "Discord sends the message carrying the component"
        message.show(arguments)
        self.interaction.sent.append(Sent("edit_message", arguments, public=not message.ephemeral))
        return FakeCallback(self.interaction.id, message)

    async def defer(self, *args: Any, **kwargs: Any) -> FakeCallback | None:
        arguments = bound(discord.InteractionResponse.defer, *args, **kwargs)
        ephemeral, thinking = bool(arguments.get("ephemeral")), bool(arguments.get("thinking"))
        update = self.interaction.type in _ON_A_MESSAGE and not thinking
        self._first(discord.InteractionResponseType.deferred_message_update if update
                    else discord.InteractionResponseType.deferred_channel_message)  # fmt: skip
        self.interaction.sent.append(Sent("defer", {"ephemeral": ephemeral, "thinking": thinking}))
        if update:
            return None  # a deferred update: the clicked message is edited later, nothing is posted
        # A slash command always defers with a "thinking…" message (discord.py ignores thinking=False).
        message = self.interaction.new_message(ephemeral=ephemeral)
        message.loading = True
        self.interaction.original = message
        return FakeCallback(self.interaction.id, message)


@dataclass
class FakeFollowup:
    """`interaction.followup`, a webhook: messages after the initial response."""

    interaction: FakeInteraction

    async def send(self, *args: Any, **kwargs: Any) -> ReplyMessage | None:
        arguments = bound(discord.Webhook.send, *args, **kwargs)
        await as_received(arguments, self.interaction)
        assert self.interaction.response.is_done(), "a followup before any response (Discord answers 10015)"
        original = self.interaction.original
        if original is not None and original.loading:
            # The first followup after a defer replaces the "thinking…" message and keeps its
            # visibility: after a public defer it is public whatever its own ephemeral flag says.
            message = original
        else:
            message = self.interaction.new_message(ephemeral=bool(arguments.get("ephemeral")))
        message.show(arguments)
        self.interaction.sent.append(Sent("followup", arguments, public=not message.ephemeral))
        return message if arguments.get("wait") else None


@dataclass
class FakeInteraction:
    """Just enough of `discord.Interaction` for code that answers interactions.

    For a component interaction, `message` is the message carrying the component (ephemeral
    unless a test passes a public one); `original` is the message the answer made.
    """

    id: int = 1
    user_id: int = 1000
    guild_id: int | None = 2000
    channel_id: int = 3000
    channel: Any = None  # what discord.py resolved, e.g. a thread (with its `parent_id`)
    type: discord.InteractionType = discord.InteractionType.application_command
    command: Any = None
    data: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    client: Any = None
    filesize_limit: int = 10 * 1024 * 1024
    user: Any = None
    message: ReplyMessage | None = None
    original: ReplyMessage | None = None
    application_id: int = 4000
    token: str = "interaction-token"

    def __post_init__(self) -> None:
        if self.user is None:
            self.user = SimpleNamespace(id=self.user_id)
        if self.message is None and self.type is discord.InteractionType.component:
            self.message = self.new_message(ephemeral=True)
        self.response = FakeResponse(self)
        self.followup = FakeFollowup(self)
        # What callbacks.answer posts with: the bot's state (its allowed_mentions) and Discord's callback route.
        self._state = getattr(self.client, "_connection", None) or SimpleNamespace(
            allowed_mentions=None, http=SimpleNamespace(proxy=None, proxy_auth=None)
        )
        self._session = CallbackRoute(self.id, self.token, self._take_callback)

    async def _take_callback(self, payload: dict[str, Any]) -> int:
        """A message callback as Discord takes it (`fake_webhook`): the first answer; its message's id."""
        assert payload["type"] == discord.InteractionResponseType.channel_message.value
        assert not any(s.how in _INITIAL for s in self.sent), "a second initial response (Discord answers 40060)"
        arguments = await message_kwargs(payload["data"], self)
        message = self.new_message(ephemeral=arguments["ephemeral"])
        message.show(arguments)
        self.original = message
        self.sent.append(Sent("response", arguments, public=not message.ephemeral))
        return message.id

    def new_message(self, *, ephemeral: bool) -> ReplyMessage:
        return ReplyMessage(next(_message_ids), self.channel_id, self.guild_id, ephemeral)

    def _answered(self) -> ReplyMessage:
        assert self.response.is_done(), "nothing to edit before an initial response"
        # A deferred update or an edit_message made no message: the original is the clicked one.
        message = self.original or self.message
        assert message is not None
        return message

    async def original_response(self) -> ReplyMessage:
        return self._answered()

    async def edit_original_response(self, *args: Any, **kwargs: Any) -> ReplyMessage:
        arguments = bound(discord.Interaction.edit_original_response, *args, **kwargs)
        await as_received(arguments, self)
        message = self._answered()
        message.show(arguments)
        self.sent.append(Sent("edit_original", arguments, public=not message.ephemeral))
        return message

    @property
    def visible_to_others(self) -> list[str]:
        """Texts anyone in the channel could read, in the order they appeared."""
        return [item.content for item in self.sent if item.public]


class FakeClock:
    """A clock the test moves by hand (`clock.now += timedelta(...)`); the bot calls it for "now"."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class NoStore:
    """The database of a bot whose cogs under test never touch it: any use fails the test."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"this test's bot has no database (store.{name})")


def offline_bot(
    store: Store | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
    charts: ChartRenderer | None = None,
) -> HipThrustBot:
    """The real bot, never logged in and with no extension loaded: what a cog under test is given.

    It serves the shipped content unless given `content` (as read from an edited data folder), and
    renders charts with `charts` if given."""
    return HipThrustBot(
        settings or Settings(),
        store if store is not None else cast(Store, NoStore()),
        clock=clock or FakeClock(),
        extensions=[],
        sync="never",
        charts=charts,
        content=content if content is not None else shipped_content(),
    )


def joined(bot: HipThrustBot, *guild_ids: int) -> HipThrustBot:
    """The bot as a member of these servers, as Discord tells it at connection (an unavailable
    guild, as READY lists them): for cogs that act only in a server the bot is in."""
    state = bot._connection
    for guild_id in guild_ids:
        state._add_guild(discord.Guild._create_unavailable(state=state, guild_id=guild_id, data=None))
    return bot
