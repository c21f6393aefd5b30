"""Hostile chat lines through the real bot: one answer each, and a refused line stores nothing.

The parser's own fuzzing (test_chat_line_fuzz.py) shows every line gets one clear answer; this
sends the same lines as a lifter would (a DM, a mention in a server, or the context menu on a
plain message) and checks what the bot stored and said against the parser's verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.logbook.chat_line import Choice, Reading, Refusal, parse_line
from bot.logbook.entries import Preferences
from bot.sandbox.mentions import request_pings
from bot.sandbox.snapshots import Reply
from tests.reliability.live import LiveBot, started
from tests.reliability.people import add_members
from tests.reliability.test_chat_line_fuzz import lines

pytestmark = pytest.mark.e2e
PLACES = st.sampled_from(["dm", "mention", "menu"])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    """One bot for every example of this module (a fresh lifter keeps each example apart)."""
    with started(tmp_path_factory.mktemp("chat-hostile"), "chat.db") as running:
        yield running


async def _send(live: LiveBot, line: str, place: str, user: object) -> Reply:
    driver = live.driver
    if place == "dm":
        return await driver.dm(line, user=user)  # type: ignore[arg-type]
    if place == "mention":
        return await driver.say(line, user=user)  # type: ignore[arg-type]
    message = driver.write(line, user=user, channel="general")  # type: ignore[arg-type]
    return await driver.context_menu("Log as hip thrust", message, user=user)  # type: ignore[arg-type]


async def _kept(live: LiveBot, user_id: int) -> tuple[int, int]:
    db = live.bot.store.db
    entries = await db.fetchval("SELECT count(*) FROM entries WHERE user_id = ?", (user_id,))
    waiting = await db.fetchval("SELECT count(*) FROM pending_logs WHERE user_id = ?", (user_id,))
    return int(entries), int(waiting)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=lines.map(str.strip).filter(bool), place=PLACES)
def test_every_line_is_answered_once_and_a_refused_one_stores_nothing(live: LiveBot, line: str, place: str) -> None:
    [user] = add_members(live.imitation, 1)
    sent = len(live.imitation.core.requests)
    reply = live.run(_send(live, line, place, user))
    verdict = parse_line(line, Preferences(), datetime.now(UTC))
    entries, waiting = live.run(_kept(live, user.id))
    event(f"{place}: {type(verdict).__name__}")
    assert reply.ephemeral is (place == "menu")
    if place != "menu":
        assert len(live.driver.answers_to(reply.reference_id or 0)) == 1
    if isinstance(verdict, Refusal):
        assert reply.content == verdict.message
        assert reply.buttons() == []
        assert (entries, waiting) == (0, 0)
    elif isinstance(verdict, Choice):
        assert "two ways" in reply.content
        assert (entries, waiting) == (0, 1)
    else:
        assert isinstance(verdict, Reading)
        assert reply.content.startswith("**Logged** "), reply.content
        assert (entries, waiting) == (1, 0)
    for request in live.imitation.core.requests[sent:]:
        pings = request_pings(request)
        assert pings is None or pings.nobody, request.json
