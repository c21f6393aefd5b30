"""Raw option values against their declared types (what discord.py would choke on first)."""

from __future__ import annotations

import pytest

from bot.interactions.option_types import Misfit, first_misfit


def option(kind: int, value: object, name: str = "x") -> dict[str, object]:
    return {"name": name, "type": kind, "value": value}


@pytest.mark.parametrize(("kind", "value"), [
    (3, "text"), (3, ""), (4, 5), (4, 2**80), (4, 1.5), (10, 1.5), (10, float("nan")),
    (10, float("inf")), (10, 10**300), (5, False), (7, "123456789012345678"), (6, 42),
])
def test_values_of_their_type_pass(kind: int, value: object) -> None:
    assert first_misfit([option(kind, value)]) is None


@pytest.mark.parametrize(("kind", "value", "expected"), [
    (3, 5, "text"), (3, None, "text"), (4, "5", "a number"), (4, True, "a number"),
    (10, "abc", "a number"), (10, 2**1100, "a number"), (10, None, "a number"), (10, [], "a number"),
    (5, "yes", "true or false"), (5, 1, "true or false"),
    (7, "general", "something picked from Discord's list"),
    (7, "²", "something picked from Discord's list"), (7, "9" * 25, "something picked from Discord's list"),
])
def test_values_of_another_type_are_named(kind: int, value: object, expected: str) -> None:
    assert first_misfit([option(kind, value, "field")]) == Misfit("field", expected, value)


def test_subcommands_are_searched_and_focused_values_skipped() -> None:
    nested = [{"name": "pin", "type": 1, "options": [
        {"name": "section", "type": 10, "value": "typing", "focused": True},
        option(5, "no", "share")]}]
    found = first_misfit(nested)
    assert found is not None
    assert (found.name, found.shown) == ("share", "no")


def test_shown_values_are_json_words() -> None:
    assert Misfit("x", "text", None).shown == "nothing"
    assert Misfit("x", "text", True).shown == "true"


def test_shapes_discord_py_cannot_read_are_left_alone() -> None:
    assert first_misfit(None) is None
    assert first_misfit("options") is None
    assert first_misfit([1, {"type": 3}]) is None


@pytest.mark.parametrize(("tagged", "value", "expected"), [
    (4, 12345, "text"), (5, True, "text"), (3, 12345, "text"), (10, 1.5, "text"),
    (3, "12345", None), (4, "12345", None),  # text tagged as another passed-on type still reaches the command as text
    (7, "123456789012345678", "text"),  # a tag discord.py would resolve as a channel
])  # fmt: skip
def test_values_are_checked_against_the_declared_type_whatever_their_tag(
        tagged: int, value: object, expected: str | None) -> None:
    # /hipthrust guide section:12345 tagged as an integer fitted its tag and ended in an AttributeError.
    found = first_misfit([option(tagged, value, "section")], {"section": 3})
    assert found == (None if expected is None else Misfit("section", expected, value))


def test_declared_types_reach_subcommands_and_unknown_names_keep_their_tag() -> None:
    nested = [{"name": "unpin", "type": 1, "options": [option(4, 5, "snippet")]}]
    assert first_misfit(nested, {"snippet": 3}) == Misfit("snippet", "text", 5)
    assert first_misfit([option(5, "yes", "other")], {"snippet": 3}) == Misfit("other", "true or false", "yes")
    assert first_misfit([option(7, "5", "channel")], {"channel": 7}) is None
    assert first_misfit([option(3, "general", "channel")], {"channel": 7}) == Misfit(
        "channel", "something picked from Discord's list", "general")
