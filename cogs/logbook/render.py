"""What the logbook says back: pure text, escaped so echoed notes never break formatting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import discord

from bot.interactions import limits
from bot.interactions.counts import tally
from bot.interactions.replies import escape, escape_within, moment
from bot.interactions.within import words_within
from bot.logbook.describe import day_text, describe_entry, describe_session_sets
from bot.logbook.entries import Entry, NewEntry, Preferences
from bot.logbook.posts import SharedPost
from bot.logbook.units import format_number, format_weight, from_kg
from bot.logbook.zones import zone_label

PAGE_SIZE = 10
# The weight's name wherever a lifter types it (/log's option, the reminder's Log form, /history's
# Edit form): one wording, so the three read as the same field.
WEIGHT_LABEL = "Weight per rep"
MAX_LINKS = 10  # posts linked in one answer (a link is ~90 characters; a message holds 2,000)
# The variant option of /nudge and /progress: both answer about the variant logged last.
LATEST_VARIANT_HELP = "Which hip thrust (default: the one you logged last)"


def span(bounds: tuple[float, float]) -> str:
    """(1, 100) → "1–100": a limit as the option descriptions state it."""
    return "–".join(format_number(bound) for bound in bounds)


def up_to(tops: dict[str, float]) -> str:
    """{"kg": 1000, "lb": 2200} → "1000 kg / 2200 lb": a per-unit top as the descriptions state it."""
    return " / ".join(f"{format_number(top)} {unit}" for unit, top in tops.items())


def stored_line(entry: NewEntry) -> str:
    line = f"**Logged** {describe_entry(entry)} on {entry.performed_on.isoformat()}."
    if entry.note:
        line += f"\nNote: {escape(entry.note)}"
    return line


def implausible_text(
    entry: NewEntry, last_kg: float, guess: NewEntry | None, *, show_last: bool = True, on: date | None = None
) -> str:
    """ "Did you mean …?" for a load far from the last one; `guess` is `likely_typo`'s. Without
    `show_last` (a reply anyone in the channel reads) the last load is not named. With `on` the
    load compared with is that day's (an edit's nearest session), not the last."""
    ratio = "more than double" if entry.weight_kg > last_kg else "less than half"
    load = f"your last {entry.variant} working load"
    if on is not None:
        load = f"your {entry.variant} working load on {on.isoformat()}"
    shown = from_kg(last_kg, entry.unit)
    # A load logged in the other unit converts to a long number (225 lb: 102.0583 kg): said roughly.
    about = "" if abs(shown - round(shown, 2)) < 1e-6 else "about "
    last = f" ({about}{format_number(round(shown, 1) if about else shown)} {entry.unit})" if show_last else ""
    hint = f" Did you mean **{format_weight(guess.weight, guess.unit)}**?" if guess is not None else ""
    return (
        f"**{format_weight(entry.weight, entry.unit)}** is {ratio} {load}{last}.{hint}"
        " Nothing is stored until you choose."
    )


def session_line(session: Sequence[Entry]) -> str:
    """ "`2026-11-25` · barbell · 3 × 10 @ 100 kg · RPE 7/8 · “felt strong”": a session on one line
    of /history (its RPEs and notes each once; one pass over the entries, as a page writes ten)."""
    first = session[0]
    rpes: set[float] = set()
    notes: dict[str, None] = {}  # in order, each once: Hevy repeats a note on every set
    for entry in session:
        if entry.rpe is not None:
            rpes.add(entry.rpe)
        if entry.note:
            notes[entry.note] = None
    # Hundreds of different sets on one day (an import) would fill the page: half of it at most.
    sets = describe_session_sets(session, room=limits.EMBED_DESCRIPTION // 2)
    line = f"`{day_text(first.performed_on)}` · {first.variant} · {sets}"
    if rpes:
        line += " · RPE " + "/".join(map(format_number, sorted(rpes)))
    if notes:  # notes that read the same once escaped are one note
        said = "; ".join(dict.fromkeys(map(escape, notes)))
        room = limits.EMBED_DESCRIPTION - len(line) - len(" · “”")
        if len(said) > room:  # ~10 long notes full of markup on one day: rare, so only then cut them
            said = _notes_within(notes, room)
        line += " · “" + said + "”"
    return line


def _notes_within(notes: Iterable[str], room: int) -> str:
    """A session's notes as its line says them, in `room` characters: those that fit whole, then
    the rest cut before it is escaped (`escape_within`): a cut after could split an escape,
    leaving a stray backslash before the "…"."""
    unique = {escape(note): note for note in notes}
    head, rest = "", ""
    for place, shown in enumerate(unique):
        gap = "; " if head else ""
        if len(head) + len(gap) + len(shown) >= room:  # this one leaves no room for more and a "…"
            rest = gap + "; ".join(list(unique.values())[place:])
            break
        head += gap + shown
    left = room - len(head)
    # Escaping never shortens: no more of the rest than `left` + 1 characters can show. Searched
    # whole, a rest of notes full of markup took ~30 ms (escape_markdown is quadratic in them).
    return head + escape_within(rest[: left + 1], left)


def history_embed(lines: Sequence[str], *, start: int, variant: str | None, more: bool) -> discord.Embed:
    """A page of session lines (`session_line`); `start` is the place of its first (0: the newest).
    A session's line fits the description (its sets and its notes are cut to fit, whole): the cut
    with "…" below is a last resort no session reaches."""
    title = "Your hip thrust history" + (f" ({variant})" if variant else "")
    text = "\n".join(lines)
    if len(text) > limits.EMBED_DESCRIPTION:
        text = text[: limits.EMBED_DESCRIPTION - 1] + "…"
    embed = discord.Embed(title=title, description=text)
    first, last = start + 1, start + len(lines)
    which = f"Session {first}" if first == last else f"Sessions {first}–{last}"
    embed.set_footer(text=f"{which}{'' if more else ' (the last)'} · newest first")
    return embed


def entry_text(entry: Entry, *, lead: str = "", edited: bool = True) -> str:
    """One entry in full, as the /history entry view shows it (`lead` goes before it; `edited`
    says when it was last edited, if it was)."""
    lines = [f"{lead}**{describe_entry(entry, with_date=True)}**"]
    if entry.note:
        lines.append(f"Note: {escape(entry.note)}")
    if entry.setup:
        lines.append(f"Setup: {escape(entry.setup)}")
    if edited and entry.edited_at:
        lines.append(f"Last edited {moment(entry.edited_at)}.")  # in the reader's own time zone
    return "\n".join(lines)


def was_line(was: Entry, now: NewEntry) -> str:
    """ "Was: …" under an edit's "Saved: …": the entry as it was, with the RPE and the note the
    edit replaced (an edit of only the note would otherwise read the same on both lines)."""
    parts = [describe_entry(was, with_date=True)]
    if was.rpe is None and now.rpe is not None:  # an RPE it had is in describe_entry already
        parts.append("no RPE")
    if was.note != now.note:
        parts.append(f"note “{escape(was.note)}”" if was.note else "no note")
    return f"Was: {' · '.join(parts)}."


def edited_since_asked(entry: Entry) -> str:
    """The answer to a delete confirmed after the entry was edited elsewhere (another device, the
    Edit form): nothing deleted, and the question again, of the entry in full as it is now."""
    return entry_text(entry, lead="Not deleted: this entry was edited after you were asked. Delete it as it is now?\n")


def post_line(post: SharedPost, *, edited: bool, deleted: bool = True) -> str:
    """What became of the post in a server channel of an entry the lifter deleted (or edited),
    under the answer that says so."""
    if edited:
        now = "says it was deleted" if deleted else "shows the edit"
        return f"Its post in the channel now {now}: {post.link}"
    still = "it" if deleted else "it as it was"
    return f"I could not edit its post in the channel, which still shows {still}: {post.link}"


def edited_post_text(entry: NewEntry) -> str:
    """What an edited entry's post in a channel becomes: the entry as it is now, marked edited."""
    return f"{stored_line(entry)}\n-# Edited since it was posted."


