import asyncio
import os
import shutil
import socket
import subprocess
import sys

import pytest

from bot.__main__ import main
from tests.paths import REPO


def dead_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_bot(tmp_path, *args, prefix=(), **env_vars):
    """`python -m bot` of this checkout in `tmp_path`, run by `prefix` if given, with Discord out of reach
    (nothing must get that far). `env_vars` add to its environment or replace in it; None takes one out."""
    env = dict(os.environ, DISCORD_TOKEN="x", BOT_CPU="off", DATABASE_URL="sqlite:///bot.db", PYTHONPATH=str(REPO),
               DISCORD_API_BASE=f"http://127.0.0.1:{dead_port()}/api/v10")  # fmt: skip
    env.update(env_vars)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={name: value for name, value in env.items() if value is not None},
    )


@pytest.mark.slow
def test_no_token_exits_2_with_a_clear_message(tmp_path):
    result = run_bot(tmp_path, DISCORD_TOKEN=None)
    assert result.returncode == 2
    assert ".env.example" in result.stderr
    # `make run` is where a newcomer meets this; a bare `python -m bot sandbox`, which it used to
    # advise, runs a Python without the bot's packages there (ModuleNotFoundError: aiohttp).
    assert "then start\nit again (`make run`)" in result.stderr
    assert "run `make sandbox` (or `.venv/bin/python\n-m bot sandbox`)" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_configuration_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHARD_IDS", "1")
    monkeypatch.delenv("SHARD_COUNT", raising=False)
    assert main(["run"]) == 2
    assert "SHARD_IDS needs SHARD_COUNT" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys):
    assert main(["dance"]) == 2
    assert "usage" in capsys.readouterr().err


def test_run_and_sync_take_no_arguments(capsys):
    assert main(["run", "now"]) == 2
    assert "unrecognized arguments: now" in capsys.readouterr().err
    assert main(["sync", "--db", "x.db"]) == 2
    assert "unrecognized arguments: --db x.db" in capsys.readouterr().err


@pytest.mark.parametrize("asking", [["help"], ["--help"], ["-h"]])
def test_help_lists_every_command_and_exits_0(asking, capsys):
    assert main(asking) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m bot")
    for command in ("run", "sync", "sandbox", "copy-db", "backup", "restore"):
        assert command in out


@pytest.mark.parametrize("name", ["copy-db", "migrate-db"])
def test_copy_db_and_its_old_name_migrate_db_both_copy(name, tmp_path, capsys):
    missing, target = tmp_path / "missing.db", tmp_path / "new.db"
    assert main([name, "--from", f"sqlite:///{missing}", "--to", f"sqlite:///{target}"]) == 1
    assert capsys.readouterr().err == f"{name}: --from: no SQLite database at {missing}\n"
    assert not target.exists()


def test_copy_db_needs_both_databases(capsys):
    assert main(["copy-db", "--from", "sqlite:///a.db"]) == 2
    assert "the following arguments are required: --to" in capsys.readouterr().err


