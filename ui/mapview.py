"""Where the map looks and where its labels go: the initial view that fits the regions, and labels
pushed apart so that neighbours (辽源 and 梅河口) do not print over each other."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import pydeck as pdk

from targets.plans import regions

VIEW_WIDTH = 640  # the map's assumed width on screen, for the initial zoom (pages pass the narrowest)


@lru_cache(maxsize=16)
def _bounds(codes: tuple[str, ...], lines: bool) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the regions' outlines and points (and the boundary lines)."""
    xs, ys = [], []

    def walk(coords: Iterable) -> None:
        for c in coords:
            if isinstance(c[0], (int, float)):
                xs.append(c[0])
                ys.append(c[1])
            else:
                walk(c)

    for f in regions.features(codes) + (regions.boundary_lines()["features"] if lines else []):
        walk(f["geometry"]["coordinates"])
    for code in codes:
        r = regions.get(code)
        if r is not None:
            xs.append(r.label_lon)
            ys.append(r.label_lat)
    return min(xs), min(ys), max(xs), max(ys)


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at `zoom` (512-px world at zoom 0; y grows downwards)."""
    world = 512 * 2 ** zoom
    merc = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * world, (1 - merc / math.pi) / 2 * world


def declutter(labels: list[dict], zoom: float, size: int, passes: int = 4) -> None:
    """Push overlapping labels apart vertically (their pixel offsets), at the initial zoom."""
    boxes = []  # (x, y without the vertical offset, width, height) in pixels
    for item in labels:
        x, y = _pixels(item["lon"], item["lat"], zoom)
        lines = item["text"].split("\n")
        width = max(len(line) for line in lines) * size * 0.9
        centre = x + item["offset"][0] + (width / 2 if item.get("anchor") == "start" else 0)
        boxes.append((centre, y, width, len(lines) * size * 1.2))
    shift = [float(item["offset"][1]) for item in labels]
    for _ in range(passes):
        for i, (xi, yi, wi, hi) in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                xj, yj, wj, hj = boxes[j]
                top_i, top_j = yi + shift[i], yj + shift[j]
                overlap = (hi + hj) / 2 - abs(top_i - top_j)
                if abs(xi - xj) < (wi + wj) / 2 and overlap > 0:
                    upper, lower = (i, j) if top_i <= top_j else (j, i)
                    shift[upper] -= overlap / 2 + 1
                    shift[lower] += overlap / 2 + 1
        # never further than one label height from its place: better a slight overlap than a wrong region
        shift = [max(-h, min(h, dy)) for dy, (_, _, _, h) in zip(shift, boxes)]
    for item, dy in zip(labels, shift):
        item["offset"] = [item["offset"][0], dy]


def view(codes: tuple[str, ...], height: int, lines: bool = False, width: int = VIEW_WIDTH) -> pdk.ViewState:
    """A view that fits the regions into a `width` × `height` px map (Web Mercator, 512-px world at zoom 0)."""
    west, south, east, north = _bounds(codes, lines)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    zoom_x = math.log2(width * 360 / (512 * max(east - west, 0.01)))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(merc(north) - merc(south), 0.001)))
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2,
                         zoom=min(zoom_x, zoom_y) - 0.15, pitch=0, bearing=0)
