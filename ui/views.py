"""View models of the overview and map pages, built from the cached readers in ui.data.

Pages only render: everything that sorts, groups or aggregates the status table lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from targets.messages import STATUS_LABELS
from targets.method import aggregate, standing
from targets.method.status import SEVERITY
from targets.plans.definitions import Plan
from ui import data
from ui.filters import Filters
from ui.strings import d

LAGGING = standing.LAGGING
GRID_MAX = 60  # regions drawn in the overview grid (laggards first); the download has all
ALL = "all"
CATEGORY_PREFIX = "category:"


def status_rows(f: Filters) -> pd.DataFrame:
    """The status table at the filter set's as-of date, narrowed by the filter set."""
    return f.apply(data.plan_status(f.plan, f.as_of))


# what the overview and the map read of a status row (and what the filters narrow by)
SHOWN_COLUMNS = ("plan", "target", "region", "name", "region_name", "status", "status_label", "completion",
                 "pace", "kind", "category", "lead", "uncertain", "explanation")


def shown_rows(f: Filters) -> pd.DataFrame:
    """status_rows with only the columns the overview and the map show (SHOWN_COLUMNS)."""
    return f.apply(data.plan_columns(f.plan, f.as_of, SHOWN_COLUMNS))


# what the what-if page reads of a status row besides its index (and what the filters narrow by)
WHATIF_COLUMNS = ("plan", "target", "region", "name", "region_name", "unit", "status", "category", "lead",
                  "uncertain")


def whatif_rows(f: Filters) -> pd.DataFrame:
    """status_rows with only the columns the what-if page reads (WHATIF_COLUMNS)."""
    return f.apply(data.plan_columns(f.plan, f.as_of, WHATIF_COLUMNS))


def plan_rows(f: Filters) -> pd.DataFrame:
    """The status table at the filter set's as-of date, of its plan only (nothing else filtered)."""
    return data.plan_status(f.plan, f.as_of)


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many (target, region) rows have each status (every status listed, 0 if none)."""
    return standing.counts(table)


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Rows most behind first (targets.method.standing.ranked)."""
    return standing.ranked(table)


def laggards(table: pd.DataFrame, brief: bool = False, limit: int | None = None) -> pd.DataFrame:
    """The lagging rows (overdue, off track, behind, not reported), most behind first, for display
    (brief: without the explanations, for the projector's side column; limit: the first rows only)."""
    if table.empty:
        rows = table
    else:
        positions = standing.order(table)
        positions = positions[table["status"].isin(LAGGING).to_numpy()[positions]][:limit]
        rows = table.iloc[positions]
    frame = pd.DataFrame({
        d("region"): data.text(rows, "region_name"),
        d("target"): data.text(rows, "name"),
        d("status"): data.text(rows, "status_label"),
        d("explanation"): data.text(rows, "explanation"),
    })
    return frame.drop(columns=[d("explanation")]) if brief else frame


def lagging_count(table: pd.DataFrame) -> int:
    """How many rows are lagging (laggards without a limit has this many rows)."""
    return int(table["status"].isin(LAGGING).sum()) if not table.empty else 0


def laggard_targets(table: pd.DataFrame) -> list[str]:
    """Target ids of the lagging rows, most behind first, without repeats."""
    if table.empty:
        return []
    return list(dict.fromkeys(_ranked(table[table["status"].isin(LAGGING)])["target"]))


def grid(table: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, list[tuple[str, str]], list[tuple[str, str]]]:
    """The region × target grid of the targets allocated to regions: (cells, rows, columns).

    Rows are regions, laggards first (region status as on the map, then most lagging cells, then
    lowest mean pace, then code); columns are targets in the plan's order. Empty when nothing is
    allocated. Computed in numpy over all cells at once (a country has 85,000).
    """
    cells = _without_region(table, plan.region)
    if cells.empty:
        return cells, [], []
    order = {t.id: i for i, t in enumerate(plan.targets)}
    target_firsts = _firsts(cells["target"])
    columns = sorted(zip(_values(cells["target"].iloc[target_firsts]), _values(cells["name"].iloc[target_firsts])),
                     key=lambda c: order.get(c[0], 0))
    statuses = aggregate.region_statuses(cells)  # the map's region status, regions in order of appearance
    codes = pd.factorize(cells["region"])[0]
    n = len(statuses)
    lagging = np.bincount(codes, weights=cells["status"].isin(LAGGING).to_numpy(), minlength=n)
    pace = pd.to_numeric(cells["pace"], errors="coerce").to_numpy(dtype=float)
    mean_pace = np.nan_to_num(aggregate.means(pace, codes, n), nan=9.0)
    severity = np.array([SEVERITY[s] for s in statuses["status"]])
    region_codes = np.asarray(statuses.index, dtype=object)
    ranks = np.lexsort((pd.factorize(region_codes, sort=True)[0], mean_pace, -lagging, severity))
    names = _values(cells["region_name"].iloc[_firsts(cells["region"])])
    return cells, [(region_codes[i], names[i]) for i in ranks], columns


