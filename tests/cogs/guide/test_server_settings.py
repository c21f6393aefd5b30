"""`/hipthrust` under a server's settings, through the cog: the default, answer channels, threads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.config.model import GuildConfig
from bot.db.store import Store
from cogs.guide.cog import GuideCog
from tests.cogs.guide.test_cog import Interaction
from tests.fakes import FakeClock, offline_bot
from tests.stored import save_settings

GUILD, HERE, ANSWERS = 2000, 3000, 3100


@dataclass
class Thread:
    """What the cog reads of a thread discord.py resolved: its id and the channel it is in."""

    id: int
    parent_id: int


@pytest.fixture
async def cog(store: Store) -> GuideCog:
    cog = GuideCog(offline_bot(store, clock=FakeClock()))
    await cog.cog_load()
    return cog


async def test_a_thread_of_an_answer_channel_gets_public_answers(cog: GuideCog, store: Store) -> None:
    await save_settings(store, GuildConfig(GUILD, answer_channels=(ANSWERS,)), FakeClock()())
    in_thread = Interaction(channel_id=4000, channel=Thread(4000, parent_id=ANSWERS))
    await cog.quick.callback(cog, in_thread)
    assert [s.ephemeral for s in in_thread.sent] == [False]

    elsewhere = Interaction(channel_id=4001, channel=Thread(4001, parent_id=HERE))
    await cog.quick.callback(cog, elsewhere)
    [sent] = elsewhere.sent
    assert sent.ephemeral
    assert sent.content == (
        f"On this server guide answers are posted publicly in <#{ANSWERS}>, so here is a copy only you can see."
    )
    assert elsewhere.visible_to_others == []


async def test_the_settings_of_one_server_do_not_reach_another(cog: GuideCog, store: Store) -> None:
    await save_settings(store, GuildConfig(GUILD, public_answers=False), FakeClock()())
    mine = Interaction()
    await cog.quick.callback(cog, mine)
    assert mine.sent[0].ephemeral
    other = Interaction(guild_id=GUILD + 1)
    await cog.quick.callback(cog, other)
    assert not other.sent[0].ephemeral
    in_dm = Interaction(guild_id=None, channel_id=HERE + 1)
    await cog.quick.callback(cog, in_dm)
    assert not in_dm.sent[0].ephemeral  # a DM has no server settings: the defaults


async def test_the_context_menu_joins_the_tree_with_the_cog_and_leaves_with_it(cog: GuideCog) -> None:
    menu = cog.bot.tree.get_command("Answer with the guide", type=cog.answer_menu.type)
    assert menu is cog.answer_menu
    payload = menu.to_dict(cog.bot.tree)
    assert (payload["type"], payload["contexts"], payload["default_member_permissions"]) == (3, [0], None)
    await cog.cog_unload()
    assert cog.bot.tree.get_command("Answer with the guide", type=cog.answer_menu.type) is None
