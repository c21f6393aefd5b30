"""The test doubles hold to discord.py's signatures and Discord's visibility rules.

A double that accepts what discord.py refuses, or shows a message Discord would hide, lets a cog
test pass on a bug: these tests keep tests/fakes.py honest.
"""

from __future__ import annotations

import discord
import pytest

from bot.client import HipThrustBot
from bot.interactions import callbacks
from bot.interactions.buttons import expiry_stamp, view_of
from cogs.logbook.history import PageButton
from tests.fakes import FakeInteraction, offline_bot


@pytest.mark.parametrize(
    "call",
    [
        lambda i: i.response.send_message("hi", ephemral=True),
        lambda i: i.response.defer(ephemral=True),
        lambda i: i.response.send_message("hi", embed=discord.Embed(), embeds=[discord.Embed()]),
    ],
    ids=["send_message", "defer", "embed and embeds"],
)
async def test_a_keyword_discord_py_does_not_take_fails(call) -> None:
    i = FakeInteraction()
    with pytest.raises(TypeError):
        await call(i)
    assert i.sent == []
    assert not i.response.is_done()


async def test_followups_and_edits_take_only_their_own_keywords() -> None:
    i = FakeInteraction()
    await i.response.defer(ephemeral=True, thinking=True)
    with pytest.raises(TypeError):
        await i.followup.send("hi", ephemral=True)
    with pytest.raises(TypeError):
        await i.edit_original_response(content="hi", ephemeral=True)  # an edit cannot change who sees it
    await i.followup.send("hi", ephemeral=True, silent=True, wait=False)  # what discord.py takes passes
    assert [s.how for s in i.sent] == ["defer", "followup"]


async def test_the_first_followup_after_a_public_defer_is_public_whatever_its_flag() -> None:
    i = FakeInteraction()
    await i.response.defer(ephemeral=False, thinking=True)
    await i.followup.send("the result", ephemeral=True)
    await i.followup.send("a private note", ephemeral=True)
    assert i.visible_to_others == ["the result"]


async def test_the_first_followup_after_a_private_defer_stays_private_whatever_its_flag() -> None:
    i = FakeInteraction()
    await i.response.defer(ephemeral=True, thinking=True)
    await i.followup.send("the result")
    await i.followup.send("a public post")
    assert i.visible_to_others == ["a public post"]


async def test_editing_the_original_replaces_the_thinking_message_and_keeps_its_visibility() -> None:
    i = FakeInteraction()
    await i.response.defer(ephemeral=False, thinking=True)
    message = await i.edit_original_response(content="the chart")
    await i.followup.send("details", ephemeral=True)  # the placeholder is gone: this one is private
    assert i.visible_to_others == ["the chart"]
    assert (message.content, message.jump_url) == ("the chart", f"https://discord.com/channels/2000/3000/{message.id}")
    assert await i.original_response() is message


async def test_the_response_names_its_message() -> None:
    i = FakeInteraction()
    callback = await i.response.send_message("hello")
    assert callback.message_id == (await i.original_response()).id
    assert i.visible_to_others == ["hello"]


async def test_edit_message_answers_only_a_click() -> None:
    slash = FakeInteraction()
    with pytest.raises(AssertionError, match="only a component"):  # discord.py would silently send nothing
        await slash.response.edit_message(content="x")
    click = FakeInteraction(type=discord.InteractionType.component)
    await click.response.edit_message(content="page 2")
    assert click.message is not None
    assert click.message.content == "page 2"
    assert click.visible_to_others == []  # the clicked message is ephemeral unless a test says otherwise


async def test_the_offline_bot_is_the_real_bot_and_has_no_database_unless_given() -> None:
    bot = offline_bot()
    assert isinstance(bot, HipThrustBot)
    with pytest.raises(AssertionError, match="no database"):
        bot.store.snippets  # noqa: B018
    await bot.close()


async def test_a_first_answer_callbacks_posts_reads_as_discord_received_it() -> None:
    bot = offline_bot()
    i = FakeInteraction(client=bot)
    stamp = expiry_stamp(bot.clock())
    view = view_of(PageButton("", 10, "p", stamp, disabled=True), PageButton("", 20, "n", stamp))
    message_id = await callbacks.answer(i, ephemeral=True, with_id=True, embed=discord.Embed(title="a page"), view=view)
    [sent] = i.sent
    assert (sent.how, sent.ephemeral, sent.embed.title, sent.content) == ("response", True, "a page", "")
    assert sent.kwargs["allowed_mentions"].to_dict() == {"parse": []}  # the bot's own: no pings
    back, forth = sent.kwargs["view"].children  # rebuilt from their custom_ids, as a press would
    assert (type(back), back.start, back.item.label, back.item.disabled) == (PageButton, 10, "Previous", True)
    assert (type(forth), forth.start, forth.item.label, forth.item.disabled) == (PageButton, 20, "Next", False)
    assert message_id == (await i.original_response()).id
    assert i.response.is_done()
    with pytest.raises(discord.InteractionResponded):
        await callbacks.answer(i, ephemeral=True, content="again")
    i.response._response_type = None  # as if answer forgot it had answered: Discord refuses the second
    with pytest.raises(AssertionError, match="40060"):
        await callbacks.answer(i, ephemeral=True, content="again")
    await bot.close()


async def test_a_public_first_answer_without_its_id() -> None:
    i = FakeInteraction()
    assert await callbacks.answer(i, ephemeral=False, content="hello") is None
    assert i.visible_to_others == ["hello"]
