"""The permissions table, pure: role × action × region, refusals as sentences, every rule documented."""

import re

import pytest

from targets import messages, permissions
from targets.errors import NotAllowed
from targets.permissions import RULES, Upload, User

HERE, BELOW, ELSEWHERE = "220100", "220104", "220200"  # 长春市, a district of it, 吉林市

ADMIN = User("office", "admin", ())
OFFICER = User("cc", "officer", (HERE,))
OTHER = User("jl", "officer", (ELSEWHERE,))
VIEWER = User("screen", "viewer", ())
DISABLED = User("gone", "admin", (), disabled=True)
ACTORS = {"admin": ADMIN, "officer": OFFICER, "other_officer": OTHER, "viewer": VIEWER,
          "disabled": DISABLED, "anonymous": None}


def _upload(source: str, by: str, regions=(HERE,)) -> Upload:
    return Upload(7, by, source, tuple(regions))


# Each actor's own upload, another account's upload, the demo data and a document's facts, all for 长春市.
CASES = {
    "report": lambda actor: dict(region=HERE),
    "report_below": lambda actor: dict(region=BELOW),
    "revert_own": lambda actor: dict(upload=_upload("upload", actor.name if actor else "x")),
    "revert_other": lambda actor: dict(upload=_upload("upload", "someone")),
    "revert_demo": lambda actor: dict(upload=_upload("demo", "demo")),
    "revert_document": lambda actor: dict(upload=_upload("document", "system")),
    "revert_allocation": lambda actor: dict(upload=_upload("allocation", actor.name if actor else "x")),
    "edit_target": lambda actor: {},
    "manage_accounts": lambda actor: {},
    "import_allocations": lambda actor: {},
    "manage_demo": lambda actor: {},
    "report_duty": lambda actor: dict(region=HERE),
    "review_duty": lambda actor: dict(region=HERE),
    "read_evidence": lambda actor: dict(region=HERE),
    "chase": lambda actor: {},
    "snapshot": lambda actor: {},
}
ALLOWED = {  # actor → the cases it may do; everything else is refused
    "admin": {"report", "report_below", "revert_own", "revert_other", "revert_allocation", "edit_target",
              "manage_accounts", "import_allocations", "manage_demo", "report_duty", "review_duty", "read_evidence",
              "chase", "snapshot"},
    "officer": {"report", "report_below", "revert_own", "report_duty", "read_evidence"},
    "other_officer": set(),
    "viewer": {"read_evidence"},
    "disabled": set(),
    "anonymous": set(),
}


def _action(case: str) -> str:
    return "report" if case in ("report", "report_below") else "revert" if case.startswith("revert") else case


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_do_what(actor, case):
    user = ACTORS[actor]
    assert permissions.may(user, _action(case), **CASES[case](user)) is (case in ALLOWED[actor])


@pytest.mark.parametrize("case, code", [
    ("revert_demo", "revert_demo"), ("revert_document", "revert_document"),
    ("revert_other", "revert_not_allowed"), ("report", "may_not_report"), ("edit_target", "may_not_edit_target"),
])
def test_a_refusal_says_why(case, code):
    with pytest.raises(NotAllowed) as err:
        permissions.require(OTHER, _action(case), **CASES[case](OTHER))
    assert err.value.code == code and err.value.exit_code == 3
    assert "{" not in str(err.value)


def test_nobody_may_revert_demo_or_document_uploads_and_the_reason_comes_first():
    for user in ACTORS.values():
        assert permissions.refusal(user, "revert", upload=_upload("demo", "demo")).code == "revert_demo"
        assert permissions.refusal(user, "revert", upload=_upload("document", "x")).code == "revert_document"


def test_disabled_and_anonymous_read_why():
    assert permissions.refusal(DISABLED, "edit_target").code == "user_disabled"
    assert permissions.refusal(None, "report", region=HERE).code == "login_needed"


def test_an_officer_whose_regions_changed_cannot_revert_an_upload_for_the_old_region():
    moved = User("cc", "officer", (ELSEWHERE,))
    assert not permissions.may(moved, "revert", upload=_upload("upload", "cc", regions=(HERE,)))
    assert permissions.may(moved, "revert", upload=_upload("upload", "cc", regions=(ELSEWHERE,)))


def test_without_a_region_report_asks_whether_the_account_reports_anywhere():
    assert permissions.may(OFFICER, "report") and permissions.may(ADMIN, "report")
    assert not permissions.may(VIEWER, "report") and not permissions.may(User("x", "officer", ()), "report")


def test_an_unknown_role_may_do_nothing():
    root = User("root", "root", (HERE,))
    assert not any(permissions.may(root, _action(c), **CASES[c](root)) for c in CASES)


def test_every_rule_has_a_refusal_sentence_and_help():
    for rule in RULES:
        assert rule.refusal in messages.MESSAGES, rule.action
        assert rule.help and not re.search(r"[\u4e00-\u9fff]", rule.help)
    assert {"login_needed", "user_disabled"} <= set(messages.MESSAGES)


def test_every_action_is_in_the_table_test():
    assert {_action(c) if _action(c) != "revert" else c for c in CASES} == set(permissions.RULE)
