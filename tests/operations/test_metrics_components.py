"""Buttons, menus, forms and chat lines are counted in hipthrust_interactions_total, as slash commands
are: the alerts for unanswered commands and for bugs read that one counter."""

from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from bot.operations import outcomes
from bot.operations.metrics import ANSWERED, DEADLINE_MISSED, UNEXPECTED_ERROR, USER_ERROR, Metrics
from cogs.chatlog.cog import CHAT_LINE
from cogs.chatlog.render import CONTEXT_MENU
from cogs.imports.cog import ImportButton
from tests.e2e.test_import import upload
from tests.operations.scrape import Scrape
from tests.operations.test_metrics_e2e import FIRST_ANSWER, INTERACTIONS, port_of, settled
from tests.reliability.conftest import Lab

pytestmark = pytest.mark.e2e


def counted(found: Scrape) -> dict[tuple[str, str], float]:
    return {(s.labels["command"], s.labels["outcome"]): s.value
            for s in found.samples if s.name == INTERACTIONS and s.value}


async def test_a_button_a_menu_a_form_and_chat_lines_are_counted(lab: Lab) -> None:
    assert lab.bot is not None
    driver = lab.driver
    async with port_of(lab.bot) as port:
        await driver.slash("log", weight=100, reps=10)
        page = await driver.slash("history")
        entry = str(page.selects()[0]["options"][0]["value"])
        chosen = await driver.select(page, entry)  # the page's entry menu
        form = await driver.click(chosen, "Edit")  # a button that opens a form
        await driver.submit_modal(form, weight="102.5")  # the form
        undo = await driver.slash("undo")
        await driver.click(undo, "Delete it")
        await driver.dm("100kg 3x10 @8")  # a chat line it logs
        await driver.dm("deadlift 180kg 3x5")  # one it refuses: another lift
        found = await settled(port, lambda s: s.value(INTERACTIONS) == 9)
    assert counted(found) == {
        ("log", ANSWERED): 1, ("history", ANSWERED): 1, ("undo", ANSWERED): 1,
        ("menu:he", ANSWERED): 1, ("button:hx", ANSWERED): 1, ("form:hm", ANSWERED): 1, ("button:ud", ANSWERED): 1,
        ("chat line", ANSWERED): 1, ("chat line", USER_ERROR): 1,
    }  # fmt: skip
    assert found.value(f"{FIRST_ANSWER}_count", command="button:ud") == 1  # timed like a command


async def test_a_refused_line_counts_the_same_typed_to_the_bot_or_by_the_context_menu(lab: Lab) -> None:
    """A line the bot cannot read is refused in the same words by DM and by "Log as hip thrust"
    (privately), and both count as user_error: the menu's refusal once counted as answered."""
    assert lab.bot is not None
    driver = lab.driver
    line = "deadlift 180kg 3x5"  # another lift
    async with port_of(lab.bot) as port:
        typed = await driver.dm(line)
        written = driver.write(line, channel="general")  # no mention: only the menu reads it
        menu = await driver.context_menu(CONTEXT_MENU, written, user="member")
        found = await settled(port, lambda s: s.value(INTERACTIONS) == 2)
    assert "another lift (`deadlift`)" in typed.content
    assert (menu.content, menu.ephemeral) == (typed.content, True)
    assert counted(found) == {(CHAT_LINE, USER_ERROR): 1, (CONTEXT_MENU, USER_ERROR): 1}


async def test_a_button_that_fails_counts_as_a_bug(lab: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Import button failing once it deferred: the user got an error id, and the bugs alert sees it."""
    assert lab.bot is not None
    driver = lab.driver

    async def broken(*_: object) -> None:
        raise RuntimeError("the import broke")

    preview = await driver.slash("import csv", file=upload("strong_comma.csv"))
    monkeypatch.setattr(lab.bot.store.imports, "confirm", broken)
    async with port_of(lab.bot) as port:
        await driver.click(preview, "Import")
        found = await settled(port, lambda s: s.value(INTERACTIONS, command="button:im") == 1)
    assert counted(found)[("button:im", UNEXPECTED_ERROR)] == 1
    assert found.value(INTERACTIONS, outcome=DEADLINE_MISSED) == 0
    assert ImportButton.prefix == "im"


COMPONENT, FORM = discord.InteractionType.component, discord.InteractionType.modal_submit


@pytest.mark.parametrize(("kind", "data", "label"), [
    (COMPONENT, {"component_type": 2, "custom_id": "ud:ok:5:t0b2k"}, "button:ud"),
    (COMPONENT, {"component_type": 3, "custom_id": "he::0:0:t0b2k"}, "menu:he"),
    (FORM, {"custom_id": "rlm:barbell"}, "form:rlm"),
    (COMPONENT, {"component_type": 2, "custom_id": "9f86d081884c7d659a2feaa0c55ad015"}, "button:unknown"),
    (COMPONENT, {"component_type": 2, "custom_id": "longer:1"}, "button:unknown"),
    (COMPONENT, {"component_type": 2, "custom_id": "é:1"}, "button:unknown"),
])  # fmt: skip
def test_a_component_is_labelled_by_its_kind_and_prefix_only(
        kind: discord.InteractionType, data: dict[str, object], label: str) -> None:
    assert outcomes.component_label(SimpleNamespace(type=kind, data=data)) == label  # type: ignore[arg-type]


def test_a_component_nothing_handles_is_unanswered_at_once() -> None:
    metrics = Metrics(process=False)
    clicked = SimpleNamespace(type=COMPONENT, data={"component_type": 2, "custom_id": "zz:1"}, extras={})
    outcomes.track_component(clicked, [], metrics, None)  # type: ignore[arg-type]
    assert metrics.interactions.labels("button:zz", DEADLINE_MISSED)._value.get() == 1
