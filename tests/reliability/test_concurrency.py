"""2,000 /log interactions from 200 lifters, 100 in flight: every one stored once and answered in time."""

from __future__ import annotations

import logging
import time

import pytest

from tests.reliability.conftest import Lab
from tests.reliability.storm import Send, Storm, log_sender
from tests.stored import entry_count

pytestmark = pytest.mark.e2e
log = logging.getLogger(__name__)

LIFTERS, LOGS_EACH, IN_FLIGHT = 200, 10, 100


async def test_a_storm_of_logs_is_stored_exactly_and_answered_within_the_deadline(lab: Lab) -> None:
    lifters = lab.members(LIFTERS)
    training = lab.driver.channel("training")
    # Round robin, so every lifter has logs in flight at once; loads stay within the plausible
    # band (no "did you mean" question) and vary so the nudges have something to compute.
    sends: list[Send] = [
        log_sender(lab.driver, lifter, training,
                   {"weight": 100 + (n % 5) * 2.5 + i % 7, "reps": 8 + n % 5, "sets": 3, "rpe": 8})
        for n in range(LOGS_EACH) for i, lifter in enumerate(lifters)
    ]
    storm = Storm(lab.driver, IN_FLIGHT)
    began = time.perf_counter()
    await storm.run(sends)
    elapsed = time.perf_counter() - began
    waits = sorted((r.callback_at - r.created_at).total_seconds() for r in storm.sent if r.callback_at)
    log.warning("storm: %d /log in %.1f s (%.0f a second); answer within %.2f s median, %.2f s worst",
                len(sends), elapsed, len(sends) / elapsed, waits[len(waits) // 2], waits[-1])

    assert len(storm.answered) == len(sends) == LIFTERS * LOGS_EACH
    assert all(r.duplicate_callbacks == 0 for r in storm.sent)
    replies = [(r.callback_data or {}).get("content", "") for r in storm.sent]
    assert all(text.startswith("**Logged** 3 × ") for text in replies)
    assert lab.driver.deadline_misses() == []
    assert await lab.store.db.fetchval("SELECT COUNT(*) FROM entries") == LIFTERS * LOGS_EACH
    assert await lab.store.db.fetchval("SELECT COUNT(DISTINCT interaction_id) FROM entries") == len(sends)
    counts = [await entry_count(lab.store, lifter.id) for lifter in lifters]
    assert counts == [LOGS_EACH] * LIFTERS
