"""What the nudge engine answers: the next session's `Target` and the `Advice` around it (its
nudges, the session they follow). Pure data, read by /log's reply, /nudge and the reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.logbook.units import Unit, format_number
from bot.nudges import words
from bot.nudges.words import Nudge


@dataclass(frozen=True)
class Target:
    """Next session's aim: `sets` sets of `reps` (to `reps_up_to`, if a range) at `load`, and the
    `lighter` sets the session had besides (back-off sets, as the lifter chooses them)."""

    load: float | None  # None: no external load to suggest (bodyweight or band)
    unit: Unit
    reps: int
    sets: int
    reps_up_to: int | None = None
    lighter: int = 0

    def describe(self) -> str:
        """E.g. "3 × 6–15 reps at 102.5 kg", "4 × 12 reps, no added load" or "1 × 8 reps at 130 kg,
        plus your 3 lighter sets" (as the session had them)."""
        reps = words.reps_count(self.reps, self.reps_up_to or self.reps)
        where = f"at {format_number(self.load)} {self.unit}" if self.load else "no added load"
        sep = " " if self.load else ", "
        plus = ""
        if self.lighter:
            plus = ", plus your lighter set" if self.lighter == 1 else f", plus your {self.lighter} lighter sets"
        return f"{self.sets} × {reps}{sep}{where}{plus}"


@dataclass(frozen=True)
class Advice:
    """A target (None without history) and one or two nudges, most important first; `after`
    is the day of the session they follow (the latest of the variant)."""

    target: Target | None
    nudges: tuple[Nudge, ...] = field(default=())
    after: date | None = None
    # The latest session was on another setup than the one chosen with /setup since: these follow
    # the chosen setup's own last session, on `after` (`advise(..., chosen_setup=True)`).
    chosen_setup: bool = False
    # ... and none read was on the chosen setup: the next session is its first, a new baseline, and
    # the target repeats the latest session, on `after`, on another setup.
    new_setup: bool = False

    def follows_a_session_after(self, day: date) -> bool:
        """Whether it follows a session later than `day`: an entry logged for `day` is backdated,
        and the target and nudges are not about it."""
        return self.after is not None and day < self.after
