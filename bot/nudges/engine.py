"""The progression nudge engine: logged history in, a next-session target and 1–2 nudges out.

Pure: no Discord, no database, no clock. The logbook turns stored rows into `LoggedEntry`
values (day already in the lifter's time zone) and renders the `Advice`.

Terms (PRODUCT.md, issue 20)
- A *session* is one lifter's entries for one variant on one day. Its *top set* is its
  heaviest set (compared in kg); its *working load* is the top set's load; its setup is the
  top set's setup. A day logged on two setups (a /setup between its sets) is a session on each
  (`by_setup`), the setup logged on last the latest: sets on another setup are not lighter sets
  of a session, nor compared with it.
- A *comparison* is the sessions of one variant on the latest session's setup, among those
  read (for the next session, /nudge's and a reminder's, on the setup chosen with /setup:
  `advise(..., chosen_setup=True)`). A setup new to them (or a variant new to the lifter)
  starts one (advice for the next session after /setup to such a setup says its first will);
  going back to a setup picks up its own sessions, leaving out those on other setups in between
  (a lifter alternating two gyms progresses at each). Lowering the load on purpose starts a new
  one as far as "reps fell" goes: that rule only compares sessions at the same load, back to
  back, so a back-off can never read as reps falling.
- Every set logged in a session is a planned working set (the logbook logs working sets); a set
  lighter than the top set is a back-off set, and progress is judged on the sets at the top load.

Thresholds are this bot's defaults (the guide's only numbers are its practical default, 2 to 5
sets of about 6 to 15 reps at roughly RPE 7-9): one increment to add, RPE <= 8 as room left,
5–10% to back off, a jump of more than 10% (and more than one increment, so the bot's own step
never trips it) as chasing the plate stack, more than 5 sets, 3 sessions with the same sets at
the same load as worth a note.

Priority. The first *primary* rule that applies sets the target and the first nudge:
  1. hold or back off: reps fell at the same load two sessions running (back off 5–10%, or
     hold, and say so, when the increment is too coarse for that), else any set at RPE 10 (hold);
     on a session short of the plan (rule 4), with the plan's sets, and the nudge says whose;
  2. new comparison: baseline / variant changed / setup changed (repeat the session);
  3. plate-stack jump (hold the load);
  4. fewer sets at the working load than the plan, the most of the two sessions before (on the
     same setup), up to the guide's 5: the plan is not finished (or the rest of today's sets are
     not logged yet), so the same load and the plan's sets. Two sessions, so that one short
     session (a set logged on its own, a day cut short) does not make a one-set plan; a lifter
     who cuts sets on purpose is held to the old plan twice. Every target keeps the plan's sets,
     a hold's included;
  5. ready to progress: every set at the working load at the top of the range at RPE <= 8 or
     without RPE (a lighter back-off set after them does not hold it back)
     (one increment more; with no load to add — bodyweight or band — one more set up to 5,
     then the same session again: never reps past the lifter's range; sets all past its top come
     back to it, with no set added);
  6. at the top of the range but above RPE 8 (repeat);
  7. otherwise, add reps at the same load (double progression).
Then at most one *secondary* nudge, the first that applies of: an entry logged twice (an entry
of several sets repeated in a session counts once, there and in every later plan: a duplicate
never grows the target's sets), fewer sets than the plan (when a jump set the target, its sets the
plan's: the lifter is told whose), new comparison (when a hold won), plate-stack (when it did not
set the target), too easy (every set below RPE 7), the same sets (double progression asked for
more reps, and the last 3 or more sessions of the comparison had the same sets at the same load:
said as a fact, with the check of range, control and recovery; the guide has no rule for it, so
the target stays double progression's), back on a setup (the session before was on another one:
say which sessions it was compared with), a single set (with no bigger plan), outside the
default (more than 5 sets, or reps outside the lifter's range or the guide's about 6 to 15: a
lifter who chose 20–30 is told the guide's).
Never more load when no set reached the top of the range: only rule 5 adds load.

Units. Every target is in the unit the working load was logged in, from that load as it was
loaded (101 kg stays 101 kg; 225 lb for a kg lifter stays 225 lb), and loads that change do so by
whole steps from it (135 lb + 10 lb = 145 lb: plates add to the bar, not to a grid from zero).
The step is the lifter's increment; for a load logged in the other unit, that increment in whole
steps of that unit's default (`units.step_in`: 5 lb is 2.5 kg, 10 lb is 5 kg), and the add-load
nudge names the step it took. A target never mixes units (60 kg + 5 lb read "135 lb").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from bot.logbook.entries import GUIDE_REPS, Preferences
from bot.logbook.sessions import LoggedEntry, Session, by_setup, group_sessions, latest_setup_sessions
from bot.logbook.units import (
    add_increment,
    back_off_load,
    step_in,
    to_kg,
)
from bot.nudges import remark_words, setup_words, step_words
from bot.nudges.advice import Advice, Target
from bot.nudges.chosen_setup import off_setup, through_setup
from bot.nudges.reading import (
    first_double,
    load_jumped,
    reps_fell_twice,
    same_sets_running,
)
from bot.nudges.words import Nudge

__all__ = [
    "Advice", "LoggedEntry", "Nudge", "Session", "Target",
    "advise", "advise_sessions", "group_sessions", "starting_advice",
]

ROOM_LEFT_RPE = 8.0      # this bot's default: at or below, a set had room to add load
HOLD_RPE = 10.0          # any set here: hold or back off
EASY_RPE = 7.0           # every set below: too easy (the guide's "roughly RPE 7-9")
FLAT_SESSIONS = 3        # this many sessions with the same sets at the same load: say so
MIN_DEFAULT_SETS = 2     # the guide's "2 to 5 sets"
MAX_DEFAULT_SETS = 5
NO_LOAD_VARIANTS = frozenset({"banded"})  # progress by reps and sets only


def starting_advice(variant: str | None = None) -> Advice:
    """No history: the guide's default prescription and how to start (no target yet)."""
    return Advice(target=None, nudges=setup_words.start(variant))


