"""Discord's limits on a message body, a modal, an autocomplete answer and a command list,
answered with its "Invalid Form Body" (50035) shape.

Real Discord refuses an over-long reply with a 400; the imitation does the same so that
end-to-end tests catch a reply that would fail in production. Lengths are counted in code points
(Python's `len`), as Discord's API does (discord/discord-api-docs#1315: "Our API uses Python 3").

The numbers are stated here on purpose, not imported from `bot.interactions.limits`: this module
stands in for Discord, the check the bot is tested against, so a wrong number in the bot's limits
must not move the check along with it (tests/interactions/test_limits.py compares the two).
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
_EMBED_TEXT_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
ROWS_MAX = 5
ROW_ITEMS_MAX = 5
CUSTOM_ID_MAX = 100
LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
ATTACHMENTS_MAX = 10  # files one message may carry
OPTION_TEXT_MAX = 100  # a select option's label, value and description
PLACEHOLDER_MAX = 150  # a select menu's placeholder
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45  # a text input's label (and a modal Label component's)
INPUT_PLACEHOLDER_MAX = 100
INPUT_VALUE_MAX = 4000  # a text input's value, min_length and max_length
LABEL_DESCRIPTION_MAX = 100  # a modal Label component's description
MODAL_ROWS_MAX = 5
CHOICES_MAX = 25  # an autocomplete answer's choices, an option's fixed choices
CHOICE_TEXT_MAX = 100  # a choice's name, and its value when a string
COMMAND_NAME_MAX = 32  # a command's, subcommand's or option's name
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25


class FormErrors:
    """Collects errors at paths like ("embeds", 0, "title") into Discord's nested shape."""

    def __init__(self) -> None:
        self.tree: Json = {}

    def add(self, path: tuple[Any, ...], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def body(self) -> Json | None:
        """The 400 body, or None when nothing is wrong."""
        if not self.tree:
            return None
        return {"message": "Invalid Form Body", "code": 50035, "errors": self.tree}


def _max(limit: int) -> str:
    return f"Must be {limit} or fewer in length."


def _too_long(errors: FormErrors, path: tuple[Any, ...], value: Any, limit: int, *, least: int = 0) -> int:
    text = "" if value is None else str(value)
    if len(text) > limit:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", _max(limit))
    elif len(text) < least:
        errors.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {least} and {limit} in length.")
    return len(text)


def _too_many(errors: FormErrors, path: tuple[Any, ...], items: list[Any], limit: int) -> None:
    if len(items) > limit:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", _max(limit))


def _embed(errors: FormErrors, index: int, embed: Json) -> int:
    path: tuple[Any, ...] = ("embeds", index)
    total = 0
    for key, limit in _EMBED_TEXT_LIMITS.items():
        total += _too_long(errors, (*path, key), embed.get(key), limit)
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        errors.add((*path, "fields"), "BASE_TYPE_MAX_LENGTH", _max(FIELDS_MAX))
    for i, item in enumerate(fields):
        total += _too_long(errors, (*path, "fields", i, "name"), item.get("name"), 256)
        total += _too_long(errors, (*path, "fields", i, "value"), item.get("value"), 1024)
    footer = (embed.get("footer") or {}).get("text")
    author = (embed.get("author") or {}).get("name")
    total += _too_long(errors, (*path, "footer", "text"), footer, 2048)
    total += _too_long(errors, (*path, "author", "name"), author, 256)
    return total


def _component(errors: FormErrors, path: tuple[Any, ...], item: Json) -> None:
    if "custom_id" in item:
        _too_long(errors, (*path, "custom_id"), item["custom_id"], CUSTOM_ID_MAX)
    if "label" in item:
        _too_long(errors, (*path, "label"), item["label"], LABEL_MAX)
    if "placeholder" in item:
        _too_long(errors, (*path, "placeholder"), item["placeholder"], PLACEHOLDER_MAX)
    if item.get("type") == 3:
        options = item.get("options") or []
        _too_many(errors, (*path, "options"), options, SELECT_OPTIONS_MAX)
        for o, option in enumerate(options):
            for key in ("label", "value", "description"):
                least = 0 if key == "description" else 1
                if key in option or least:
                    _too_long(errors, (*path, "options", o, key), option.get(key), OPTION_TEXT_MAX, least=least)


def check_message(payload: Json, *, files: int = 0, editing: bool = False) -> Json | None:
    """Errors in a message body, as Discord's 400 body; None if Discord would accept it."""
    errors = FormErrors()
    content = payload.get("content")
    _too_long(errors, ("content",), content, CONTENT_MAX)
    embeds = payload.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors.add(("embeds",), "BASE_TYPE_MAX_LENGTH", _max(EMBEDS_MAX))
    total = sum(_embed(errors, i, e) for i, e in enumerate(embeds))
    if total > EMBED_TOTAL_MAX:
        errors.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED",
                   "Embed size exceeds maximum size of 6000")
    if files > ATTACHMENTS_MAX:
        errors.add(("attachments",), "BASE_TYPE_MAX_LENGTH", _max(ATTACHMENTS_MAX))
    rows = payload.get("components") or []
    if len(rows) > ROWS_MAX and not int(payload.get("flags") or 0) & (1 << 15):
        errors.add(("components",), "BASE_TYPE_MAX_LENGTH", _max(ROWS_MAX))
    for r, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") == 1 and len(children) > ROW_ITEMS_MAX:
            errors.add(("components", r, "components"), "BASE_TYPE_MAX_LENGTH",
                       _max(ROW_ITEMS_MAX))
        for c, child in enumerate(children):
            _component(errors, ("components", r, "components", c), child)
    body = errors.body()
    if body is not None:
        return body
    has_anything = content or embeds or rows or files or payload.get("attachments")
    if not editing and not has_anything and not payload.get("poll"):
        return {"message": "Cannot send an empty message", "code": 50006}
    return None


