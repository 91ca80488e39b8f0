"""The Teams app icons, drawn in pure Python: a white "next step" chevron.

`color.png` (192x192): the chevron on the accent colour. `outline.png` (32x32): the
chevron alone, white on transparent, as Teams requires. `python -m adapters.teams.icons`
rewrites both into adapters/teams/ (beside the manifest).
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

ACCENT = (0x1F, 0x7A, 0x5C)  # the manifest's accentColor, #1F7A5C
Pixel = tuple[int, int, int, int]


def png_bytes(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An RGBA PNG (8 bits per channel, no interlace) of `pixel(x, y)`."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    image = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + image


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def chevron_coverage(size: int, x: int, y: int, thickness: float) -> float:
    """How much of pixel (x, y) the chevron covers, 0..1 (4x4 supersampling for smooth edges)."""
    top, tip, bottom = (0.38, 0.24), (0.64, 0.5), (0.38, 0.76)
    hits = 0
    for sy in range(4):
        for sx in range(4):
            u = (x + (sx + 0.5) / 4) / size
            v = (y + (sy + 0.5) / 4) / size
            near = min(_segment_distance(u, v, top, tip), _segment_distance(u, v, tip, bottom))
            hits += near <= thickness / 2
    return hits / 16


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: a white chevron on the accent colour."""

    def pixel(x: int, y: int) -> Pixel:
        cover = chevron_coverage(size, x, y, 0.13)
        r, g, b = (round(c + (255 - c) * cover) for c in ACCENT)
        return (r, g, b, 255)

    return png_bytes(size, size, pixel)


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: white only, on a transparent background."""

    def pixel(x: int, y: int) -> Pixel:
        return (255, 255, 255, round(255 * chevron_coverage(size, x, y, 0.16)))

    return png_bytes(size, size, pixel)


def write_icons(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "color.png").write_bytes(color_icon())
    (folder / "outline.png").write_bytes(outline_icon())


if __name__ == "__main__":
    write_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
