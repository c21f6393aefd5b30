"""How counts are worded (bot.interactions.counts)."""

from __future__ import annotations

from bot.interactions.counts import counted, tally


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [counted(n, "entry", "entries") for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]
    assert counted(1, "member") == "1 member"
    assert counted(12_345, "member") == "12,345 members"


def test_a_tally_reads_right_for_one_and_many() -> None:
    counts = {"log entries": 1, "setups": 0, "snippet records with your id removed": 2}
    assert tally(counts) == "log entries: 1, setups: 0, snippet records with your id removed: 2"
    assert tally(counts, skip_zero=True) == "log entries: 1, snippet records with your id removed: 2"
    assert tally({}) == ""
