"""/import csv and /import undo with a real bot object (not logged in), a real database and fake interactions."""

from __future__ import annotations

import gc
import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import discord
import pytest

from bot.db import imports as imports_repo
from bot.db.store import Store
from bot.errors import NotFoundError, UserError
from bot.imports import MAX_BYTES, ImportFileError
from bot.interactions.buttons import expiry_stamp
from bot.interactions.tree import answer_error
from cogs.imports import cog as import_cog
from cogs.imports.cog import ImportButton, ImportCog, UndoImportButton
from cogs.logbook.log import LogCog
from cogs.logbook.your_data import DataCog, ForgetButton
from tests.fakes import FakeClock, FakeInteraction, offline_bot
from tests.guide.test_data import assert_message_within_limits
from tests.stored import entries_of, entry_count

DATA = Path(__file__).parents[2] / "data" / "import"
_ids = itertools.count(50_000)


@dataclass
class FakeAttachment:
    """An uploaded file: its declared size, and how often it was downloaded."""

    data: bytes
    filename: str = "export.csv"
    size: int = -1
    reads: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = len(self.data)

    async def read(self, *, use_cached: bool = False) -> bytes:
        self.reads.append(1)
        return self.data


Clock = FakeClock


@pytest.fixture
async def env(tmp_path):
    store = await Store.open(tmp_path / "import.db")
    clock = Clock()
    bot = offline_bot(store, clock=clock)
    cogs = {"import": ImportCog(bot), "data": DataCog(bot), "log": LogCog(bot)}
    yield bot, store, clock, cogs
    for cog in cogs.values():
        await cog.cog_unload()
    await store.close()


def interaction(bot, user=1, **kw):
    return FakeInteraction(id=next(_ids), user_id=user, client=bot, **kw)


async def import_csv(env, file: str | bytes | FakeAttachment, user=1, **options):
    bot, _, _, cogs = env
    if not isinstance(file, FakeAttachment):
        file = FakeAttachment((DATA / file).read_bytes() if isinstance(file, str) else file)
    i = interaction(bot, user)
    await cogs["import"].import_csv.callback(cogs["import"], i, file=file, **options)
    return i


async def press(bot, button, user=1):
    i = interaction(bot, user, type=discord.InteractionType.component)
    await button.handle(i)
    return i


async def test_preview_is_private_and_stores_nothing_until_import(env):
    bot, store, _, _ = env
    i = await import_csv(env, "strong_comma.csv")
    assert [s.how for s in i.sent] == ["defer", "followup"]
    assert all(s.ephemeral for s in i.sent)
    assert i.visible_to_others == []
    preview = i.sent[1].embed
    assert preview.title == "Import preview: Strong"
    assert "**4 entries to import** (7 sets) from 2025-03-01 to 2025-03-04: barbell 2, machine 1, bridge 1." in (
        preview.description
    )
    assert "Skipped: 2 rows of other exercises, 1 warm-up set, 1 rest timer row, 1 note row." in preview.description
    assert "does not say kg or lb" in preview.description
    assert [c.item.label for c in i.sent[1].kwargs["view"].children] == ["Import", "Cancel"]
    assert await entry_count(store, 1) == 0
    done = await press(bot, ImportButton("ok", i.id))
    assert [s.how for s in done.sent] == ["defer", "edit_original"]
    assert done.sent[1].content.startswith("**Imported** 4 entries.")
    assert done.sent[1].kwargs["view"] is None
    assert await entry_count(store, 1) == 4


async def test_import_pressed_twice_and_after_a_restart_stores_once(env):
    _, store, clock, _ = env
    i = await import_csv(env, "hevy.csv")
    restarted = offline_bot(store, clock=clock)
    match = ImportButton.__discord_ui_compiled_template__.fullmatch(f"im:ok:{i.id}")
    assert match is not None
    button = await ImportButton.from_custom_id(None, None, match)  # type: ignore[arg-type]  # it reads only the match
    first = await press(restarted, button)
    assert "**Imported** 5 entries" in first.sent[1].content
    again = await press(restarted, ImportButton("ok", i.id))
    assert again.sent[1].content == "Already imported: 5 entries from this file are in your log."
    assert await entry_count(store, 1) == 5


async def test_the_same_file_twice_adds_nothing(env):
    bot, store, _, _ = env
    await press(bot, ImportButton("ok", (await import_csv(env, "strong_semicolon.csv")).id))
    second = await import_csv(env, "strong_semicolon.csv")
    preview = second.sent[1].kwargs
    assert "view" not in preview
    assert "**Nothing to import.**" in preview["embed"].description
    assert "Already in your log, left out: 3 entries." in preview["embed"].description
    late_click = await press(bot, ImportButton("ok", second.id))
    assert "Nothing more was stored" in late_click.sent[1].content
    assert await entry_count(store, 1) == 3


