"""The words of every progression nudge, in the guide's voice.

Kept apart from the rules so the wording can be read (and reviewed) in one place. Two
constraints shape every sentence here:

- a sentence that names the guide carries no number except the guide's own wording
  ("2 to 5 sets", "about 6 to 15 reps", "roughly RPE 7-9");
- a threshold the bot uses (one increment, RPE 8, RPE 10, 5–10%, 10%) sits in a sentence that
  calls it this bot's default. The tests scan every text the engine produces for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.logbook.sessions import LoggedEntry
from bot.logbook.units import DEFAULT_INCREMENT, Unit, format_number, format_weight

# Phrases quoted from the guide's "Progress it" section; the only numbers it may be quoted with.
GUIDE_NUMBER_PHRASES: tuple[str, ...] = ("2 to 5 sets", "about 6 to 15 reps", "roughly RPE 7-9")

# The guide's whole condition for adding load or reps, verbatim from "Progress it" (its
# sentence: "Add load or reps only when you can <this>."); every nudge that names the condition
# states all of it, the fatigue clause included.
GUIDE_CONDITION = (
    "finish the planned sets without shortening the top position, losing control, turning the "
    "movement into a bounce, or carrying soreness and fatigue into the work that matters more"
)
_CHECK = f"check the guide's condition yourself: {GUIDE_CONDITION}"
_GUIDE_ADDS = f"the guide adds load or reps only when you can {GUIDE_CONDITION}"
# The guide's heading over its progression advice, quoted whole where a nudge says "in the guide's words".
PLATE_STACK_HEADING = "Progress it without chasing the biggest plate stack"
# Uneven sets the same-sets nudge lists one by one ("12, 10 and 8 reps"); more are summed up.
LISTED_SETS = 8


def reps_text(low: int, high: int) -> str:
    """A rep range as written: "6–15", or "8" when it is one number."""
    return str(low) if low == high else f"{low}–{high}"


def reps_count(low: int, high: int) -> str:
    """A rep range with its noun: "6–15 reps", "8 reps", "1 rep" (a range of 1–1 read "1 reps")."""
    return f"{reps_text(low, high)} {'rep' if low == high == 1 else 'reps'}"


# Where a nudge's first sentence ends: a full stop before the next sentence's capital or code span
# (a number's point, "2.5 kg", has no space after it).
_SENTENCE_END = re.compile(r"(?<=\.) +(?=[A-Z`])")


@dataclass(frozen=True)
class Nudge:
    """One piece of advice: a stable id, one or two sentences, the guide section it rests on."""

    id: str
    text: str
    section_id: str

    @property
    def brief(self) -> str:
        """Its first sentence, what it asks or states: the short form a reply with no room for the
        whole says (the rest, such as the guide's condition restated, is in /nudge)."""
        return _SENTENCE_END.split(self.text, maxsplit=1)[0]


def _same_setup(variant: str | None) -> str:
    """What a session repeats of its setup: a bridge is done from the floor, with no bench."""
    return "foot position" if variant == "bridge" else "bench height, foot position"


def start(variant: str | None) -> tuple[Nudge, Nudge]:
    """No history yet: the guide's default prescription, then how to begin."""
    lead = f"No {variant} sessions logged yet." if variant else "No sessions logged yet."
    return (
        Nudge("start", f"{lead} The guide's practical default is 2 to 5 sets of about 6 to 15 "
              "reps at roughly RPE 7-9, adjusted to the rest of the lower-body plan.",
              "progress-it"),
        Nudge("start-setup", "Start with a load you can finish for every planned set with the "
              f"same {_same_setup(variant)}, range and top position, and log it. That first "
              "session is the baseline later ones are compared with.", "setup-repeatable"),
    )


def baseline(variant: str) -> Nudge:
    """First session for this variant and setup (a bridge is done from the floor: no bench)."""
    return Nudge("baseline", f"This is your baseline for {variant} hip thrusts on this setup. "
                 f"Repeat it next time with the same {_same_setup(variant)}, range and top "
                 "position, so the sessions can be compared.", "setup-repeatable")


def variant_changed(variant: str) -> Nudge:
    """First session of this variant after logging other variants."""
    return Nudge("variant-changed", f"First {variant} session: a new baseline, not a "
                 "continuation of your other variants. Compare it only with later "
                 f"{variant} sessions on the same setup, like with like.", "setup-repeatable")


def setup_changed(variant: str) -> Nudge:
    """The setup differs from the previous session of this variant, and no session read was on it."""
    return Nudge("setup-changed", f"Your setup changed since the last {variant} session, and none of "
                 f"your recent {variant} sessions were on this one, so this is a new baseline rather than "
                 "a step up or down. Compare like with like: only sessions on the same setup and range.",
                 "setup-repeatable")


def new_setup(variant: str, *, no_setup: bool = False, latest_without: bool = False) -> Nudge:
    """Before the first session on the setup chosen with /setup (`no_setup`: none, `/setup none`), which
    none of the recent sessions were on: a new baseline, the target the latest session's (`latest_without`:
    logged without a setup)."""
    if no_setup:
        first = (f"All your recent {variant} sessions were on a setup, and you chose none with /setup, so your "
                 "first session without one")
        latest, later = "", "later sessions without a setup"
    else:
        first = (f"None of your recent {variant} sessions were on the setup you chose with /setup, so your first "
                 "session on it")
        latest = ", logged without a setup" if latest_without else ", on another setup"
        later = "later sessions on this setup"
    return Nudge("new-setup", f"{first} is a new baseline rather than a step up or down, and this bot's target for "
                 f"it repeats your latest session{latest}. Use a load you can finish for every planned set, and log "
                 f"it: {later}, with the same {_same_setup(variant)}, range and top position, are compared with "
                 "that one, like with like.", "setup-repeatable")


def setup_again(variant: str, last_on: date) -> Nudge:
    """Back on a setup after sessions on another: compared with this setup's own sessions."""
    return Nudge("setup-again", f"Back on this setup: this session was compared with your earlier {variant} "
                 f"sessions on it, the last on {last_on.isoformat()}. Those on another setup in between are "
                 "left out, like with like.", "setup-repeatable")


@dataclass(frozen=True)
class PlanSource:
    """Where a short session's plan comes from: the `had` sets at the working load of the session
    before (`had_on` None) or of the session on `had_on`, `planned` of them (up to 5)."""

    had: int
    planned: int
    had_on: date | None = None

    def said(self) -> str:
        """ ", with 3 sets as the plan: the session before had 3" (the tail of a hold's sentence)."""
        who = "the session before" if self.had_on is None else f"your session on {self.had_on.isoformat()}"
        capped = " (this bot plans 5 at most)" if self.had > self.planned else ""
        return f", with {self.planned} sets as the plan: {who} had {self.had}{capped}"


def hold_rpe10(*, loaded: bool, plan: PlanSource | None = None) -> Nudge:
    """A set at RPE 10; `plan`: the session was short of it, so the target holds its sets, not
    this session's, and the nudge says where they come from."""
    held = "these reps and sets" if plan is None else "these reps"
    first = ("A set reached RPE 10, so hold this load next time, or back off 5–10% "
             "(this bot's default)" if loaded else
             f"A set reached RPE 10, so hold {held} next time rather than adding "
             "more (this bot's default)")
    plan_said = "" if plan is None else plan.said()
    return Nudge("hold-rpe10", f"{first}{plan_said}. Check range, control and recovery: {_GUIDE_ADDS}.",
                 "progress-it")


def back_off(*, loaded: bool, cut: bool = True, plan: PlanSource | None = None) -> Nudge:
    """Reps fell at the same load two sessions running; `cut`: a 5–10% lighter load was found
    (else the increment is too coarse for one, and the target holds the load); `plan` as for
    `hold_rpe10`."""
    if not loaded:
        held = "the reps and sets" if plan is None else "the reps"
        first = (f"Reps fell two sessions running, so hold or trim {held} next time "
                 "(this bot's default) instead of adding more")
    elif cut:
        first = ("Reps fell at the same load two sessions running, so back off 5–10% next time "
                 "(this bot's default) and build back up")
    else:
        first = ("Reps fell at the same load two sessions running, and one increment off would "
                 "cut more than this bot's default back-off of 5–10%, so hold this load next time "
                 "and build back up")
    plan_said = "" if plan is None else plan.said()
    return Nudge("back-off", f"{first}{plan_said}. Check range, control and recovery: {_GUIDE_ADDS}.",
                 "progress-it")


def plate_stack() -> Nudge:
    """The working load jumped past this bot's threshold over the best previous one."""
    return Nudge("plate-stack", "This working load is more than 10% above your best previous "
                 "one on this setup (this bot's default threshold). Hold it next time rather than build "
                 "on the jump.", "progress-it")


def add_load(increment: float, unit: Unit, *, settings: tuple[float, Unit] | None = None) -> Nudge:
    """Every planned set at the top of the range with room left: one `increment` in `unit`, the unit
    the load was logged in. `settings`: the lifter's increment and unit, named beside the step when
    the load was logged in the other unit (the step is then that increment in whole steps of it)."""
    step = f"{format_number(increment)} {unit}"
    if settings is not None and settings[1] != unit:
        step += (f" (your increment of {format_number(settings[0])} {settings[1]}, in whole "
                 f"{format_number(DEFAULT_INCREMENT[unit])} {unit} steps: this load was logged in {unit})")
    return Nudge("add-load", "Every planned set reached the top of your range at RPE 8 or lower "
                 "(or without an RPE), so this bot's default is one increment more next time: "
                 f"{step}. Your log cannot show form, so {_CHECK}.", "progress-it")


def add_set() -> Nudge:
    """No load to add (bodyweight, band): progress by one more set."""
    return Nudge("add-set", "Every set reached the top of your range, and with no load to add "
                 "this bot's default is one more set next time, within the guide's 2 to 5 sets. "
                 f"First {_CHECK}.", "progress-it")


def unloaded_at_top() -> Nudge:
    """No load to add, the top of the range reached and no set left to add: hold (never past the range)."""
    return Nudge("unloaded-at-top", "Every set reached the top of your range with no load to add, "
                 "and this bot adds sets only within the guide's 2 to 5 sets, so its rules have no "
                 "step left: stay at the top of your range, within those sets, rather than go past "
                 "them. To add reps, raise the top of your rep range in /settings first; this bot "
                 "never aims past it.", "progress-it")


def unloaded_past_top(rep_high: int) -> Nudge:
    """No load to add, and every set past the top of the range: back to its top, no set added."""
    return Nudge("unloaded-past-top", "Every set went past the top of your range "
                 f"({reps_count(rep_high, rep_high)}) with no load to add. This bot never aims past your range, "
                 "so it asks for its top next time rather than another set; to aim higher, raise the top of "
                 "your rep range in /settings first.",
                 "progress-it")


def fewer_sets(done: int, had: int, planned: int, *, going_on: bool, had_on: date | None = None) -> Nudge:
    """Fewer sets at the working load than the plan: `planned`, the `had` sets of the last session
    (`had_on` None) or of the session on `had_on`, up to 5. Not finished, or, `going_on` today,
    the rest not logged yet."""
    count = f"{done} {'set' if done == 1 else 'sets'} at its working load"
    before = f"{'your last one' if had_on is None else f'your session on {had_on.isoformat()}'} had {had}"
    plan = f"this bot keeps this load and {planned} sets as the plan" + (
        " (it plans 5 at most)" if had > planned else "")
    first = (f"This session has {count} so far, and {before}: log any more sets from today as you do "
             f"them, and until then {plan}." if going_on else f"This session had {count}, and {before}, so {plan}.")
    return Nudge("fewer-sets", f"{first} Bear in mind that {_GUIDE_ADDS}.", "progress-it")


def single_set(*, going_on: bool) -> Nudge:
    """One set in the session, and no bigger plan to hold it to."""
    if going_on:
        text = ("This session has a single set so far, below the guide's practical default of 2 to 5 "
                "sets. Log any more sets from today as you do them: they join this session.")
    else:
        text = "This session had a single set, below the guide's practical default of 2 to 5 sets."
    return Nudge("single-set", text, "progress-it")


def repeat_load() -> Nudge:
    """At the top of the range but above the RPE this bot adds load at."""
    return Nudge("repeat-load", "You reached the top of your range, but above RPE 8, this bot's "
                 "default for adding load, so repeat this load and these reps next time. The "
                 "guide's example lifter progresses reps or load only when the same range and "
                 "effort repeat across sessions.", "example-hypertrophy")


def add_reps(rep_high: int, *, loaded: bool = True) -> Nudge:
    """Inside the range but not at its top: double progression (with no load: reps alone)."""
    lead = "Keep this load and add reps" if loaded else "Add reps"
    return Nudge("add-reps", f"{lead} next time until every set reaches the top of your range, "
                 f"{reps_count(rep_high, rep_high)} (double progression, this bot's default). "
                 f"Bear in mind that {_GUIDE_ADDS}.", "progress-it")


def same_sets(sessions: int, variant: str, set_reps: tuple[int, ...], load: float, unit: Unit) -> Nudge:
    """Double progression asks for a rep more, and the last `sessions` sessions on this setup had
    the same sets (`set_reps`, most first) at the same load: a fact, and what a log cannot show.
    Uneven sets are listed one by one up to `LISTED_SETS`; more are told by their count and reps
    (a session may hold hundreds of sets, and the list would outgrow the message)."""
    if len(set(set_reps)) == 1:
        sets = f"{len(set_reps)} × {set_reps[0]}"
    elif len(set_reps) > LISTED_SETS:
        sets = f"{len(set_reps)} sets of {reps_text(set_reps[-1], set_reps[0])} reps"
    else:
        sets = ", ".join(map(str, set_reps[:-1])) + f" and {set_reps[-1]} reps"
    where = f"at {format_number(load)} {unit}" if load > 0 else "at bodyweight"
    return Nudge("same-sets", f"Your last {sessions} {variant} sessions on this setup had the same sets at the "
                 f"same load, {sets} {where}. With the reps not rising, check range, control and recovery, "
                 "which a log cannot show.", "progress-it")


def logged_twice(entry: LoggedEntry, times: int) -> Nudge:
    """An entry of several sets logged `times` times in the session: counted once, and how to fix it."""
    sets = f"{entry.sets} × {entry.reps} at {format_weight(entry.weight, entry.unit)}"
    told = "twice" if times == 2 else f"{times} times"
    return Nudge("logged-twice", f"{sets} is logged {told} in this session, and this bot counts it once, as a "
                 f"double entry (if you did them all, edit one to {entry.sets * times} × {entry.reps} in `/history` "
                 "and delete the rest). If not, `/undo` or `/history` deletes the extra.", "progress-it")


def too_easy() -> Nudge:
    """Every set logged below RPE 7."""
    return Nudge("too-easy", "Every set was logged below the guide's roughly RPE 7-9, and the guide says "
                 "to use moderate to hard sets that keep the same range and pelvis position.", "progress-it")


def outside_default(*, many_sets: bool, reps_outside: bool, rep_low: int, rep_high: int,
                    outside_guide: bool = False, every: bool = False) -> Nudge:
    """More sets than the guide's default, or reps outside the lifter's range, or outside the
    guide's about 6 to 15 (inside a range the lifter set wider or elsewhere); `every` set, or some."""
    fits = "That is fine if it fits the rest of your lower-body week"
    where = "your rep range" if reps_outside else "the guide's about 6 to 15 reps"
    which = "every set" if every else "some sets"
    if many_sets and (reps_outside or outside_guide):
        text = ("This session had more sets than the guide's practical default of 2 to 5 sets, "
                f"and {which} fell outside {where}. {fits}.")
    elif many_sets:
        text = ("This session had more sets than the guide's practical default of 2 to 5 sets. "
                f"{fits}.")
    elif reps_outside:
        text = (f"{which.capitalize()} fell outside your rep range ({reps_count(rep_low, rep_high)}). {fits}; "
                "the guide's practical default is 2 to 5 sets of about 6 to 15 reps.")
    else:
        text = (f"{which.capitalize()} fell outside the guide's practical default of about 6 to 15 reps, though "
                f"inside your rep range. {fits}.")
    return Nudge("outside-default", text, "progress-it")


def describe_bot_defaults(*, rep_low: int, rep_high: int, increment: float, unit: Unit) -> str:
    """The thresholds the nudges use, stated as this bot's own (the footer of /nudge)."""
    return (
        "This bot's defaults, not the guide's: add one increment "
        f"({format_number(increment)} {unit}) when every planned set at your working load reaches the "
        f"top of your range ({reps_count(rep_low, rep_high)}) at RPE 8 or lower; hold or back off "
        "5–10% after such a set at RPE 10 or reps falling at the same load two sessions running; flag a working "
        "load more than 10% above your best previous one on the same setup; with no load to add "
        "(bodyweight, band), one more set up to 5, then repeat at the top of your range."
    )
