"""In-app notifications and the e-mail/SMS outbox.

Messages are written to the outbox in the caller's transaction; delivery is a
job (``deliver_outbox``) that runs after commit. With ``SMTP_URL`` unset a
message is kept as *stored* so the Platform Console can show it (a local run
reads its verification codes there). SMS has no gateway here: it is stored.
"""
from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse

from sqlmodel import Session, col, func, select

from partner_portal.models import Notification, Outbox, OutboxStatus, User

from . import clock


def smtp_url() -> str:
    return os.environ.get("SMTP_URL", "").strip()


def notify(session: Session, *, user_id: int, title: str, body: str = "", link: str = "", dedupe_key: str = "") -> Notification | None:
    """Add a bell notification; with ``dedupe_key`` the same one is never added twice (idempotent jobs)."""
    if dedupe_key and session.exec(select(Notification.id).where(
            Notification.user_id == user_id, Notification.dedupe_key == dedupe_key)).first():
        return None
    row = Notification(user_id=user_id, title=title, body=body, link=link, dedupe_key=dedupe_key, created_at=clock.now())
    session.add(row)
    return row


def notify_partner(session: Session, *, partner_id: int, admins_only: bool = False, **kw) -> None:
    roles = ["partner_admin", "distributor_admin"] if admins_only else ["partner_admin", "distributor_admin", "partner_staff"]
    for uid in session.exec(select(User.id).where(User.partner_id == partner_id, col(User.role).in_(roles), User.active == True)):  # noqa: E712
        notify(session, user_id=uid, **kw)


def notify_managers(session: Session, **kw) -> None:
    for uid in session.exec(select(User.id).where(User.role == "manager", User.active == True)):  # noqa: E712
        notify(session, user_id=uid, **kw)


def _queue(session: Session, channel: str, to: str, subject: str, body: str) -> Outbox:
    status = OutboxStatus.QUEUED if (channel == "email" and smtp_url()) else OutboxStatus.STORED
    row = Outbox(channel=channel, recipient=to, subject=subject, body=body, status=status, created_at=clock.now())
    session.add(row)
    return row


def send_email(session: Session, *, to: str, subject: str, body: str) -> Outbox:
    return _queue(session, "email", to, subject, body)


def send_sms(session: Session, *, to: str, body: str) -> Outbox:
    return _queue(session, "sms", to, "", body)


def unread_count(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at == None)).one()  # noqa: E711


def recent(session: Session, user_id: int, limit: int = 10) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.user_id == user_id)
                             .order_by(col(Notification.id).desc()).limit(limit)))


def mark_read(session: Session, *, user_id: int, notification_id: int | None = None) -> None:
    q = select(Notification).where(Notification.user_id == user_id, Notification.read_at == None)  # noqa: E711
    if notification_id:
        q = q.where(Notification.id == notification_id)
    for row in session.exec(q):
        row.read_at = clock.now()
    session.commit()


def _smtp_send(url: str, msg: EmailMessage) -> None:
    u = urlparse(url)
    q = parse_qs(u.query)
    port = u.port or (465 if u.scheme == "smtps" else 25)
    cls = smtplib.SMTP_SSL if u.scheme == "smtps" else smtplib.SMTP
    with cls(u.hostname or "localhost", port, timeout=20) as s:
        if u.scheme == "smtp" and q.get("starttls", ["0"])[0] in ("1", "true"):
            s.starttls()
        if u.username:
            s.login(unquote(u.username), unquote(u.password or ""))
        s.send_message(msg)


def deliver_outbox(session: Session, limit: int = 50) -> int:
    """Send queued e-mails through SMTP. Idempotent: a sent row is never sent again."""
    url = smtp_url()
    if not url:
        return 0
    sender = parse_qs(urlparse(url).query).get("from", ["partner-portal@localhost"])[0]
    sent = 0
    rows = session.exec(select(Outbox).where(Outbox.status == OutboxStatus.QUEUED, Outbox.attempts < 5)
                        .order_by(col(Outbox.id)).limit(limit)).all()
    for row in rows:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, row.recipient, row.subject
        msg.set_content(row.body)
        row.attempts += 1
        try:
            _smtp_send(url, msg)
        except (OSError, smtplib.SMTPException) as exc:
            row.error = str(exc)[:500]
            if row.attempts >= 5:
                row.status = OutboxStatus.FAILED
        else:
            row.status, row.sent_at, row.error = OutboxStatus.SENT, clock.now(), ""
            sent += 1
        session.commit()
    return sent