def forgotten_posts_line(marked: int, stayed: Sequence[SharedPost]) -> str:
    """Under /forgetme's summary: what became of the posts that told server channels about the
    lifter's sets (each now "Deleted: …", or linked where the bot could not edit it)."""
    lines = []
    if marked:
        lines.append(f"{marked} {'post' if marked == 1 else 'posts'} of your sets in server channels now "
                     f"{'says' if marked == 1 else 'say'} deleted.")
    if stayed:
        links = " ".join(post.link for post in stayed[:MAX_LINKS])
        more = f" and {len(stayed) - MAX_LINKS} more" if len(stayed) > MAX_LINKS else ""
        lines.append(f"I could not edit {len(stayed)}, which still show your sets: {links}{more}")
    return "\n".join(lines)


def entry_option(entry: Entry) -> tuple[str, str | None]:
    """The label and description of an entry in /history's menu (Discord: 100 characters each;
    plain text, so the note needs no escaping there)."""
    label = describe_entry(entry, with_date=True)[: limits.OPTION_TEXT]
    return label, words_within(entry.note, limits.OPTION_TEXT) if entry.note else None


EMPTY_HISTORY = (
    "No hip thrust sessions logged yet. Start with `/log weight:<load> reps:<reps>` — for example "
    "`/log weight:60 reps:10 sets:3 rpe:8`."
)


