"""What the bot serves from its data folder: the guide, the quiz and the RPE chart.

Read once, when the bot starts (`HipThrustBot.setup_hook`), from `Settings.data_dir`, and handed
to every cog through the bot: no cog reads a data file or asks another cog for one. Pure: a broken
file fails here with a message that names it, and the bot does not start.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.guide.model import Guide, GuideDataError, load_guide
from bot.nudges.citations import Citations
from bot.progress.e1rm import RpeChart, load_rts_chart
from bot.quiz.engine import Quiz, load_quiz
from bot.quiz.model import REFERRAL_VERDICT
from bot.settings import Settings


class ContentError(Exception):
    """A data file is missing or broken; the message names it and says what is wrong."""


@dataclass(frozen=True)
class Content:
    guide: Guide
    quiz: Quiz
    rts_chart: RpeChart

    @cached_property
    def citations(self) -> Citations:
        """What the nudges cite of this guide: its section titles, and the passages verbatim in it."""
        return Citations.from_guide(self.guide)

    @property
    def referral_note(self) -> str:
        """The fit quiz's pain, injury and rehab referral (its loader proved the note is there)."""
        return self.quiz.verdicts[REFERRAL_VERDICT].note or ""


def load_content(settings: Settings) -> Content:
    """Read the guide, the quiz and the RPE chart named by `settings` (blocking: run it in a thread);
    ContentError when one is missing or broken."""
    try:
        return Content(
            guide=load_guide(settings.guide_dir),
            quiz=load_quiz(settings.quiz_file),
            rts_chart=load_rts_chart(settings.rts_chart_file),
        )
    except (GuideDataError, ValueError) as exc:  # the quiz's QuizDataError and the chart's are ValueErrors
        raise ContentError(str(exc)) from exc
