"""地图: offline deck (no basemap), labels with name and value, 长白山 as a dot, national extras, drill-down."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from pydeck.bindings.json_tools import default_serialize

from targets import messages, store
from targets.method.tracking import status_table
from targets.plans import regions
from tests.app.conftest import page_test
from ui import downloads, maps, mapview
from ui.strings import STATUS_SHORT, d


def _deck(at) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def _labels(spec: dict) -> dict[str, str]:
    """First label line (the name) → whole label."""
    return {item["text"].split("\n")[0]: item["text"] for item in _layer(spec, "labels")["data"]}


@pytest.fixture
def at(demo_engine):
    at = page_test("map").run()
    assert not at.exception, at.exception
    return at


def test_offline_deck_with_outlines_dot_and_labels(at):
    spec = _deck(at)
    assert spec["mapStyle"] == "__MAP_STYLE__" and not spec.get("mapProvider")  # no basemap, no tiles
    assert "http" not in json.dumps(spec)
    assert [layer["@@type"] for layer in spec["layers"]] == ["GeoJsonLayer", "ScatterplotLayer", "TextLayer"]
    polygons = _layer(spec, "regions")["data"]["features"]
    assert len(polygons) == 10  # 9 prefectures + 梅河口 carved out of 通化
    assert [p["code"] for p in _layer(spec, "points")["data"]] == ["JL-CBS"]  # 长白山 has no outline
    assert len(_labels(spec)) == 11
    # picked by their fills alone: pickable outlines made a click's pick too slow without GPU (tests/browser)
    assert _layer(spec, "regions")["_subLayerProps"] == {"polygons-stroke": {"pickable": False}}


DUTY = "jl-2022-t08"  # 各市州建成不少于1个质量基础设施一站式服务站: the nine 市州


def test_target_labels_carry_name_and_completion(at, demo_engine):
    at.selectbox(key="map_subject").set_value(DUTY).run()
    table = status_table(store.plans(demo_engine), store.allocations(demo_engine), store.reports(demo_engine))
    row = table[(table["target"] == DUTY) & (table["region"] == "220100")].iloc[0]
    name = regions.get("220100").short
    assert _labels(_deck(at))[name] == f"{name}\n{row['completion']:.0%}"


def test_status_colouring_adds_the_status_word(at):
    at.selectbox(key="map_subject").set_value(DUTY).run()
    at.segmented_control(key="map_color").set_value("status").run()
    labels = _labels(_deck(at))
    texts = [text for name, text in labels.items() if name not in ("长白山", "梅河口")]
    assert len(texts) == 9 and all(any(short in text for short in STATUS_SHORT.values()) for text in texts)
    assert labels["长白山"] == "长白山"  # the duty does not apply there: a name, no status


def test_region_filter_leaves_other_regions_without_value(at):
    at.sidebar.multiselect(key="w_filter_region").set_value(["220100"]).run()
    labels = _labels(_deck(at))
    assert "\n" in labels[regions.get("220100").short]
    assert labels[regions.get("220200").short] == regions.get("220200").short  # name only: no data
    table = at.get_by_key("map_values").dataframe[0].value.set_index(d("region"))
    assert table.loc[regions.label("220200"), d("status")] == d("map_filtered_out")  # left out, not 无数据
    assert table.loc[regions.label("220100"), d("status")] != d("map_filtered_out")


def test_national_map_draws_taiwan_hong_kong_macau_and_the_boundary_lines(at):
    at.sidebar.selectbox(key="w_filter_plan").set_value("cn-2022").run()
    assert not at.exception
    spec = _deck(at)
    extras = {f["properties"]["code"] for f in _layer(spec, "territories")["data"]["features"]}
    assert extras == {"710000", "810000", "820000"}
    assert _layer(spec, "lines")["data"]["features"]
    assert regions.get("710000").short in _labels(spec)
    assert len(_layer(spec, "regions")["data"]["features"]) == 31
    # nothing of cn-2022 is allocated to provinces: said in words
    assert d("map_not_allocated") in [i.value for i in at.info]


def test_city_plan_shows_its_districts_and_counties(at, demo_engine):
    at.sidebar.selectbox(key="w_filter_plan").set_value("cy-2017").run()
    codes = {f["properties"]["code"] for f in _layer(_deck(at), "regions")["data"]["features"]}
    plan = next(p for p in store.plans(demo_engine) if p.id == "cy-2017")
    assert codes == set(plan.regions)
    assert all(regions.is_within(code, "211300") for code in codes)


def test_drill_down_lists_the_region_targets_with_explanations(at, demo_engine):
    at.selectbox(key="map_region").set_value("220100").run()
    detail = at.get_by_key("map_region_detail").dataframe[0].value
    table = status_table(store.plans(demo_engine), store.allocations(demo_engine), store.reports(demo_engine))
    mine = table[(table["plan"] == "jl-2022") & (table["region"] == "220100")]
    assert len(detail) == len(mine)
    assert set(detail[d("status")]) == {messages.STATUS_LABELS[s] for s in mine["status"]}
    # the selected region is outlined in black, above the regions, with the regions layer's geometry
    spec = _deck(at)
    chosen = _layer(spec, "selected")
    assert [f["properties"]["code"] for f in chosen["data"]["features"]] == ["220100"]
    assert chosen["getLineColor"] == [0, 0, 0, 255] and chosen["lineWidthMinPixels"] == 3
    assert [layer["id"] for layer in spec["layers"]].index("selected") > \
        [layer["id"] for layer in spec["layers"]].index("regions")
    outline = next(f for f in _layer(spec, "regions")["data"]["features"] if f["properties"]["code"] == "220100")
    assert chosen["data"]["features"][0]["geometry"] == outline["geometry"]


def test_the_map_downloads_as_a_static_image(at):
    assert at.get_by_key("map_download_png") and at.get_by_key("map_download_svg")
    plan = next(p for p in data_plans() if p.id == "jl-2022")
    values = pd.DataFrame([{"region": c, "name": regions.get(c).short, "completion": 0.5, "status": "behind",
                            "tip": "", "reported": True} for c in plan.regions])
    chart = maps.static_chart(maps.deck(values, plan, False, STATUS_SHORT), plan.title)
    svg = downloads.chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and regions.get("220100").short in svg


def data_plans():
    return store.plans(store.make_engine(os.environ["DATABASE_URL"]))


@pytest.mark.parametrize(
    "selection, code",
    [
        ({"selection": {"indices": {"regions": [0]}, "objects": {"regions": [{"properties": {"code": "220200"}}]}}},
         "220200"),
        ({"selection": {"indices": {"points": [0]}, "objects": {"points": [{"code": "JL-CBS"}]}}}, "JL-CBS"),
        ({"selection": {"indices": {}, "objects": {}}}, None),
        (None, None),
    ],
)
def test_a_click_on_the_map_names_the_region(selection, code):
    assert maps.picked(selection) == code


def test_the_deck_is_sent_compact_with_pydecks_content(at):
    import pydeck as pdk

    (chart,) = at.get("deck_gl_json_chart")
    sent = chart.proto.json
    spec = json.loads(sent)
    # no indentation or padding, and texts as UTF-8 (a Chinese character in three bytes, not a six-byte escape)
    assert sent == json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert "\\u" not in sent and regions.get("220100").short in sent
    plain = pdk.Deck(layers=[pdk.Layer(layer["@@type"], layer["data"], id=layer["id"]) for layer in spec["layers"]],
                     map_provider=None)
    assert json.loads(maps.Deck(layers=plain.layers, map_provider=None).to_json()) == json.loads(plain.to_json())


@pytest.mark.parametrize("selected", [None, "220200"])
def test_the_outlines_sent_are_what_json_writes_of_the_whole_deck(selected):
    """The regions' geometry is serialised once per process; the text sent equals a full
    compact json.dumps of the same deck (sorted keys), outlines included."""
    plan = next(p for p in data_plans_seeded() if p.id == "jl-2022")
    values = pd.DataFrame([{"region": c, "name": regions.get(c).short, "completion": 0.25 * (i % 5),
                            "status": "behind", "tip": f"tip {i}", "reported": i % 3 > 0}
                           for i, c in enumerate(plan.regions)])
    deck = maps.deck(values, plan, False, STATUS_SHORT, selected=selected)
    outlines = next(layer for layer in deck.layers if layer.id == "regions").data
    assert isinstance(outlines, maps.Outlines) and len(outlines.features) > 5
    expected = json.loads(maps.Deck.to_json(deck))
    full = json.dumps(deck, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=lambda o: {"type": "FeatureCollection", "features": o.features}
                      if isinstance(o, maps.Outlines) else default_serialize(o))
    assert deck.to_json() == full
    assert _layer(expected, "regions")["data"]["features"][0]["geometry"]["coordinates"]


def data_plans_seeded():
    from targets import store as targets_store

    engine = targets_store.make_engine("sqlite://")
    targets_store.init_store(engine)
    return targets_store.plans(engine)


def _county_plan():
    import dataclasses

    base = next(p for p in data_plans_seeded() if p.id == "jl-2022")
    codes = tuple(r.code for r in regions.all_regions()
                  if r.level == "county" and not r.code.startswith(("71", "81", "82")))
    return dataclasses.replace(base, regions=codes, region="100000", region_level="county", scope="national")


def _full_json(deck) -> str:
    """What json.dumps writes of the whole deck: inline outlines as their features, served ones as their URL."""
    def default(o):
        if isinstance(o, maps.Outlines):
            return {"type": "FeatureCollection", "features": o.features}
        if isinstance(o, maps.Encoded):
            return json.loads(o.text)
        return o.url if isinstance(o, maps.Served) else default_serialize(o)

    return json.dumps(deck, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default)


@pytest.mark.parametrize("by_status", [False, True])
def test_a_county_map_sends_no_county_geometry_and_colours_each_by_the_one_palette(by_status):
    """At county scale (every mainland county) the counties' outlines are the app's served file:
    the deck names its URL and sends, per rerun, only a code → colour lookup, each colour the
    palette's of that county's status or completion class; the counties of the file outside the
    plan (Taiwan's) are filtered out. The units the file does not hold (xx90xx, drawn from the
    prefectures' file) stay inline, with name and tip. The text sent is what json.dumps writes of
    the deck, whatever the names and tips hold."""
    from targets.method import palette

    plan = _county_plan()
    codes = plan.regions
    statuses = ("done", "on_track", "behind", "off_track", "overdue")
    completions = (None, float("nan"), 0.0, 0.2, 0.55, 0.999, 1.0, 2.5)
    values = pd.DataFrame([{"region": c, "name": f'县"{i}"\\\n{regions.get(c).short}',
                            "completion": completions[i % len(completions)], "status": statuses[i % 5],
                            "tip": f"提示 {i} <b>&</b> \u2028", "reported": i % 7 > 0}
                           for i, c in enumerate(codes)])
    deck = maps.deck(values, plan, by_status, STATUS_SHORT, selected=codes[10])
    full = _full_json(deck)
    assert deck.to_json() == full
    spec = json.loads(full)
    counties, inline = _layer(spec, maps.SERVED_LAYER), _layer(spec, "regions")
    served = counties["getFillColor"]["domain"]
    assert counties["data"] == regions.SERVED_URL and served == list(regions.served(codes)) and len(served) > 2800
    inline_codes = [f["properties"]["code"] for f in inline["data"]["features"]]
    # 仙桃, 石河子… from the prefectures' file, 梅河口 from the Jilin units'
    assert inline_codes and all(c[2:4] == "90" or c in regions.JILIN_UNITS for c in inline_codes)
    assert set(served) | set(inline_codes) == set(regions.geometry_json(codes)) and not set(served) & set(inline_codes)
    assert full.count('"coordinates"') == len(inline_codes) + 1 + len(_layer(spec, "lines")["data"]["features"]) \
        + len(_layer(spec, "territories")["data"]["features"])  # no county's geometry is sent: only the selected one
    assert len(full.encode()) < 250_000  # against 1.8 MB with the counties' outlines inline
    rows = values.set_index("region")

    def expected(code: str) -> list[int]:
        row = rows.loc[code]
        index = palette.completion_class(row["completion"])
        colour = palette.GREY if not row["reported"] else palette.STATUS_COLORS[row["status"]] if by_status \
            else palette.GREY if index is None else palette.BIN_COLORS[index]
        return maps.rgb(colour)

    assert counties["getFillColor"]["colors"] == [expected(c) for c in served]
    for feature in inline["data"]["features"]:
        code = feature["properties"]["code"]
        assert feature["properties"]["fill"] == expected(code)
        assert (feature["properties"]["tip"], feature["properties"]["name"]) == tuple(rows.loc[code, ["tip", "name"]])
    # the file's other counties are not drawn: a filter value of 1 for the plan's, 0 for the rest
    assert counties["extensions"] == [{"@@type": "DataFilterExtension", "filterSize": 1}]
    assert counties["getFilterValue"] == {"@@function": "colorCategories", "attr": "code", "domain": served,
                                          "colors": [1] * len(served), "othersColor": 0}
    assert counties["filterRange"] == [1, 1] and counties["getFillColor"]["othersColor"] == [0, 0, 0, 0]
    assert all(_layer(spec, name)["_subLayerProps"] == {"polygons-stroke": {"pickable": False}}
               for name in ("regions", "territories"))
    # the counties as fills, the provinces' borders (the app's served province outlines) over them
    assert counties["stroked"] is False and counties["filled"] is True
    borders = _layer(spec, "borders")
    assert borders["data"] == regions.BORDERS_URL and borders["stroked"] is True and borders["filled"] is False
    assert spec["layers"].index(counties) < spec["layers"].index(borders) and not borders.get("pickable")
    assert spec["layers"].index(counties) < spec["layers"].index(_layer(spec, "selected"))
    assert [f["properties"]["code"] for f in _layer(spec, "selected")["data"]["features"]] == [codes[10]]
    assert "labels" not in {layer["id"] for layer in spec["layers"]}
    # the browser's features hold code and name only: the tooltip names the region
    assert deck._tooltip == maps.TOOLTIP_NAME and "{tip}" not in maps.TOOLTIP_NAME["html"]


def test_a_county_maps_colours_are_redrawn_when_they_change_and_only_then():
    """deck.gl compares no accessor functions: the served layer's updateTriggers carry a digest of
    its colours, equal for equal colours and different when one county's colour changed."""
    plan = _county_plan()
    values = pd.DataFrame([{"region": c, "name": c, "completion": 0.5, "status": "behind", "tip": "",
                            "reported": True} for c in plan.regions])

    def trigger(frame: pd.DataFrame, by_status: bool = False) -> str:
        layer = _layer(json.loads(maps.deck(frame, plan, by_status, STATUS_SHORT).to_json()), maps.SERVED_LAYER)
        return layer["updateTriggers"]["getFillColor"]

    changed = values.copy()
    changed.loc[changed["region"] == regions.served(plan.regions)[100], "completion"] = 1.0
    assert trigger(values) == trigger(values.copy())
    assert trigger(changed) != trigger(values) and trigger(values, by_status=True) != trigger(values)


def test_the_served_outlines_are_the_files_the_app_serves():
    """Streamlit serves static/ beside app.py at app/static/ (enableStaticServing in the app's
    config): the URL the deck names reaches the file the static chart and the layer's geometry
    are read from, and the file's counties cover every served code."""
    import tomllib

    from streamlit import file_util

    app = Path(__file__).resolve().parents[2] / "app.py"
    config = tomllib.loads((app.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    prefix = "app/static/"
    assert regions.SERVED_URL.startswith(prefix) and not regions.SERVED_URL.startswith("/")  # under baseUrlPath too
    static = Path(file_util.get_app_static_dir(str(app)))
    served_file = static / regions.SERVED_URL.removeprefix(prefix)
    assert served_file.resolve() == (regions.SERVED_DIR / f"{regions.OVERVIEW}.geojson").resolve()
    borders = json.loads((static / regions.BORDERS_URL.removeprefix(prefix)).read_text(encoding="utf-8"))["features"]
    provinces = {r.code for r in regions.all_regions() if r.level == "province"}
    assert {f["properties"]["code"] for f in borders} == provinces
    in_file = json.loads(served_file.read_text(encoding="utf-8"))["features"]
    codes = regions.served(_county_plan().regions)
    assert set(codes) <= {f["properties"]["code"] for f in in_file}
    assert set(in_file[0]["properties"]) == {"code", "name"}
    by_code = {f["properties"]["code"]: f["geometry"] for f in in_file}
    assert all(by_code[f["properties"]["code"]] == f["geometry"] for f in regions.features(codes))


def test_a_county_map_downloads_with_every_county():
    plan = _county_plan()
    values = pd.DataFrame([{"region": c, "name": regions.get(c).short, "completion": 0.5, "status": "behind",
                            "tip": "", "reported": True} for c in plan.regions])
    values.loc[values["region"] == "110101", "completion"] = 1.0
    chart = maps.static_chart(maps.deck(values, plan, False, STATUS_SHORT), plan.title)
    drawn = {f["properties"]["code"]: f for f in chart.layer[0].data.values}
    assert set(drawn) == set(regions.geometry_json(plan.regions)) | set(regions.NATIONAL_EXTRAS)
    assert drawn["110101"]["properties"]["hex"] != drawn["110102"]["properties"]["hex"]  # 东城 done, 西城 not
    assert drawn["110101"]["geometry"]["coordinates"] and drawn["429004"]["geometry"]["coordinates"]


@pytest.mark.parametrize("projector", [False, True])
def test_status_labels_are_pushed_apart_until_none_covers_another(at, projector):
    """Coloured by status, a region's label has three lines (name, status and amounts, overdue duties):
    on the demo's map of 吉林 长春's covered 四平's and 吉林市's. Pushed apart along the axis where
    they overlap least, no two cover each other, and none left its place by more than one label
    height up or down or half its width sideways."""
    if projector:  # the projector's larger text on a smaller map keeps the labels to two lines
        at.session_state["filter_projector"] = True
        at.run()
    at.segmented_control(key="map_color").set_value("status").run()
    spec = _deck(at)
    layer = _layer(spec, "labels")
    labels, size, zoom = layer["data"], layer["getSize"], spec["initialViewState"]["zoom"]
    assert max(len(item["text"].split("\n")) for item in labels) == (2 if projector else 3)
    assert mapview.overlap(labels, zoom, size) == 0
    unmoved = [{**item, "offset": [18 if item["anchor"] == "start" else 0, 0]} for item in labels]
    assert mapview.overlap(unmoved, zoom, size) > 0 or projector  # there was something to do
    for item, home in zip(labels, unmoved):
        lines = item["text"].split("\n")
        assert abs(item["offset"][1]) <= len(lines) * size * 1.2 + 1e-6
        assert abs(item["offset"][0] - home["offset"][0]) <= max(map(len, lines)) * size * 0.9 / 2 + 1e-6


def test_a_long_side_table_shows_the_most_behind_regions_and_says_how_many(monkeypatch, demo_engine):
    """More regions than a page lists (a country's counties; here the limit set to 3): the side table
    draws the regions most behind first, by the one rule of targets.method.standing.order (status
    severity, then completion, then region code), says how many there are, and its download has every
    region in plan order."""
    from targets.method.status import SEVERITY

    built = {}
    monkeypatch.setattr(downloads, "table_button", lambda frame, name, key: built.setdefault(key, frame))
    monkeypatch.setattr("targets.config.TABLE_ROWS_SHOWN", 3)
    at = page_test("map").run()
    assert not at.exception, at.exception
    box = at.get_by_key("map_values")
    shown = box.dataframe[0].value
    everyone = built["map_values_download"]
    assert len(shown) == 3 and len(everyone) == 11
    assert [c.value for c in box.caption] == [d("table_capped", shown=3, n=11)]
    status_of = {label: s for s, label in messages.STATUS_LABELS.items()}
    status_of.update({d("map_no_data"): "no_data", d("map_filtered_out"): "no_data"})
    codes = next(p for p in data_plans() if p.id == "jl-2022").regions  # the download's rows, in plan order

    def key(position: int) -> tuple:
        row = everyone.iloc[position]
        completion = row[d("completion")]
        return (SEVERITY[status_of[row[d("status")]]],
                -1.0 if completion == "—" else float(completion.rstrip("%")), codes[position])

    expected = sorted(range(len(everyone)), key=key)[:3]
    assert shown.astype(str).values.tolist() == everyone.iloc[expected].astype(str).values.tolist()


def test_a_short_side_table_lists_every_region_in_plan_order(monkeypatch, demo_engine):
    built = {}
    monkeypatch.setattr(downloads, "table_button", lambda frame, name, key: built.setdefault(key, frame))
    at = page_test("map").run()
    box = at.get_by_key("map_values")
    shown = box.dataframe[0].value
    everyone = built["map_values_download"]
    assert shown.astype(str).values.tolist() == everyone.astype(str).values.tolist()  # every row, plan order
    assert len(shown) == 11 and not box.caption
