"""View models of the overview and map pages, built from the cached readers in ui.data.

Pages only render: everything that sorts, groups or aggregates the status table lives here.
"""

from __future__ import annotations

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
    return f.apply(data.status(f.as_of))


def plan_rows(f: Filters) -> pd.DataFrame:
    """The status table at the filter set's as-of date, of its plan only (nothing else filtered)."""
    return Filters(plan=f.plan, as_of=f.as_of).apply(data.status(f.as_of))


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many (target, region) rows have each status (every status listed, 0 if none)."""
    return standing.counts(table)


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Rows most behind first (targets.method.standing.ranked)."""
    return standing.ranked(table)


def laggards(table: pd.DataFrame, brief: bool = False) -> pd.DataFrame:
    """The lagging rows (overdue, off track, behind, not reported), most behind first, for display
    (brief: without the explanations, for the projector's side column)."""
    rows = _ranked(table[table["status"].isin(LAGGING)]) if not table.empty else table
    frame = pd.DataFrame({
        d("region"): rows.get("region_name", pd.Series(dtype=str)),
        d("target"): rows.get("name", pd.Series(dtype=str)),
        d("status"): rows.get("status_label", pd.Series(dtype=str)),
        d("explanation"): rows.get("explanation", pd.Series(dtype=str)),
    })
    return frame.drop(columns=[d("explanation")]) if brief else frame


def laggard_targets(table: pd.DataFrame) -> list[str]:
    """Target ids of the lagging rows, most behind first, without repeats."""
    if table.empty:
        return []
    return list(dict.fromkeys(_ranked(table[table["status"].isin(LAGGING)])["target"]))


def grid(table: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, list[tuple[str, str]], list[tuple[str, str]]]:
    """The region × target grid of the targets allocated to regions: (cells, rows, columns).

    Rows are regions, laggards first (region status as on the map, then most lagging cells, then
    lowest mean pace); columns are targets in the plan's order. Empty when nothing is allocated.
    """
    cells = table[table["region"] != plan.region] if not table.empty else table
    if cells.empty:
        return cells, [], []
    order = {t.id: i for i, t in enumerate(plan.targets)}
    columns = sorted(dict.fromkeys(zip(_values(cells["target"]), _values(cells["name"]))),
                     key=lambda c: order.get(c[0], 0))
    names = dict(zip(_values(cells["region"]), _values(cells["region_name"])))
    statuses = aggregate.region_statuses(cells)  # the map's region status
    lagging = cells["status"].isin(LAGGING).groupby(cells["region"], sort=False).sum()
    pace = pd.to_numeric(cells["pace"], errors="coerce").groupby(cells["region"], sort=False).mean().fillna(9.0)
    ranks = sorted((SEVERITY[status], -int(lagging[region]), float(pace[region]), region)
                   for region, status in zip(statuses.index, statuses["status"]))
    return cells, [(r[3], names[r[3]]) for r in ranks], columns


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
    for target, name in dict.fromkeys(zip(_values(table["target"]), _values(table["name"]))):
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
    targets.method.aggregate (amount targets decide; duties are counted apart).
    """
    rows = _subject_rows(table, subject)
    rows = rows[rows["region"] != plan.region] if not rows.empty else rows
    # regions the plan tracks but the filters leave out: not "no data"
    everywhere = set(_subject_rows(unfiltered, subject)["region"]) \
        if unfiltered is not None and not unfiltered.empty else set()
    single = subject not in (ALL,) and not subject.startswith(CATEGORY_PREFIX)
    names = dict(zip(rows.get("target", []), rows.get("name", [])))
    statuses = aggregate.region_statuses(rows).to_dict("index") if not rows.empty else {}
    firsts = rows.drop_duplicates("region").set_index("region") if single and not rows.empty else None
    records = []
    for code in plan.regions:
        shown = code in statuses
        record = {"region": code, "name": data.region_name(code), "completion": None, "status": "no_data",
                  "tip": d("map_no_data"), "reported": shown, "amounts": 0, "amounts_ok": 0,
                  "duties": 0, "duties_overdue": 0, "single": single,
                  "filtered": not shown and code in everywhere}
        if record["filtered"]:
            record["tip"] = d("map_filtered_out")
        if firsts is not None and shown:
            first = firsts.loc[code]
            completion = None if pd.isna(first["completion"]) else float(first["completion"])
            record |= {"completion": completion, "status": first["status"], "tip": first["explanation"]}
        elif shown:
            rs = aggregate.from_row(statuses[code])
            record |= {"completion": rs.completion, "status": rs.status, "amounts": rs.amounts,
                       "amounts_ok": rs.amounts_ok, "duties": rs.duties, "duties_overdue": rs.duties_overdue,
                       "tip": _region_tip(rs, names.get(rs.weakest, ""))}
        records.append(record)
    return pd.DataFrame(records)


def _region_tip(rs: aggregate.RegionStatus, weakest: str) -> str:
    """The map tooltip of a region: its amounts, the target that sets its status, its duties."""
    parts = []
    if rs.amounts:
        parts.append(d("map_tip_amounts", n=rs.amounts, ok=rs.amounts_ok, completion=_pct(rs.completion)))
    if weakest and rs.status != "done":
        parts.append(d("map_tip_weakest", target=weakest, status=STATUS_LABELS[rs.status]))
    if rs.duties:
        parts.append(d("map_tip_duties", n=rs.duties, overdue=rs.duties_overdue))
    return d("list_sep_clause").join(parts)


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def region_table(values: pd.DataFrame) -> pd.DataFrame:
    """The map's values as a display table (several targets: with the amount and duty counts)."""
    table = pd.DataFrame({
        d("region"): values["name"],
        d("status"): [STATUS_LABELS[s] if r else d("map_filtered_out") if out else d("map_no_data")
                      for s, r, out in zip(values["status"], values["reported"], values["filtered"])],
        d("completion"): [_pct(v) for v in values["completion"]],
    })
    if not values["single"].any():
        table[d("map_amounts_ok")] = [d("of", part=ok, total=n) if n else "—"
                                      for ok, n in zip(values["amounts_ok"], values["amounts"])]
        table[d("map_duties_overdue")] = [d("of", part=k, total=n) if n else "—"
                                          for k, n in zip(values["duties_overdue"], values["duties"])]
    table[d("explanation")] = values["tip"]
    return table


def region_detail(table: pd.DataFrame, region: str, brief: bool = False) -> pd.DataFrame:
    """Every target of one region, most behind first, for display (brief: without explanations)."""
    rows = _ranked(table[table["region"] == region]) if not table.empty else table
    frame = pd.DataFrame({
        d("target"): rows.get("name", pd.Series(dtype=str)),
        d("status"): rows.get("status_label", pd.Series(dtype=str)),
        d("completion"): [_pct(v) for v in rows.get("completion", [])],
        d("explanation"): rows.get("explanation", pd.Series(dtype=str)),
    })
    return frame.drop(columns=[d("explanation")]) if brief else frame
