"""Previous / Next page buttons and action rows as Discord's JSON, as discord.ui writes them:
for pages sent often (`buttons.Prebuilt`), built without discord.ui's items (issue 32)."""

from __future__ import annotations

from typing import Any

PAGE_LABELS = {"p": "Previous", "n": "Next"}


def row(*components: dict[str, Any]) -> dict[str, Any]:
    """An action row of components (Discord's JSON)."""
    return {"type": 1, "components": list(components)}


def page_button(custom_id: str, direction: str, *, disabled: bool) -> dict[str, Any]:
    """Previous (`direction` "p") or Next ("n") as Discord's JSON (secondary style)."""
    return {"type": 2, "style": 2, "disabled": disabled, "label": PAGE_LABELS[direction], "custom_id": custom_id}
