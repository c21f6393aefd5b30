"""Pain, injury and rehab questions are offered no training section (`bot.guide.pain`)."""

from __future__ import annotations

import pytest

from bot.guide.answering import sections_for_message, sections_for_typing, suggest
from bot.guide.model import Guide
from bot.guide.pain import PAIN_SECTION, asks_about_pain, pain_sections
from tests.content import shipped_content

QA_QUESTION = "my lower back hurts and my knee is injured after hip thrusts, what should I do for rehab?"
# Sections that tell a lifter how to train: none may answer an injury question.
TRAINING = {"practice", "examples"}


@pytest.fixture(scope="module")
def guide() -> Guide:
    return shipped_content().guide


@pytest.mark.parametrize(
    "text",
    [QA_QUESTION, "back pain", "my hip HURTS", "Injuries?", "injured glute", "rehab after surgery",
     "can my physio use this", "sciatica and hip thrusts", "I tweaked my back", "I tweaked my lower back",
     "torn hamstring, can I still thrust?", "strained my left glute", "my physiotherapist said no",
     # Review: injuries said in words it missed
     "bulging disc, can I do these?", "hip thrusts with a labral tear", "coming back from a hamstring tear",
     "I have a pinched nerve in my lower back", "stress fracture last year", "glute strain from sprinting",
     "slipped disc", "a tear in my hamstring", "ruptured achilles"],
)  # fmt: skip
def test_pain_injury_and_rehab_words_are_heard(text: str) -> None:
    assert asks_about_pain(text)


@pytest.mark.parametrize(
    "text",
    ["my lower back gets tired from deadlifts, what instead?", "sore glutes after a hard session, add load?",
     "what can I achieve with hip thrusts", "how many sets", "what is the number of reps", "",
     # Review: training questions that used ambiguous words
     "I tweaked my foot position", "torn between hip thrusts and RDLs", "achy glutes next day, progress?",
     "doctor said I can train again", "aching legs after a heavy session", "is this good therapy for boredom",
     "strained to finish the last rep", "my foot slipped off the pad", "the band tore, what instead?",
     "tear through the last set", "no strain on the lower back?"],
)  # fmt: skip
def test_training_questions_are_not_read_as_pain(text: str) -> None:
    assert not asks_about_pain(text)


def test_a_pain_question_leads_with_who_this_is_for_and_offers_no_training_section(guide: Guide) -> None:
    asked = sections_for_message(guide, QA_QUESTION)
    assert asked.pain  # said once, for the menu's referral note
    offered = asked.sections
    assert offered[0].id == PAIN_SECTION  # it ranked "Back-fatigue workaround" first
    assert "example-back-fatigue" not in {s.id for s in offered}
    assert not [s.id for s in offered if s.group in TRAINING]
    assert not {"terms", "decision-checkpoints", "quick-answer"} & {s.id for s in offered}
    # The rest say what the evidence cannot settle, in the guide's own words.
    assert [s.id for s in offered[1:]] == ["caveats", "why-the-answer", "science-activation", "limitations"]
    assert offered == pain_sections(guide, 25)
    assert sections_for_message(guide, QA_QUESTION, limit=2).sections == offered[:2]


def test_the_section_autocomplete_and_its_suggestions_do_the_same(guide: Guide) -> None:
    typed = sections_for_typing(guide, "back pain")
    assert typed[0].id == PAIN_SECTION
    assert not [s.id for s in typed if s.group in TRAINING]
    assert "Back-fatigue workaround" not in suggest(guide, "back pain")
    assert suggest(guide, "my back hurts")[0] == "Who this is for / not for"
    # Without pain words, the back-fatigue example is still the answer about a tired back.
    assert sections_for_typing(guide, "back")[0].id == "example-back-fatigue"
