"""Filling in a modal the way Discord's client submits it."""

from __future__ import annotations

from typing import Any

from bot.sandbox.invocations import InvocationError

Json = dict[str, Any]
ACTION_ROW, STRING_SELECT, TEXT_INPUT, LABEL = 1, 3, 4, 18
SHORT = 1  # a text input's style: one line, where the client lets no line break be typed (2: paragraph)


def _answer(item: Json, label: str | None, values: dict[str, Any], used: set[str]) -> Json:
    """The submitted form of one input, checked against its limits."""
    custom_id = item.get("custom_id", "")
    key = custom_id if custom_id in values else (label if label in values else None)
    if item.get("type") == TEXT_INPUT:
        text = str(values[key]) if key is not None else str(item.get("value") or "")
        if key is not None:
            used.add(key)
        if item.get("required", True) and not text:
            raise InvocationError(f"modal field {label or custom_id!r} is required")
        if item.get("style") == SHORT and ("\n" in text or "\r" in text):
            raise InvocationError(f"modal field {label or custom_id!r} is a short text input: one line")
        low, high = item.get("min_length", 0), item.get("max_length", 4000)
        if text and not low <= len(text) <= high:
            raise InvocationError(f"modal field {label or custom_id!r}: length {low}-{high}")
        return {"type": TEXT_INPUT, "custom_id": custom_id, "value": text}
    if item.get("type") == STRING_SELECT:
        chosen = values.get(key, []) if key is not None else []
        if key is not None:
            used.add(key)
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        return {"type": STRING_SELECT, "custom_id": custom_id, "values": chosen}
    raise InvocationError(f"the sandbox cannot fill a component of type {item.get('type')}")


def modal_fields(modal: Json) -> list[tuple[str, Json]]:
    """The modal's inputs in the order it shows them, each with its label (its custom_id where
    it has none)."""
    return [(top.get("label") or item.get("label") or item.get("custom_id") or "", item)
            for top in modal.get("components") or []
            for item in top.get("components") or [top.get("component") or {}]]


def field_names(modal: Json, typed: dict[str, Any]) -> dict[str, Any]:
    """`typed` with each name as `modal_components` takes it: a field's number as the form shows
    it (`2`), or the start of its label in any case (`sets` for "Sets × reps"), as that label."""
    fields = modal_fields(modal)
    named: dict[str, Any] = {}
    for name, value in typed.items():
        starting = [label for label, item in fields if label.lower().startswith(name.lower())]
        if any(name in (label, item.get("custom_id")) for label, item in fields):
            named[name] = value
        elif name.isdigit() and 0 < int(name) <= len(fields):
            named[fields[int(name) - 1][0]] = value
        elif len(starting) == 1:
            named[starting[0]] = value
        else:
            listed = ", ".join(f"{n}) {label}" for n, (label, _) in enumerate(fields, start=1))
            why = "more than one field" if starting else "no field"
            raise InvocationError(f"{why} of the form is called {name!r}; its fields: {listed} "
                                  f'(submit 1:"text" names one by its number)')
    return named


def modal_components(modal: Json, values: dict[str, Any]) -> list[Json]:
    """The `components` of a modal submit, mirroring the modal's layout (rows or labels)."""
    used: set[str] = set()
    out: list[Json] = []
    for top in modal.get("components") or []:
        if top.get("type") == ACTION_ROW:
            out.append({"type": ACTION_ROW, "components": [
                _answer(c, c.get("label"), values, used) for c in top.get("components") or []]})
        elif top.get("type") == LABEL:
            entry = {"type": LABEL, "component": _answer(top["component"], top.get("label"),
                                                         values, used)}
            if "id" in top:
                entry["id"] = top["id"]
            out.append(entry)
    unknown = set(values) - used
    if unknown:
        raise InvocationError(f"the modal has no field(s) {sorted(unknown)}")
    return out
