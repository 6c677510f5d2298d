"""The 催办清单 tab: one ready notice per responsible unit (text, Word), the list as Excel, optional e-mail."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from targets.errors import TargetsError
from targets.intake import chase_list
from targets.messages import CHASE_TITLES, LIST_SEP, render
from targets.method.chase import Notice, notices
from targets.store.accounts import User
from ui import data, duty_actions, notice
from ui.review import XLSX_MIME
from ui.strings import u

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_notices(plan_id: str, as_of: dt.date) -> list[Notice]:
    """The chase list at `as_of`, narrowed to one plan's items."""
    return notices(e for n in data.chase(as_of) for e in n.entries if e.plan == plan_id)


def _send(found: list[Notice], as_of: dt.date) -> None:
    try:
        result = duty_actions.send_mail(found, as_of)
    except TargetsError as exc:
        st.session_state["duties_error"] = str(exc)
        return
    text = render("mail_sent", count=len(result.sent))
    if result.missing:
        text += render("mail_no_contact", units=LIST_SEP.join(result.missing))
    notice.flash(text)


def _mail(found: list[Notice], as_of: dt.date, user: User | None) -> None:
    if user is None or user.role != "admin":
        return
    if not data.settings().smtp_host:
        st.caption(u("chase_no_mail"))
        return
    sure = st.checkbox(u("chase_send_confirm"), key="duties_mail_confirm")
    st.button(u("chase_send"), key="duties_mail_send", disabled=not sure, icon=":material/mail:",
              on_click=_send, args=(found, as_of))


def render_tab(plan_id: str, as_of: dt.date, user: User | None) -> None:
    """The chase list of one plan at `as_of`."""
    found = plan_notices(plan_id, as_of)
    if not found:
        st.success(u("chase_empty"))
        return
    st.markdown(u("chase_header", as_of=as_of, units=len(found), items=sum(len(n.entries) for n in found)))
    left, right = st.columns(2)
    left.download_button(u("chase_docx"), data=lambda: chase_list.notices_docx(found, as_of),
                         file_name=u("chase_file_docx", as_of=as_of), mime=DOCX_MIME, key="duties_chase_docx",
                         on_click="ignore", icon=":material/description:")
    right.download_button(u("chase_xlsx"), data=lambda: chase_list.chase_workbook(found, as_of),
                          file_name=u("chase_file_xlsx", as_of=as_of), mime=XLSX_MIME, key="duties_chase_xlsx",
                          on_click="ignore", icon=":material/download:")
    _mail(found, as_of, user)
    for index, n in enumerate(found):
        title = u("chase_unit", title=CHASE_TITLES[n.colour], unit=n.unit, count=len(n.entries))
        with st.expander(title, expanded=index == 0), st.container(key=f"duties_notice_{index}"):
            st.code(chase_list.notice_text(n, as_of), language=None, wrap_lines=True)
            st.download_button(u("chase_unit_docx"), data=lambda n=n: chase_list.notices_docx([n], as_of),
                               file_name=f"{CHASE_TITLES[n.colour]}-{n.unit}-{as_of}.docx", mime=DOCX_MIME,
                               key=f"duties_notice_docx_{index}", on_click="ignore", icon=":material/download:")