def log_example(variant: str | None = None) -> str:
    """The /log line an empty answer offers, for the variant asked about (if one was)."""
    return f"`/log weight:<load> reps:<reps>{f' variant:{variant}' if variant else ''}`"


def empty_history(variant: str | None) -> str:
    """/history with nothing to show: nothing logged at all, or nothing of the variant asked for."""
    if variant is None:
        return EMPTY_HISTORY
    return (
        f"No {variant} hip thrust sessions logged yet. Log one with {log_example(variant)}; "
        "`/history` without a variant shows all your sessions."
    )


def preferences_text(prefs: Preferences, setup: str | None) -> str:
    return "\n".join(
        [
            "**Your settings**",
            f"unit: {prefs.unit}",
            f"rep range: {prefs.rep_low}–{prefs.rep_high}",
            f"increment: {format_number(prefs.increment)} {prefs.unit}",
            f"timezone: {zone_label(prefs.timezone)}",
            f"share_logs: {'on — /log replies are posted in the channel' if prefs.share_logs else 'off'}",
            f"setup: {escape(setup) if setup else 'none (set one with /setup)'}",
        ]
    )


def export_summary(*, entries: int, setups: int, verdicts: int, reminder: bool, entry_files: int = 1) -> str:
    """/export's answer, naming what the files hold: every stored quiz verdict is counted (one a
    place it was taken in, so "latest quiz verdict" was wrong for several and for none),
    and log entries split over several files are said to be, each one for `/import csv`."""
    counts = tally({"log entries": entries, "setups": setups, "quiz verdicts": verdicts})
    said = f"Your data — {counts} — with your settings{' and reminder schedule' if reminder else ''}."
    if entry_files > 1:
        said += (f" Your log entries are in {entry_files} files, entries-1.csv to entries-{entry_files}.csv, "
                 "each small enough for `/import csv`.")
    return said


def forget_summary(counts: dict[str, int]) -> str:
    if not any(counts.values()):
        # True of a press that found nothing, and of the second press of a double click, whose
        # answer may land after the first's: "There was nothing stored" was false then.
        return "Nothing about you is stored. Nothing was left to delete."
    return f"Deleted everything stored about you — {tally(counts, skip_zero=True)}."


