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
