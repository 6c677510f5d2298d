"""The pydeck map: regions coloured by completion or status, labelled with name and value, offline.

No basemap (map_provider=None, never map_style): only local outlines from data/regions. Units
without an outline (JL-CBS, 长白山) are drawn as a dot. National maps always draw Hong Kong,
Macau and Taiwan (grey when they do not report) and the boundary lines, incl. the ten-dash line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from targets.plans import regions
from targets.plans.definitions import Plan
from ui import charts
from ui.mapview import declutter, view
from ui.strings import d
from ui.widgets import STATUS_COLORS

# Wrapped in backticks: pydeck turns a string prop that is not fully quoted into a JS expression.
CJK_FONT = '`"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif`'
BINS = (0.2, 0.4, 0.6, 0.8, 1.0)  # completion class upper bounds; the last class is ≥ 100%
BIN_COLORS = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues
GREY, LINE = "#dddddd", "#ffffff"


LABEL_MAX = regions.OVERVIEW_ABOVE  # regions labelled at most (a national county map has ~2,850)
TOOLTIP = {"html": "<b>{name}</b><br/>{tip}", "style": {"fontSize": "15px", "maxWidth": "28em"}}


class Deck(pdk.Deck):
    """pdk.Deck sent compact: pydeck indents its JSON, which takes Python's slow encoder (seconds for
    a country's counties on every rerun) and sends the whitespace to the browser. The outlines'
    geometry comes already serialised (Outlines): one encoder pass writes the rest."""

    def to_json(self) -> str:
        geometry: dict[str, str] = {}

        def serialize(o: object) -> object:
            if isinstance(o, Outlines):
                geometry.update(o.geometry)
                return o.placeheld()
            return default_serialize(o)

        text = json.dumps(self, sort_keys=True, default=serialize, separators=(",", ":"))
        return _PLACE.sub(lambda m: geometry[m.group(1)], text) if geometry else text


_PLACE = re.compile(r'"@@geometry:([^"@]+)@@"')


class Outlines:
    """A GeoJSON FeatureCollection for a GeoJsonLayer whose geometries are serialised once per
    process (targets.plans.regions.geometry_json): a rerun serialises only the properties.
    `features` are the full features (for the static chart)."""

    def __init__(self, features: list[dict], geometry: Mapping[str, str]) -> None:
        self.features = features
        self.geometry = geometry

    def placeheld(self) -> dict:
        """The collection with a placeholder for each geometry (Deck.to_json puts the text in)."""
        return {"type": "FeatureCollection", "features": [
            {**f, "geometry": f"@@geometry:{f['properties']['code']}@@"} for f in self.features]}


def rgb(color: str, alpha: int = 230) -> list[int]:
    """'#rrggbb' → [r, g, b, a] for deck.gl."""
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)] + [alpha]


def completion_class(value: float | None) -> int | None:
    """Index of the completion class (0: < 20% … 5: ≥ 100%), None when unknown."""
    if value is None or pd.isna(value):
        return None
    return next((i for i, upper in enumerate(BINS) if value < upper), len(BINS))


def completion_legend() -> list[tuple[str, str]]:
    """(colour, label) of each completion class, then 'no data'."""
    bounds = (0.0,) + BINS
    items = [(BIN_COLORS[i], d("bin_label", low=f"{bounds[i]:.0%}", high=f"{bounds[i + 1]:.0%}"))
             for i in range(len(BINS))]
    return items + [(BIN_COLORS[-1], d("bin_top", low=f"{BINS[-1]:.0%}")), (GREY, d("map_no_data"))]


def fill(row: dict, by_status: bool) -> str:
    """The fill colour of one region."""
    if not row["reported"]:
        return GREY
    if by_status:
        return STATUS_COLORS[row["status"]]
    index = completion_class(row["completion"])
    return GREY if index is None else BIN_COLORS[index]


def label(row: dict, by_status: bool, status_short: dict[str, str], compact: bool = False) -> str:
    """Name and value; coloured by status, the short status, how many amount targets are done or on
    track (several targets) and, on a third line, the overdue duties (targets.method.aggregate).
    `compact` (the projector's larger text on a smaller map) keeps it to two lines."""
    if not row["reported"]:
        return row["name"]
    value = "—" if row["completion"] is None or pd.isna(row["completion"]) else f"{row['completion']:.0%}"
    if not by_status:
        return f"{row['name']}\n{value}"
    if not row.get("amounts"):  # one target, or duties only
        return f"{row['name']}\n{value} {status_short[row['status']]}"
    text = f"{row['name']}\n{status_short[row['status']]} {d('of', part=row['amounts_ok'], total=row['amounts'])}"
    if row.get("duties_overdue"):
        duties = d("map_label_duties_short" if compact else "map_label_duties", n=row["duties_overdue"])
        text += (" " if compact else "\n") + duties
    return text


def dots(plan: Plan) -> list[str]:
    """The plan's regions that have no outline and are drawn as a dot."""
    outlined = regions.geometry_json(plan.regions)
    return [c for c in plan.regions if c not in outlined and regions.get(c) is not None]


def deck(values: pd.DataFrame, plan: Plan, by_status: bool, status_short: dict[str, str],
         selected: str | None = None, height: int = 540, text_size: int = 14, compact: bool = False,
         width: int = 640) -> Deck:
    """The map of one plan's regions from `values` (region, name, completion, status, tip, reported),
    fitted into `width` × `height` px (the narrowest the map is drawn, so no edge is cut)."""
    columns = ("region", "name", "tip", "reported", "status", "completion")
    index = {code: i for i, code in enumerate(values["region"].tolist())}
    lists = {c: values[c].tolist() for c in columns}

    def row(code: str) -> dict:
        return values.iloc[index[code]].to_dict()

    features, points = [], []
    colours: dict[tuple[str, int], list[int]] = {}  # '#rrggbb' → rgba, once per colour

    def rgba(colour: str, alpha: int = 230) -> list[int]:
        return colours.get((colour, alpha)) or colours.setdefault((colour, alpha), rgb(colour, alpha))

    for f in regions.features(plan.regions):
        i = index[f["properties"]["code"]]
        name, tip = lists["name"][i], lists["tip"][i]
        chosen = lists["region"][i] == selected
        colour = fill({c: lists[c][i] for c in ("reported", "status", "completion")}, by_status)
        props = {**f["properties"], "name": name, "tip": tip, "fill": rgba(colour),
                 "line": rgba("#000000" if chosen else LINE, 255), "width": 3 if chosen else 1}
        features.append({**f, "properties": props, "name": name, "tip": tip})
    for code in dots(plan):
        r, one = regions.get(code), row(code)
        if r is not None:
            points.append({"code": code, "name": one["name"], "tip": one["tip"], "lon": r.lon, "lat": r.lat,
                           "rgba": rgb(fill(one, by_status), 255)})
    layers = []
    if plan.scope == "national":
        extras = [{**f, "name": f["properties"]["name"], "tip": d("map_territory")}
                  for f in regions.extra_national_features()]
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": extras}, id="territories",
                                filled=True, stroked=True, get_fill_color=rgb(GREY), get_line_color=rgb(LINE, 255),
                                line_width_min_pixels=1, pickable=True))
    layers.append(pdk.Layer("GeoJsonLayer", Outlines(features, regions.geometry_json(plan.regions)), id="regions",
                            filled=True, stroked=True, pickable=True, auto_highlight=True,
                            get_fill_color="properties.fill", get_line_color="properties.line",
                            get_line_width="properties.width", line_width_units='"pixels"'))
    if points:
        layers.append(pdk.Layer("ScatterplotLayer", points, id="points", get_position="[lon, lat]",
                                get_fill_color="rgba", get_radius=12, radius_units='"pixels"', stroked=True,
                                get_line_color=[0, 0, 0, 255], line_width_min_pixels=2, pickable=True))
    national = plan.scope == "national"
    if national:  # always the boundary lines, incl. the ten-dash line
        layers.append(pdk.Layer("GeoJsonLayer", regions.boundary_lines(), id="lines", stroked=True, filled=False,
                                get_line_color=[80, 80, 80, 255], line_width_min_pixels=1.5))
    codes = tuple(plan.regions) + (regions.NATIONAL_EXTRAS if national else ())
    start = view(codes, height, national, width)
    placed = [(c, r) for c in plan.regions if (r := regions.get(c)) is not None]
    extras_placed = [r for c in regions.NATIONAL_EXTRAS if (r := regions.get(c)) is not None] if national else []
    if len(placed) + len(extras_placed) > LABEL_MAX:  # hundreds of counties: labels would only cover each other
        return Deck(layers=layers, initial_view_state=start, map_provider=None, tooltip=TOOLTIP)
    dotted = {p["code"] for p in points}
    labels = [{"text": label(row(c), by_status, status_short, compact), "lon": r.label_lon, "lat": r.label_lat,
               "offset": [18, 0] if c in dotted else [0, 0],  # beside a dot, not on it
               "anchor": "start" if c in dotted else "middle"}
              for c, r in placed]
    if national:
        text_size = round(text_size * 0.7)  # 34 provinces in the space of a dozen cities
        # Hong Kong, Macau and Taiwan: named, no value
        labels += [{"text": r.short, "lon": r.label_lon, "lat": r.label_lat, "offset": [0, 0], "anchor": "middle"}
                   for r in extras_placed]
    declutter(labels, start.zoom, text_size)
    layers.append(pdk.Layer("TextLayer", labels, id="labels", get_position="[lon, lat]", get_text="text",
                            get_size=text_size, get_color=[0, 0, 0, 255], font_family=CJK_FONT, font_weight=600,
                            get_pixel_offset="offset",
                            character_set='"auto"', get_text_anchor="anchor", get_alignment_baseline='"center"',
                            font_settings={"sdf": True}, outline_width=3, outline_color=[255, 255, 255, 255]))
    return Deck(layers=layers, initial_view_state=start, map_provider=None, tooltip=TOOLTIP)


