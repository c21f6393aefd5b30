"""LOG_FORMAT=json: one JSON object a line, for a log collector.

Each line has `time` (UTC, ISO 8601), `level`, `logger` and `message`; `command` and `guild`
while a command runs (see `log_context`), `error_id` for an unexpected error (the id its user
was shown), and `error` with the traceback. The bot's token is replaced wherever it would
appear. What a user wrote in a message is never logged by the bot, in either format.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bot.operations import log_context

REDACTED = "[redacted]"
# Fields a log call may pass in `extra=` (they win over the running command's context).
CONTEXT_FIELDS = ("command", "guild", "error_id")


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON; never writes any of `secrets`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # As they appear inside a JSON string; longest first, so one containing another goes whole.
        escaped = {json.dumps(s, ensure_ascii=False)[1:-1] for s in secrets if s}
        self._secrets = sorted(escaped, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        context = log_context.current()
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        known = {"command": context.command, "guild": context.guild, "error_id": None}
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            value = known[name] if value is None else value
            if value is not None:
                entry[name] = str(value) if name == "guild" else value  # a snowflake exceeds JSON's safe integers
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line
