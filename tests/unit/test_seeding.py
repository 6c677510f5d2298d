"""A changed shipped definition reaches an existing store by its plan's version, keeping the office's edits."""

import json

from sqlmodel import Session, select

from targets import store
from targets.permissions import User
from targets.plans.definitions import load_plans
from targets.store import accounts
from targets.store.audit import SYSTEM_USER
from targets.store.engine import PLANS_DIR
from targets.store.models import AllocationRow, PlanDefinitionRow, ReportRow, TargetRow, UploadRow
from targets.store.plans import target_to_json

OFFICE = User("office", "admin", ())

PREFECTURES = {"220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"}


def _as_first_release(engine):
    """Turn the seeded store back into one made by release 1: no versions, the old jl-2022 readings."""
    with Session(engine) as session:
        for row in session.exec(select(PlanDefinitionRow)).all():
            session.delete(row)
        for code in ("220581", "JL-CBS"):  # release 1 handed the 市州 duty to 梅河口 and 长白山
            session.add(AllocationRow(target="jl-2022-t07", region=code, share=1, user=SYSTEM_USER))
        for code in sorted(PREFECTURES | {"220581", "JL-CBS"}):  # and split the 300 enterprises evenly
            session.add(AllocationRow(target="jl-2022-t01", region=code, share=300 / 11, user=SYSTEM_USER))
        old = next(t for p in store.plans(engine) for t in p.targets if t.id == "cc-2020-t02")
        session.add(TargetRow(id="cc-2020-t01", plan="cc-2020", position=9, definition=target_to_json(old)))
        upload = UploadRow(user=SYSTEM_USER, file="000_496bc5a6ceb8f5ac.txt", rows=1, source="document")
        session.add(upload)
        session.flush()
        session.add(ReportRow(target="cc-2020-t01", region="220100", date=old.start, value=25, upload=upload.id,
                              user=SYSTEM_USER))
        session.commit()


SHIPPED = {p.id: p.version for p in load_plans(PLANS_DIR)}


def _target(engine, tid):
    return next(t for p in store.plans(engine) for t in p.targets if t.id == tid)


def test_a_first_release_store_is_upgraded_to_the_shipped_definitions(engine):
    _as_first_release(engine)
    assert {p.version for p in store.plans(engine)} == {1}
    store.init_store(engine)
    assert {p.id: p.version for p in store.plans(engine)} == SHIPPED
    current = store.allocations(engine)
    assert set(current["jl-2022-t07"]) == PREFECTURES and "jl-2022-t01" not in current
    assert "cc-2020-t01" not in {t.id for p in store.plans(engine) for t in p.targets}
    assert store.reports(engine).empty  # the old document report is reverted, still in the history
    assert len(store.reports(engine, all_versions=True)) == 1
    upgrades = [json.loads(a["detail"]) for a in store.audit_log(engine) if a["action"] == "definitions_upgrade"]
    assert {u["plan"] for u in upgrades} == {"cc-2020", "cn-2022", "cy-2017", "jl-2022", "zz-2024"}
    store.init_store(engine)  # a second start changes nothing
    assert len([a for a in store.audit_log(engine) if a["action"] == "definitions_upgrade"]) == 5


def test_the_upgrade_keeps_what_the_office_edited_and_confirmed(engine):
    store.edit_target(engine, "jl-2022-t17", OFFICE, target=5.0, uncertain=False)
    store.edit_target(engine, "jl-2022-t11", OFFICE, uncertain=False)  # confirmed the reading then stored
    store.extend_duty(engine, "jl-2022-t23", "JL-CBS", accounts.operator("tester"))
    with Session(engine) as session:  # what release 1 had stored for t11
        row = session.get(TargetRow, "jl-2022-t11")
        old = _target(engine, "jl-2022-t11")
        row.definition = target_to_json(old.__class__(**{**old.__dict__, "deadline": old.deadline.replace(month=9)}))
        session.add(row)
        session.commit()
    _as_first_release(engine)
    store.init_store(engine)
    t17, t11 = _target(engine, "jl-2022-t17"), _target(engine, "jl-2022-t11")
    assert (t17.target, t17.uncertain, t17.start.year) == (5.0, False, 2023)  # office value, shipped start
    assert (t11.deadline.month, t11.uncertain) == (9, False)  # the office confirmed September: kept
    assert "JL-CBS" in store.allocations(engine)["jl-2022-t23"]  # the office's extension stays
