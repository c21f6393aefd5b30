"""Filling in a modal as Discord's client does: its limits hold before the bot sees anything."""

from __future__ import annotations

import pytest

from bot.sandbox.invocations import InvocationError
from bot.sandbox.modals import modal_components
from bot.sandbox.render import render_modal


def _form(style: int) -> dict[str, object]:
    text_input = {"type": 4, "custom_id": "note", "style": style, "required": False, "max_length": 20}
    return {"custom_id": "m", "components": [{"type": 18, "label": "Note", "component": text_input}]}


def test_a_paragraph_takes_line_breaks_a_short_input_does_not() -> None:
    [label] = modal_components(_form(2), {"note": "one\ntwo"})
    assert label["component"] == {"type": 4, "custom_id": "note", "value": "one\ntwo"}
    with pytest.raises(InvocationError, match="'Note' is a short text input: one line"):
        modal_components(_form(1), {"Note": "one\r\ntwo"})
    [label] = modal_components(_form(1), {"Note": "one two"})
    assert label["component"]["value"] == "one two"


def test_lengths_and_unknown_fields_are_refused() -> None:
    with pytest.raises(InvocationError, match="length 0-20"):
        modal_components(_form(1), {"note": "x" * 21})
    with pytest.raises(InvocationError, match=r"no field\(s\) \['weight'\]"):
        modal_components(_form(1), {"weight": "100"})


def test_the_chat_shows_what_a_field_holds_and_a_field_left_out_keeps_it() -> None:
    form = _form(1)
    form["title"] = "Edit"
    form["components"][0]["component"]["value"] = "felt good"  # type: ignore[index]
    assert render_modal(form) == [
        "  form: Edit", '    Note (optional): "felt good"',
        '  answer with: submit Label:"your text" ... (a field left out keeps what it shows)']
    [label] = modal_components(form, {})
    assert label["component"]["value"] == "felt good"
