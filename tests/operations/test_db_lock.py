"""The lock that tells a restore a bot holds the database: shared by bots, released however a bot ends."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.operations import db_lock
from bot.operations.db_lock import DatabaseBusyError

HOLD = """
import sys, time
from pathlib import Path
from bot.operations import db_lock
with db_lock.running_bot(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_bots_share_it_and_a_restore_waits_for_all_of_them(tmp_path: Path) -> None:
    database = tmp_path / "hipthrust.db"
    with db_lock.running_bot(database), db_lock.running_bot(database), pytest.raises(DatabaseBusyError), \
            db_lock.exclusive(database):  # two shard processes on one file
        pass
    with db_lock.exclusive(database):
        pass
    assert db_lock.lock_path(database).name == "hipthrust.db.lock"


@pytest.mark.slow
def test_a_killed_bot_leaves_no_stale_lock(tmp_path: Path) -> None:
    database = tmp_path / "hipthrust.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(database)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(DatabaseBusyError, match="a bot \\(or a backup\\) is using"), db_lock.exclusive(database):
            pass
        holder.kill()  # SIGKILL: nothing of the process runs again
        holder.wait(10)
        deadline = time.monotonic() + 5
        while True:
            try:
                with db_lock.exclusive(database):
                    break
            except DatabaseBusyError:
                assert time.monotonic() < deadline, "the lock outlived the process"
                time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()
