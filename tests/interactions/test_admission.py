"""Admission: a bounded number of commands at once, the rest in arrival order, slots never kept."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.interactions.admission import Admission, answering


class FakeInteraction:
    """What `Admission` touches: the interaction's extras."""

    def __init__(self) -> None:
        self.extras: dict[str, Any] = {}


async def test_commands_past_the_limit_wait_in_arrival_order() -> None:
    admission = Admission(limit=2)
    order: list[int] = []
    gates = [asyncio.Event() for _ in range(5)]

    async def command(number: int) -> None:
        async with admission.slot(FakeInteraction()):
            order.append(number)
            await gates[number].wait()

    tasks = [asyncio.create_task(command(n)) for n in range(5)]
    await asyncio.sleep(0)
    assert (order, admission.admitted) == ([0, 1], 2)
    gates[1].set()
    await asyncio.sleep(0.01)
    assert order == [0, 1, 2]
    for gate in gates:
        gate.set()
    await asyncio.gather(*tasks)
    assert (order, admission.admitted) == ([0, 1, 2, 3, 4], 0)


async def test_answering_frees_the_slot_before_the_command_ends_and_only_once() -> None:
    admission = Admission(limit=1)
    first, second = FakeInteraction(), FakeInteraction()
    finish = asyncio.Event()
    second_in = asyncio.Event()

    async def deferring() -> None:
        async with admission.slot(first):
            answering(first)  # deferred: the rest (a chart, an import) only waits
            await finish.wait()

    async def next_one() -> None:
        async with admission.slot(second):
            second_in.set()

    slow = asyncio.create_task(deferring())
    await asyncio.sleep(0)
    quick = asyncio.create_task(next_one())
    await asyncio.wait_for(second_in.wait(), 1)  # admitted while the first still runs
    await quick
    finish.set()
    await slow
    answering(first)  # again, after the end: nothing more to free
    assert admission.admitted == 0
    assert admission._slots.locked() is False


async def test_a_failing_command_gives_its_slot_back() -> None:
    admission = Admission(limit=1)
    with pytest.raises(RuntimeError):
        async with admission.slot(FakeInteraction()):
            raise RuntimeError("boom")
    async with admission.slot(FakeInteraction()):
        assert admission.admitted == 1
    assert admission.admitted == 0


def test_the_limit_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Admission(limit=0)


async def test_quiet_waits_until_no_command_waits_for_a_slot() -> None:
    admission = Admission(limit=1)
    await asyncio.wait_for(admission.quiet(10), 1)  # nobody waiting: at once
    held, release = FakeInteraction(), asyncio.Event()

    async def holder() -> None:
        async with admission.slot(held):
            await release.wait()

    async def queued() -> None:
        async with admission.slot(FakeInteraction()):
            pass

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    second = asyncio.create_task(queued())
    await asyncio.sleep(0)
    assert admission.waiting == 1
    batch = asyncio.create_task(admission.quiet(10))
    await asyncio.sleep(0.01)
    assert not batch.done()  # a command is still waiting for its turn
    release.set()
    await asyncio.wait_for(batch, 1)
    await asyncio.gather(first, second)
    assert (admission.waiting, admission.admitted) == (0, 0)


async def test_quiet_gives_up_waiting_after_its_limit() -> None:
    admission = Admission(limit=1)
    release = asyncio.Event()

    async def holder() -> None:
        async with admission.slot(FakeInteraction()):
            await release.wait()

    async def queued() -> None:
        async with admission.slot(FakeInteraction()):
            pass

    tasks = [asyncio.create_task(holder()), asyncio.create_task(queued())]
    await asyncio.sleep(0)
    await asyncio.wait_for(admission.quiet(0.02), 1)  # returns though a command still waits
    assert admission.waiting == 1
    release.set()
    await asyncio.gather(*tasks)
