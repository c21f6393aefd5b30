"""What `/config show` and the moderator log say."""

from __future__ import annotations

import re

from bot.config import modlog
from bot.config.model import ConfigChange, GuildConfig, apply_change
from bot.config.text import (
    FORGOTTEN_ON_REMOVAL,
    LIST_NOW_EMPTY,
    NONE_LEFT,
    SAVED,
    UNCHANGED,
    pointer_note,
    public_in,
    set_header,
    settings_text,
)
from bot.errors import discord_refused
from cogs.config.modlog import LOG_NEEDS

STORED = {"snippet records": 3, "quiz verdicts": 12}


def test_show_names_every_setting_and_what_is_stored() -> None:
    text = settings_text(GuildConfig(1), log_status=None, stored=STORED)
    assert "Guide answers by default (`public_answers`): public" in text
    assert "Public guide answers allowed in: any channel." in text
    assert "ping its author (`ping_authors`): no" in text
    assert "Moderator log (`log_channel`): off" in text
    assert "Stored for this server — snippet records: 3, quiz verdicts: 12." in text
    assert "Removing the bot from the server deletes these settings" in text


def test_show_says_when_the_log_is_not_working_and_why() -> None:
    config = GuildConfig(1, public_answers=False, answer_channels=(20, 30), log_channel_id=40, ping_authors=True)
    working = settings_text(config, log_status=None, stored=STORED)
    assert "Moderator log (`log_channel`): <#40>\n" in working
    assert "allowed in: <#20>, <#30> (elsewhere they are answered privately, with a pointer)" in working
    assert "`public_answers`): only you see them" in working
    broken = settings_text(config, log_status="I need the Send Messages permission in <#40>.", stored=STORED)
    assert "<#40> — **not working**: I need the Send Messages permission in <#40>." in broken


def test_the_pointer_names_the_answer_channels() -> None:
    assert pointer_note((20, 30)) == (
        "On this server guide answers are posted publicly in <#20>, <#30>, so here is a copy only you can see."
    )


def test_log_lines_name_who_and_link_the_message() -> None:
    url = "https://discord.com/channels/1/2/3"
    assert modlog.pinned(7, "Quick answer", 2, url) == f"<@7> pinned **Quick answer** in <#2>: {url}"
    assert modlog.unpinned(7, "Quick answer", 2, url) == f"<@7> unpinned **Quick answer** in <#2>: {url}"
    assert modlog.refreshed(7, "Caveats", 2, url).startswith("<@7> refreshed **Caveats** in <#2>")
    found = modlog.found_unpinned(8, "Caveats", 2, url)
    assert found == f"**Caveats** in <#2> was found unpinned by hand (noticed by <@8>): {url}"
    for line in (modlog.pinned(7, "Quick answer", 2, url), found):
        assert "\n" not in line
        assert re.findall(r"<@!?(\d+)>", line)  # a mention: who did it (sent with pings off)


def test_lines_are_packed_into_messages_within_discords_limit() -> None:
    lines = [f"line {n} " + "x" * 180 for n in range(30)]
    packed = modlog.messages(lines)
    assert all(len(m) <= 2000 for m in packed)
    assert "\n".join(packed).split("\n") == lines  # every line once, in order, none split
    assert len(packed) == 3
    assert modlog.messages(["y" * 2500]) == ["y" * 1999 + "…"]
    assert modlog.messages([]) == []


def test_one_stored_record_reads_as_one() -> None:
    text = settings_text(GuildConfig(1), log_status=None, stored={"snippet records": 1, "quiz verdicts": 0})
    assert "Stored for this server — snippet records: 1, quiz verdicts: 0." in text


def _header(before: GuildConfig, change: ConfigChange) -> str:
    return set_header(before, apply_change(before, change), change)


