"""The brief's images: burn-down charts of the key laggard targets and the map of region status.

Charts are built with Altair and rendered to PNG by vl-convert (offline, no browser). The series
come from targets.method.burndown, the region colours from the board's worst status per region
(standing.region_ranking), as on the map page coloured by status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert

from targets import messages
from targets.brief.facts import Facts
from targets.method import burndown
from targets.method.board import State
from targets.method.palette import BIN_COLORS, BINS, GREY, completion_class
from targets.method.status import Spec
from targets.method.tracking import region_spec
from targets.plans import regions
from targets.plans.definitions import ADDITIVE_KINDS, Target
from targets.plans.winding import rewound

KEY_CHARTS = 3  # burn-down charts of the most lagging amount targets


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str
    target: str = ""  # the target a burn-down is about ('' for the map)


def _m(code: str, **kw: object) -> str:
    return messages.render(code, **kw)


def png(chart: alt.TopLevelMixin) -> bytes:
    """A chart as PNG at twice its size (sharp in print)."""
    return vl_convert.vegalite_to_png(chart.to_json(), scale=2)


def _styled(chart: alt.TopLevelMixin, font: str) -> alt.TopLevelMixin:
    return (chart.configure(font=font, background="#ffffff")
            .configure_axis(labelFontSize=12, titleFontSize=12, gridColor="#e6e6e6")
            .configure_legend(labelFontSize=12, orient="top", labelLimit=300, symbolStrokeWidth=3)
            .configure_view(stroke=None))


def key_targets(facts: Facts) -> list[str]:
    """The amount targets with the most lagging regions (then the lowest pace), at most KEY_CHARTS."""
    rows = facts.laggards[facts.laggards["kind"].isin(ADDITIVE_KINDS)] if not facts.laggards.empty else facts.laggards
    if rows.empty:
        return []
    score = rows.groupby("target", sort=False).agg(n=("region", "size"), pace=("pace", "min"))
    score = score.assign(pace=score["pace"].fillna(9.0)).sort_values(["n", "pace"], ascending=[False, True])
    return list(score.index[:KEY_CHARTS])


def burn_series(t: Target, facts: Facts, state: State) -> tuple[Spec, list[tuple[dt.date, float]], str]:
    """The target as the brief draws it: summed over its regions on the board, or its one region."""
    rows = facts.table[facts.table["target"] == t.id]
    obs = state.obs()
    if len(rows) > 1:
        spec = region_spec(t, float(rows["share"].sum()))
        pairs = burndown.summed([obs.get((t.id, r), []) for r in rows["region"]])
        return spec, pairs, _m("brief_all_regions")
    share = float(rows["share"].iloc[0])
    return region_spec(t, share), obs.get((t.id, rows["region"].iloc[0]), []), str(rows["region_name"].iloc[0])


def burn_chart(t: Target, facts: Facts, state: State, font: str) -> tuple[alt.TopLevelMixin, str]:
    """Planned, actual and forecast remaining amounts, with the deadline and the as-of date marked."""
    spec, pairs, scope = burn_series(t, facts, state)
    as_of, window = facts.as_of, state.settings.forecast_window_months
    actual = [(spec.start, spec.baseline or 0.0)] + [p for p in pairs if p[0] <= as_of]
    parts = [("brief_series_planned", burndown.planned_series(spec)), ("brief_series_actual", actual),
             ("brief_series_forecast", burndown.forecast_series(spec, pairs, as_of, window))]
    frame = pd.DataFrame([{"date": pd.Timestamp(d), "value": burndown.remaining(spec, v), "series": _m(k)}
                          for k, points in parts for d, v in points], columns=["date", "value", "series"])
    names = [_m(k) for k, _ in parts]
    lines = alt.Chart(frame).mark_line(strokeWidth=2.5, point=False).encode(
        x=alt.X("date:T", title=_m("brief_axis_date"), axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("value:Q", title=_m("brief_axis_remaining", unit=t.unit)),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=names, range=["#666666", "#0072B2", "#E69F00"])),
        strokeDash=alt.StrokeDash("series:N", title=None,
                                  scale=alt.Scale(domain=names, range=[[6, 4], [1, 0], [2, 3]])))
    rules = pd.DataFrame({"date": [pd.Timestamp(spec.deadline), pd.Timestamp(as_of)],
                          "label": [_m("brief_rule_deadline"), _m("brief_rule_as_of")]})
    base = alt.Chart(rules).encode(x="date:T")
    marks = base.mark_rule(color="#333333", strokeDash=[2, 2]) + base.mark_text(
        align="left", dx=4, dy=4, baseline="top", fontSize=12).encode(text="label:N", y=alt.value(0))
    chart = alt.layer(lines, marks).properties(width=640, height=260)
    return _styled(chart, font), scope


def map_chart(facts: Facts, font: str) -> alt.TopLevelMixin | None:
    """The plan's regions filled by their worst status, labelled with name and completion; None if
    the plan is not split among regions (nothing to map)."""
    ranking = facts.ranking
    if ranking.empty:
        return None
    by_region = {r["region"]: r for r in ranking.to_dict("records")}
    plan = facts.plan

    classes = _class_labels()

    def fill(code: str) -> str:
        row = by_region.get(code)
        index = completion_class(row["completion"]) if row else None
        return classes[-1] if index is None else classes[index]

    features = [{**f, "geometry": rewound(f["geometry"]), "properties": {**f["properties"],
                 "cls": fill(f["properties"]["code"])}} for f in regions.features(plan.regions)]
    outlined = {f["properties"]["code"] for f in features}
    if plan.scope == "national":  # every national map draws Hong Kong, Macau, Taiwan and the boundary lines
        features += [{**f, "geometry": rewound(f["geometry"]), "properties": {**f["properties"], "cls": classes[-1]}}
                     for f in regions.extra_national_features()]
    labels, dots = [], []
    for code in plan.regions:
        r = regions.get(code)
        if r is None:
            continue
        row = by_region.get(code)
        value = "" if row is None or row["completion"] is None or pd.isna(row["completion"]) \
            else f"\n{row['completion']:.0%}"
        labels.append({"lon": r.label_lon, "lat": r.label_lat, "text": f"{regions.label(code)}{value}"})
        if code not in outlined:
            dots.append({"lon": r.lon, "lat": r.lat, "cls": fill(code)})
    scale = alt.Scale(domain=classes, range=[*BIN_COLORS, GREY])
    layers = [alt.Chart(alt.Data(values=features)).mark_geoshape(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("properties.cls:N", title=None, sort=classes,
                        scale=scale, legend=alt.Legend(orient="bottom", columns=4, symbolType="square")))]
    if plan.scope == "national":
        layers.append(alt.Chart(alt.Data(values=regions.boundary_lines()["features"])).mark_geoshape(
            filled=False, stroke="#505050", strokeWidth=1))
    if dots:
        layers.append(alt.Chart(pd.DataFrame(dots)).mark_circle(size=260, stroke="#000000", strokeWidth=1.5,
                                                                 opacity=1).encode(
            longitude="lon:Q", latitude="lat:Q", color=alt.Color("cls:N", legend=None, scale=scale)))
    text = pd.DataFrame(labels)
    for stroke in (True, False):
        extra = {"stroke": "#ffffff", "strokeWidth": 3} if stroke else {"color": "#000000"}
        layers.append(alt.Chart(text).mark_text(fontSize=12, fontWeight="bold", lineBreak="\n", **extra).encode(
            longitude="lon:Q", latitude="lat:Q", text="text:N"))
    chart = alt.layer(*layers).project(type="mercator").properties(width=600, height=420)
    return _styled(chart, font)


def _class_labels() -> list[str]:
    """Legend labels of the completion classes (as on the map page), then 'no value'."""
    bounds = (0.0, *BINS)
    labels = [_m("brief_bin", low=f"{bounds[i]:.0%}", high=f"{bounds[i + 1]:.0%}") for i in range(len(BINS))]
    return [*labels, _m("brief_bin_top", low=f"{BINS[-1]:.0%}"), _m("brief_bin_none")]


def figures(facts: Facts, state: State, font: str) -> tuple[list[Figure], list[Figure]]:
    """(map, burn-downs) as PNG figures with numbered captions (the map is figure 1 when present)."""
    maps, burns, n = [], [], 1
    chart = map_chart(facts, font)
    if chart is not None:
        maps.append(Figure(png(chart), _m("brief_fig_map", n=n, date=_date(facts.as_of))))
        n += 1
    for target_id in key_targets(facts):
        t = next(x for x in facts.plan.targets if x.id == target_id)
        chart, scope = burn_chart(t, facts, state, font)
        burns.append(Figure(png(chart), _m("brief_fig_burn", n=n, target=t.name, scope=scope), t.id))
        n += 1
    return maps, burns


def _date(day: dt.date) -> str:
    return _m("brief_date", year=day.year, month=day.month, day=day.day)


__all__ = ["Figure", "figures", "key_targets"]
