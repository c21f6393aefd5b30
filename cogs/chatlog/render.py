"""What the chat log says back: pure text (the stored line itself is /log's, from cogs.logbook.render)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.logbook.describe import describe_entry
from bot.logbook.entries import NewEntry
from bot.logbook.units import format_weight

CONTEXT_MENU = "Log as hip thrust"
NOT_YOUR_MESSAGE = (
    f"Only your own sets: **{CONTEXT_MENU}** works on messages you wrote. Nothing was stored."
)
# Under a question the set is not logged yet: "who sent" holds before and after.
NOT_YOUR_BUTTONS = "These buttons belong to the lifter who sent this set; nothing was changed."
# No command made these buttons, so "Run the command again" would point nowhere.
UNDO_EXPIRED = "This Undo has expired; `/undo` deletes the entry you logged last, after you confirm."
QUESTION_EXPIRED = "These buttons have expired. Nothing was stored; send the line again."
ASKED_ALREADY = "I already asked about this message: answer with the buttons under my question."
# A pick within the buttons' lifetime that finds the readings gone: another press took them.
CHOICE_ANSWERED = "This choice was answered already, and nothing from it is in your log; send the line again."
CHOICE_ASKS = (
    'This choice was answered already: the set picked waits for your answer to "Did you mean …?" on this message.'
)
NUDGE_POINTER = "Your target for next time: `/nudge` (only you see it)."
CANCELLED = "Cancelled. Nothing was stored."
GONE = "That entry is already gone."  # /undo's words


def already_logged(entry: NewEntry) -> str:
    """A message that is in the log already (a second context menu, a redelivery)."""
    return f"This message is already in your log: {describe_entry(entry, with_date=True)}."


def pick_label(entry: NewEntry, other: NewEntry) -> str:
    """A reading in words a button can hold: "3 sets of 10", with the load when the readings differ in it."""
    label = f"{entry.sets} set{'s' if entry.sets != 1 else ''} of {entry.reps}"
    if (entry.weight, entry.unit) != (other.weight, other.unit):
        label += f" @ {format_weight(entry.weight, entry.unit)}"
    return label


def choice_text(readings: Sequence[NewEntry]) -> str:
    """Two readings of one line: which did the lifter mean? Nothing is stored until they pick."""
    first, second = readings
    lines = ["I can read that two ways. Which did you mean?"]
    lines += [f"• **{pick_label(entry, other)}**: {describe_entry(entry)}" for entry, other in
              ((first, second), (second, first))]
    lines.append("Nothing is stored until you choose.")
    return "\n".join(lines)


# Why a stored set's reply comes late (`late`).
RESTARTED = "I restarted before I could reply"
REFUSED = "late: Discord turned my first reply down"


def late(text: str, why: str) -> str:
    """A stored set's reply sent late, saying why after its first line: "**Logged** … (I restarted …)"."""
    first, newline, rest = text.partition("\n")
    return f"{first} ({why}.){newline}{rest}"


def typed_again(text: str) -> str:
    """The answer to a set typed again after the same one was stored and never answered: that one's
    answer, `text`, under what happened (the lifter saw no reply, so they sent it again)."""
    return ("This set is already in your log from the same line you sent just before (I could not reply to it"
            " then), so I did not log it twice. Did it again? Send the line once more.\n" + text)


# The line typed again while its set's reply was on its way: that reply, with the set's Undo, went out first.
ANSWERED_MEANWHILE = (
    "This set is already in your log from the same line you sent just before: my reply about it, with its Undo,"
    " went out just now, so I did not log it twice. Did it again? Send the line once more."
)
