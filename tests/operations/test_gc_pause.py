"""The collector's pause: counted across overlapping jobs, always ended, never enabling a collector
someone else disabled."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from bot.operations import gc_pause


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_in_the_block_and_enabled_after():
    with gc_pause.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_block_that_raises_ends_its_pause():
    with pytest.raises(ValueError, match="bad file"), gc_pause.paused():
        raise ValueError("bad file")
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_when_the_last_one_ends():
    """Two imports at once: the first to finish must not let the collector walk the other's objects."""
    first_in, first_out, second_done = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_pause.paused():
            first_in.set()
            first_out.wait(5)
        seen.append(gc.isenabled())  # the second job is still running
        second_done.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(5)
    with gc_pause.paused():
        first_out.set()
        assert second_done.wait(5)
        assert not gc.isenabled()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_disabled_before_the_pause_stays_disabled():
    gc.disable()
    with gc_pause.paused():
        pass
    assert not gc.isenabled()
