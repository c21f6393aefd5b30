"""/export's files: `entries.csv` split so each part goes back in, and `profile.csv` with every stored
quiz verdict, each with where it was taken."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot.logbook.entries import Entry, Preferences
from bot.logbook.export import ENTRY_COLUMNS, PROFILE_COLUMNS, EntriesCsv, profile_file
from bot.quiz.taken_in import TakenIn


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_every_verdict_is_written_with_where_it_was_taken() -> None:
    # Only the newest verdict was written: one taken in a server was left out beside a DM one.
    verdicts = [("optional", "v2", "2026-03-02T12:00:00+00:00", None, TakenIn.DM),
                ("main-tool", "v1", "2026-03-01T12:00:00+00:00", 2000, TakenIn.SERVER),
                ("accessory", "v1", "2026-02-28T12:00:00+00:00", None, TakenIn.WITHOUT_BOT),
                ("not-here", "v1", "2026-02-27T12:00:00+00:00", None, TakenIn.LEFT),
                ("optional", "v0", "2026-02-26T12:00:00+00:00", None, TakenIn.NO_SERVER)]  # fmt: skip
    name, data = profile_file(Preferences(), [], None, verdicts)
    assert name == "profile.csv"
    written = rows(data)
    assert list(written[0]) == list(PROFILE_COLUMNS)  # /import still knows the file by its columns
    quiz = [(r["kind"], r["key"], r["value"], r["created_at"]) for r in written if r["kind"].startswith("quiz")]
    assert quiz == [
        ("quiz verdict (DMs)", "v2", "optional", "2026-03-02T12:00:00+00:00"),
        ("quiz verdict (server 2000)", "v1", "main-tool", "2026-03-01T12:00:00+00:00"),
        ("quiz verdict (a server without the bot)", "v1", "accessory", "2026-02-28T12:00:00+00:00"),
        ("quiz verdict (a server the bot has left)", "v1", "not-here", "2026-02-27T12:00:00+00:00"),
        # stored before where it was taken was: in DMs, or a server the bot left or was not in
        ("quiz verdict (no server)", "v0", "optional", "2026-02-26T12:00:00+00:00"),
    ]
    assert not [r for r in rows(profile_file(Preferences(), [], None, [])[1]) if r["kind"].startswith("quiz")]


def _entries(n: int, note: str | None = None) -> list[Entry]:
    return [Entry(date(2025, 1, 1), "barbell", 1, 10, 100.0, "kg", None, note, id=i) for i in range(1, n + 1)]


def _ids(data: bytes) -> list[int]:
    assert data.startswith(",".join(ENTRY_COLUMNS).encode() + b"\r\n")  # each part says what it is
    return [int(r["id"]) for r in rows(data)]


def test_entries_are_split_at_the_rows_an_import_reads() -> None:
    # Split only by bytes: a file of more rows than /import csv reads could not go back in.
    writer = EntriesCsv(10 * 1024 * 1024, max_rows=4)
    writer.add(_entries(6))
    writer.add(_entries(4)[2:])
    files = writer.files()
    assert [name for name, _ in files] == ["entries-1.csv", "entries-2.csv"]
    assert [_ids(data) for _, data in files] == [[1, 2, 3, 4], [5, 6, 3, 4]]
    assert writer.count == 8


def test_entries_are_split_at_the_bytes_given_each_part_with_its_header() -> None:
    header = len(EntriesCsv(10 * 1024 * 1024, max_rows=100).files()[0][1])
    one = EntriesCsv(10 * 1024 * 1024, max_rows=100)
    one.add(_entries(1, "x" * 200))
    limit = header + 3 * (len(one.files()[0][1]) - header)  # room for three rows, not four
    writer = EntriesCsv(limit, max_rows=100)
    writer.add(_entries(7, "x" * 200))
    files = writer.files()
    assert all(len(data) <= limit for _, data in files)
    assert [_ids(data) for _, data in files] == [[1, 2, 3], [4, 5, 6], [7]]


def test_a_small_export_is_one_entries_csv() -> None:
    writer = EntriesCsv(10 * 1024 * 1024, max_rows=4)
    writer.add(_entries(4))
    assert [name for name, _ in writer.files()] == ["entries.csv"]


def test_each_entry_names_the_import_it_came_from() -> None:
    writer = EntriesCsv(10 * 1024 * 1024, max_rows=100)
    writer.add(_entries(2), {2: 7})
    writer.add(_entries(4)[2:], {3: 9})
    [(_, data)] = writer.files()
    assert [(r["id"], r["import"]) for r in rows(data)] == [("1", ""), ("2", "7"), ("3", "9"), ("4", "")]
