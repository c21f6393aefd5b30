"""/fitquiz and /quizstats through the cog, its buttons and a real SQLite store."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import discord
import pytest
from discord import app_commands

from bot.client import HipThrustBot
from bot.content import ContentError, load_content
from bot.db.store import Store
from bot.guide.recent_posts import RecentPosts
from bot.quiz.engine import QuizState, verdict
from bot.quiz.model import complete_paths
from bot.quiz.taken_in import TakenIn
from bot.settings import Settings
from cogs.quiz.cog import OUTDATED, STALE_BUTTON, QuizCog
from cogs.quiz.views import TEMPLATE, QuizButton, question_message, result_message
from tests.content import data_copy
from tests.fakes import FakeFollowup, FakeInteraction, Sent, joined, offline_bot
from tests.paths import QUIZ_FILE
from tests.quiz.helpers import shipped_quiz

WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
QUIZ = shipped_quiz()
# goal, need, week, setup, back: a glute goal that every later question applies to.
MAIN_TOOL_RUN = ["Grow my glutes", "No, not specifically", "Yes, both"]
MAIN_TOOL_RUN += ["Yes, the same setup every time", "No, I recover from them fine"]
MAIN_TOOL = "One useful, loadable option for your glute goal, inside a small menu"


@dataclass
class QuizInteraction(FakeInteraction):
    client: Any = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.user = SimpleNamespace(id=self.user_id)


async def open_bot(db_path, data_dir=QUIZ_FILE.parent) -> HipThrustBot:
    store = await Store.open(db_path)
    settings = Settings(data_dir=data_dir)
    bot = offline_bot(store, clock=lambda: WHEN, settings=settings, content=load_content(settings))
    await bot.load_extension("cogs.quiz")
    return joined(bot, FakeInteraction.guild_id, 9999)  # the servers the tests take the quiz in


async def close_bot(bot: HipThrustBot) -> None:
    await bot.close()
    await bot.store.close()


@pytest.fixture
async def bot(tmp_path):
    bot = await open_bot(tmp_path / "bot.db")
    yield bot
    await close_bot(bot)


def cog_of(bot: HipThrustBot) -> QuizCog:
    cog = bot.get_cog("Quiz")
    # load_extension imports its own copy of the module, so compare by name, not class identity.
    assert type(cog).__name__ == "QuizCog"
    return cast(QuizCog, cog)


async def start(bot: HipThrustBot, **who: Any) -> QuizInteraction:
    interaction = QuizInteraction(client=bot, **who)
    cog = cog_of(bot)
    await cog.fitquiz.callback(cog, interaction)  # type: ignore[arg-type]
    return interaction


async def click(bot: HipThrustBot, custom_id: str, **who: Any) -> QuizInteraction:
    """Press a button the way discord.py dispatches it: through the registered dynamic items."""
    interaction = QuizInteraction(client=bot, type=discord.InteractionType.component, **who)
    registered = bot._connection._view_store._dynamic_items
    found = [(factory, m) for pattern, factory in registered.items() if (m := pattern.fullmatch(custom_id))]
    assert len(found) == 1, custom_id
    factory, match = found[0]
    item = await factory.from_custom_id(interaction, None, match)  # type: ignore[arg-type]
    await item.callback(interaction)  # type: ignore[arg-type]
    return interaction


def shown(interaction: QuizInteraction) -> Sent:
    assert len(interaction.sent) == 1, interaction.sent
    return interaction.sent[0]


def buttons(sent: Sent) -> dict[str, QuizButton]:
    return {b.item.label: b for b in sent.kwargs["view"].children}


async def run_through(bot: HipThrustBot, labels: list[str], **who: Any) -> Sent:
    sent = shown(await start(bot, **who))
    for label in labels:
        sent = shown(await click(bot, buttons(sent)[label].custom_id, **who))
    return sent


async def test_fitquiz_is_a_plain_command_and_quizstats_needs_manage_server(bot):
    commands_ = {c.name: c for c in cog_of(bot).get_app_commands()}
    fitquiz, stats = commands_["fitquiz"], commands_["quizstats"]
    assert isinstance(fitquiz, app_commands.Command)
    assert isinstance(stats, app_commands.Command)
    assert fitquiz.default_permissions is None
    assert fitquiz.to_dict(bot.tree)["default_member_permissions"] is None
    assert stats.default_permissions == discord.Permissions(manage_guild=True)
    assert stats.allowed_contexts is not None
    assert stats.allowed_contexts.guild
    assert not stats.allowed_contexts.dm_channel
    assert not stats.allowed_contexts.private_channel
    assert TEMPLATE in bot._connection._view_store._dynamic_items  # clicks survive restarts


async def test_a_full_run_advances_in_place_and_stores_the_verdict(bot):
    first = shown(await start(bot))
    assert first.how == "response"
    assert first.ephemeral
    assert first.embed.title == "Question 1 of up to 5"
    assert list(buttons(first)) == [a.label for a in QUIZ.questions[0].answers] + ["Back"]
    assert buttons(first)["Back"].item.disabled
    sent = first
    for number, label in enumerate(MAIN_TOOL_RUN[:-1], start=2):
        sent = shown(await click(bot, buttons(sent)[label].custom_id))
        assert sent.how == "edit_message"
        assert sent.embed.title == f"Question {number} of {5 if number == 5 else 'up to 5'}"
    assert await bot.store.quiz.verdicts_for_user(1000) == []
    result = shown(await click(bot, buttons(sent)[MAIN_TOOL_RUN[-1]].custom_id))
    embed = result.embed
    assert embed.title == MAIN_TOOL
    assert "Why, in the guide's words" in embed.description
    assert "Glute hypertrophy: use hip thrusts" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9" in fields["A starting point"]
    assert "squat/lunge/leg-press pattern" in fields["Pair it with"]
    assert list(buttons(result)) == ["Back", "Restart", "Share", "Share with my answers"]
    assert await bot.store.quiz.verdicts_for_user(1000) == [
        ("main-tool", QUIZ.version, WHEN.isoformat(), 2000, TakenIn.SERVER)]
    assert await bot.store.quiz.latest_verdict_counts(2000) == {"main-tool": 1}


async def test_back_and_restart(bot):
    second = shown(await click(bot, buttons(shown(await start(bot)))["Grow my glutes"].custom_id))
    assert not buttons(second)["Back"].item.disabled
    assert shown(await click(bot, buttons(second)["Back"].custom_id)).embed.title == "Question 1 of up to 5"
    result = await run_through(bot, MAIN_TOOL_RUN)
    back = shown(await click(bot, buttons(result)["Back"].custom_id))
    assert back.embed.title == "Question 5 of 5"
    restarted = shown(await click(bot, buttons(result)["Restart"].custom_id))
    assert restarted.embed.title == "Question 1 of up to 5"


async def test_the_pain_answer_ends_at_once_without_a_prescription(bot):
    result = await run_through(bot, ["Help with pain, an injury or rehab"])
    embed = result.embed
    assert embed.title == "No pain, injury or rehab advice here"
    assert "qualified" in embed.description
    assert "rehab work" in embed.description
    assert [f.name for f in embed.fields] == []
    assert (await bot.store.quiz.verdicts_for_user(1000))[0].verdict_id == "not-here"


async def test_a_click_after_the_bot_restarted_still_works(tmp_path):
    first = await open_bot(tmp_path / "bot.db")
    pending = buttons(await run_through(first, MAIN_TOOL_RUN[:-1]))[MAIN_TOOL_RUN[-1]].custom_id
    await close_bot(first)
    second = await open_bot(tmp_path / "bot.db")
    try:
        result = shown(await click(second, pending))
        assert result.embed.title == MAIN_TOOL
        assert (await second.store.quiz.verdicts_for_user(1000))[0].verdict_id == "main-tool"
    finally:
        await close_bot(second)


async def test_a_click_on_an_outdated_quiz_says_so_and_starts_again(tmp_path):
    old = await open_bot(tmp_path / "old.db")
    pending = buttons(await run_through(old, MAIN_TOOL_RUN[:-1]))[MAIN_TOOL_RUN[-1]].custom_id
    await close_bot(old)
    data = data_copy(tmp_path)
    text = QUIZ_FILE.read_text(encoding="utf-8").replace('"Grow my glutes"', '"Build my glutes"')
    (data / "quiz.toml").write_text(text, encoding="utf-8")
    new = await open_bot(tmp_path / "new.db", data_dir=data)
    try:
        sent = shown(await click(new, pending))
        assert sent.how == "edit_message"
        assert sent.kwargs["content"] == OUTDATED
        assert "updated" in OUTDATED
        assert sent.embed.title == "Question 1 of up to 5"
        assert "Build my glutes" in buttons(sent)
        assert await new.store.quiz.verdicts_for_user(1000) == []
    finally:
        await close_bot(new)


async def test_two_share_presses_at_once_post_once(bot, monkeypatch):
    """The second press comes while the first one's post is on its way: it is told so, and the
    verdict is posted once (the post is claimed before it is sent)."""
    result = await run_through(bot, MAIN_TOOL_RUN)
    sending, release = asyncio.Event(), asyncio.Event()
    send = FakeFollowup.send

    async def slow_send(self, *args, **kwargs):
        sending.set()
        await release.wait()
        return await send(self, *args, **kwargs)

    monkeypatch.setattr(FakeFollowup, "send", slow_send)
    first = asyncio.create_task(click(bot, buttons(result)["Share"].custom_id))
    await sending.wait()
    # Were the post claimed only once sent, this press would be sending too (and wait: a timeout).
    second = shown(await asyncio.wait_for(click(bot, buttons(result)["Share with my answers"].custom_id), 5))
    assert second.content == "Your verdict is being shared here right now."
    release.set()
    posts = [sent for sent in (await first).sent if sent.how == "followup"]
    assert len(posts) == 1
    assert second.ephemeral


async def test_share_posts_a_public_summary_with_answers_only_on_request(bot):
    result = await run_through(bot, MAIN_TOOL_RUN)
    shared = await click(bot, buttons(result)["Share"].custom_id)
    quiz, post = shared.sent
    assert quiz.how == "edit_message"  # the quiz message, shared once: its Share buttons go
    assert quiz.embed.title == MAIN_TOOL
    assert list(buttons(quiz)) == ["Back", "Restart", "Shared"]
    assert buttons(quiz)["Shared"].item.disabled
    assert post.how == "followup"
    assert shared.visible_to_others == [post.content]
    assert MAIN_TOOL in post.content
    assert not any(label in post.content for label in MAIN_TOOL_RUN)
    mentions = post.kwargs["allowed_mentions"]
    assert (mentions.everyone, mentions.users, mentions.roles) == (False, False, False)
    again = shown(await click(bot, buttons(result)["Share with my answers"].custom_id))  # within the minute
    assert again.ephemeral
    assert again.content.startswith("You shared this verdict here ")
    bot.recent_posts = RecentPosts(bot.clock)  # a minute later
    _, with_answers = (await click(bot, buttons(result)["Share with my answers"].custom_id)).sent
    assert all(label in with_answers.content for label in MAIN_TOOL_RUN)


@pytest.mark.parametrize(
    ("custom_id", "message"),
    [
        ("fq:zzzzzz.0:0", STALE_BUTTON),
        ("fq:{v}.9:0", STALE_BUTTON),
        ("fq:{v}.0:x", STALE_BUTTON),
        ("fq:{v}.:s", "Answer every question first."),
        ("fq:{v}.:7", "not one of this question's choices"),
        ("fq:{v}.:b", "already the first question"),
    ],
)
async def test_impossible_clicks_get_a_private_answer_and_change_nothing(bot, custom_id, message):
    interaction = await click(bot, custom_id.format(v=QUIZ.version))
    sent = shown(interaction)
    assert sent.how == "response"
    assert sent.ephemeral
    assert message in sent.content
    assert interaction.visible_to_others == []
    assert await bot.store.quiz.verdicts_for_user(1000) == []


async def test_quizstats_counts_latest_verdicts_in_this_server_only(bot):
    await run_through(bot, MAIN_TOOL_RUN, user_id=1)
    await run_through(bot, MAIN_TOOL_RUN, user_id=2)
    await run_through(bot, ["Help with pain, an injury or rehab"], user_id=3)
    await run_through(bot, MAIN_TOOL_RUN, user_id=3, guild_id=9999)
    cog = cog_of(bot)
    asked = QuizInteraction(client=bot, user_id=77)
    await cog.quizstats.callback(cog, asked)  # type: ignore[arg-type]
    sent = shown(asked)
    assert sent.ephemeral
    embed = sent.embed
    assert f"**2** · {MAIN_TOOL}" in embed.description
    assert "**1** · No pain, injury or rehab advice here" in embed.description
    # Counts and verdict titles only: no mentions, no user ids.
    assert all(re.fullmatch(r"\*\*\d+\*\* · [^<@\d]+", line) for line in embed.description.splitlines())
    empty = QuizInteraction(client=joined(bot, 4242), guild_id=4242)  # a server of the bot's where no one took it
    await cog.quizstats.callback(cog, empty)  # type: ignore[arg-type]
    assert "No one has finished" in shown(empty).embed.description


def every_position() -> set[tuple[int, ...]]:
    return {path[:n] for path in complete_paths(QUIZ) for n in range(len(path) + 1)}


def test_every_message_fits_discord_and_its_custom_ids_are_unique():
    for answers in every_position():
        state = QuizState(QUIZ.version, answers)
        if len(answers) and answers in set(complete_paths(QUIZ)):
            embed, view = result_message(QUIZ, state, verdict(QUIZ, answers))
        else:
            embed, view = question_message(QUIZ, state)
        ids = [item.custom_id for item in view.children if isinstance(item, QuizButton)]
        assert len(ids) == len(set(ids)) == len(view.children)
        assert all(len(i) <= 100 and TEMPLATE.fullmatch(i) for i in ids)
        assert len(embed) <= 6000
        assert len(embed.description or "") <= 4096
        assert all(len(f.value or "") <= 1024 for f in embed.fields)


async def test_a_broken_quiz_file_stops_the_bot_starting_naming_the_problem(tmp_path):
    data = data_copy(tmp_path)
    (data / "quiz.toml").write_text("questions = []\n", encoding="utf-8")
    store = await Store.open(tmp_path / "bot.db")
    bot = HipThrustBot(Settings(data_dir=data), store, sync="never")
    try:
        with pytest.raises(ContentError) as failed:
            await bot.setup_hook()  # reads the content before any extension loads
        assert "quiz.toml" in str(failed.value)
    finally:
        await bot.close()
        await store.close()
