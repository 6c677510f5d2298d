"""Region codes, names, aliases, hierarchy, label points and map outlines (offline, data/regions).

The files are built once by tools/build_regions.py from the Tianditu GeoJSON. Every loader is
cached for the life of the process; the files never change at run time. The coarse county outlines
of whole-country maps live in static/regions, which the app serves (Streamlit's static serving, at
SERVED_URL): the browser reads them once per page load instead of with every rerun of the map.
"""

from __future__ import annotations

import copy
import csv
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data" / "regions"
OVERVIEW = "county_overview"  # the coarse county outlines of a whole-country map
SERVED_DIR = ROOT / "static" / "regions"  # served by the app (server.enableStaticServing) beside app.py
SERVED_FILES = frozenset({OVERVIEW, "province"})  # the outline files in SERVED_DIR
# Where the browser reads the served files: relative to the page, so it holds behind a proxy's path
# prefix (server.baseUrlPath) too
SERVED_URLS = "app/static/regions/"  # SERVED_DIR as the browser reaches it
SERVED_URL = f"{SERVED_URLS}{OVERVIEW}.geojson"
BORDERS_URL = f"{SERVED_URLS}province.geojson"  # drawn as the provinces' borders over served counties
POLYGON_LEVELS = frozenset({"province", "prefecture", "county"})
# Tonghua minus Meihekou, and Meihekou as its own reporting unit: drawn from the Jilin file.
JILIN_UNITS = frozenset({"220500", "220581"})
# Territories a national map must always draw, reported or not (Hong Kong, Macau, Taiwan).
NATIONAL_EXTRAS = ("810000", "820000", "710000")
# A map of more regions than this is an overview (a whole country's counties): no labels on it,
# and counties drawn with their coarse outlines
OVERVIEW_ABOVE = 120


