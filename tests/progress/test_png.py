"""The chart PNG encoder: files any decoder reads back to exactly the pixels given."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bot.progress.png import encode_png


def decode(data: bytes) -> tuple[str, np.ndarray]:
    image = Image.open(io.BytesIO(data))
    image.load()  # checks every chunk's CRC and the zlib stream
    return image.mode, np.asarray(image.convert("RGBA"))


def noise(height: int, width: int, seed: int = 1) -> np.ndarray:
    rgba = np.random.default_rng(seed).integers(0, 256, (height, width, 4), dtype=np.uint8)
    rgba[:, :, 3] = 255
    return rgba


def test_an_opaque_image_is_stored_as_rgb_and_decodes_to_the_same_pixels() -> None:
    rgba = noise(37, 53)
    mode, pixels = decode(encode_png(rgba))
    assert mode == "RGB"  # the alpha channel would only make the file bigger
    assert np.array_equal(pixels, rgba)


def test_an_image_with_transparency_keeps_its_alpha() -> None:
    rgba = noise(20, 30)
    rgba[3, 4, 3] = 0
    rgba[10, :, 3] = 128
    mode, pixels = decode(encode_png(rgba))
    assert mode == "RGBA"
    assert np.array_equal(pixels, rgba)


def test_a_non_contiguous_view_is_encoded_as_what_it_shows() -> None:
    rgba = noise(40, 60)[::2, 5:45]
    assert np.array_equal(decode(encode_png(rgba))[1], rgba)


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4), np.float32)])
def test_anything_but_rgba_bytes_is_refused(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="uint8"):
        encode_png(bad)
