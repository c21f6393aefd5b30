"""Editing a stored entry: the edit form's text, prefilled and read back into what /log stores.

Pure. A form's fields are text, read as a chat line reads them (`bot.logbook.typed`: "82,5",
"225 lb", "bw"; "1,000" refused as 1000 or 1.000) and checked with /log's own checks
(`check_log`): the same limits, the same words naming the field. Every wrong field is named at
once (`FormRefusedError`): a form is sent whole, and one error at a time would take a submit for
each. Discord's modals take at most five fields, so sets and reps share one ("3 × 10"); a number
alone there is the reps, the sets kept ("12" on 3 × 10 is 3 × 12: the reps are what a lifter
corrects, and the field's hint says so). The variant and setup stay the entry's; the unit stays
too unless the weight names another ("225 lb"), which fixes a set logged in the wrong unit. An
edit that changes the load asks "Did you mean …?" as /log does (`edit_asks_first`).

An entry's edit stamp (`form_stamp`) travels with what was shown of it: the Edit form, and the
confirmations that delete it (/undo, a /history page's Delete, the Undo under a set typed in
chat). Each edit stamps the clock's microsecond, so a stamp unchanged is no edit since; a delete
confirmed after another edit deletes nothing (`EditedSinceError`), since the lifter never saw what
the entry now holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import NamedTuple, TypeVar

from bot.errors import UserError, ValidationError
from bot.logbook.checks import check_log, collected
from bot.logbook.entries import REPS, SETS, Entry, NewEntry, Preferences
from bot.logbook.plausible import is_implausible
from bot.logbook.typed import read_load, read_number
from bot.logbook.units import format_number

_T = TypeVar("_T")
_SETS_REPS = re.compile(r"^\s*(?:([0-9]+)\s*[x×*]\s*)?([0-9]+)\s*$", re.IGNORECASE)
SETS_REPS_ALLOWED = f"sets × reps, such as 3 × 10 (sets {SETS[0]}–{SETS[1]}, reps {REPS[0]}–{REPS[1]})"
SETS_REPS_HINT = f"For example 3 × 10: sets {SETS[0]}–{SETS[1]}, reps {REPS[0]}–{REPS[1]}. A number alone is the reps."
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FormRefusedError(UserError):
    """An edit form with wrong fields: each one's error, in the form's order (`errors`)."""

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = tuple(errors)
        which = "this" if len(errors) == 1 else f"these {len(errors)}"
        lead = f"Not saved; nothing was changed. Fix {which} and send the form again:"
        super().__init__("\n".join([lead, *(f"• {error.problem}" for error in errors)]))


class EditedSinceError(UserError):
    """A delete confirmed after the entry was edited elsewhere: nothing was deleted; `entry` is
    the entry as it is now."""

    def __init__(self, entry: Entry) -> None:
        super().__init__("Not deleted: this entry was edited after you were asked.")
        self.entry = entry


def form_stamp(entry: Entry) -> str:
    """The entry's edit stamp as a custom_id carries it: its edit's microsecond in hex, "0" when
    never edited (an edit stamps the clock's microsecond, so an unchanged stamp is no edit since)."""
    at = entry.edited_at
    if at is None:
        return "0"
    since = (at if at.tzinfo else at.replace(tzinfo=UTC)) - _EPOCH
    return f"{since // timedelta(microseconds=1):x}"


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


def _sets_reps(text: str, sets: int) -> tuple[int, int]:
    """ "3 × 10" → (3, 10); a number alone is the reps, `sets` (the entry's) kept."""
    match = _SETS_REPS.match(text)
    if match is None:
        raise ValidationError("sets × reps", SETS_REPS_ALLOWED, text.strip())
    return (sets if match[1] is None else int(match[1])), int(match[2])


# The form's order, for its errors: /log's field names and the one the form's sets and reps share.
_FORM_ORDER = {"weight": 0, "unit": 0, "sets × reps": 1, "sets": 1, "reps": 1, "rpe": 2, "date": 3, "note": 4}


def read_form(form: EditForm, entry: Entry, prefs: Preferences, now: datetime) -> NewEntry:
    """The entry as the form has it now, read as a chat line reads it and checked by /log's own
    checks (`check_log`); `FormRefusedError` names every wrong field, in the form's order. A
    blank date keeps the entry's day; a blank RPE or note removes it. A weight left as prefilled
    keeps the stored one exactly: the form shows two decimals, and an imported 102.0583 would
    otherwise become 102.06 in an edit of the note."""
    errors: list[ValidationError] = []
    checked = partial(collected, errors)
    # A field that cannot be read has its own error; /log's checks then get the entry's value in
    # its place, so each wrong field is named once.
    load: tuple[float | str, str] | None
    if form.weight.strip() == format_number(entry.weight):
        load = (entry.weight, entry.unit)
    else:
        load = checked(read_load, form.weight, entry.unit)
    counts = checked(_sets_reps, form.sets_reps, entry.sets)
    rpe = checked(read_number, "rpe", form.rpe) if form.rpe.strip() else None
    weight, unit = load or (entry.weight, entry.unit)
    sets, reps = counts or (entry.sets, entry.reps)
    changed, found = check_log(
        weight=weight, reps=reps, sets=sets, rpe=rpe, variant=entry.variant, unit=unit, note=form.note,
        day=form.date.strip() or entry.performed_on.isoformat(), prefs=prefs, now=now,
    )  # fmt: skip
    errors.extend(found)
    if errors or changed is None:
        raise FormRefusedError(sorted(errors, key=lambda error: _FORM_ORDER.get(error.field, len(_FORM_ORDER))))
    return changed


def unchanged(entry: Entry, changed: NewEntry) -> bool:
    """Whether an edit leaves `entry` as it is: every value /log stores the same (nothing to save)."""
    return all(getattr(entry, field.name) == getattr(changed, field.name) for field in fields(NewEntry))


# What an edit keeps of the entry, whatever the form holds; every other field /log stores is the edit's.
KEPT = frozenset({"variant"})
_EDITED = tuple(field.name for field in fields(NewEntry) if field.name not in KEPT)


def edited(entry: Entry, changed: NewEntry, when: datetime) -> Entry:
    """`entry` as saving `changed` over it at `when` leaves it, as reading it back would give: its
    day, numbers and note replaced, its id, variant and setup kept, stamped edited at `when`."""
    values = {name: getattr(changed, name) for name in _EDITED}
    return replace(entry, **values, edited_at=when)


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
