"""Audit rows ride in the change's transaction; the outbox stores or sends; jobs are idempotent."""
import socketserver
import threading

import pytest
from sqlmodel import select

from partner_portal.domain import audit, jobs, notify
from partner_portal.models import AuditLog, Notification, Outbox, OutboxStatus, Role
from tests import factories as f


def test_audit_row_commits_with_the_change_and_rolls_back_with_it(session):
    p, u, a = f.partner_admin(session)
    p.name = "Renamed"
    audit.record(session, a, "rename", "partner", p.id, before={"name": "old"}, after={"name": "Renamed"}, partner_id=p.id)
    session.rollback()
    assert session.exec(select(AuditLog).where(AuditLog.action == "rename")).first() is None
    audit.record(session, a, "rename", "partner", p.id, after={"name": "Renamed"})
    session.commit()
    row = session.exec(select(AuditLog).where(AuditLog.action == "rename")).one()
    assert row.actor_id == u.id and row.after == '{"name": "Renamed"}'


def test_without_smtp_messages_are_stored_for_the_console(session, monkeypatch):
    monkeypatch.delenv("SMTP_URL", raising=False)
    notify.send_email(session, to="a@b.example", subject="Hi", body="Code 123456")
    notify.send_sms(session, to="13800000000", body="Code 654321")
    session.commit()
    rows = session.exec(select(Outbox)).all()
    assert {r.status for r in rows} == {OutboxStatus.STORED}
    assert notify.deliver_outbox(session) == 0


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        def say(line):
            self.wfile.write((line + "\r\n").encode())
        say("220 test ESMTP")
        data_mode, lines = False, []
        for raw in self.rfile:
            line = raw.decode().rstrip("\r\n")
            if data_mode:
                if line == ".":
                    data_mode = False
                    self.server.messages.append("\n".join(lines))
                    say("250 OK")
                else:
                    lines.append(line)
                continue
            cmd = line.split(" ", 1)[0].upper()
            if cmd in ("EHLO", "HELO"):
                say("250 test")
            elif cmd == "DATA":
                data_mode, lines = True, []
                say("354 go on")
            elif cmd == "QUIT":
                say("221 bye")
                return
            else:
                say("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_with_smtp_url_queued_mail_is_delivered_once(session, monkeypatch, smtp_server):
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{smtp_server.server_address[1]}?from=portal@test.example")
    notify.send_email(session, to="someone@client.example", subject="Invoicing list ready", body="Mail it to us.")
    session.commit()
    assert session.exec(select(Outbox)).one().status == OutboxStatus.QUEUED
    assert notify.deliver_outbox(session) == 1
    assert notify.deliver_outbox(session) == 0  # idempotent: a sent row is never sent again
    row = session.exec(select(Outbox)).one()
    assert row.status == OutboxStatus.SENT and row.sent_at is not None
    assert len(smtp_server.messages) == 1 and "Invoicing list ready" in smtp_server.messages[0]


def test_unreachable_smtp_keeps_the_message_queued_with_the_error(session, monkeypatch):
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:1")
    notify.send_email(session, to="x@y.example", subject="s", body="b")
    session.commit()
    assert notify.deliver_outbox(session) == 0
    row = session.exec(select(Outbox)).one()
    assert row.status == OutboxStatus.QUEUED and row.attempts == 1 and row.error


def test_deduplicated_notifications_are_added_once(session):
    u = f.user(session, role=Role.MEMBER)
    notify.notify(session, user_id=u.id, title="Certificate expires soon", dedupe_key="cert-exp-1")
    notify.notify(session, user_id=u.id, title="Certificate expires soon", dedupe_key="cert-exp-1")
    session.commit()
    assert len(session.exec(select(Notification)).all()) == 1
    assert notify.unread_count(session, u.id) == 1
    notify.mark_read(session, user_id=u.id)
    assert notify.unread_count(session, u.id) == 0


def test_a_failing_job_does_not_stop_the_others(engine, monkeypatch):
    from partner_portal import db
    calls = []
    monkeypatch.setattr(jobs, "JOBS", {"boom": lambda s: 1 / 0, "ok": lambda s: calls.append(1) or 1})
    monkeypatch.setattr(jobs, "load_all", lambda: jobs.JOBS)
    results = jobs.run_all(db.session)
    assert results == {"boom": -1, "ok": 1} and calls == [1]


def test_every_registered_job_runs_twice_without_error(engine):
    from partner_portal import db
    from partner_portal.demo import seed
    with db.session() as s:
        seed(s)
    first = jobs.run_all(db.session)
    second = jobs.run_all(db.session)
    assert all(v >= 0 for v in first.values()), first
    assert all(v >= 0 for v in second.values()), second
