"""What a submitted form (a modal) carries: its text fields by custom_id.

A form the bot answers by its custom_id (an `on_interaction` listener), not by a `discord.ui.Modal`
kept in memory, is answered however late it is sent and after a restart: discord.py forgets a kept
form when it times out and when the process ends, and its submit then goes unanswered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The submit's text fields by custom_id (a field left empty reads as "")."""
    return {str(c.get("custom_id")): str(c.get("value") or "") for c in _inputs(data.get("components") or [])}


def _inputs(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The text inputs of a submitted form, whether Discord wrapped them in labels or rows."""
    for top in components:
        if "component" in top:
            yield top["component"]
        yield from top.get("components") or []