def test_sandbox_options_reach_the_sandbox(capsys):
    with pytest.raises(SystemExit) as done:
        main(["sandbox", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m bot sandbox")
    assert "--db" in out


def test_log_debug_turns_on_debug_for_the_named_loggers_only():
    import logging

    from bot.__main__ import setup_logging
    from bot.settings import Settings

    root, health = logging.getLogger(), logging.getLogger("bot.interactions.loop_lag")
    saved = root.level, list(root.handlers), health.level
    try:
        setup_logging(Settings(log_level="WARNING", debug_loggers=("bot.interactions.loop_lag",)))
        assert health.isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("discord.http").isEnabledFor(logging.INFO)
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        health.setLevel(saved[2])


@pytest.mark.slow
def test_discord_out_of_reach_exits_1_with_a_clear_message(tmp_path):
    """Logging in fails before discord.py's reconnecting loop starts: one line says so, no traceback."""
    port = dead_port()
    result = run_bot(tmp_path, DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10")
    assert result.returncode == 1
    assert f"Cannot reach Discord (Cannot connect to host 127.0.0.1:{port}" in result.stderr
    assert "DISCORD_API_BASE" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_metrics_port_in_use_or_a_host_that_does_not_resolve_is_one_line(tmp_path):
    with socket.socket() as taken:  # another shard process's metrics port, say
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_bot(tmp_path, METRICS_PORT=str(port))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"METRICS_PORT {port} is already in use on 127.0.0.1" in result.stderr
    assert "give each its own METRICS_PORT" in result.stderr
    assert "Cannot reach Discord" not in result.stderr  # it stopped before logging in

    result = run_bot(tmp_path, METRICS_PORT=str(dead_port()), METRICS_HOST="no-such-host.invalid")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "METRICS_HOST 'no-such-host.invalid' is not an address of this machine that resolves" in result.stderr


@pytest.mark.slow
def test_the_start_names_its_database_and_warns_of_a_metrics_host_without_a_port(tmp_path):
    result = run_bot(tmp_path, METRICS_HOST="0.0.0.0", LOG_LEVEL="INFO")
    assert result.returncode == 1  # Discord is out of reach: it gets that far
    lines = result.stderr.splitlines()
    [warned] = [line for line in lines if "METRICS_HOST" in line]
    assert "WARNING" in warned
    assert "METRICS_HOST is set ('0.0.0.0') but METRICS_PORT is not, so nothing listens" in warned
    [named] = [line for line in lines if "database: " in line]
    assert "INFO" in named
    assert named.endswith(f"database: SQLite {tmp_path.resolve() / 'bot.db'} (a new file: no database was there)")
    again = run_bot(tmp_path, LOG_LEVEL="INFO")
    known = f"database: SQLite {tmp_path.resolve() / 'bot.db'}"
    assert [line for line in again.stderr.splitlines() if line.endswith(known)]
    assert "METRICS_HOST" not in again.stderr
    secret = run_bot(tmp_path, LOG_LEVEL="INFO", DATABASE_URL=f"postgresql://u:pw-secret@127.0.0.1:{dead_port()}/db")
    assert "database: PostgreSQL postgresql://u:***@127.0.0.1:" in secret.stderr
    assert "pw-secret" not in secret.stderr


def file_permissions_apply():
    """The prefix of a command under which file permissions apply to it: as root, setpriv without the
    capabilities that ignore them; None when that cannot be arranged."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


@pytest.mark.slow
@pytest.mark.parametrize("place", ["/proc", "directory", "not a database", "unwritable directory", "read-only file"])
def test_a_database_url_at_an_unusable_place_is_one_line(place, tmp_path):
    prefix = []
    folder = tmp_path / "place"
    folder.mkdir()
    if place == "/proc":
        url, says = "sqlite:////proc/hipthrust.db", "cannot create its lock file /proc/hipthrust.db.lock"
    elif place == "directory":
        url, says = f"sqlite:///{folder}", f"{folder} is a directory; name a SQLite file (e.g. {folder}/hipthrust.db)"
    elif place == "not a database":
        (folder / "notes.txt").write_text("not a database\n")
        url, says = f"sqlite:///{folder}/notes.txt", "notes.txt: file is not a database"
    else:
        prefix = file_permissions_apply()
        if prefix is None:
            pytest.skip("running as root without setpriv: file permissions cannot apply")
        if place == "read-only file":
            asyncio.run(migrated(folder / "hipthrust.db"))
            (folder / "hipthrust.db.lock").touch(mode=0o666)
            (folder / "hipthrust.db").chmod(0o444)
            says = "attempt to write a readonly database"
        else:
            says = "(Permission denied)"
        url = f"sqlite:///{folder}/hipthrust.db"
        folder.chmod(0o555)
        if os.geteuid() == 0:  # the owner may still write: make it someone else's
            os.chown(folder, 65534, -1)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run_bot(tmp_path, prefix=prefix, DATABASE_URL=url)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, result.stderr
    assert says in errors[0]
    assert errors[0].endswith("(DATABASE_URL)")
    assert "Cannot reach Discord" not in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not (tmp_path / "place.lock").exists()


async def migrated(path):
    from bot.db import open_database

    await (await open_database(path)).close()


def test_a_postgresql_port_that_is_no_number_is_one_line_without_the_password(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw-secret@127.0.0.1:abc/db")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err == ("Configuration error: DATABASE_URL has a port that is not a number from 1 to 65535 ('abc'):"
                   " postgresql://u:***@127.0.0.1:abc/db.\n")  # fmt: skip
    # README's configuration table says so (it said exit 1, beside "2 for a malformed URL").
    row = next(line for line in (REPO / "README.md").read_text().splitlines() if line.startswith("| `DATABASE_URL` |"))
    assert "a PostgreSQL port that is not a number from 1 to 65535 among them, is a configuration error: one line," \
        " exit 2" in row
    assert "or a port that is not a number" not in row
