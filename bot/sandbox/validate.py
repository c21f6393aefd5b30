"""Discord's limits on a message body, answered with its "Invalid Form Body" (50035) shape.

Real Discord refuses an over-long reply with a 400; the imitation does the same so that
end-to-end tests catch a reply that would fail in production.

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


def _too_long(errors: FormErrors, path: tuple[Any, ...], value: Any, limit: int) -> int:
    text = "" if value is None else str(value)
    if len(text) > limit:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", _max(limit))
    return len(text)


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
    if item.get("type") == 3 and len(item.get("options") or []) > SELECT_OPTIONS_MAX:
        errors.add((*path, "options"), "BASE_TYPE_MAX_LENGTH",
                   _max(SELECT_OPTIONS_MAX))


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
