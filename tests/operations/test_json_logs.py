"""LOG_FORMAT=json: one object a line, with the command and server of the line, never the token."""

from __future__ import annotations

import io
import json
import logging

from bot.operations import log_context
from bot.operations.json_logs import JsonFormatter

TOKEN = "MTIz.secret-token.value"


def logged(emit: object = None, **extra: object) -> list[dict[str, object]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter([TOKEN]))
    logger = logging.getLogger("tests.json_logs")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        assert callable(emit)
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_is_one_object_with_time_level_logger_and_message() -> None:
    [line] = logged(lambda log: log.warning("gateway %s closed", 4000))
    assert set(line) == {"time", "level", "logger", "message"}
    assert line["level"] == "WARNING"
    assert line["logger"] == "tests.json_logs"
    assert line["message"] == "gateway 4000 closed"
    assert str(line["time"]).endswith("+00:00")


def test_the_running_command_and_its_server_are_on_every_line() -> None:
    def emit(log: logging.Logger) -> None:
        with log_context.within("log", 1234567890123456789):
            log.info("stored")
        log.info("idle")

    inside, outside = logged(emit)
    assert (inside["command"], inside["guild"]) == ("log", "1234567890123456789")  # a string: beyond JSON's integers
    assert "command" not in outside
    assert "guild" not in outside


def test_an_unexpected_error_has_its_id_and_traceback() -> None:
    def emit(log: logging.Logger) -> None:
        try:
            raise KeyError("boom")
        except KeyError:
            log.exception("unexpected error %s in /log", "ab12cd34", extra={"error_id": "ab12cd34"})

    [line] = logged(emit)
    assert line["error_id"] == "ab12cd34"
    assert str(line["error"]).startswith("Traceback (most recent call last):")
    assert "KeyError: 'boom'" in str(line["error"])


def test_the_token_never_appears() -> None:
    def emit(log: logging.Logger) -> None:
        log.info("connecting with %s", TOKEN)
        try:
            raise RuntimeError(f"refused {TOKEN}")
        except RuntimeError:
            log.exception("login failed", extra={"command": TOKEN})

    lines = logged(emit)
    assert TOKEN not in json.dumps(lines)
    assert lines[0]["message"] == "connecting with [redacted]"
    assert "RuntimeError: refused [redacted]" in str(lines[1]["error"])
