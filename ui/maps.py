"""The pydeck map: regions coloured by completion or status, labelled with name and value, offline.

No basemap (map_provider=None, never map_style): only local outlines from data/regions. Units
without an outline (JL-CBS, 长白山) are drawn as a dot. National maps always draw Hong Kong,
Macau and Taiwan (grey when they do not report) and the boundary lines, incl. the ten-dash line.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from targets.method.palette import BIN_COLORS, BINS, GREY, STATUS_COLORS, completion_classes
from targets.plans import regions
from targets.plans.definitions import Plan
from ui import charts
from ui.mapview import declutter, view
from ui.strings import d

# Wrapped in backticks: pydeck turns a string prop that is not fully quoted into a JS expression.
CJK_FONT = '`"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif`'
LINE = "#ffffff"  # the outline between regions


LABEL_MAX = regions.OVERVIEW_ABOVE  # regions labelled at most (a national county map has ~2,850)
TOOLTIP = {"html": "<b>{name}</b><br/>{tip}", "style": {"fontSize": "15px", "maxWidth": "28em"}}
# A map with served outlines (Served): the browser's features hold code and name only, so the
# tooltip names the region; its values are in the side table and its detail a click away
TOOLTIP_NAME = {"html": "<b>{name}</b>", "style": TOOLTIP["style"]}
SERVED_LAYER = "counties"
CHART_KEYS = ("map_deck", "map_deck_next")  # pages/map.py draws the chart under the other one after a click
# Regions are picked (hover, click) by their fill alone: a pickable outline only adds its many line
# vertices to every pick, which a browser without GPU (software WebGL) draws at a click: 1.2 s on a
# country's counties, beyond the 250 ms in which deck.gl counts a press as a click, so the click was
# lost; 0.1 s without the outlines
PICK_FILLS = {"polygons-stroke": {"pickable": False}}


class Deck(pdk.Deck):
    """pdk.Deck sent compact: pydeck indents its JSON, which takes Python's slow encoder (seconds for
    a country's counties on every rerun) and sends the whitespace to the browser. Texts are sent as
    UTF-8, not as \\u escapes (a Chinese character takes three bytes instead of six). The regions
    layer is written by Outlines.json_text (its geometry serialised once per process), a served
    layer's data as its file's URL and its lookups as Encoded texts; one encoder pass writes the rest."""

    def to_json(self) -> str:
        texts: dict[str, str] = {}

        def serialize(o: object) -> object:
            if isinstance(o, (Outlines, Encoded)):
                key = f"@@encoded:{len(texts)}@@"
                texts[key] = o.json_text()
                return key
            if isinstance(o, Served):
                return o.url
            return default_serialize(o)

        text = json.dumps(self, sort_keys=True, default=serialize, separators=(",", ":"), ensure_ascii=False)
        for key, outlines in texts.items():
            text = text.replace(f'"{key}"', outlines, 1)
        return text


class Outlines:
    """The regions layer's GeoJSON FeatureCollection, held as columns (one entry per outlined
    region, in plan order) and written as the JSON text `json.dumps(..., sort_keys=True,
    ensure_ascii=False)` would write of its `features`: each feature's geometry and code come
    serialised once per process (targets.plans.regions.geometry_json), the rest is a name, a tip
    and a fill colour per region. The tooltip reads name and tip from the properties."""

    def __init__(self, codes: list[str], names: list[str], tips: list[str], fills: list[str],
                 heads: list[str]) -> None:
        self.codes, self.names, self.tips = codes, names, tips
        self.fills = fills  # '#rrggbb', drawn as rgb(fill)
        self.heads = heads  # feature_heads of the codes

    @property
    def features(self) -> list[dict]:
        """The full features (properties: code, name, tip, fill as [r, g, b, a]), for the static chart."""
        return [{**f, "properties": {**f["properties"], "name": name, "tip": tip, "fill": rgb(fill)}}
                for f, name, tip, fill in zip(regions.features(self.codes), self.names, self.tips, self.fills)]

    def json_text(self) -> str:
        text = json.encoder.encode_basestring  # what json.dumps writes of a str (ensure_ascii=False)
        colours = {c: json.dumps(rgb(c), separators=(",", ":")) for c in set(self.fills)}
        parts = [f'{head}{colours[fill]},"name":{text(name)},"tip":{text(tip)}}},"type":"Feature"}}'
                 for head, name, tip, fill in zip(self.heads, self.names, self.tips, self.fills)]
        return '{"features":[' + ",".join(parts) + '],"type":"FeatureCollection"}'


class Encoded:
    """A value held as the JSON text json.dumps writes of it (compact, sorted keys), written into
    the deck as it is (Deck.to_json)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def json_text(self) -> str:
        return self.text


