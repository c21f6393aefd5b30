"""The logbook's texts: the fixed ones fit what Discord accepts; what an edit's answer says it replaced."""

import dataclasses
import re
from datetime import date

import pytest

from bot.interactions import limits
from bot.logbook.describe import deleted_text
from bot.logbook.entries import Entry, NewEntry
from bot.logbook.posts import SharedPost
from bot.logbook.units import to_kg
from bot.progress.records import BestSet, build_records, rep_record
from cogs.logbook.records import records_page
from cogs.logbook.render import (
    PRIVACY,
    edited_post_text,
    entry_option,
    export_summary,
    forgotten_posts_line,
    history_embed,
    implausible_text,
    post_line,
    privacy_embed,
    session_line,
    was_line,
)
from tests.content import shipped_content


def test_privacy_fits_one_embed() -> None:
    # Past Discord's limit the callback is refused (50035) and the member gets an error id
    # instead of the policy; each feature adds a line to it.
    embed = privacy_embed()
    assert embed.description == PRIVACY
    assert len(PRIVACY) <= limits.EMBED_DESCRIPTION, f"/privacy is {len(PRIVACY)} characters"
    assert len(embed) <= limits.EMBED_CHARS_PER_MESSAGE


def _best(reps: int, pounds: float, day: int) -> BestSet:
    return BestSet(variant="barbell", setup_id=None, reps=reps, rpe=None, weight=pounds, unit="lb",
                   weight_kg=to_kg(pounds, "lb"), day=date(2026, 11, day), entry_id=reps)


def test_records_say_what_was_loaded_in_another_unit_while_the_field_has_room() -> None:
    chart = shipped_content().rts_chart
    few = build_records([_best(8, 225, 24)], {}, chart=chart, variants=["barbell"])
    [field] = records_page(few, unit="kg", variant=None, current_setup_id=None)[0].fields
    assert field.value.splitlines()[0] == "8 reps: **102.06 kg** (logged as 225 lb) · 2026-11-24"
    # Every rep count (1–20 and 21+) logged in lb: the notes would pass a field's 1,024
    # characters and cut the best estimated 1RM off, so they go, not the lines.
    every = build_records([_best(reps, 300 - reps, 1 + reps % 28) for reps in range(1, 23)], {}, chart=chart,
                          variants=["barbell"])
    [field] = records_page(every, unit="kg", variant=None, current_setup_id=None)[0].fields
    assert len(field.value) <= limits.FIELD_VALUE
    assert "(logged as" not in field.value
    assert field.value.splitlines()[-1].startswith("Best estimated 1RM: ")
    assert len(field.value.splitlines()) == 22


def test_a_long_setup_full_of_markup_is_cut_before_it_is_escaped_and_stays_marked_current() -> None:
    # 200 characters, the most a setup holds, each * escaped: 400 once escaped. The field name was
    # cut after escaping, at 256: a stray backslash before the "…" ('a\*a\…') and no "(current)".
    chart = shipped_content().rts_chart
    [board] = build_records([dataclasses.replace(_best(8, 225, 24), setup_id=7)], {7: "a*" * 100}, chart=chart,
                            variants=["barbell"])
    [field] = records_page([board], unit="kg", variant=None, current_setup_id=7)[0].fields
    assert len(field.name) <= limits.FIELD_NAME
    assert field.name.startswith("barbell · a\\*a\\*")
    assert field.name.endswith("a\\*…" + " (current)") or field.name.endswith("a…" + " (current)")


def test_an_edits_question_names_the_day_of_the_load_it_is_compared_with() -> None:
    typed = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 225.0, "lb", None, None)
    guess = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 22.5, "lb", None, None)
    assert implausible_text(typed, 10.0, guess, on=date(2026, 11, 17)) == (
        "**225 lb** is more than double your barbell working load on 2026-11-17 (about 22 lb)."
        " Did you mean **22.5 lb**? Nothing is stored until you choose.")
    assert implausible_text(typed, 10.0, None, show_last=False).startswith(  # /log's, in a public reply
        "**225 lb** is more than double your last barbell working load. Nothing")


def test_a_load_compared_with_from_the_other_unit_is_said_roughly() -> None:
    """A session of 225 lb, named to a kg lifter, read "102.06 kg": a load no one typed."""
    typed = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 1000.0, "kg", None, None)
    assert "(about 102.1 kg)." in implausible_text(typed, to_kg(225, "lb"), None)
    assert "(102.5 kg)." in implausible_text(typed, 102.5, None)  # as it was logged


