"""The bot: a `commands.Bot` whose dependencies are passed in; `build_bot` adds sharding when configured."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import discord
from discord.ext import commands

from bot.content import Content, load_content
from bot.db.store import Store
from bot.guide.recent_posts import RecentPosts
from bot.interactions.admission import Admission
from bot.interactions.closing import ANSWERABLE, TurnAway
from bot.interactions.command_sync import sync_commands
from bot.interactions.live_answers import LiveAnswers
from bot.interactions.loop_lag import LoopLagMonitor
from bot.interactions.notes import Notes
from bot.interactions.rate_limits import MAX_RATELIMIT_WAIT
from bot.interactions.redelivery import RecentIds
from bot.interactions.tree import HipThrustTree, answer_unanswered
from bot.keyed import PerKey
from bot.operations import outcomes
from bot.operations.metrics import Metrics
from bot.progress.charts import ChartRenderer
from bot.settings import Settings

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 10.0
# discord.py names the tasks that run command and component callbacks like this, and the listeners'
# (`Client._schedule_event`): on_message reads sets typed in chat, on_interaction answers the
# /history Edit form.
_HANDLER_TASK_PREFIXES = ("CommandTree-invoker", "discord-ui-", "discord.py: on_message", "discord.py: on_interaction")
# Interactions a button or menu (3) or a form (5) sends: discord.py hands them to its view store.
_COMPONENT_TYPES = (3, 5)


def utcnow() -> datetime:
    return datetime.now(UTC)


def bot_of(interaction: discord.Interaction) -> HipThrustBot:
    """The bot an interaction reached (for buttons, which get no cog)."""
    client = interaction.client
    assert isinstance(client, HipThrustBot)
    return client


# The extensions the bot loads, in this order; each is a module or package in cogs/ with a `setup`.
EXTENSIONS = (
    "cogs.chatlog",
    "cogs.config",
    "cogs.guide",
    "cogs.imports",
    "cogs.logbook",
    "cogs.meta",
    "cogs.nudges",
    "cogs.progress",
    "cogs.quiz",
    "cogs.reminders",
    "cogs.snippets",
)


def all_extensions() -> list[str]:
    """Every extension the bot loads."""
    return list(EXTENSIONS)


def intents() -> discord.Intents:
    """Guilds; guild messages (raw message deletes for snippets, and messages that mention the bot)
    and DMs (sets typed to the bot). Nothing privileged: without message content, Discord gives
    the text only of DMs to the bot and of messages that mention it."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.dm_messages = True
    return chosen


class HipThrustBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        clock: Callable[[], datetime] = utcnow,
        extensions: Sequence[str] | None = None,
        sync: str = "auto",
        charts: ChartRenderer | None = None,
        content: Content | None = None,
        **options: Any,
    ) -> None:
        self._ui_tasks: list[asyncio.Task[None]] | None = None  # see _guard_interactions (set before any dispatch)
        # The bot never joins voice: discord.py's start-up warnings that voice is unavailable
        # (no PyNaCl, no davey) would be two WARNING lines an operator reads at every start.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            tree_cls=HipThrustTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,  # the client's routes (bot.interactions.rate_limits)
            **options,
        )
        if sync not in ("auto", "force", "never"):
            raise ValueError(f"sync must be auto, force or never, not {sync!r}")
        self.settings = settings
        self.store = store
        self.clock = clock
        self.extension_names = list(all_extensions() if extensions is None else extensions)
        self.sync_mode = sync
        self.recent_interactions = RecentIds()
        self.accepting = True
        self.turn_away = TurnAway()  # answers what arrives once `accepting` is False
        self.loop_lag = LoopLagMonitor()
        self.notes = Notes()  # private notes a feature has for a user's next answer
        # The bot's public posts of the last minute (guide answers, shared quiz verdicts), so one is
        # not posted twice in a row; the listeners below forget those that are deleted.
        self.recent_posts = RecentPosts(clock)
        # Messages whose buttons a later answer renewed, by id: when those expire (bot.interactions.expirer).
        self.renewed_messages: dict[int, float] = {}
        # Confirmations' live presses answering a message now, or just now: an expired press there
        # leaves the message to them (bot.interactions.live_answers).
        self.live_answers = LiveAnswers(lambda: self.clock().timestamp())
        # One rewrite of an entry's post at a time, by message id: the later edit's text is the one
        # left on it (cogs.logbook.posts.rewrite_post).
        self.post_turns: PerKey[int, asyncio.Lock] = PerKey(asyncio.Lock)
        # Its worker process starts on the first chart, so start-up never waits for matplotlib.
        self.charts = charts if charts is not None else ChartRenderer(json_logs=settings.log_format == "json")
        self._content = content

    @property
    def content(self) -> Content:
        """The guide, quiz and RPE chart this bot serves, read once before the extensions load."""
        if self._content is None:
            raise RuntimeError("the bot's content is read in setup_hook, before any extension loads")
        return self._content

    async def setup_hook(self) -> None:
        await self.store.db.migrate()
        self.loop_lag.start()
        self._guard_interactions()
        if self._content is None:
            self._content = await asyncio.to_thread(load_content, self.settings)
            log.info("content read from %s (guide version %s)", self.settings.data_dir, self._content.guide.version)
        for name in self.extension_names:
            await self.load_extension(name)
        if self.sync_mode == "auto" and not self.settings.syncs_commands:
            # Several processes share the deployment: only the one holding shard 0 syncs.
            log.info("shards %s: commands are synced by the process holding shard 0", self.settings.shard_ids)
        elif self.sync_mode != "never":
            assert self.application_id is not None
            await sync_commands(
                self.tree,
                self.store.sync_state,
                api_base=discord.http.Route.BASE,
                application_id=self.application_id,
                guild_id=self.settings.dev_guild_id,
                now=self.clock,
                force=self.sync_mode == "force",
            )

    def _guard_interactions(self) -> None:
        """Drop redelivered interactions before dispatch, and turn new ones away while shutting down.

        A gateway replay delivers the same interaction id again; Discord would refuse a second
        callback (40060), so the redelivery must not reach a callback or store anything. While
        shutting down, an interaction is answered that the bot is restarting (`bot.interactions.closing`).
        """
        parsers = self._connection.parsers
        parse = parsers["INTERACTION_CREATE"]

        def guarded(data: Any) -> None:
            interaction_id = int(data["id"])
            if not self.recent_interactions.add(interaction_id):
                log.debug("interaction %s redelivered; ignored", interaction_id)
            elif not self.accepting:
                log.info("shutting down: interaction %s not taken", interaction_id)
                if data.get("type") in ANSWERABLE:
                    self.turn_away.answer(discord.Interaction(data=data, state=self._connection))
            elif data.get("type") in _COMPONENT_TYPES:
                self._ui_tasks = []  # what discord.py starts for it, for `dispatch` to count it by
                try:
                    parse(data)
                finally:
                    self._ui_tasks = None
            else:
                parse(data)

        parsers["INTERACTION_CREATE"] = guarded
        # Every handler of a button, menu or form is a task discord.py's view store keeps with
        # `add_task` (dynamic items, views, modals): note those started while one interaction is parsed.
        store = self._connection._view_store
        keep = store.add_task

        def add_task(task: asyncio.Task[None]) -> None:
            keep(task)
            if self._ui_tasks is not None:
                self._ui_tasks.append(task)

        store.add_task = add_task  # type: ignore[method-assign]

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        # discord.py dispatches "interaction" as it finishes parsing one, after starting its handlers'
        # tasks and before they run: a button, menu or form is counted in the metrics from here, once
        # they and the on_interaction listeners (the /history Edit form is answered by one) are done.
        super().dispatch(event_name, *args, **kwargs)
        if event_name == "interaction" and self._ui_tasks is not None and args:
            interaction = args[0]
            outcomes.track_component(interaction, self._ui_tasks, self.metrics, self.received_at(interaction.id),
                                     unanswered=answer_unanswered)

    def _schedule_event(self, coro: Any, event_name: str, *args: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = super()._schedule_event(coro, event_name, *args, **kwargs)
        if event_name == "on_interaction" and self._ui_tasks is not None:
            self._ui_tasks.append(task)
        return task

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are read only by the chat log's listener (cogs.chatlog).

        commands.Bot would parse every message that mentions the bot as a command and log a
        CommandNotFound for each set typed to it."""

    # --- a deleted post guards nothing (`recent_posts`) -------------------------------------------
    # The repeat guard points at the earlier post; once a moderator deletes it (or its channel),
    # the next ask posts publicly again, whichever feature posted it. No await before the
    # forgetting: discord.py runs this listener's task before the task of an interaction that
    # arrived after the delete event.

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent, /) -> None:
        self.recent_posts.forget_messages(payload.channel_id, [payload.message_id])

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent, /) -> None:
        self.recent_posts.forget_messages(payload.channel_id, payload.message_ids)

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel, /) -> None:
        self.recent_posts.forget_channel(channel.id)

    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent, /) -> None:
        self.recent_posts.forget_channel(payload.thread_id)

    @property
    def admission(self) -> Admission:
        """How many slash commands are admitted at once (see `bot.interactions.admission`)."""
        tree = self.tree
        assert isinstance(tree, HipThrustTree)
        return tree.admission

    @property
    def metrics(self) -> Metrics:
        """What the bot counts as it works (its tree keeps them, as it counts every command)."""
        tree = self.tree
        assert isinstance(tree, HipThrustTree)
        return tree.metrics

    def received_at(self, interaction_id: int) -> float | None:
        """Monotonic time the interaction arrived from the gateway."""
        return self.recent_interactions.received_at(interaction_id)

    async def close(self) -> None:
        """Stop taking interactions (each is told the bot is restarting), let handlers in flight
        finish, then close the gateway."""
        self.accepting = False
        current = asyncio.current_task()
        handlers = [
            task
            for task in asyncio.all_tasks()
            if task is not current and task.get_name().startswith(_HANDLER_TASK_PREFIXES)
        ]
        if handlers:
            log.info("waiting for %d handlers in flight", len(handlers))
            await asyncio.wait(handlers, timeout=SHUTDOWN_GRACE)
        await self.loop_lag.stop()
        # Joining the worker blocks (it finishes a chart in progress): keep the loop free meanwhile.
        await asyncio.to_thread(self.charts.close)
        await self.turn_away.finish()  # on the HTTP session, which closes next
        await super().close()


class ShardedHipThrustBot(HipThrustBot, commands.AutoShardedBot):
    """The same bot over some or all shards of a sharded deployment (SHARD_COUNT, SHARD_IDS).

    `commands.Bot` adds nothing at run time over their shared base, so this keeps every
    behaviour of `HipThrustBot` and takes the gateway handling of `AutoShardedBot`.
    """


def build_bot(settings: Settings, store: Store, **options: Any) -> HipThrustBot:
    """A `HipThrustBot`, sharded when SHARD_COUNT is set (over SHARD_IDS, or every shard)."""
    if settings.shard_count is None:
        return HipThrustBot(settings, store, **options)
    shard_ids = None if settings.shard_ids is None else list(settings.shard_ids)
    return ShardedHipThrustBot(settings, store, shard_count=settings.shard_count, shard_ids=shard_ids, **options)
