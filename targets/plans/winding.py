"""Ring winding of map outlines for Vega (static maps rendered offline by vl-convert).

Vega (d3-geo) wants exterior rings clockwise and holes counter-clockwise; it draws a GeoJSON-standard
(counter-clockwise) exterior ring as the whole globe minus the region.
"""

from __future__ import annotations

from typing import Any


def ring_area(ring: list) -> float:
    """Twice the signed planar area of a lon/lat ring (positive: counter-clockwise)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]))


def rewound(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with d3's winding (exterior rings clockwise, holes counter-clockwise)."""
    def fix(polygon: list) -> list:
        return [ring if (ring_area(ring) < 0) == (i == 0) else ring[::-1] for i, ring in enumerate(polygon)]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}
    return geometry
