"""The words of the nudges that set the next step: hold or back off, add load, reps or a set, keep
to the plan's sets. The constraints in `words` hold here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.logbook.units import DEFAULT_INCREMENT, Unit, format_number
from bot.nudges.words import GUIDE_CONDITION, Nudge, reps_count

_CHECK = f"check the guide's condition yourself: {GUIDE_CONDITION}"
_GUIDE_ADDS = f"the guide adds load or reps only when you can {GUIDE_CONDITION}"


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
