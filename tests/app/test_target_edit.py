"""指标 page, the office's edit form: switching targets never carries one target's values into another."""

from __future__ import annotations

import pytest

from targets import store
from targets.store import accounts
from tests.app.conftest import page_test
from ui import state as ui_state
from ui.target_edit import key


def _target(engine, target_id):
    return next(t for p in store.plans(engine) for t in p.targets if t.id == target_id)


@pytest.fixture
def admin_at(engine):
    admin = accounts.add_user(engine, "office", "admin", "office-pass-1", [], by=accounts.operator("tester"))
    at = page_test("targets")
    at.session_state[ui_state.AUTH_TOKEN] = accounts.start_session(engine, admin)
    at.session_state["targets_target"] = "jl-2022-t01"
    at.run()
    assert not at.exception, at.exception
    return at


def test_saving_after_a_switch_keeps_the_second_targets_values(admin_at, engine):
    before = _target(engine, "jl-2022-t17")
    assert before.uncertain and before.target != _target(engine, "jl-2022-t01").target
    admin_at.selectbox(key="targets_target").set_value("jl-2022-t17").run()
    assert not admin_at.exception
    assert admin_at.number_input(key=key("jl-2022-t17", "value")).value == before.target
    assert admin_at.checkbox(key=key("jl-2022-t17", "confirmed")).value is False
    admin_at.button(key=key("jl-2022-t17", "save")).click().run()
    assert not admin_at.exception
    after = _target(engine, "jl-2022-t17")
    assert (after.target, after.deadline, after.uncertain) == (before.target, before.deadline, True)
    assert after.best_reading == before.best_reading and after.due == before.due


def test_an_unsaved_edit_of_one_target_does_not_follow_to_the_next(admin_at, engine):
    admin_at.number_input(key=key("jl-2022-t01", "value")).set_value(280.0)
    admin_at.selectbox(key="targets_target").set_value("jl-2022-t04").run()
    assert admin_at.number_input(key=key("jl-2022-t04", "value")).value == _target(engine, "jl-2022-t04").target
    assert not [w for w in admin_at.number_input if w.key == key("jl-2022-t01", "value")]
