"""Chase notices by e-mail, against a local SMTP server the test starts (aiosmtpd); never without a server set."""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from targets import cli, messages, store
from targets.config import Settings
from targets.errors import InvalidInput, TargetsError
from targets.intake import chase_list, mail

AS_OF = dt.date(2024, 7, 20)
CC_UNIT = messages.render("unit_of_region", region="长春市")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_each_unit_with_an_address_gets_its_notice_with_the_docx(engine, smtp):
    inbox, port = smtp
    mail.set_contact(engine, CC_UNIT, "cc@amr.jl.intranet", "office")
    found = chase_list.chase(engine, AS_OF)
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="office@amr.jl.intranet")
    result = mail.send(engine, found, AS_OF, settings, "office")
    assert result.sent == (CC_UNIT,) and CC_UNIT not in result.missing and len(result.missing) == len(found) - 1
    ((sender, to, raw),) = inbox.messages
    assert (sender, to) == ("office@amr.jl.intranet", ["cc@amr.jl.intranet"])
    msg = email.message_from_bytes(raw, policy=policy.default)
    notice = next(n for n in found if n.unit == CC_UNIT)
    assert msg.get_body(("plain",)).get_content().strip() == chase_list.notice_text(notice, AS_OF).strip()
    assert CC_UNIT in msg["Subject"]
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename().endswith(".docx") and attachment.get_content()[:2] == b"PK"
    sent = [e for e in store.audit_log(engine) if e["action"] == "duty_chase_sent"]
    assert json.loads(sent[0]["detail"]) == {"unit": CC_UNIT, "email": "cc@amr.jl.intranet",
                                             "items": len(notice.entries)}


def test_nothing_is_sent_without_a_configured_server(engine):
    with pytest.raises(InvalidInput) as caught:
        mail.send(engine, chase_list.chase(engine, AS_OF), AS_OF, Settings(), "office")
    assert caught.value.code == "mail_not_configured"


def test_an_unreachable_server_is_a_sentence(engine):
    mail.set_contact(engine, CC_UNIT, "cc@amr.jl.intranet", "office")
    settings = Settings(smtp_host="127.0.0.1", smtp_port=_free_port())
    with pytest.raises(TargetsError) as caught:
        mail.send(engine, chase_list.chase(engine, AS_OF), AS_OF, settings, "office")
    assert caught.value.code == "mail_failed" and "127.0.0.1" in str(caught.value)


def test_an_address_that_is_not_one_is_refused(engine):
    with pytest.raises(InvalidInput):
        mail.set_contact(engine, CC_UNIT, "not an address", "office")


def test_chase_send_on_the_command_line(capsys, engine, settings, smtp):
    inbox, port = smtp
    assert cli.main(["contact", "set", CC_UNIT, "cc@amr.jl.intranet", "--user", "x"]) == 0
    configured = Settings(database_url=settings.database_url, smtp_host="127.0.0.1", smtp_port=port,
                          smtp_sender="office@amr.jl.intranet")
    code = cli.main(["chase", "--send", "--user", "x", "--as-of", AS_OF.isoformat()], settings=configured)
    _, err = capsys.readouterr()
    assert code == 0 and messages.render("mail_sent", count=1) in err
    assert [to for _, to, _ in inbox.messages] == [["cc@amr.jl.intranet"]]
