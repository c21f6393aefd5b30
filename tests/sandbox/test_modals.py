"""Filling in a modal as Discord's client does: its limits hold before the bot sees anything."""

from __future__ import annotations

import pytest

from bot.sandbox.invocations import InvocationError
from bot.sandbox.modals import field_names, modal_components
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
        "  form: Edit", '    [1] Note (optional): "felt good"',
        '  answer with: submit 2:"your text" ..., a field by its number or the start of its label',
        "  (a field left out keeps what it shows)"]
    [label] = modal_components(form, {})
    assert label["component"]["value"] == "felt good"
    form["components"][0]["label"] = "Note (optional)"  # type: ignore[index]  # as the reminder's Log form: said once
    assert render_modal(form)[1] == '    [1] Note (optional): "felt good"'


def test_the_chat_names_a_field_by_its_number_or_the_start_of_its_label() -> None:
    # /history's Edit form: "Sets × reps" took typing the × (`submit Sets:"6 x 10"` answered only
    # "the modal has no field(s) ['Sets']"), "Weight per rep (kg)" its brackets.
    edit = {"custom_id": "m", "components": [
        {"type": 18, "label": label, "component": {"type": 4, "custom_id": custom_id, "style": 1}}
        for label, custom_id in (("Weight per rep (kg)", "w"), ("Sets × reps", "sr"), ("RPE", "r"), ("Date", "d"))]}
    assert field_names(edit, {"sets": "6 x 10", "1": "82,5", "RPE": "8", "d": "2026-12-01"}) == {
        "Sets × reps": "6 x 10", "Weight per rep (kg)": "82,5", "RPE": "8", "d": "2026-12-01"}
    listed = "its fields: 1) Weight per rep (kg), 2) Sets × reps, 3) RPE, 4) Date"
    with pytest.raises(InvocationError) as refused:
        field_names(edit, {"reps": "10"})
    assert str(refused.value) == (f"no field of the form is called 'reps'; {listed}"
                                  ' (submit 1:"text" names one by its number)')
    with pytest.raises(InvocationError, match="no field of the form is called '5'"):
        field_names(edit, {"5": "x"})
    edit["components"].append({"type": 18, "label": "Sets done", "component": {"type": 4, "custom_id": "s2"}})
    with pytest.raises(InvocationError, match="more than one field of the form is called 'sets'"):
        field_names(edit, {"sets": "3"})
