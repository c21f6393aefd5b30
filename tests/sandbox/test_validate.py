"""Discord's limits as the imitation enforces them: a modal, a select menu, an autocomplete answer
and a command list over a limit is refused with 50035, naming the field, as Discord refuses it.
Lengths are code points (discord/discord-api-docs#1315), so a wide emoji counts one."""

from __future__ import annotations

from typing import Any

import discord

from bot.sandbox import validate

EMOJI = "🏋️"  # two code points: the weight lifter and a variation selector
COMBINING = "e\u0301"  # two code points drawn as one é


def _modal(title: str = "Edit", label: str = "Note", value: str | None = None,
           placeholder: str | None = None) -> dict[str, Any]:
    modal = discord.ui.Modal(title=title, custom_id="m")
    text: discord.ui.TextInput[Any] = discord.ui.TextInput(custom_id="note", default=value, placeholder=placeholder)
    modal.add_item(discord.ui.Label(text=label, component=text))
    return modal.to_dict()  # type: ignore[no-any-return]


def _errors(body: dict[str, Any] | None) -> dict[str, Any]:
    assert body is not None
    assert (body["code"], body["message"]) == (50035, "Invalid Form Body")
    return body["errors"]  # type: ignore[no-any-return]


def test_a_modal_within_the_limits_passes_counting_code_points() -> None:
    assert validate.check_modal(_modal(title="x" * 45, label="y" * 45, value="z" * 4000, placeholder="p" * 100)) is None
    assert validate.check_modal(_modal(title="é" * 45)) is None
    assert validate.check_modal(_modal(title=COMBINING * 22)) is None  # 44 code points, 22 drawn
    assert validate.check_modal(_modal(title=EMOJI * 22 + "x")) is None  # 45 code points


def test_a_modal_over_a_limit_is_refused_naming_the_field() -> None:
    title = _errors(validate.check_modal(_modal(title=EMOJI * 23)))  # 46 code points
    assert title["data"]["title"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    label = _errors(validate.check_modal(_modal(label="y" * 46)))
    assert "label" in label["data"]["components"]["0"]
    value = _errors(validate.check_modal(_modal(value="z" * 4001)))
    assert "value" in value["data"]["components"]["0"]["component"]
    placeholder = _errors(validate.check_modal(_modal(placeholder="p" * 101)))
    assert "placeholder" in placeholder["data"]["components"]["0"]["component"]
    empty = _errors(validate.check_modal(_modal(title="")))
    assert empty["data"]["title"]["_errors"][0]["code"] == "BASE_TYPE_BAD_LENGTH"


def test_a_modal_of_six_inputs_is_refused() -> None:
    modal = _modal()  # discord.py itself adds no sixth: a payload built by hand
    modal["components"] *= 6
    assert "components" in _errors(validate.check_modal(modal))["data"]


def _select(**option: Any) -> dict[str, Any]:
    select: discord.ui.Select[Any] = discord.ui.Select(custom_id="s", placeholder=option.pop("placeholder", None),
                                                       options=[discord.SelectOption(**option)])
    return {"content": "pick", "components": [{"type": 1, "components": [select.to_component_dict()]}]}


def test_a_select_option_and_placeholder_over_their_limits_are_refused() -> None:
    fine = _select(label="l" * 100, value="v" * 100, description="d" * 100, placeholder="p" * 150)
    assert validate.check_message(fine) is None
    for field, over in (("label", {"label": "l" * 101}), ("value", {"label": "l", "value": "v" * 101}),
                        ("description", {"label": "l", "description": "d" * 101})):
        menu = _errors(validate.check_message(_select(**over)))["components"]["0"]["components"]["0"]
        assert field in menu["options"]["0"], field
    menu = _errors(validate.check_message(_select(label="l", placeholder="p" * 151)))["components"]["0"]
    assert "placeholder" in menu["components"]["0"]


def test_an_autocomplete_answer_is_held_to_25_choices_of_1_to_100_characters() -> None:
    assert validate.check_choices({"choices": [{"name": "n" * 100, "value": "v" * 100}] * 25}) is None
    assert validate.check_choices({"choices": [{"name": "n", "value": 10**12}]}) is None  # a number: no length
    assert "choices" in _errors(validate.check_choices({"choices": [{"name": "n", "value": "v"}] * 26}))["data"]
    for choice in ({"name": "n" * 101, "value": "v"}, {"name": "", "value": "v"}, {"name": "n", "value": "v" * 101}):
        assert "0" in _errors(validate.check_choices({"choices": [choice]}))["data"]["choices"], choice


def test_a_command_list_is_held_to_discords_name_and_description_limits() -> None:
    option = {"type": 3, "name": "text", "description": "d" * 100,
              "choices": [{"name": "c" * 100, "value": "v" * 100}]}
    fine = [{"type": 1, "name": "n" * 32, "description": "d" * 100, "options": [option]},
            {"type": 3, "name": "Log this set", "description": ""}]
    assert validate.check_commands(fine) is None
    assert "name" in _errors(validate.check_commands([{**fine[0], "name": "n" * 33}]))["0"]
    assert "description" in _errors(validate.check_commands([{**fine[0], "description": "d" * 101}]))["0"]
    long_option = [{**fine[0], "options": [{**option, "description": "d" * 101}]}]
    assert "description" in _errors(validate.check_commands(long_option))["0"]["options"]["0"]
    many = [{**fine[0], "options": [{**option, "choices": option["choices"] * 26}]}]
    assert "choices" in _errors(validate.check_commands(many))["0"]["options"]["0"]


def test_a_message_of_eleven_files_is_refused() -> None:
    assert validate.check_message({"content": "files"}, files=10) is None
    assert "attachments" in _errors(validate.check_message({"content": "files"}, files=11))