def advise(history: Sequence[LoggedEntry], prefs: Preferences, *, variant: str, today: date,
           chosen_setup: bool = False) -> Advice:
    """The target and nudges after the latest session of `variant` in `history`; `today` (the
    lifter's, `today_in(prefs.timezone, now)`) tells a session still going on, whose other sets
    may yet be logged ("so far").

    `chosen_setup` (/nudge, a reminder: advice for the next session, not about one just logged):
    when the latest session was on another setup than the one chosen with /setup since
    (`prefs.current_setup_id`), and one read was on it, the advice follows that setup's own last
    session, like with like (a lifter back at their other gym), and says so (`Advice.chosen_setup`);
    when none read was on it, the next session is its first, a new baseline, as it will be once
    logged: the target repeats the latest session, and says whose (`Advice.new_setup`).

    `prefs` is trusted as the logbook builds it: a known unit, 1 <= rep_low <= rep_high, and a
    positive increment in the lifter's unit (`Preferences.increment`, 2.5 kg / 5 lb by default).
    """
    sessions = group_sessions(history)
    if chosen_setup and (mine := off_setup(sessions, variant, prefs.current_setup_id)):
        kept = through_setup(sessions, mine, prefs.current_setup_id)
        if kept is None:
            return _new_setup(mine[-1], prefs)
        advice = advise_sessions(kept, prefs, variant=variant, today=today)
        return replace(advice, chosen_setup=True)
    return advise_sessions(sessions, prefs, variant=variant, today=today)


def _new_setup(latest: Session, prefs: Preferences) -> Advice:
    """The chosen setup had none of the sessions read: the first on it is a new baseline, compared
    with nothing before, so the target repeats `latest` (on another setup) as it was, this bot's
    default: its sets at the working load at their fewest reps, at that load, its lighter sets beside
    (an entry logged twice counted once), and the nudge says so."""
    latest = latest.without_doubles
    top = latest.top
    loaded = top.weight_kg > 0 and latest.variant not in NO_LOAD_VARIANTS
    shown = top.weight if top.weight > 0 else None
    reps = min(e.reps for e in latest.working_entries)
    lighter = latest.total_sets - latest.working_sets if loaded else 0
    target = Target(shown, top.unit if shown else prefs.unit, reps, latest.working_sets, lighter=lighter)
    nudge = setup_words.new_setup(latest.variant, no_setup=prefs.current_setup_id is None,
                                  latest_without=latest.setup_id is None)
    return Advice(target, (nudge,), after=latest.day, chosen_setup=True, new_setup=True)


