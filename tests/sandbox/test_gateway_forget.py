"""A dropped gateway that forgot the session: RESUME is refused, the client identifies afresh."""

from __future__ import annotations

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.sandbox.conftest import StartBot


async def test_forgotten_session_makes_the_client_identify_again(driver: Driver, start_bot: StartBot,
                                                                 imitation: Imitation) -> None:
    bot, _ = await start_bot()

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before identifying again; not needed here

    bot.before_identify_hook = no_wait  # type: ignore[method-assign]
    [old] = imitation.gateway.sessions
    await imitation.gateway.drop(forget=True)
    await driver.wait_ready()
    [new] = imitation.gateway.sessions.values()
    assert new.id != old
    assert (new.identifies, new.resumes) == (1, 0)
    reply = await driver.slash("echo", text="back")
    assert reply.content == "back"
