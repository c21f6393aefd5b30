"""Editing a stored entry: the edit form's text, prefilled and read back into what /log stores.

Pure. A form's fields are text, so this reads numbers out of them and hands everything to
`validate_log`, the function /log validates with: the same limits, and the same error naming
the field. Discord's modals take at most five fields, so sets and reps share one ("3 × 10"). The
variant and setup stay the entry's; the unit stays too unless the weight names another
("225 lb"), which fixes a set logged in the wrong unit. An edit that changes the load asks
"Did you mean …?" as /log does (`edit_asks_first`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import NamedTuple

from bot.errors import ValidationError
from bot.logbook.entries import REPS, SETS, Entry, NewEntry, Preferences, is_implausible, validate_log
from bot.logbook.units import format_number

_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_WEIGHT = re.compile(rf"^\s*({_NUMBER})\s*(kg|kgs|lb|lbs)?\s*$", re.IGNORECASE)
_SETS_REPS = re.compile(r"^\s*(?:([0-9]+)\s*[x×*]\s*)?([0-9]+)\s*$", re.IGNORECASE)
_PLAIN = re.compile(rf"^\s*({_NUMBER})\s*$")
SETS_REPS_ALLOWED = f"sets × reps, such as 3 × 10 (sets {SETS[0]}–{SETS[1]}, reps {REPS[0]}–{REPS[1]})"


@dataclass(frozen=True)
class EditForm:
    """The edit form's fields as typed (the modal's text inputs)."""

    weight: str
    sets_reps: str
    rpe: str
    date: str
    note: str


def prefill(entry: Entry) -> EditForm:
    """The form for `entry`, filled with what is stored."""
    return EditForm(
        weight=format_number(entry.weight),
        sets_reps=f"{entry.sets} × {entry.reps}",
        rpe="" if entry.rpe is None else format_number(entry.rpe),
        date=entry.performed_on.isoformat(),
        note=entry.note or "",
    )


def _number(text: str) -> float | str:
    """A typed number ("82.5" or "82,5"), or the text as typed for the validator to refuse."""
    match = _PLAIN.match(text)
    return float(match[1].replace(",", ".")) if match else text


def read_weight(text: str, unit: str) -> tuple[float | str, str]:
    """A typed load and its unit: "82.5", "82,5 kg", "225 lb" (`unit` when none is named); the
    text as typed, with `unit`, for the validator to refuse when it is no load."""
    match = _WEIGHT.match(text)
    if match is None:
        return text, unit
    typed_unit = (match[2] or unit).lower().rstrip("s")
    return float(match[1].replace(",", ".")), typed_unit


def _sets_reps(text: str) -> tuple[int, int]:
    match = _SETS_REPS.match(text)
    if match is None:
        raise ValidationError("sets × reps", SETS_REPS_ALLOWED, text)
    return int(match[1] or 1), int(match[2])


def read_form(form: EditForm, entry: Entry, prefs: Preferences, now: datetime) -> NewEntry:
    """The entry as the form has it now, validated exactly as /log validates (ValidationError
    names the field). A blank date keeps the entry's day; a blank RPE or note removes it. A
    weight left as prefilled keeps the stored one exactly: the form shows two decimals, and an
    imported 102.0583 would otherwise become 102.06 in an edit of the note."""
    weight, unit = read_weight(form.weight, entry.unit)
    if form.weight.strip() == format_number(entry.weight):
        weight, unit = entry.weight, entry.unit
    sets, reps = _sets_reps(form.sets_reps)
    rpe = _number(form.rpe) if form.rpe.strip() else None
    day = form.date.strip() or entry.performed_on.isoformat()
    return validate_log(
        weight=weight, reps=reps, sets=sets, rpe=rpe, variant=entry.variant, unit=unit, note=form.note,
        day=day, prefs=prefs, now=now,
    )  # fmt: skip


def unchanged(entry: Entry, changed: NewEntry) -> bool:
    """Whether an edit leaves `entry` as it is: every value /log stores the same (nothing to save)."""
    return all(getattr(entry, field.name) == getattr(changed, field.name) for field in fields(NewEntry))


def edited(entry: Entry, changed: NewEntry, when: datetime) -> Entry:
    """`entry` as saving `changed` over it at `when` leaves it, as reading it back would give: its
    day, numbers and note replaced, its id, variant and setup kept, stamped edited at `when`."""
    return replace(
        entry, performed_on=changed.performed_on, sets=changed.sets, reps=changed.reps, weight=changed.weight,
        unit=changed.unit, rpe=changed.rpe, note=changed.note, edited_at=when,
    )  # fmt: skip


class SessionLoad(NamedTuple):
    """A session's working load: the heaviest of its sets, in kg, and its day."""

    day: date
    kg: float


def changes_load(entry: Entry, changed: NewEntry) -> bool:
    """Whether an edit changes the entry's load: its number or its unit."""
    return (changed.weight, changed.unit) != (entry.weight, entry.unit)


def edit_asks_first(entry: Entry, changed: NewEntry, near: SessionLoad | None) -> bool:
    """Whether an edit of `entry` must ask "Did you mean …?" before it is saved: it changes the
    load, to more than double or less than half `near` (/log's thresholds, `is_implausible`).

    `near` is the working load of the session nearest the entry's (new) day among the lifter's
    other entries of its variant: the last on or before that day, else the first after it
    (`EntriesRepository.load_near`). That is what /log compared the entry with when it was
    logged (its last working load then, that day's earlier sets included), without the entry
    itself. Not the lifter's latest session, as /log uses for a new set: loads climb over
    months, and an entry of last spring at 60 kg, fixed to 62.5, is no typo next to today's
    140. Not the entry's own old load either: the edit most worth making fixes a load stored
    wrong ("Store anyway" on 1000 for 100), and that old load would make the fix look like the
    typo, and let a typo copied from it through. No other session of the variant: nothing to
    compare with, as for a first /log."""
    return near is not None and changes_load(entry, changed) and is_implausible(changed.weight_kg, near.kg)
