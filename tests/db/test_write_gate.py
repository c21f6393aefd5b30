"""WriteGate: lone writes overlap; a transaction waits for them and keeps new ones out."""

import asyncio

import pytest

from bot.db.write_gate import WriteGate


async def test_lone_writes_overlap_and_a_transaction_goes_before_later_ones():
    gate, order = WriteGate(), []
    first_in, release_first = asyncio.Event(), asyncio.Event()

    async def lone(name, hold=None):
        async with gate.shared():
            order.append(f"{name} in")
            if hold is not None:
                first_in.set()
                await hold.wait()
            order.append(f"{name} out")

    async def transaction():
        async with gate.exclusive():
            order.append("tx in")
            await asyncio.sleep(0)
            order.append("tx out")

    first = asyncio.create_task(lone("a", release_first))
    await first_in.wait()
    second = asyncio.create_task(lone("b"))  # overlaps with a
    await asyncio.sleep(0.01)
    tx = asyncio.create_task(transaction())
    await asyncio.sleep(0.01)
    third = asyncio.create_task(lone("c"))  # arrives while the transaction waits: after it
    await asyncio.sleep(0.01)
    release_first.set()
    await asyncio.gather(first, second, tx, third)
    assert order.index("b out") < order.index("a out")  # b did not wait for a
    assert order.index("a out") < order.index("tx in")
    assert order.index("tx out") < order.index("c in")


async def test_a_cancelled_waiting_transaction_does_not_block_the_gate():
    gate = WriteGate()
    inside = asyncio.Event()

    async def hold():
        async with gate.shared():
            inside.set()
            await asyncio.sleep(0.05)

    holder = asyncio.create_task(hold())
    await inside.wait()
    waiting = asyncio.create_task(gate.exclusive().__aenter__())
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    async with asyncio.timeout(1):
        async with gate.shared():
            pass
    await holder


async def test_a_lone_write_queued_behind_a_cancelled_transaction_goes_in():
    gate = WriteGate()
    inside, release = asyncio.Event(), asyncio.Event()

    async def hold():
        async with gate.shared():
            inside.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await inside.wait()
    waiting = asyncio.create_task(gate.exclusive().__aenter__())
    await asyncio.sleep(0.01)
    queued = asyncio.create_task(gate.shared().__aenter__())  # behind the waiting transaction
    await asyncio.sleep(0.01)
    assert not queued.done()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    async with asyncio.timeout(1):
        await queued  # in while the first lone write still holds its share
    release.set()
    await holder
