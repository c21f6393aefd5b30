"""What `/config show` and the guide's private answers say about a server's settings. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.config.model import ConfigChange, GuildConfig
from bot.interactions import limits
from bot.interactions.counts import counted, tally
from bot.interactions.within import lines_within

CONTENT_LIMIT = limits.CONTENT

SHOW_TITLE = "**Guide settings for this server**"
SAVED = "Saved."
UNCHANGED = "Nothing changed: the settings already say that."
LIST_NOW_EMPTY = (
    "The list is now empty, so public guide answers are allowed in every channel; "
    "`add_answer_channel` limits them again."
)
FORGOTTEN_ON_REMOVAL = (
    "Removing the bot from the server deletes these settings and the snippet records, and unlinks "
    "quiz verdicts from the server; members' own logs stay theirs."
)


def channel_list(channel_ids: Sequence[int]) -> str:
    """Channels as mentions (which ping nobody), comma-separated."""
    return ", ".join(f"<#{c}>" for c in channel_ids)


NONE_LEFT = (
    "This server allows public guide answers only in its answer channels, and none is left (the last was deleted)"
)


def public_in(channel_ids: Sequence[int]) -> str:
    """Where this server allows public guide answers, as a sentence without its full stop (none
    left: every answer channel was deleted)."""
    if not channel_ids:
        return NONE_LEFT
    return f"On this server guide answers are posted publicly in {channel_list(channel_ids)}"


def pointer_note(channel_ids: Sequence[int]) -> str:
    """The private answer's note where public guide answers are not allowed in this channel."""
    return f"{public_in(channel_ids)}, so here is a copy only you can see."


def set_header(before: GuildConfig, after: GuildConfig, change: ConfigChange) -> str:
    """What `/config set` says above the settings: saved or not, and what a moderator taking a
    channel off the answer channels might not expect (it was not listed; the list is now empty,
    which allows every channel)."""
    notes: list[str] = []
    removed = change.remove_answer_channel
    if removed is not None and not change.answer_anywhere:
        if removed not in before.answer_channels:
            notes.append(_not_listed(removed, before.answer_channels))
        elif not after.answer_channels:
            notes.append(LIST_NOW_EMPTY)
    if after == before:
        return f"Nothing changed: {notes[0]}" if notes else UNCHANGED
    return "\n".join([SAVED, *notes])


def _not_listed(channel_id: int, listed: Sequence[int]) -> str:
    # The settings right below name the listed channels: 25 of them named here again too made a
    # /config show over a message's 2,000 characters.
    where = (
        "the list is below."
        if listed
        else "no channel is listed, so public guide answers are allowed in every channel."
    )
    return f"<#{channel_id}> is not in the list of answer channels; {where}"


def answers_where(config: GuildConfig, gone: Collection[int] = ()) -> str:
    """Where public guide answers are allowed, for `/config show`; `gone` are deleted channels."""
    if not config.answer_channels:
        return "any channel"
    live = config.answer_channels_left(gone)
    if live:
        return f"{channel_list(live)} (elsewhere they are answered privately, with a pointer)"
    deleted = (f"the answer channel {channel_list(config.answer_channels)} was" if len(config.answer_channels) == 1
               else f"the answer channels {channel_list(config.answer_channels)} were")
    return (
        f"no channel: {deleted} deleted, so every guide answer is private; `add_answer_channel` names another, "
        "`answer_anywhere:True` allows every channel again"
    )


def settings_text(
    config: GuildConfig,
    *,
    log_status: str | None,
    stored: Mapping[str, int],
    header: str | None = None,
    gone: Collection[int] = (),
) -> str:
    """`/config show`: every setting, whether the moderator log works, and what is stored, after
    `header` when given (what `/config set` did).

    `log_status` is None when the log works (or is off), else why it does not; `gone` are listed
    answer channels that were deleted.
    """
    answers = "public" if config.public_answers else "only you see them"
    where = answers_where(config, gone)
    if config.log_channel_id is None:
        log_line = "off"
    elif log_status is None:
        log_line = f"<#{config.log_channel_id}>"
    else:
        log_line = f"<#{config.log_channel_id}> — **not working**: {log_status}"
    lines = [
        *([header] if header else []),
        SHOW_TITLE,
        f"Guide answers by default (`public_answers`): {answers}; the `private` option still chooses per command.",
        f"Public guide answers allowed in: {where}.",
        f"Replies to a question ping its author (`ping_authors`): {'yes' if config.ping_authors else 'no'}.",
        f"Moderator log (`log_channel`): {log_line}",
        f"Stored for this server — {tally(stored)}. {FORGOTTEN_ON_REMOVAL}",
    ]
    # Every line fits with the longest of the others (tests/config/test_text.py); should one day's
    # text not, lines go whole, never a mention or a sentence cut mid-way.
    return lines_within(lines, CONTENT_LIMIT, _more_lines)


def _more_lines(more: int) -> str:
    return f"…and {counted(more, 'more line')}: a message holds no more."
