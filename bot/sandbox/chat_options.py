"""The terminal chat's `/command sub name:value ...` words as the driver's command and options.

    /import csv file:@logs/old.csv      an attachment option takes a file, read from @path
    /log weight:100 note:@gym           any other option takes the text as typed, @ and all
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox.driver import FileUpload, InvocationError


def parse(text: str) -> tuple[str, dict[str, str]]:
    """The command's words and its `name:value` options, as text (quotes group words)."""
    words: list[str] = []
    options: dict[str, str] = {}
    for token in split(text.lstrip("/"), 'note:"felt good"'):
        name, sep, value = token.partition(":")
        if sep:
            options[name] = value
        else:
            words.append(token)
    return " ".join(words), options


def split(text: str, example: str) -> list[str]:
    """Words, quotes grouping them; an unclosed quote is refused with an `example` of quoting."""
    try:
        return shlex.split(text)
    except ValueError:
        raise InvocationError(f"a quote is not closed; quote like this: {example}") from None


def attach_files(command: inv.SlashCommand, options: dict[str, str]) -> dict[str, Any]:
    """`options` with the values of the command's attachment options read from their @path."""
    files = {o["name"] for o in command.leaf if o["type"] == inv.ATTACHMENT}
    return {name: upload(name, value) if name in files else value for name, value in options.items()}


def upload(name: str, value: str) -> FileUpload:
    """The file at `@path`, or a line saying why there is none to attach."""
    if not value.startswith("@") or value == "@":
        raise InvocationError(f"{name}: attach a file with {name}:@path/to/file")
    path = Path(value[1:]).expanduser()
    try:
        return FileUpload(path.name, path.read_bytes())
    except FileNotFoundError:
        raise InvocationError(f"no file at {path}") from None
    except IsADirectoryError:
        raise InvocationError(f"{path} is a directory; attach a file in it") from None
    except OSError as exc:
        raise InvocationError(f"cannot read {path}: {exc.strerror or exc}") from None
