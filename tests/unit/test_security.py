"""Sign-in, throttling, sessions and password reset (PRODUCT.md §2, QUALITY.md R4, R8)."""
from __future__ import annotations

import re

import pytest
from sqlmodel import select

from partner_portal.domain import clock, security
from partner_portal.domain.errors import InvalidInput, PermissionDenied
from partner_portal.models import Outbox, User
from tests import factories as f


def fail(session, email, browser="b", password="Wrong#0000"):
    with pytest.raises((InvalidInput, PermissionDenied)) as e:
        security.sign_in(session, email=email, password=password, browser=browser)
    return e.value


def test_sign_in_with_the_right_password_opens_a_session(session):
    u = f.user(session)
    token, actor = security.sign_in(session, email="  " + u.email.upper() + " ", password=f.PASSWORD, browser="b")
    assert actor.user_id == u.id
    assert security.resolve(session, token).user_id == u.id


def test_wrong_password_and_unknown_email_get_the_same_message(session):
    u = f.user(session)
    wrong = fail(session, u.email)
    unknown = fail(session, "nobody@nowhere.example")
    assert isinstance(wrong, InvalidInput) and isinstance(unknown, InvalidInput)
    assert wrong.message == unknown.message and wrong.field == unknown.field


def test_empty_fields_are_field_errors(session):
    assert fail(session, "", password="x").field == "email"
    assert fail(session, "a@b.example", password="").field == "password"


def test_five_failures_in_fifteen_minutes_lock_the_account_even_for_the_right_password(session):
    u = f.user(session)
    for _ in range(5):
        clock.advance(minutes=2)
        fail(session, u.email, browser=f"b{_}")
    err = fail(session, u.email, password=f.PASSWORD, browser="fresh")
    assert isinstance(err, PermissionDenied) and "locked" in err.message


def test_lock_lifts_after_fifteen_minutes(session):
    u = f.user(session)
    for _ in range(5):
        fail(session, u.email)
    clock.advance(minutes=14)
    assert isinstance(fail(session, u.email, password=f.PASSWORD), PermissionDenied)
    clock.advance(minutes=1, seconds=1)
    security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b")


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(session):
    u = f.user(session)
    for _ in range(5):
        fail(session, u.email)
        clock.advance(minutes=4)
    security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b")


def test_twenty_failures_from_one_browser_slow_it_down_but_not_other_browsers(session):
    users = [f.user(session) for _ in range(5)]
    for i in range(20):
        fail(session, users[i % 5].email + ".x", browser="shared")  # unknown e-mails: no account lock
    target = f.user(session)
    err = fail(session, target.email, password=f.PASSWORD, browser="shared")
    assert isinstance(err, PermissionDenied) and "browser" in err.message
    security.sign_in(session, email=target.email, password=f.PASSWORD, browser="other")
    clock.advance(seconds=31)
    security.sign_in(session, email=target.email, password=f.PASSWORD, browser="shared")


def test_sessions_expire_after_their_lifetime(session):
    u = f.user(session)
    token, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b")
    clock.advance(hours=11, minutes=59)
    assert security.resolve(session, token) is not None
    clock.advance(minutes=2)
    assert security.resolve(session, token) is None


def test_sign_out_revokes_the_server_session(session):
    u = f.user(session)
    token, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b")
    security.sign_out(session, token)
    assert security.resolve(session, token) is None
    assert security.resolve(session, "made-up-token") is None


def _code(session, email):
    body = session.exec(select(Outbox).where(Outbox.recipient == email).order_by(Outbox.id.desc())).first().body
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_reset_password_with_the_emailed_code_signs_out_every_other_session(session):
    u = f.user(session)
    t1, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b1")
    t2, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b2")
    security.request_password_reset(session, email=u.email)
    security.reset_password(session, email=u.email, code=_code(session, u.email), new="Fresh#2026", confirm="Fresh#2026")
    assert security.resolve(session, t1) is None and security.resolve(session, t2) is None
    assert security.count_sessions(session, u.id) == 0
    security.sign_in(session, email=u.email, password="Fresh#2026", browser="b3")
    assert isinstance(fail(session, u.email, password=f.PASSWORD, browser="b4"), InvalidInput)


def test_reset_code_is_single_use_expires_and_locks_after_five_wrong_tries(session):
    u = f.user(session)
    security.request_password_reset(session, email=u.email)
    code = _code(session, u.email)
    security.reset_password(session, email=u.email, code=code, new="Fresh#2026", confirm="Fresh#2026")
    with pytest.raises(InvalidInput):
        security.reset_password(session, email=u.email, code=code, new="Other#2026", confirm="Other#2026")
    security.request_password_reset(session, email=u.email)
    clock.advance(minutes=11)
    with pytest.raises(InvalidInput, match="expired"):
        security.reset_password(session, email=u.email, code=_code(session, u.email), new="Other#2026",
                                confirm="Other#2026")
    security.request_password_reset(session, email=u.email)
    good = _code(session, u.email)
    for _ in range(5):
        with pytest.raises(InvalidInput):
            security.reset_password(session, email=u.email, code="000000" if good != "000000" else "111111",
                                    new="Other#2026", confirm="Other#2026")
    with pytest.raises(InvalidInput, match="expired"):
        security.reset_password(session, email=u.email, code=good, new="Other#2026", confirm="Other#2026")
    assert security.pwd_context.verify("Fresh#2026", session.get(User, u.id).password_hash)


def test_reset_request_for_an_unknown_email_sends_nothing_and_says_nothing(session):
    security.request_password_reset(session, email="ghost@nowhere.example")
    assert session.exec(select(Outbox)).first() is None


@pytest.mark.parametrize("pw", ["Ab1#", "alllowercase", "ALLUPPER123", "12345678901", "x" * 129])
def test_weak_passwords_are_refused(session, pw):
    with pytest.raises(InvalidInput):
        security.check_password_strength(pw)


@pytest.mark.parametrize("pw", ["Demo#2026", "correct-Horse-battery", "Abcdefg1"])
def test_strong_passwords_pass(session, pw):
    security.check_password_strength(pw)


def test_deactivated_user_cannot_sign_in_and_their_token_stops_working(session):
    u = f.user(session)
    token, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b")
    u.active = False
    session.commit()
    assert security.resolve(session, token) is None
    assert isinstance(fail(session, u.email, password=f.PASSWORD), PermissionDenied)
