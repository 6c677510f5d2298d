"""指标: every target with source, clause, verbatim quote, lead and responsible units, allocation, 存疑."""

from __future__ import annotations

import html

import pytest

from targets import store
from targets.messages import UNCERTAIN_LABEL
from tests.app.accounts_app import OFFICE
from tests.app.conftest import page_test
from ui import notice
from ui.strings import d
from ui.widgets import num


@pytest.fixture
def plans(engine):
    return {p.id: p for p in store.plans(engine)}


@pytest.fixture
def at(engine):
    at = page_test("targets").run()
    assert not at.exception, at.exception
    return at


def _listing(at):
    return at.get_by_key("targets_list").dataframe[0].value


def test_every_target_of_the_plan_with_its_source(at, plans):
    listing = _listing(at)
    jl = plans["jl-2022"]
    assert list(listing[d("id")]) == [t.id for t in jl.targets]
    assert list(listing[d("quote")]) == [t.source_quote for t in jl.targets]
    assert list(listing[d("clause")]) == [t.clause for t in jl.targets]
    assert list(listing[d("lead")]) == [t.lead for t in jl.targets]
    marked = listing[listing[d("uncertain")] == UNCERTAIN_LABEL]
    assert list(marked[d("id")]) == [t.id for t in jl.targets if t.uncertain]
    assert list(marked[d("uncertain_reason_col")]) == [t.uncertain_reason for t in jl.targets if t.uncertain]


def test_every_plan_is_listed(at, plans):
    table = at.get_by_key("targets_plans").dataframe[0].value
    assert sorted(table[d("id")]) == sorted(plans)
    assert dict(zip(table[d("id")], table[d("target_count")])) == {k: len(p.targets) for k, p in plans.items()}


def test_hiding_uncertain_targets_and_category_filter(at, plans):
    at.sidebar.toggle(key="w_filter_hide_uncertain").set_value(True).run()
    jl = plans["jl-2022"]
    assert list(_listing(at)[d("id")]) == [t.id for t in jl.targets if not t.uncertain]
    at.sidebar.multiselect(key="w_filter_category").set_value(["人才培养"]).run()
    assert list(_listing(at)[d("id")]) == [t.id for t in jl.targets if not t.uncertain and t.category == "人才培养"]


def test_uncertain_target_detail_gives_the_reason_and_the_verbatim_quote(at, plans):
    target = next(t for t in plans["jl-2022"].targets if t.uncertain)
    at.selectbox(key="targets_target").set_value(target.id).run()
    box = at.get_by_key("targets_detail")
    assert [w.value for w in box.warning] == [notice.escape(d("uncertain_reason", reason=target.uncertain_reason))]
    bodies = " ".join(h.proto.body for h in box.get("html"))
    assert html.escape(target.source_quote) in bodies
    assert html.escape(target.clause) in bodies


def test_allocation_of_an_evenly_split_target(at, plans):
    at.selectbox(key="targets_target").set_value("jl-2022-t01").run()
    shares = at.get_by_key("targets_allocation").dataframe[0].value
    t01 = next(t for t in plans["jl-2022"].targets if t.id == "jl-2022-t01")
    assert len(shares) == 11
    assert set(shares[d("share")]) == {num(300 / 11, t01.unit)}


def test_plan_switch_and_projector_mode(at, plans):
    at.sidebar.selectbox(key="w_filter_plan").set_value("zz-2024").run()
    at.sidebar.toggle(key="w_filter_projector").set_value(True).run()
    assert not at.exception
    box = at.get_by_key("targets_list")
    assert len(box.dataframe) == 0
    shown = box.table[0].value
    assert list(shown[d("name")]) == [t.name for t in plans["zz-2024"].targets]


def test_admin_confirms_an_uncertain_target_on_the_page(engine):
    from targets import store
    from targets.store import accounts
    from ui import state as ui_state

    admin = accounts.add_user(engine, "office", "admin", "office-pass-1", [], by=OFFICE)
    at = page_test("targets")
    at.session_state[ui_state.AUTH_TOKEN] = accounts.start_session(engine, admin)
    at.session_state["targets_target"] = "jl-2022-t17"
    at.run()
    assert not at.exception
    at.number_input(key="targets_edit_value").set_value(5.0)
    at.checkbox(key="targets_edit_confirmed").check()
    at.button(key="targets_edit_save").click().run()
    edited = next(t for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t17")
    assert (edited.target, edited.uncertain) == (5.0, False)


def test_officer_sees_no_edit_form(engine):
    from targets.store import accounts
    from ui import state as ui_state

    officer = accounts.add_user(engine, "cc", "officer", "cc-pass-123", ["220100"], by=OFFICE)
    at = page_test("targets")
    at.session_state[ui_state.AUTH_TOKEN] = accounts.start_session(engine, officer)
    at.session_state["targets_target"] = "jl-2022-t17"
    at.run()
    assert not at.exception
    assert not [n for n in at.number_input if n.key == "targets_edit_value"]
