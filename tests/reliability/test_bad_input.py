"""Arbitrary option values, through the command tree: one clear answer each, nothing invalid stored.

Values go out as a raw payload would carry them (`Driver.slash_raw`): past every check Discord's
client makes, wrong JSON types included. What is valid comes from `oracle` (the spec), not from
the bot's validators.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.logbook.entries import Entry, Preferences, setup_key
from bot.logbook.units import to_kg
from bot.sandbox.mentions import interaction_pings
from bot.sandbox.snapshots import Reply
from bot.snippets.model import State
from tests.content import shipped_content
from tests.reliability import hostile, oracle
from tests.reliability.live import LiveBot, started
from tests.reliability.people import add_members

pytestmark = pytest.mark.e2e

TODAY = dt.datetime.now(dt.UTC).date()
GUIDE = shipped_content().guide
SECTION_IDS = [s.id for s in GUIDE.sections]
SECTION_NAMES = {**{s.title.casefold(): s.id for s in GUIDE.sections}, **{i: i for i in SECTION_IDS}}
FIELD_ERROR = re.compile(r"^\*\*([a-z_]+)\*\* must be .*Nothing was stored\.$", re.S)
# 4-10 ms an example on the shared 2-core machine: the module takes 7-16 s.
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    """One bot for every example of this module (fresh users keep the examples apart)."""
    with started(tmp_path_factory.mktemp("bad-input"), "bad.db") as running:
        yield running


def answered_once(live: LiveBot, reply: Reply) -> None:
    """One initial response, nothing refused as late or duplicate, and it pings nobody."""
    record = live.driver.record(reply)
    assert record.answered
    assert (record.duplicate_callbacks, record.late_callbacks) == (0, 0)
    assert all(p.nobody for p in interaction_pings(live.imitation.core, record))


def refused(reply: Reply, bad: set[str]) -> None:
    """A private error naming one of the invalid fields."""
    event(f"refused ({', '.join(sorted(bad))})" if len(bad) == 1 else "refused (several)")
    assert reply.ephemeral, reply.content
    named = FIELD_ERROR.match(reply.content)
    assert named is not None, reply.content
    assert named.group(1) in bad, (reply.content, bad)


async def entries_of(live: LiveBot, user_id: int) -> list[Entry]:
    return [e async for batch in live.bot.store.entries.stream(user_id) for e in batch]


def today(live: LiveBot) -> dt.date:
    """Today on the clock the bot reads (the imitation's, at midday: see tests.clocks)."""
    return live.imitation.clock().date()


@settings(EXAMPLES, max_examples=600)
@given(st.one_of(hostile.sane_log(TODAY), hostile.hostile_log(TODAY)))
def test_log_answers_every_value_and_stores_only_valid_ones(live: LiveBot, options: dict[str, Any]) -> None:
    [user] = add_members(live.imitation, 1)
    reply = live.run(live.driver.slash_raw("log", options, user=user))
    answered_once(live, reply)
    bad = oracle.log_errors(options, today(live))
    stored = live.run(entries_of(live, user.id))
    if bad:
        refused(reply, bad)
        assert stored == []
        return
    event("stored")
    assert reply.content.startswith("**Logged**"), reply.content
    assert reply.ephemeral is not options.get("share", False)
    [entry] = stored
    assert (entry.weight, entry.reps, entry.sets) == (options["weight"], options["reps"], options.get("sets", 1))
    assert (entry.rpe, entry.variant, entry.unit) == (
        options.get("rpe"), options.get("variant", "barbell"), options.get("unit", "kg"))
    assert entry.note == oracle.log_note(options.get("note"))
    assert entry.performed_on == oracle.log_date(options.get("date", today(live).isoformat()), today(live))


@settings(EXAMPLES, max_examples=400)
@given(st.one_of(hostile.sane_settings(), hostile.settings_options()))
def test_settings_answers_every_value_and_saves_only_valid_ones(live: LiveBot, options: dict[str, Any]) -> None:
    [user] = add_members(live.imitation, 1)
    reply = live.run(live.driver.slash_raw("settings", options, user=user))
    answered_once(live, reply)
    prefs = live.run(live.bot.store.users.preferences(user.id))
    bad = oracle.settings_errors(options)
    if bad:
        refused(reply, bad)
        assert prefs == Preferences()
        return
    assert reply.ephemeral
    unit = options.get("unit", "kg")
    assert (prefs.unit, prefs.rep_low, prefs.rep_high) == (
        unit, options.get("rep_low", 6), options.get("rep_high", 15))
    assert prefs.timezone == oracle.timezone_named(options.get("timezone", "UTC"))
    assert prefs.share_logs is options.get("share_logs", False)
    if "increment" in options:
        assert prefs.increment_kg == pytest.approx(to_kg(options["increment"], unit))
    answer = "Saved." if prefs != Preferences() else "Nothing changed:" if options else "**Your settings**"
    event(answer)
    assert reply.content.startswith(answer), reply.content


@EXAMPLES
@given(hostile.setup_options())
def test_setup_answers_every_value_and_saves_only_valid_ones(live: LiveBot, options: dict[str, Any]) -> None:
    [user] = add_members(live.imitation, 1)
    reply = live.run(live.driver.slash_raw("setup", options, user=user))
    answered_once(live, reply)
    current = live.run(live.bot.store.users.current_setup(user.id))
    bad = oracle.setup_errors(options)
    if bad:
        refused(reply, bad)
        assert current is None
    elif "description" in options and setup_key(options["description"]) == "none":
        event("none: no setup from now on")  # in any case or spacing; this member had none to clear
        assert reply.content.startswith("You have no setup."), reply.content
        assert current is None
    elif "description" in options:
        event("saved")
        assert reply.ephemeral
        assert reply.content.startswith("Setup saved:"), reply.content
        assert current is not None
        assert current[1] == options["description"].strip()
    else:
        assert reply.ephemeral
        assert reply.content.startswith("You have no setup."), reply.content


def channel_values(live: LiveBot) -> st.SearchStrategy[Any]:
    world = live.imitation.scenario
    return hostile.hostile(st.sampled_from([world.general, world.training]), limit=30)


@settings(EXAMPLES, max_examples=150)
@given(st.data())
def test_snippet_pin_answers_every_value_and_records_only_valid_pins(live: LiveBot, data: st.DataObject) -> None:
    section = data.draw(hostile.section_values(SECTION_IDS, list(SECTION_NAMES)), "section")
    options: dict[str, Any] = {"section": section}
    if data.draw(st.booleans(), "with channel"):
        options["channel"] = data.draw(channel_values(live), "channel")
    scenario = live.imitation.scenario
    guild = scenario.guild.id
    target = options.get("channel", scenario.general)
    before = live.run(live.bot.store.snippets.for_guild(guild))
    pins_before = {c.id: len(live.imitation.world.pinned(c.id)) for c in (scenario.general, scenario.training)}

    reply = live.run(live.driver.slash_raw("snippet pin", options, user="moderator"))
    answered_once(live, reply)
    after = live.run(live.bot.store.snippets.for_guild(guild))
    expected = oracle.section_of(section, SECTION_IDS, SECTION_NAMES)
    valid_channel = "channel" not in options or target in (scenario.general, scenario.training)
    assert reply.ephemeral
    if expected is None or not valid_channel:
        event("refused")
        assert len(after) == len(before), reply.content
        assert pins_before == {c: len(live.imitation.world.pinned(c)) for c in pins_before}
        assert FIELD_ERROR.match(reply.content) or reply.content.startswith(
            ("No guide section is called", "Choose a guide section.")
        ), reply.content
        return
    title = GUIDE.by_id[expected].title
    # Nothing here unpins by hand or deletes, so the records say what is pinned.
    if any((b.section_id, b.channel_id, b.state) == (expected, target.id, State.PINNED) for b in before):
        event("already pinned")
        assert reply.content.startswith(f"**{title}** is already pinned in <#{target.id}>: "), reply.content
        assert reply.content.endswith("Nothing was posted."), reply.content
        assert len(after) == len(before)
        assert pins_before == {c: len(live.imitation.world.pinned(c)) for c in pins_before}
        return
    event("pinned")
    assert reply.content.startswith(f"Pinned **{title}**"), reply.content
    [new] = [s for s in after if s.id not in {b.id for b in before}]
    assert (new.section_id, new.channel_id, new.state) == (expected, target.id, State.PINNED)
    assert new.message_id in [m.id for m in live.imitation.world.pinned(target.id)]


@settings(EXAMPLES, max_examples=150)
@given(hostile.snippet_ids())
def test_snippet_unpin_answers_every_value_and_unpins_only_a_named_snippet(live: LiveBot, value: Any) -> None:
    guild = live.imitation.scenario.guild.id
    [moderator] = add_members(live.imitation, 1, "mod", moderator=True)
    before = {s.id: s.state for s in live.run(live.bot.store.snippets.for_guild(guild))}
    reply = live.run(live.driver.slash_raw("snippet unpin", {"snippet": value}, user=moderator))
    answered_once(live, reply)
    after = {s.id: s.state for s in live.run(live.bot.store.snippets.for_guild(guild))}
    chosen = oracle.snippet_id(value)
    assert reply.ephemeral
    if chosen is not None and before.get(chosen) is State.PINNED:
        event("unpinned")
        assert reply.content.startswith("Unpinned"), reply.content
        assert after == {**before, chosen: State.REMOVED}
        return
    assert after == before
    assert FIELD_ERROR.match(reply.content) or reply.content.startswith(
        ("No snippet of this server matches", "That snippet is not pinned", "Choose a snippet.")), reply.content
