"""/progress with a real bot object (not logged in), a real database and fakes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.errors import CooldownError
from bot.progress.charts import ChartRenderer
from cogs.progress.cog import ProgressCog
from tests.cogs.lifter import interaction, lifter_env, log
from tests.progress.test_charts import png_size


class FailingRenderer(ChartRenderer):
    async def call(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError("the worker died")


@pytest.fixture(scope="module")
def renderer() -> Iterator[ChartRenderer]:
    """One real worker process for the module's charts (starting one is the slow part)."""
    charts = ChartRenderer()
    yield charts
    charts.close()


@pytest.fixture
async def env(tmp_path, renderer):
    async with lifter_env(tmp_path, ProgressCog, charts=renderer) as built:
        yield built


async def progress(env, user=1, **options):
    bot, _, _, _, cog = env
    i = interaction(bot, user)
    await cog.progress.callback(cog, i, **options)
    return i


async def test_progress_with_fewer_than_two_sessions_answers_in_text(env):
    _, _, clock, _, _ = env
    none = await progress(env)
    assert [s.how for s in none.sent] == ["defer", "followup"]
    assert none.sent[0].ephemeral
    assert none.sent[1].ephemeral
    assert "No barbell hip thrust sessions logged yet" in none.sent[1].content
    await log(env, sets=3, rpe=8.0)
    clock.now += timedelta(seconds=10)
    one = await progress(env)
    assert "A chart needs sessions on at least 2 days to show a trend.\n1 session, on " in one.sent[1].content
    assert "Best set: 100 kg × 10 on 2026-11-25" in one.sent[1].content
    assert "file" not in one.sent[1].kwargs


async def test_progress_sends_a_1200_by_600_png_and_a_summary(env):
    for day, weight in (("2026-11-01", 90.0), ("2026-11-10", 95.0), ("2026-11-24", 100.0)):
        await log(env, day=day, weight=weight, sets=3, rpe=8.0)
    i = await progress(env)
    defer, answer = i.sent
    assert defer.ephemeral
    assert answer.ephemeral
    file = answer.kwargs["file"]
    assert file.filename == "progress.png"
    assert png_size(file.fp.read()) == (1200, 600)
    assert answer.content.startswith(
        "**Your barbell hip thrust progress**\n3 sessions logged since 2026-11-01, all on one setup."
    )
    assert "Last 4 weeks (3 sessions): top-set load 90 → 100 kg (+10 kg)" in answer.content


async def test_progress_share_defers_publicly_and_posts_the_chart(env):
    for day in ("2026-11-20", "2026-11-24"):
        await log(env, day=day, sets=3)
    i = await progress(env, share=True)
    defer, answer = i.sent
    assert defer.how == "defer"
    assert not defer.ephemeral
    assert answer.how == "edit_original"
    [attachment] = answer.kwargs["attachments"]
    assert attachment.filename == "progress.png"
    assert i.visible_to_others == [answer.content]


async def test_progress_of_bodyweight_only_is_text(env):
    for day in ("2026-11-20", "2026-11-24"):
        await log(env, day=day, weight=0.0, variant="bridge", reps=15)
    i = await progress(env, variant="bridge")
    # Sets are this bot's rule, not the guide's: said as the bot's.
    assert ("Every session was at bodyweight, so there is no load to chart; with no load to add, this bot's nudges "
            "progress them by reps and sets (`/nudge`).\n") in i.sent[1].content
    assert "file" not in i.sent[1].kwargs


async def test_progress_cooldown_is_per_user_and_answered_before_deferring(env):
    _, _, clock, _, _ = env
    for day in ("2026-11-20", "2026-11-24"):
        await log(env, day=day)
    await progress(env)
    early = interaction(env[0])
    with pytest.raises(CooldownError) as caught:
        await env[4].progress.callback(env[4], early)
    assert caught.value.message == "You can use /progress again in 10.0 s."
    assert early.sent == []  # nothing deferred: the funnel answers with an ephemeral response
    assert (await progress(env, user=2)).sent[0].how == "defer"
    clock.now += timedelta(seconds=9.5)
    with pytest.raises(CooldownError, match=r"again in 0\.5 s"):
        await progress(env)
    clock.now += timedelta(seconds=0.5)
    assert (await progress(env)).sent[0].how == "defer"


async def test_a_failed_chart_does_not_hold_the_user_back(env):
    bot, _, _, _, cog = env
    bot.charts = FailingRenderer()
    for day in ("2026-11-20", "2026-11-24"):
        await log(env, day=day)
    with pytest.raises(RuntimeError):
        await progress(env)
    assert cog.cooldown.retry_after(1) is None  # the next /progress is not refused


async def test_a_text_answer_does_not_hold_the_user_back(env):
    cog = env[4]
    await progress(env)  # nothing logged: text, no chart
    assert cog.cooldown.retry_after(1) is None
    await log(env, day="2026-11-24")
    await progress(env)  # one session: text, no chart
    assert cog.cooldown.retry_after(1) is None


class RecordingRenderer(ChartRenderer):
    """Draws in-process and notes when it was asked to."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def call(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return fn(*args, **kwargs)


async def test_a_chart_waits_while_commands_wait_for_admission(env):
    bot, *_ = env
    bot.charts = charts = RecordingRenderer()
    for day in ("2026-11-20", "2026-11-24"):
        await log(env, day=day)
    admission = bot.admission
    held, queued = asyncio.Event(), asyncio.Event()

    async def command(done: asyncio.Event) -> None:
        async with admission.slot(interaction(bot, user=9)):
            await done.wait()

    holders = [asyncio.create_task(command(held)) for _ in range(admission.limit)]
    waiter = asyncio.create_task(command(queued))  # waits for a slot
    await asyncio.sleep(0)
    assert admission.waiting == 1
    chart = asyncio.create_task(progress(env))
    await asyncio.sleep(0.05)
    assert charts.calls == 0  # deferred, and letting the waiting command go first
    held.set()
    queued.set()
    await asyncio.wait_for(chart, 10)
    assert charts.calls == 1
    await asyncio.gather(*holders, waiter)
