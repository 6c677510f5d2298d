"""View models for the upload, history, allocations and admin pages: labelled tables, region lists.

Reads go straight to the store (these pages are used by few people, and each must show the
store's truth right after a write); labels come from ui.strings.
"""

from __future__ import annotations

import pandas as pd

from targets import clock, permissions, store
from targets.intake.allocations import Share
from targets.plans import regions
from targets.store import accounts
from targets.store.accounts import User
from ui import data
from ui.strings import (
    ACCOUNT_LABELS,
    ALLOCATION_LABELS,
    ALLOCATION_PREVIEW_COLUMNS,
    AUDIT_COLUMNS,
    CHANGE_LABELS,
    HISTORY_LABELS,
    MISSING,
    OUTCOME_LABELS,
    ROLE_LABELS,
    SOURCE_LABELS,
    UPLOAD_COLUMNS,
    USER_COLUMNS,
    VERSION_COLUMNS,
)

SHA_SHORT = 12


def local_time(value: object) -> str:
    """A stored UTC timestamp in the configured time zone (Beijing time by default), to the second."""
    return clock.shown(value, data.settings().time_zone)


def region_label(code: str) -> str:
    """A region by its name (`长春市`); the code is added only where another region has the same name."""
    r = regions.get(code)
    if r is None:
        return code
    named = regions.lookup(r.name)
    return r.name if named is not None and named.code == code else f"{r.name}（{code}）"


def region_name(code: str) -> str:
    """A region's name alone, or its code when it is unknown (file names)."""
    r = regions.get(code)
    return r.name if r else code


def account_label(name: object) -> str:
    """An account as people read it: the product's own writers (系统, 示例数据) by what they are."""
    return ACCOUNT_LABELS.get(str(name), str(name)) if name is not None and name == name else MISSING


def plan_regions() -> list[str]:
    """Every region a plan tracks, each plan's own (province- or city-wide) region first."""
    codes: dict[str, None] = {}
    for plan in data.plans():
        codes.update(dict.fromkeys((plan.region, *plan.regions)))
    return list(codes)


def reportable_regions(user: User) -> list[str]:
    """The regions this account may report for (targets.permissions): its own first, then every plan region."""
    own = [c for c in user.regions if permissions.may(user, "report", region=c)]
    listed = [c for c in plan_regions() if permissions.may(user, "report", region=c)]
    return list(dict.fromkeys(own + listed))


