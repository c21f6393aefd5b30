"""The metrics the bot feeds, read back from their registry; how the funnel and the tree decide an outcome."""

from __future__ import annotations

import types
from functools import partial
from pathlib import Path
from typing import Any

import discord
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.db.database import Queries, job_kind
from bot.db.sqlite import SqliteDatabase
from bot.errors import ValidationError
from bot.interactions.tree import UNKNOWN_INTERACTION, answer_error
from bot.operations import outcomes
from bot.operations.charts import CountedCharts
from bot.operations.metrics import DEADLINE_MISSED, UNEXPECTED_ERROR, USER_ERROR, Metrics, worse
from bot.progress.charts import ChartRenderer
from tests.fakes import FakeInteraction


def values(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the registry as Prometheus would read it: (name, sorted labels) → value."""
    text = generate_latest(metrics.registry).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_an_interaction_is_counted_with_its_first_answer() -> None:
    metrics = Metrics(process=False)
    metrics.interaction_done("log", "answered", 0.2)
    metrics.interaction_done("log", "answered", 0.4)
    metrics.interaction_done("log", DEADLINE_MISSED, None)
    found = values(metrics)
    assert found[("hipthrust_interactions_total", (("command", "log"), ("outcome", "answered")))] == 2
    assert found[("hipthrust_interactions_total", (("command", "log"), ("outcome", DEADLINE_MISSED)))] == 1
    assert found[("hipthrust_interaction_first_answer_seconds_count", (("command", "log"),))] == 2
    assert found[("hipthrust_interaction_first_answer_seconds_bucket", (("command", "log"), ("le", "0.25")))] == 1
    assert found[("hipthrust_interaction_first_answer_seconds_sum", (("command", "log"),))] == pytest.approx(0.6)
    with pytest.raises(ValueError, match="unknown outcome"):
        metrics.interaction_done("log", "fine", 0.1)


def test_the_worse_outcome_wins() -> None:
    assert worse(None, USER_ERROR) == USER_ERROR
    assert worse(USER_ERROR, UNEXPECTED_ERROR) == UNEXPECTED_ERROR
    assert worse(DEADLINE_MISSED, USER_ERROR) == DEADLINE_MISSED


async def _named_job(q: Queries, value: int) -> int:
    return int(await q.fetchval("SELECT ?", (value,)))


def test_a_job_is_named_by_its_function() -> None:
    assert job_kind(partial(partial(_named_job, value=1))) == "named_job"
    assert job_kind(lambda q: q) == "<lambda>"


async def test_the_sqlite_engine_times_every_job(tmp_path: Path) -> None:
    db = await SqliteDatabase.open(tmp_path / "jobs.db")
    seen: list[tuple[str, bool, float]] = []
    db.job_observer = lambda kind, writes, seconds: seen.append((kind, writes, seconds))
    try:
        assert await db.run(partial(_named_job, value=7)) == 7
        assert await db.run(partial(_named_job, value=8), writes=True) == 8
        with pytest.raises(ZeroDivisionError):
            await db.run(partial(_failing_job))
    finally:
        await db.close()
    assert [(kind, writes) for kind, writes, _ in seen] == [("named_job", False), ("named_job", True),
                                                           ("failing_job", False)]
    assert all(0 <= seconds < 5 for _, _, seconds in seen)


async def _failing_job(q: Queries) -> None:
    await q.fetchval("SELECT 1")
    raise ZeroDivisionError


class _Inner(ChartRenderer):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    async def call(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    def close(self) -> None:
        self.closed = True


async def test_charts_are_counted_by_outcome() -> None:
    metrics, inner = Metrics(process=False), _Inner()
    charts = CountedCharts(inner, metrics)
    assert await charts.call(pow, 2, 5) == 32
    with pytest.raises(ZeroDivisionError):
        await charts.call(divmod, 1, 0)
    charts.close()
    assert inner.closed
    found = values(metrics)
    assert found[("hipthrust_chart_renders_total", (("outcome", "ok"),))] == 1
    assert found[("hipthrust_chart_renders_total", (("outcome", "failed"),))] == 1
    assert found[("hipthrust_chart_render_seconds_count", ())] == 2


def outcome_of(interaction: FakeInteraction) -> str:
    metrics = Metrics(process=False)
    return outcomes.settle(interaction, metrics)  # type: ignore[arg-type]


async def test_the_funnel_marks_user_and_unexpected_errors() -> None:
    user = FakeInteraction()
    await answer_error(user, ValidationError("reps", "a whole number from 1 to 100", 0))  # type: ignore[arg-type]
    assert user.extras["hipthrust.outcome"] == USER_ERROR
    broken = FakeInteraction()
    await answer_error(broken, RuntimeError("boom"))  # type: ignore[arg-type]
    assert broken.extras["hipthrust.outcome"] == UNEXPECTED_ERROR


async def test_an_expired_or_unanswered_command_missed_its_deadline() -> None:
    expired = FakeInteraction()
    outcomes.dispatched(expired, received_at=None)  # type: ignore[arg-type]
    response = type("R", (), {"status": 404, "reason": "Not Found"})()
    await answer_error(expired, discord.NotFound(response, {"code": UNKNOWN_INTERACTION, "message": "x"}))  # type: ignore[arg-type]
    assert expired.extras["hipthrust.outcome"] == DEADLINE_MISSED
    silent = FakeInteraction()
    outcomes.dispatched(silent, received_at=None)  # type: ignore[arg-type]
    assert outcome_of(silent) == DEADLINE_MISSED  # it never answered: Discord showed "did not respond"


def test_an_interaction_not_answered_is_not_let_go_of() -> None:
    """`let_go` unties only an answered response: one not answered still refers to its interaction,
    which answering it needs (tests/e2e/test_let_go.py holds the answered side)."""
    interaction = types.SimpleNamespace()
    response = interaction._cs_response = discord.InteractionResponse(interaction)  # type: ignore[arg-type]
    outcomes.let_go(interaction)  # type: ignore[arg-type]
    assert response._parent is interaction
    response._response_type = discord.InteractionResponseType.channel_message
    outcomes.let_go(interaction)  # type: ignore[arg-type]
    assert response._parent is None