def _without_region(table: pd.DataFrame, region: str) -> pd.DataFrame:
    """The rows of other regions than `region` (the plan's own); the table itself when it has none."""
    if table.empty:
        return table
    keep = table["region"] != region
    return table if keep.all() else table[keep]


def _firsts(column: pd.Series) -> np.ndarray:
    """Positions of each distinct value's first row, in order of first appearance."""
    codes = pd.factorize(column)[0]  # numbered in order of first appearance (-1: a gap)
    # a value's first row is where the running highest code rises to it (no sort of 85,000 codes)
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


def grid_table(cells: pd.DataFrame) -> pd.DataFrame:
    """Every cell of the grid as a table (the grid's download: the screen shows only the laggards)."""
    return pd.DataFrame({
        d("region"): data.text(cells, "region_name"), d("target"): data.text(cells, "name"),
        d("status"): data.text(cells, "status").map(STATUS_LABELS), d("completion"): cells["completion"],
        d("explanation"): data.text(cells, "explanation"),
    })


def _values(column: pd.Series) -> list:
    """A column as a Python list (through numpy: an arrow-backed text column iterates ten times slower)."""
    return column.to_numpy(dtype=object).tolist()


def map_subjects(table: pd.DataFrame) -> dict[str, str]:
    """Map subject key → label: all targets, each category, each target with per-region rows."""
    subjects = {ALL: d("map_all")}
    if table.empty:
        return subjects
    for category in sorted(table["category"].dropna().unique()):
        subjects[f"{CATEGORY_PREFIX}{category}"] = d("map_category", category=category)
    counts = table["target"].value_counts()
    firsts = _firsts(table["target"])
    for target, name in zip(_values(table["target"].iloc[firsts]), _values(table["name"].iloc[firsts])):
        if counts[target] > 1:
            subjects[target] = name
    return subjects


def _subject_rows(table: pd.DataFrame, subject: str) -> pd.DataFrame:
    if table.empty or subject == ALL:
        return table
    if subject.startswith(CATEGORY_PREFIX):
        return table[table["category"] == subject[len(CATEGORY_PREFIX):]]
    return table[table["target"] == subject]