def _labelled(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    return frame[[c for c in columns if c in frame.columns]].rename(columns=columns)


def uploads_table() -> pd.DataFrame:
    """Every upload, newest first, with who, when, file, short hash, rows, outcome, reverted, source."""
    frame = pd.DataFrame(store.uploads(data.get_engine()), columns=list(UPLOAD_COLUMNS))
    frame["sha256"] = frame["sha256"].fillna("").str[:SHA_SHORT].replace("", MISSING)
    frame["user"] = frame["user"].map(account_label)
    frame["time"] = frame["time"].map(local_time)
    frame["outcome"] = frame["outcome"].map(lambda v: OUTCOME_LABELS.get(v, v))
    frame["source"] = frame["source"].map(lambda v: SOURCE_LABELS.get(v, v))
    return _labelled(frame, UPLOAD_COLUMNS)


def upload(upload_id: int) -> dict:
    """One upload's record, its time in Beijing time (NotFound for an unknown id)."""
    record = store.get_upload(data.get_engine(), upload_id)
    return {**record, "time": local_time(record["time"])}


def revert_refusal(user: User | None, upload_id: int) -> str | None:
    """Why this account may not revert the upload, as a sentence; None when it may."""
    refused = permissions.refusal(user, "revert", upload=store.upload_facts(data.get_engine(), upload_id))
    return None if refused is None else str(refused)


def upload_choices() -> dict[int, str]:
    """Every upload id, newest first, with a one-line label (number, time, account, rows, source)."""
    return {u["id"]: HISTORY_LABELS["upload_choice"].format(
        id=u["id"], time=local_time(u["time"]), user=account_label(u["user"]), rows=u["rows"],
        source=SOURCE_LABELS.get(u["source"], u["source"])) for u in store.uploads(data.get_engine())}


def _versions(**narrow: object) -> pd.DataFrame:
    """Stored versions (narrowed in the query) with their upload's reverted flag and whether current
    (both from the store's one current-values query)."""
    frame = store.reports(data.get_engine(), all_versions=True, **narrow)
    frame["source"] = frame["source"].map(lambda v: SOURCE_LABELS.get(v, v))
    if "user" in frame.columns:
        frame["user"] = frame["user"].map(account_label)
    return frame


def upload_rows(upload_id: int) -> pd.DataFrame:
    """The rows one upload stored (demo rows included while demo data is shown), each marked current or not."""
    return _labelled(_versions(upload=upload_id), VERSION_COLUMNS)


def versions(target: str, region: str) -> pd.DataFrame:
    """Every version of one (target, region)'s values, by date and version."""
    frame = _versions(targets=[target], regions=[region])
    return _labelled(frame.sort_values(["date", "version"]), VERSION_COLUMNS)


def target_options() -> dict[str, str]:
    """Target id → its name for every target of every plan; `名称（id）` only where two share a name."""
    targets = [t for p in data.plans() for t in p.targets]
    counts = pd.Series([t.name for t in targets]).value_counts()
    return {t.id: t.name if counts[t.name] == 1 else f"{t.name}（{t.id}）" for t in targets}


def users_table() -> pd.DataFrame:
    """Every account: name, role, regions, disabled (never a hash)."""
    users = accounts.list_users(data.get_engine())
    frame = pd.DataFrame({
        "name": [u.name for u in users],
        "role": [ROLE_LABELS.get(u.role, u.role) for u in users],
        "regions": ["、".join(region_label(c) for c in u.regions) for u in users],
        "disabled": [u.disabled for u in users],
    })
    return _labelled(frame, USER_COLUMNS)


def user_names() -> list[str]:
    """Every account name."""
    return [u.name for u in accounts.list_users(data.get_engine())]


def user(name: str) -> User | None:
    """One account, re-read from the store."""
    return accounts.get_user(data.get_engine(), name)


def audit_table() -> pd.DataFrame:
    """The audit log, newest first (read-only)."""
    frame = pd.DataFrame(store.audit_log(data.get_engine()), columns=list(AUDIT_COLUMNS))
    frame["time"] = frame["time"].map(local_time)
    frame["user"] = frame["user"].map(account_label)
    return _labelled(frame, AUDIT_COLUMNS)


def allocation_table(plan_id: str) -> pd.DataFrame:
    """The plan's current allocation: one row per region (every city visible at once, however many
    targets), one column per allocated target, headed by its name and unit."""
    shares = data.allocations()
    plan = data.plan(plan_id)
    allocated = [t for t in plan.targets if t.id in shares]
    if not allocated:
        return pd.DataFrame()
    codes = list(dict.fromkeys((plan.region, *plan.regions, *sorted(c for t in allocated for c in shares[t.id]))))
    codes = [c for c in codes if any(c in shares[t.id] for t in allocated)]
    table = pd.DataFrame({ALLOCATION_LABELS["region"]: [region_label(c) for c in codes]})
    for t in allocated:
        header = ALLOCATION_LABELS["column"].format(name=t.name, unit=t.unit) if t.unit else t.name
        table[header] = [shares[t.id].get(c) for c in codes]
    return table


def allocation_preview(shares: list[Share]) -> pd.DataFrame:
    """What an allocation import would change: each share against the current one."""
    current = data.allocations()
    names = target_options()
    rows = []
    for s in shares:
        previous = current.get(s.target, {}).get(s.region)
        change = "new" if previous is None else ("unchanged" if abs(previous - s.share) < 1e-9 else "changed")
        rows.append({"change": CHANGE_LABELS[change], "target": s.target,
                     "name": names.get(s.target, s.target).removeprefix(f"{s.target} "), "region": s.region,
                     "region_name": region_label(s.region), "share": s.share, "previous": previous})
    return _labelled(pd.DataFrame(rows, columns=list(ALLOCATION_PREVIEW_COLUMNS)), ALLOCATION_PREVIEW_COLUMNS)