class Served:
    """The regions whose outlines the browser reads from the app's served file (regions.SERVED_URL,
    a whole-country map's counties): sent as that URL, so a rerun sends no geometry; the browser
    fetches the file once per page load. Their colours go with every rerun as a code → colour
    lookup (layer_props). The file's features carry code and name only."""

    url = regions.SERVED_URL

    def __init__(self, codes: tuple[str, ...], names: list[str], fills: list[str]) -> None:
        self.codes, self.names = codes, names
        self.fills = fills  # '#rrggbb', drawn as rgb(fill)

    @property
    def features(self) -> list[dict]:
        """The features as the browser draws them (properties: code, name, fill), for the static chart."""
        return [{**f, "properties": {**f["properties"], "name": name, "fill": rgb(fill)}}
                for f, name, fill in zip(regions.features(self.codes, overview=True), self.names, self.fills)]

    def layer_props(self) -> dict:
        """The GeoJsonLayer props that colour the file's features by code (deck.gl's
        colorCategories) and hide those outside the codes (its DataFilterExtension). deck.gl
        compares no accessor functions: the colours' digest in updateTriggers redraws the fills
        when they changed. The codes' JSON is written once per plan, the colours' from each
        colour's."""
        domain = _codes_json(self.codes)

        def lookup(values: Encoded, others: object) -> dict:  # the value of each code, `others` for the rest
            return {"@@function": "colorCategories", "attr": "code", "domain": domain, "colors": values,
                    "othersColor": others}

        digest = hashlib.blake2b("\0".join(self.codes + tuple(self.fills)).encode(), digest_size=8).hexdigest()
        colours = {c: json.dumps(rgb(c), separators=(",", ":")) for c in set(self.fills)}
        return {"get_fill_color": lookup(Encoded("[" + ",".join([colours[c] for c in self.fills]) + "]"),
                                         [0, 0, 0, 0]),
                "update_triggers": {"getFillColor": digest},
                "extensions": [{"@@type": "DataFilterExtension", "filterSize": 1}],
                "get_filter_value": lookup(_ones_json(len(self.codes)), 0), "filter_range": [1, 1]}


@functools.lru_cache(maxsize=16)
def _codes_json(codes: tuple[str, ...]) -> Encoded:
    return Encoded(json.dumps(list(codes), ensure_ascii=False, separators=(",", ":")))


@functools.lru_cache(maxsize=16)
def _ones_json(n: int) -> Encoded:
    return Encoded(json.dumps([1] * n, separators=(",", ":")))


@dataclass(frozen=True)
class Layout:
    """Which of a plan's regions the map draws how: served outlines, inline outlines (in plan
    order) or a dot (no outline). Once per plan and process."""

    served: tuple[str, ...]
    inline: tuple[str, ...]
    dots: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def layout(codes: tuple[str, ...]) -> Layout:
    geometry = regions.geometry_json(codes)
    served = regions.served(codes)
    kept = set(served)
    return Layout(served, tuple(c for c in geometry if c not in kept),
                  tuple(c for c in codes if c not in geometry and regions.get(c) is not None))


@functools.lru_cache(maxsize=16)
def feature_heads(codes: tuple[str, ...]) -> list[str]:
    """The JSON of each region's feature sent inline (layout(codes).inline) up to its fill colour
    (geometry and code), in that order: once per plan and process."""
    text = json.encoder.encode_basestring
    geometry = regions.geometry_json(codes)
    return [f'{{"geometry":{geometry[code]},"properties":{{"code":{text(code)},"fill":'
            for code in layout(codes).inline]


