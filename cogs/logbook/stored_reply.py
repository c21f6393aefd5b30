"""The reply to a stored entry: what was stored, the rep record it is (if any) and the target for
the next session; for /log, "Store anyway", a reminder's Log form and the chat log alike."""

from __future__ import annotations

from datetime import datetime

from bot.client import HipThrustBot
from bot.db.logbook_jobs import LogOutcome
from bot.interactions import limits
from bot.logbook.entries import Entry, NewEntry, Preferences, today_in
from bot.nudges.advice import Advice
from bot.nudges.citations import Citations, log_reply_advice
from bot.nudges.engine import advise_sessions
from bot.nudges.history import advice_for
from bot.progress.records import RepRecord, rep_record
from cogs.logbook.render import stored_line


def logged_text(outcome: LogOutcome, citations: Citations, now: datetime) -> str:
    """The reply to an entry `store.logbook.log` just stored, from what it read: what was stored,
    the rep record it is (if any), the target for the next session."""
    entry, prefs = outcome.entry, outcome.prefs
    advice = advise_sessions(outcome.sessions, prefs, variant=entry.variant, today=today_in(prefs.timezone, now))
    record = rep_record(entry.weight, entry.unit, entry.reps, outcome.previous_best)
    return stored_with_advice(entry, advice, citations, record)


async def stored_text(
    bot: HipThrustBot, citations: Citations, user_id: int, entry: NewEntry, prefs: Preferences | None = None
) -> str:
    """The same reply for an entry stored earlier (after "Store anyway"), read now."""
    if prefs is None:
        prefs = await bot.store.users.preferences(user_id)
    previous = await bot.store.entries.rep_best(user_id, entry) if isinstance(entry, Entry) else None
    record = rep_record(entry.weight, entry.unit, entry.reps, previous)
    advice = await advice_for(bot.store, user_id, entry.variant, prefs, now=bot.clock())
    return stored_with_advice(entry, advice, citations, record)


def stored_with_advice(
    entry: NewEntry, advice: Advice, citations: Citations, record: RepRecord | None = None
) -> str:
    """The reply to a stored entry: what was stored, the rep record it is (if any), the target,
    within a message (a long note and two long nudges tell the second briefly: `log_reply_advice`)."""
    lines = [stored_line(entry)]
    if record is not None:
        backdated = advice.follows_a_session_after(entry.performed_on)
        jumped = not backdated and any(n.id == "plate-stack" for n in advice.nudges)  # about the latest
        lines.append(record.line(jumped=jumped, as_of=entry.performed_on if backdated else None))
    head = "\n".join(lines)
    advised = log_reply_advice(advice, citations, logged_on=entry.performed_on, room=limits.CONTENT - len(head) - 1,
                               variant=entry.variant)
    return f"{head}\n{advised}"