WAS = Entry(performed_on=date(2026, 11, 20), variant="barbell", sets=3, reps=10, weight=100.0, unit="kg", rpe=8.0,
            note="felt fine", id=7)


def test_was_shows_the_note_and_rpe_an_edit_replaced() -> None:
    def was(**now: object) -> str:
        return was_line(WAS, dataclasses.replace(WAS, **now))

    described = "2026-11-20 · 3 × 10 @ 100 kg · RPE 8 · barbell"
    assert was(weight=102.5) == f"Was: {described}."  # note kept: not repeated
    assert was(note="pad 3") == f"Was: {described} · note “felt fine”."
    assert was(note=None) == f"Was: {described} · note “felt fine”."
    assert was(rpe=9.0) == f"Was: {described}."  # its RPE is in the line already
    assert was(rpe=None, note=None) == f"Was: {described} · note “felt fine”."
    bare = dataclasses.replace(WAS, rpe=None, note=None)
    assert was_line(bare, WAS) == "Was: 2026-11-20 · 3 × 10 @ 100 kg · barbell · no RPE · no note."
    assert was_line(bare, bare) == "Was: 2026-11-20 · 3 × 10 @ 100 kg · barbell."


def test_a_replaced_note_is_shown_inert() -> None:
    marked = dataclasses.replace(WAS, note="@everyone **PR** <@123456789012345678> <#456>")
    line = was_line(marked, WAS)  # escaped as entry_text escapes the note on the Saved line
    assert line == ("Was: 2026-11-20 · 3 × 10 @ 100 kg · RPE 8 · barbell"
                    " · note “@\u200beveryone \\*\\*PR\\*\\* <@\u200b123456789012345678> <\u200b#456>”.")


def test_a_deleted_entry_and_its_post_are_told_without_its_note() -> None:
    noted = dataclasses.replace(WAS, note="@everyone thanks <@123456789012345678>")
    assert deleted_text(noted) == "Deleted: 2026-11-20 · 3 × 10 @ 100 kg · RPE 8 · barbell."  # a channel reads it
    post = SharedPost(guild_id=1, channel_id=2, message_id=3)
    assert post_line(post, edited=True) == (
        "Its post in the channel now says it was deleted: https://discord.com/channels/1/2/3")
    assert post_line(post, edited=False) == (
        "I could not edit its post in the channel, which still shows it: https://discord.com/channels/1/2/3")


def test_an_edited_entrys_post_shows_it_as_it_is_now() -> None:
    noted = dataclasses.replace(WAS, note="@everyone heavier")
    assert edited_post_text(noted) == ("**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell on 2026-11-20.\n"
                                       "Note: @\u200beveryone heavier\n-# Edited since it was posted.")
    post = SharedPost(guild_id=1, channel_id=2, message_id=3)
    assert post_line(post, edited=True, deleted=False) == (
        "Its post in the channel now shows the edit: https://discord.com/channels/1/2/3")
    assert post_line(post, edited=False, deleted=False) == (
        "I could not edit its post in the channel, which still shows it as it was: https://discord.com/channels/1/2/3")


def test_forgetme_says_what_became_of_the_posts_and_links_at_most_ten() -> None:
    posts = [SharedPost(guild_id=1, channel_id=2, message_id=n) for n in range(12)]
    assert forgotten_posts_line(1, []) == "1 post of your sets in server channels now says deleted."
    assert forgotten_posts_line(0, []) == ""  # every post was deleted already
    stayed = forgotten_posts_line(3, posts)
    assert stayed.splitlines()[0] == "3 posts of your sets in server channels now say deleted."
    assert stayed.splitlines()[1].startswith("I could not edit 12, which still show your sets: "
                                             "https://discord.com/channels/1/2/0 ")
    assert stayed.endswith("https://discord.com/channels/1/2/9 and 2 more")


def test_a_sessions_note_repeated_on_its_entries_is_shown_once() -> None:
    """Hevy repeats an exercise's note on every set: the page read “felt good; felt good”."""
    second = dataclasses.replace(WAS, id=8, weight=90.0)
    other = dataclasses.replace(WAS, id=9, weight=80.0, note="last one slow")
    assert session_line([WAS, second, other]).endswith("“felt fine; last one slow”")


