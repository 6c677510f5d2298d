"""Command line: duties and supervision (`duties`, `chase`, `duty report|confirm|send-back|exempt|history`,
`contact set|list`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from targets import messages, permissions, store
from targets.cli.actor import acting
from targets.cli.files import write_file
from targets.cli.output import clean, emit, parse_date, say, show, write_text
from targets.errors import InvalidInput, UnreadableFile
from targets.intake import chase_list, duty_reports, mail
from targets.intake.evidence import MB
from targets.method.agenda import all_items
from targets.plans import regions
from targets.store import duties as stored

ITEM_KEYS = ["target", "region", "year", "due", "state", "done", "evidence", "opens", "note", "reason"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("duties")
    p.add_argument("--json", action="store_true")
    p.add_argument("--year")
    p.add_argument("--as-of")
    p.set_defaults(handler=cmd_duties)
    p = sub.add_parser("chase")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-of")
    p.add_argument("-o", "--output")
    p.add_argument("--send", action="store_true")
    p.add_argument("--user")
    p.set_defaults(handler=cmd_chase)
    _register_duty(sub)
    p = sub.add_parser("contact")
    contact = p.add_subparsers(dest="contact_command", required=True)
    add = contact.add_parser("set")
    for name in ("unit", "email"):
        add.add_argument(name)
    add.add_argument("--user", required=True)
    contact.add_parser("list").add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_contact)


def _register_duty(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("duty")
    steps = p.add_subparsers(dest="duty_command", required=True)
    for name in ("report", "confirm", "send-back", "exempt", "history"):
        step = steps.add_parser(name)
        for arg in ("target", "region", "year"):
            step.add_argument(arg)
        if name == "history":
            step.add_argument("--json", action="store_true")
        else:
            step.add_argument("--user", required=True)
    extend = steps.add_parser("extend")  # the office extends a per-region duty to one more unit
    for arg in ("target", "region"):
        extend.add_argument(arg)
    extend.add_argument("--user", required=True)
    steps.choices["report"].add_argument("--done", required=True)
    steps.choices["report"].add_argument("--note", default="")
    steps.choices["report"].add_argument("--file", action="extend", nargs="+", default=[])
    for name in ("send-back", "exempt"):
        steps.choices[name].add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_duty)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise InvalidInput("bad_year_argument", value=text)
    return int(text)


def cmd_duties(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    duties, history = duty_reports.load(engine)
    as_of = parse_date(args.as_of) or duty_reports.today(settings.time_zone)
    found = all_items(duties, history, as_of, settings.duty_soon_days, _year(args.year))
    flags = {d.target: {"uncertain": d.uncertain, "inferred": dict(d.inferred)} for d in duties}
    rows = [{**{k: clean(getattr(i, k)) for k in ITEM_KEYS}, **flags[i.target]} for i in found]
    if not args.json:
        rows = [{**r, "state": messages.DUTY_STATE_LABELS[r["state"]]} for r in rows]
    return show(args, rows, ["target", "region", "year", "due", "state", "done", "evidence"])


def cmd_chase(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    as_of = parse_date(args.as_of) or duty_reports.today(settings.time_zone)
    found = chase_list.chase(engine, as_of, settings)
    if args.output:
        suffix = Path(args.output).suffix.lower()
        data = chase_list.notices_docx(found, as_of) if suffix == ".docx" else chase_list.chase_workbook(found, as_of)
        write_file(args.output, data)
    if args.send:
        user = acting(engine, args.user or "")
        permissions.require(user, "chase")
        result = mail.send(engine, found, as_of, settings, user.name)
        say(messages.render("mail_sent", count=len(result.sent)))
        if result.missing:
            say(messages.render("mail_no_contact", units=messages.LIST_SEP.join(result.missing)))
    if args.json:
        emit(chase_list.as_json(found))
    elif not args.output and not args.send:
        texts = [chase_list.notice_text(n, as_of) for n in found]
        write_text("\n\n".join(texts) if texts else messages.render("chase_empty", as_of=as_of.isoformat()))
    return 0


def _region(text: str) -> str:
    found = regions.get(text) or regions.lookup(text)
    if found is None:
        raise InvalidInput("region_not_found", region=text)
    return found.code


def _files(paths: list[str], settings) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    files = []
    for path in paths:
        try:
            if Path(path).stat().st_size > settings.max_evidence_mb * MB:
                raise InvalidInput("evidence_too_large", file=Path(path).name, limit=settings.max_evidence_mb,
                                   size=f"{Path(path).stat().st_size / MB:.1f}")
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError:
            raise UnreadableFile("file_unreadable", file=path)
    return files


def cmd_duty(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    if args.duty_command == "extend":
        return _extend(args, engine)
    key = (args.target, _region(args.region), _year(args.year) or 0)
    step = args.duty_command
    if step == "history":
        rows = [{"action": e.action, "time": clean(e.time), "user": e.user, "done": clean(e.done), "note": e.note,
                 "evidence": e.evidence, "source": e.source} for e in duty_reports.history(engine, key)]
        return show(args, rows, ["time", "action", "user", "done", "evidence", "note"])
    user = acting(engine, args.user)
    labels = {"target": key[0], "region": key[1], "year": key[2]}
    if step == "report":
        done = parse_date(args.done)
        duty_reports.report(engine, user, key, done, args.note, _files(args.file, settings), settings, source="cli")
        say(messages.render("duty_reported", **labels, date=args.done, files=len(args.file)))
    elif step == "confirm":
        duty_reports.confirm(engine, user, key, settings, source="cli")
        say(messages.render("duty_confirmed", **labels))
    elif step == "send-back":
        duty_reports.send_back(engine, user, key, args.reason, settings, source="cli")
        say(messages.render("duty_sent_back", **labels))
    else:
        duty_reports.exempt(engine, user, key, args.reason, settings, source="cli")
        say(messages.render("duty_exempted", **labels))
    return 0


def cmd_contact(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    if args.contact_command == "list":
        rows = [{"unit": u, "email": e} for u, e in stored.contacts(engine).items()]
        return show(args, rows, ["unit", "email"])
    user = acting(engine, args.user)
    permissions.require(user, "chase")
    mail.set_contact(engine, args.unit, args.email, user.name)
    say(messages.render("contact_set", unit=args.unit, email=args.email))
    return 0


def _extend(args, engine) -> int:  # type: ignore[no-untyped-def]
    """`duty extend TARGET REGION --user NAME`: the office extends a per-region duty (admins only); audited."""
    share = store.extend_duty(engine, args.target, args.region, acting(engine, args.user))
    say(messages.render("duty_extended", target=args.target, region=args.region, share=messages.number(share)))
    return 0
