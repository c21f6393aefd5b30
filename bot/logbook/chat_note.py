"""A chat line's note: what is left of the line once `bot.logbook.chat_reading.read_line` has
marked what it read. Pure."""

from __future__ import annotations

from bot.logbook.chat_tokens import Token

_CONNECTORS = ("at", "for", "with", "on", "of", "and", "in")  # words that only join what was read
_NOTE_EDGES = " ,;:.-–—|/·"
_JOINERS = ",;:"  # a separator that belongs to the word before it


def note_of(line: str, tokens: list[Token]) -> str | None:
    """The line without what was read (and without the words that only joined what was read)."""
    for i in range(len(tokens) - 2, -1, -1):
        token = tokens[i]
        if not token.used and (token.kind == "at" or token.is_word(*_CONNECTORS)) and tokens[i + 1].used:
            token.used = True
    pieces, start = [], 0
    for token in tokens:
        if token.used:
            pieces.append(line[start : token.start])
            start = token.end
    pieces.append(line[start:])
    note = " ".join(_rejoined(pieces).split()).lstrip(_NOTE_EDGES).rstrip(_NOTE_EDGES.replace(".", ""))
    return note or None


def _rejoined(pieces: list[str]) -> str:
    """The pieces of a line left between what was read, one space where something was cut out; a
    separator after a cut joins the word before it ("did 100kg 3x10 today, felt strong" → "did,
    felt strong"), and is dropped when one already ends it ("felt good, 100kg 3x10, strong")."""
    note = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if note and piece[0] in _JOINERS and note[-1] in _JOINERS:
            piece = piece[1:].lstrip()  # one separator is enough
            note = f"{note} {piece}" if piece else note
        elif note and piece[0] in _JOINERS:
            note += piece  # "did" + ", felt strong"
        else:
            note = f"{note} {piece}" if note else piece
    return note


