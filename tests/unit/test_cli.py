"""The command line's JSON and exit codes (CONTRACTS §2), run through cli.main."""

import datetime as dt
import json

import pytest

from targets import cli, demo, store
from targets.config import ROOT
from targets.intake import allocations
from targets.store import accounts
from targets.store.models import ReportIn
from tests.unit.workbooks import book

PREFECTURES = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"]
POOLED = ("jl-2022-t01", "jl-2022-t03", "jl-2022-t04", "jl-2022-t05")


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_every_target_with_quote(capsys, db_url):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 75
    needed = {"plan", "id", "name", "unit", "kind", "target", "start", "deadline", "regions", "allocation",
              "source_quote", "uncertain", "inferred"}
    assert all(needed <= set(r) for r in rows)
    assert {r["kind"] for r in rows} <= {"cumulative", "count", "rate", "milestone", "recurring"}
    for r in rows:
        dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["deadline"])
        assert r["regions"] and r["source_quote"]
    t01 = next(r for r in rows if r["id"] == "jl-2022-t01")
    assert t01["target"] == 300 and t01["regions"] == ["220000"]
    assert any(r["uncertain"] for r in rows if r["plan"] == "jl-2022")


def _listed(capsys):
    return {r["id"]: r for r in json.loads(run(capsys, "list", "--json")[1])}


def test_list_json_marks_every_inference_with_its_kind(capsys, db_url):
    rows = _listed(capsys)
    assert all(set(r["inferred"].values()) <= {"damaged", "silent", "plan_period"} for r in rows.values())
    assert rows["jl-2022-t09"]["inferred"]["deadline"] == "plan_period"  # the plan's end, not a printed date
    assert rows["jl-2022-t11"]["inferred"]["deadline"] == "damaged"
    assert rows["cn-2022-t01"]["inferred"]["deadline"] == "silent"  # 按“十四五”期末
    assert rows["jl-2022-t01"]["inferred"]["lead"] == "silent"
    assert "deadline" not in rows["zz-2024-t01"]["inferred"]  # 到2025年 is printed
    assert sum(len(r["inferred"]) for r in rows.values()) > 150


def test_province_totals_are_tracked_province_wide_with_contributors(capsys, db_url):
    rows = _listed(capsys)
    for tid in POOLED:
        assert rows[tid]["regions"] == ["220000"] and rows[tid]["allocation"] == {}
        assert set(PREFECTURES) | {"220581", "JL-CBS"} == set(rows[tid]["contributors"])


@pytest.mark.parametrize("tid", ["jl-2022-t07", "jl-2022-t08", "jl-2022-t17", "jl-2022-t23", "jl-2022-t26"])
def test_per_prefecture_duties_are_tracked_for_the_nine_prefectures(capsys, db_url, tid):
    row = _listed(capsys)[tid]
    assert row["regions"] == PREFECTURES and set(row["allocation"]) == set(PREFECTURES)


def test_facts_json_has_every_reported_figure_verbatim(capsys, db_url):
    code, out, _ = run(capsys, "facts", "--json")
    facts = json.loads(out)
    assert code == 0 and len(facts) == 20
    assert all({"plan", "text", "value", "unit", "date", "source_quote", "target"} <= set(f) for f in facts)
    ids = set(_listed(capsys))
    for f in facts:
        dt.date.fromisoformat(f["date"])
        source = next((ROOT / "data" / "sources").glob(f"00{'0' if f['plan'] == 'cc-2020' else '2'}_*.txt"))
        assert f["source_quote"] in source.read_text(encoding="utf-8")
        assert f["target"] is None or f["target"] in ids
    by_value = {(f["plan"], f["value"]): f for f in facts}
    assert by_value[("cc-2020", 25)]["unit"] == "户" and by_value[("cn-2022", 537)]["date"] == "2022-07-27"
    assert by_value[("cn-2022", 19)]["target"] == "cn-2022-t01"
    assert not {"cc-2020-t01", "cn-2022-t04", "cn-2022-t05", "cn-2022-t06"} & ids


def test_the_office_extends_a_duty_to_changbaishan_and_it_is_audited(capsys, engine):
    code, _, err = run(capsys, "duty", "extend", "jl-2022-t07", "JL-CBS", "--user", "office")
    assert code == 0 and "JL-CBS" in err
    assert _listed(capsys)["jl-2022-t07"]["regions"] == PREFECTURES + ["JL-CBS"]
    assert [a["user"] for a in store.audit_log(engine) if a["action"] == "duty_extend"] == ["office"]
    assert run(capsys, "duty", "extend", "jl-2022-t07", "JL-CBS", "--user", "office")[0] == 1  # already
    assert run(capsys, "duty", "extend", "jl-2022-t01", "JL-CBS", "--user", "office")[0] == 1  # not a duty
    assert run(capsys, "duty", "extend", "jl-2022-t07", "110000", "--user", "office")[0] == 1  # not the plan's
    accounts.add_user(engine, "cc", "officer", "cc-pass-123", ["220100"], by=accounts.operator("tester"))
    code, out, err = run(capsys, "duty", "extend", "jl-2022-t08", "220581", "--user", "cc")
    assert code == 3 and out == "" and "Traceback" not in err


