"""The choices Discord shows for variant, unit and source are the logbook's own lists."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot, all_extensions
from bot.db.store import Store
from bot.imports import SOURCES
from bot.logbook.entries import VARIANTS
from bot.logbook.units import UNITS
from bot.settings import Settings


@pytest.fixture
async def schema(tmp_path):
    """Every command as it is synced to Discord, by its full name ("import csv" for a subcommand)."""
    store = await Store.open(tmp_path / "bot.db")
    bot = HipThrustBot(Settings(), store)
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


def choices(command, option):
    [found] = [o for o in command["options"] if o["name"] == option]
    return tuple(c["value"] for c in found["choices"])


@pytest.mark.parametrize("name", ["log", "history", "progress", "nudge"])
def test_every_variant_option_offers_the_logbook_variants(schema, name):
    assert choices(schema[name], "variant") == VARIANTS


@pytest.mark.parametrize("name", ["log", "settings", "import csv"])
def test_every_unit_option_offers_the_logbook_units(schema, name):
    assert choices(schema[name], "unit") == UNITS == ("kg", "lb")


def test_the_import_source_option_offers_the_importer_sources(schema):
    assert choices(schema["import csv"], "source") == SOURCES