async def test_cancel_expiry_and_another_user_store_nothing(env):
    bot, store, clock, _ = env
    i = await import_csv(env, "strong_comma.csv")
    stranger = await press(bot, ImportButton("ok", i.id), user=2)
    assert "expired, was cancelled or was already handled" in stranger.sent[1].content
    cancel = await press(bot, ImportButton("no", i.id))
    assert cancel.sent[0].kwargs["content"] == "Cancelled. Nothing was imported."
    late = await import_csv(env, "strong_comma.csv")
    clock.now += timedelta(minutes=15)
    await press(bot, ImportButton("ok", i.id))
    await press(bot, ImportButton("ok", late.id))
    assert await entry_count(store, 1) == 0
    assert await entry_count(store, 2) == 0


async def test_oversized_attachment_is_refused_before_download(env):
    _, store, _, _ = env
    big = FakeAttachment(b"", size=MAX_BYTES + 1)
    with pytest.raises(ImportFileError, match="at most 5 MB") as caught:
        await import_csv(env, big)
    assert big.reads == []
    i = interaction(env[0])
    await answer_error(i, caught.value)
    assert i.sent[0].ephemeral
    assert "Nothing was stored" in i.sent[0].content
    assert await entry_count(store, 1) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [((DATA / "not_a_csv.txt").read_bytes(), "layout"),
     (b"PK\x03\x04" + bytes(100), "workbook"), (bytes(range(256)) * 8, "binary"),
     (b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n" + b"\xff\xfe\x00\x01" * 10, "binary")],
)  # fmt: skip
async def test_malformed_files_get_a_private_answer_and_store_nothing(env, data, message):
    bot, store, _, _ = env
    i = interaction(bot)
    with pytest.raises(ImportFileError, match=message) as caught:
        await env[3]["import"].import_csv.callback(env[3]["import"], i, file=FakeAttachment(data))
    await answer_error(i, caught.value)
    assert [s.how for s in i.sent] == ["defer", "followup"]
    assert i.visible_to_others == []
    assert "Nothing was stored." in i.sent[1].content
    assert await entry_count(store, 1) == 0
    assert await store.db.fetchval("SELECT COUNT(*) FROM pending_imports") == 0


async def test_the_work_on_every_entry_of_a_file_is_done_off_the_event_loop(env, monkeypatch):
    """Up to 50,000 entries are counted against the log, written to and read from the pending row
    and made into rows to insert: 0.2 to 0.5 s each for 50,000 here, in which the event loop
    answered no one (every other command, the gateway's heartbeat). The log's sets on the file's
    days are counted too, for the preview and again for Import: ~50 ms for 50,000 logged sets."""
    bot = env[0]
    loop_thread, seen = threading.get_ident(), {}

    def recorded(name: str, work: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            seen.setdefault(name, set()).add(threading.get_ident() == loop_thread)
            return work(*args, **kwargs)
        return run

    class Json:
        dumps, JSONDecoder = recorded("encode", json.dumps), recorded("decode", json.JSONDecoder)

    monkeypatch.setattr(import_cog, "split_known", recorded("preview split", import_cog.split_known))
    monkeypatch.setattr(imports_repo, "split_known", recorded("import split", imports_repo.split_known))
    monkeypatch.setattr(imports_repo, "json", Json)
    monkeypatch.setattr(imports_repo, "to_kg", recorded("rows", imports_repo.to_kg))
    monkeypatch.setattr(imports_repo, "count_sets", recorded("count log", imports_repo.count_sets))
    i = await import_csv(env, "strong_comma.csv")
    done = await press(bot, ImportButton("ok", i.id))
    assert done.sent[1].content.startswith("**Imported** 4 entries.")
    works = ("preview split", "encode", "decode", "import split", "rows", "count log")
    assert seen == {work: {False} for work in works}


async def test_the_collector_is_paused_while_a_file_is_read_and_stored(env, monkeypatch):
    """A 50,000-row file keeps ~100,000 objects alive from the parse to the pending row, and again
    while Import stores them: each collection of an older generation walked them all, 40-60 ms
    in which the event loop answered no one, worker thread or not (see bot.operations.gc_pause).
    The collector runs again once the preview and Import are done, and after a refused file."""
    bot = env[0]
    paused: dict[str, bool] = {}

    def recorded(name: str, work: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            paused[name] = not gc.isenabled()
            return work(*args, **kwargs)
        return run

    monkeypatch.setattr(import_cog, "parse_import", recorded("parse", import_cog.parse_import))
    monkeypatch.setattr(import_cog, "split_known", recorded("preview split", import_cog.split_known))
    monkeypatch.setattr(imports_repo, "_encode", recorded("pending", imports_repo._encode))
    monkeypatch.setattr(imports_repo, "_decode", recorded("read back", imports_repo._decode))
    monkeypatch.setattr(imports_repo, "_entry_rows", recorded("rows", imports_repo._entry_rows))
    assert gc.isenabled()
    i = await import_csv(env, "strong_comma.csv")
    assert gc.isenabled()
    done = await press(bot, ImportButton("ok", i.id))
    assert done.sent[1].content.startswith("**Imported** 4 entries.")
    assert paused == dict.fromkeys(("parse", "preview split", "pending", "read back", "rows"), True)
    assert gc.isenabled()
    with pytest.raises(ImportFileError, match="binary"):
        await import_csv(env, bytes(range(256)) * 8)
    assert gc.isenabled()


async def test_rows_log_would_refuse_are_listed_in_the_preview(env):
    i = await import_csv(env, "strong_bad_rows.csv")
    [problems] = i.sent[1].embed.fields
    lines = problems.value.splitlines()
    assert lines[0] == "line 3 · reps: must be a whole number from 1 to 100 (got `0`)"
    assert len(lines) == 9
    assert len(problems.value) <= 1024


async def test_unit_option_applies_when_the_file_does_not_say(env):
    bot, store, _, _ = env
    await press(bot, ImportButton("ok", (await import_csv(env, "strong_new.csv", unit="lb")).id))
    smith = await entries_of(store, 1, "smith")
    assert [(e.weight, e.unit) for e in smith] == [(225.0, "lb")]


async def test_export_forgetme_import_restores_the_same_entries(env):
    bot, store, clock, cogs = env
    log = cogs["log"].log.callback
    for note in ("=SUM(A1)", "-5 felt heavy", "'quoted", None):
        await log(cogs["log"], interaction(bot), weight=100.0, reps=10, note=note, day="2026-11-01")
    await log(cogs["log"], interaction(bot), weight=225.0, reps=8, sets=3, rpe=8.5, unit="lb", variant="machine",
              day="2026-11-02")  # fmt: skip
    before = [(e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note)
              async for batch in store.entries.stream(1) for e in batch]  # fmt: skip
    export = interaction(bot)
    await cogs["data"].export.callback(cogs["data"], export)
    files = {f.filename: f.fp.read() for f in export.sent[1].kwargs["files"]}
    await press(bot, ForgetButton("ok", expiry_stamp(clock())))
    assert await entry_count(store, 1) == 0
    i = await import_csv(env, files["entries.csv"], source="hipthrust")
    assert "**5 entries to import**" in i.sent[1].embed.description
    await press(bot, ImportButton("ok", i.id))
    after = [(e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note)
             async for batch in store.entries.stream(1) for e in batch]  # fmt: skip
    assert after == before
    again = await import_csv(env, files["entries.csv"])
    assert "Already in your log, left out: 5 entries." in again.sent[1].embed.description


async def test_import_undo_removes_only_the_last_import(env):
    bot, store, clock, cogs = env
    with pytest.raises(NotFoundError):
        await cogs["import"].import_undo.callback(cogs["import"], interaction(bot))
    await cogs["log"].log.callback(cogs["log"], interaction(bot), weight=100.0, reps=10)
    await press(bot, ImportButton("ok", (await import_csv(env, "strong_comma.csv")).id))
    ask = interaction(bot)
    await cogs["import"].import_undo.callback(cogs["import"], ask)
    assert ask.sent[0].ephemeral
    assert ask.sent[0].content.startswith("Your last import: 4 entries from Strong, 2025-03-01 to 2025-03-04")
    remove, keep = ask.sent[0].kwargs["view"].children
    assert (await press(bot, keep)).sent[0].kwargs["content"] == "Kept. Nothing was removed."
    assert await entry_count(store, 1) == 5
    clock.now += timedelta(minutes=15)
    with pytest.raises(UserError, match="expired"):
        await press(bot, remove)
    clock.now -= timedelta(minutes=15)
    assert (await press(bot, remove)).sent[0].kwargs["content"] == "Removed your last import: 4 entries."
    assert (await press(bot, remove)).sent[0].kwargs["content"] == "That import is already gone."
    assert await entry_count(store, 1) == 1
    other = UndoImportButton("ok", remove.batch_id, remove.expires)
    assert (await press(bot, other, user=2)).sent[0].kwargs["content"] == "That import is already gone."


async def test_a_preview_of_a_large_messy_file_fits_discord_limits(env):
    header = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"
    bad = "".join(f"2025-01-01 10:00:00,A,Hip Thrust,{n},{'x' * 300},10,{'y' * 250}\n" for n in range(5000))
    good = "".join(f"2025-01-{1 + n % 28:02d} 10:00:00,W{n},Hip Thrust (Machine),1,{50 + n % 40},10,\n"
                   for n in range(3000))  # fmt: skip
    i = await import_csv(env, (header + bad + good).encode())
    embed = i.sent[1].embed
    assert_message_within_limits([embed])
    assert embed.fields[0].value.endswith("more")
    assert "5,000 rows (below)" in embed.description
