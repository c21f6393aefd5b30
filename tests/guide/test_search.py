"""Finding a section by what a user typed: autocomplete ranking, exact lookup, "did you mean"."""

from __future__ import annotations

import re

from bot.guide.answering import suggest
from bot.guide.model import EXAMPLE_CASES, Guide, Section, load_guide
from bot.guide.search import resolve_section, search_sections
from tests.guide.test_data import DATA


def guide_of(*titles: str) -> Guide:
    sections = [Section(re.sub(r"[^a-z0-9]+", "-", t.casefold()).strip("-"), t, "g", "Text.") for t in titles]
    return Guide("Test guide", tuple(sections))


def test_search_ranks_exact_then_prefix_then_words_then_partial() -> None:
    g = guide_of("Trial of squats", "Front squat", "Squatting basics", "Squat", "Squat trial", "Rows")
    ranked = [s.title for s in search_sections(g, "squat")]
    assert ranked == ["Squat", "Squatting basics", "Squat trial", "Front squat", "Trial of squats"]
    assert search_sections(g, "SQUAT")[0].title == "Squat"


def test_search_matches_words_anywhere_in_the_title() -> None:
    g = guide_of("Hip thrusts and squats both grew glutes in a trial", "Quick answer")
    assert [s.title for s in search_sections(g, "trial glutes")] == [
        "Hip thrusts and squats both grew glutes in a trial"
    ]
    assert search_sections(g, "deadlift") == []


def test_search_empty_query_lists_sections_in_order_at_most_25() -> None:
    g = guide_of(*(f"Section {n}" for n in range(30)))
    result = search_sections(g, "  ")
    assert [s.title for s in result] == [f"Section {n}" for n in range(25)]
    assert len(search_sections(g, "section")) == 25


def test_search_the_real_guide_by_id_words() -> None:
    g = load_guide(DATA)
    assert [s.id for s in search_sections(g, "example")] == list(EXAMPLE_CASES.values())
    assert search_sections(g, "quick answer")[0].id == "quick-answer"
    assert search_sections(g, "who")[0].id == "who-for"


def test_resolve_accepts_id_or_exact_title() -> None:
    g = load_guide(DATA)
    assert resolve_section(g, "progress-it") is g.get("progress-it")
    assert resolve_section(g, "  limitations ") is g.get("limitations")
    assert resolve_section(g, "WHO THIS IS FOR / NOT FOR") is g.get("who-for")
    assert resolve_section(g, "nope") is None


def test_suggest_offers_closest_titles() -> None:
    g = load_guide(DATA)
    assert suggest(g, "quik answr")[0] == "Quick answer"
    assert suggest(g, "mistake")[0] == "Common mistakes"
    assert "Hip thrusts and squats both grew glutes in a trial" in suggest(g, "squat trial")
    assert len(suggest(g, "glute")) <= 3
    assert suggest(g, "zzzz") == []
    assert suggest(g, "bench")[0] == "Make the setup repeatable"  # in its text, as autocomplete offers
