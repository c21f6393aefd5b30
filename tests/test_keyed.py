"""PerKey: one object per key while someone uses it, forgotten with its last user."""

from __future__ import annotations

import asyncio

from bot.keyed import PerKey


async def test_everyone_using_a_key_meanwhile_shares_its_lock_and_it_goes_with_the_last() -> None:
    locks: PerKey[int, asyncio.Lock] = PerKey(asyncio.Lock)
    order: list[str] = []
    inside, release = asyncio.Event(), asyncio.Event()

    async def hold(name: str, key: int, wait: asyncio.Event | None = None) -> None:
        with locks.using(key) as lock:
            async with lock:
                order.append(f"{name} in")
                if wait is not None:
                    inside.set()
                    await wait.wait()
                order.append(f"{name} out")

    first = asyncio.create_task(hold("a", 1, release))
    await inside.wait()
    waiting = asyncio.create_task(hold("b", 1))
    await hold("other key", 2)
    await asyncio.sleep(0.01)
    assert len(locks) == 1  # key 1's: held by a, waited on by b
    release.set()
    await asyncio.gather(first, waiting)
    assert order == ["a in", "other key in", "other key out", "a out", "b in", "b out"]
    assert len(locks) == 0


def test_an_error_inside_lets_the_key_go() -> None:
    made: PerKey[str, object] = PerKey(object)
    try:
        with made.using("k"):
            raise ValueError
    except ValueError:
        pass
    assert len(made) == 0
    with made.using("k") as one, made.using("k") as same:
        assert one is same
        assert len(made) == 1
    assert len(made) == 0
