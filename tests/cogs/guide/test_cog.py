"""`/hipthrust` end to end through the cog, with small fakes of the interaction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.db.store import Store
from bot.errors import NotFoundError, ValidationError
from bot.interactions.tree import answer_error
from cogs.guide.cog import GuideCog
from tests.fakes import FakeClock, FakeInteraction, FakeResponse, offline_bot
from tests.guide.test_data import assert_message_within_limits

_message_ids = itertools.count(500)


@dataclass
class RespondingFake(FakeResponse):
    """Like Discord, the initial response names the message it created."""

    fail: bool = False

    async def send_message(self, content: str | None = None, **kwargs: Any) -> Any:
        if self.fail:
            raise RuntimeError("the send failed")
        await super().send_message(content, **kwargs)
        return SimpleNamespace(message_id=next(_message_ids))


@dataclass
class Interaction(FakeInteraction):
    def __post_init__(self) -> None:
        super().__post_init__()
        self.response = RespondingFake(self)

    @property
    def embeds(self) -> list[discord.Embed]:
        return [e for s in self.sent for e in s.kwargs.get("embeds", [])]

    @property
    def titles(self) -> list[str]:
        return [e.title for e in self.embeds if e.title]

    @property
    def text(self) -> str:
        parts = [e.description or "" for e in self.embeds]
        parts += [f"{f.name}: {f.value}" for e in self.embeds for f in e.fields]
        return "\n".join(parts)




@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
async def cog(clock: FakeClock, store: Store) -> GuideCog:
    cog = GuideCog(offline_bot(store, clock=clock))
    await cog.cog_load()
    return cog


def assert_sent_well(interaction: Interaction, *, ephemeral: bool) -> None:
    assert interaction.sent
    for sent in interaction.sent:
        assert sent.ephemeral is ephemeral
        assert sent.kwargs["allowed_mentions"].to_dict() == {"parse": []}  # pings nobody
        assert_message_within_limits(sent.kwargs["embeds"])


async def test_quick_posts_the_quick_answer_publicly(cog: GuideCog) -> None:
    i = Interaction()
    await cog.quick.callback(cog, i)
    assert_sent_well(i, ephemeral=False)
    assert i.titles == ["Quick answer"]
    assert "stable, loadable hip-extension pattern" in i.text
    assert i.visible_to_others == [""]  # the embed is public (no text content)


async def test_private_answers_only_the_user(cog: GuideCog) -> None:
    i = Interaction()
    await cog.quick.callback(cog, i, private=True)
    assert_sent_well(i, ephemeral=True)
    assert i.visible_to_others == []


async def test_mistakes(cog: GuideCog) -> None:
    i = Interaction()
    await cog.mistakes.callback(cog, i)
    assert i.titles == ["Common mistakes"]
    assert "Chasing the biggest plate stack" in i.text
    assert "compiled from the guide" in (i.embeds[-1].footer.text or "")


async def test_examples_all_and_one(cog: GuideCog) -> None:
    i = Interaction()
    await cog.examples.callback(cog, i)
    assert_sent_well(i, ephemeral=False)
    assert i.titles == ["Glute-focused hypertrophy slot", "Back-fatigue workaround", "Powerlifter accessory"]
    one = Interaction(channel_id=3001)
    await cog.examples.callback(cog, one, case="back-fatigue")
    assert one.titles == ["Back-fatigue workaround"]
    assert "matches that person's recovery budget" in one.text


async def test_program_shows_the_guides_default_and_progression_rule(cog: GuideCog) -> None:
    i = Interaction()
    await cog.program.callback(cog, i)
    assert_sent_well(i, ephemeral=False)
    assert i.titles == [
        "Progress it without chasing the biggest plate stack",
        "Pair it with the work it does not cover",
    ]
    assert "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9" in i.text
    assert "Add load or reps only when you can finish the planned sets" in i.text


async def test_science_all_notes_and_one_with_its_caveat(cog: GuideCog) -> None:
    i = Interaction()
    await cog.science.callback(cog, i)
    assert_sent_well(i, ephemeral=False)
    assert len(i.titles) == 6
    assert i.titles[-1] == "Limitations"
    one = Interaction(channel_id=3001)
    await cog.science.callback(cog, one, topic="activation")
    (embed,) = one.embeds
    assert "high activation in several common strength exercises" in (embed.description or "")
    assert "activation data alone cannot prove" in (embed.description or "")


async def test_guide_section_by_id_or_title(cog: GuideCog) -> None:
    i = Interaction()
    await cog.section.callback(cog, i, section="terms")
    assert i.titles == ["Terms used here"]
    typed = Interaction(channel_id=3001)
    await cog.section.callback(cog, typed, section="who this is for / not for", private=True)
    assert typed.titles == ["Who this is for / not for"]
    assert "Pain, injury and rehab: the guide says the evidence does not make hip thrusts a substitute" in typed.text


async def test_unknown_section_gets_a_private_did_you_mean(cog: GuideCog) -> None:
    i = Interaction()
    with pytest.raises(NotFoundError) as caught:
        await cog.section.callback(cog, i, section="quik answr")
    await answer_error(i, caught.value)
    [sent] = i.sent
    assert sent.ephemeral
    assert "Did you mean **Quick answer**" in sent.content
    assert "`/hipthrust guide`" in sent.content


async def test_unknown_section_never_echoes_a_mention(cog: GuideCog) -> None:
    with pytest.raises(NotFoundError) as caught:
        await cog.section.callback(cog, Interaction(), section="@everyone")
    assert "@everyone" not in caught.value.message


async def test_a_long_unknown_section_is_cut_before_it_is_escaped(cog: GuideCog) -> None:
    # Escaped, then cut at 60 characters, it kept the backslash of `\*` and lost the star:
    # Discord showed "…aaa\…", a stray backslash before the ellipsis.
    with pytest.raises(NotFoundError) as caught:
        await cog.section.callback(cog, Interaction(), section="a" * 58 + "*b*")
    assert caught.value.message.startswith("No guide section is called “" + "a" * 58 + "\\*…”.")


async def test_autocomplete_lists_titles_best_first(cog: GuideCog) -> None:
    everything = await cog.section_autocomplete(Interaction(), "")
    assert len(everything) == 21  # every section of the guide, How to use this guide included
    assert everything[0] == app_commands.Choice(name="Quick answer", value="quick-answer")
    squat = await cog.section_autocomplete(Interaction(), "squats glutes")
    assert squat[0].value == "science-squat-trial"
    assert all(len(c.name) <= 100 for c in everything)


async def test_same_section_twice_in_a_channel_within_a_minute_is_answered_privately(
    cog: GuideCog, clock: FakeClock
) -> None:
    first = Interaction(id=1)
    await cog.quick.callback(cog, first)
    clock.now += timedelta(seconds=30)
    second = Interaction(id=2)
    await cog.section.callback(cog, second, section="quick-answer")  # same section, other command
    assert_sent_well(second, ephemeral=True)
    [sent] = second.sent
    assert "posted in this channel 30 s ago: https://discord.com/channels/2000/3000/" in sent.content
    assert second.titles == ["Quick answer"]  # still gets the text, privately

    elsewhere = Interaction(id=3, channel_id=3001)
    await cog.quick.callback(cog, elsewhere)
    assert_sent_well(elsewhere, ephemeral=False)

    clock.now += timedelta(seconds=31)
    later = Interaction(id=4)
    await cog.quick.callback(cog, later)
    assert_sent_well(later, ephemeral=False)


async def test_a_dm_with_the_bot_is_not_guarded(cog: GuideCog) -> None:
    # No audience to spare a repeat in a DM: it answered "This was posted in this channel 1 s ago: …/@me/…".
    for n in (1, 2):
        dm = Interaction(id=n, guild_id=None)
        await cog.quick.callback(cog, dm)
        assert_sent_well(dm, ephemeral=False)
        assert not dm.sent[0].content  # no note: a plain answer
    assert len(cog.bot.recent_posts) == 0


async def test_private_posts_do_not_count_as_channel_posts(cog: GuideCog) -> None:
    await cog.quick.callback(cog, Interaction(id=1), private=True)
    public = Interaction(id=2)
    await cog.quick.callback(cog, public)
    assert_sent_well(public, ephemeral=False)


async def test_a_failed_post_does_not_block_the_next_one(cog: GuideCog) -> None:
    failing = Interaction(id=1)
    failing.response = RespondingFake(failing, fail=True)
    with pytest.raises(RuntimeError):
        await cog.quick.callback(cog, failing)
    retry = Interaction(id=2)
    await cog.quick.callback(cog, retry)
    assert_sent_well(retry, ephemeral=False)


async def test_the_extension_registers_the_hipthrust_group(tmp_path) -> None:
    store = await Store.open(tmp_path / "bot.db")
    bot = offline_bot(store)
    try:
        await bot.load_extension("cogs.guide")
        group = bot.tree.get_command("hipthrust")
        assert isinstance(group, app_commands.Group)
        assert sorted(c.name for c in group.commands) == [
            "examples",
            "guide",
            "mistakes",
            "program",
            "quick",
            "science",
        ]
        payload = group.to_dict(bot.tree)
        commands = {c["name"]: c for c in payload["options"]}
        assert len(payload["description"]) <= 100
        for command in commands.values():
            assert len(command["description"]) <= 100
        case = next(o for o in commands["examples"]["options"] if o["name"] == "case")
        assert [c["value"] for c in case["choices"]] == ["hypertrophy", "back-fatigue", "powerlifter"]
        topic = next(o for o in commands["science"]["options"] if o["name"] == "topic")
        assert {c["value"] for c in topic["choices"]} == {
            "why",
            "glute-function",
            "activation",
            "squat-trial",
            "menu",
            "limitations",
        }
        # `guide` is a plain subcommand (type 1) whose first option is the section: no `guide section`.
        guide = commands["guide"]
        assert guide["type"] == 1
        assert [o["name"] for o in guide["options"]] == ["section", "private"]
        section = guide["options"][0]
        assert (section["required"], section["autocomplete"]) == (True, True)
        for command in commands.values():
            assert command["type"] == 1
            private = next(o for o in command["options"] if o["name"] == "private")
            assert private["required"] is False
    finally:
        await bot.close()
        await store.close()


async def test_a_choice_discord_would_not_send_is_refused_by_name(tmp_path):
    store = await Store.open(tmp_path / "g.db")
    bot = offline_bot(store)
    cog = GuideCog(bot)
    await cog.cog_load()
    with pytest.raises(ValidationError, match=r"\*\*case\*\* must be one of hypertrophy"):
        await cog.examples.callback(cog, Interaction(), case="deadlift")
    with pytest.raises(ValidationError, match=r"\*\*topic\*\*"):
        await cog.science.callback(cog, Interaction(), topic="astrology")
    await store.close()