def rgb(color: str, alpha: int = 230) -> list[int]:
    """'#rrggbb' → [r, g, b, a] for deck.gl."""
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)] + [alpha]


def completion_legend() -> list[tuple[str, str]]:
    """(colour, label) of each completion class, then 'no data'."""
    bounds = (0.0,) + BINS
    items = [(BIN_COLORS[i], d("bin_label", low=f"{bounds[i]:.0%}", high=f"{bounds[i + 1]:.0%}"))
             for i in range(len(BINS))]
    return items + [(BIN_COLORS[-1], d("bin_top", low=f"{BINS[-1]:.0%}")), (GREY, d("map_no_data"))]


def fills(values: pd.DataFrame, by_status: bool) -> list[str]:
    """The fill colour of each region of `values` (reported, status, completion): grey without a
    report or a value, else the status colour or the completion class colour (targets.method.palette)."""
    reported = values["reported"].to_numpy(dtype=bool)
    if by_status:
        shown = np.array([STATUS_COLORS[s] for s in values["status"].tolist()], dtype=object)
    else:
        classes = completion_classes(values["completion"].to_numpy(dtype=object))
        shown = np.where(classes < 0, GREY, np.array(BIN_COLORS, dtype=object)[classes])
    return np.where(reported, shown, GREY).tolist()


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
    return list(layout(tuple(plan.regions)).dots)


def deck(values: pd.DataFrame, plan: Plan, by_status: bool, status_short: dict[str, str],
         selected: str | None = None, height: int = 540, text_size: int = 14, compact: bool = False,
         width: int = 640) -> Deck:
    """The map of one plan's regions from `values` (region, name, completion, status, tip, reported),
    fitted into `width` × `height` px (the narrowest the map is drawn, so no edge is cut)."""
    codes = tuple(plan.regions)
    drawn = layout(codes)
    position = pd.Index(values["region"].to_numpy(dtype=object), dtype=object)
    names, tips = values["name"].to_numpy(dtype=object), values["tip"].to_numpy(dtype=object)
    colour_of = np.asarray(fills(values, by_status), dtype=object)
    rows = {group: position.get_indexer(np.array(group, dtype=object))
            for group in (drawn.served, drawn.inline, drawn.dots)}

    def pick(column: np.ndarray, at: tuple[str, ...]) -> list:  # the column's values of those codes
        return column[rows[at]].tolist() if at else []

    geometry = regions.geometry_json(codes)
    served = drawn.served
    outlines = Outlines(list(drawn.inline), pick(names, drawn.inline), pick(tips, drawn.inline),
                        pick(colour_of, drawn.inline), feature_heads(codes))
    points = [{"code": code, "name": name, "tip": tip, "lon": r.lon, "lat": r.lat, "rgba": rgb(colour, 255)}
              for code, name, tip, colour in zip(drawn.dots, pick(names, drawn.dots), pick(tips, drawn.dots),
                                                 pick(colour_of, drawn.dots))
              if (r := regions.get(code)) is not None]

    def row(code: str) -> dict:
        return values.iloc[position.get_loc(code)].to_dict()

    layers = []
    if plan.scope == "national":
        extras = [{**f, "name": f["properties"]["name"], "tip": d("map_territory")}
                  for f in regions.extra_national_features()]
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": extras}, id="territories",
                                filled=True, stroked=True, get_fill_color=rgb(GREY), get_line_color=rgb(LINE, 255),
                                line_width_min_pixels=1, pickable=True, _sub_layer_props=PICK_FILLS))
    if served:
        counties = Served(served, pick(names, served), pick(colour_of, served))
        # fills only, the provinces' borders over them: a country's county outlines as lines cost a browser
        # without GPU 1.9 s per frame (a hover, a rerun), and at this scale cover the small counties' colours
        layers.append(pdk.Layer("GeoJsonLayer", counties, id=SERVED_LAYER, filled=True, stroked=False, pickable=True,
                                auto_highlight=True, **counties.layer_props()))
        layers.append(pdk.Layer("GeoJsonLayer", regions.BORDERS_URL, id="borders", filled=False, stroked=True,
                                get_line_color=rgb(LINE, 255), line_width_min_pixels=1))
    if drawn.inline or not served:
        layers.append(pdk.Layer("GeoJsonLayer", outlines, id="regions",
                                filled=True, stroked=True, pickable=True, auto_highlight=True,
                                get_fill_color="properties.fill", get_line_color=rgb(LINE, 255),
                                line_width_min_pixels=1, _sub_layer_props=PICK_FILLS))
    if selected in geometry:  # the selected region outlined in black, above its neighbours' lines
        layers.append(pdk.Layer("GeoJsonLayer", _selected(selected, geometry[selected]),
                                id="selected", filled=False, stroked=True, get_line_color=[0, 0, 0, 255],
                                line_width_min_pixels=3))
    if points:
        layers.append(pdk.Layer("ScatterplotLayer", points, id="points", get_position="[lon, lat]",
                                get_fill_color="rgba", get_radius=12, radius_units='"pixels"', stroked=True,
                                get_line_color=[0, 0, 0, 255], line_width_min_pixels=2, pickable=True))
    national = plan.scope == "national"
    if national:  # always the boundary lines, incl. the ten-dash line
        layers.append(pdk.Layer("GeoJsonLayer", _boundary_lines(), id="lines", stroked=True, filled=False,
                                get_line_color=[80, 80, 80, 255], line_width_min_pixels=1.5))
    start = view(codes + (regions.NATIONAL_EXTRAS if national else ()), height, national, width)
    placed = _placed(plan.regions)
    extras_placed = [r for c in regions.NATIONAL_EXTRAS if (r := regions.get(c)) is not None] if national else []
    tooltip = TOOLTIP_NAME if served else TOOLTIP
    if len(placed) + len(extras_placed) > LABEL_MAX:  # hundreds of counties: labels would only cover each other
        return Deck(layers=layers, initial_view_state=start, map_provider=None, tooltip=tooltip)
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
    return Deck(layers=layers, initial_view_state=start, map_provider=None, tooltip=tooltip)


