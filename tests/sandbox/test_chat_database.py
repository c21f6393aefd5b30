"""`python -m bot sandbox --db PATH`: a path it cannot use is refused in one line naming --db,
with a non-zero exit and nothing left behind (no folder, database or lock file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.chat import main


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "notes.txt").write_text("not a database")
    (tmp_path / "damaged.db").write_bytes(b"SQLite format 3\x00" + bytes(200))  # only opening it tells
    return tmp_path


def everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("db", "said"), [
    ("data", "--db data: is a directory; name a file, e.g. --db data/sandbox.db"),
    ("notes.txt", "--db notes.txt: cannot open it as a SQLite database (file is not a database); name another file"),
    ("damaged.db", "--db damaged.db: cannot open it as a SQLite database (file is not a database); name another file"),
    ("notes.txt/new/sandbox.db", "--db notes.txt/new/sandbox.db: notes.txt is a file, not a folder; name another path"),
])  # fmt: skip
def test_a_db_path_it_cannot_use_is_refused_in_one_line(here: Path, capsys: pytest.CaptureFixture[str],
                                                         db: str, said: str) -> None:
    before = everything(here)
    assert main(["--db", db]) == 2
    assert capsys.readouterr() == ("", said + "\n")
    assert everything(here) == before
