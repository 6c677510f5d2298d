"""The store: seeding, versioned reports (never overwritten), revert, demo kept apart from real data."""

import datetime as dt

import pytest

from targets import demo, store
from targets.errors import InvalidInput, NotFound
from targets.store import accounts
from targets.store.models import ReportIn

D = dt.date
OFFICE = accounts.operator("tester")


def _row(value, day=D(2023, 6, 30), region="220100", note=""):
    return ReportIn(target="jl-2022-t01", region=region, date=day, value=value, note=note)


def test_seeding_is_idempotent_and_keeps_office_edits(engine):
    before = store.plans(engine)
    store.init_store(engine)
    assert store.plans(engine) == before
    assert len([t for p in before for t in p.targets]) == 90


def test_regions_seeded_with_units_without_code(engine):
    codes = {r["code"]: r for r in store.region_rows(engine)}
    assert codes["220100"]["name"] == "长春市"
    assert codes["JL-CBS"]["parent"] == "220000"
    assert codes["220581"]["name"] == "梅河口市"


def test_a_province_total_has_no_shares_and_a_prefecture_duty_covers_the_nine_prefectures(engine):
    current = store.allocations(engine)
    assert "jl-2022-t01" not in current  # tracked province-wide until the office sets shares
    assert len(current["jl-2022-t07"]) == 9 and "JL-CBS" not in current["jl-2022-t07"]
    chaoyang = next(p for p in store.plans(engine) if p.id == "cy-2017")
    assert set(current["cy-2017-t16"]) == set(chaoyang.regions)  # 每个县区: every county of the plan


def test_a_correction_is_a_new_version_and_the_newest_is_current(engine):
    first = store.import_reports(engine, [_row(100)], user="alice", file="a.xlsx")
    second = store.import_reports(engine, [_row(120, note="更正")], user="bob", file="b.xlsx")
    current = store.reports(engine)
    mine = current[current["target"] == "jl-2022-t01"]
    assert list(mine["value"]) == [120] and list(mine["version"]) == [2]
    assert list(mine["upload"]) == [second] and list(mine["user"]) == ["bob"]
    history = store.reports(engine, all_versions=True)
    history = history[history["target"] == "jl-2022-t01"]
    assert list(history["value"]) == [100, 120]
    assert list(history["upload"]) == [first, second]


def test_revert_makes_the_replaced_version_current_and_deletes_nothing(engine):
    store.import_reports(engine, [_row(100)], user="alice")
    second = store.import_reports(engine, [_row(120)], user="bob")
    store.revert_upload(engine, second, OFFICE)
    current = store.reports(engine)
    assert list(current.loc[current["target"] == "jl-2022-t01", "value"]) == [100]
    assert len(store.reports(engine, all_versions=True).query("target == 'jl-2022-t01'")) == 2
    assert store.get_upload(engine, second)["reverted"] is True
    third = store.import_reports(engine, [_row(130)], user="bob")
    history = store.reports(engine, all_versions=True).query("target == 'jl-2022-t01'")
    assert list(history["version"]) == [1, 2, 3] and third > second


def test_revert_unknown_upload(engine):
    with pytest.raises(NotFound):
        store.revert_upload(engine, 999, OFFICE)


def test_demo_is_shown_only_until_real_uploads_exist(engine):
    rows = demo.load_demo(engine, today=D(2026, 11, 1))
    assert rows > 1000 and store.demo_in_use(engine)
    assert (store.reports(engine)["note"] == "示例数据").sum() > 1000
    store.import_reports(engine, [_row(100)], user="alice")
    assert not store.demo_in_use(engine)
    assert "示例数据" not in set(store.reports(engine)["note"])
    with pytest.raises(InvalidInput):
        demo.load_demo(engine)


def test_demo_removed_in_one_step(engine):
    demo.load_demo(engine, today=D(2026, 11, 1))
    removed = store.remove_demo(engine)
    assert removed > 1000
    assert not store.demo_loaded(engine)
    assert "示例数据" not in set(store.reports(engine)["note"])


def test_document_facts_are_facts_not_progress_reports(engine):
    assert store.reports(engine).empty  # nothing is reported before anyone reports
    facts = [f for p in store.plans(engine) for f in p.facts]
    assert len(facts) == 20
    award = next(f for f in facts if f.plan == "cc-2020" and f.value == 25)
    assert (award.unit, award.region, dict(award.inferred)) == ("户", "220100", {"date": "silent"})


def test_every_write_is_audited_once(engine):
    store.import_reports(engine, [_row(100)], user="alice", file="a.xlsx")
    actions = [a["action"] for a in store.audit_log(engine)]
    assert actions.count("import_upload") == 1


def test_office_confirms_an_uncertain_target_and_the_change_is_audited(engine):
    before = next(t for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t17")
    assert before.uncertain
    after = store.edit_target(engine, "jl-2022-t17", OFFICE, target=5.0, uncertain=False,
                              best_reading="经核对原件：每个市州推荐不少于5户")
    assert (after.target, after.uncertain) == (5.0, False)
    assert after.source_quote == before.source_quote  # the quote stays as printed
    stored = next(t for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t17")
    assert stored == after
    edits = [a for a in store.audit_log(engine) if a["action"] == "target_edit"]
    assert len(edits) == 1 and "jl-2022-t17" in edits[0]["detail"] and "9.0" in edits[0]["detail"]


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"source_quote": "x"}, "target_field_not_editable"),
        ({"deadline": D(2020, 1, 1)}, "target_deadline_before_start"),
        ({"due": "13-45"}, "target_due_invalid"),
    ],
)
def test_target_edits_that_break_a_rule_are_refused(engine, changes, code):
    with pytest.raises(InvalidInput) as err:
        store.edit_target(engine, "jl-2022-t17", OFFICE, **changes)
    assert err.value.code == code


def test_demo_follows_the_definitions(engine):
    demo.load_demo(engine, today=D(2026, 11, 1))
    rows = store.reports(engine)
    pooled = rows[rows["target"] == "jl-2022-t01"]
    assert "220000" not in set(pooled["region"]) and len(set(pooled["region"])) >= 8  # contributions, no quota
    latest = pooled.sort_values("date").groupby("region")["value"].last()
    assert 100 < latest.sum() < 300 * 1.3  # 60% into the plan, each unit at its own speed
    assert not ({"JL-CBS", "220581"} & set(rows.loc[rows["target"] == "jl-2022-t07", "region"]))
    trend = rows[rows["target"] == "cy-2017-t30"].sort_values("date")
    assert len(trend) >= 2 and (trend["date"].map(lambda d: (d.month, d.day)) == (12, 31)).all()
