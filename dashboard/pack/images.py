"""Chart pictures for the files: the app's own Vega-Lite specifications, drawn by vl-convert.

vl-convert runs the Vega renderer in-process (no browser, no network: the data is inline), so a
pack is drawn the same on a laptop and on a locked-down server.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.pack.content import Figure

SCALE = 2  # pixels per CSS pixel: sharp on a projector and in print


@lru_cache(maxsize=64)
def render(spec_json: str) -> bytes:
    """A Vega-Lite specification drawn as a PNG (cached: sizing measures a picture by drawing
    it, and the formats then share that drawing)."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec_json, scale=SCALE)


def png(figure: Figure) -> bytes:
    """The chart as a PNG."""
    return render(figure.spec_json)


def size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def fit(data: bytes, box_width: float, box_height: float) -> tuple[float, float]:
    """The largest width and height inside the box that keep the picture's proportions."""
    width, height = size(data)
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale
