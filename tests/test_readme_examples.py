"""The deployment examples README gives work as written."""

from __future__ import annotations

import re

from tests.paths import REPO


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)


def test_the_systemd_unit_pulls_in_the_network_it_waits_for() -> None:
    [unit] = [block for block in blocks("ini") if "[Service]" in block]
    # After= only orders: without Wants=, nothing starts network-online.target, and the bot may start
    # before the network is up (systemd.special(7)).
    assert "After=network-online.target" in unit
    assert "Wants=network-online.target" in unit
    assert "ExecStart=/srv/hipthrust/.venv/bin/python -m bot" in unit


def test_the_procfile_runs_the_python_of_the_virtual_environment() -> None:
    [procfile] = [block for block in blocks("text") if "SHARD_IDS=0,1" in block and ": " in block]
    commands = [line.split(": ", 1)[1] for line in procfile.splitlines() if line.strip()]
    assert len(commands) == 2
    assert all(" .venv/bin/python -m bot" in command for command in commands), commands  # not the system's python
