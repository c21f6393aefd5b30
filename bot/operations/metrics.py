"""One bot's Prometheus metrics, in a registry of its own (two bots in one process, as in the
tests, never share counters). Nothing here knows Discord: the tree, the database and the chart
renderer report plain names and numbers, and `bot_state` adds what is read at scrape time.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.registry import Collector

PREFIX = "hipthrust"
# How an application command ended, from the operator's side. Exactly one per command.
ANSWERED = "answered"
# Discord refused this process's answer as the interaction was already acknowledged (40060): the user
# saw another answer. Another process with this token answered it (on another database: on the same
# one a second process refuses to start, see bot.operations.shard_claim), or this bot did before a
# restart and Discord delivered it again (a redelivery it has seen never reaches a handler).
ANSWERED_ELSEWHERE = "answered_elsewhere"
USER_ERROR = "user_error"  # the funnel told the user what to change (a UserError, a stale command)
UNEXPECTED_ERROR = "unexpected_error"  # a bug or a storage fault: logged with an error id
DEADLINE_MISSED = "deadline_missed"  # no first answer within Discord's 3 s: the user saw "did not respond"
OUTCOMES = (ANSWERED, ANSWERED_ELSEWHERE, USER_ERROR, UNEXPECTED_ERROR, DEADLINE_MISSED)
# A worse outcome replaces a milder one (an error after a late answer is still a missed deadline).
SEVERITY = {outcome: rank for rank, outcome in enumerate(OUTCOMES)}
DEADLINE_SECONDS = 3.0
# Finer below Discord's 3 s deadline, where the bot lives; the buckets past it say by how much.
FIRST_ANSWER_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 10.0)
DB_JOB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CHART_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class Metrics:
    """Counters and histograms the bot feeds as it works; `registry` is what /metrics serves."""

    def __init__(self, *, process: bool = True) -> None:
        self.registry = CollectorRegistry()
        if process:  # CPU, memory, open files and start time of this process (Linux)
            ProcessCollector(namespace=PREFIX, registry=self.registry)
        self.interactions = Counter(
            f"{PREFIX}_interactions", "Application commands handled, by command and outcome",
            ["command", "outcome"], registry=self.registry,
        )  # fmt: skip
        self.first_answer = Histogram(
            f"{PREFIX}_interaction_first_answer_seconds",
            "From receiving a command to its first answer (a reply or a defer); Discord allows 3 s",
            ["command"], buckets=FIRST_ANSWER_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.db_jobs = Histogram(
            f"{PREFIX}_db_job_seconds", "Database jobs (Database.run) from call to result, by kind",
            ["kind", "writes"], buckets=DB_JOB_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.chart_renders = Counter(
            f"{PREFIX}_chart_renders", "Charts drawn in the worker process, by outcome (ok, failed)",
            ["outcome"], registry=self.registry,
        )  # fmt: skip
        self.reminders = Counter(
            f"{PREFIX}_reminders", "Reminder DMs, by outcome (sent, dms closed, failed)",
            ["outcome"], registry=self.registry,
        )  # fmt: skip
        self.chart_seconds = Histogram(
            f"{PREFIX}_chart_render_seconds", "Chart renders from request to PNG, worker start-up included",
            buckets=CHART_BUCKETS, registry=self.registry,
        )  # fmt: skip

    def interaction_done(self, command: str, outcome: str, first_answer: float | None) -> None:
        """Count one finished command; `first_answer` is seconds to its first answer, if it had one."""
        if outcome not in SEVERITY:
            raise ValueError(f"unknown outcome {outcome!r}")
        self.interactions.labels(command, outcome).inc()
        if first_answer is not None:
            self.first_answer.labels(command).observe(first_answer)

    def job_done(self, kind: str, writes: bool, seconds: float) -> None:
        """A `bot.db.database.JobObserver`: one database job finished."""
        self.db_jobs.labels(kind, "true" if writes else "false").observe(seconds)

    def chart_done(self, ok: bool, seconds: float) -> None:
        self.chart_renders.labels("ok" if ok else "failed").inc()
        self.chart_seconds.observe(seconds)

    def reminder_done(self, outcome: str) -> None:
        self.reminders.labels(outcome).inc()

    def watch(self, collector: Collector) -> None:
        """Add a collector read at every scrape (see `bot_state.BotState`)."""
        self.registry.register(collector)


def worse(current: str | None, new: str) -> str:
    """The more severe of two outcomes (`current` may be None: nothing recorded yet)."""
    if current is None or SEVERITY[new] > SEVERITY[current]:
        return new
    return current
