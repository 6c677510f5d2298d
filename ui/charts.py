"""Altair chart builders with Chinese labels: burn-down / burn-up, small multiples, timeline.

Colours are Okabe–Ito and every series also differs by dash or shape, so no chart relies on
colour alone. Font sizes grow in projector mode.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from targets.plans.winding import rewound
from ui.strings import d
from ui.widgets import STATUS_COLORS

SERIES_COLORS = {"series_planned": "#666666", "series_actual": "#0072B2", "series_forecast": "#E69F00"}
SERIES_DASH = {"series_planned": [6, 4], "series_actual": [1, 0], "series_forecast": [2, 3]}
STATE_COLORS = {"event_done": STATUS_COLORS["done"], "event_missed": STATUS_COLORS["overdue"],
                "event_open": STATUS_COLORS["no_data"]}
STATE_SHAPES = {"event_done": "circle", "event_missed": "cross", "event_open": "triangle-up"}
FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"


# The burn-down on the projector stage (ui.frame: 1280×720 CSS px, zoomed on larger screens):
# plot width and total height in px, fixed because a stretching chart measures the zoomed box.
STAGE_CHART = (1100, 362)


def _sizes(projector: bool) -> dict[str, int]:
    return {"label": 20, "title": 21, "head": 24} if projector else {"label": 12, "title": 13, "head": 15}


def styled(chart: alt.TopLevelMixin, projector: bool) -> alt.TopLevelMixin:
    """Fonts and sizes for screen or projector."""
    s = _sizes(projector)
    ink = {"labelColor": "#000000", "titleColor": "#000000"} if projector else {}  # read from the back
    return (chart.configure(font=FONT)
            .configure_axis(labelFontSize=s["label"], titleFontSize=s["title"], grid=True, gridColor="#e6e6e6", **ink)
            .configure_legend(labelFontSize=s["label"], titleFontSize=s["title"], orient="top", labelLimit=400,
                              **ink)
            .configure_title(fontSize=s["head"], anchor="start")
            .configure_header(labelFontSize=s["title"], titleFontSize=s["title"])
            .configure_view(stroke=None))


def _series_scales() -> tuple[alt.Scale, alt.Scale]:
    keys = list(SERIES_COLORS)
    domain = [d(k) for k in keys]
    return (alt.Scale(domain=domain, range=[SERIES_COLORS[k] for k in keys]),
            alt.Scale(domain=domain, range=[SERIES_DASH[k] for k in keys]))


def _rule(day: dt.date, label: str, color: str, size: int) -> alt.LayerChart:
    frame = pd.DataFrame({"date": [pd.Timestamp(day)], "label": [label]})
    base = alt.Chart(frame).encode(x="date:T")
    return base.mark_rule(color=color, strokeWidth=2) + base.mark_text(
        align="left", dx=4, dy=-6, baseline="top", color=color, fontWeight="bold", fontSize=size).encode(
        text="label:N", y=alt.value(0))


def burn(frame: pd.DataFrame, title: str, unit: str, up: bool, deadline: dt.date, as_of: dt.date,
         target: float | None, projector: bool, height: int = 380, width: int | None = None) -> alt.TopLevelMixin:
    """Planned (dashed grey), actual (solid blue, dots) and forecast (dotted orange) lines, with the
    deadline and as-of date as labelled rules; burn-up adds the target as a horizontal rule."""
    color, dash = _series_scales()
    size = _sizes(projector)["label"]
    y_title = d("axis_cumulative" if up else "axis_remaining", unit=unit)
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=d("axis_date"), axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("series:N", scale=color, title=None,
                        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolSize=500)),
        strokeDash=alt.StrokeDash("series:N", scale=dash, title=None),
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("date:T", title=d("axis_date")),
                 alt.Tooltip("value:Q", title=y_title, format=",.1f")],
    )
    # the dots on the actual line take a fixed colour, not a second colour/dash encoding: two
    # encodings of one field with and without a legend drew the legend twice (Vega-Lite warns
    # 'Conflicting legend property "disable"')
    dots = alt.Chart(frame).transform_filter(alt.datum.series == d("series_actual")).mark_point(
        filled=True, size=60, color=SERIES_COLORS["series_actual"]).encode(
        x="date:T", y="value:Q", tooltip=[alt.Tooltip("date:T", title=d("axis_date")),
                                          alt.Tooltip("value:Q", title=y_title, format=",.1f")])
    layers = [base.mark_line(strokeWidth=3), dots,
              _rule(deadline, d("rule_deadline"), "#CC79A7", size), _rule(as_of, d("rule_as_of"), "#333333", size)]
    if up and target is not None:
        goal = pd.DataFrame({"value": [target], "label": [d("rule_target")]})
        rule = alt.Chart(goal).encode(y="value:Q")
        layers += [rule.mark_rule(color="#009E73", strokeWidth=2),
                   rule.mark_text(align="left", dx=4, dy=-8, color="#009E73", fontWeight="bold", fontSize=size)
                   .encode(text="label:N", x=alt.value(0))]
    # the height includes title, legend and axes (Streamlit fits the chart): on the projector the
    # title is left out, the target and region are named in the pickers just above
    sized = {"height": height} | ({"width": width} if width else {})
    chart = alt.layer(*layers).properties(**sized, **({} if projector else {"title": title}))
    return styled(chart, projector)


def multiples(frame: pd.DataFrame, unit: str, up: bool, projector: bool, columns: int = 4) -> alt.TopLevelMixin:
    """One small chart per region: planned and actual lines, shared axes."""
    color, dash = _series_scales()
    y_title = d("axis_cumulative" if up else "axis_remaining", unit=unit)
    chart = alt.Chart(frame).mark_line(strokeWidth=2).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=3)),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("series:N", scale=color, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dash, title=None),
    ).properties(width=200 if projector else 180, height=110 if projector else 100).facet(
        facet=alt.Facet("region:N", title=None, sort=list(dict.fromkeys(frame["region"]))), columns=columns)
    return styled(chart, projector)


def timeline(frame: pd.DataFrame, title: str, as_of: dt.date, projector: bool) -> alt.TopLevelMixin:
    """Regions down, time across: the period from start to deadline, and a mark per due date
    (shape and colour by state: done, missed, not yet due)."""
    keys = list(STATE_COLORS)
    domain = [d(k) for k in keys]
    order = list(dict.fromkeys(frame["region"]))
    y = alt.Y("region:N", title=None, sort=order)
    span = alt.Chart(frame).mark_rule(color="#cccccc", strokeWidth=6).encode(
        x=alt.X("min(start):T", title=d("axis_date"), axis=alt.Axis(format="%Y-%m")), x2="max(deadline):T", y=y)
    marks = alt.Chart(frame).mark_point(filled=True, size=180 if projector else 110, opacity=1).encode(
        x="date:T", y=y,
        color=alt.Color("state:N", title=None, scale=alt.Scale(domain=domain, range=[STATE_COLORS[k] for k in keys])),
        shape=alt.Shape("state:N", title=None, scale=alt.Scale(domain=domain, range=[STATE_SHAPES[k] for k in keys])),
        tooltip=[alt.Tooltip("region:N", title=d("region")), alt.Tooltip("due:T", title=d("deadline")),
                 alt.Tooltip("state:N", title=d("status"))],
    )
    row = 34 if projector else 26
    chart = alt.layer(span, marks, _rule(as_of, d("rule_as_of"), "#333333", _sizes(projector)["label"])).properties(
        title=title, height=max(120, row * len(order)))
    return styled(chart, projector)


def choropleth(features: list[dict], labels: list[dict], lines: dict | None, title: str,
               width: int = 900, height: int = 640) -> alt.TopLevelMixin:
    """A static copy of the map for download (PNG/SVG via vl-convert): the same fills and labels.

    `features` carry properties.hex (fill colour); `labels` carry lon, lat and text (name and
    value on two lines); `lines` is the national boundary-line collection, drawn unfilled.
    """
    features = [{**f, "geometry": rewound(f["geometry"])} for f in features]
    shapes = alt.Chart(alt.Data(values=features)).mark_geoshape(stroke="#ffffff", strokeWidth=0.8).encode(
        color=alt.Color("properties.hex:N", scale=None))
    layers = [shapes]
    if lines is not None:
        layers.append(alt.Chart(alt.Data(values=lines["features"])).mark_geoshape(
            filled=False, stroke="#505050", strokeWidth=1.2))
    text = pd.DataFrame(labels)
    layers.append(alt.Chart(text).mark_text(fontSize=13, fontWeight="bold", lineBreak="\n", stroke="#ffffff",
                                            strokeWidth=3, strokeOpacity=0.9).encode(
        longitude="lon:Q", latitude="lat:Q", text="text:N"))
    layers.append(alt.Chart(text).mark_text(fontSize=13, fontWeight="bold", lineBreak="\n", color="#000000").encode(
        longitude="lon:Q", latitude="lat:Q", text="text:N"))
    chart = alt.layer(*layers).project(type="mercator").properties(width=width, height=height, title=title)
    return styled(chart, False)
