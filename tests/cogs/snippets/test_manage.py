"""`/snippet list | unpin | refresh` and the delete listeners: records kept in step with the channels."""

from __future__ import annotations

from types import SimpleNamespace

import discord

from bot.interactions.buttons import expiry_stamp
from bot.snippets.model import State
from cogs.guide.cog import GuideCog
from cogs.snippets.channels import current_versions
from cogs.snippets.views import ListPageButton
from tests.cogs.snippets.env import GUIDE, HERE, OTHER, Setup, edited, option
from tests.fakes import offline_bot


async def test_list_marks_stale_unpinned_by_hand_and_gone_and_counts_this_channels_pins(env: Setup) -> None:
    for section in ("quick-answer", "terms", "caveats", "who-for"):
        await env.pin(section)
    by_section = {s.section_id: s for s in await env.records()}
    env.here.pins.remove(by_section["terms"].message_id)  # unpinned by hand
    env.world.delete_by_hand(HERE, by_section["caveats"].message_id)
    env.here.pins += [m.id for m in env.here.post(60)]  # more than one page of pins
    env.guide = edited(GUIDE, "quick-answer")

    i = env.interaction()
    env.world.pin_page_requests = 0  # each pin read the channel's pins too
    await env.cog.list_snippets.callback(env.cog, i)
    assert i.sent[0].how == "defer"
    assert i.sent[0].ephemeral
    assert i.answer.startswith("Pins in this channel: 62 / 250")
    [embed] = i.embeds
    text = embed.description or ""
    assert "**Quick answer** in <#3000> · **stale**" in text
    assert "**Terms used here** in <#3000> · unpinned by hand" in text
    assert "gone: message or channel deleted" in text
    assert "**Who this is for / not for** in <#3000> · current" in text
    assert embed.footer.text == "1 current · 1 stale · 1 unpinned · 1 gone"
    states = {s.section_id: s.state for s in await env.records()}
    assert states == {
        "quick-answer": State.PINNED,
        "terms": State.UNPINNED,
        "caveats": State.GONE,
        "who-for": State.PINNED,
    }
    assert env.world.pin_page_requests == 2  # 62 pins: two pages of 50


async def test_list_pages_when_long(env: Setup) -> None:
    for section in GUIDE.sections[:12]:
        await env.pin(section.id)
    i = env.interaction()
    await env.cog.list_snippets.callback(env.cog, i)
    [embed] = i.embeds
    assert embed.footer.text is not None
    assert embed.footer.text.startswith("Page 1 of 2")
    buttons = i.sent[-1].kwargs["view"].children
    assert [(b.item.label, b.item.disabled) for b in buttons] == [("Previous", True), ("Next", False)]
    env.cog.expirer.cancel_all()


async def test_list_with_no_snippets(env: Setup) -> None:
    i = env.interaction()
    await env.cog.list_snippets.callback(env.cog, i)
    assert i.answer.startswith("No guide snippets have been pinned in this server yet.")
    assert "Pins in this channel: 0 / 250" in i.answer


async def test_unpin_autocomplete_then_unpin_keeps_the_record(env: Setup) -> None:
    await env.pin("terms", option(env.other, discord.Permissions.all()))
    i = env.interaction()
    [choice] = await env.cog.snippet_autocomplete(i, "train")
    assert choice.name == "Terms used here · #training · 2026-03-01"
    assert await env.cog.snippet_autocomplete(env.interaction(guild_id=9999), "") == []  # another server's
    await env.cog.unpin.callback(env.cog, i, choice.value)
    [snippet] = await env.records()
    assert snippet.state is State.REMOVED
    assert env.other.pins == []
    assert ("unpin", snippet.message_id, "Guide snippet unpinned by 1000") in env.world.actions
    assert i.answer.startswith(f"Unpinned **Terms used here** in <#{OTHER}>.")
    assert await env.cog.snippet_autocomplete(i, "") == []
    again = env.interaction()
    text = await env.refused(again, env.cog.unpin.callback(env.cog, again, choice.value))
    assert text == "That snippet is not pinned any more (removed); nothing to unpin."


async def test_unpin_in_another_channel_checks_the_moderator_there(env: Setup) -> None:
    await env.pin("terms", option(env.other, discord.Permissions.all()))
    [snippet] = await env.records()
    env.other.member_perms = discord.Permissions(view_channel=True)
    i = env.interaction()
    text = await env.refused(i, env.cog.unpin.callback(env.cog, i, str(snippet.id)))
    assert text == f"You need the Pin Messages permission in <#{OTHER}>."


