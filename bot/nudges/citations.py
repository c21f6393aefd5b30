"""The engine's advice as a lifter reads it: the target and nudges, citing the guide.

Pure. The rendering keeps the nudges' rule of attribution: the guide is cited by section title
and, in `/nudge`, by a verbatim passage; every number the bot uses is either the lifter's own
(the target) or stated as this bot's default (`describe_bot_defaults`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.guide.model import Guide
from bot.interactions import limits
from bot.logbook.entries import Preferences
from bot.nudges.advice import Advice
from bot.nudges.words import Nudge, describe_bot_defaults

# Verbatim passages of the guide (section id, quote) that the nudges rest on.
_DEFAULT = ("progress-it", "A practical default is 2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9, "
            "adjusted to the rest of the lower-body plan.")
_EFFORT = ("progress-it", "Use moderate to hard sets that keep the same range and pelvis position.")
_CONDITION = ("progress-it", "Add load or reps only when you can finish the planned sets without shortening the "
              "top position, losing control, turning the movement into a bounce, or carrying soreness and "
              "fatigue into the work that matters more.")
_SAME_SETUP = ("setup-repeatable", "The useful hip thrust is boring in the best way: same bench height, same foot "
               "position, same range, same top position, and the same effort target from week to week.")
_REPEAT = ("example-hypertrophy", "They progress reps or load only when the same range and effort repeat across "
           "sessions.")

# The passage each nudge (by id) rests on. A quote is shown only while it is still in that
# section (a moderator may edit data/guide), so the bot never puts words in the guide's mouth.
GUIDE_PASSAGES: Mapping[str, tuple[str, str]] = {
    "start": _DEFAULT, "outside-default": _DEFAULT, "too-easy": _EFFORT, "repeat-load": _REPEAT,
    "start-setup": _SAME_SETUP, "baseline": _SAME_SETUP, "variant-changed": _SAME_SETUP,
    "setup-changed": _SAME_SETUP, "setup-again": _SAME_SETUP, "new-setup": _SAME_SETUP,
    "hold-rpe10": _CONDITION, "back-off": _CONDITION, "plate-stack": _CONDITION,
    "add-load": _CONDITION, "add-set": _CONDITION, "add-reps": _CONDITION, "unloaded-at-top": _CONDITION,
    "fewer-sets": _CONDITION, "single-set": _DEFAULT, "same-sets": _CONDITION,
    "logged-twice": _DEFAULT, "unloaded-past-top": _DEFAULT,
}


def _normal(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Citations:
    """How nudges name the guide: section titles, and the passages still found in the guide."""

    titles: Mapping[str, str]
    passages: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_guide(cls, guide: Guide) -> Citations:
        """Titles from the loaded guide; only passages that are verbatim in their section."""
        titles = {s.id: s.title for s in guide.sections}
        bodies = {s.id: _normal(s.body) for s in guide.sections}
        passages = {
            nudge_id: (section, quote)
            for nudge_id, (section, quote) in GUIDE_PASSAGES.items()
            if _normal(quote) in bodies.get(section, "")
        }
        return cls(titles=titles, passages=passages)

    def title(self, section_id: str) -> str:
        """The section's title in the guide (its id if the guide lacks it)."""
        return self.titles.get(section_id, section_id)

    def passage(self, nudge: Nudge) -> str | None:
        """The verbatim guide passage this nudge rests on, if it is in the nudge's section."""
        found = self.passages.get(nudge.id)
        return found[1] if found is not None and found[0] == nudge.section_id else None


def nudge_line(nudge: Nudge, citations: Citations) -> str:
    """ "• <nudge> (guide: <section title>)"."""
    return f"• {nudge.text} (guide: {citations.title(nudge.section_id)})"


def brief_line(nudge: Nudge, citations: Citations, variant: str | None = None) -> str:
    """ "• <its first sentence> (guide: <section title>; the rest: `/nudge`)": a nudge where the
    reply has no room for it whole, still citing its section, and pointing to where it is whole."""
    where = f"`/nudge variant:{variant}`" if variant else "`/nudge`"
    return f"• {nudge.brief} (guide: {citations.title(nudge.section_id)}; the rest: {where})"