def _field(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def static_chart(deck_obj: pdk.Deck, title: str) -> alt.TopLevelMixin:
    """The deck's polygons, boundary lines and labels as an Altair map, for PNG/SVG download."""
    layers = {layer.id: layer for layer in deck_obj.layers}

    def hexed(feature: dict, rgba: list[int]) -> dict:
        return {**feature, "properties": {**feature["properties"], "hex": "#" + "".join(f"{c:02x}" for c in rgba[:3])}}

    features = [hexed(f, f["properties"]["fill"]) for f in layers["regions"].data.features]
    if "territories" in layers:
        features += [hexed(f, rgb(GREY)) for f in layers["territories"].data["features"]]
    labels = [{"lon": x["lon"], "lat": x["lat"], "text": x["text"]} for x in layers["labels"].data] \
        if "labels" in layers else []
    lines = layers["lines"].data if "lines" in layers else None
    return charts.choropleth(features, labels, lines, title)


def picked(selection: object) -> str | None:
    """The region code of a map click (st.pydeck_chart's selection state), or None."""
    objects = _field(_field(selection, "selection"), "objects") or {}
    for layer in ("regions", "points"):
        for obj in objects.get(layer) or []:
            code = (obj.get("properties") or {}).get("code") or obj.get("code")
            if code:
                return str(code)
    return None