async def test_unpin_of_a_deleted_message_marks_it_gone(env: Setup) -> None:
    await env.pin()
    [snippet] = await env.records()
    env.world.delete_by_hand(HERE, snippet.message_id)
    i = env.interaction()
    text = await env.refused(i, env.cog.unpin.callback(env.cog, i, str(snippet.id)))
    assert "was deleted" in text
    assert (await env.records())[0].state is State.GONE


async def test_unpin_in_a_deleted_channel_marks_its_snippets_gone(env: Setup) -> None:
    await env.pin("terms", option(env.other, discord.Permissions.all()))
    [snippet] = await env.records()
    del env.world.channels[OTHER]  # gone from Discord and the cache; no delete event reached the bot
    i = env.interaction()
    text = await env.refused(i, env.cog.unpin.callback(env.cog, i, str(snippet.id)))
    assert text == "That channel no longer exists. Its snippets are now marked gone."
    assert (await env.records())[0].state is State.GONE


async def test_unpin_refused_by_discord_names_what_unpinning_takes(env: Setup) -> None:
    """A permission lost between the bot's own check and the unpin: Discord's refusal names what
    removing a pin takes, not all that pinning does."""
    await env.pin()
    [snippet] = await env.records()
    env.here.unpin_error = 50013
    i = env.interaction()
    text = await env.refused(i, env.cog.unpin.callback(env.cog, i, str(snippet.id)))
    assert text == (
        f"Discord refused: I lack a permission in <#{HERE}>. I need View Channel and Pin Messages there."
    )
    assert (await env.records())[0].state is State.PINNED


async def test_unpin_of_something_else_is_not_found(env: Setup) -> None:
    i = env.interaction()
    text = await env.refused(i, env.cog.unpin.callback(env.cog, i, "not a snippet"))
    assert text == ("No snippet of this server matches `not a snippet`. Start typing in the `snippet` option of"
                    " `/snippet unpin` and pick one from the list.")


async def test_refresh_edits_stale_snippets_keeps_the_pinner_and_reports_counts(env: Setup) -> None:
    await env.pin("quick-answer")
    await env.pin("terms")
    await env.pin("caveats")
    by_section = {s.section_id: s for s in await env.records()}
    env.guide = edited(GUIDE, "quick-answer")
    new_version = current_versions(env.guide)["quick-answer"]

    i = env.interaction()
    await env.cog.refresh.callback(env.cog, i)
    assert i.answer == "Refreshed 1 stale snippet · 2 already current · 0 gone."
    message = env.here.messages[by_section["quick-answer"].message_id]
    assert "One more sentence." in (message.embeds[0].description or "")
    assert (
        message.embeds[-1].footer.text
        == f"Guide snippet: Quick answer · guide version {new_version} · pinned by Mod Jo"
    )
    after = {s.section_id: s for s in await env.records()}
    assert after["quick-answer"].content_version == new_version

    env.guide = edited(env.guide, "terms")
    env.world.delete_by_hand(HERE, by_section["terms"].message_id)
    again = env.interaction()
    await env.cog.refresh.callback(env.cog, again)
    assert again.answer == "Refreshed 0 stale snippets · 2 already current · 1 gone."


async def test_refresh_refused_by_discord_names_what_editing_takes(env: Setup) -> None:
    """A permission lost between the bot's own check and the edit: the note names what editing a
    snippet takes (EDIT_NEEDS), not all that pinning does, and the snippet stays stale."""
    await env.pin("quick-answer")
    env.guide = edited(GUIDE, "quick-answer")
    env.here.edit_error = 50001
    i = env.interaction()
    await env.cog.refresh.callback(env.cog, i)
    assert i.answer == (
        "Refreshed 0 stale snippets · 0 already current · 0 gone.\n"
        f"Not refreshed in <#{HERE}>: Discord refused: I lack a permission in <#{HERE}>. I need View Channel"
        " and Embed Links there."
    )
    [snippet] = await env.records()
    assert snippet.content_version != current_versions(env.guide)["quick-answer"]


