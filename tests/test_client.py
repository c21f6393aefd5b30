import subprocess
import sys
from collections import Counter
from types import SimpleNamespace

import discord
import pytest

from bot.client import HipThrustBot, ShardedHipThrustBot, all_extensions, build_bot, intents
from bot.db.store import Store
from bot.guide.model import load_guide
from bot.interactions.expirer import Expirer
from bot.progress.charts import ChartRenderer
from bot.settings import Settings
from tests.content import data_copy, shipped_content


@pytest.fixture
async def bot(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    bot = HipThrustBot(Settings(), store, content=shipped_content())
    yield bot
    await bot.close()
    await store.close()


def test_intents_are_minimal_and_unprivileged():
    chosen = intents()
    assert chosen.guilds
    assert chosen.guild_messages
    assert chosen.dm_messages  # sets typed to the bot in a DM
    assert not chosen.message_content
    assert not chosen.members
    assert chosen.value & ~discord.Intents.default().value == 0  # default() leaves out the privileged ones
    assert chosen.value == (discord.Intents.guilds.flag | discord.Intents.guild_messages.flag
                            | discord.Intents.dm_messages.flag)


async def test_every_extension_loads_and_no_command_name_clashes(bot):
    assert {"cogs.meta", "cogs.imports", "cogs.nudges", "cogs.progress"} <= set(all_extensions())
    for name in all_extensions():
        await bot.load_extension(name)
    names = [c.name for c in bot.tree.get_commands()]
    assert "ping" in names
    clashes = [n for n, count in Counter(names).items() if count > 1]
    assert clashes == []


async def test_redelivered_interaction_reaches_no_callback(bot):
    delivered: list[int] = []
    bot._connection.parsers["INTERACTION_CREATE"] = lambda data: delivered.append(int(data["id"]))
    bot._guard_interactions()
    parse = bot._connection.parsers["INTERACTION_CREATE"]
    parse({"id": "10"})
    parse({"id": "10"})
    parse({"id": "11"})
    assert delivered == [10, 11]
    assert bot.received_at(10) is not None


async def test_no_new_interaction_while_shutting_down(bot):
    delivered: list[int] = []
    bot._connection.parsers["INTERACTION_CREATE"] = lambda data: delivered.append(int(data["id"]))
    bot._guard_interactions()
    bot.accepting = False
    bot._connection.parsers["INTERACTION_CREATE"]({"id": "12"})
    assert delivered == []


async def test_no_custom_id_prefix_clashes(bot):
    for name in all_extensions():
        await bot.load_extension(name)
    factories = list(bot._connection._view_store._dynamic_items.values())
    assert len(factories) >= 5
    prefixes = [f.__discord_ui_compiled_template__.pattern.split(":", 1)[0] for f in factories]
    assert all(p.isalpha() and len(p) <= 3 for p in prefixes), prefixes
    clashes = [p for p, count in Counter(prefixes).items() if count > 1]
    assert clashes == []
    assert {"cu", "cs", "cp"} <= set(prefixes)  # the chat log's Undo, Store anyway and pick


async def test_the_bot_closes_its_chart_renderer(tmp_path):
    class Recording(ChartRenderer):
        closed = False

        def close(self) -> None:
            self.closed = True
            super().close()

    store = await Store.open(tmp_path / "bot.db")
    charts = Recording()
    bot = HipThrustBot(Settings(), store, content=shipped_content(), charts=charts)
    assert bot.charts is charts
    await bot.close()
    await store.close()
    assert charts.closed


@pytest.mark.slow
def test_starting_the_bot_and_its_extensions_does_not_import_matplotlib():
    code = "import sys, bot.client, cogs.logbook, cogs.progress, cogs.nudges; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_build_bot_shards_only_when_configured(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        # `async with` sets a bot up for the loop, as open_bot does (a sharded one cannot close otherwise).
        async with (
            build_bot(Settings(), store, content=shipped_content()) as plain,
            build_bot(Settings(shard_count=4, shard_ids=(2, 3)), store) as sharded,
            build_bot(Settings(shard_count=2), store, content=shipped_content()) as every,
        ):
            assert type(plain) is HipThrustBot
            assert isinstance(sharded, ShardedHipThrustBot)
            assert isinstance(sharded, HipThrustBot)  # cogs see the same bot either way
            assert (sharded.shard_count, sharded.shard_ids) == (4, [2, 3])
            assert (every.shard_count, every.shard_ids) == (2, None)  # every shard in this process
    finally:
        await store.close()


async def test_the_bot_reads_its_content_once_from_its_data_dir_and_every_cog_serves_it(tmp_path, monkeypatch):
    import bot.content

    data = data_copy(tmp_path)
    reads = []

    def counted(directory):
        reads.append(directory)
        return load_guide(directory)

    monkeypatch.setattr(bot.content, "load_guide", counted)
    store = await Store.open(tmp_path / "bot.db")
    hipbot = HipThrustBot(Settings(data_dir=data), store, sync="never")
    try:
        await hipbot.setup_hook()  # reads the content, then loads every extension
        assert reads == [data / "guide"]
        guide = hipbot.content.guide
        assert hipbot.get_cog("Guide").guide is guide
        assert hipbot.get_cog("Snippets").guide is guide
        title = "Progress it without chasing the biggest plate stack"
        citations = hipbot.content.citations  # worked out of the guide once, cited by every feature
        assert citations.title("progress-it") == title
        assert hipbot.content.citations is citations
        for cog in ("LogCog", "NudgeCog", "RemindCog"):
            assert hipbot.get_cog(cog).citations is citations, cog
        assert hipbot.get_cog("ChatLog").logger.citations is citations
        assert hipbot.get_cog("Quiz").quiz is hipbot.content.quiz
    finally:
        await hipbot.close()
        await store.close()


async def test_unloading_the_extensions_leaves_no_button_timer_behind(bot):
    """A cog's answers wait 14 minutes for their buttons to grey out; unloaded (a reload, the bot
    shutting down), the cog cancels that wait rather than leave a timer on the loop."""
    for name in all_extensions():
        await bot.load_extension(name)
    expirers: dict[str, Expirer] = {name: cog.expirer for name, cog in bot.cogs.items() if hasattr(cog, "expirer")}
    assert {"LogCog", "RemindCog", "ChatLog", "Guide"} <= set(expirers)
    for number, expirer in enumerate(expirers.values(), start=1):
        answered = SimpleNamespace(id=number, client=bot, application_id=4000, token="t", message=None)
        expirer.schedule(answered)  # type: ignore[arg-type]
    assert all(len(expirer) == 1 for expirer in expirers.values())
    reply = SimpleNamespace(id=99, channel=SimpleNamespace(id=7))  # a chat line's reply waits there too
    expirers["ChatLog"].schedule_message(bot, reply)  # type: ignore[arg-type]
    for name in all_extensions():
        await bot.unload_extension(name)
    assert {name: len(expirer) for name, expirer in expirers.items()} == dict.fromkeys(expirers, 0)


async def test_logbook_commands_work_in_servers_and_dms_only(bot):
    for name in all_extensions():
        await bot.load_extension(name)
    personal = {"log", "history", "undo", "export", "forgetme", "settings", "setup", "privacy", "nudge", "progress",
                "import", "records"}
    personal.add("Log as hip thrust")  # the message context menu
    found = {c.name: c.to_dict(bot.tree) for c in bot.tree.get_commands() if c.name in personal}
    assert set(found) == personal
    assert found["Log as hip thrust"]["type"] == discord.AppCommandType.message.value
    for name, schema in found.items():
        assert schema["contexts"] == [0, 1], name  # guild, bot DM; not group DMs
        assert schema["integration_types"] == [0], name  # installed to a server, not a user