def test_regions_json(capsys, db_url):
    code, out, _ = run(capsys, "regions", "--json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert code == 0 and len(rows) > 3000
    assert rows["220100"] | {} == rows["220100"]
    assert {"code", "name", "level", "parent", "lon", "lat"} <= set(rows["220100"])
    assert rows["JL-CBS"]["parent"] == "220000"


def test_status_json_covers_every_tracked_pair_and_explains_itself(capsys, engine):
    demo.load_demo(engine, today=dt.date(2026, 11, 1))
    code, out, _ = run(capsys, "status", "--json")
    rows = json.loads(out)
    assert code == 0
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert len(rows) == sum(len(t["regions"]) for t in listed)
    statuses = {r["status"] for r in rows}
    assert statuses <= {"done", "on_track", "behind", "off_track", "overdue", "no_data"}
    assert {"done", "on_track", "no_data"} <= statuses
    by_id = {t["id"]: t for t in listed}
    for r in rows:
        if r["status"] in ("on_track", "behind", "off_track") and r["expected"]:
            assert r["actual"] is not None
            assert r["completion"] is not None or by_id[r["target"]]["rule"] == "yearly_decrease"


def test_a_province_total_adds_up_every_regions_contribution(capsys, engine):
    day = dt.date(2023, 6, 30)
    store.import_reports(engine, [ReportIn(target="jl-2022-t01", region=r, date=day, value=v)
                                  for r, v in (("220100", 12.0), ("220200", 8.0), ("220000", 5.0))], user="alice")
    rows = [r for r in json.loads(run(capsys, "status", "--json", "--as-of", "2023-06-30")[1])
            if r["target"] == "jl-2022-t01"]
    assert [(r["region"], r["actual"], r["expected"]) for r in rows] == [("220000", 25, pytest.approx(150))]
    assert rows[0]["status"] == "off_track"  # 25 of 150 expected: no city is judged on a quota it was never given


def test_status_uses_the_share_once_the_office_imports_a_task_breakdown(capsys, engine):
    sheet = book([["jl-2022-t01", "220100", 30]], ["指标编号", "地区代码", "分解值"], sheet="任务分解")
    office = accounts.User("office", "admin", ())
    allocations.import_allocations(engine, sheet, "任务分解表.xlsx", office)
    store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100", date=dt.date(2023, 6, 30),
                                           value=12.0)], user="alice")
    code, out, _ = run(capsys, "status", "--json", "--as-of", "2023-06-30")
    row = next(r for r in json.loads(out) if r["target"] == "jl-2022-t01" and r["region"] == "220100")
    assert row["expected"] == pytest.approx(15)
    assert row["completion"] == pytest.approx(12 / 30)
    assert row["status"] == "behind"  # pace 12 / 15 = 0.80
    assert [r["region"] for r in json.loads(out) if r["target"] == "jl-2022-t01"] == ["220100"]


def test_bad_as_of_is_a_sentence(capsys, db_url):
    code, out, err = run(capsys, "status", "--json", "--as-of", "yesterday")
    assert code == 1 and out == "" and "yesterday" in err and "Traceback" not in err


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01"])
def test_a_far_as_of_date_is_refused_with_a_sentence(capsys, engine, far):
    from targets.messages import render
    from targets.method.tracking import plan_window

    earliest, latest = plan_window(store.plans(engine))
    code, out, err = run(capsys, "status", "--json", "--as-of", far)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.strip() == render("as_of_out_of_range", as_of=far, earliest=earliest, latest=latest)


def test_reports_json_versions(capsys, engine):
    for value in (10.0, 12.0):
        store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100",
                                               date=dt.date(2023, 6, 30), value=value)], user="alice")
    current = [r for r in json.loads(run(capsys, "reports", "--json")[1]) if r["target"] == "jl-2022-t01"]
    assert [(r["value"], r["version"], r["user"]) for r in current] == [(12.0, 2, "alice")]
    every = json.loads(run(capsys, "reports", "--json", "--all-versions")[1])
    assert [r["version"] for r in every if r["target"] == "jl-2022-t01"] == [1, 2]
    assert {"target", "region", "date", "value", "note", "version", "upload", "user"} <= set(current[0])


def test_uploads_and_revert(capsys, engine):
    upload = store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100",
                                                    date=dt.date(2023, 6, 30), value=10.0)], user="alice")
    rows = json.loads(run(capsys, "uploads", "--json")[1])
    mine = next(r for r in rows if r["id"] == upload)
    assert {"id", "user", "time", "file", "sha256", "rows", "outcome", "reverted"} <= set(mine)
    assert mine["reverted"] is False
    assert run(capsys, "revert", str(upload), "--user", "office")[0] == 0
    assert run(capsys, "revert", "9999", "--user", "office")[0] == 1
    assert json.loads(run(capsys, "uploads", "--json")[1])[0]["reverted"] is True


def test_demo_load_and_remove(capsys, db_url):
    assert run(capsys, "demo")[0] == 0
    assert any(r["note"] == "示例数据" for r in json.loads(run(capsys, "reports", "--json")[1]))
    code, _, err = run(capsys, "demo", "remove")
    assert code == 0 and "示例数据" in err
    assert not any(r["note"] == "示例数据" for r in json.loads(run(capsys, "reports", "--json")[1]))


@pytest.mark.parametrize("argv", [["revert", "abc", "--user", "office"], ["revert", "-3", "--user", "office"]])
def test_unknown_upload_ids_are_exit_1(capsys, db_url, argv):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and "Traceback" not in err


def test_a_wrong_command_line_is_a_chinese_sentence(capsys, db_url):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["nosuch"])
    assert exit_.value.code == 1
    assert "命令参数有误" in capsys.readouterr().err
