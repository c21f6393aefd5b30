"""The benchmark's plan and its shots: the imitation's users, a timed start, each phase's commands."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterator
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
    capacity_commands: int = 1000  # per command, in a closed loop of...
    capacity_users: int = 200  # ...this many users, each sending its next when answered
    capacity_rounds: int = 3  # the four commands in turn, this many times: each figure is the median round's
    warmup: int = 40  # of each command before the capacity phase, not counted
    rates: tuple[int, ...] = (50, 150, 300)  # steady load: commands a second...
    steady_seconds: float = 20.0  # ...for this long each
    progress_alone: int = 50


FULL = Plan()
QUICK = Plan(users=400, entries=20_000, capacity_commands=60, capacity_users=20, capacity_rounds=1, warmup=5,
             rates=(10, 20, 40),
             steady_seconds=2.0, progress_alone=5)
CAPACITY = ("ping", "log", "history", "nudge")
# The steady load's mix (shares of 100); a guide command is one of GUIDE in turn.
MIX = {"log": 40, "history": 20, "nudge": 20, "guide": 15, "progress": 5}
GUIDE = ("hipthrust quick", "hipthrust mistakes", "hipthrust program", "hipthrust science", "hipthrust examples")

# What each command's answer looks like when it worked (anything else is counted as unexpected).
EXPECTED: dict[str, Callable[[Message], bool]] = {
    "ping": lambda m: m.content.startswith("Pong"),
    "log": lambda m: m.content.startswith("**Logged**"),
    "history": lambda m: bool(m.embeds),
    "nudge": lambda m: m.content.startswith(("**Next", "**How to start")),
    "progress": lambda m: any(f.filename.endswith(".png") for f in m.attachments),
    "hipthrust": lambda m: bool(m.embeds),
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


def _shot(command: str, lifter: Lifter, users: dict[int, User]) -> Shot:
    if command == "log":
        return Shot("log", users[lifter.user_id], {"weight": lifter.last_barbell, "reps": 10, "sets": 3, "rpe": 8})
    return Shot(command, users[lifter.user_id])


def capacity_shots(command: str, count: int, lifters: list[Lifter], users: dict[int, User]) -> list[Shot]:
    """`count` of one command from the first `len(lifters)` lifters in turn."""
    return [_shot(command, lifters[i % len(lifters)], users) for i in range(count)]


def capacity_crowds(lifters: list[Lifter], plan: Plan) -> tuple[list[Lifter], list[list[Lifter]]]:
    """Who sends the capacity bursts: the lifters every round's /ping, /history and /nudge come
    from, and for each round the lifters its /log writes to, none of them a reader and new ones
    each round. So every round measures logbooks in the same state: when /log wrote to the
    readers, each round added a session of 5 sets to the page /history showed and the sessions
    /nudge read in the next (one run: /history 1.46, 1.54, 1.81 ms; /nudge 0.79, 0.79, 0.99)."""
    size = plan.capacity_users
    writers = [lifters[size * (1 + r):size * (2 + r)] for r in range(plan.capacity_rounds)]
    if any(len(crowd) < size for crowd in writers):
        raise ValueError(f"{len(lifters)} lifters cannot make {plan.capacity_rounds + 1} crowds of {size}")
    return lifters[:size], writers


def steady_shots(count: int, lifters: list[Lifter], users: dict[int, User], chart_once: Iterator[Lifter],
                 rng: random.Random) -> list[Shot]:
    """`count` commands of the steady mix (its shares exactly, rounded), shuffled; each /progress
    from a lifter of `chart_once` (who has not charted yet: the cooldown must not answer instead)."""
    kinds = [kind for kind, share in MIX.items() for _ in range(round(count * share / 100))]
    kinds = (kinds + ["log"] * count)[:count]
    rng.shuffle(kinds)
    shots = []
    for number, kind in enumerate(kinds):
        if kind == "progress":
            shots.append(_shot("progress", next(chart_once), users))
        else:
            command = GUIDE[number % len(GUIDE)] if kind == "guide" else kind
            shots.append(_shot(command, rng.choice(lifters), users))
    return shots


async def progress_alone(firer: Firer, chart_once: Iterator[Lifter], users: dict[int, User],
                         count: int) -> list[Shot]:
    """/progress one at a time, each by a lifter who has not charted yet (no cooldown)."""
    shots = []
    for _ in range(count):
        shots.append(await firer.one(Shot("progress", users[next(chart_once).user_id]), within=30))
    return shots
