"""Python's cyclic garbage collector paused while a big job runs.

A worker thread keeps the event loop waiting while it holds the GIL, and a collection holds it
from start to end, in whichever thread made the allocation that set it off. A 50,000-row import
keeps ~100,000 objects alive from its parse until its pending row is written (and its entries
again while Import stores them), and each collection of an older generation walks them all:
40-60 ms in which no other command, button or heartbeat was served, even with the work in a
worker thread. Paused, nothing is walked; reference counting still frees what has no cycle, and
a job that drops its objects before the pause ends leaves the next collection nothing big to walk.

The pause is the whole process's (`gc.disable`), so it is counted: overlapping jobs (two imports
at once) end it when the last one ends, and the collector is enabled again only if it was enabled
when the first began. Pause only work that ends by itself (parsing, counting, a database
transaction), never a wait on Discord: garbage with cycles waits for the pause to end.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_jobs = 0  # jobs running with the collector paused
_was_enabled = False  # whether the collector was enabled when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (in any thread), nor until every
    overlapping pause has ended too; a block that raises or is cancelled ends its pause as well."""
    global _jobs, _was_enabled
    with _lock:
        if _jobs == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _jobs += 1
    try:
        yield
    finally:
        with _lock:
            _jobs -= 1
            if _jobs == 0 and _was_enabled:
                gc.enable()