def region_values(table: pd.DataFrame, plan: Plan, subject: str,
                  unfiltered: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per region of the plan: completion, status, the counts beside it and a one-line tip.

    One target: its completion, status and explanation. Several: the region status of
    targets.method.aggregate (amount targets decide; duties are counted apart). Built in numpy,
    column by column (a country's 2,845 counties on every filter change).
    """
    rows = _subject_rows(table, subject)
    rows = _without_region(rows, plan.region)
    codes = pd.Index(plan.regions, dtype=object)
    n = len(codes)
    # regions the plan tracks but the filters leave out: not "no data"
    everywhere = _subject_rows(unfiltered, subject)["region"].unique() \
        if unfiltered is not None and not unfiltered.empty else []
    single = subject not in (ALL,) and not subject.startswith(CATEGORY_PREFIX)
    statuses = aggregate.region_statuses(rows) if not rows.empty else aggregate.region_statuses(pd.DataFrame())
    at = pd.Index(statuses.index).get_indexer(codes)  # each region's row in statuses, -1 when not shown
    shown = at >= 0
    filtered = ~shown & codes.isin(np.asarray(everywhere, dtype=object))
    source = at[shown]
    completion = np.full(n, np.nan)
    status = np.full(n, "no_data", dtype=object)
    tip = np.where(filtered, d("map_filtered_out"), d("map_no_data")).astype(object)
    counts = {c: np.zeros(n, dtype=np.int64) for c in ("amounts", "amounts_ok", "duties", "duties_overdue")}
    if single and shown.any():
        firsts = rows.iloc[_firsts(rows["region"])]  # the first row of each region, as statuses
        completion[shown] = pd.to_numeric(firsts["completion"], errors="coerce").to_numpy(dtype=float)[source]
        status[shown] = data.text(firsts, "status").to_numpy(dtype=object)[source]
        tip[shown] = data.text(firsts, "explanation").to_numpy(dtype=object)[source]
    elif shown.any():
        for c, column in counts.items():
            column[shown] = statuses[c].to_numpy(dtype=np.int64)[source]
        completion[shown] = pd.to_numeric(statuses["completion"], errors="coerce").to_numpy(dtype=float)[source]
        status[shown] = statuses["status"].to_numpy(dtype=object)[source]
        firsts = _firsts(rows["target"])
        target_names = dict(zip(_values(rows["target"].iloc[firsts]), _values(rows["name"].iloc[firsts])))
        weakest = [target_names.get(w, "") for w in statuses["weakest"].to_numpy(dtype=object)[source].tolist()]
        tip[shown] = _tips(counts["amounts"][shown], counts["amounts_ok"][shown], completion[shown], status[shown],
                           weakest, counts["duties"][shown], counts["duties_overdue"][shown])
    return pd.DataFrame({
        "region": pd.Series(codes, dtype=object), "name": pd.Series(data.region_names(plan.regions), dtype=object),
        "completion": completion, "status": pd.Series(status, dtype=object), "tip": pd.Series(tip, dtype=object),
        "reported": shown, **counts, "single": np.full(n, single), "filtered": filtered,
    })


def _tips(amounts: np.ndarray, amounts_ok: np.ndarray, completion: np.ndarray, status: np.ndarray,
          weakest: list[str], duties: np.ndarray, duties_overdue: np.ndarray) -> np.ndarray:
    """The map tooltip of each region: its amounts, the target that sets its status, its duties,
    joined by the clause separator. Each distinct clause is formatted once (a country's counties
    share a few hundred)."""
    amount = _formatted(d("map_tip_amounts"), n=amounts, ok=amounts_ok, completion=_each(completion, _pct))
    weakest_names = np.asarray(weakest, dtype=object)
    weak = _formatted(d("map_tip_weakest"), target=weakest_names, status=_each(status, STATUS_LABELS.__getitem__))
    duty = _formatted(d("map_tip_duties"), n=duties, overdue=duties_overdue)
    clauses = (np.where(amounts > 0, amount, ""),
               np.where((weakest_names != "") & (status != "done"), weak, ""),
               np.where(duties > 0, duty, ""))
    sep = d("list_sep_clause")
    tips = clauses[0]
    for clause in clauses[1:]:
        has, before = clause != "", tips != ""
        tips = np.where(has & before, tips + sep + clause, np.where(has, clause, tips))
    return tips


def _each(values: object, func: Callable[[Any], str]) -> np.ndarray:
    """`func` of each value, as an object array, called once per distinct value (NaN and None
    included: each is one value)."""
    codes, uniques = _factorized(values)
    texts: np.ndarray = np.array([func(u) for u in uniques], dtype=object)
    return texts[codes]


def _formatted(template: str, **columns: object) -> np.ndarray:
    """`template.format(**row)` of each row of the equally long `columns`, as an object array: the
    rows are told apart in numpy and each distinct row is formatted once."""
    names = list(columns)
    key: np.ndarray | None = None
    values = []
    for column in columns.values():
        codes, uniques = _factorized(column)
        key = codes.astype(np.int64) if key is None else key * max(len(uniques), 1) + codes
        values.append((codes, uniques))
    if key is None or not len(key):
        return np.array([], dtype=object)
    _, firsts, inverse = np.unique(key, return_index=True, return_inverse=True)
    texts = [template.format(**{name: uniques[codes[i]] for name, (codes, uniques) in zip(names, values)})
             for i in firsts.tolist()]
    out: np.ndarray = np.array(texts, dtype=object)[inverse.reshape(-1)]
    return out


def _factorized(values: object) -> tuple[np.ndarray, list]:
    """(code per value, the distinct values as Python objects), NaN and None each one value: numbers are
    factorised as they are (no Python object per value), the rest as objects."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        array = np.asarray(values, dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    return codes, uniques.tolist()


def _pct(value: float | None) -> str:
    return "—" if value is None or value is pd.NA or value != value else f"{value:.0%}"  # value != value: NaN


def region_table(values: pd.DataFrame) -> pd.DataFrame:
    """The map's values as a display table (several targets: with the amount and duty counts)."""
    reported, filtered = values["reported"].to_numpy(dtype=bool), values["filtered"].to_numpy(dtype=bool)
    labels = _each(values["status"], STATUS_LABELS.__getitem__)
    table = pd.DataFrame({
        d("region"): values["name"],
        d("status"): np.where(reported, labels, np.where(filtered, d("map_filtered_out"), d("map_no_data"))),
        d("completion"): _each(values["completion"], _pct),
    })
    if not values["single"].any():
        for label, part, total in ((d("map_amounts_ok"), "amounts_ok", "amounts"),
                                   (d("map_duties_overdue"), "duties_overdue", "duties")):
            totals = values[total].to_numpy()  # "k/n" once per pair (a country's counties share a few)
            shares = _formatted(d("of"), part=values[part].to_numpy(), total=totals)
            table[label] = np.where(totals > 0, shares, "—")
    table[d("explanation")] = values["tip"]
    return table


def region_table_shown(values: pd.DataFrame, table: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The rows of region_table(values) the map page draws: all of them in plan order, or of more than
    `limit` regions (a country's counties) the `limit` most behind (targets.method.standing.order)."""
    if len(table) <= limit:
        return table
    regions = values[["region", "status", "completion"]].assign(pace=np.nan, target="")
    return table.iloc[standing.order(regions)[:limit]]


def region_detail(table: pd.DataFrame, region: str, brief: bool = False) -> pd.DataFrame:
    """Every target of one region, most behind first, for display (brief: without explanations)."""
    rows = _ranked(table[table["region"] == region]) if not table.empty else table
    frame = pd.DataFrame({
        d("target"): data.text(rows, "name"),
        d("status"): data.text(rows, "status_label"),
        d("completion"): [_pct(v) for v in rows.get("completion", [])],
        d("explanation"): data.text(rows, "explanation"),
    })
    return frame.drop(columns=[d("explanation")]) if brief else frame
