"""Plain-text rendering of replies for the terminal chat: embeds as text, numbered buttons."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.sandbox.modals import modal_fields
from bot.sandbox.snapshots import Reply, ReplyFile

Json = dict[str, Any]
BAR = "  | "


# Discord draws `<t:seconds:style>` as a date and time in the reader's own time zone; the chat in UTC.
_TIMESTAMP = re.compile(r"<t:(-?\d{1,12})(?::[tTdDfFR])?>")


def _moment(found: re.Match[str]) -> str:
    try:
        return datetime.fromtimestamp(int(found[1]), UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, OverflowError, OSError):  # past what a date holds: left as it is
        return found[0]


def _wrap(text: str, prefix: str, width: int = 96, *, hang: str | None = None) -> list[str]:
    """`text` wrapped at `width`, each line after `prefix` (the lines a line wraps into after
    `hang`, when given)."""
    lines: list[str] = []
    text = _TIMESTAMP.sub(_moment, text) if "<t:" in text else text
    for raw in text.splitlines() or [""]:
        lines += textwrap.wrap(raw, width, initial_indent=prefix, subsequent_indent=hang or prefix,
                               replace_whitespace=False) or [prefix.rstrip()]
    return lines


def render_embed(embed: Json) -> list[str]:
    """An embed as indented text: title, description, fields, footer."""
    lines: list[str] = []
    if embed.get("author", {}).get("name"):
        lines += _wrap(embed["author"]["name"], BAR)
    if embed.get("title"):
        lines += _wrap(f"** {embed['title']} **", BAR)
    if embed.get("description"):
        lines += _wrap(embed["description"], BAR)
    for item in embed.get("fields") or []:
        lines += _wrap(f"[{item.get('name', '')}]", BAR)
        lines += _wrap(item.get("value", ""), BAR + "  ")
    if embed.get("footer", {}).get("text"):
        lines += _wrap(f"-- {embed['footer']['text']}", BAR)
    if embed.get("image", {}).get("url"):
        lines += _wrap(f"(image: {embed['image']['url']})", BAR)
    return lines


def _button(number: int, button: Json) -> str:
    label = button.get("label") or (button.get("emoji") or {}).get("name", "?")
    text = f"[{number}] {label}"
    if button.get("disabled"):
        text += " (disabled)"
    if button.get("url"):
        text += f" -> {button['url']}"
    return text


def _row_of(labels: list[str], width: int = 96) -> list[str]:
    """A row's buttons on one line, or on as many as it takes, never splitting a button."""
    head = "  buttons: "
    lines = [head + labels[0]]
    for label in labels[1:]:
        if len(lines[-1]) + 3 + len(label) > width:
            lines.append(" " * len(head) + label)
        else:
            lines[-1] += "   " + label
    return lines


def render_components(reply: Reply) -> list[str]:
    """Buttons numbered in reading order, a row a line (for `click N`); each menu's options a
    line each, numbered on across the menus (for `select N`)."""
    lines: list[str] = []
    number = 0
    rows = [c for c in reply.components if c.get("type") == 1]
    in_rows = sum(1 for r in rows for c in r.get("components") or [] if c.get("type") == 2)
    if in_rows != len(reply.buttons()):  # buttons inside containers: one line, reading order
        rows = [{"components": reply.buttons()}]
    for row in rows:
        buttons = [c for c in row.get("components") or [] if c.get("type") == 2]
        labels = []
        for button in buttons:
            number += 1
            labels.append(_button(number, button))
        if labels:
            lines += _row_of(labels)
    first = 1
    for menu in reply.selects():
        title = menu.get("placeholder") or "choose"
        lines.append(f"  menu: {title}" + (" (disabled)" if menu.get("disabled") else ""))
        options = menu.get("options") or []
        for choice, option in enumerate(options, start=first):
            text = f"{choice}) {option.get('label')}"
            if option.get("description"):
                text += f" · {option['description']}"
            lines += _wrap(text, "    ", hang=" " * (4 + len(f"{choice}) ")))
        first += len(options)
    return lines


def menu_options(reply: Reply) -> list[tuple[int, Json]]:
    """Every option of a reply's menus as `render_components` numbers them, one count across its
    menus (a /history page of 40 entries has two menus, 1–25 and 26–40): (menu index, option)."""
    return [(index, option) for index, menu in enumerate(reply.selects(), start=1)
            for option in menu.get("options") or []]


def render_modal(modal: Json) -> list[str]:
    """A modal's fields, and how to submit it."""
    lines = [f"  form: {modal.get('title', '')}"]
    for number, (label, item) in enumerate(modal_fields(modal), start=1):
        need = "required" if item.get("required", True) else "optional"
        said = f"({need})" in label.casefold()  # "Note (optional)": not said twice
        filled = f': "{item["value"]}"' if item.get("value") else ""
        lines.append(f"    [{number}] {label}{'' if said else f' ({need})'}{filled}")
    lines += ['  answer with: submit 2:"your text" ..., a field by its number or the start of its label',
              "  (a field left out keeps what it shows)"]
    return lines


def save_files(files: list[ReplyFile], folder: Path, prefix: str) -> list[Path]:
    """Write attachments to the folder; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in files:
        path = folder / f"{prefix}-{Path(item.filename).name}"
        path.write_bytes(item.data)
        paths.append(path)
    return paths


def render_reply(reply: Reply, *, author: str, files_folder: Path | None = None,
                 edited: bool = False) -> str:
    """A reply as the chat prints it."""
    marks = []
    if reply.ephemeral:
        marks.append("only you can see this")
    if edited:
        marks.append("edited")
    if reply.loading:
        marks.append("thinking...")
    head = f"{author}" + (f" ({', '.join(marks)})" if marks else "") + ":"
    lines = [head]
    if reply.content:
        lines += _wrap(reply.content, "  ")
    for embed in reply.embeds:
        lines += render_embed(embed)
    lines += render_components(reply)
    if reply.attachments:
        if files_folder is None:
            lines += [f"  file: {a.filename} ({len(a.data)} bytes)" for a in reply.attachments]
        else:
            try:
                paths = save_files(reply.attachments, files_folder, str(reply.message_id))
            except OSError as exc:  # the reply is still shown; --files names a place it cannot write
                lines += [f"  file: {a.filename} ({len(a.data)} bytes), not saved: cannot write in {files_folder}"
                          f" ({exc.strerror or exc}); start the sandbox with --files naming a folder you can write"
                          for a in reply.attachments]  # fmt: skip
            else:
                lines += [f"  file saved: {p} ({p.stat().st_size} bytes)" for p in paths]
    if reply.modal is not None:
        lines += render_modal(reply.modal)
    if reply.choices is not None:
        lines += [f"  choice: {c.get('name')} = {c.get('value')}" for c in reply.choices]
    return "\n".join(lines)
