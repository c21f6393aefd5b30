"""Every command that echoes user text pings nobody, judged on the payloads the imitation received.

(tests/e2e/test_logbook.py checks /log's reply too; here each echoing command is covered.)
"""

from __future__ import annotations

import pytest

from bot.sandbox.mentions import Pings, interaction_pings, message_body, request_pings
from bot.sandbox.snapshots import Reply
from tests.reliability.conftest import Lab

pytestmark = pytest.mark.e2e


def loud(lab: Lab) -> str:
    """Text that would ping everyone, a real member and a real role if it were let through."""
    scenario = lab.imitation.scenario
    return f"@everyone @here <@{scenario.member.id}> <@!{scenario.owner.id}> <@&{scenario.moderator_role.id}>"


def pings_nobody(lab: Lab, reply: Reply, *, echoed: str = "everyone") -> None:
    """Every message sent for the reply's interaction notifies nobody, and the text was echoed."""
    core = lab.imitation.core
    found = interaction_pings(core, lab.driver.record(reply))
    assert found, "the interaction sent no message"
    assert all(p == Pings() for p in found), found
    assert echoed in reply.text


def nothing_in_the_whole_run_pinged(lab: Lab) -> None:
    sent = [p for r in lab.imitation.core.requests if (p := request_pings(r)) is not None]
    assert sent
    assert all(p.nobody for p in sent), sent


async def test_log_echoes_a_note_without_pinging_privately_or_in_the_channel(lab: Lab) -> None:
    note = loud(lab)
    private = await lab.driver.slash("log", weight=60, reps=10, note=note)
    pings_nobody(lab, private)
    shared = await lab.driver.slash("log", weight=60, reps=10, note=note, share=True)
    assert not shared.ephemeral
    pings_nobody(lab, shared)
    history = await lab.driver.slash("history")
    pings_nobody(lab, history)
    nothing_in_the_whole_run_pinged(lab)


async def test_setup_and_settings_echo_the_setup_without_pinging(lab: Lab) -> None:
    saved = await lab.driver.slash("setup", description=loud(lab)[:200])
    pings_nobody(lab, saved)
    shown = await lab.driver.slash("setup")
    pings_nobody(lab, shown)
    settings = await lab.driver.slash("settings", unit="lb")
    pings_nobody(lab, settings)
    nothing_in_the_whole_run_pinged(lab)


async def test_errors_that_echo_a_value_ping_nobody(lab: Lab) -> None:
    reply = await lab.driver.slash_raw("log", weight=60, reps=10, date=loud(lab))
    assert reply.content.startswith("**date** must be")
    pings_nobody(lab, reply)
    reply = await lab.driver.slash_raw("settings", timezone=f"<@&{lab.imitation.scenario.moderator_role.id}>")
    pings_nobody(lab, reply, echoed="<@")


async def test_snippet_pin_echoes_an_unknown_section_and_posts_without_pinging(lab: Lab) -> None:
    unknown = await lab.driver.slash("snippet pin", section=loud(lab), user="moderator")
    assert unknown.content.startswith("No guide section is called")
    pings_nobody(lab, unknown)
    # The moderator's name goes into the pinned embed's footer: make it a mention, too.
    lab.imitation.scenario.moderator.global_name = "@everyone"
    pinned = await lab.driver.slash("snippet pin", section="quick-answer", user="moderator")
    assert pinned.content.startswith("Pinned")
    posts = [r for r in lab.imitation.core.requests
             if r.method == "POST" and r.path.endswith("/messages") and "/channels/" in r.path]
    [post] = posts
    body = message_body(post)
    assert body is not None
    assert body["allowed_mentions"] == {"parse": []}
    listing = await lab.driver.slash("snippet list", user="moderator")
    assert listing.embeds
    nothing_in_the_whole_run_pinged(lab)
