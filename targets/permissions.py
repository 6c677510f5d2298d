"""Who may do what: one declared table of rules, pure (no store, no I/O).

Roles: ``admin`` (the leadership office: everything), ``officer`` (reports for its own regions and
the regions below them, and reverts its own uploads there), ``viewer`` (reads only). A disabled
account and an anonymous visitor (``None``) may do nothing that writes. Some things nobody may do:
demo data is removed as a whole (``demo remove``), never reverted upload by upload, and the figures
a plan document prints are not an upload, so they cannot be reverted (report a newer value).

The store enforces these rules on every write (``require``); the command line and the pages only
ask (``may``, ``refusal``) to decide what to show. The role always comes from the stored account.
"""

from __future__ import annotations

from dataclasses import dataclass

from targets.errors import NotAllowed
from targets.plans import regions

ROLES = ("admin", "officer", "viewer")

ALL = "all"  # granted everywhere
OWN_REGIONS = "own_regions"  # granted for the account's regions and the regions below them
NONE = "none"  # never granted


@dataclass(frozen=True)
class User:
    """An account as the rules see it; `shell` is the operating-system user when it acts from the command line."""

    name: str
    role: str
    regions: tuple[str, ...]
    disabled: bool = False
    shell: str = ""


@dataclass(frozen=True)
class Upload:
    """What the rules need to know about an upload to decide who may revert it."""

    id: int
    user: str
    source: str  # upload | demo | document | allocation
    regions: tuple[str, ...] = ()  # the regions its rows are for


@dataclass(frozen=True)
class Rule:
    action: str
    admin: str
    officer: str
    viewer: str
    refusal: str  # message code of the sentence a refused account reads
    help: str


RULES: tuple[Rule, ...] = (
    Rule("report", ALL, OWN_REGIONS, NONE, "may_not_report", "Upload progress for a region."),
    Rule("revert_own", ALL, OWN_REGIONS, NONE, "may_not_revert",
         "Revert an upload one made oneself (an officer: only while its regions are still the officer's)."),
    Rule("revert_other", ALL, NONE, NONE, "revert_not_allowed", "Revert an upload another account made."),
    Rule("revert_allocation", ALL, NONE, NONE, "may_not_revert", "Revert an import of the allocation sheet."),
    Rule("revert_demo", NONE, NONE, NONE, "revert_demo", "Nobody: demo data is removed as a whole (demo remove)."),
    Rule("revert_document", NONE, NONE, NONE, "revert_document",
         "Nobody: a plan document's printed figures are not an upload; report a newer value instead."),
    Rule("edit_target", ALL, NONE, NONE, "may_not_edit_target", "Confirm or correct a target's definition."),
    Rule("manage_accounts", ALL, NONE, NONE, "may_not_manage_accounts",
         "Add accounts, disable or enable them, reset passwords, change roles and regions."),
    Rule("import_allocations", ALL, NONE, NONE, "may_not_import_allocations",
         "Import a changed allocation sheet (each region's share of a target)."),
    Rule("manage_demo", ALL, NONE, NONE, "may_not_manage_demo", "Load or remove demo data."),
    Rule("report_duty", ALL, OWN_REGIONS, NONE, "may_not_report_duty", "Report a duty item of a region done."),
    Rule("review_duty", ALL, NONE, NONE, "may_not_review_duty",
         "Confirm a reported duty, send it back, or mark it not applicable."),
    Rule("read_evidence", ALL, OWN_REGIONS, ALL, "may_not_read_evidence", "Download the evidence of a duty report."),
    Rule("chase", ALL, NONE, NONE, "may_not_chase", "Send the chase notices and keep the units' addresses."),
    Rule("snapshot", ALL, NONE, NONE, "may_not_snapshot", "Freeze a meeting snapshot."),
)
RULE = {r.action: r for r in RULES}
ACTIONS = (*RULE, "revert")  # "revert" resolves to one of the revert_* rules by the upload


def revert_action(user: User | None, upload: Upload) -> str:
    """The rule that decides whether `user` may revert `upload`."""
    if upload.source in ("demo", "document", "allocation"):
        return f"revert_{upload.source}"
    return "revert_own" if user is not None and upload.user == user.name else "revert_other"


def refusal(user: User | None, action: str, region: str | None = None,
            upload: Upload | None = None) -> NotAllowed | None:
    """Why `user` may not do `action` (for `region`, or on `upload`), as an error not raised; None if allowed.

    `action` is a RULES action, or "revert" with an upload. For a region-bound rule, no region
    asks whether the account may do it for some region at all.
    """
    if action == "revert":
        action = revert_action(user, upload) if upload is not None else "revert_other"
    rule = RULE[action]
    code = _refused(rule, user, _scope(action, region, upload))
    if code is None:
        return None
    return NotAllowed(code, name=user.name if user else "-", region=_region_name(region),
                      upload=upload.id if upload else "-")


def may(user: User | None, action: str, region: str | None = None, upload: Upload | None = None) -> bool:
    """Whether `user` may do `action` (for `region`, or on `upload`)."""
    return refusal(user, action, region, upload) is None


def require(user: User | None, action: str, region: str | None = None, upload: Upload | None = None) -> None:
    """NotAllowed, with the sentence saying why, unless `user` may do `action`."""
    refused = refusal(user, action, region, upload)
    if refused is not None:
        raise refused


def _scope(action: str, region: str | None, upload: Upload | None) -> tuple[str, ...] | None:
    if action == "revert_own" and upload is not None:
        return upload.regions
    return None if region is None else (region,)


def _refused(rule: Rule, user: User | None, scope: tuple[str, ...] | None) -> str | None:
    if rule.admin == rule.officer == rule.viewer == NONE:
        return rule.refusal  # nobody may: the reason, whoever asks
    if user is None:
        return "login_needed"
    if user.disabled:
        return "user_disabled"
    grant = getattr(rule, user.role, NONE) if user.role in ROLES else NONE
    if grant == ALL or (grant == OWN_REGIONS and _covers(user, scope)):
        return None
    return rule.refusal


def _covers(user: User, scope: tuple[str, ...] | None) -> bool:
    """Every region of `scope` lies within one of the user's regions (no scope: the user has any)."""
    if scope is None:
        return bool(user.regions)
    return all(any(regions.is_within(code, own) for own in user.regions) for code in scope)


def _region_name(code: str | None) -> str:
    if code is None:
        return "-"
    found = regions.get(code)
    return f"{found.name}（{code}）" if found else code
