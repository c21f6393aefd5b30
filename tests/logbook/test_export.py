"""`profile.csv` of /export: every stored quiz verdict, each with where it was taken."""

from __future__ import annotations

import csv
import io

from bot.logbook.entries import Preferences
from bot.logbook.export import PROFILE_COLUMNS, profile_file


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_every_verdict_is_written_with_its_server() -> None:
    # Only the newest verdict was written: one taken in a server was left out beside a DM one.
    verdicts = [("optional", "v2", "2026-03-02T12:00:00+00:00", None),
                ("main-tool", "v1", "2026-03-01T12:00:00+00:00", 2000)]  # fmt: skip
    name, data = profile_file(Preferences(), [], None, verdicts)
    assert name == "profile.csv"
    written = rows(data)
    assert list(written[0]) == list(PROFILE_COLUMNS)  # /import still knows the file by its columns
    quiz = [(r["kind"], r["key"], r["value"], r["created_at"]) for r in written if r["kind"].startswith("quiz")]
    assert quiz == [
        ("quiz verdict (no server)", "v2", "optional", "2026-03-02T12:00:00+00:00"),
        ("quiz verdict (server 2000)", "v1", "main-tool", "2026-03-01T12:00:00+00:00"),
    ]
    assert not [r for r in rows(profile_file(Preferences(), [], None, [])[1]) if r["kind"].startswith("quiz")]
