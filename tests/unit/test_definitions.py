"""The definition loader: the five documents load; wrong files are refused naming file, target, field."""

from pathlib import Path

import pytest
import yaml

from targets.config import PLANS_DIR, ROOT
from targets.errors import InvalidInput
from targets.plans.definitions import KINDS, load_plan_file, load_plans

SOURCES = ROOT / "data" / "sources"
PREFECTURES = ("220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400")


def _plans():
    return {p.id: p for p in load_plans(PLANS_DIR)}


def _targets():
    return {t.id: t for p in load_plans(PLANS_DIR) for t in p.targets}


def _marked(t, field):
    return field in dict(t.stated) or field in dict(t.inferred)


def test_all_five_documents_load_with_their_targets():
    plans = load_plans(PLANS_DIR)
    assert len(plans) == 5
    assert {p.source_file[:3] for p in plans} == {"000", "001", "002", "003", "004"}
    targets = [t for p in plans for t in p.targets]
    assert len(targets) == 90
    assert {t.kind for t in targets} == set(KINDS)
    assert all(t.source_quote and t.lead is not None for t in targets)


def test_every_quote_is_verbatim_in_its_source_document():
    for plan in load_plans(PLANS_DIR):
        text = (SOURCES / plan.source_file).read_text(encoding="utf-8")
        for t in plan.targets:
            assert t.source_quote in text, t.id


def test_every_stated_field_names_words_printed_in_its_source():
    for plan in load_plans(PLANS_DIR):
        text = (SOURCES / plan.source_file).read_text(encoding="utf-8")
        for t in plan.targets:
            for field, words in t.stated:
                assert words in text, (t.id, field)


def _needs_a_basis(t):
    fields = ["start", "deadline"] + (["due"] if t.kind == "recurring" else [])
    fields += ["allocation"] if t.allocation_mode != "none" else []
    fields += ["regions"] if t.per_region else []
    fields += ["lead"] if t.lead and t.lead not in t.source_quote else []
    fields += ["responsible"] if any(u not in t.source_quote for u in t.responsible) else []
    return fields


def test_every_date_allocation_and_duty_region_is_printed_or_marked_inferred():
    """Done-when of issue 9: a printed value carries the words that state it, any other an inference mark."""
    unmarked = [(t.id, f) for t in _targets().values() for f in _needs_a_basis(t) if not _marked(t, f)]
    assert unmarked == []


def test_inferences_say_why_and_damage_is_only_claimed_where_the_quote_is_damaged():
    targets = _targets().values()
    reasons = {reason for t in targets for _, reason in t.inferred}
    assert reasons == {"damaged", "silent", "plan_period"}
    for t in targets:
        if any(reason == "damaged" for _, reason in t.inferred):
            assert "?" in t.source_quote, t.id
        if t.uncertain:  # 存疑 always rests on a marked inference
            assert any(reason in ("damaged", "silent") for _, reason in t.inferred), t.id
    inferred_deadlines = {t.id for t in targets if t.inference("deadline") == "plan_period"}
    assert {"jl-2022-t09", "jl-2022-t10", "jl-2022-t32", "cy-2017-t24", "cy-2017-t27"} <= inferred_deadlines
    assert {t.id: t.inference("due") for t in targets if t.id in ("jl-2022-t33", "jl-2022-t37", "cy-2017-t29")} == {
        "jl-2022-t33": "silent", "jl-2022-t37": "silent", "cy-2017-t29": "silent"}
    for tid in ("cn-2022-t01", "cn-2022-t02", "cc-2020-t02", "cc-2020-t03"):
        assert _targets()[tid].inference("deadline") == "silent"
    assert all(_targets()[f"jl-2022-t0{i}"].inference("lead") == "silent" for i in range(1, 9))


def test_province_totals_are_pooled_not_split():
    targets = _targets()
    pooled = {t.id for t in targets.values() if t.pooled}
    assert pooled == {"jl-2022-t01", "jl-2022-t03", "jl-2022-t04", "jl-2022-t05"}
    assert not any(t.allocation_mode == "even" for t in targets.values())


@pytest.mark.parametrize("tid", ["jl-2022-t07", "jl-2022-t08", "jl-2022-t17", "jl-2022-t23", "jl-2022-t26"])
def test_per_prefecture_duties_apply_to_the_nine_prefectures(tid):
    t = _targets()[tid]
    assert t.per_region and t.regions == PREFECTURES
    words = dict(t.stated)["regions"]
    assert words in t.source_quote and ("地级市" in words or "市州" in words or "地市级" in words)


def test_reported_facts_are_not_targets():
    targets = _targets()
    assert not {"cc-2020-t01", "cn-2022-t04", "cn-2022-t05", "cn-2022-t06"} & set(targets)
    plans = _plans()
    cc = {f.value for f in plans["cc-2020"].facts}
    cn = {f.value for f in plans["cn-2022"].facts}
    assert cc == {34, 6, 25}
    assert {17, 40, 19, 26, 35, 12, 58000, 2000, 8, 145, 391, 7, 537, 251, 5639} <= cn
    for plan in plans.values():
        text = (SOURCES / plan.source_file).read_text(encoding="utf-8")
        for f in plan.facts:
            assert f.source_quote in text and (f.target is None or f.target in targets)
    assert next(f for f in plans["cn-2022"].facts if f.value == 19).target == "cn-2022-t01"


