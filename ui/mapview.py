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


def _box(item: dict, zoom: float, size: int) -> tuple[float, float, float, float]:
    """A label's box in pixels at `zoom`, without its offsets: (centre x, centre y, width, height)."""
    x, y = _pixels(item["lon"], item["lat"], zoom)
    lines = item["text"].split("\n")
    width = max(len(line) for line in lines) * size * 0.9
    return x + (width / 2 if item.get("anchor") == "start" else 0), y, width, len(lines) * size * 1.2


def _covered(xi: float, yi: float, wi: float, hi: float, xj: float, yj: float, wj: float,
             hj: float) -> tuple[float, float]:
    """How far two boxes (centre x, centre y, width, height) run into each other across and down
    (either ≤ 0: they do not overlap)."""
    return (wi + wj) / 2 - abs(xi - xj), (hi + hj) / 2 - abs(yi - yj)


def overlap(labels: list[dict], zoom: float, size: int) -> float:
    """How many square pixels the labels' boxes (their offsets applied) cover twice, pair by pair."""
    boxes = [(x + item["offset"][0], y + item["offset"][1], w, h)
             for item, (x, y, w, h) in zip(labels, (_box(item, zoom, size) for item in labels))]
    total = 0.0
    for i, (xi, yi, wi, hi) in enumerate(boxes):
        for xj, yj, wj, hj in boxes[i + 1:]:
            across, down = _covered(xi, yi, wi, hi, xj, yj, wj, hj)
            total += max(0.0, across) * max(0.0, down)
    return total


def declutter(labels: list[dict], zoom: float, size: int, passes: int = 6) -> None:
    """Push overlapping labels apart (their pixel offsets), at the initial zoom: each pair along the
    axis where they overlap least, both by half of it. A label moves at most one label height up or
    down and half its width sideways: better a slight overlap than a label over the wrong region."""
    boxes = [_box(item, zoom, size) for item in labels]
    dx = [float(item["offset"][0]) for item in labels]
    dy = [float(item["offset"][1]) for item in labels]
    home = list(dx)  # a label beside a dot keeps its gap from the dot as its place
    for _ in range(passes):
        for i, (xi, yi, wi, hi) in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                xj, yj, wj, hj = boxes[j]
                left_i, left_j, top_i, top_j = xi + dx[i], xj + dx[j], yi + dy[i], yj + dy[j]
                across, down = _covered(left_i, top_i, wi, hi, left_j, top_j, wj, hj)
                if across <= 0 or down <= 0:
                    continue
                if down <= across:  # apart vertically
                    upper, lower = (i, j) if top_i <= top_j else (j, i)
                    dy[upper] -= down / 2 + 1
                    dy[lower] += down / 2 + 1
                else:  # apart sideways
                    west, east = (i, j) if left_i <= left_j else (j, i)
                    dx[west] -= across / 2 + 1
                    dx[east] += across / 2 + 1
        dy = [max(-h, min(h, v)) for v, (_, _, _, h) in zip(dy, boxes)]
        dx = [max(h0 - w / 2, min(h0 + w / 2, v)) for v, h0, (_, _, w, _) in zip(dx, home, boxes)]
    for item, x, y in zip(labels, dx, dy):
        item["offset"] = [x, y]


def view(codes: tuple[str, ...], height: int, lines: bool = False, width: int = VIEW_WIDTH) -> pdk.ViewState:
    """A view that fits the regions into a `width` × `height` px map (Web Mercator, 512-px world at zoom 0)."""
    west, south, east, north = _bounds(codes, lines)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    zoom_x = math.log2(width * 360 / (512 * max(east - west, 0.01)))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(merc(north) - merc(south), 0.001)))
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2,
                         zoom=min(zoom_x, zoom_y) - 0.15, pitch=0, bearing=0)
