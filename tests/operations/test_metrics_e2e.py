"""/metrics, /healthz and /readyz of our real bot on the imitation, read as Prometheus reads them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from bot.client import HipThrustBot
from bot.operations.metrics import ANSWERED, ANSWERED_ELSEWHERE, DEADLINE_MISSED, UNEXPECTED_ERROR, USER_ERROR
from bot.operations.server import serving
from bot.sandbox.raw import command_data
from tests.e2e.logbook_helpers import seed_sessions, today
from tests.operations.scrape import Scrape, get, scrape
from tests.reliability.conftest import Lab
from tests.reliability.storm import Send, Storm, log_sender

pytestmark = pytest.mark.e2e
INTERACTIONS = "hipthrust_interactions_total"
FIRST_ANSWER = "hipthrust_interaction_first_answer_seconds"


@asynccontextmanager
async def port_of(bot: HipThrustBot) -> AsyncIterator[int]:
    async with serving(bot, bot.metrics, "127.0.0.1", 0) as port:
        yield port


async def settled(port: int, done: Callable[[Scrape], bool]) -> Scrape:
    """Scrape until `done` (a command is counted when its handler ends, just after its answer)."""
    for _ in range(100):
        found = await scrape(port)
        if done(found):
            return found
        await asyncio.sleep(0.05)
    return found


async def test_a_scrape_shows_every_gauge_and_health_says_ready(lab: Lab) -> None:
    assert lab.bot is not None
    async with port_of(lab.bot) as port:
        found = await scrape(port)
        assert found.value("hipthrust_admission_waiting") == 0
        assert found.value("hipthrust_admission_admitted") == 0
        assert found.value("hipthrust_admission_limit") == 16
        assert found.labels_of("hipthrust_event_loop_lag_seconds", "quantile") == {"0.5", "0.99", "1"}
        assert found.value("hipthrust_event_loop_lag_samples") > 0
        assert found.value("hipthrust_gateway_connected", shard="0") == 1
        # Before discord.py's first heartbeat ACK (41 s in) the latency is not known and not shown.
        assert all(0 <= s.value < 5 for s in found.samples if s.name == "hipthrust_gateway_latency_seconds")
        assert "hipthrust_process_resident_memory_bytes" in found.names()
        assert await get(port, "/healthz") == (200, "text/plain; charset=utf-8", "ok\n")
        assert await get(port, "/readyz") == (200, "text/plain; charset=utf-8", "ready\n")


def unreadable(lab: Lab) -> Send:
    """A /log whose options discord.py cannot read at all: the funnel apologises with an error id."""
    driver = lab.driver
    member, general = driver.user("member"), driver.channel("general")
    data = command_data(lab.imitation.core, "log", {}, member, general)
    data["options"] = "weight=100"
    return lambda: driver.send(2, member, general, data)


async def test_a_storm_moves_the_counters_by_exactly_the_commands_sent(lab: Lab) -> None:
    assert lab.bot is not None
    driver = lab.driver
    lifters = lab.members(12)
    training = driver.channel("training")
    good = [log_sender(driver, lifter, training, {"weight": 100 + n, "reps": 8})
            for n in range(5) for lifter in lifters]
    bad = [log_sender(driver, lifter, training, {"weight": 100, "reps": 0}) for lifter in lifters[:7]]
    broken = [unreadable(lab) for _ in range(3)]
    sends = good + bad + broken
    sends = [sends[i] for i in sorted(range(len(sends)), key=lambda i: (i * 7919) % len(sends))]  # interleaved
    async with port_of(lab.bot) as port:
        await driver.slash("ping")  # one before: the counters exist, and the storm adds to them
        before = await settled(port, lambda s: s.value(INTERACTIONS) == 1)
        assert before.value(INTERACTIONS, command="ping", outcome=ANSWERED) == 1
        storm = Storm(driver, 20)
        await storm.run(sends)
        assert len(storm.answered) == len(sends)
        after = await settled(port, lambda s: s.value(INTERACTIONS) >= 1 + len(sends))

    def moved(name: str, **labels: str) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    assert moved(INTERACTIONS) == len(sends)  # exactly: each command counted once
    assert moved(INTERACTIONS, command="log", outcome=ANSWERED) == len(good)
    assert moved(INTERACTIONS, command="log", outcome=USER_ERROR) == len(bad)
    # discord.py cannot even read which command those were: they count under "unknown".
    assert moved(INTERACTIONS, command="unknown", outcome=UNEXPECTED_ERROR) == len(broken)
    assert moved(INTERACTIONS, outcome="deadline_missed") == 0
    # Every command had a first answer, within Discord's 3 s.
    assert moved(f"{FIRST_ANSWER}_count") == len(sends)
    assert moved(f"{FIRST_ANSWER}_count", command="log") == len(good) + len(bad)
    assert moved(f"{FIRST_ANSWER}_bucket", le="3.0") == len(sends)
    assert 0 < moved(f"{FIRST_ANSWER}_sum") < 3 * len(sends)
    # Each stored /log was one writing job of kind "log".
    assert moved("hipthrust_db_job_seconds_count", kind="log", writes="true") >= len(good)
    assert await lab.store.db.fetchval("SELECT COUNT(*) FROM entries") == len(good)
    assert after.value("hipthrust_admission_waiting") == 0


async def test_a_chart_and_its_database_jobs_are_counted(lab: Lab) -> None:
    assert lab.bot is not None
    await seed_sessions(lab.bot, lab.driver.user("member").id, 3, end=today(lab.imitation))
    async with port_of(lab.bot) as port:
        before = await scrape(port)
        chart = await lab.driver.slash("progress")
        assert chart.content.startswith("**Your barbell hip thrust progress**")
        after = await settled(port, lambda s: s.value(INTERACTIONS, command="progress") == 1)
    assert after.value("hipthrust_chart_renders_total", outcome="ok") == 1
    assert before.value("hipthrust_chart_renders_total") == 0
    assert after.value("hipthrust_chart_render_seconds_count") == 1
    assert after.value("hipthrust_db_job_seconds_count", kind="progress_inputs", writes="false") == 1
    assert after.value(INTERACTIONS, command="progress", outcome=ANSWERED) == 1


async def test_an_answer_discord_refuses_as_already_given_is_no_missed_deadline(lab: Lab) -> None:
    """Discord refuses the second answer to one interaction (40060): here this bot before a restart gave
    the first, as another process with the token would. The user saw an answer: the alert for
    unanswered commands must not fire."""
    reply = await lab.driver.slash("ping")
    bot = await lab.restart()  # a fresh process remembers no interaction ids
    async with port_of(bot) as port:
        await lab.driver.redeliver(reply)
        found = await settled(port, lambda s: s.value(INTERACTIONS) == 1)
    assert found.value(INTERACTIONS, command="ping", outcome=ANSWERED_ELSEWHERE) == 1
    assert found.value(INTERACTIONS, outcome=DEADLINE_MISSED) == 0
