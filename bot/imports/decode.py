"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one told by its NUL
bytes), else Windows-1252, said out loud.

Anything that is not text (a workbook, a PDF, an image renamed .csv) is refused here, before
any CSV parsing, with an answer that says what to do instead.
"""

from __future__ import annotations

import codecs
import math
import unicodedata

from bot.imports.model import MAX_BYTES, ImportFileError

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zipped workbook (.xlsx, .ods or .numbers)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
SAVE_AS_CSV = "Export or save it as CSV (UTF-8) and attach that."
# Share of control characters above which decoded "text" is really binary.
_CONTROL_SHARE = 0.01
# UTF-16 without a byte order mark: read from its first bytes, in which at least this share of the
# characters are ASCII (a CSV's header is), a NUL byte beside each.
_UTF16_SAMPLE = 4096
_UTF16_ASCII_SHARE = 0.5
FALLBACK_NOTE = (
    "The file is not UTF-8, so it was read as Windows-1252 (Western European): "
    "check that accented letters in notes look right."
)


def check_size(size: int) -> None:
    """Refuse an empty or oversized file (call with `Attachment.size` before downloading)."""
    if size <= 0:
        raise ImportFileError("The file is empty.")
    if size > MAX_BYTES:
        # Rounded up: a file just over the limit is "5.1 MB", not "5.0 MB; at most 5 MB".
        shown = math.ceil(size / 1024 / 1024 * 10) / 10
        raise ImportFileError(
            f"The file is {shown:.1f} MB; at most {MAX_BYTES // 1024 // 1024} MB can be imported. "
            "Export a shorter date range, or split the file."
        )


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The file's text and notes for the preview (an encoding fallback), or ImportFileError."""
    check_size(len(data))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(f"This file is {what}, not CSV. {SAVE_AS_CSV}")
    notes: tuple[str, ...] = ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", "UTF-16")
    elif data.startswith(codecs.BOM_UTF8):
        text = _strict(data, "utf-8-sig", "UTF-8")
    elif codec := _utf16_without_bom(data):
        text = _strict(data, codec, "UTF-16")
    elif b"\x00" in data:
        raise ImportFileError(f"This file is binary, not CSV text. {SAVE_AS_CSV}")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict(data, "cp1252", "UTF-8 or Windows-1252")
            notes = (FALLBACK_NOTE,)
    _refuse_binary(text)
    return text, notes


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text saved without a byte order mark, by where its NUL bytes fall: an
    ASCII character is its byte and a NUL, the NUL second in little-endian, first in big-endian;
    None when the bytes do not look so. A few NULs fall on the other side (U+3000, the ideographic
    space, is 00 30 in little-endian), but NULs on both sides alike are no CSV's UTF-16 text."""
    sample = data[:_UTF16_SAMPLE]
    first, second = sample[0::2].count(0), sample[1::2].count(0)
    ascii_at_least = max(1, int(len(sample) // 2 * _UTF16_ASCII_SHARE))
    if second >= ascii_at_least and first <= second // 20:
        return "utf-16-le"
    if first >= ascii_at_least and second <= first // 20:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not valid {label} text (a bad byte at position {error.start}). {SAVE_AS_CSV}"
        ) from None


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch not in "\t\r\n" and unicodedata.category(ch) in ("Cc", "Cs"))
    if "\x00" in sample or controls > max(2, len(sample) * _CONTROL_SHARE):
        raise ImportFileError(f"This file is binary, not CSV text. {SAVE_AS_CSV}")
