"""Ranking sections for a member's message ("Answer with the guide")."""

from __future__ import annotations

import re

import pytest

from bot.guide.answering import (
    MAX_WORDS,
    _hits,
    _text_hits,
    message_words,
    sections_for_message,
    sections_for_typing,
    suggest,
)
from bot.guide.model import Guide, Section
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
        # Three of the guide's own sections speak of sets and reps; progress-it most: 5 of its 77 words.
        ("how many sets and reps should I do?", "progress-it"),
    ],
)
def test_the_best_section_comes_first(guide: Guide, question: str, best: str) -> None:
    assert sections_for_message(guide, question).sections[0].id == best


def test_every_section_is_offered_once_titles_then_texts_by_the_words_share_then_reading_order(guide: Guide) -> None:
    offered = sections_for_message(guide, "squats or hip thrusts for glutes")
    assert not offered.pain
    ranked = offered.sections
    assert sorted(s.id for s in ranked) == sorted(s.id for s in guide.sections)  # 21 fit in one menu
    matched = search_sections(guide, "squat glute", limit=25)
    assert ranked[: len(matched)] == matched
    after = ranked[len(matched) :]

    def in_text(section: Section) -> int:
        text = re.findall(r"[a-z0-9]+", section.body.casefold())
        return sum(any(w.startswith(word) for w in text) for word in ("squat", "glute"))

    def share(section: Section) -> float:
        text = re.findall(r"[a-z0-9]+", section.body.casefold())
        return sum(w.startswith(("squat", "glute")) for w in text) / len(text)

    hits = [in_text(s) for s in after]
    assert hits == sorted(hits, reverse=True)  # the words in the text: most first, none last
    for count in set(hits):
        same = [s for s, n in zip(after, hits, strict=True) if n == count]
        if count:  # the guide's own sections before the ones derived from it, each by the words' share
            assert same == sorted(same, key=lambda s: (s.derived, -share(s), guide.sections.index(s)))
        else:
            assert same == [s for s in guide.sections if s in same]
    five = sections_for_message(guide, "anything", limit=5).sections
    assert five == sections_for_message(guide, "anything").sections[:5]


@pytest.mark.parametrize(
    ("question", "best"),
    [
        ("how high should the bench be for hip thrusts?", "setup-repeatable"),
        ("my grip gives out on heavy deadlifts", "quick-answer"),
    ],
)
def test_a_question_no_title_answers_finds_the_section_whose_text_does(guide: Guide, question: str, best: str) -> None:
    assert search_sections(guide, " ".join(message_words(question))) == []  # no title has its words
    assert sections_for_message(guide, question).sections[0].id == best


def test_a_message_without_words_lists_the_sections_in_reading_order(guide: Guide) -> None:
    assert sections_for_message(guide, "").sections == list(guide.sections)
    assert sections_for_message(guide, "??? !!! 🙂 hip thrust?").sections == list(guide.sections)


def test_same_search_as_the_autocomplete_for_a_title(guide: Guide) -> None:
    # Typed as in the autocomplete, a title's words find the same section first.
    assert sections_for_message(guide, "Common mistakes").sections[0] == search_sections(guide, "common mistakes")[0]


def test_words_are_plain_distinct_and_capped() -> None:
    assert message_words("Are hip thrusts better than SQUATS for glutes?") == ["squat", "glute"]
    assert message_words("progressing") == ["progress"]
    assert message_words("glass") == ["glass"]  # a double s is not a plural
    assert message_words("what's a good warm-up? don't I'm") == ["warm"]  # no apostrophe's tail
    many = " ".join(f"word{n}" for n in range(100))
    assert len(message_words(many)) == MAX_WORDS
    assert message_words("squats squat SQUAT") == ["squat"]


def test_a_short_word_finds_only_itself_or_its_plural(guide: Guide) -> None:
    setup, who, powerlifter = (guide.by_id[i] for i in ("setup-repeatable", "who-for", "example-powerlifter"))
    # "set" and "rep" start "setup" and "repeatable": the title no longer answers every question about sets.
    assert _hits(setup, ["set", "rep"]) == 0
    assert _hits(setup, ["setup", "repeat"]) == 2  # five letters and more start a word
    assert _hits(who, ["who"]) == 1  # a whole word
    assert _hits(powerlifter, ["powerlift"]) == 1
    assert _text_hits(setup, ["set", "rep"]) == 2  # its text says "A set … every rep"
    assert _text_hits(setup, ["se", "re"]) == 0


def test_typing_offers_titles_then_sections_whose_text_has_every_word(guide: Guide) -> None:
    assert sections_for_typing(guide, "") == search_sections(guide, "")  # reading order
    titled = search_sections(guide, "glute")
    offered = sections_for_typing(guide, "glute")
    assert offered[: len(titled)] == titled
    rest = offered[len(titled):]
    assert rest
    assert all("glute" in s.body.casefold() and s not in titled for s in rest)
    assert [s.derived for s in rest] == sorted(s.derived for s in rest)  # the guide's own first
    bench = sections_for_typing(guide, "bench height")  # every word needed
    assert bench[0].title == "Make the setup repeatable"
    assert all("bench" in s.body.casefold() and "height" in s.body.casefold() for s in bench)
    assert sections_for_typing(guide, "tempo") == []
    assert len(sections_for_typing(guide, "a")) <= 25


@pytest.mark.parametrize(
    ("typed", "best"),
    [
        ("setups", "setup-repeatable"),
        ("decisions", "decision-checkpoints"),
        ("pairing", "pair-it"),
        ("progressing", "progress-it"),
        ("activations", "science-activation"),
    ],
)
def test_typing_a_plural_or_ing_form_of_a_title_word_offers_that_title_first(
        guide: Guide, typed: str, best: str) -> None:
    # "setups" offered no Make the setup repeatable at all, "pairing" no Pair it: the title search
    # read only the letters typed, while Answer with the guide, "the same search", put them first.
    assert sections_for_typing(guide, typed)[0].id == best
    assert sections_for_message(guide, typed).sections[0].id == best
    assert suggest(guide, typed)[0] == guide.get(best).title
    assert [s.id for s in sections_for_typing(guide, "sets")][:1] != ["setup-repeatable"]  # "set" is no "setup"
