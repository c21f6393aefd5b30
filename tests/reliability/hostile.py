"""Hypothesis strategies for option values, sane and hostile (what Discord's client would never send)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from bot.logbook.entries import VARIANTS

MENTIONS = ["@everyone", "@here", "<@123456789012345678>", "<@!123456789012345678>",
            "<@&123456789012345678>"]
MARKDOWN = ["**bold**", "__under__", "*it*", "`code`", "```block```", "||spoiler||", "> quote",
            "# heading", "[link](https://example.com)", "~~gone~~", "\\"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x7f", "\u0085", "\u202e", "\u200b"]
HUGE_INTS = [2**53 + 1, 2**63, -(2**63) - 1, 10**30, 2**1100]  # 2**1100 overflows a float

json_junk = st.one_of(
    st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)
any_float = st.floats(allow_nan=True, allow_infinity=True)
pieces = st.lists(st.sampled_from([*MENTIONS, *MARKDOWN, *CONTROL, "plain", "é", "🏋️", " "]),
                  max_size=6).map("".join)


def texts(limit: int) -> st.SearchStrategy[str]:
    """Text around a length limit: empty, blank, control characters, mentions, markdown, 10,000 chars."""
    return st.one_of(
        st.text(max_size=limit // 4),  # any code points but surrogates, control characters included
        pieces,
        st.sampled_from(["", " ", "  \n ", "x" * 10_000, "y" * limit, "z" * (limit + 1),
                         " " + "w" * limit + " "]),
        st.text(min_size=limit - 2, max_size=limit + 2),
    )


def numbers(low: float, high: float) -> st.SearchStrategy[Any]:
    """Numbers near and far from a range: edges, just outside, NaN, infinities, huge integers."""
    return st.one_of(
        st.integers(int(low) - 3, int(high) + 3),
        st.floats(low - 1, high + 1),
        any_float,
        st.sampled_from([low, high, low - 0.5, high + 0.5, -0.0, *HUGE_INTS]),
    )


def hostile(sane: st.SearchStrategy[Any], limit: int = 20) -> st.SearchStrategy[Any]:
    """Mostly `sane`-ish values, sometimes any JSON value of the wrong type."""
    return st.one_of(sane, sane, json_junk, texts(limit), numbers(-5, 5))


def past_dates(today: dt.date) -> st.SearchStrategy[str]:
    return st.dates(dt.date(1900, 1, 1), today).map(dt.date.isoformat)


def dates(today: dt.date) -> st.SearchStrategy[Any]:
    """Dates as text: valid, future, malformed, impossible, padded."""
    return st.one_of(
        past_dates(today),
        st.dates(today + dt.timedelta(days=1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
        st.sampled_from(["2024-02-30", "2024-13-01", "0001-01-01", "1899-12-31", "2024/01/01",
                         "24-01-01", " 2024-01-05 ", "2024-01-05\n", "٢٠٢٤-٠١-٠١", "2024-1-5"]),
        texts(10),
    )


def sane_note() -> st.SearchStrategy[str]:
    text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60)
    return st.one_of(text, st.lists(st.sampled_from([*MENTIONS, *MARKDOWN, "word", " "]),
                                    min_size=1, max_size=8).map("".join))


def sane_log(today: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    """/log options a real client could send (and that should mostly be stored)."""
    return st.fixed_dictionaries(
        {"weight": st.one_of(st.floats(0, 1000), st.integers(0, 1000)), "reps": st.integers(1, 100)},
        optional={
            "sets": st.integers(1, 20),
            "rpe": st.integers(2, 20).map(lambda n: n / 2),
            "variant": st.sampled_from(VARIANTS),
            "unit": st.just("kg"),
            "note": sane_note(),
            "date": past_dates(today),
            "share": st.booleans(),
        },
    )


def hostile_log(today: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    """/log options as a raw payload might carry them."""
    return st.fixed_dictionaries(
        {"weight": hostile(numbers(0, 2200)), "reps": hostile(numbers(1, 100))},
        optional={
            "sets": hostile(numbers(1, 20)),
            "rpe": hostile(numbers(1, 10)),
            "variant": hostile(st.sampled_from([*VARIANTS, "Barbell", "deadlift", ""])),
            "unit": hostile(st.sampled_from(["kg", "lb", "KG", "stone", ""])),
            "note": hostile(texts(200), limit=200),
            "date": hostile(dates(today)),
            "share": hostile(st.booleans()),
        },
    )


def sane_settings() -> st.SearchStrategy[dict[str, Any]]:
    """/settings options a real client could send, mostly consistent."""
    return st.fixed_dictionaries({}, optional={
        "unit": st.sampled_from(["kg", "lb"]),
        "rep_low": st.integers(1, 15),
        "rep_high": st.integers(15, 30),
        "increment": st.integers(1, 2000).map(lambda hundredths: hundredths / 100),  # as a lifter types it
        "timezone": st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Pacific/Chatham"]),
        "share_logs": st.booleans(),
    })


def settings_options() -> st.SearchStrategy[dict[str, Any]]:
    timezones = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
                                 " Europe/Paris ", "europe/berlin", "Mars/Olympus", "../etc/passwd",
                                 "UTC\x00", "x" * 65, "Etc/GMT+5"])
    return st.fixed_dictionaries({}, optional={
        "unit": hostile(st.sampled_from(["kg", "lb", "stone"])),
        "rep_low": hostile(numbers(1, 30)),
        "rep_high": hostile(numbers(1, 30)),
        "increment": hostile(numbers(0, 44)),
        "timezone": hostile(st.one_of(timezones, texts(64)), limit=64),
        "share_logs": hostile(st.booleans()),
    })


def setup_options() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={
        "description": hostile(st.one_of(sane_note(), texts(200)), limit=200)})


def section_values(ids: list[str], titles: list[str]) -> st.SearchStrategy[Any]:
    known = st.sampled_from(ids + titles)
    return st.one_of(known, known.map(str.upper), known.map(lambda t: f"  {t} "),
                     hostile(texts(100), limit=100))


def snippet_ids() -> st.SearchStrategy[Any]:
    """What could arrive in /snippet unpin's `snippet` option (an id as text, when sane)."""
    digits = st.one_of(st.integers(0, 50), st.integers(10**17, 10**40)).map(str)
    odd = st.sampled_from(["²", "١", " 1 ", "1.0", "-1", "0x1", "1e3", "9" * 5000])
    return st.one_of(digits, odd, hostile(texts(100), limit=100))
