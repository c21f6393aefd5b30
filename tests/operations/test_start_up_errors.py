"""What stops `python -m bot` as it starts is one line: with LOG_FORMAT=json, one JSON log line like
every other, so a log collector reads it; otherwise the plain line; the exit code either way."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path

import pytest

from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment
from tests.paths import REPO
from tests.test_main import run_bot

pytestmark = pytest.mark.slow


def json_lines(stderr: str) -> list[dict[str, str]]:
    """Every line of `stderr`, each of which must be one JSON object."""
    return [json.loads(line) for line in stderr.splitlines()]


@pytest.mark.parametrize(("env", "code", "says"), [
    ({"DISCORD_TOKEN": None}, 2, "DISCORD_TOKEN is not set, so the bot cannot log in to Discord.\nCopy .env.example"),
    ({"DISCORD_TOKEN": "a\x01b"}, 2, "Configuration error: DISCORD_TOKEN holds a line break"),
    ({"SHARD_IDS": "1", "SHARD_COUNT": None}, 2, "Configuration error: SHARD_IDS needs SHARD_COUNT"),
    ({"BOT_CPU": "9999"}, 2, "Configuration error: BOT_CPU=9999, but this process may only use CPUs"),
    ({"DATABASE_URL": "sqlite:///."}, 1, "is a directory; name a SQLite file"),
    ({}, 1, "Cannot reach Discord"),
])  # fmt: skip
def test_with_log_format_json_a_start_up_error_is_one_json_line(tmp_path, env, code, says):
    result = run_bot(tmp_path, LOG_FORMAT="json", **env)
    assert result.returncode == code
    lines = json_lines(result.stderr)
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert says in error["message"]
    assert error["logger"] == "bot"
    assert "Traceback" not in result.stderr


def test_without_log_format_json_a_configuration_error_is_the_plain_line(tmp_path):
    result = run_bot(tmp_path, LOG_FORMAT=None, SHARD_IDS="1", SHARD_COUNT=None)
    assert result.returncode == 2
    assert result.stderr == ("Configuration error: SHARD_IDS needs SHARD_COUNT: set both, e.g. SHARD_COUNT=4"
                             " SHARD_IDS=0,1.\n")


def test_a_log_format_that_is_wrong_is_said_in_plain_text(tmp_path):
    """JSON was not asked for in a way the bot understood: whoever reads it is a person."""
    result = run_bot(tmp_path, LOG_FORMAT="jsonl")
    assert result.returncode == 2
    assert result.stderr == "Configuration error: LOG_FORMAT must be text or json; got 'jsonl'.\n"


def test_a_dotenv_that_asks_for_json_is_obeyed_before_the_settings_are_read(tmp_path):
    (tmp_path / ".env").write_text("LOG_FORMAT=json\nSHARD_COUNT=0\n")
    result = run_bot(tmp_path, LOG_FORMAT=None, SHARD_COUNT=None)
    assert result.returncode == 2
    [error] = json_lines(result.stderr)
    assert error["message"] == "Configuration error: SHARD_COUNT must be positive; got 0."


@pytest.mark.e2e
@pytest.mark.parametrize("log_format", ["json", "text"])
async def test_a_missing_guide_stops_the_start_with_one_line_naming_it(
    imitation: Imitation, tmp_path: Path, log_format: str
) -> None:
    """The guide is read once logged in (setup_hook): an operator who lost data/guide/index.toml
    reads which file, not a traceback."""
    tree = tmp_path / "tree"  # the bot reads the data/ beside its code: a copy of both
    for part in ("bot", "cogs", "data"):
        shutil.copytree(REPO / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    index = tree / "data" / "guide" / "index.toml"
    index.unlink()
    env = process_environment(imitation, tmp_path / "bot.db",
                              {"PYTHONPATH": str(tree), "LOG_FORMAT": log_format, "BOT_CPU": "off"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 1, text
    assert "Traceback" not in text
    says = f"Data file refused: {index}: guide index not found"
    if log_format == "json":
        [error] = [line for line in json_lines(text) if line["level"] == "ERROR"]
        assert error["message"] == says
    else:
        [error] = [line for line in text.splitlines() if "ERROR" in line]
        assert error.endswith(says)


def test_an_unexpected_error_as_it_starts_is_one_json_line_with_its_traceback(tmp_path, monkeypatch, capsys):
    import logging

    from bot import runtime
    from bot.__main__ import main

    async def broken(settings: object) -> None:
        raise RuntimeError("a bug in the start")

    env = {"DISCORD_TOKEN": "not-a-real-token", "BOT_CPU": "off", "LOG_FORMAT": "json", "SHARD_COUNT": ""}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runtime, "run", broken)
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    try:
        assert main(["run"]) == 1
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
    [error] = json_lines(capsys.readouterr().err)
    assert error["message"] == "Stopped by an unexpected error"
    assert error["error"].endswith("RuntimeError: a bug in the start")