def test_set_says_saved_or_unchanged_and_what_removing_an_answer_channel_did() -> None:
    listed = GuildConfig(1, answer_channels=(20, 30))
    assert _header(listed, ConfigChange(ping_authors=True)) == SAVED
    assert _header(listed, ConfigChange(add_answer_channel=20)) == UNCHANGED
    assert _header(listed, ConfigChange(remove_answer_channel=20)) == SAVED  # 30 is still listed
    assert _header(GuildConfig(1, answer_channels=(20,)), ConfigChange(remove_answer_channel=20)) == (
        f"{SAVED}\n{LIST_NOW_EMPTY}")
    # answer_anywhere asks for every channel: nothing to warn of.
    assert _header(listed, ConfigChange(remove_answer_channel=20, answer_anywhere=True)) == SAVED
    assert _header(listed, ConfigChange(remove_answer_channel=40)) == (
        "Nothing changed: <#40> is not in the list of answer channels; the list is below.")
    assert _header(GuildConfig(1), ConfigChange(remove_answer_channel=40, public_answers=False)) == (
        "Saved.\n<#40> is not in the list of answer channels; no channel is listed, so public guide "
        "answers are allowed in every channel.")


def test_the_header_goes_above_the_settings_within_discords_limit() -> None:
    text = settings_text(GuildConfig(1), log_status=None, stored=STORED, header=SAVED)
    assert text.startswith("Saved.\n**Guide settings for this server**\n")
    huge = settings_text(GuildConfig(1), log_status="x" * 3000, stored=STORED, header=SAVED)
    assert len(huge) <= 2000
    assert huge.startswith("Saved.\n")


def test_a_deleted_last_answer_channel_is_shown_as_no_channel_left() -> None:
    config = GuildConfig(1, answer_channels=(20,))
    text = settings_text(config, log_status=None, stored=STORED, gone=[20])
    assert "any channel" not in text
    assert ("Public guide answers allowed in: no channel: the answer channel <#20> was deleted, so every guide "
            "answer is private; `add_answer_channel` names another") in text
    assert "allowed in: <#20> (elsewhere" in settings_text(config, log_status=None, stored=STORED)
    assert public_in(()) == NONE_LEFT
    assert pointer_note(()) == f"{NONE_LEFT}, so here is a copy only you can see."


def test_two_deleted_answer_channels_are_named_in_the_plural() -> None:
    """Review: "the answer channel <#20>, <#21> was deleted"."""
    config = GuildConfig(1, answer_channels=(20, 21))
    text = settings_text(config, log_status=None, stored=STORED, gone=[20, 21])
    assert "no channel: the answer channels <#20>, <#21> were deleted, so every guide answer is private" in text
    assert "the answer channel <#20>, <#21> was" not in text


def test_the_log_says_what_a_deleted_answer_channel_leaves() -> None:
    assert modlog.answer_channel_deleted("training", [20]) == (
        "Answer channel **#training** was deleted and left the list; public guide answers stay allowed in <#20>.")
    assert "It was the only one, so every guide answer is now private" in modlog.answer_channel_deleted("x", [])


def test_the_longest_settings_fit_a_message_in_whole_lines() -> None:
    """25 answer channels of the longest ids, all deleted, after a header about one not listed and
    with the log not working: over 2,000 characters when the header named the list again, cut
    mid-sentence ("…quiz verdicts from the…")."""
    top = 2**63 - 1  # the largest snowflake: 19 digits
    channels = tuple(range(top - 25, top))
    config = GuildConfig(1, public_answers=False, answer_channels=channels, log_channel_id=top, ping_authors=True)
    refused = discord_refused(f"<#{top}>", LOG_NEEDS).message
    problem = f"the last post failed. {refused} It is tried again with the next event."
    stored = {"snippet records": 10**9, "quiz verdicts": 10**9}
    header = set_header(config, config, ConfigChange(remove_answer_channel=top - 26))
    for gone in ((), channels):
        text = settings_text(config, log_status=problem, stored=stored, header=header, gone=gone)
        assert len(text) <= 2000, len(text)
        assert text.startswith(f"Nothing changed: <#{top - 26}> is not in the list of answer channels; the list is "
                               "below.\n**Guide settings for this server**\n")
        assert text.count("<#") == 25 + 2 + 1  # every channel named, once
        assert text.endswith(FORGOTTEN_ON_REMOVAL)  # the last line whole


def test_settings_past_a_message_keep_whole_lines() -> None:
    text = settings_text(GuildConfig(1, log_channel_id=5), log_status="x " * 1500, stored=STORED, header=SAVED)
    assert len(text) <= 2000
    assert text.splitlines()[-1] == "…and 2 more lines: a message holds no more."
