import logging

import discord
import pytest
from discord import app_commands

from bot.errors import CooldownError, MissingPermissionError, ValidationError
from bot.interactions import replies
from bot.interactions.tree import PUBLIC_FAILURE_NOTICE, answer_error
from bot.operations import outcomes
from bot.operations.metrics import Metrics
from tests.fakes import FakeInteraction


def invoke_error(original: Exception) -> app_commands.CommandInvokeError:
    command = app_commands.Command(name="log", description="x", callback=_noop)
    return app_commands.CommandInvokeError(command, original)


async def _noop(interaction: discord.Interaction) -> None:  # pragma: no cover
    pass


async def test_user_error_answered_ephemerally():
    interaction = FakeInteraction()
    await answer_error(interaction, invoke_error(ValidationError("reps", "a whole number from 1 to 100", 0)))
    [sent] = interaction.sent
    assert sent.how == "response"
    assert sent.ephemeral
    assert "**reps** must be a whole number from 1 to 100" in sent.content
    assert "Nothing was stored" in sent.content


async def test_unexpected_error_logged_with_id_and_apology(caplog):
    interaction = FakeInteraction()
    with caplog.at_level(logging.ERROR, logger="bot.interactions.tree"):
        await answer_error(interaction, invoke_error(ZeroDivisionError("boom")))
    [sent] = interaction.sent
    assert sent.ephemeral
    assert "boom" not in sent.content
    error_id = sent.content.split("`")[1]
    assert len(error_id) == 8
    [record] = caplog.records
    assert error_id in record.getMessage()
    assert record.exc_info[0] is ZeroDivisionError


async def test_after_ephemeral_defer_a_private_followup():
    interaction = FakeInteraction()
    await replies.defer(interaction, ephemeral=True)
    await answer_error(interaction, invoke_error(ValidationError("date", "today or earlier")))
    assert [s.how for s in interaction.sent] == ["defer", "followup"]
    assert interaction.sent[1].ephemeral
    assert interaction.visible_to_others == []


async def test_after_public_defer_the_error_text_is_never_public():
    interaction = FakeInteraction()
    await replies.defer(interaction, ephemeral=False)
    await answer_error(interaction, invoke_error(RuntimeError("secret internals")))
    assert [s.how for s in interaction.sent] == ["defer", "edit_original", "followup"]
    assert interaction.visible_to_others == [PUBLIC_FAILURE_NOTICE]
    assert interaction.sent[2].ephemeral
    assert "Error id" in interaction.sent[2].content


async def test_after_public_result_already_sent_only_a_private_followup():
    interaction = FakeInteraction()
    await replies.defer(interaction, ephemeral=False)
    await replies.send(interaction, ephemeral=False, content="the chart")
    await answer_error(interaction, invoke_error(ValidationError("x", "y")))
    assert [s.how for s in interaction.sent] == ["defer", "edit_original", "followup"]
    assert interaction.visible_to_others == ["the chart"]


class FakeHTTPResponse:
    status = 400
    reason = "Bad Request"


async def test_already_acknowledged_is_never_shown_and_counts_as_answered_elsewhere(caplog):
    interaction = FakeInteraction()
    error = discord.HTTPException(FakeHTTPResponse(), {"code": 40060, "message": "already acknowledged"})
    with caplog.at_level(logging.DEBUG, logger="bot.interactions.tree"):
        await answer_error(interaction, invoke_error(error))
    assert interaction.sent == []
    warned = [r.getMessage() for r in caplog.records if "40060" in r.getMessage()]
    assert len(warned) == 1
    assert "already answered elsewhere (40060): if this repeats, another process with this token" in warned[0]
    assert caplog.records[-1].levelno == logging.WARNING
    metrics = Metrics(process=False)
    assert outcomes.settle(interaction, metrics) == "answered_elsewhere"  # not a missed deadline: it was answered


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            MissingPermissionError(["pin_messages", "embed_links"]),
            "I need the Pin Messages and Embed Links permissions",
        ),
        (
            MissingPermissionError(["send_messages"], whose="you", where="#general"),
            "You need the Send Messages permission in #general",
        ),
        (CooldownError(3.24, "/progress"), "You can use /progress again in 3.2 s"),
        (app_commands.NoPrivateMessage(), "only in a server"),
    ],
)
async def test_kinds(error, text):
    interaction = FakeInteraction()
    await answer_error(interaction, error if isinstance(error, app_commands.AppCommandError) else invoke_error(error))
    assert text in interaction.sent[0].content


