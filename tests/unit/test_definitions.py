"""The definition loader: the five documents load; wrong files are refused naming file, target, field."""

from pathlib import Path

import pytest
import yaml

from targets.config import PLANS_DIR, ROOT
from targets.errors import InvalidInput
from targets.plans.definitions import KINDS, load_plan_file, load_plans

SOURCES = ROOT / "data" / "sources"


def test_all_five_documents_load_with_their_targets():
    plans = load_plans(PLANS_DIR)
    assert len(plans) == 5
    assert {p.source_file[:3] for p in plans} == {"000", "001", "002", "003", "004"}
    targets = [t for p in plans for t in p.targets]
    assert len(targets) >= 75
    assert {t.kind for t in targets} == set(KINDS)
    assert all(t.source_quote and t.lead is not None for t in targets)


def test_every_quote_is_verbatim_in_its_source_document():
    for plan in load_plans(PLANS_DIR):
        text = (SOURCES / plan.source_file).read_text(encoding="utf-8")
        for t in plan.targets:
            assert t.source_quote in text, t.id


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
