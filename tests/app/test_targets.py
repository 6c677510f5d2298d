"""指标: every target with source, clause, verbatim quote, lead and responsible units, allocation, 存疑."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from targets import messages, store
from targets.messages import INFERRED_LABEL, INFERRED_REASONS, UNCERTAIN_LABEL
from targets.permissions import User
from targets.plans import regions
from targets.store.models import ReportIn
from tests.app.accounts_app import OFFICE
from tests.app.conftest import page_test
from ui import notice, target_edit
from ui.strings import d
from ui.widgets import num


def data_names(codes):
    return [regions.get(c).short or regions.get(c).name for c in codes]


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


def _captions(at, key):
    return [c.value for c in at.get_by_key(key).caption]


def test_a_prefecture_duty_says_which_units_it_applies_to_and_why(at, plans):
    at.selectbox(key="targets_target").set_value("jl-2022-t07").run()
    t07 = next(t for t in plans["jl-2022"].targets if t.id == "jl-2022-t07")
    names = "、".join(data_names(t07.regions))
    assert _captions(at, "targets_applies_to") == [
        notice.escape(messages.render("regions_from_text", words=dict(t07.stated)["regions"], names=names, n=9)),
        notice.escape(messages.render("regions_left_out", names="梅河口、长白山")),
    ]
    shares = at.get_by_key("targets_allocation").dataframe[0].value
    assert len(shares) == 9 and set(shares[d("share")]) == {num(1, t07.unit)}


def test_an_extended_duty_says_the_office_extended_it(engine):
    store.extend_duty(engine, "jl-2022-t07", "JL-CBS", User("office", "admin", ()))
    at = page_test("targets")
    at.session_state["targets_target"] = "jl-2022-t07"
    at.run()
    assert not at.exception
    lines = _captions(at, "targets_applies_to")
    assert any(line.startswith(notice.escape("长白山：由 office 于")) for line in lines)
    assert lines[-1] == notice.escape(messages.render("regions_left_out", names="梅河口"))


def test_a_province_total_is_tracked_whole_with_each_regions_contribution(engine):
    store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100", date=dt.date(2023, 6, 30),
                                           value=12)], user="alice")
    at = page_test("targets")
    at.session_state["targets_target"] = "jl-2022-t01"
    at.run()
    assert not at.exception
    assert _captions(at, "targets_applies_to") == [notice.escape(messages.render("pooled_total", region="吉林省"))]
    table = at.get_by_key("targets_contributions").dataframe[0].value
    assert len(table) == 12 and list(table[d("latest_value")])[0] == num(12, "户")
    with pytest.raises(KeyError):  # no region carries a share of it
        at.get_by_key("targets_allocation")


def test_inferred_dates_are_marked_like_uncertain_values(at, plans):
    listing = _listing(at)
    t09 = next(t for t in plans["jl-2022"].targets if t.id == "jl-2022-t09")
    row = listing[listing[d("id")] == "jl-2022-t09"].iloc[0]
    assert row[d("period")] == f"{t09.start}（{INFERRED_LABEL}） – {t09.deadline}（{INFERRED_LABEL}）"
    assert "截止日期" in row[d("inferred_col")]
    printed = listing[listing[d("id")] == "jl-2022-t01"].iloc[0]
    assert INFERRED_LABEL not in printed[d("period")]  # 从2022年起至2024年 is printed
    at.selectbox(key="targets_target").set_value("jl-2022-t09").run()
    info = at.get_by_key("targets_inferred").info[0].value
    assert "截止日期" in info and notice.escape(INFERRED_REASONS["plan_period"]) in info


def test_reported_figures_are_shown_as_facts_beside_the_target_they_inform(engine):
    at = page_test("targets")
    at.session_state["filter_plan"] = "cn-2022"
    at.session_state["targets_target"] = "cn-2022-t01"
    at.run()
    assert not at.exception
    facts = at.get_by_key("targets_facts").dataframe[0].value
    assert len(facts) == 17 and num(537, "个") in set(facts[d("fact_value")])
    beside = at.get_by_key("targets_target_facts").dataframe[0].value
    assert list(beside[d("fact_value")]) == [num(19, "个")]


def test_admin_extends_a_duty_on_the_page(engine):
    from targets.store import accounts
    from ui import state as ui_state

    admin = accounts.add_user(engine, "office", "admin", "office-pass-1", [], by=accounts.operator("tester"))
    at = page_test("targets")
    at.session_state[ui_state.AUTH_TOKEN] = accounts.start_session(engine, admin)
    at.session_state["targets_target"] = "jl-2022-t08"
    at.run()
    assert not at.exception
    at.selectbox(key="targets_extend_region").set_value("220581")
    at.button(key="targets_extend_save").click().run()
    assert "220581" in store.allocations(engine)["jl-2022-t08"]
    assert [a["action"] for a in store.audit_log(engine)].count("duty_extend") == 1


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
    at.number_input(key=target_edit.key("jl-2022-t17", "value")).set_value(5.0)
    at.checkbox(key=target_edit.key("jl-2022-t17", "confirmed")).check()
    at.button(key=target_edit.key("jl-2022-t17", "save")).click().run()
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
    assert not [n for n in at.number_input if n.key == target_edit.key("jl-2022-t17", "value")]


def test_the_document_is_named_by_its_title_and_targets_by_their_names(at, plans):
    jl = plans["jl-2022"]
    shown = " ".join([c.value for c in at.caption] + [h.body for h in at.get("html")])
    assert jl.source_file not in shown  # 001_a72f3159b0e76cd0.txt is a storage name, not what people call it
    assert d("source_title", title=jl.title) in shown
    options = at.selectbox(key="targets_target").options
    assert options[0] == jl.targets[0].name and not [o for o in options if o.startswith("jl-2022-")]


def test_the_brief_cites_the_document_without_its_file_name():
    text = messages.render("brief_notes_source", plan="《x》", source="y", file="001_a72f3159b0e76cd0.txt")
    assert "001_a72f3159b0e76cd0.txt" not in text
