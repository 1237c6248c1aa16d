"""Passwords, sign-in throttling and server-side sessions.

The browser holds only an opaque token; its SHA-256 is the session row's key,
so a database leak does not hand out live sessions.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from passlib.context import CryptContext
from sqlmodel import Session, col, func, select

from partner_portal.models import LoginAttempt, PasswordReset, User, UserSession

from . import audit, clock, notify
from .errors import InvalidInput, PermissionDenied
from .permissions import Actor, actor_for

# argon2id; parameters tuned so one hash costs 30–100 ms here (bench/signin.py measures it).
pwd_context = CryptContext(
    schemes=["argon2"], deprecated="auto",
    argon2__type="ID", argon2__time_cost=2, argon2__memory_cost=32768, argon2__parallelism=1,
)
_DUMMY_HASH = pwd_context.hash("not-a-real-password-but-costs-the-same")

SESSION_LIFETIME = dt.timedelta(hours=12)
ACCOUNT_FAILURES, ACCOUNT_WINDOW, ACCOUNT_LOCK = 5, dt.timedelta(minutes=15), dt.timedelta(minutes=15)
BROWSER_FAILURES, BROWSER_WINDOW, BROWSER_DELAY = 20, dt.timedelta(minutes=15), dt.timedelta(seconds=30)
RESET_LIFETIME = dt.timedelta(minutes=10)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password or "") < 8:
        raise InvalidInput(field, "Use at least 8 characters.")
    if len(password) > 128:
        raise InvalidInput(field, "Use at most 128 characters.")
    kinds = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if kinds < 3:
        raise InvalidInput(field, "Mix at least three of: lower case, upper case, digits, symbols.")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _failures(session: Session, since: dt.datetime, **where) -> list[LoginAttempt]:
    q = select(LoginAttempt).where(LoginAttempt.success == False, LoginAttempt.at >= since)  # noqa: E712
    for name, value in where.items():
        q = q.where(getattr(LoginAttempt, name) == value)
    return list(session.exec(q.order_by(col(LoginAttempt.at).desc())))


def account_locked_until(session: Session, email: str) -> dt.datetime | None:
    now = clock.now()
    fails = _failures(session, now - ACCOUNT_WINDOW - ACCOUNT_LOCK, email=email)
    # Locked for 15 minutes from the 5th failure inside any 15-minute window.
    times = sorted(f.at for f in fails)
    for i in range(len(times) - ACCOUNT_FAILURES + 1):
        window = times[i:i + ACCOUNT_FAILURES]
        if window[-1] - window[0] <= ACCOUNT_WINDOW and window[-1] + ACCOUNT_LOCK > now:
            return window[-1] + ACCOUNT_LOCK
    return None


def sign_in(session: Session, *, email: str, password: str, browser: str) -> tuple[str, Actor]:
    """Check the password and open a server session; returns (token, actor)."""
    email, now = normalize_email(email), clock.now()
    if not email:
        raise InvalidInput("email", "Enter your e-mail address.")
    if not password:
        raise InvalidInput("password", "Enter your password.")
    if browser:
        recent = _failures(session, now - BROWSER_WINDOW, browser=browser)
        if len(recent) >= BROWSER_FAILURES and recent[0].at + BROWSER_DELAY > now:
            wait = int((recent[0].at + BROWSER_DELAY - now).total_seconds()) or 1
            raise PermissionDenied(f"Too many failed sign-ins from this browser. Wait {wait} seconds and try again.")
    locked = account_locked_until(session, email)
    if locked:
        minutes = max(1, int((locked - now).total_seconds() // 60) + 1)
        raise PermissionDenied(f"This account is locked after 5 failed sign-ins. Try again in {minutes} minutes or reset your password.")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        pwd_context.verify(password, _DUMMY_HASH)  # same cost: timing does not tell who is registered
        ok, new_hash = False, None
    else:
        ok, new_hash = pwd_context.verify_and_update(password, user.password_hash)
    session.add(LoginAttempt(email=email, browser=browser or "", success=ok and user.active, at=now))
    if not ok or user is None:
        session.commit()
        raise InvalidInput("password", "E-mail or password is incorrect.")
    if not user.active:
        session.commit()
        raise PermissionDenied("This account has been deactivated. Ask your company's administrator.")
    if new_hash:
        user.password_hash = new_hash
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, expires_at=now + SESSION_LIFETIME))
    actor = actor_for(session, user)
    audit.record(session, actor, "sign_in", "user", user.id)
    session.commit()
    return token, actor


def open_session(session: Session, user: User) -> str:
    """A session without a password check (right after registration)."""
    token, now = secrets.token_urlsafe(32), clock.now()
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, expires_at=now + SESSION_LIFETIME))
    return token


def resolve(session: Session, token: str) -> Actor | None:
    """The actor behind a browser token, or None when it is unknown, expired, revoked or deactivated."""
    if not token:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= clock.now():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return actor_for(session, user)


def sign_out(session: Session, token: str) -> None:
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token or ""))).first()
    if row and row.revoked_at is None:
        row.revoked_at = clock.now()
        session.commit()


def revoke_all_sessions(session: Session, user_id: int, keep_token: str = "") -> int:
    keep = _token_hash(keep_token) if keep_token else ""
    rows = session.exec(select(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at == None)).all()  # noqa: E711
    n = 0
    for row in rows:
        if row.token_hash != keep:
            row.revoked_at = clock.now()
            n += 1
    return n


def change_password(session: Session, *, actor: Actor, current: str, new: str, confirm: str, token: str) -> None:
    user = session.get(User, actor.user_id)
    if not pwd_context.verify(current or "", user.password_hash):
        raise InvalidInput("current_password", "The current password is incorrect.")
    check_password_strength(new, "new_password")
    if new != confirm:
        raise InvalidInput("confirm_password", "The two passwords do not match.")
    user.password_hash = hash_password(new)
    revoke_all_sessions(session, user.id, keep_token=token)
    audit.record(session, actor, "change_password", "user", user.id)
    session.commit()


def request_password_reset(session: Session, *, email: str) -> None:
    """Sends a 6-digit code through the outbox. Unknown e-mails get the same answer."""
    email = normalize_email(email)
    if not email:
        raise InvalidInput("email", "Enter your e-mail address.")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.active:
        return
    code, now = f"{secrets.randbelow(10**6):06d}", clock.now()
    for old in session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at == None)):  # noqa: E711
        old.used_at = now
    session.add(PasswordReset(user_id=user.id, code_hash=_token_hash(code), expires_at=now + RESET_LIFETIME, created_at=now))
    notify.send_email(session, to=user.email, subject="Partner Portal password reset code",
                      body=f"Your password reset code is {code}. It expires in 10 minutes.")
    session.commit()


def reset_password(session: Session, *, email: str, code: str, new: str, confirm: str) -> None:
    email, now = normalize_email(email), clock.now()
    user = session.exec(select(User).where(User.email == email)).first()
    reset = None
    if user is not None:
        reset = session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at == None)  # noqa: E711
                             .order_by(col(PasswordReset.id).desc())).first()
    if reset is None or reset.expires_at <= now or reset.failed_attempts >= 5:
        raise InvalidInput("code", "The code has expired. Ask for a new one.")
    if not secrets.compare_digest(reset.code_hash, _token_hash((code or "").strip())):
        reset.failed_attempts += 1
        session.commit()
        raise InvalidInput("code", "The code is incorrect.")
    check_password_strength(new, "new_password")
    if new != confirm:
        raise InvalidInput("confirm_password", "The two passwords do not match.")
    reset.used_at = now
    user.password_hash = hash_password(new)
    revoke_all_sessions(session, user.id)
    audit.record(session, actor_for(session, user), "reset_password", "user", user.id)
    session.commit()


def count_sessions(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at == None, UserSession.expires_at > clock.now())).one()  # noqa: E711