PRIVACY = """\
**What this bot stores about you, and why**
• Your Discord user id, to keep your log yours across servers and DMs.
• What you log: date, variant, sets, reps, weight and unit, RPE, note, and when you last edited an entry — \
to show your history, progress and records.
• The date, variant, sets, reps and weight an entry had before you deleted it or changed one of them (not its \
note or RPE) — so that `/import csv` does not bring it back. `/import undo` of the import it came from, and \
/forgetme, delete them.
• Where a log of yours was posted in a server channel (a shared /log, the reply to a set you typed there): \
the channel and message — to mark that post when you delete the entry, or show your edit in it. Once you \
delete or edit it (or use /forgetme), the post's ids and what it is to say ("Deleted: …" and the entry's \
numbers, or the entry as edited, its note included) are kept, without your id, only until the bot has edited \
the post (or Discord refused it), even across a restart.
• Of a set you send the bot in chat (a DM, a mention), until its reply goes out: the channel and server it \
was sent in — to reply late after a restart or a reply Discord refused, and to answer the same line sent \
again "already in your log". It goes with the reply or the entry; one still owed after an hour is dropped \
within minutes (as the bot starts, if it was down).
• Which of your entries came from which `/import csv` (the app and when) — for `/import undo`.
• Your setup descriptions and settings (unit, rep range, increment, time zone, sharing) — for nudges.
• Your latest fit quiz verdict in DMs, in each server where you took the quiz (with its id while the bot is \
there — for /quizstats counts) and in servers without the bot (one for all, no server id).
• Your reminder schedule, only after /remind set (days, time, time zone, sent and paused state, and the id \
of your DM channel with the bot once a reminder opened it) — to send reminders. `/remind off` deletes it.
• Who pinned a guide snippet (moderators only), to show it in /snippet list.
No names are stored, and no message text beyond the note of a set you log in chat. "Answer with \
the guide" reads the one message it is used on, to rank the guide's sections, and keeps nothing of it.

**What this bot reads**
Only messages meant for it: your DMs to it, server messages that mention it, and your message you pick \
with **Log as hip thrust**. It keeps only the set it read (the rest of the line is its note), under the \
message id so it is logged once. Other messages reach it without their text.

**About each server (not about you)**
The settings its moderators choose with /config, and its snippet records. Removing the bot from a server \
deletes both; quiz verdicts taken there stay yours, without the server's id. Added back, the bot records \
again the snippets it finds still pinned there, with no one as their pinner.

**Where and for how long**
In this bot's database, run by the bot's operator, until you delete it or the operator removes the bot's data.
Log replies are private unless you choose `share` (or turn on `share_logs` in /settings). A set logged \
by mentioning the bot is answered in that channel with only what was stored; your target is added only \
with `share_logs` on.
Files given to `/import csv` are read once and not kept; their sets wait at most 15 minutes for your Import click.
What you typed in an Edit form it refused waits for **Fix the form** until its buttons expire \
(14 minutes) or you press Cancel.

**Your controls**
`/history` lets you edit or delete any entry.
`/export` sends you a copy of everything but what is kept of deleted entries and of replies still owed \
(entries.csv and profile.csv); \
a note or setup starting with = + - @ or ' gets a ' in front, so a spreadsheet shows it as text, and \
`/import csv` takes it off again.
`/forgetme` deletes everything about you after you confirm, then marks your shared posts deleted."""


def privacy_embed() -> discord.Embed:
    """/privacy as an embed: the policy outgrew a message's 2000 characters, a description holds 4096."""
    return discord.Embed(title="Your data and this bot", description=PRIVACY)


def store_label(guess: NewEntry) -> str:
    """The button that stores the weight "Did you mean …?" offers: "Store 37.5 kg"."""
    return f"Store {format_weight(guess.weight, guess.unit)}"
