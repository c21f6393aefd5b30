"""`/snippet pin` through the cog: permissions, posting, pinning, Discord's errors; the group's schema."""

from __future__ import annotations

import sqlite3

import discord
import pytest
from discord import app_commands

from bot.errors import MissingPermissionError, UserError
from bot.snippets.model import State
from cogs.snippets.channels import current_versions, snippet_embeds
from cogs.snippets.cog import SnippetsCog
from tests.cogs.snippets.env import GUIDE, HERE, OTHER, Setup, option
from tests.guide.test_data import assert_message_within_limits


async def test_pin_posts_pins_and_records_with_footer_and_audit_reason(env: Setup) -> None:
    i = await env.pin()
    [snippet] = await env.records()
    assert (snippet.guild_id, snippet.channel_id, snippet.section_id) == (2000, HERE, "quick-answer")
    assert snippet.content_version == current_versions(GUIDE)["quick-answer"]
    assert (snippet.pinned_by, snippet.state) == (1000, State.PINNED)
    assert env.here.pins == [snippet.message_id]
    message = env.here.messages[snippet.message_id]
    footer = message.embeds[-1].footer.text or ""
    assert footer == f"Guide snippet: Quick answer · guide version {snippet.content_version} · pinned by Mod Jo"
    assert ("pin", snippet.message_id, "Guide snippet pinned by 1000") in env.world.actions
    assert i.sent[0].how == "defer"
    assert i.sent[0].ephemeral
    assert (
        i.answer
        == f"Pinned **Quick answer** in <#{HERE}>: https://discord.com/channels/2000/{HERE}/{snippet.message_id}"
    )
    assert i.visible_to_others == []


async def test_bot_missing_pin_messages_is_named_and_nothing_is_posted(env: Setup) -> None:
    perms = discord.Permissions.all()
    perms.pin_messages = False
    perms.embed_links = False
    i = env.interaction(app_permissions=perms)
    text = await env.refused(i, env.cog.pin.callback(env.cog, i, "quick-answer", None))
    assert text == f"I need the Embed Links and Pin Messages permissions in <#{HERE}>."
    assert env.world.actions == []
    assert await env.records() == []
    assert [s.how for s in i.sent] == ["response"]  # refused before deferring


async def test_pin_into_another_channel_checks_the_bots_permissions_there(env: Setup) -> None:
    env.other.bot_perms = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
    i = env.interaction()
    text = await env.refused(
        i, env.cog.pin.callback(env.cog, i, "quick-answer", option(env.other, discord.Permissions.all()))
    )
    assert text == f"I need the Read Message History and Pin Messages permissions in <#{OTHER}>."
    assert env.world.actions == []


async def test_moderator_without_pin_messages_in_the_other_channel_is_refused(env: Setup) -> None:
    theirs = discord.Permissions(view_channel=True, send_messages=True)
    i = env.interaction()
    text = await env.refused(i, env.cog.pin.callback(env.cog, i, "quick-answer", option(env.other, theirs)))
    assert text == f"You need the Pin Messages permission in <#{OTHER}>."
    assert env.world.actions == []
    assert await env.records() == []


async def test_a_derived_section_says_so_in_its_footer(env: Setup) -> None:
    await env.pin("common-mistakes")
    [snippet] = await env.records()
    footer = env.here.messages[snippet.message_id].embeds[-1].footer.text or ""
    assert footer.startswith(
        "Guide snippet: Common mistakes (compiled from the guide's other sections) · guide version"
    )


async def test_pin_into_another_channel(env: Setup) -> None:
    await env.pin("terms", option(env.other, discord.Permissions.all()))
    [snippet] = await env.records()
    assert snippet.channel_id == OTHER
    assert env.other.pins == [snippet.message_id]
    assert env.here.pins == []


async def test_full_pin_list_deletes_the_post_and_says_so(env: Setup) -> None:
    env.here.pins = [m.id for m in env.here.post(250)]
    i = env.interaction()
    text = await env.refused(i, env.cog.pin.callback(env.cog, i, "quick-answer", None))
    assert "already has 250 pinned messages" in text
    assert "Unpin one first" in text
    assert "Nothing was left posted." in text
    assert [a[0] for a in env.world.actions] == ["send", "delete"]
    assert await env.records() == []


async def test_pin_refused_after_the_post_and_the_post_cannot_be_removed_is_recorded_unpinned(env: Setup) -> None:
    env.here.pin_error, env.here.delete_fails = 50013, True
    i = env.interaction()
    text = await env.refused(i, env.cog.pin.callback(env.cog, i, "quick-answer", None))
    assert "I lack a permission" in text
    assert "I need View Channel, Send Messages, Embed Links, Read Message History and Pin Messages there." in text
    assert "recorded as unpinned" in text
    [snippet] = await env.records()
    assert snippet.state is State.UNPINNED


async def test_a_record_that_fails_leaves_no_post(env: Setup, monkeypatch) -> None:
    async def full_disk(**_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(env.store.snippets, "add", full_disk)
    i = env.interaction()
    with pytest.raises(sqlite3.OperationalError):  # the funnel's apology with an error id follows
        await env.cog.pin.callback(env.cog, i, "quick-answer", None)
    assert [a[0] for a in env.world.actions] == ["send", "delete"]  # recorded before it is pinned
    assert (env.here.pins, env.here.messages) == ([], {})


async def test_unknown_section_suggests_and_posts_nothing(env: Setup) -> None:
    i = env.interaction()
    with pytest.raises(UserError) as caught:
        await env.cog.pin.callback(env.cog, i, "quik answr", None)
    assert "Did you mean **Quick answer**" in caught.value.message
    assert "/snippet pin" in caught.value.message
    assert env.world.actions == []


async def test_the_group_is_for_pin_messages_holders_in_servers_only() -> None:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))
    payload = SnippetsCog.snippet.to_dict(tree)
    assert int(payload["default_member_permissions"]) == 1 << 51  # Pin Messages, and only that
    assert payload["contexts"] == [0]
    assert payload["integration_types"] == [0]
    assert sorted(o["name"] for o in payload["options"]) == ["list", "pin", "refresh", "unpin"]
    pin = next(o for o in payload["options"] if o["name"] == "pin")
    channel = next(o for o in pin["options"] if o["name"] == "channel")
    assert channel["channel_types"] == [0, 5]
    assert not channel["required"]


def test_missing_permission_error_reads_well() -> None:
    assert MissingPermissionError(["pin_messages"], whose="you", where="<#1>").message == (
        "You need the Pin Messages permission in <#1>."
    )


@pytest.mark.parametrize("section", [s.id for s in GUIDE.sections])
def test_every_section_fits_one_pinned_message(section: str) -> None:
    embeds = snippet_embeds(GUIDE.get(section), guide_title=GUIDE.title, version="0" * 12, pinner="N" * 32)
    assert_message_within_limits(embeds)