@dataclass(frozen=True)
class Region:
    """One administrative unit, or a hand-made reporting unit such as JL-CBS (Changbaishan)."""

    code: str
    name: str
    short: str
    level: str
    parent: str
    lon: float
    lat: float
    label_lon: float
    label_lat: float
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def all_regions() -> tuple[Region, ...]:
    """Every region, in the order of units.csv (country, provinces, prefectures, counties)."""
    with open(DATA_DIR / "units.csv", encoding="utf-8", newline="") as fh:
        return tuple(
            Region(
                code=row["code"],
                name=row["name"],
                short=row["short"],
                level=row["level"],
                parent=row["parent"],
                lon=float(row["lon"]),
                lat=float(row["lat"]),
                label_lon=float(row["label_lon"]),
                label_lat=float(row["label_lat"]),
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
            for row in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in all_regions()}


@lru_cache(maxsize=1)
def _by_parent() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for r in all_regions():
        index.setdefault(r.parent, []).append(r)
    return {parent: tuple(kids) for parent, kids in index.items()}


def _normalise(text: str) -> str:
    """NFKC (full-width to half-width), no whitespace at all, upper case (jl-cbs == JL-CBS)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


@lru_cache(maxsize=1)
def _by_key() -> dict[str, tuple[str, ...]]:
    """Normalised code, name, short name or alias -> codes of every region it names."""
    index: dict[str, list[str]] = {}
    for r in all_regions():
        for key in {_normalise(k) for k in (r.code, r.name, r.short, *r.aliases)}:
            index.setdefault(key, []).append(r.code)
    return {key: tuple(codes) for key, codes in index.items()}


def get(code: str) -> Region | None:
    """The region with exactly this code ("220100", "JL-CBS"), or None."""
    return _by_code().get(code)


def lookup(text: str, within: str | None = None) -> Region | None:
    """The one region named by text (code, name, short name or alias) at or below within; None if
    no region or several regions match."""
    codes = _by_key().get(_normalise(text), ())
    if within is not None:
        codes = tuple(c for c in codes if is_within(c, within))
    return get(codes[0]) if len(codes) == 1 else None


def children(code: str) -> tuple[Region, ...]:
    """The regions whose parent is code, in the order of units.csv."""
    return _by_parent().get(code, ())


@cache
def label(code: str) -> str:
    """How a region is named on screens: its short name, or for a province its full name where the
    short name would read as one of its own cities (吉林 the province beside 吉林市 the city: 吉林省;
    a city beside its namesake county keeps its short name: 通化 and 通化县). The code itself when unknown."""
    region = get(code)
    if region is None:
        return code
    short = region.short or region.name
    if region.level == "province" and short != region.name and any(c.name.startswith(short) for c in children(code)):
        return region.name
    return short


def is_within(code: str, ancestor: str) -> bool:
    """True if code is ancestor or lies below it (JL-CBS in 220000, 220581 in 220500 and 220000)."""
    regions = _by_code()
    current = regions.get(code)
    while current is not None:
        if current.code == ancestor:
            return True
        current = regions.get(current.parent)
    return False


@cache
def _read(name: str) -> dict[str, Any]:
    with open((SERVED_DIR if name in SERVED_FILES else DATA_DIR) / f"{name}.geojson", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def _polygons(name: str) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f for f in _read(name)["features"]}


def _polygon_file(region: Region, overview: bool = False) -> str | None:
    """Which geojson file holds the region's outline, or None if it has none (`overview`: the
    coarse county outlines of a whole-country map, see tools/build_regions.py)."""
    if region.code in JILIN_UNITS:
        return "jilin_units"
    if region.level not in POLYGON_LEVELS:
        return None
    if region.level == "county" and region.code[2:4] == "90":
        # GB/T 2260 xx90xx: county-level units run by the province (Xiantao 429004), drawn beside
        # the prefectures and stored with them
        return "prefecture"
    return OVERVIEW if overview and region.level == "county" else region.level


def features(codes: Iterable[str], overview: bool | None = None) -> list[dict[str, Any]]:
    """GeoJSON features (properties: code, name) of those codes that have outlines, in order.

    More than OVERVIEW_ABOVE codes (or `overview`): counties come with the coarse outlines made for
    maps of thousands at once (about a fifth of the points; the detailed ones would only slow every
    rerun).

    Each feature and its properties dict are fresh copies (add fill colours freely); the geometry
    is shared with the cache and must not be modified.
    """
    result = []
    unique = dict.fromkeys(codes)
    if overview is None:
        overview = len(unique) > OVERVIEW_ABOVE
    for code in unique:
        region = get(code)
        file_name = _polygon_file(region, overview) if region is not None else None
        feature = _polygons(file_name).get(code) if file_name is not None else None
        if feature is not None:
            result.append(
                {
                    "type": "Feature",
                    "properties": dict(feature["properties"]),
                    "geometry": feature["geometry"],
                }
            )
    return result


def served(codes: Iterable[str]) -> tuple[str, ...]:
    """Those codes, in order, whose outline `features(codes)` takes from the served overview file
    (SERVED_URL): a map's counties when it has more than OVERVIEW_ABOVE regions, else none. The
    browser reads their geometry from that file; the file also holds counties outside the codes."""
    return _served(tuple(dict.fromkeys(codes)))


@lru_cache(maxsize=16)
def _served(codes: tuple[str, ...]) -> tuple[str, ...]:
    if len(codes) <= OVERVIEW_ABOVE:
        return ()
    outlines = _polygons(OVERVIEW)
    return tuple(c for c in codes
                 if c in outlines and (r := get(c)) is not None and _polygon_file(r, overview=True) == OVERVIEW)


def geometry_json(codes: Iterable[str]) -> dict[str, str]:
    """The outline geometry of each code `features(codes)` returns, as compact JSON text with sorted
    keys, serialised once per process (a country's counties would take a fifth of a second on every
    map rerun)."""
    return _geometry_json(tuple(dict.fromkeys(codes)))


@lru_cache(maxsize=16)
def _geometry_json(codes: tuple[str, ...]) -> dict[str, str]:
    return {f["properties"]["code"]: json.dumps(f["geometry"], sort_keys=True, separators=(",", ":"))
            for f in features(codes)}


def boundary_lines() -> dict[str, Any]:
    """A copy of the boundary-line FeatureCollection (ten-dash line etc.) for national maps."""
    return copy.deepcopy(_read("lines"))


def extra_national_features() -> list[dict[str, Any]]:
    """The province outlines of Hong Kong, Macau and Taiwan, which every national map draws."""
    return features(NATIONAL_EXTRAS)
