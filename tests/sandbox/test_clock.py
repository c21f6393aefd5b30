"""The imitation's ids: Discord's snowflake layout, increasing on a frozen clock, on a chosen shard."""

from __future__ import annotations

import datetime as dt

import discord

from bot.sandbox.clock import Snowflakes
from bot.sandbox.imitation import SCENARIO_CREATED, build_scenario
from bot.sandbox.model import World

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_ids_carry_their_time_and_increase_even_when_the_clock_stands_still() -> None:
    ids = Snowflakes(lambda: NOW)
    first, second = ids.next(), ids.next()
    assert second > first
    # discord.py reads the creation time back out of the id, as it would from one of Discord's.
    assert discord.utils.snowflake_time(first) == NOW


def test_an_id_for_a_shard_lands_on_that_shard() -> None:
    ids = Snowflakes(lambda: NOW)
    for shard in range(3):
        assert (ids.next((shard, 3)) >> 22) % 3 == shard


def test_the_built_in_server_has_the_same_ids_in_every_run() -> None:
    first, second = World(), World()
    a, b = build_scenario(first), build_scenario(second)
    assert [a.bot.id, a.member.id, a.guild.id, a.general.id] == [b.bot.id, b.member.id, b.guild.id, b.general.id]
    assert discord.utils.snowflake_time(a.member.id) == SCENARIO_CREATED
    later = first.add_user("newcomer")  # made in the run: an id of its own time, above the built-in ones
    assert later.id > max(a.training.id, a.moderator_role.id)
    assert discord.utils.snowflake_time(later.id) > SCENARIO_CREATED