def target_line(advice: Advice) -> str | None:
    """ "**Next session:** 3 × 11 reps at 100 kg." or None without a target."""
    if advice.target is None:
        return None
    return f"**Next session:** {advice.target.describe()}."


def log_reply_advice(
    advice: Advice, citations: Citations, *, logged_on: date | None = None, room: int = limits.CONTENT,
    variant: str | None = None,
) -> str:
    """What follows the stored line of a /log reply: the target, then the nudges. An entry
    `logged_on` a day before the latest session (a backdated log) is told which session they
    follow, so they are not read as being about it.

    In at most `room` characters where it can be: past it, the nudges after the first are told in
    their first sentence (`brief_line`, pointing to /nudge of `variant` for the rest). The first,
    which set the target, is always whole: the guide's condition it states is the lifter's check."""
    line = target_line(advice)
    if line and advice.target and logged_on and advice.follows_a_session_after(logged_on):
        line = f"**Next session**, after your latest one ({advice.after}): {advice.target.describe()}."
    lines = [line] if line else []
    whole = "\n".join([*lines, *(nudge_line(n, citations) for n in advice.nudges)])
    if len(whole) <= room or len(advice.nudges) < 2:
        return whole
    first, *rest = advice.nudges
    return "\n".join([*lines, nudge_line(first, citations), *(brief_line(n, citations, variant) for n in rest)])


def _how_to_start_logging(variant: str, *, log_button: bool = False) -> str:
    """The last words for a lifter with nothing logged yet: how to log. Under a message with a
    **Log** button (the reminder DM), the button, with /log as the other way."""
    then = "`/nudge` will have a target for your next session."
    if log_button:
        return f"Once you log (the **Log** button below, or `/log` with `variant:{variant}`), {then}"
    return f"Log it with `/log weight:<load> reps:<reps> sets:<sets> rpe:<effort>`, `variant:{variant}`, and {then}"


def nudge_report(
    advice: Advice, citations: Citations, prefs: Preferences, *, variant: str, log_button: bool = False,
    room: int = limits.CONTENT,
) -> str:
    """The /nudge answer: the target and why, each reason with the guide passage it rests on.
    `log_button`: the message has a **Log** button, and the words for a first log point to it.
    Past `room` characters, the passages are not quoted: each reason names its section, as the
    /log reply does (every nudge is bounded, so that form fits a message)."""
    report = _report(advice, citations, prefs, variant=variant, log_button=log_button, quote=True)
    if len(report) > room:
        report = _report(advice, citations, prefs, variant=variant, log_button=log_button, quote=False)
    return report


def _report(
    advice: Advice, citations: Citations, prefs: Preferences, *, variant: str, log_button: bool, quote: bool
) -> str:
    if advice.target is None:
        lines = [f"**How to start ({variant} hip thrust)**"]
    elif advice.new_setup and advice.after is not None:
        chosen = ("without a setup, as you chose with /setup" if prefs.current_setup_id is None
                  else "on the setup you chose with /setup")
        lines = [f"**Next {variant} session**, your first {chosen} (a new baseline): {advice.target.describe()}, "
                 f"from your latest session ({advice.after.isoformat()}).", "**Why**"]
    elif advice.chosen_setup and advice.after is not None:
        lines = [f"**Next {variant} session**, on the setup you chose with /setup, after your last session on it "
                 f"({advice.after.isoformat()}): {advice.target.describe()}.", "**Why**"]
    else:
        lines = [f"**Next {variant} session:** {advice.target.describe()}.", "**Why**"]
    shown: set[str] = set()
    for nudge in advice.nudges:
        lines.append(f"• {nudge.text}")
        passage = citations.passage(nudge) if quote else None
        title = citations.title(nudge.section_id)
        if passage in shown:  # two nudges resting on one passage: quote it once
            lines.append(f"> (guide: *{title}*, the passage above)")
        else:
            lines.append(f"> “{passage}” (guide: *{title}*)" if passage else f"> (guide: *{title}*)")
        if passage:
            shown.add(passage)
    if advice.target is None:
        lines.append(_how_to_start_logging(variant, log_button=log_button))
    defaults = describe_bot_defaults(rep_low=prefs.rep_low, rep_high=prefs.rep_high, increment=prefs.increment,
                                     unit=prefs.unit)
    lines.append(f"-# {defaults}")
    return "\n".join(lines)
