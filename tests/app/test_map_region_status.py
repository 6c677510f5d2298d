"""地图 按状态: a region's colour is its most lagging amount target; overdue duties are marked beside it.

The store is built so the old rule (the worst status of every target and duty of the region) would
mislead: in 长春 every amount target is done but one yearly duty is overdue, so the old map showed
长春 逾期 like every other region; in 吉林市 one amount target has nothing done while every duty is met.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from targets import messages, store
from targets.method.aggregate import Item, region_status
from targets.method.status import DUTY_KINDS, due_date, periods, worst
from targets.method.tracking import region_spec, status_table
from targets.plans import regions
from targets.store.models import ReportIn
from tests.app.conftest import page_test
from ui import maps
from ui.strings import STATUS_SHORT, d
from ui.widgets import STATUS_COLORS

AS_OF = dt.date(2023, 6, 30)
DONE_WITH_DUTY_OVERDUE, AMOUNT_OFF_TRACK = "220100", "220200"


def _reports(engine) -> list[ReportIn]:
    plan = next(p for p in store.plans(engine) if p.id == "jl-2022")
    allocations = store.allocations(engine)
    rows = []
    for t in plan.targets:
        for region in (DONE_WITH_DUTY_OVERDUE, AMOUNT_OFF_TRACK):
            if region not in allocations.get(t.id, {}):
                continue
            spec = region_spec(t, allocations[t.id][region])
            if t.kind in DUTY_KINDS:
                dues = [due_date(spec, y) for y in periods(spec)] if t.kind == "recurring" else [spec.deadline]
                for due in [x for x in dues if x < AS_OF]:  # 长春 misses its first due date; 吉林市 meets all
                    first = due == dues[0] and region == DONE_WITH_DUTY_OVERDUE
                    rows.append(ReportIn(target=t.id, region=region, date=due, value=0 if first else spec.target))
            else:
                lagging = region == AMOUNT_OFF_TRACK and not any(r.region == region and r.value == 0 for r in rows)
                rows.append(ReportIn(target=t.id, region=region, date=AS_OF, value=0 if lagging else spec.target))
    return rows


@pytest.fixture
def seeded(engine):
    store.import_reports(engine, _reports(engine), user="test")
    return engine


@pytest.fixture
def at(seeded):
    at = page_test("map")
    at.query_params["as_of"] = AS_OF.isoformat()
    at.run()
    at.segmented_control(key="map_color").set_value("status").run()
    assert not at.exception, at.exception
    return at


def _table(engine):
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine), AS_OF)
    kinds = {t.id: t.kind for p in store.plans(engine) for t in p.targets}
    return table[table["plan"] == "jl-2022"].assign(kind=table["target"].map(kinds))


def _fills(at) -> dict[str, list[int]]:
    (chart,) = at.get("deck_gl_json_chart")
    layer = next(x for x in json.loads(chart.proto.json)["layers"] if x["id"] == "regions")
    return {f["properties"]["code"]: f["properties"]["fill"] for f in layer["data"]["features"]}


def _labels(at) -> dict[str, str]:
    (chart,) = at.get("deck_gl_json_chart")
    layer = next(x for x in json.loads(chart.proto.json)["layers"] if x["id"] == "labels")
    return {item["text"].split("\n")[0]: item["text"] for item in layer["data"]}


def test_the_store_would_mislead_the_old_rule(seeded):
    table = _table(seeded)
    cc = table[table["region"] == DONE_WITH_DUTY_OVERDUE]
    assert worst(list(cc["status"])) == "overdue"  # the old colour of 长春
    assert set(cc[~cc["kind"].isin(DUTY_KINDS)]["status"]) == {"done"}
    jl = table[table["region"] == AMOUNT_OFF_TRACK]
    assert set(jl[jl["kind"].isin(DUTY_KINDS)]["status"]) <= {"done", "on_track"}


def test_a_region_is_coloured_by_its_most_lagging_amount_target(at, engine):
    fills = _fills(at)
    assert fills[DONE_WITH_DUTY_OVERDUE] == maps.rgb(STATUS_COLORS["done"])  # not 逾期: only a duty is late
    assert fills[AMOUNT_OFF_TRACK] == maps.rgb(STATUS_COLORS["off_track"])
    table = _table(engine)
    for code in (DONE_WITH_DUTY_OVERDUE, AMOUNT_OFF_TRACK):  # the page and the method agree
        mine = table[table["region"] == code]
        items = [Item(r.target, r.kind, r.status, r.completion, r.pace) for r in mine.itertuples()]
        assert fills[code] == maps.rgb(STATUS_COLORS[region_status(items).status])


def test_overdue_duties_are_marked_beside_the_colour(at, engine):
    table = _table(engine)
    cc = table[table["region"] == DONE_WITH_DUTY_OVERDUE]
    overdue = int(((cc["kind"].isin(DUTY_KINDS)) & (cc["status"] == "overdue")).sum())
    amounts = int((~cc["kind"].isin(DUTY_KINDS)).sum())
    assert overdue >= 1
    name = regions.get(DONE_WITH_DUTY_OVERDUE).short
    label = _labels(at)[name]
    assert label.split("\n")[1:] == [f"{STATUS_SHORT['done']} {d('of', part=amounts, total=amounts)}",
                                     d("map_label_duties", n=overdue)]
    values = at.get_by_key("map_values").dataframe[0].value
    row = values[values[d("region")] == name].iloc[0]
    assert row[d("status")] == messages.STATUS_LABELS["done"]
    assert row[d("map_duties_overdue")] == d("of", part=overdue, total=int(cc["kind"].isin(DUTY_KINDS).sum()))


def test_the_page_states_the_region_rule(at):
    captions = [c.value for c in at.get_by_key("map_method").caption]
    assert messages.REGION_METHOD in captions and d("map_label_note") in captions
    assert messages.REGION_METHOD in messages.method_text(0.95, 0.8, 6)


def test_each_tooltip_says_the_regions_clauses_in_order_whatever_the_values():
    """The tooltip of a region of several targets: its amounts (with the mean completion, "—" without
    one, negative where a value fell), the target that sets its status unless it is done, its duties;
    clauses joined by the clause separator and left out where they have nothing to say. Built column
    by column for thousands of regions: checked here against the rule written out region by region."""
    import numpy as np

    from ui import views

    statuses = ("done", "on_track", "behind", "off_track", "overdue", "no_data")
    completions = (0.0, 0.25, 1.0, -0.05, float("nan"), 0.999)
    n = 120
    amounts = np.array([i % 4 for i in range(n)])
    ok = np.array([(i % 4) // 2 for i in range(n)])
    completion = np.array([completions[i % len(completions)] for i in range(n)])
    status = np.array([statuses[i % len(statuses)] for i in range(n)], dtype=object)
    weakest = ["" if i % 5 == 0 else f"指标{i % 3}" for i in range(n)]
    duties = np.array([i % 3 for i in range(n)])
    overdue = np.array([(i % 3) // 2 for i in range(n)])
    tips = views._tips(amounts, ok, completion, status, weakest, duties, overdue)
    for i in range(n):
        value = completion[i]
        clauses = []
        if amounts[i]:
            clauses.append(d("map_tip_amounts", n=amounts[i], ok=ok[i],
                             completion="—" if value != value else f"{value:.0%}"))
        if weakest[i] and status[i] != "done":
            clauses.append(d("map_tip_weakest", target=weakest[i], status=messages.STATUS_LABELS[status[i]]))
        if duties[i]:
            clauses.append(d("map_tip_duties", n=duties[i], overdue=overdue[i]))
        assert tips[i] == d("list_sep_clause").join(clauses), i
    assert "-5%" in tips[3] and "平均完成度 —" in tips[10] and tips[0] == ""


def test_the_region_table_says_each_regions_status_completion_and_counts_whatever_the_values():
    """The map's side table, built column by column for thousands of regions: checked here against the
    rule written out region by region (reported: the status; left out by the filters: so; else no data;
    a count pair "k/n" where there is any, "—" where none)."""
    import numpy as np
    import pandas as pd

    from ui import views

    statuses = ("done", "on_track", "behind", "off_track", "overdue", "no_data")
    completions = (0.0, 0.25, 1.0, -0.05, float("nan"), 0.999)
    n = 90
    values = pd.DataFrame({
        "name": [f"地区{i}" for i in range(n)],
        "completion": [completions[i % len(completions)] for i in range(n)],
        "status": pd.Series([statuses[i % len(statuses)] for i in range(n)], dtype=object),
        "tip": [f"说明{i % 7}" for i in range(n)],
        "reported": [i % 3 != 0 for i in range(n)], "filtered": [i % 6 == 0 for i in range(n)],
        "amounts": np.array([i % 4 for i in range(n)]), "amounts_ok": np.array([(i % 4) // 2 for i in range(n)]),
        "duties": np.array([i % 5 for i in range(n)]), "duties_overdue": np.array([(i % 5) // 3 for i in range(n)]),
        "single": False,
    })
    table = views.region_table(values)
    for i, row in values.iterrows():
        status = messages.STATUS_LABELS[row["status"]] if row["reported"] else \
            d("map_filtered_out") if row["filtered"] else d("map_no_data")
        value = row["completion"]
        expected = [row["name"], status, "—" if value != value else f"{value:.0%}",
                    d("of", part=row["amounts_ok"], total=row["amounts"]) if row["amounts"] else "—",
                    d("of", part=row["duties_overdue"], total=row["duties"]) if row["duties"] else "—", row["tip"]]
        assert table.iloc[i].tolist() == expected, i
    assert list(table.columns) == [d("region"), d("status"), d("completion"), d("map_amounts_ok"),
                                   d("map_duties_overdue"), d("explanation")]
