"""A PNG encoder for chart pixels: unfiltered rows, zlib level 1, RGB when the image is opaque.

Pillow's PNG encoder tries every PNG row filter on every row and keeps the best, which cost a
chart ~20 ms even at zlib level 1 (~25 ms for RGBA). A chart is mostly flat colour, which
deflate compresses well without a filter: unfiltered RGB rows at level 1 take ~6 ms and the
file is smaller too (~90 KB against ~100 KB). The image decodes to the same pixels.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
import numpy.typing as npt
from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_RGB, COLOUR_RGBA = 2, 6  # PNG colour types, 8 bits a sample
FILTER_NONE = 0


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba: npt.NDArray[np.uint8], *, level: int = 1) -> bytes:
    """A (height, width, 4) uint8 image as PNG bytes; the alpha channel is dropped when all opaque."""
    height, width, channels = rgba.shape
    if channels != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"expected a (height, width, 4) uint8 image, got {rgba.shape} {rgba.dtype}")
    rgba = np.ascontiguousarray(rgba)
    opaque = bool(rgba[:, :, 3].min() == 255)
    pixels = rgba
    if opaque:  # Pillow drops a channel ~3× faster than numpy's strided copy
        pixels = np.asarray(Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB"))
    row_bytes = width * pixels.shape[2]
    # Each PNG row starts with its filter type byte.
    rows = np.empty((height, 1 + row_bytes), dtype=np.uint8)
    rows[:, 0] = FILTER_NONE
    rows[:, 1:] = pixels.reshape(height, row_bytes)
    header = struct.pack(">IIBBBBB", width, height, 8, COLOUR_RGB if opaque else COLOUR_RGBA, 0, 0, 0)
    return (SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.data, level))
            + _chunk(b"IEND", b""))
