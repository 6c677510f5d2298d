"""Meta-tests: the domain never imports streamlit, pages only render, Chinese text lives in three places."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_ALLOWED = {"targets/messages.py", "ui/strings.py", "targets/workbook/excel.py"}
PRODUCT_FILES = sorted(
    str(p.relative_to(ROOT)) for folder in ("targets", "ui", "pages") for p in (ROOT / folder).rglob("*.py")
) + ["app.py"]


def _tree(rel: str) -> ast.Module:
    return ast.parse((ROOT / rel).read_text(encoding="utf-8"))


def _imports(rel: str) -> set[str]:
    names = set()
    for node in ast.walk(_tree(rel)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("rel", [f for f in PRODUCT_FILES if f.startswith("targets/")])
def test_domain_never_imports_streamlit_or_ui(rel):
    assert not {"streamlit", "ui"} & _imports(rel)


@pytest.mark.parametrize("rel", [f for f in PRODUCT_FILES if f.startswith("pages/")])
def test_pages_do_not_touch_the_database(rel):
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert not {"sqlmodel", "sqlalchemy"} & _imports(rel)
    assert not re.search(r"\bselect\(|Session\(|create_engine|\.groupby\(|\.merge\(", text)


def _docstring_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


@pytest.mark.parametrize("rel", [f for f in PRODUCT_FILES if f not in CHINESE_ALLOWED])
def test_chinese_text_only_in_messages_strings_and_workbook_headers(rel):
    tree = _tree(rel)
    docstrings = _docstring_nodes(tree)
    offending = [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings and CJK.search(node.value)
    ]
    assert not offending, offending


def test_every_message_code_raised_has_a_sentence():
    from targets.messages import MESSAGES

    raised = set()
    for rel in PRODUCT_FILES:
        for node in ast.walk(_tree(rel)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
                "InvalidInput", "UnreadableFile", "NotAllowed", "NotFound", "WarningsNotAccepted", "TargetsError"
            } and node.args and isinstance(node.args[0], ast.Constant):
                raised.add(node.args[0].value)
    assert raised and raised <= set(MESSAGES), raised - set(MESSAGES)


def test_app_entry_is_a_frame_only():
    assert len((ROOT / "app.py").read_text(encoding="utf-8").splitlines()) <= 60


def test_every_page_in_the_navigation_has_a_file_and_an_apptest():
    from ui.frame import PAGES, page_file

    for name in PAGES:
        assert page_file(name).exists(), name
        assert (ROOT / "tests" / "app" / f"test_{name}.py").exists(), name


def _configuration_table() -> dict[str, tuple[str, str]]:
    """README's configuration table: setting → (type, default) as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Configuration", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (\w+) \| (.+?) \|", section, re.M)
    return {name: (kind, default.strip("` ")) for name, kind, default in rows}


def _same_default(written: str, declared: object) -> bool:
    if written == '""':
        return declared == ""
    if isinstance(declared, bool):
        return written == str(declared).lower()
    if isinstance(declared, (int, float)):
        return float(written.replace(",", "")) == declared
    return written == declared or str(declared).endswith(written.removeprefix("sqlite:///"))


def test_every_setting_is_documented():
    from targets.config import SETTINGS

    table = _configuration_table()
    assert set(table) == {s.name for s in SETTINGS}
    for s in SETTINGS:
        assert s.help, s.name
        kind, default = table[s.name]
        assert kind == s.type and _same_default(default, s.default), (s.name, kind, default)


# --- the tools that enforce the layers, lint and types (pyproject.toml holds their configuration) ---

def _run(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """A dev tool installed beside this Python (requirements-dev.txt), run in `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(Path(sys.executable).with_name(tool)), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_import_contracts_are_kept():
    done = _run("lint-imports", "--no-cache", "--no-logo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


LEAKS = [  # (file, the import added, the contract it breaks)
    ("targets/method/status.py", "import targets.store", "method-is-pure"),
    ("targets/method/burndown.py", "import sqlalchemy", "method-is-pure"),
    ("targets/workbook/values.py", "import targets.intake.uploads", "workbook-knows-no-store"),
    ("targets/plans/regions.py", "import targets.workbook.excel", "plans-are-a-base"),
    ("targets/messages.py", "import streamlit", "domain-has-no-ui"),
    ("targets/store/reports.py", "import targets.intake.preview", "one-way-flow"),
    ("targets/cli/core.py", "import targets.cli.users", "cli-groups-stand-alone"),
    ("targets/intake/exports.py", "import sqlmodel", "sql-lives-in-the-store"),
    ("pages/map.py", "import sqlalchemy", "pages-only-render"),
    ("targets/intake/validate.py", "import targets.store.reports", "validation-knows-no-store"),
    ("targets/store/audit.py", "import targets.store.reports", "no-cycles"),  # reports imports audit
]


@pytest.mark.parametrize(("rel", "line", "contract"), LEAKS)
def test_import_linter_fails_when_a_forbidden_import_is_added(tmp_path, rel, line, contract):
    for folder in ("targets", "ui", "pages"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / rel).open("a", encoding="utf-8") as f:
        f.write(f"\n{line}  # added by the test\n")
    done = _run("lint-imports", "--no-cache", "--no-logo", "--contract", contract, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 broken" in done.stdout, done.stdout


def test_ruff_finds_nothing_in_the_product():
    done = _run("ruff", "check", "--no-cache", "targets", "ui", "pages", "app.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_no_type_errors_in_targets():
    done = _run("mypy")  # files, strict modules and SQLModel exceptions: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
