"""指标: every plan and target with its source document, clause, verbatim quote, lead and responsible
units and allocation; uncertain values marked 存疑 with their reason, inferred values marked 推定
with theirs; which units a duty applies to and why; the figures the documents report."""

from __future__ import annotations

import streamlit as st

from targets import permissions
from targets.messages import KIND_LABELS
from ui import catalog, data, documents, downloads, frame, notice, records, state, target_edit, views, widgets
from ui.strings import PAGE_TITLES, d

ctx = frame.page("targets")
f = ctx.filters
plan = data.plan(f.plan)
widgets.style("targets", f.projector)
st.title(f"{PAGE_TITLES['targets']} · {plan.title}")
st.caption(notice.escape(d("plan_line", issuer=plan.issuer, doc_number=plan.doc_number or "—",
                           issued=plan.issued or "—")))
if plan.note and not f.projector:
    st.caption(notice.escape(plan.note))

targets = catalog.shown_targets(plan, views.status_rows(f))
widgets.heading(d("targets_header"))
widgets.table(catalog.targets_frame(plan, targets, brief=f.projector), key="targets_list", projector=f.projector,
              max_rows=8, height=420, widths=catalog.TARGET_WIDTHS)
if targets and not f.projector:
    downloads.table_button(catalog.targets_frame(plan, targets), f"{plan.id}-targets", key="targets_download")

ids = [x.id for x in targets]
if ids:
    if st.session_state.get("targets_target") not in ids:
        preferred = state.get(state.TARGET)
        st.session_state["targets_target"] = preferred if preferred in ids else ids[0]
    chosen = st.selectbox(d("detail_select"), ids, key="targets_target",
                          format_func=records.target_options().get)
    state.put(state.TARGET, chosen)
    x = data.target(chosen)
    with st.container(key="targets_detail"):
        widgets.heading(x.name)
        if x.uncertain:
            st.warning(notice.escape(d("uncertain_reason", reason=x.uncertain_reason or "—")), icon=":material/help:")
        if x.inferred:
            with st.container(key="targets_inferred"):
                st.info(notice.escape(f"{d('inferred_header')}：" + "；".join(documents.inferred_lines(x))),
                        icon=":material/edit_calendar:")
        st.html(f'<div class="dash-quote"><b>{widgets.esc(d("quote"))}</b><blockquote>'
                f"{widgets.esc(x.source_quote)}</blockquote></div>")
        facts = [
            (d("clause"), x.clause), (d("source"), d("source_title", title=plan.title)), (d("category"), x.category),
            (d("kind"), KIND_LABELS.get(x.kind, x.kind)), (d("target_value"), catalog.target_value(x)),
            (d("period"), documents.period(x)), (d("lead"), documents.marked(x, "lead", x.lead or "—")),
            (d("responsible"), d("list_sep").join(x.responsible) or "—"),
            (d("allocation_header"), catalog.allocation_text(x, plan)),
        ]
        st.html(widgets.facts(facts))
        with st.container(key="targets_applies_to"):
            widgets.heading(d("applies_to"))
            for line in documents.applies_to(x, plan):
                st.caption(notice.escape(line))
        if x.best_reading and not f.projector:
            st.caption(notice.escape(d("best_reading", reading=x.best_reading)))
        if permissions.may(ctx.user, "edit_target") and not f.projector:
            target_edit.form(x)
            if candidates := documents.extension_candidates(x, plan):
                target_edit.extend_form(x, candidates, data.region_name)
        if x.pooled and not data.allocations().get(x.id):
            widgets.heading(d("contributions_header"))
            widgets.table(documents.contributions_frame(x, plan), key="targets_contributions", projector=f.projector,
                          max_rows=12)
        informing = documents.facts_frame(plan, x.id, all_facts=False)
        if not informing.empty:
            widgets.heading(d("target_facts_header"))
            widgets.table(informing, key="targets_target_facts", projector=f.projector)
        shares = catalog.allocation_frame(x, plan)
        if not shares.empty:
            widgets.table(shares, key="targets_allocation", projector=f.projector, max_rows=12)
            if not f.projector:
                downloads.table_button(shares, f"{x.id}-allocation", key="targets_allocation_download")

if plan.facts and not f.projector:
    widgets.heading(d("facts_header"))
    widgets.table(documents.facts_frame(plan), key="targets_facts", projector=False, max_rows=20)

if not f.projector:
    widgets.heading(d("plans_header"))
    widgets.table(catalog.plans_frame(), key="targets_plans", projector=False)
