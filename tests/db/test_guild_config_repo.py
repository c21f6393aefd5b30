"""GuildConfigRepository on both backends: settings, the moderator log's problem, forgetting a server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.config.model import GuildConfig
from bot.db.guild_config import GUILD_DETACHED, GUILD_TABLES, GuildConfigRepository
from bot.db.servers import ServerLeftError, Servers
from bot.db.store import Store
from bot.logbook.entries import Preferences
from bot.logbook.posts import SharedPost
from bot.quiz.taken_in import TakenIn
from tests.db.test_copy import entry
from tests.stored import add_entry, save_preferences, save_settings

WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUILD, OTHER = 1_300_000_000_000_000_001, 1_300_000_000_000_000_002  # Discord-sized ids
CHANNELS = (1_300_000_000_000_000_010, 1_300_000_000_000_000_011)


async def fresh(store: Store) -> GuildConfigRepository:
    """A repository without a cache in front: what the database holds."""
    return GuildConfigRepository(store.db, Servers(), ttl=0)


async def test_a_server_that_never_chose_has_the_defaults(store: Store) -> None:
    assert await store.guild_config.get(GUILD) == GuildConfig(GUILD)


async def test_settings_are_stored_per_server_and_read_back(store: Store) -> None:
    chosen = GuildConfig(GUILD, public_answers=False, answer_channels=CHANNELS, log_channel_id=CHANNELS[0],
                         ping_authors=True)  # fmt: skip
    await save_settings(store, chosen, WHEN)
    assert await (await fresh(store)).get(GUILD) == chosen
    assert await (await fresh(store)).get(OTHER) == GuildConfig(OTHER)
    fewer = GuildConfig(GUILD, answer_channels=CHANNELS[1:])
    await save_settings(store, fewer, WHEN)
    assert await (await fresh(store)).get(GUILD) == fewer
    assert await store.guild_config.get(GUILD) == fewer


async def test_the_log_problem_is_stored_and_cleared(store: Store) -> None:
    await save_settings(store, GuildConfig(GUILD, log_channel_id=CHANNELS[0]), WHEN)
    await store.guild_config.set_log_problem(GUILD, "I need the Send Messages permission in <#1>.")
    assert (await (await fresh(store)).get(GUILD)).log_problem == "I need the Send Messages permission in <#1>."
    assert (await store.guild_config.get(GUILD)).log_problem == "I need the Send Messages permission in <#1>."
    await store.guild_config.set_log_problem(GUILD, None)
    assert (await store.guild_config.get(GUILD)).log_problem is None


async def test_a_deleted_channel_leaves_the_answer_channels(store: Store) -> None:
    await save_settings(store, GuildConfig(GUILD, answer_channels=CHANNELS, log_channel_id=CHANNELS[0]), WHEN)
    await store.guild_config.remove_answer_channel(GUILD, CHANNELS[0])
    config = await (await fresh(store)).get(GUILD)
    assert (config.answer_channels, config.log_channel_id) == (CHANNELS[1:], CHANNELS[0])
    await store.guild_config.remove_answer_channel(GUILD, CHANNELS[1])
    assert (await store.guild_config.get(GUILD)).answer_channels == ()


async def test_cached_reads_follow_every_write(store: Store) -> None:
    assert (await store.guild_config.get(GUILD)).ping_authors is False  # cached now
    await save_settings(store, GuildConfig(GUILD, ping_authors=True), WHEN)
    assert (await store.guild_config.get(GUILD)).ping_authors is True
    await store.guild_config.forget_guild(GUILD)
    assert await store.guild_config.get(GUILD) == GuildConfig(GUILD)


async def test_forgetting_a_server_deletes_its_data_and_keeps_the_members_own(store: Store) -> None:
    member = 1_300_000_000_000_000_100
    await save_settings(store, GuildConfig(GUILD, answer_channels=CHANNELS), WHEN)
    await save_settings(store, GuildConfig(OTHER, answer_channels=CHANNELS), WHEN)
    for guild, message in ((GUILD, 1), (GUILD, 2), (OTHER, 3)):
        await store.snippets.add(guild_id=guild, channel_id=CHANNELS[0], message_id=message, section_id="quick-answer",
                                 content_version="v1", pinned_by=member, when=WHEN)  # fmt: skip
    await store.quiz.record(member, GUILD, "main-tool", "v1", WHEN)
    await store.quiz.record(member, OTHER, "accessory", "v1", WHEN)
    await save_preferences(store, member, Preferences(unit="lb"))
    await add_entry(store, member, entry(1, 100), setup_id=None, interaction_id=None, when=WHEN)
    for key, guild in ((11, GUILD), (12, OTHER)):  # a /log shared in each server
        await add_entry(store, member, entry(2, 100), setup_id=None, interaction_id=key, when=WHEN)
        await store.entries.record_post(member, key, SharedPost(guild, CHANNELS[0], key + 100))
    for key, guild in ((13, GUILD), (14, OTHER)):  # one deleted, its post not marked yet
        await add_entry(store, member, entry(2, 100), setup_id=None, interaction_id=key, when=WHEN)
        await store.entries.record_post(member, key, SharedPost(guild, CHANNELS[0], key + 100))
        await store.entries.delete_told_by_interaction(member, key)
    assert await store.guild_config.stored_counts(GUILD) == {"snippet records": 2, "quiz verdicts": 1}

    counts = await store.guild_config.forget_guild(GUILD)

    assert counts == {"answer channels": 2, "settings": 1, "snippet records": 2, "where shared logs were posted": 1,
                      "shared logs still to rewrite as deleted or edited": 1,  # the bot can no longer edit them
                      "chat logs waiting for a reply": 0, "quiz verdicts unlinked from the server": 1}  # fmt: skip
    assert await store.db.fetchval("SELECT guild_id FROM entry_posts") == OTHER  # the other server's stays
    assert [kept.post.guild_id for kept in await store.post_rewrites.waiting()] == [OTHER]
    assert await (await fresh(store)).get(GUILD) == GuildConfig(GUILD)
    assert await store.snippets.for_guild(GUILD) == []
    assert await store.quiz.latest_verdict_counts(GUILD) == {}
    assert await store.guild_config.stored_counts(GUILD) == {"snippet records": 0, "quiz verdicts": 0}
    # The other server keeps everything; the member keeps their log, settings and verdict.
    assert (await (await fresh(store)).get(OTHER)).answer_channels == CHANNELS
    assert len(await store.snippets.for_guild(OTHER)) == 1
    assert await store.quiz.latest_verdict_counts(OTHER) == {"accessory": 1}
    assert (await store.users.preferences(member)).unit == "lb"
    assert await store.db.fetchval("SELECT COUNT(*) FROM entries WHERE user_id = ?", (member,)) == 3
    assert await store.db.fetchval("SELECT COUNT(*) FROM quiz_results WHERE user_id = ?", (member,)) == 2


async def test_every_table_with_a_server_id_is_forgotten_or_unlinked(store: Store) -> None:
    with_guild = {table for table, columns in (await store.db.columns()).items() if "guild_id" in columns}
    assert with_guild == {t for _, t in GUILD_TABLES} | {t for _, t, _ in GUILD_DETACHED}


async def test_a_write_after_the_server_was_forgotten_stores_nothing_of_it_until_the_bot_joins_again(
        store: Store) -> None:
    """A pin, a shared post, a quiz verdict or a /config set under way when the bot was removed
    stored its row after the server's rows were deleted: rows of a server the bot had left."""
    member, key = 1_300_000_000_000_000_100, 21
    await store.quiz.record(member, None, "accessory", "v1", WHEN)  # in DMs
    await add_entry(store, member, entry(2, 100), setup_id=None, interaction_id=key, when=WHEN)
    await store.guild_config.forget_guild(GUILD)

    with pytest.raises(ServerLeftError):
        await save_settings(store, GuildConfig(GUILD, ping_authors=True), WHEN)
    with pytest.raises(ServerLeftError):
        await store.snippets.add(guild_id=GUILD, channel_id=CHANNELS[0], message_id=1, section_id="quick-answer",
                                 content_version="v1", pinned_by=member, when=WHEN)  # fmt: skip
    assert await store.entries.record_post(member, key, SharedPost(GUILD, CHANNELS[0], 9))  # the entry is there
    await store.quiz.record(member, GUILD, "main-tool", "v1", WHEN)  # the member's own: kept, unlinked
    for table in ("guild_config", "snippets", "entry_posts"):
        assert await store.db.fetchval(f"SELECT COUNT(*) FROM {table}") == 0, table
    verdicts = await store.quiz.verdicts_for_user(member)
    assert sorted((v.verdict_id, v.guild_id, v.taken_in) for v in verdicts) == [
        ("accessory", None, TakenIn.DM), ("main-tool", None, TakenIn.LEFT)]

    store.guild_config.joined(GUILD)  # added back to the server
    await save_settings(store, GuildConfig(GUILD, ping_authors=True), WHEN)
    assert (await (await fresh(store)).get(GUILD)).ping_authors is True



async def test_over_many_servers_a_gate_is_kept_only_while_a_write_or_a_removal_uses_it(store: Store) -> None:
    """A bot in many servers for months kept a gate for every server it ever wrote settings of or left."""
    servers = Servers()
    repo = GuildConfigRepository(store.db, servers, ttl=0)
    for guild in range(GUILD, GUILD + 300):
        await repo.change(guild, lambda stored: replace(stored, ping_authors=True), WHEN)
        await repo.forget_guild(guild)
    assert len(servers._gates) == 0
    with pytest.raises(ServerLeftError):  # the removals still store nothing of a write after them
        await repo.change(GUILD + 299, lambda stored: replace(stored, ping_authors=True), WHEN)
    assert len(servers._gates) == 0
    assert await store.db.fetchval("SELECT COUNT(*) FROM guild_config") == 0
