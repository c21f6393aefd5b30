"""The importer reads a file's text a piece at a time, with the lines a StringIO over all of it gives."""

from __future__ import annotations

import io

import pytest

from bot.imports import parse
from tests.imports.helpers import DATA, rows
from tests.imports.helpers import parse as parse_file

TEXTS = ["", "a", "a\n", "a\r\nb", "a\rb\r", "a\r\n\r\nb\n", "\r\n" * 5, "\r" * 7, "ab\rcd\nef\r\ngh",
         '"x\r\ny",1\r\n2,3\n', "a\u2028b\x85c\n"]  # fmt: skip


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 1 << 16])
@pytest.mark.parametrize("text", TEXTS)
def test_lines_are_those_of_one_stringio_over_the_whole_text(monkeypatch, text, piece):
    monkeypatch.setattr(parse, "_PIECE", piece)
    assert list(parse._lines(text)) == list(io.StringIO(text, newline=""))


def test_no_stringio_is_made_over_the_whole_text(monkeypatch):
    """A StringIO over a 5 MB text is one C call that holds the GIL, and the event loop, 10-16 ms."""
    sizes: list[int] = []

    class Recorded(io.StringIO):
        def __init__(self, text: str = "", newline: str | None = "\n") -> None:
            sizes.append(len(text))
            super().__init__(text, newline)

    class Io:
        StringIO = Recorded

    data = (DATA / "strong_comma.csv").read_bytes()
    header, body = data.split(b"\n", 1)
    big = header + b"\n" + body * (300_000 // len(body))
    expected = rows(parse_file(big))
    monkeypatch.setattr(parse, "io", Io)
    assert rows(parse_file(big)) == expected
    assert 0 < max(sizes) < len(big) // 3
