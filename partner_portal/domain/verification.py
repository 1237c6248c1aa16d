"""Verification codes (PRODUCT.md §4): 6 digits, single use, 10 minutes, 5 wrong tries lock the
request for 30 minutes, resend no sooner than 60 s. Delivered through the outbox (SMS and e-mail)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlmodel import Session, col, select

from partner_portal.models import User, VerificationCode

from . import clock, notify
from .errors import InvalidInput, PermissionDenied

LIFETIME = dt.timedelta(minutes=10)
MAX_TRIES = 5
LOCK = dt.timedelta(minutes=30)
RESEND_AFTER = dt.timedelta(seconds=60)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _latest(session: Session, purpose: str, target_id: int, user_id: int) -> VerificationCode | None:
    return session.exec(select(VerificationCode).where(
        VerificationCode.purpose == purpose, VerificationCode.target_id == target_id,
        VerificationCode.user_id == user_id).order_by(col(VerificationCode.id).desc())).first()


def _locked(row: VerificationCode | None, now: dt.datetime) -> dt.datetime | None:
    return row.locked_until if row and row.locked_until and row.locked_until > now else None


def send_code(session: Session, *, purpose: str, target_id: int, user: User, mobile: str = "", subject: str,
              what: str) -> None:
    """Issue a new code for (purpose, target) to ``user`` (SMS to ``mobile`` when given, and e-mail)."""
    now = clock.now()
    last = _latest(session, purpose, target_id, user.id)
    locked = _locked(last, now)
    if locked:
        minutes = int((locked - now).total_seconds() // 60) + 1
        raise PermissionDenied(f"Too many wrong codes. This request is locked for {minutes} more minutes.")
    if last and last.sent_at + RESEND_AFTER > now:
        wait = int((last.sent_at + RESEND_AFTER - now).total_seconds())
        raise InvalidInput("code", f"A code was just sent. You can ask for a new one in {wait} seconds.")
    code = f"{secrets.randbelow(10**6):06d}"
    if last and last.used_at is None:
        last.used_at = now  # the older code stops working
    session.add(VerificationCode(purpose=purpose, target_id=target_id, user_id=user.id, code_hash=_hash(code),
                                 sent_at=now, expires_at=now + LIFETIME,
                                 failed_attempts=last.failed_attempts if last and last.locked_until is None and last.used_at is None else 0))
    text = f"Your verification code to {what} is {code}. It expires in 10 minutes. Never share it."
    if mobile:
        notify.send_sms(session, to=mobile, body=text)
    notify.send_email(session, to=user.email, subject=subject, body=text)
    session.commit()


def check_code(session: Session, *, purpose: str, target_id: int, user: User, code: str) -> None:
    """Consume a correct code; wrong tries count, the fifth locks the request for 30 minutes.

    Commits the failure count itself so a refused try is never rolled back with the caller's work.
    """
    now = clock.now()
    row = _latest(session, purpose, target_id, user.id)
    locked = _locked(row, now)
    if locked:
        minutes = int((locked - now).total_seconds() // 60) + 1
        raise PermissionDenied(f"Too many wrong codes. This request is locked for {minutes} more minutes.")
    code = (code or "").strip()
    if not code:
        raise InvalidInput("code", "Enter the 6-digit verification code.")
    if row is None or row.used_at is not None:
        raise InvalidInput("code", "Send a code first.")
    if row.expires_at <= now:
        raise InvalidInput("code", "The code has expired. Send a new one.")
    if not (len(code) == 6 and code.isdigit() and hmac.compare_digest(row.code_hash, _hash(code))):
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_TRIES:
            row.locked_until, row.used_at = now + LOCK, now
            session.commit()
            raise PermissionDenied("Too many wrong codes. This request is locked for 30 minutes.")
        session.commit()
        left = MAX_TRIES - row.failed_attempts
        raise InvalidInput("code", f"The code is incorrect. {left} tries left.")
    row.used_at = now