def check_modal(data: Json) -> Json | None:
    """Errors in a modal (an interaction callback of type 9), as Discord's 400 body; None if fine."""
    errors = FormErrors()
    _too_long(errors, ("data", "title"), data.get("title"), MODAL_TITLE_MAX, least=1)
    _too_long(errors, ("data", "custom_id"), data.get("custom_id"), CUSTOM_ID_MAX, least=1)
    rows = data.get("components") or []
    if not rows:
        errors.add(("data", "components"), "BASE_TYPE_REQUIRED", "This field is required")
    _too_many(errors, ("data", "components"), rows, MODAL_ROWS_MAX)
    for r, row in enumerate(rows):
        path: tuple[Any, ...] = ("data", "components", r)
        if "component" in row:  # a Label (18) around one input
            _too_long(errors, (*path, "label"), row.get("label"), INPUT_LABEL_MAX, least=1)
            _too_long(errors, (*path, "description"), row.get("description"), LABEL_DESCRIPTION_MAX)
            _modal_input(errors, (*path, "component"), row["component"])
        for c, child in enumerate(row.get("components") or []):
            _modal_input(errors, (*path, "components", c), child)
    return errors.body()


def _modal_input(errors: FormErrors, path: tuple[Any, ...], item: Json) -> None:
    if item.get("type") != 4:
        _component(errors, path, item)
        return
    _too_long(errors, (*path, "custom_id"), item.get("custom_id"), CUSTOM_ID_MAX, least=1)
    if item.get("label") is not None:  # null inside a Label, which holds the label
        _too_long(errors, (*path, "label"), item["label"], INPUT_LABEL_MAX, least=1)
    for key, limit in (("placeholder", INPUT_PLACEHOLDER_MAX), ("value", INPUT_VALUE_MAX)):
        if item.get(key) is not None:
            _too_long(errors, (*path, key), item[key], limit)
    for key, least in (("min_length", 0), ("max_length", 1)):
        number = item.get(key)
        if number is not None and not least <= int(number) <= INPUT_VALUE_MAX:
            errors.add((*path, key), "NUMBER_TYPE_MAX" if int(number) > INPUT_VALUE_MAX else "NUMBER_TYPE_MIN",
                       f"int value should be between {least} and {INPUT_VALUE_MAX}.")


def _choices(errors: FormErrors, path: tuple[Any, ...], choices: list[Json]) -> None:
    _too_many(errors, path, choices, CHOICES_MAX)
    for i, choice in enumerate(choices):
        _too_long(errors, (*path, i, "name"), choice.get("name"), CHOICE_TEXT_MAX, least=1)
        if isinstance(choice.get("value"), str):
            _too_long(errors, (*path, i, "value"), choice["value"], CHOICE_TEXT_MAX)


def check_choices(data: Json) -> Json | None:
    """Errors in an autocomplete answer (an interaction callback of type 8); None if fine."""
    errors = FormErrors()
    _choices(errors, ("data", "choices"), data.get("choices") or [])
    return errors.body()


def _command_option(errors: FormErrors, path: tuple[Any, ...], item: Json, *, chat_input: bool) -> None:
    _too_long(errors, (*path, "name"), item.get("name"), COMMAND_NAME_MAX, least=1)
    if chat_input:
        _too_long(errors, (*path, "description"), item.get("description"), COMMAND_DESCRIPTION_MAX, least=1)
    _choices(errors, (*path, "choices"), item.get("choices") or [])
    options = item.get("options") or []
    _too_many(errors, (*path, "options"), options, COMMAND_OPTIONS_MAX)
    for o, option in enumerate(options):
        _command_option(errors, (*path, "options", o), option, chat_input=True)


def check_commands(payload: list[Json]) -> Json | None:
    """Errors in a bulk overwrite of application commands, as Discord's 400 body; None if fine.
    Only chat input commands (type 1) have a description; menus send an empty one."""
    errors = FormErrors()
    for i, command in enumerate(payload):
        _command_option(errors, (i,), command, chat_input=command.get("type", 1) == 1)
    return errors.body()