def test_a_session_line_tells_its_sets_rpes_and_notes_each_once() -> None:
    """Runs of alike sets told once, in logged order; each RPE once, least first; each note once,
    escaped (two that read the same once escaped are one)."""
    session = [
        dataclasses.replace(WAS, id=8, sets=2, rpe=9.0, note="**heavy**"),
        dataclasses.replace(WAS, id=9, sets=1, rpe=7.5, note="**heavy**\u202e"),
        dataclasses.replace(WAS, id=10, sets=1, reps=8, rpe=9.0, note=None),
        dataclasses.replace(WAS, id=11, sets=1, weight=0.0, rpe=None, note="ok"),
    ]
    assert session_line(session) == (
        "`2026-11-20` · barbell · 3 × 10 @ 100 kg, 1 × 8 @ 100 kg, 1 × 10 @ bodyweight · RPE 7.5/9"
        " · “\\*\\*heavy\\*\\*; ok”"
    )
    assert session_line([dataclasses.replace(WAS, rpe=None, note=None)]) == "`2026-11-20` · barbell · 3 × 10 @ 100 kg"


MARKUP_NOTE = "*_|~>\\"  # each escaped by a backslash once shown: a note of them is twice as long


def unescaped(shown: str) -> str:
    """What an escaped text reads as: each escaped character without its backslash."""
    return re.sub(r"\\(.)", r"\1", shown)


@pytest.mark.parametrize("count", [12, 15])
@pytest.mark.parametrize("length", [196, 197, 198, 199, 200])
def test_a_session_of_long_notes_full_of_markup_is_cut_before_they_are_escaped(count: int, length: int) -> None:
    """Escaped, 12 notes of 198 characters of markup are ~4,700 characters: the line was cut after
    escaping at the description's 4,096, which could leave a stray backslash before the "…"
    (escaping it: `…` read as the note's and a backslash of the note lost) and no closing quote."""
    notes = [(f"{n} " + MARKUP_NOTE * 40)[:length] for n in range(count)]
    session = [dataclasses.replace(WAS, id=n, sets=1, note=note) for n, note in enumerate(notes)]
    line = session_line(session)
    assert len(line) <= limits.EMBED_DESCRIPTION
    assert history_embed([line], start=0, variant=None, more=False).description == line  # not cut again
    said = line.split(" · “", 1)[1].removesuffix("”").removesuffix("…")
    assert (len(said) - len(said.rstrip("\\"))) % 2 == 0, said[-12:]  # no backslash escaping the "…"
    assert line.endswith("…”")
    assert ("; ".join(notes)).startswith(unescaped(said))  # the notes as typed, as far as they go
    assert len(said) > limits.EMBED_DESCRIPTION - 100  # and they go as far as the room allows


def test_export_says_what_the_files_hold() -> None:
    """No verdict is claimed where none is stored, and every stored verdict is counted (one a server
    and one with no server), not called the latest; the reminder schedule only when there is one."""
    assert export_summary(entries=0, setups=0, verdicts=0, reminder=False) == (
        "Your data — log entries: 0, setups: 0, quiz verdicts: 0 — with your settings.")
    assert export_summary(entries=1200, setups=1, verdicts=2, reminder=True) == (
        "Your data — log entries: 1200, setups: 1, quiz verdicts: 2 — with your settings and reminder schedule.")
    assert export_summary(entries=60000, setups=0, verdicts=0, reminder=False, entry_files=2) == (
        "Your data — log entries: 60000, setups: 0, quiz verdicts: 0 — with your settings. Your log entries are in "
        "2 files, entries-1.csv to entries-2.csv, each small enough for `/import csv`.")


def test_records_and_the_rep_record_line_name_every_clause_of_the_guides_condition() -> None:
    """Audit: both said progress held on range, top position, control (and bounce) alone, dropping
    the guide's last clause: "…or carrying soreness and fatigue into the work that matters more."."""
    clauses = ("top position", "control", "bounce", "soreness or fatigue carried into the work that matters more")
    header = records_page([], unit="kg", variant=None, current_setup_id=None)[0].description or ""
    record = rep_record(105, "kg", 10, _best(10, 200, 20))  # 200 lb: 90.7 kg
    assert record is not None
    for text in (header, record.line(jumped=False)):
        for clause in clauses:
            assert clause in text, (clause, text)


def test_a_long_note_in_historys_menu_is_cut_after_a_whole_word() -> None:
    """The option's description was cut at 99 characters mid-word ("…of all sets t…")."""
    note = "Hips high, ribs down, chin tucked; paused one second at the top position on every rep of all sets today."
    entry = Entry(date(2026, 11, 20), "barbell", 3, 10, 100.0, "kg", 8, note, id=1)
    label, description = entry_option(entry)
    assert label == "2026-11-20 · 3 × 10 @ 100 kg · RPE 8 · barbell"
    assert description == ("Hips high, ribs down, chin tucked; paused one second at the top position on every rep "
                           "of all sets…")
    assert len(description) <= limits.OPTION_TEXT
