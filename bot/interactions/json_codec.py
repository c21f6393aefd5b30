"""The JSON discord.py reads and writes: orjson, and the standard library's for what orjson refuses.

Every gateway event and every HTTP body goes through `discord.utils._from_json` and `_to_json`.
With orjson installed discord.py picks it at import (its "speed" extra). For a `/history` page,
measured alone: its 3.7 KB answer encodes in 15 µs instead of 49, the 4.3 KB message Discord
sends back decodes in 14 instead of 37, and the 1.5 KB INTERACTION_CREATE in 3 instead of 12:
about 65 µs of the page's ~1.4 ms (a `/ping` saves ~14 µs). But orjson refuses
some JSON the standard library reads: a lone surrogate escape ("\\ud800"), `NaN`, `Infinity`, a
number beyond a double; and writes no lone surrogate nor an integer beyond 64 bits. discord.py
decodes a whole gateway frame at once, so one such event would end the shard's connection for
every server on it (the sandbox's hostile-input tests sent one), not only fail one command.
`use_orjson` keeps orjson for the common case and hands what it refuses to the standard
library, which then does exactly what discord.py without orjson does. (A deployment that
installs `discord.py[speed]` would get orjson without the fallback; with the bot it has both.)
"""

from __future__ import annotations

import json
from typing import Any

import discord.utils
import orjson


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def use_orjson() -> None:
    """Make discord.py read and write JSON with `loads` and `dumps` (it looks both up on
    `discord.utils` at each call). Idempotent."""
    discord.utils._from_json = loads  # type: ignore[assignment]
    discord.utils._to_json = dumps  # type: ignore[assignment]
