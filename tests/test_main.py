import os
import subprocess
import sys

from bot.__main__ import main


def test_no_token_exits_2_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert ".env.example" in result.stderr
    assert "python -m bot sandbox" in result.stderr
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