async def test_refresh_without_embed_links_in_a_channel_says_so_and_edits_nothing_there(env: Setup) -> None:
    await env.pin("quick-answer", option(env.other, discord.Permissions.all()))
    env.guide = edited(GUIDE, "quick-answer")
    env.other.bot_perms = discord.Permissions(view_channel=True, read_message_history=True, pin_messages=True)
    i = env.interaction()  # in another channel: the bot's permissions there are worked out
    await env.cog.refresh.callback(env.cog, i)
    assert i.answer == (
        "Refreshed 0 stale snippets · 0 already current · 0 gone.\n"
        f"Not refreshed in <#{OTHER}>: I need the Embed Links permission in <#{OTHER}>."
    )
    assert ("edit", (await env.records())[0].message_id, None) not in env.world.actions


async def test_pinning_again_where_discord_refuses_the_pins_names_what_reading_them_takes(env: Setup) -> None:
    """Pinning a section this channel already shows reads its pins first (records can be behind);
    Discord's refusal there names what reading pins takes (READ_PINS_NEEDS)."""
    await env.pin("quick-answer")
    env.here.pins_error = 50001
    i = env.interaction()
    text = await env.refused(i, env.cog.pin.callback(env.cog, i, "quick-answer", None))
    assert text == (
        f"Discord refused: I lack a permission in <#{HERE}>. I need View Channel and Read Message History there."
    )


async def test_delete_events_mark_snippets_gone(env: Setup) -> None:
    for section in ("quick-answer", "terms", "caveats"):
        await env.pin(section)
    await env.pin("who-for", option(env.other, discord.Permissions.all()))
    by_section = {s.section_id: s for s in await env.records()}
    # The gateway's payloads, parsed by discord.py's own event classes.
    deleted = {"id": by_section["quick-answer"].message_id, "channel_id": HERE, "guild_id": 2000}
    await env.cog.on_raw_message_delete(discord.RawMessageDeleteEvent(deleted))  # type: ignore[arg-type]
    bulk = {"ids": [by_section["terms"].message_id, 12345], "channel_id": HERE, "guild_id": 2000}
    await env.cog.on_raw_bulk_message_delete(discord.RawBulkMessageDeleteEvent(bulk))  # type: ignore[arg-type]
    await env.cog.on_guild_channel_delete(SimpleNamespace(id=OTHER, guild=SimpleNamespace(id=2000)))
    states = {s.section_id: s.state for s in await env.records()}
    assert states == {"quick-answer": State.GONE, "terms": State.GONE, "caveats": State.PINNED, "who-for": State.GONE}



async def test_a_servers_lock_is_kept_only_while_held_over_deletes_in_many_servers(env: Setup) -> None:
    """Every message deleted in any server takes its server's lock: one was kept for every server
    where a message was ever deleted, for as long as the process lived."""
    await env.pin("quick-answer")
    [pinned] = await env.records()
    for guild in range(3000, 3500):  # the gateway's payloads of 500 servers' deletes
        deleted = {"id": guild * 10, "channel_id": guild + 1, "guild_id": guild}
        await env.cog.on_raw_message_delete(discord.RawMessageDeleteEvent(deleted))  # type: ignore[arg-type]
        bulk = {"ids": [guild * 10 + 1, guild * 10 + 2], "channel_id": guild + 1, "guild_id": guild}
        await env.cog.on_raw_bulk_message_delete(discord.RawBulkMessageDeleteEvent(bulk))  # type: ignore[arg-type]
    assert len(env.cog._guild_locks) == 0
    assert [s.state for s in await env.records()] == [State.PINNED]  # none of those was its message
    deleted = {"id": pinned.message_id, "channel_id": HERE, "guild_id": 2000}
    await env.cog.on_raw_message_delete(discord.RawMessageDeleteEvent(deleted))  # type: ignore[arg-type]
    assert [s.state for s in await env.records()] == [State.GONE]
    assert len(env.cog._guild_locks) == 0


async def test_list_next_page_button_shows_the_rest(env: Setup) -> None:
    for section in GUIDE.sections[:12]:
        await env.pin(section.id)
    bot = offline_bot(env.store)
    await bot.add_cog(GuideCog(bot))
    # In the server's channel, where the button checks which channels the moderator can view.
    click = env.interaction(type=discord.InteractionType.component, client=bot, guild_id=env.world.guild_id)
    await ListPageButton(1, "n", expiry_stamp(bot.clock())).handle(click)  # type: ignore[arg-type]
    [sent] = click.sent
    assert sent.how == "edit_message"
    edit = sent.kwargs
    assert edit["embed"].footer.text.startswith("Page 2 of 2")
    assert edit["embed"].description.count("pinned by <@1000>") == 2
    assert [(b.item.label, b.item.disabled) for b in edit["view"].children] == [("Previous", False), ("Next", True)]
    await bot.close()
