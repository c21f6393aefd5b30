"""Option limits the client enforces (and a way past them), and who a message would ping."""

from __future__ import annotations

import pytest

from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.mentions import AllowedMentionsError, Pings, pings
from tests.sandbox.conftest import StartBot


async def test_limits_hold_unless_the_payload_is_unchecked(driver: Driver,
                                                           start_bot: StartBot) -> None:
    await start_bot()
    with pytest.raises(InvocationError, match="at most 5"):
        await driver.slash("bounded", n=6)
    with pytest.raises(InvocationError, match="length"):
        await driver.slash("bounded", n=1, word="four")
    reply = await driver.slash("bounded", n=6, word="four", checked=False)
    assert reply.content == "n=6 word=four"  # discord.py passes it on: the bot must check
    with pytest.raises(InvocationError, match="required"):
        await driver.slash("bounded", checked=False)


USER, ROLE = 123456789012345678, 223456789012345678
TEXT = f"@everyone hi <@{USER}> and <@!{USER}> and <@&{ROLE}>"


@pytest.mark.parametrize(("allowed", "expected"), [
    (None, Pings(True, frozenset({USER}), frozenset({ROLE}))),
    ({"parse": []}, Pings()),
    ({"parse": ["users"]}, Pings(users=frozenset({USER}))),
    ({"parse": ["everyone", "roles"]}, Pings(True, roles=frozenset({ROLE}))),
    ({"parse": [], "users": [str(USER)], "roles": ["1"]}, Pings(users=frozenset({USER}))),
])
def test_pings_follow_allowed_mentions(allowed: dict[str, object] | None,
                                       expected: Pings) -> None:
    assert pings(TEXT, allowed) == expected


def test_escaped_mentions_ping_nobody_even_by_default() -> None:
    assert pings(f"@\u200beveryone <@\u200b{USER}>", None).nobody


@pytest.mark.parametrize("allowed", [{"parse": ["users"], "users": [str(USER)]},
                                     {"parse": ["channels"]}])
def test_refused_allowed_mentions(allowed: dict[str, object]) -> None:
    with pytest.raises(AllowedMentionsError):
        pings(TEXT, allowed)
