"""Repository: logs waiting for the lifter's answer, keyed by the original interaction or message id.

A row holds either one validated entry ("Did you mean …?", waiting for Store anyway) or the
two readings of a chat line such as `10x3` (waiting for the lifter to pick one). The key is the
id the entry will be stored under, so a button press after a restart still finds it and the
entry is stored once. A row with an `entry_id` is an Edit from /history asking "Did you mean …?"
instead: the entry's new values, keyed by the form's submit, saved over that entry once; or an
Edit form refused, its fields as typed (a draft), kept so that "Fix the form" reopens it with them.
Each row's `kind` (migration 0013) says which it is, and every reader asks for its own kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from bot.db import logbook_sql as sql
from bot.db import post_rewrites, removed
from bot.db.database import Database, Queries
from bot.logbook.edits import edited, unchanged
from bot.logbook.entries import Entry, NewEntry
from bot.logbook.posts import PostRewrite

# A row's kind: an entry (or an Edit's new values) for Store anyway, a chat line's readings, a draft.
_ENTRY, _CHOICES, _DRAFT = "entry", "choices", "draft"
_PUT = (
    "INSERT INTO pending_logs (interaction_id, user_id, payload, expires_at, entry_id, kind)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING"
)
_GUARD = "was_edited_at"  # an edit's payload: the entry's edit stamp when the question was asked


@dataclass(frozen=True)
class EditAnswered:
    """An Edit's "Did you mean …?" answered with Store: the entry it changes, as it was just
    before (None: deleted meanwhile), and whether the edit was saved (False: the entry was
    deleted or edited since the question was asked, or already held the values chosen
    (`unchanged`), and nothing was changed); the entry as it is now (as the edit left it when
    saved), and, when saved, its post in a server channel, kept with the text it is to show now
    (bot.db.post_rewrites)."""

    entry_id: int
    was: Entry | None
    saved: bool
    unchanged: bool = False
    entry: Entry | None = None
    post: PostRewrite | None = None


def _entry_values(entry: NewEntry) -> dict[str, Any]:
    values = asdict(entry)
    values["performed_on"] = entry.performed_on.isoformat()
    return values


def _entry_of(values: dict[str, Any]) -> NewEntry:
    return NewEntry(**{**values, "performed_on": date.fromisoformat(values["performed_on"])})


def _encode(entry: NewEntry, setup_id: int | None, corrected: NewEntry | None, edits: Entry | None) -> str:
    values: dict[str, Any] = {**_entry_values(entry), "setup_id": setup_id}
    if corrected is not None:
        values["corrected_weight"] = corrected.weight
        values["corrected_unit"] = corrected.unit  # "Did you mean 225 lb?" changes the unit
    if edits is not None:
        values[_GUARD] = sql.edit_stamp(edits)
    return json.dumps(values)


def _decode(payload: str, *, corrected: bool) -> tuple[NewEntry, int | None, str] | None:
    """The waiting entry of a row of kind entry (with the weight "Did you mean …?" offered, when
    `corrected`), its setup and, for an edit, the edited entry's stamp when asked ("" otherwise);
    None when no weight was offered."""
    values = json.loads(payload)
    setup_id = values.pop("setup_id")
    guard = values.pop(_GUARD, "")
    offered = values.pop("corrected_weight", None)
    offered_unit = values.pop("corrected_unit", values["unit"])  # rows kept before it held only a weight
    if corrected:
        if offered is None:
            return None
        values["weight"], values["unit"] = offered, offered_unit
    return _entry_of(values), setup_id, guard


class PendingLogsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(
        self,
        interaction_id: int,
        user_id: int,
        entry: NewEntry,
        setup_id: int | None,
        expires_at: datetime,
        *,
        corrected: NewEntry | None = None,
        edits: Entry | None = None,
    ) -> bool:
        """Keep an entry until Store anyway, or until its `corrected` weight (and unit) is chosen
        ("Did you mean …?"); False when one already waits under this key (a redelivery). With `edits`
        (that entry as read now), `entry` is an Edit's new values for it (`confirm_edit`)."""
        payload = _encode(entry, setup_id, corrected, edits)
        params = (interaction_id, user_id, payload, expires_at.isoformat(), None if edits is None else edits.id, _ENTRY)
        return await self._db.execute(_PUT, params) == 1

    async def put_choice(self, key: int, user_id: int, readings: tuple[NewEntry, ...], expires_at: datetime) -> bool:
        """Keep the readings of a chat line until the lifter picks one; False when the key already waits."""
        payload = json.dumps({"choices": [_entry_values(entry) for entry in readings]})
        return await self._db.execute(_PUT, (key, user_id, payload, expires_at.isoformat(), None, _CHOICES)) == 1

    async def pick(self, key: int, user_id: int, index: int, when: datetime) -> NewEntry | None:
        """Take reading `index` of a waiting choice, once: the row goes, so a second press finds nothing.

        None when nothing (or no choice) waits under the key for this user, or it expired.
        """

        async def job(q: Queries) -> NewEntry | None:
            # DELETE … RETURNING: of two presses at once, only one gets the row (both engines).
            payload = await q.fetchval(
                "DELETE FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND expires_at > ?"
                " AND kind = ? RETURNING payload",
                (key, user_id, when.isoformat(), _CHOICES),
            )
            if payload is None:
                return None
            choices = json.loads(payload)["choices"]
            return _entry_of(choices[index]) if 0 <= index < len(choices) else None

        return await self._db.run(job, writes=True)

    async def asks_first(self, key: int, user_id: int, when: datetime) -> bool:
        """Whether an entry waits under `key` for this user's "Did you mean …?" (a reading picked
        from a chat line's choice, held as implausible), not expired."""
        waiting = await self._db.fetchval(
            "SELECT 1 FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND expires_at > ?"
            " AND kind = ? AND entry_id IS NULL",
            (key, user_id, when.isoformat(), _ENTRY),
        )
        return waiting is not None

    async def confirm(
        self, interaction_id: int, user_id: int, when: datetime, *, corrected: bool = False
    ) -> int | None:
        """Move the pending entry into the log, once (with the weight "Did you mean …?" offered,
        when `corrected`): the entry keeps the original interaction id."""
        async with self._db.transaction() as tx:
            # Locked where a Cancel could overlap (PostgreSQL): it then waits, and finds the row gone
            # once the entry is stored; unlocked, both went ahead. SQLite runs one writer at a time.
            # (entry_id IS NULL: an edit is saved over its entry, by confirm_edit, never added.)
            lock = " FOR UPDATE" if tx.dialect == "postgres" else ""
            payload = await tx.fetchval(
                "SELECT payload FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND expires_at > ?"
                " AND kind = ? AND entry_id IS NULL" + lock,
                (interaction_id, user_id, when.isoformat(), _ENTRY),
            )
            waiting = None if payload is None else _decode(payload, corrected=corrected)
            if waiting is None:
                return None
            entry, setup_id, _ = waiting
            if setup_id is not None:  # the setup current at the /log, unless /import undo took it since
                setup_id = await tx.fetchval("SELECT id FROM setups WHERE id = ? AND user_id = ?", (setup_id, user_id))
            # Two confirmations at once (PostgreSQL lets them overlap) store once: the entry's
            # interaction id is unique, so the later insert does nothing and returns None.
            entry_id = await sql.insert_entry(tx, user_id, entry, setup_id, interaction_id, when)
            await tx.execute("DELETE FROM pending_logs WHERE interaction_id = ?", (interaction_id,))
            return entry_id

    async def confirm_edit(
        self, key: int, user_id: int, when: datetime, *, post_text: Callable[[Entry], str], corrected: bool = False
    ) -> EditAnswered | None:
        """Save the Edit waiting under `key` over its entry, once (with the weight "Did you mean
        …?" offered, when `corrected`), unless the entry was deleted or edited since the question
        was asked, or already holds those values; None when nothing waits (answered already,
        cancelled or expired). Its post, if any, is kept with `post_text` of the entry as saved,
        as `EntriesRepository.edit_told` keeps it."""

        async def job(q: Queries) -> EditAnswered | None:
            # DELETE … RETURNING first: of two presses at once only one gets the row (both
            # engines), so the other is told it was answered, not that the entry changed meanwhile.
            row = await q.fetchone(
                "DELETE FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND expires_at > ?"
                " AND kind = ? AND entry_id IS NOT NULL RETURNING entry_id, payload",
                (key, user_id, when.isoformat(), _ENTRY),  # a draft, though it names its entry, is no edit
            )
            waiting = None if row is None else _decode(row[1], corrected=corrected)
            if row is None or waiting is None:
                return None
            entry_id, (entry, _, guard) = int(row[0]), waiting
            was = await sql.get(q, user_id, entry_id)
            if was is None or sql.edit_stamp(was) != guard:  # deleted or edited since: as it is
                return EditAnswered(entry_id, was, saved=False, entry=was)
            if unchanged(was, entry):
                # "Store 82.5 kg" where the entry is 82.5 kg already: no edit, so no edit stamp.
                return EditAnswered(entry_id, was, saved=False, unchanged=True, entry=was)
            if not await removed.edit_entry(q, user_id, entry_id, entry, when, only_at=guard):
                # Deleted or edited in the moment since `was` was read (PostgreSQL lets jobs overlap).
                return EditAnswered(entry_id, was, saved=False, entry=await sql.get(q, user_id, entry_id))
            post = await post_rewrites.keep_edited(q, user_id, entry_id, post_text)
            return EditAnswered(entry_id, was, saved=True, entry=edited(was, entry, when), post=post)

        return await self._db.run(job, writes=True)

    async def put_draft(
        self, key: int, user_id: int, entry_id: int, fields: dict[str, str], expires_at: datetime
    ) -> None:
        """Keep a refused Edit form's `fields` as typed (`key`: its submit's id) until `expires_at`,
        for "Fix the form" to reopen it with them; nothing when that submit already kept one."""
        payload = json.dumps({"draft": fields})
        await self._db.execute(_PUT, (key, user_id, payload, expires_at.isoformat(), entry_id, _DRAFT))

    async def draft(self, key: int, user_id: int, entry_id: int, when: datetime) -> dict[str, str] | None:
        """A refused Edit form's fields as typed (`put_draft`), kept for the user's form on that
        entry; None when none is (expired, or forgotten). It stays: the form may be reopened again."""
        payload = await self._db.fetchval(
            "SELECT payload FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND entry_id = ?"
            " AND expires_at > ? AND kind = ?",
            (key, user_id, entry_id, when.isoformat(), _DRAFT),
        )
        if payload is None:
            return None
        fields = json.loads(payload)["draft"]
        return {str(name): str(value) for name, value in fields.items()}

    async def discard(self, interaction_id: int, user_id: int) -> bool:
        deleted = await self._db.execute(
            "DELETE FROM pending_logs WHERE interaction_id = ? AND user_id = ?", (interaction_id, user_id)
        )
        return deleted == 1

    async def purge_expired(self, now: datetime) -> int:
        return await self._db.execute("DELETE FROM pending_logs WHERE expires_at <= ?", (now.isoformat(),))
