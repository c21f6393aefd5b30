"""What a progression nudge is, and the wording every nudge shares, in the guide's voice.

The nudges' own sentences are in `setup_words` (baselines and setups), `step_words` (the next
step) and `remark_words` (what else a session shows), kept apart from the rules so the wording
can be read (and reviewed) in one place. Two constraints shape every sentence of them:

- a sentence that names the guide carries no number except the guide's own wording
  ("2 to 5 sets", "about 6 to 15 reps", "roughly RPE 7-9");
- a threshold the bot uses (one increment, RPE 8, RPE 10, 5–10%, 10%) sits in a sentence that
  calls it this bot's default. The tests scan every text the engine produces for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.logbook.units import Unit, format_number

# Phrases quoted from the guide's "Progress it" section; the only numbers it may be quoted with.
GUIDE_NUMBER_PHRASES: tuple[str, ...] = ("2 to 5 sets", "about 6 to 15 reps", "roughly RPE 7-9")

# The guide's whole condition for adding load or reps, verbatim from "Progress it" (its
# sentence: "Add load or reps only when you can <this>."); every nudge that names the condition
# states all of it, the fatigue clause included.
GUIDE_CONDITION = (
    "finish the planned sets without shortening the top position, losing control, turning the "
    "movement into a bounce, or carrying soreness and fatigue into the work that matters more"
)
# The guide's heading over its progression advice, quoted whole where a nudge says "in the guide's words".
PLATE_STACK_HEADING = "Progress it without chasing the biggest plate stack"


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
