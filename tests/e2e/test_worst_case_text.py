"""The longest, most hostile text a modified client can send, in every text option of every
command and typed into every autocomplete: whatever the bot echoes back stays within Discord's
limits (the imitation refuses a body over one with 400 / 50035, which fails the test: see
`within_discord_limits`), and the member gets an answer, not an apology."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.logbook.entries import MAX_NOTE, MAX_SETUP, NewEntry
from bot.sandbox import invocations as inv
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.snippet_helpers import footer, snippet_posts
from tests.stored import add_entry

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

# Markdown and mentions (escaping doubles them), a combining accent and a wide emoji (two code
# points each), a direction override: 6,000 code points, the most a string option may hold.
HOSTILE = ("@everyone _*`<#1>|é\u0301🏋️\u202e" * 400)[:6000]
# The same without the override: text the bot accepts, and stores, where it takes text.
MARKUP = "@everyone _*`<#1>|é\u0301🏋️ "
# A value each other option needs, by type, for the command to get as far as its text.
FILLER: dict[int, Any] = {inv.INTEGER: 8, inv.NUMBER: 100, inv.BOOLEAN: False, inv.CHANNEL: "general",
                          inv.USER: "member"}
# Required text options, filled so the command reads the option under test.
STRING_FILLER = {"days": "mon", "time": "07:00", "section": "quick-answer"}
SORRY = "Sorry, something went wrong"


def leaves(command: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every runnable form of a slash command: its words ("snippet pin") and its options."""
    found: list[tuple[str, list[dict[str, Any]]]] = []

    def walk(words: str, options: list[dict[str, Any]]) -> None:
        subs = [o for o in options if o["type"] in (inv.SUBCOMMAND, inv.GROUP)]
        if not subs:
            found.append((words, options))
        for sub in subs:
            walk(f"{words} {sub['name']}", sub.get("options") or [])

    walk(command["name"], command.get("options") or [])
    return found


def text_options(imitation: Imitation) -> list[tuple[str, str, str, int, dict[str, Any]]]:
    """(words, option name, its kind, its longest value, the other required options filled) for every string option
    (one with fixed choices is "text": Discord's client lists those itself)."""
    out = []
    for command in imitation.core.commands[None]:
        if command.get("type", 1) != 1:
            continue
        for words, options in leaves(command):
            if any(o["type"] == inv.ATTACHMENT and o.get("required") for o in options):
                continue
            needed = {o["name"]: FILLER[o["type"]] for o in options if o.get("required") and o["type"] != inv.STRING}
            for option in options:
                if option["type"] == inv.STRING:  # one with fixed choices too: a forged value
                    kind = "autocomplete" if option.get("autocomplete") and not option.get("choices") else "text"
                    strings = {o["name"]: STRING_FILLER.get(o["name"], "a") for o in options
                               if o.get("required") and o["type"] == inv.STRING}
                    out.append((words, option["name"], kind, option.get("max_length", 6000), {**needed, **strings}))
    return out


