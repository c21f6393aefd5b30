"""Ranking sections for a member's message ("Answer with the guide")."""

from __future__ import annotations

import pytest

from bot.guide.answering import MAX_WORDS, message_words, sections_for_message
from bot.guide.model import Guide
from bot.guide.search import search_sections
from tests.content import shipped_content


@pytest.fixture(scope="module")
def guide() -> Guide:
    return shipped_content().guide


@pytest.mark.parametrize(
    ("question", "best"),
    [
        ("are hip thrusts better than squats for glutes?", "science-squat-trial"),
        ("my lower back gets tired from deadlifts, what instead?", "example-back-fatigue"),
        ("Is the hip thrust any good for powerlifting?", "example-powerlifter"),
        ("what mistakes do people make", "common-mistakes"),
        ("what does the science say about activation", "science-activation"),
        ("when should I add weight? progressing feels slow", "progress-it"),
        ("who should do hip thrusts at all", "who-for"),
    ],
)
def test_the_best_section_comes_first(guide: Guide, question: str, best: str) -> None:
    assert sections_for_message(guide, question)[0].id == best


def test_every_section_is_offered_once_best_first_then_reading_order(guide: Guide) -> None:
    ranked = sections_for_message(guide, "squats or hip thrusts for glutes")
    assert sorted(s.id for s in ranked) == sorted(s.id for s in guide.sections)  # 21 fit in one menu
    matched = search_sections(guide, "squat glute", limit=25)
    rest = [s for s in ranked if s not in matched]
    assert rest == [s for s in guide.sections if s not in matched]
    assert sections_for_message(guide, "anything", limit=5) == sections_for_message(guide, "anything")[:5]


def test_a_message_without_words_lists_the_sections_in_reading_order(guide: Guide) -> None:
    assert sections_for_message(guide, "") == list(guide.sections)
    assert sections_for_message(guide, "??? !!! 🙂 hip thrust?") == list(guide.sections)


def test_same_search_as_the_autocomplete_for_a_title(guide: Guide) -> None:
    # Typed as in the autocomplete, a title's words find the same section first.
    assert sections_for_message(guide, "Common mistakes")[0] == search_sections(guide, "common mistakes")[0]


def test_words_are_plain_distinct_and_capped() -> None:
    assert message_words("Are hip thrusts better than SQUATS for glutes?") == ["squat", "glute"]
    assert message_words("progressing") == ["progress"]
    assert message_words("glass") == ["glass"]  # a double s is not a plural
    many = " ".join(f"word{n}" for n in range(100))
    assert len(message_words(many)) == MAX_WORDS
    assert message_words("squats squat SQUAT") == ["squat"]
