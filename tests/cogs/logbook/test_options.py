"""What Discord is told about the logbook options: the core's own lists and limits, nothing written twice."""

from __future__ import annotations

import pytest

from bot.client import all_extensions
from bot.db.store import Store
from bot.errors import ValidationError
from bot.imports import SOURCES
from bot.logbook.entries import MAX_NOTE, MAX_SETUP, REP_RANGE, REPS, RPE, SETS, VARIANTS
from bot.logbook.prefs import check_increment
from bot.logbook.units import MAX_INCREMENT, MAX_WEIGHT, MIN_INCREMENT, UNITS, format_number
from tests.fakes import offline_bot


@pytest.fixture
async def schema(tmp_path):
    """Every command as it is synced to Discord, by its full name ("import csv" for a subcommand)."""
    store = await Store.open(tmp_path / "bot.db")
    bot = offline_bot(store)
    for name in all_extensions():
        await bot.load_extension(name)
    commands = {}
    for command in bot.tree.get_commands():
        payload = command.to_dict(bot.tree)
        subcommands = [o for o in payload.get("options", []) if o["type"] == 1]
        commands[payload["name"]] = payload
        commands.update({f"{payload['name']} {sub['name']}": sub for sub in subcommands})
    yield commands
    await bot.close()
    await store.close()


def option(command, name):
    [found] = [o for o in command["options"] if o["name"] == name]
    return found


def choices(command, name):
    return tuple(c["value"] for c in option(command, name)["choices"])


def bounds(command, name):
    found = option(command, name)
    if found["type"] == 3:  # a string: its length
        return found.get("min_length"), found["max_length"]
    return found["min_value"], found["max_value"]


@pytest.mark.parametrize("name", ["log", "history", "progress", "nudge"])
def test_every_variant_option_offers_the_logbook_variants(schema, name):
    assert choices(schema[name], "variant") == VARIANTS


@pytest.mark.parametrize("name", ["log", "settings", "import csv"])
def test_every_unit_option_offers_the_logbook_units(schema, name):
    assert choices(schema[name], "unit") == UNITS == ("kg", "lb")


def test_the_import_source_option_offers_the_importer_sources(schema):
    assert choices(schema["import csv"], "source") == SOURCES


def test_discord_checks_the_log_limits_the_logbook_checks(schema):
    log = schema["log"]
    assert bounds(log, "weight") == (0, max(MAX_WEIGHT.values())) == (0, 2200)
    assert bounds(log, "reps") == REPS
    assert bounds(log, "sets") == SETS
    assert bounds(log, "rpe") == RPE
    assert bounds(log, "note") == (None, MAX_NOTE)
    assert option(log, "weight")["description"] == "Weight per rep, 0 = bodyweight (up to 1000 kg / 2200 lb)"
    assert option(log, "reps")["description"] == f"Reps per set ({REPS[0]}–{REPS[1]})"
    assert option(log, "rpe")["description"] == "Effort, 1–10 in halves (e.g. 8 or 8.5)"
    assert option(log, "note")["description"] == f"A short note (up to {MAX_NOTE} characters)"


def test_discord_checks_the_settings_limits_the_logbook_checks(schema):
    settings, setup = schema["settings"], schema["setup"]
    assert bounds(settings, "rep_low") == bounds(settings, "rep_high") == REP_RANGE
    assert bounds(settings, "increment")[1] == max(MAX_INCREMENT.values())
    assert bounds(setup, "description") == (1, MAX_SETUP)
    # The range the refusal names ("a number from 0.01 to 20 kg in steps of 0.01"); it said "more than 0".
    assert option(settings, "increment")["description"] == (
        "Load step for nudges (from 0.01 to 20 kg / 44 lb, in steps of 0.01)")
    for unit, top in MAX_INCREMENT.items():
        with pytest.raises(ValidationError) as refused:
            check_increment(top + 1, unit)
        assert f"from {format_number(MIN_INCREMENT)} to {format_number(top)} {unit}" in refused.value.message
        described = option(settings, "increment")["description"]
        assert f"from {format_number(MIN_INCREMENT)} to " in described
        assert f"{format_number(top)} {unit}" in described
