"""The benchmark's phases: the imitation's users, a timed start, the storm, /progress alone."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.bench.botproc import BotProcess
from bot.bench.seed import Lifter
from bot.bench.storm import Firer, Shot
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Message, User


@dataclass(frozen=True)
class Plan:
    """How big each part of the run is."""

    users: int = 10_000
    entries: int = 1_000_000
    in_flight: int = 100
    logs: int = 2000
    histories: int = 1000
    nudges: int = 1000
    progress: int = 200  # each from a different user: the chart cooldown must not answer instead
    pings: int = 2000
    ping_users: int = 1000
    progress_alone: int = 50


FULL = Plan()
QUICK = Plan(users=300, entries=20_000, in_flight=20, logs=100, histories=50, nudges=50, progress=10,
             pings=100, ping_users=50, progress_alone=5)

# What each command's answer looks like when it worked (anything else is counted as unexpected).
EXPECTED: dict[str, Callable[[Message], bool]] = {
    "ping": lambda m: m.content.startswith("Pong"),
    "log": lambda m: m.content.startswith("**Logged**"),
    "history": lambda m: bool(m.embeds),
    "nudge": lambda m: m.content.startswith(("**Next", "**How to start")),
    "progress": lambda m: any(f.filename.endswith(".png") for f in m.attachments),
}


def add_users(imitation: Imitation, count: int) -> list[User]:
    """`count` members of the built-in guild, as the storm's lifters."""
    world, guild = imitation.world, imitation.scenario.guild
    users = []
    for number in range(count):
        user = world.add_user(f"lifter{number}")
        world.add_member(guild, user)
        users.append(user)
    return users


@dataclass(frozen=True)
class Started:
    gateway_s: float  # spawn → the imitation has written READY and the guilds to the bot
    ready_s: float  # spawn → the first /ping answered (commands in place, events handled)
    synced: bool  # did this start PUT the commands?


async def start(bot: BotProcess, firer: Firer, pinger: User, within: float = 60.0) -> Started:
    """Spawn the bot and time it until it answers; fails fast if the process dies."""
    gateway = firer.imitation.gateway
    known, puts = set(gateway.sessions), firer.core.command_puts
    await bot.spawn()
    deadline = time.perf_counter() + within
    while True:
        fresh = [s for key, s in gateway.sessions.items() if key not in known]
        if fresh and fresh[0].socket is not None and fresh[0].delivered >= fresh[0].seq \
                and firer.core.find_command("ping", None) is not None:
            break
        if bot.exited() or time.perf_counter() > deadline:
            raise RuntimeError("the bot did not start:\n" + "\n".join(bot.tail))
        await asyncio.sleep(0.002)
    gateway_s = time.perf_counter() - bot.spawned_at
    shot = await firer.one(Shot("ping", pinger), within=10)
    assert shot.final is not None or shot.first is not None
    answered = shot.first if shot.first is not None else shot.sent
    return Started(round(gateway_s, 3), round(answered - bot.spawned_at, 3), firer.core.command_puts > puts)


def storm_shots(plan: Plan, lifters: list[Lifter], users: dict[int, User], rng: random.Random) -> list[Shot]:
    """The storm's commands, shuffled together."""
    shots: list[Shot] = []
    for lifter in rng.choices(lifters, k=plan.logs):
        shots.append(Shot("log", users[lifter.user_id],
                          {"weight": lifter.last_barbell, "reps": 10, "sets": 3, "rpe": 8}))
    shots += [Shot("history", users[lf.user_id]) for lf in rng.choices(lifters, k=plan.histories)]
    shots += [Shot("nudge", users[lf.user_id]) for lf in rng.choices(lifters, k=plan.nudges)]
    shots += [Shot("progress", users[lf.user_id]) for lf in rng.sample(lifters, plan.progress)]
    pingers = rng.sample(lifters, plan.ping_users)
    shots += [Shot("ping", users[pingers[i % len(pingers)].user_id]) for i in range(plan.pings)]
    rng.shuffle(shots)
    return shots


async def progress_alone(firer: Firer, lifters: list[Lifter], users: dict[int, User], count: int,
                         exclude: set[int]) -> list[Shot]:
    """/progress one at a time, each by a user who has not charted yet (no cooldown)."""
    shots = []
    fresh = [lf for lf in lifters if lf.user_id not in exclude][:count]
    for lifter in fresh:
        shots.append(await firer.one(Shot("progress", users[lifter.user_id]), within=30))
    return shots
