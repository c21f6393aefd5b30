"""/log's nudge and /nudge with a real bot object (not logged in), a real database and fakes."""

from __future__ import annotations

import discord
import pytest

from bot.errors import ValidationError
from bot.logbook.entries import Preferences
from bot.nudges.history import advice_for
from cogs.logbook.held import StorePending
from cogs.nudges.cog import NudgeCog
from tests.cogs.lifter import interaction, lifter_env, log
from tests.stored import save_preferences

PROGRESS_TITLE = "Progress it without chasing the biggest plate stack"
SETUP_TITLE = "Make the setup repeatable"


@pytest.fixture
async def env(tmp_path):
    async with lifter_env(tmp_path, NudgeCog) as built:
        yield built


async def nudge(env, user=1, **options):
    bot, _, _, _, cog = env
    i = interaction(bot, user)
    await cog.nudge.callback(cog, i, **options)
    [reply] = i.sent
    assert reply.ephemeral
    return reply.content

async def test_log_twice_shows_baseline_then_add_reps(env):
    first = (await log(env, sets=3, rpe=8.0, day="2026-11-23")).sent[0].content.splitlines()
    assert first[0] == "**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell on 2026-11-23."
    assert first[1] == "**Next session:** 3 × 10 reps at 100 kg."
    assert first[2].startswith("• This is your baseline for barbell hip thrusts on this setup.")
    assert first[2].endswith(f"(guide: {SETUP_TITLE})")
    second = (await log(env, sets=3, reps=12, rpe=8.0)).sent[0].content.splitlines()
    assert second[1] == "**Next session:** 3 × 13 reps at 100 kg."
    assert second[2].startswith("• Keep this load and add reps next time until every set reaches the top of your")
    assert second[2].endswith(f"(guide: {PROGRESS_TITLE})")


async def test_log_at_the_top_of_the_range_adds_one_increment_in_the_unit_it_was_logged_in(env):
    _, store, _, _, _ = env
    await log(env, weight=220.0, unit="lb", sets=3, reps=12, rpe=8.0, day="2026-11-20")
    reply = (await log(env, weight=220.0, unit="lb", sets=3, reps=15, rpe=8.0, day="2026-11-22")).sent[0].content
    # Settings say kg: 2.5 kg is one 5 lb step on a bar loaded in lb (it read 102.5 kg, 99.8 kg + 2.7 kg).
    assert "**Next session:** 3 × 6–15 reps at 225 lb." in reply
    assert "one increment more next time: 5 lb (your increment of 2.5 kg, in whole 5 lb steps" in reply
    await save_preferences(store, 1, Preferences(unit="lb"))
    reply = (await log(env, weight=220.0, unit="lb", sets=3, reps=15, rpe=8.0)).sent[0].content
    assert "**Next session:** 3 × 6–15 reps at 225 lb." in reply
    assert "this bot's default is one increment more next time: 5 lb." in reply


async def test_a_new_variant_after_another_is_a_new_baseline_not_a_first_log(env):
    await log(env, day="2026-11-20")
    reply = (await log(env, variant="machine", weight=60.0)).sent[0].content
    assert "• First machine session: a new baseline" in reply


async def test_store_anyway_reply_carries_the_nudge(env):
    bot, _, _, cog, _ = env
    await bot.add_cog(cog)
    await log(env, day="2026-11-20")
    ask = await log(env, weight=250.0)
    confirm = interaction(bot, type=discord.InteractionType.component)
    await StorePending("ok", ask.id, False).handle(confirm)
    lines = confirm.sent[0].content.splitlines()
    assert lines[0].startswith("**Logged** 1 × 10 @ 250 kg")
    # A record, but a jump: the line claims no progress and leaves the word to the jump nudge.
    assert lines[1].startswith("**Rep record:** 10 reps at 250 kg, up from 100 kg on 2026-11-20.")
    assert "progress" not in lines[1]
    assert lines[2] == "**Next session:** 1 × 10 reps at 250 kg."
    assert "more than 10% above your best previous one" in lines[3]


async def test_the_nudge_reads_whole_sessions_within_its_window(env):
    _, store, clock, _, _ = env
    for day, weight, reps in ("2026-11-18", 100.0, 10), ("2026-11-20", 100.0, 9), ("2026-11-20", 80.0, 12), \
                             ("2026-11-22", 100.0, 8):
        await log(env, day=day, weight=weight, reps=reps)
    # Three sessions, 20 November whole (its back-off set does not hide the 100 kg top set):
    # reps fell at 100 kg twice running.
    three = await advice_for(store, 1, "barbell", Preferences(), now=clock(), sessions=3)
    assert three.nudges[0].id == "back-off"
    # Two sessions are not enough to say so.
    two = await advice_for(store, 1, "barbell", Preferences(), now=clock(), sessions=2)
    assert two.nudges[0].id == "add-reps"


async def test_nudge_without_history_is_how_to_start(env):
    text = await nudge(env)
    assert text.startswith("**How to start (barbell hip thrust)**")
    assert "The guide's practical default is 2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9" in text
    assert f"(guide: *{PROGRESS_TITLE}*)" in text
    assert "-# This bot's defaults, not the guide's" in text


async def test_nudge_with_history_gives_target_why_and_passage(env):
    await log(env, variant="machine", weight=60.0, reps=15, sets=3, rpe=9.0, day="2026-11-22")
    await log(env, variant="machine", weight=60.0, reps=15, sets=3, rpe=9.0)
    text = await nudge(env)  # no variant: the one logged last
    assert text.startswith("**Next machine session:** 3 × 15 reps at 60 kg.\n**Why**\n• You reached the top")
    assert ("> “They progress reps or load only when the same range and effort repeat across sessions.” "
            "(guide: *Glute-focused hypertrophy slot*)") in text
    assert (await nudge(env, variant="barbell")).startswith("**How to start (barbell hip thrust)**")


async def test_nudge_refuses_an_unknown_variant(env):
    with pytest.raises(ValidationError) as caught:
        await nudge(env, variant="sumo")
    assert caught.value.field == "variant"
