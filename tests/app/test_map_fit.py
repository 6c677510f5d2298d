"""The map's initial view fits the whole province into the box the page draws it in (the western
edge, 白城, was cut in normal mode at 1280×720: the view assumed a 640 px wide map)."""

from __future__ import annotations

import pytest

from targets.plans import regions
from ui import mapview

JILIN = ("220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400", "220581")


@pytest.mark.parametrize("width, height", [(470, 480), (720, 600)])  # normal mode at 1280; the projector stage
def test_the_whole_province_is_inside_the_map(width, height):
    start = mapview.view(JILIN, height, False, width)
    x0, y0 = mapview._pixels(start.longitude, start.latitude, start.zoom)
    for feature in regions.features(JILIN):
        stack = [feature["geometry"]["coordinates"]]
        while stack:
            coords = stack.pop()
            if isinstance(coords[0], (int, float)):
                x, y = mapview._pixels(coords[0], coords[1], start.zoom)
                assert abs(x - x0) <= width / 2 and abs(y - y0) <= height / 2, (feature["properties"], coords)
            else:
                stack.extend(coords)