def advise_sessions(sessions: Sequence[Session], prefs: Preferences, *, variant: str, today: date) -> Advice:
    """`advise` on a history already grouped (`group_sessions`): /log's job keeps the sessions it
    read, and what each worked out, for the lifter's next /log (`bot.db.recent`)."""
    mine = [s for s in sessions if s.variant == variant]
    if not mine:
        return starting_advice(variant)
    others_read = len(mine) < len(sessions)
    # A day on two setups is a session on each, the setup logged on last the latest (`by_setup`).
    mine = by_setup(mine)
    # An entry of several sets logged twice counts once, in every session (the lifter was told
    # when it was the latest), so a duplicate never grows the plan's sets.
    found = [s.doubles for s in mine]
    doubles = found[-1]
    if any(found):
        mine = [s.without_doubles if d else s for s, d in zip(mine, found, strict=True)]
    latest = mine[-1]
    same_setup = latest_setup_sessions(mine)
    # Another variant came first when it was logged on an earlier day, or earlier the same day
    # (none did when every session read is of this variant, as most histories read are).
    first = (latest.day, latest.entries[0].entry_id)
    others_before = others_read and any(
        s.variant != variant and (s.day, s.entries[0].entry_id) < first for s in sessions)
    # Back on a setup after sessions on another: say which sessions the latest was compared with.
    back_on = same_setup[-2].day if len(same_setup) > 1 and mine[-2].setup_id != latest.setup_id else None
    return _decide(latest, same_setup[:-1], len(mine) > 1, others_before, prefs, going_on=latest.day == today,
                   back_on=back_on, doubles=doubles)


