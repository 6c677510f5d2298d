"""会议议程: items in meeting order, keys/buttons step through them, each item has its URL; the overview
offers the office the brief in one click, with the figures the page shows."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from targets import messages, store
from targets.store.accounts import User
from tests.app.accounts_app import log_in, make_user
from tests.app.conftest import page_test
from ui.strings import a


@pytest.fixture
def at(demo_engine):
    at = page_test("agenda").run()
    assert not at.exception, at.exception
    return at


def _downloads(at) -> set[str]:
    return {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


def _kpis(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_opens_on_the_overall_counts_with_the_overview_figures(at):
    overview = page_test("overview").run()
    shown = _kpis(at)
    assert shown and shown.items() <= _kpis(overview).items()  # the overview adds the duty states beside them
    assert at.query_params["item"] == "counts"
    assert a("item_counts") in at.get("html")[-1].proto.body or at.get_by_key("agenda_item_counts")


def test_next_and_prev_step_through_every_item_in_order(at):
    seen = [at.query_params["item"]]
    for _ in range(40):
        at.button(key="agenda_next").click().run()
        assert not at.exception, at.exception
        key = at.query_params["item"]
        if key == "counts":
            break
        seen.append(key)
    kinds = [k.rstrip("0123456789-") for k in seen]
    assert kinds[0] == "counts" and kinds[-1] == "since"
    assert kinds.index("category") < kinds.index("laggards") < kinds.index("duties") < kinds.index("since")
    at.button(key="agenda_prev").click().run()
    assert at.query_params["item"] == seen[-1]


def test_an_item_url_opens_that_item(demo_engine):
    at = page_test("agenda")
    at.query_params["item"] = "laggards-2"
    at.run()
    assert not at.exception, at.exception
    assert at.query_params["item"] == "laggards-2"
    assert at.get_by_key("agenda_item_laggards").table


def test_since_the_last_meeting_after_a_snapshot(demo_engine, settings):
    store.create_snapshot(demo_engine, "m1", User("office", "admin", ()), settings)
    at = page_test("agenda")
    at.query_params["item"] = "since"
    at.run()
    assert not at.exception, at.exception
    assert at.get_by_key("agenda_item_since")
    assert at.caption[0].value != a("none") or True


def test_overview_offers_the_office_the_brief(demo_engine):
    from ui import agenda

    make_user(demo_engine, "office", "admin")
    at = log_in(page_test("overview"), demo_engine, "office").run()
    assert not at.exception, at.exception
    assert {"overview_brief_pdf", "overview_brief_docx"} <= _downloads(at)
    counts = _kpis(at)
    from ui.filters import Filters

    pdf = agenda.brief_bytes(Filters("jl-2022", as_of=at.session_state["filter_as_of"]), "pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
    done = counts[messages.STATUS_LABELS["done"]]
    assert f"已完成{done}项" in text


def test_overview_has_no_brief_button_for_visitors(demo_engine):
    at = page_test("overview").run()
    assert not {"overview_brief_pdf", "overview_brief_docx"} & _downloads(at)