def _selected(code: str, geometry: str) -> dict:
    """The selected region's outline, as the regions layer draws it (the same geometry)."""
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"code": code}, "geometry": json.loads(geometry)}]}


@functools.cache
def _boundary_lines() -> dict:
    """The boundary lines, read once per process (the layer only reads them: do not modify)."""
    return regions.boundary_lines()


@functools.lru_cache(maxsize=32)
def _placed(codes: tuple[str, ...]) -> list[tuple[str, regions.Region]]:
    """(code, region) of the codes that are known regions, in order (once per plan)."""
    return [(c, r) for c in codes if (r := regions.get(c)) is not None]


def _field(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def static_chart(deck_obj: pdk.Deck, title: str) -> alt.TopLevelMixin:
    """The deck's polygons, boundary lines and labels as an Altair map, for PNG/SVG download."""
    layers = {layer.id: layer for layer in deck_obj.layers}

    def hexed(feature: dict, rgba: list[int]) -> dict:
        return {**feature, "properties": {**feature["properties"], "hex": "#" + "".join(f"{c:02x}" for c in rgba[:3])}}

    features = [hexed(f, f["properties"]["fill"]) for name in (SERVED_LAYER, "regions") if name in layers
                for f in layers[name].data.features]
    if "territories" in layers:
        features += [hexed(f, rgb(GREY)) for f in layers["territories"].data["features"]]
    labels = [{"lon": x["lon"], "lat": x["lat"], "text": x["text"]} for x in layers["labels"].data] \
        if "labels" in layers else []
    lines = layers["lines"].data if "lines" in layers else None
    return charts.choropleth(features, labels, lines, title)


def picked(selection: object) -> str | None:
    """The region code of a map click (st.pydeck_chart's selection state) on any layer, or None."""
    objects = _field(_field(selection, "selection"), "objects") or {}
    for layer in sorted(objects, key=lambda name: name not in ("regions", SERVED_LAYER, "points")):
        for obj in objects.get(layer) or []:
            code = (obj.get("properties") or {}).get("code") or obj.get("code")
            if code:
                return str(code)
    return None