async def test_the_longest_text_in_every_option_is_answered_within_discords_limits(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    tried = text_options(imitation)
    assert len(tried) > 10, tried  # the commands were found
    for words, name, _kind, longest, others in tried:
        for value in (HOSTILE, (MARKUP * 600)[:longest], (MARKUP * 600)[:6000]):
            reply = await driver.slash(words, {**others, name: value}, user="moderator", checked=False)
            shown = reply.content + " ".join(str(e) for e in reply.embeds)
            assert shown.strip(), (words, name)
            assert SORRY not in shown, (words, name, shown[:300])


async def test_the_longest_text_typed_into_every_autocomplete_is_answered_within_discords_limits(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    typed = [(words, name, others) for words, name, kind, _, others in text_options(imitation)
             if kind == "autocomplete"]
    assert len(typed) >= 5, typed
    for words, name, others in typed:
        for text in (HOSTILE, (MARKUP * 600)[:6000], "a" * 100, "🏋️" * 60):
            others.pop(name, None)
            await driver.autocomplete(words, name, {**others, name: text}, user="moderator")


async def test_the_longest_notes_and_setup_on_many_sessions_are_shown_within_discords_limits(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    user = driver.user("member").id
    end = imitation.clock().date()
    setup = await hipbot.store.users.set_setup(user, (MARKUP * 40)[:MAX_SETUP], imitation.clock())
    for back in range(40):  # 40 days of 6 sets, each set with its own longest note
        for n in range(6):
            note = f"{n}{back} " + (MARKUP * 40)[: MAX_NOTE - 4]
            entry = NewEntry(performed_on=end - dt.timedelta(days=back), variant="barbell", sets=1, reps=10 - n,
                             weight=100 - back * 0.5, unit="kg", rpe=8.5, note=note[:MAX_NOTE])
            await add_entry(hipbot.store, user, entry, setup_id=setup, interaction_id=None, when=imitation.clock())
    for command in ("history", "records", "progress", "nudge", "settings", "setup", "export", "remind show"):
        reply = await driver.slash(command)
        shown = reply.content + " ".join(str(e) for e in reply.embeds)
        assert shown.strip(), command
        assert SORRY not in shown, (command, shown[:300])
    page = await driver.slash("history")
    for option in page.selects()[0]["options"]:
        assert len(option["label"]) <= 100
        assert len(option.get("description") or "") <= 100
    chosen = await driver.select(page, page.selects()[0]["options"][0]["value"])
    assert chosen.content.strip()
    assert SORRY not in chosen.content
    form = await driver.click(chosen, "Edit")
    assert form.modal is not None


async def test_a_day_of_long_notes_full_of_markup_is_cut_before_it_is_escaped(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """12 sets on one day, each with a note of 199 characters of markdown (~4,700 characters once
    escaped): the session's line was cut after escaping, at the description's 4,096, leaving a
    backslash that escaped the "…" (and the closing quote gone)."""
    user = driver.user("member").id
    notes = [(f"{n} " + "*_|~>\\" * 40)[:199] for n in range(12)]
    for note in notes:
        entry = NewEntry(performed_on=imitation.clock().date(), variant="barbell", sets=1, reps=10, weight=100,
                         unit="kg", rpe=None, note=note)
        await add_entry(hipbot.store, user, entry, setup_id=None, interaction_id=None, when=imitation.clock())
    [embed] = (await driver.slash("history")).embeds
    line = embed["description"]
    assert len(line) <= 4096
    assert line.startswith(f"`{imitation.clock().date().isoformat()}` · barbell · 12 × 10 @ 100 kg · “")
    said = line.split("“", 1)[1].removesuffix("”").removesuffix("…")
    assert (len(said) - len(said.rstrip("\\"))) % 2 == 0, said[-12:]  # no backslash escaping the "…"
    assert line.endswith("…”")
    assert "; ".join(notes).startswith(re.sub(r"\\(.)", r"\1", said))  # the notes as typed, as far as they go


async def test_every_section_pinned_by_the_longest_display_name_stays_within_discords_limits(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # 32 code points, Discord's most for a display name: wide emoji, combining marks, markup.
    name = driver.user("moderator").global_name = ("🏋️é\u0301*_" * 6)[:32]
    sections = hipbot.content.guide.sections
    for section in sections:
        reply = await driver.slash("snippet pin", section=section.id, user="moderator")
        assert reply.content.startswith(("Pinned **", "The section **")), reply.content[:200]  # or: too long
        assert SORRY not in reply.content
    posts = snippet_posts(driver, "general")
    assert len(posts) > 1
    assert all(footer(post).endswith(f" · pinned by {name}") for post in posts)
    listed = await driver.slash("snippet list", user="moderator")
    assert listed.embeds
    refreshed = await driver.slash("snippet refresh", user="moderator")
    assert SORRY not in refreshed.content


async def test_every_guide_section_is_shown_within_discords_limits(hipbot: HipThrustBot, driver: Driver) -> None:
    for section in hipbot.content.guide.sections:
        reply = await driver.slash("hipthrust guide", section=section.id, private=True)
        assert reply.embeds, section.id
    for command in ("hipthrust quick", "hipthrust mistakes", "hipthrust examples", "hipthrust science"):
        reply = await driver.slash(command, private=True)
        assert reply.embeds, command


async def test_hundreds_of_different_sets_on_one_day_are_told_in_whole_sets_and_counted(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """300 entries of one day (an import), each its own run: the session's line was cut at the
    description's 4,096 characters, mid-set ("… 1 × 7 @ 14…")."""
    user = driver.user("member").id
    for n in range(300):
        entry = NewEntry(performed_on=imitation.clock().date(), variant="barbell", sets=1, reps=6 + n % 10,
                         weight=100 + n * 0.25, unit="kg", rpe=None, note="felt strong")
        await add_entry(hipbot.store, user, entry, setup_id=None, interaction_id=None, when=imitation.clock())
    [embed] = (await driver.slash("history")).embeds
    line = embed["description"]
    assert len(line) <= 4096
    sets, note = line.rsplit(" · ", 1)
    assert note == "“felt strong”"
    shown, left = re.fullmatch(r".*@ (\d+(?:\.\d+)?) kg, and (\d+) more sets", sets).groups()  # type: ignore[union-attr]
    assert int(left) == 300 - round((float(shown) - 100) / 0.25) - 1  # every set counted, shown or not