async def test_echoed_value_cannot_ping():
    error = ValidationError("note", "at most 200 characters", "@everyone hi <@123>")
    interaction = FakeInteraction()
    await answer_error(interaction, invoke_error(error))
    [sent] = interaction.sent
    assert sent.content == (  # in a code span: shown as typed, rendered as no mention
        "**note** must be at most 200 characters (you gave `@everyone hi <@123>`). Nothing was stored."
    )
    assert sent.kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_echoed_value_reads_as_typed_in_its_code_span_then_is_cut():
    typed = "**bold** _it_ @here <@123456789012345678>\nline2 and more text to get cut here"
    interaction = FakeInteraction()
    await answer_error(interaction, invoke_error(ValidationError("note", "plain text", typed)))
    assert interaction.sent[0].content == (  # no backslashes: Discord would show them in a code span
        "**note** must be plain text (you gave `**bold** _it_ @here <@123456789012345678…`). Nothing was stored."
    )
    ticks = ValidationError("timezone", "an IANA name", "a`b **c**")
    assert "(you gave `a'b **c**`)" in ticks.message  # a backtick would end the span early


async def test_storage_fault_is_explained_not_apologised_for(caplog):
    import sqlite3

    interaction = FakeInteraction()
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13  # SQLITE_FULL
    with caplog.at_level(logging.ERROR, logger="bot.interactions.tree"):
        await answer_error(interaction, invoke_error(error))
    [sent] = interaction.sent
    assert sent.ephemeral
    assert "storage is full right now, so nothing was stored" in sent.content
    assert "Error id" not in sent.content
    assert caplog.records[0].exc_info[0] is sqlite3.OperationalError


def test_a_whole_number_sent_as_a_float_is_echoed_as_typed() -> None:
    assert "(you gave `1250`)" in ValidationError("weight", "at most 1000 kg", 1250.0).message
    assert "(you gave `102.5`)" in ValidationError("weight", "at most 1000 kg", 102.5).message
    assert "(you gave `nan`)" in ValidationError("weight", "a number", float("nan")).message


async def test_a_rate_limit_longer_than_the_bot_waits_is_told_as_discord_s_trouble(caplog):
    interaction = FakeInteraction()
    await replies.defer(interaction, ephemeral=True)
    with caplog.at_level(logging.WARNING, logger="bot.interactions.tree"):
        await answer_error(interaction, invoke_error(discord.RateLimited(3600.0)))
    assert interaction.sent[-1].ephemeral
    assert interaction.sent[-1].content == ("Discord is limiting how fast the bot may act right now (it answered 429). "
                                            "Please try again in a few minutes.")
    assert [r.levelno for r in caplog.records] == [logging.WARNING]


async def test_an_error_answer_rate_limited_itself_is_let_go(monkeypatch, caplog):
    interaction = FakeInteraction()
    await replies.defer(interaction, ephemeral=True)

    async def limited(*args, **kwargs):
        raise discord.RateLimited(3600.0)

    monkeypatch.setattr(interaction.followup, "send", limited)
    with caplog.at_level(logging.WARNING, logger="bot.interactions.tree"):
        await answer_error(interaction, invoke_error(discord.RateLimited(3600.0)))
    assert "could not deliver an error answer" in caplog.records[-1].getMessage()