def _decide(latest: Session, previous: list[Session], variant_seen: bool, others_before: bool,
            prefs: Preferences, *, going_on: bool, back_on: date | None = None,
            doubles: dict[LoggedEntry, tuple[LoggedEntry, ...]] | None = None) -> Advice:
    entries = latest.entries
    top = latest.top
    loaded = top.weight_kg > 0 and latest.variant not in NO_LOAD_VARIANTS
    # Every target is in the unit the load was lifted in, from the load as it was loaded: 101 kg
    # stays 101 kg, and 60 kg for a lifter whose settings are in lb stays 60 kg (converted, either
    # would be a load no one loaded). Loads that change do so by whole steps in that unit.
    unit = top.unit
    load = top.weight
    step = step_in(unit, prefs.increment, prefs.unit)
    # Progress is judged on the sets at the working load: a lighter back-off set after them is
    # not a set that failed to reach the top (it asked for reps the working sets had done).
    working = latest.working_entries
    reps = min(e.reps for e in working)
    done = latest.working_sets
    total_sets = latest.total_sets
    # The plan: the most sets at the working load of the two sessions before, up to the guide's 5.
    before = previous[-2:]
    had = max(s.working_sets for s in before) if before else done
    planned = min(had, MAX_DEFAULT_SETS)
    short = done < planned
    sets = max(done, planned)  # what every target asks for
    # Short of the plan: where its sets come from, said by the fewer-sets nudge, and by a hold or
    # back-off (after a jump, fewer-sets follows it), whose targets keep them too. Its session is
    # "your last one" only when it is the variant's last, else named by its day.
    plan: Nudge | None = None
    source: step_words.PlanSource | None = None
    if short:
        plan_from = next(s for s in reversed(before) if s.working_sets == had)
        had_on = None if plan_from is before[-1] and back_on is None else plan_from.day
        source = step_words.PlanSource(had, planned, had_on)
        plan = step_words.fewer_sets(done, had, planned, going_on=going_on, had_on=had_on)
    # Lighter sets besides (a top set and back-offs): named beside the target, whatever it asks of
    # the working sets, so the target reads as the whole session (with no load, sets are counted whole).
    lighter = total_sets - done if loaded else 0

    def target(new_load: float, new_reps: int, new_sets: int = sets, up_to: int | None = None) -> Target:
        shown: float | None = new_load if new_load > 0 else None
        return Target(shown, unit if shown else prefs.unit, new_reps, new_sets, up_to, lighter)

    def same_load(new_reps: int, new_sets: int = sets) -> Target:
        return target(load, new_reps, new_sets)

    new_comparison: Nudge | None = None
    if not previous:
        if variant_seen:
            new_comparison = setup_words.setup_changed(latest.variant)
        elif others_before:
            new_comparison = setup_words.variant_changed(latest.variant)
        else:
            new_comparison = setup_words.baseline(latest.variant)
    jumped = loaded and load_jumped(latest, previous, to_kg(step, unit))
    at_top = all(e.reps >= prefs.rep_high for e in working)
    room_left = all(e.rpe is None or e.rpe <= ROOM_LEFT_RPE for e in working)

    # Primary rule: the first that applies sets the target (see the module docstring).
    primary: Nudge
    easy = all(e.rpe is not None and e.rpe < EASY_RPE for e in working)
    # Reps cut at RPE 6 are not fatigue: such a session is told it was too easy, never to back off.
    if not easy and reps_fell_twice([*previous[-2:], latest]):  # it reads the last three
        cut = back_off_load(load, step) if loaded else None
        primary = step_words.back_off(loaded=loaded, cut=cut is not None, plan=source)
        tgt = target(cut, reps) if cut else same_load(reps)
    elif any(e.rpe is not None and e.rpe >= HOLD_RPE for e in working):  # a back-off set's RPE is its own
        primary, tgt = step_words.hold_rpe10(loaded=loaded, plan=source), same_load(reps)
    elif new_comparison is not None:
        primary, tgt, new_comparison = new_comparison, same_load(reps), None
    elif jumped:
        primary, tgt, jumped = step_words.plate_stack(), same_load(reps), False
    elif plan is not None:  # never more load or reps before the planned sets are done
        primary, tgt = plan, same_load(reps)
    elif at_top and room_left:
        if loaded:
            primary = step_words.add_load(step, unit, settings=(prefs.increment, prefs.unit))
            tgt = target(add_increment(load, step), prefs.rep_low, up_to=prefs.rep_high)
        # With no load to add the bot never aims past the lifter's range: one more set while
        # under the guide's 5, then the same session again at the top of the range. Sets all past
        # the top come back to it, with no set added (fewer reps and a set more would read as
        # progress bought by cutting reps).
        elif reps > prefs.rep_high:
            primary = step_words.unloaded_past_top(prefs.rep_high)
            tgt = same_load(prefs.rep_high, min(sets, MAX_DEFAULT_SETS))
        elif total_sets < MAX_DEFAULT_SETS:
            primary, tgt = step_words.add_set(), same_load(min(reps, prefs.rep_high), total_sets + 1)
        else:  # no step left: the session again, within the range and the guide's 5 sets
            primary = step_words.unloaded_at_top()
            tgt = same_load(min(reps, prefs.rep_high), min(sets, MAX_DEFAULT_SETS))
    elif at_top:
        primary, tgt = step_words.repeat_load(), same_load(reps)
    else:
        primary, tgt = step_words.add_reps(prefs.rep_high, loaded=loaded), same_load(reps + 1)
    # Double progression asks for a rep more each time; when the same sets came back session after
    # session, the lifter is told so, with what a log cannot show (the guide gives no rule for it).
    running = same_sets_running([*previous, latest]) if primary.id == "add-reps" else 1

    many_sets = total_sets > MAX_DEFAULT_SETS
    one_set = total_sets < MIN_DEFAULT_SETS and not short
    in_range = [prefs.rep_low <= e.reps <= prefs.rep_high for e in entries]
    in_guide = [GUIDE_REPS[0] <= e.reps <= GUIDE_REPS[1] for e in entries]
    reps_outside, outside_guide = not all(in_range), not all(in_guide)
    every = not any(in_range) if reps_outside else not any(in_guide)  # every set, not just some
    secondary: list[Nudge | None] = [
        remark_words.logged_twice(*first_double(doubles)) if doubles else None,
        plan if primary.id == "plate-stack" else None,  # the jump's target has the plan's sets: whose
        new_comparison,
        step_words.plate_stack() if jumped else None,
        remark_words.too_easy() if easy else None,
        remark_words.same_sets(running, latest.variant, latest.set_reps, load, unit)
        if running >= FLAT_SESSIONS else None,
        setup_words.setup_again(latest.variant, back_on) if back_on else None,
        remark_words.single_set(going_on=going_on) if one_set else None,
        remark_words.outside_default(many_sets=many_sets, reps_outside=reps_outside, outside_guide=outside_guide,
                                     rep_low=prefs.rep_low, rep_high=prefs.rep_high, every=every)
        if many_sets or reps_outside or outside_guide else None,
    ]
    extra = next((n for n in secondary if n is not None), None)
    nudges = (primary,) if extra is None else (primary, extra)
    return Advice(target=tgt, nudges=nudges, after=latest.day)
