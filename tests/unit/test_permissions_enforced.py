"""The permissions table enforced where it matters: the store's write functions and the command line.

Role × action for the region 长春市 (220100): admin, an officer of the region, an officer of another
region, a viewer, a disabled account and an anonymous visitor; report, revert one's own upload,
revert another's, revert the demo data, revert a document's facts, edit a target, manage accounts.
A refused write leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from sqlmodel import Session

from targets import cli, store
from targets.errors import NotAllowed
from targets.intake import uploads
from targets.store import accounts
from targets.store.models import ReportIn, UserRow
from tests.unit.workbooks import CUMULATIVE, book, row

HERE = "220100"
ACCOUNTS = {  # name → (role, regions, disabled); no password needed: nobody logs in here
    "office": ("admin", [], False),
    "cc": ("officer", [HERE], False),
    "jl": ("officer", ["220200"], False),
    "screen": ("viewer", [], False),
    "gone": ("admin", [], True),
}
ACTORS = {"admin": "office", "officer": "cc", "other_officer": "jl", "viewer": "screen", "disabled": "gone",
          "anonymous": None}
ALLOWED = {
    "admin": {"report", "revert_own", "revert_other", "edit_target", "manage_accounts"},
    "officer": {"report", "revert_own"},
}
STORE_ACTIONS = ("report", "revert_own", "revert_other", "revert_demo", "revert_document", "edit_target",
                 "manage_accounts")
CLI_ACTIONS = STORE_ACTIONS[:5]  # targets and accounts have no per-account command (`user …` is the operator's)
WORKBOOK = book([row(12)])  # 长春市, 2024-06-30, 12 户


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One seeded store with the accounts, copied for each test (seeding takes a second)."""
    path = tmp_path_factory.mktemp("permissions") / "seed.db"
    engine = store.make_engine(f"sqlite:///{path}")
    store.init_store(engine)
    with Session(engine) as session:
        for name, (role, regions, disabled) in ACCOUNTS.items():
            session.add(UserRow(name=name, role=role, regions=json.dumps(regions), disabled=disabled))
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def world(seeded, tmp_path, monkeypatch):
    path = tmp_path / "targets.db"
    shutil.copy(seeded, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = store.make_engine(url)
    yield engine
    engine.dispose()


def _upload(engine, user: str, source: str = "upload") -> int:
    day = dt.date(2023, 6, 30)
    return store.import_reports(engine, [ReportIn(target=CUMULATIVE, region=HERE, date=day, value=3.0)],
                                user=user, source=source)


def _subject(engine, action: str, name: str | None) -> int | None:
    """The upload a revert case acts on: the actor's own, another's, the demo data, a document's facts."""
    if action == "revert_own":
        return _upload(engine, name or "someone")
    return {"revert_other": lambda: _upload(engine, "someone"), "revert_demo": lambda: _upload(engine, "demo", "demo"),
            "revert_document": lambda: _upload(engine, "system", "document")}.get(action, lambda: None)()


def _state(engine) -> tuple:
    return (len(store.uploads(engine)), [u["reverted"] for u in store.uploads(engine)],
            len(accounts.list_users(engine)), [t for p in store.plans(engine) for t in p.targets])


def _store_write(engine, action: str, user, upload: int | None) -> None:
    if action == "report":
        uploads.commit(engine, uploads.check(engine, WORKBOOK, "p.xlsx", None), user, accept_warnings=True)
    elif action.startswith("revert"):
        store.revert_upload(engine, upload, user)
    elif action == "edit_target":
        store.edit_target(engine, "jl-2022-t17", user, uncertain=False)
    else:
        accounts.add_user(engine, "newcomer", "viewer", "long-enough-1", [], by=user)


@pytest.mark.parametrize("action", STORE_ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_the_store_enforces_the_table(world, actor, action):
    name = ACTORS[actor]
    user = accounts.get_user(world, name) if name else None
    upload = _subject(world, action, name)
    before = _state(world)
    if action in ALLOWED.get(actor, set()):
        _store_write(world, action, user, upload)
        assert _state(world) != before
    else:
        with pytest.raises(NotAllowed) as err:
            _store_write(world, action, user, upload)
        assert err.value.exit_code == 3 and "{" not in str(err.value)
        assert _state(world) == before


@pytest.mark.parametrize("action", CLI_ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_the_command_line_enforces_the_table(world, tmp_path, capsys, actor, action):
    name = ACTORS[actor] or "ghost"  # the command line's anonymous: a name that is no account
    upload = _subject(world, action, ACTORS[actor])
    before = _state(world)
    if action == "report":
        (tmp_path / "p.xlsx").write_bytes(WORKBOOK)
        argv = ["import", str(tmp_path / "p.xlsx"), "--user", name, "--accept-warnings"]
    else:
        argv = ["revert", str(upload), "--user", name]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    allowed = action in ALLOWED.get(actor, set())
    assert code == (0 if allowed else 3), err
    assert out == "" and err and "Traceback" not in err
    assert (_state(world) != before) is allowed


def test_an_officer_cannot_store_rows_for_another_region_even_past_the_check(world):
    other = accounts.get_user(world, "jl")
    rows = [ReportIn(target=CUMULATIVE, region=HERE, date=dt.date(2023, 6, 30), value=3.0)]
    with pytest.raises(NotAllowed) as err:
        store.import_reports(world, rows, by=other)
    assert err.value.code == "may_not_report"
    assert not any(u["source"] == "upload" for u in store.uploads(world))
