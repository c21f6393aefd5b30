"""A server that holds the app's commands without its bot user (added with `applications.commands`
alone, or the bot kicked while the commands stay): the commands that act in the server say so,
privately, and store nothing for it; what answers by the interaction alone works as before."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.interactions.presence import NOT_IN_SERVER
from bot.quiz.taken_in import TakenIn
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.guild_removal import remove_bot
from bot.sandbox.imitation import Imitation
from cogs.quiz.cog import NOT_COUNTED
from tests.e2e.answer_helpers import SQUAT_TRIAL, answer_menu, ask, pick, replies_to
from tests.e2e.snippet_helpers import eventually, snippet_posts
from tests.e2e.test_quiz import MAIN_TOOL_RUN, PAIN, take_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]


async def without_the_bot(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Take the bot out of the scenario's server; its commands stay there, as Discord keeps them."""
    guild = imitation.scenario.guild
    remove_bot(imitation, guild)

    async def gone() -> bool:
        return hipbot.get_guild(guild.id) is None

    await eventually(driver, gone, "the bot to hear it was removed")


async def test_moderator_commands_say_the_bot_is_not_in_the_server(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await without_the_bot(hipbot, driver, imitation)

    for command, options in (
        ("config set", {"public_answers": False}),
        ("config show", {}),
        ("snippet pin", {"section": "quick-answer"}),
        ("snippet list", {}),
        ("snippet refresh", {}),
    ):
        answer = await driver.slash(command, user="moderator", **options)
        assert answer.ephemeral, command
        assert answer.content == NOT_IN_SERVER, command
    assert await hipbot.store.db.fetchval("SELECT COUNT(*) FROM guild_config") == 0
    assert await hipbot.store.guild_config.stored_counts(s.guild.id) == {"snippet records": 0, "quiz verdicts": 0}
    assert snippet_posts(driver, "general") == []

    menu = await answer_menu(driver, await ask(driver))
    assert menu.ephemeral
    assert menu.content == NOT_IN_SERVER
    assert menu.components == []


async def test_a_menu_offered_before_the_bot_was_removed_says_so_when_picked(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # It named View Channel, Send Messages and Read Message History as missing: permissions no one
    # can grant a bot that is not in the server.
    question = await ask(driver)
    menu = await answer_menu(driver, question)
    await without_the_bot(hipbot, driver, imitation)
    picked = await pick(driver, menu, SQUAT_TRIAL)
    assert picked.ephemeral
    assert picked.content == NOT_IN_SERVER
    assert replies_to(imitation, question) == []


async def test_what_answers_by_the_interaction_alone_still_works(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await without_the_bot(hipbot, driver, imitation)

    quick = await driver.slash("hipthrust quick", user="member")
    assert not quick.ephemeral
    assert quick.embeds
    logged = await driver.slash("log", weight=100, reps=10, user="member")
    assert logged.ephemeral
    assert logged.content.startswith("**Logged** 1 × 10 @ 100 kg")
    await take_quiz(driver, [PAIN], user="member")
    # A verdict taken in a server the bot is not in is kept without the server's id.
    assert [(v.guild_id, v.taken_in) for v in await hipbot.store.quiz.verdicts_for_user(s.member.id)] == [
        (None, TakenIn.WITHOUT_BOT)]


async def test_quizstats_says_it_counts_nothing_where_the_bot_is_not(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # It said "No one has finished the fit quiz in this server yet." though members had.
    await take_quiz(driver, MAIN_TOOL_RUN, user="member")
    await without_the_bot(hipbot, driver, imitation)
    await take_quiz(driver, [PAIN], user="moderator")
    stats = await driver.slash("quizstats", user="moderator")
    assert stats.ephemeral
    assert stats.content == NOT_COUNTED
    assert stats.embeds == []


async def test_discord_gives_an_app_without_its_bot_only_what_answers_use(
        hipbot: HipThrustBot, imitation: Imitation) -> None:
    world, bot_id, general = imitation.world, imitation.core.bot_user_id, imitation.scenario.general
    assert world.app_permissions(bot_id, general.id) == world.permissions(bot_id, general.id)
    remove_bot(imitation, imitation.scenario.guild)
    assert world.app_permissions(bot_id, general.id) == (
        perms.EMBED_LINKS | perms.ATTACH_FILES | perms.USE_EXTERNAL_EMOJIS)  # @everyone's, Mention Everyone not


async def test_a_shared_log_there_keeps_no_post_the_bot_could_not_edit(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # It kept the post, whose row no leave would ever delete, and an /undo then tried to edit it
    # with the bot's token, which Discord refused (403: the bot is no member there).
    s, world = imitation.scenario, imitation.world
    commands_only = world.add_guild("Commands only", s.owner)  # the app added without its bot
    world.add_member(commands_only, s.member)
    lifting = world.add_channel(commands_only, "lifting")
    logged = await driver.slash("log", weight=100, reps=10, share=True, user="member", channel=lifting)
    assert not logged.ephemeral  # the channel reads it, as the lifter asked
    assert logged.content.startswith("**Logged** 1 × 10 @ 100 kg")
    assert await hipbot.store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 0
    undo = await driver.slash("undo", user="member", channel=lifting)
    deleted = await driver.click(undo, "Delete it")
    await driver.settle()
    assert driver.refresh(deleted).content == deleted.content
    assert deleted.content.startswith("Deleted: ")
    assert "post" not in deleted.content
    assert await hipbot.store.db.fetchval("SELECT COUNT(*) FROM entries") == 0
