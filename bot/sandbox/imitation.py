"""`Imitation`: the local Discord (REST + gateway) on loopback, with a small built-in server.

    async with Imitation() as discord_:
        settings = ...(api_base=discord_.api_base, gateway_url=discord_.gateway_url,
                       token=discord_.token)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

from aiohttp import web

from bot.sandbox import perms
from bot.sandbox.clock import Clock, ShiftClock, Snowflakes
from bot.sandbox.core import Core
from bot.sandbox.gateway import Gateway
from bot.sandbox.ledger import RESPONSE_DEADLINE, TOKEN_LIFETIME, Ledger
from bot.sandbox.model import Channel, Guild, Role, User, World
from bot.sandbox.rest import build_app
from bot.sandbox.rest_channels import add_channel_routes
from bot.sandbox.rest_interactions import add_interaction_routes

BOT_PERMISSIONS = (
    perms.VIEW_CHANNEL | perms.SEND_MESSAGES | perms.EMBED_LINKS | perms.ATTACH_FILES
    | perms.READ_MESSAGE_HISTORY | perms.PIN_MESSAGES | perms.ADD_REACTIONS
    | perms.USE_EXTERNAL_EMOJIS
)
MODERATOR_PERMISSIONS = perms.PIN_MESSAGES | perms.MANAGE_MESSAGES | perms.MANAGE_GUILD


@dataclass
class Scenario:
    """The built-in server: one guild, two channels, its owner, a member and a moderator."""

    bot: User
    owner: User
    member: User
    moderator: User
    guild: Guild
    general: Channel
    training: Channel
    bot_role: Role
    moderator_role: Role

    def users(self) -> dict[str, User]:
        return {"member": self.member, "moderator": self.moderator, "owner": self.owner}


# When the built-in server and its people were "created": their ids are the same in every run,
# as a real server's and its members' are, so a sandbox database (data/sandbox.db) still holds
# the member's log and settings, and the server's settings, after the sandbox restarts.
SCENARIO_CREATED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def build_scenario(world: World, bot_name: str = "Hip Thrust Coach") -> Scenario:
    """Populate a world with the built-in server, under the same ids every time."""
    ids, world.ids = world.ids, Snowflakes(lambda: SCENARIO_CREATED)
    try:
        return _populate(world, bot_name)
    finally:
        world.ids = ids  # what is made later gets ids of its own time, above these


def _populate(world: World, bot_name: str) -> Scenario:
    bot = world.add_user(bot_name, bot=True)
    owner = world.add_user("owner")
    member = world.add_user("member")
    moderator = world.add_user("moderator")
    guild = world.add_guild("Sandbox Gym", owner)
    bot_role = world.add_role(guild, bot_name, BOT_PERMISSIONS)
    moderator_role = world.add_role(guild, "Moderator", MODERATOR_PERMISSIONS)
    world.add_member(guild, bot, [bot_role])
    world.add_member(guild, member)
    world.add_member(guild, moderator, [moderator_role])
    general = world.add_channel(guild, "general")
    training = world.add_channel(guild, "training")
    return Scenario(bot, owner, member, moderator, guild, general, training, bot_role,
                    moderator_role)


class Imitation:
    """The imitation server. Start it with `await start()` or `async with`."""

    def __init__(self, *, clock: Clock | None = None,
                 response_deadline: dt.timedelta = RESPONSE_DEADLINE,
                 token_lifetime: dt.timedelta = TOKEN_LIFETIME) -> None:
        self.clock = clock or ShiftClock()
        self.world = World(self.clock)
        self.scenario = build_scenario(self.world)
        self.ledger = Ledger(self.clock, response_deadline=response_deadline,
                             token_lifetime=token_lifetime)
        self.core = Core(self.world, self.ledger, bot_user_id=self.scenario.bot.id,
                         owner_user_id=self.scenario.owner.id)
        self.gateway = Gateway(self.core)
        self._runner: web.AppRunner | None = None
        self.port = 0

    def add_guild(self, name: str, *, shard: tuple[int, int] | None = None,
                  channels: Sequence[str] = ("general",)) -> tuple[Guild, list[Channel]]:
        """Another server with the bot, the member and the moderator of the built-in one, on
        `shard` (shard id, shard count) when given. Add it before the bot connects."""
        s, world = self.scenario, self.world
        guild = world.add_guild(name, s.owner, shard=shard)
        world.add_member(guild, s.bot, [world.add_role(guild, s.bot.username, BOT_PERMISSIONS)])
        world.add_member(guild, s.member)
        world.add_member(guild, s.moderator, [world.add_role(guild, "Moderator", MODERATOR_PERMISSIONS)])
        return guild, [world.add_channel(guild, channel) for channel in channels]

    def advance(self, seconds: float) -> None:
        """Move the imitation's clock forward (needs the default `ShiftClock`)."""
        if not isinstance(self.clock, ShiftClock):
            raise TypeError("advance() needs the imitation's own ShiftClock")
        self.clock.advance(seconds)

    @property
    def token(self) -> str:
        """The bot token the imitation accepts."""
        return self.core.token

    @property
    def api_base(self) -> str:
        """REST base with the API version, for `Route.BASE`."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Gateway URL, for `DiscordWebSocket.DEFAULT_GATEWAY`."""
        return self.core.gateway_url

    async def start(self) -> Imitation:
        """Listen on 127.0.0.1 on a free port."""
        app = build_app(self.core)
        add_channel_routes(app, self.core)
        add_interaction_routes(app, self.core)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume-gateway", self.gateway.handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.core.files_base = f"http://127.0.0.1:{self.port}"
        self.core.gateway_url = f"ws://127.0.0.1:{self.port}/gateway"
        return self

    async def stop(self) -> None:
        """Close sockets and stop listening."""
        if self._runner is not None:
            await self.gateway.close()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Imitation:
        return await self.start()

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()
