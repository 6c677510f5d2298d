"""Aggregation over regions: a target's total, and the region status the map is coloured by."""

import datetime as dt

import pytest

from targets.method.aggregate import Item, RegionStatus, can_sum, region_status, summed

D = dt.date


def test_the_total_sums_each_regions_latest_value_on_every_report_date():
    a = [(D(2023, 3, 31), 2.0), (D(2023, 6, 30), 5.0)]
    b = [(D(2023, 4, 30), 10.0)]
    # 03-31: 2 + 0 (b not yet reported); 04-30: 2 + 10; 06-30: 5 + 10
    assert summed([a, b]) == [(D(2023, 3, 31), 2.0), (D(2023, 4, 30), 12.0), (D(2023, 6, 30), 15.0)]
    assert summed([]) == [] and summed([[], []]) == []


@pytest.mark.parametrize(
    "kind, regions, total",
    [("cumulative", 11, True), ("count", 2, True), ("cumulative", 1, False), ("rate", 11, False),
     ("milestone", 11, False), ("recurring", 11, False)],
)
def test_only_additive_targets_in_several_regions_have_a_total(kind, regions, total):
    assert can_sum(kind, regions) is total


def amount(target, status, completion=None, pace=None, kind="cumulative"):
    return Item(target, kind, status, completion, pace)


def duty(target, status, kind="recurring"):
    return Item(target, kind, status, 0.0 if status != "done" else 1.0)


@pytest.mark.parametrize(
    "items, status, weakest",
    [
        # the old rule took the worst of everything: one yearly duty overdue made every region 逾期
        ([amount("a", "on_track", 0.6, 1.1), amount("b", "done", 1.0), duty("d", "overdue")], "on_track", "a"),
        # the most lagging amount target sets the status; among equals, the lowest pace
        ([amount("a", "behind", 0.4, 0.9), amount("b", "behind", 0.3, 0.85), amount("c", "on_track", 0.5, 1.0)],
         "behind", "b"),
        ([amount("a", "off_track", 0.2, 0.5), amount("b", "behind", 0.3, 0.85)], "off_track", "a"),
        ([amount("a", "overdue", 0.9), amount("b", "on_track", 0.5, 1.0)], "overdue", "a"),
        ([amount("a", "done", 1.2), amount("b", "done", 1.0, kind="rate")], "done", None),
        # not reported is worse than on track (a region that reports nothing is not on track)
        ([amount("a", "no_data"), amount("b", "on_track", 0.5, 1.0)], "no_data", "a"),
        # duties only: the most lagging duty
        ([duty("d", "on_track"), duty("e", "overdue", kind="milestone")], "overdue", "e"),
        ([], "no_data", None),
    ],
)
def test_the_region_status_is_its_most_lagging_amount_target(items, status, weakest):
    rs = region_status(items)
    assert (rs.status, rs.weakest) == (status, weakest)


def test_completion_and_counts_beside_the_status():
    rs = region_status([amount("a", "done", 1.5), amount("b", "behind", 0.4, 0.9), amount("c", "no_data"),
                        duty("d", "overdue"), duty("e", "done"), duty("f", "overdue", kind="milestone")])
    # (min(1.5, 1) + 0.4) / 2: each capped at 100%, targets without a value left out, duties not in it
    assert rs == RegionStatus("behind", pytest.approx(0.7), amounts=3, amounts_ok=1, duties=3,
                              duties_overdue=2, weakest="b")


def test_nan_counts_as_unknown():
    nan = float("nan")
    rs = region_status([amount("a", "no_data", nan, nan), amount("b", "on_track", 0.5, 1.0)])
    assert rs.completion == pytest.approx(0.5) and rs.weakest == "a"


def test_every_region_at_once_equals_each_region_alone():
    """region_statuses over many regions gives each region what region_status gives it alone
    (regions in the order they first appear, items interleaved)."""
    import random

    import pandas as pd

    from targets.method.aggregate import from_row, region_statuses

    rng = random.Random(7)
    statuses = ["overdue", "off_track", "behind", "no_data", "on_track", "done"]
    kinds = ["cumulative", "count", "rate", "milestone", "recurring"]
    items: dict[str, list[Item]] = {}
    rows = []
    for i in range(400):
        region, target = f"r{rng.randrange(30):02d}", f"t{i:03d}"
        completion = None if rng.random() < 0.2 else rng.choice([0.2, 0.5, 1.0, 1.3])
        pace = None if rng.random() < 0.2 else rng.choice([0.5, 0.9, 1.0])
        item = Item(target, rng.choice(kinds), rng.choice(statuses), completion, pace)
        items.setdefault(region, []).append(item)
        rows.append({"region": region, **item.__dict__})
    table = region_statuses(pd.DataFrame(rows))
    assert list(table.index) == list(items)
    for region, own in items.items():
        assert from_row(table.loc[region].to_dict()) == region_status(own), region
