"""The command line's JSON and exit codes (CONTRACTS §2), run through cli.main."""

import datetime as dt
import json

import pytest

from targets import cli, demo, store
from targets.store.models import ReportIn


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_every_target_with_quote(capsys, db_url):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 75
    needed = {"plan", "id", "name", "unit", "kind", "target", "start", "deadline", "regions", "allocation",
              "source_quote", "uncertain"}
    assert all(needed <= set(r) for r in rows)
    assert {r["kind"] for r in rows} <= {"cumulative", "count", "rate", "milestone", "recurring"}
    for r in rows:
        dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["deadline"])
        assert r["regions"] and r["source_quote"]
    t01 = next(r for r in rows if r["id"] == "jl-2022-t01")
    assert t01["target"] == 300 and len(t01["regions"]) == 11
    assert any(r["uncertain"] for r in rows if r["plan"] == "jl-2022")


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
    for r in rows:
        if r["status"] in ("on_track", "behind", "off_track") and r["expected"]:
            assert r["actual"] is not None and r["completion"] is not None


def test_status_as_of_uses_the_region_share(capsys, engine):
    store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100", date=dt.date(2023, 6, 30),
                                           value=12.0)], user="alice")
    code, out, _ = run(capsys, "status", "--json", "--as-of", "2023-06-30")
    row = next(r for r in json.loads(out) if r["target"] == "jl-2022-t01" and r["region"] == "220100")
    share = 300 / 11
    assert row["expected"] == pytest.approx(share / 2)
    assert row["completion"] == pytest.approx(12 / share)
    assert 12 / (share / 2) == pytest.approx(0.88)  # pace between 0.80 and 0.95
    assert row["status"] == "behind"
    assert row["actual"] == 12


def test_bad_as_of_is_a_sentence(capsys, db_url):
    code, out, err = run(capsys, "status", "--json", "--as-of", "yesterday")
    assert code == 1 and out == "" and "yesterday" in err and "Traceback" not in err


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
