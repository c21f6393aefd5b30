"""`python -m bot sandbox` driven through stdin in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSION = """\
help
/ping
/hipthrust quick
/log weight:100 reps:10 sets:3 rpe:8
/undo
click 1
/log weight:-5 reps:10
as @moderator
in #training
/hipthrust examples case:hypertrophy private:true
/hipthrust quick private:maybe
complete /hipthrust guide section:squat
/hipthrust guide section:science-squat-trial
/nosuchcommand
quit
"""


def chat_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DISCORD_TOKEN")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_chat(cwd: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "sandbox", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, env=chat_environment(),
                          timeout=120, check=False)


@pytest.mark.e2e
@pytest.mark.slow
def test_a_chat_session(tmp_path: Path) -> None:
    result = run_chat(tmp_path, SESSION)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Sandbox ready" in out
    assert "data/sandbox.db" in out
    assert "click N" in out  # help
    assert "(only you can see this):\n  Pong." in out
    assert "** Quick answer **" in out
    assert "Logged" in out
    assert "buttons: [1] " in out  # /undo asks to confirm
    assert "Deleted" in out
    assert "! weight: must be at least" in out  # refused like Discord's client refuses
    assert "you are now moderator" in out
    assert "moderator in #training>" in out
    assert "Glute-focused hypertrophy slot" in out
    assert "! private: 'maybe' is not true or false (type private:true or private:false)" in out
    # The README's example: one command, one option, its value picked from the completions.
    assert "Hip thrusts and squats both grew glutes in a trial  ->  section:science-squat-trial" in out
    assert "** Hip thrusts and squats both grew glutes in a trial **" in out
    assert "! no command /nosuchcommand" in out
    assert (tmp_path / "data" / "sandbox.db").is_file()
    assert not (tmp_path / "data" / "hipthrust.db").exists()  # the real database untouched


@pytest.mark.slow
def test_refuses_the_real_database(tmp_path: Path) -> None:
    result = run_chat(tmp_path, "quit\n", "--db", "data/hipthrust.db")
    assert result.returncode == 2
    assert "real bot's database" in result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.e2e
def test_a_newcomer_sees_no_warnings(tmp_path: Path) -> None:
    """Issue 33: the first screen, left open a while and then used, shows no log line at
    WARNING or above (discord.py's "Can't keep up ... 41.3s behind" among them)."""
    chat = subprocess.Popen([sys.executable, "-m", "bot", "sandbox"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            env=chat_environment())
    try:
        assert chat.stdin is not None
        assert chat.stdout is not None
        shown = ""
        while "Type help" not in shown:  # the line before the first prompt
            line = chat.stdout.readline()
            assert line, f"the sandbox ended before it was ready: {shown}"
            shown += line
        time.sleep(5)  # the newcomer reads the screen
        out, err = chat.communicate("/ping\nquit\n", timeout=60)
    finally:
        if chat.poll() is None:
            chat.kill()
            chat.wait()
    assert chat.returncode == 0, err
    assert "(only you can see this):\n  Pong." in out
    logged = re.findall(r"^(?:WARNING|ERROR|CRITICAL) .*$", shown + out + err, re.MULTILINE)
    assert logged == [], err


@pytest.mark.e2e
@pytest.mark.slow
def test_a_restarted_sandbox_still_has_the_members_log(tmp_path: Path) -> None:
    first = run_chat(tmp_path, "/log weight:100 reps:10 sets:3 note:kept\nquit\n")
    assert first.returncode == 0, first.stderr
    assert "Logged" in first.stdout
    again = run_chat(tmp_path, "/history\nquit\n")  # the same data/sandbox.db, a new imitation
    assert again.returncode == 0, again.stderr
    assert "3 × 10 @ 100 kg" in again.stdout
    assert "“kept”" in again.stdout


@pytest.mark.e2e
@pytest.mark.slow
def test_wait_runs_the_bot_on_the_imitations_clock(tmp_path: Path) -> None:
    # A daily reminder falls within the day `wait 1d` passes, whatever the time now: the bot sends
    # it only if its clock moved with the imitation's.
    result = run_chat(tmp_path, '/remind set days:"every day" time:00:00\nwait 1d\nclick Log\nquit\n')
    assert result.returncode == 0, result.stderr
    shown = result.stdout[result.stdout.index("1d later: it is "):]
    assert "Hip Thrust Coach in a DM:\n  **Hip thrust reminder** · " in shown
    assert "buttons: [1] Log   [2] Stop reminders" in shown
    assert "form: Log barbell hip thrust sets" in shown