def test_the_missing_items_are_there():
    targets = _targets()
    days = targets["zz-2024-t06"]
    assert days.kind == "recurring" and days.lead == "市市场监管局"
    assert days.responsible == ("市文化和旅游局", "市总工会", "市工业和信息化局")
    assert all(name in days.source_quote for name in ("质量月", "中国品牌日", "世界计量日", "世界标准日", "世界认可日"))
    tour = targets["jl-2022-t38"]
    assert (tour.kind, tour.target, tour.unit, tour.uncertain) == ("recurring", 100, "名", True)
    assert "百名企业家" in tour.source_quote and tour.inference("due") == "damaged"
    goals = [t for t in targets.values() if t.plan == "cy-2017" and t.kind == "milestone" and t.clause.startswith("三")]
    assert len(goals) == 11 and all(t.deadline.isoformat() == "2020-12-31" for t in goals)
    assert any("质量总体水平位居全省前列" in t.source_quote for t in goals)
    assert targets["cy-2017-t30"].rule == "yearly_decrease"
    assert targets["cy-2017-t03"].rule == targets["cy-2017-t08"].rule == "every_report"


def test_duties_due_days_after_the_plan_is_issued_start_the_next_year():
    targets = _targets()
    assert targets["jl-2022-t17"].start.isoformat() == targets["jl-2022-t18"].start.isoformat() == "2023-01-01"
    assert targets["jl-2022-t37"].responsible == ()  # the units evaluated do not carry the duty


def test_damaged_values_of_001_are_uncertain_with_reason():
    jl = next(p for p in load_plans(PLANS_DIR) if p.id == "jl-2022")
    damaged = [t for t in jl.targets if "?" in t.source_quote]
    uncertain = [t for t in jl.targets if t.uncertain]
    assert len(uncertain) >= 5
    assert all(t.uncertain_reason and t.best_reading for t in uncertain)
    assert damaged  # the damage is kept in the quotes, not repaired


def test_clean_opening_of_001_gives_300_enterprises_and_50_brands():
    jl = next(p for p in load_plans(PLANS_DIR) if p.id == "jl-2022")
    by_value = {(t.unit, t.target) for t in jl.targets if not t.uncertain}
    assert ("户", 300) in by_value and ("名", 500) in by_value and ("个", 50) in by_value


def _write(tmp_path: Path, mutate) -> Path:
    doc = yaml.safe_load((PLANS_DIR / "zz-2024.yaml").read_text(encoding="utf-8"))
    mutate(doc)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _set(field, value):
    def mutate(doc):
        doc["targets"][0][field] = value

    return mutate


def _drop(field):
    def mutate(doc):
        del doc["targets"][0][field]

    return mutate


def _pool_a_milestone(doc):
    doc["targets"][0].update(kind="milestone", allocation={"mode": "contributions"})


@pytest.mark.parametrize(
    "mutate, field",
    [
        (_set("kind", "sometimes"), "kind"),
        (_set("target", "many"), "target"),
        (_drop("target"), "target"),
        (_set("deadline", "next year"), "deadline"),
        (_set("start", "2030-01-01"), "deadline"),
        (_set("comparator", "gt"), "comparator"),
        (_drop("source_quote"), "source_quote"),
        (_set("allocation", {"mode": "explicit", "shares": {"999999": 3}}), "allocation.shares"),
        (_set("allocation", {"mode": "thirds"}), "mode"),
        (_pool_a_milestone, "allocation.mode"),
        (_set("inferred", {"deadline": "guessed"}), "inferred.deadline"),
        (_set("inferred", {"colour": "silent"}), "inferred.colour"),
        (_set("rule", "mostly"), "rule"),
        (_set("regions", ["370402"]), "regions"),
    ],
)
def test_a_wrong_file_names_file_target_and_field(tmp_path, mutate, field):
    path = _write(tmp_path, mutate)
    with pytest.raises(InvalidInput) as err:
        load_plan_file(path)
    text = str(err.value)
    assert "bad.yaml" in text and "zz-2024-t01" in text and field in text


def test_recurring_without_due_is_refused(tmp_path):
    def mutate(doc):
        doc["targets"][0].update(kind="recurring", due=None)

    with pytest.raises(InvalidInput, match="due"):
        load_plan_file(_write(tmp_path, mutate))


def test_unparseable_yaml_is_a_sentence(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("plan: [unclosed", encoding="utf-8")
    with pytest.raises(InvalidInput, match="broken.yaml"):
        load_plan_file(path)


def test_duplicate_ids_across_files_are_refused(tmp_path):
    text = (PLANS_DIR / "zz-2024.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match="duplicate"):
        load_plans(tmp_path)
