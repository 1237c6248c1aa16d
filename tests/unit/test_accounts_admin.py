"""Accounts and administration: profile, users, business information, onboarding, console partners, outbox."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import func, select

from partner_portal.domain import accounts, accounts_admin as aa, reviews, security
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.domain.permissions import Permission, can, require
from partner_portal.models import (
    AuditLog, BusinessInfo, DistributorStatus, MdfQuota, Notification, Outbox, Partner, PartnerKind, PartnerStatus,
    Role, User,
)
from tests import factories as f

BI = dict(company_name="New Name Ltd.", registration_no="REG-1", address="1 Road", contact_name="Ann",
          contact_phone="+86 21 5555 0100", settlement_currency="USD")


def audits(session, action):
    return session.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == action)).one()


# ------------------------------------------------------------------ profile
def test_profile_update_changes_name_and_language_and_is_audited(session):
    _, u, a = f.partner_admin(session)
    view = aa.update_profile(session, actor=a, name="  Ann Lee ", language="zh")
    assert (view.name, view.language) == ("Ann Lee", "zh")
    assert session.get(User, u.id).language == "zh"
    assert audits(session, "update_profile") == 1


@pytest.mark.parametrize("name,language,field", [("", "en", "name"), ("x" * 101, "en", "name"), ("Ann", "fr", "language")])
def test_profile_update_refuses_bad_input(session, name, language, field):
    _, u, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        aa.update_profile(session, actor=a, name=name, language=language)
    assert e.value.field == field
    assert session.get(User, u.id).name == u.name


def test_manager_has_no_profile_page(session):
    with pytest.raises(PermissionDenied):
        aa.get_profile(session, actor=f.manager(session))


def test_change_password_needs_the_current_one_and_keeps_only_this_session(session):
    _, u, a = f.partner_admin(session)
    keep, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b1")
    other, _ = security.sign_in(session, email=u.email, password=f.PASSWORD, browser="b2")
    with pytest.raises(InvalidInput) as e:
        aa.change_password(session, actor=a, current="wrong", new="Better#2027", confirm="Better#2027", token=keep)
    assert e.value.field == "current_password"
    aa.change_password(session, actor=a, current=f.PASSWORD, new="Better#2027", confirm="Better#2027", token=keep)
    assert security.resolve(session, keep) is not None
    assert security.resolve(session, other) is None
    security.sign_in(session, email=u.email, password="Better#2027", browser="b3")


def test_change_password_refuses_weak_or_mismatched_passwords(session):
    _, u, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        aa.change_password(session, actor=a, current=f.PASSWORD, new="weakpass", confirm="weakpass", token="")
    assert e.value.field == "new_password"
    with pytest.raises(InvalidInput) as e:
        aa.change_password(session, actor=a, current=f.PASSWORD, new="Better#2027", confirm="Better#2028", token="")
    assert e.value.field == "confirm_password"
    assert security.pwd_context.verify(f.PASSWORD, session.get(User, u.id).password_hash)


# ------------------------------------------------------------------ users
def test_admin_adds_staff_with_initial_password_who_can_sign_in(session):
    p, _, a = f.partner_admin(session)
    row = aa.add_staff(session, actor=a, name="Sam", email="Sam@Example.com", password="Start#2026", full_time=True)
    staff = session.get(User, row.id)
    assert (staff.role, staff.partner_id, staff.full_time, staff.email) == (Role.PARTNER_STAFF, p.id, True, "sam@example.com")
    _, sa = security.sign_in(session, email="sam@example.com", password="Start#2026", browser="x")
    assert sa.role == Role.PARTNER_STAFF and sa.partner_id == p.id
    assert audits(session, "add_staff") == 1


def test_invited_staff_sets_password_with_the_emailed_code(session):
    _, _, a = f.partner_admin(session)
    aa.add_staff(session, actor=a, name="Ivy", email="ivy@example.com", invite=True)
    mail = session.exec(select(Outbox).where(Outbox.recipient == "ivy@example.com")).one()
    code = next(w for w in mail.body.replace(".", " ").split() if w.isdigit() and len(w) == 6)
    security.reset_password(session, email="ivy@example.com", code=code, new="Mine#2026x", confirm="Mine#2026x")
    security.sign_in(session, email="ivy@example.com", password="Mine#2026x", browser="x")


@pytest.mark.parametrize("kw,field", [
    (dict(name="", email="a@b.example", password="Start#2026"), "name"),
    (dict(name="A", email="not-an-email", password="Start#2026"), "email"),
    (dict(name="A", email="a@b.example", password="short"), "password"),
])
def test_add_staff_refuses_bad_input(session, kw, field):
    _, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        aa.add_staff(session, actor=a, **kw)
    assert e.value.field == field
    assert session.exec(select(User).where(User.email == "a@b.example")).first() is None


def test_add_staff_refuses_an_email_already_registered(session):
    _, u, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        aa.add_staff(session, actor=a, name="Dup", email=u.email, password="Start#2026")
    assert e.value.field == "email"


def test_staff_cannot_manage_users_or_business_information(session):
    p, _, _ = f.partner_admin(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    with pytest.raises(PermissionDenied):
        aa.add_staff(session, actor=staff, name="X", email="x@y.example", password="Start#2026")
    with pytest.raises(PermissionDenied):
        aa.list_users(session, actor=staff, req=PageRequest())
    with pytest.raises(PermissionDenied):
        aa.submit_business_info(session, actor=staff, **BI)
    assert not can(staff, Permission.DISSOCIATE) and not can(staff, Permission.MANAGE_USERS)


def test_deactivating_staff_ends_their_sessions_at_once_and_blocks_sign_in(session):
    p, _, a = f.partner_admin(session)
    s = f.user(session, role=Role.PARTNER_STAFF, partner=p)
    token, _ = security.sign_in(session, email=s.email, password=f.PASSWORD, browser="x")
    aa.set_active(session, actor=a, user_id=s.id, active=False)
    assert security.resolve(session, token) is None
    with pytest.raises(PermissionDenied):
        security.sign_in(session, email=s.email, password=f.PASSWORD, browser="x")
    aa.set_active(session, actor=a, user_id=s.id, active=True)
    security.sign_in(session, email=s.email, password=f.PASSWORD, browser="x")


def test_admin_cannot_deactivate_themselves(session):
    _, u, a = f.partner_admin(session)
    with pytest.raises(InvalidInput):
        aa.set_active(session, actor=a, user_id=u.id, active=False)
    assert session.get(User, u.id).active


def test_admin_cannot_touch_another_companys_users(session):
    _, _, a = f.partner_admin(session)
    other = f.partner(session)
    victim = f.user(session, role=Role.PARTNER_STAFF, partner=other)
    for call in (lambda: aa.set_active(session, actor=a, user_id=victim.id, active=False),
                 lambda: aa.set_full_time(session, actor=a, user_id=victim.id, full_time=True),
                 lambda: aa.set_active(session, actor=a, user_id="abc", active=False),
                 lambda: aa.set_active(session, actor=a, user_id=-1, active=False)):
        with pytest.raises(NotFound):
            call()
    session.refresh(victim)
    assert victim.active and not victim.full_time
    assert victim.id not in [r.id for r in aa.list_users(session, actor=a, req=PageRequest()).rows]


def test_mark_full_time(session):
    p, _, a = f.partner_admin(session)
    s = f.user(session, role=Role.PARTNER_STAFF, partner=p)
    assert aa.set_full_time(session, actor=a, user_id=s.id, full_time=True).full_time
    assert session.get(User, s.id).full_time


# ------------------------------------------------------------------ business information
def test_business_info_change_keeps_the_certified_values_until_approved(session):
    p, _, a = f.partner_admin(session, currency="CNY")
    m = f.manager(session)
    aa.submit_business_info(session, actor=a, **BI)
    assert aa.settlement_currency(session, p.id) == "CNY"
    cert, pending = aa.get_business_info(session, actor=a)
    assert cert.settlement_currency == "CNY" and pending.status == "pending_review"
    reviews.decide(session, actor=m, kind="business-info", item_id=pending.id, decision="approve", comment="")
    assert aa.settlement_currency(session, p.id) == "USD"
    certified = session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == p.id,
                                                        BusinessInfo.is_certified == True)).all()  # noqa: E712
    assert [c.company_name for c in certified] == ["New Name Ltd."]


def test_rejected_business_info_leaves_the_certified_row_in_force(session):
    p, _, a = f.partner_admin(session, currency="EUR")
    m = f.manager(session)
    row = aa.submit_business_info(session, actor=a, **BI)
    with pytest.raises(InvalidInput):
        reviews.decide(session, actor=m, kind="business-info", item_id=row.id, decision="reject", comment="  ")
    reviews.decide(session, actor=m, kind="business-info", item_id=row.id, decision="reject", comment="Wrong number")
    cert, latest = aa.get_business_info(session, actor=a)
    assert cert.settlement_currency == "EUR" and aa.settlement_currency(session, p.id) == "EUR"
    assert latest.status == "rejected" and latest.review_comment == "Wrong number"


def test_second_reviewer_gets_a_conflict(session):
    _, _, a = f.partner_admin(session)
    m1, m2 = f.manager(session), f.manager(session)
    row = aa.submit_business_info(session, actor=a, **BI)
    reviews.decide(session, actor=m1, kind="business-info", item_id=row.id, decision="approve", comment="")
    with pytest.raises(Conflict):
        reviews.decide(session, actor=m2, kind="business-info", item_id=row.id, decision="reject", comment="late")


def test_resubmitting_while_pending_replaces_the_pending_change(session):
    p, _, a = f.partner_admin(session)
    aa.submit_business_info(session, actor=a, **BI)
    aa.submit_business_info(session, actor=a, **{**BI, "settlement_currency": "EUR"})
    pend = session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == p.id,
                                                   BusinessInfo.status == "pending_review")).all()
    assert [r.settlement_currency for r in pend] == ["EUR"]


@pytest.mark.parametrize("change,field", [
    ({"company_name": ""}, "company_name"), ({"registration_no": ""}, "registration_no"),
    ({"settlement_currency": "XYZ"}, "settlement_currency"), ({"contact_phone": "call me"}, "contact_phone"),
    ({"address": "x" * 301}, "address"),
])
def test_business_info_refuses_bad_input(session, change, field):
    p, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        aa.submit_business_info(session, actor=a, **{**BI, **change})
    assert e.value.field == field
    assert session.exec(select(func.count()).select_from(BusinessInfo).where(BusinessInfo.partner_id == p.id)).one() == 1


def test_settlement_currency_defaults_without_certification(session):
    p = f.partner(session)
    session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == p.id)).one().is_certified = False
    session.commit()
    assert aa.settlement_currency(session, p.id) == "CNY"


def test_partner_cannot_review_its_own_business_info(session):
    _, _, a = f.partner_admin(session)
    row = aa.submit_business_info(session, actor=a, **BI)
    with pytest.raises(PermissionDenied):
        reviews.decide(session, actor=a, kind="business-info", item_id=row.id, decision="approve", comment="")


# ------------------------------------------------------------------ onboarding
def _register_partner(session, email="new@co.example"):
    _, actor = accounts.register(session, kind="partner", name="New Co", email=email, password="Start#2026",
                                 confirm="Start#2026")
    return actor


def test_registered_partner_cannot_do_business_until_approved(session):
    a = _register_partner(session)
    assert a.partner_status == PartnerStatus.PENDING
    with pytest.raises(PermissionDenied, match="waiting for the platform"):
        require(a, Permission.SALES)
    assert aa.onboarding_state(session, actor=a) == ("pending", "")
    m = f.manager(session)
    assert str(a.partner_id) in [r["id"] for r in reviews.list_items(session, actor=m, kind="partners",
                                                                        req=PageRequest()).rows]
    reviews.decide(session, actor=m, kind="partners", item_id=a.partner_id, decision="approve", comment="Welcome")
    token, fresh = security.sign_in(session, email="new@co.example", password="Start#2026", browser="x")
    assert can(fresh, Permission.SALES)
    assert session.exec(select(Notification).where(Notification.user_id == a.user_id)).first() is not None


def test_rejected_registration_keeps_the_comment_and_no_business(session):
    a = _register_partner(session)
    m = f.manager(session)
    reviews.decide(session, actor=m, kind="partners", item_id=a.partner_id, decision="reject", comment="Unknown company")
    _, fresh = security.sign_in(session, email="new@co.example", password="Start#2026", browser="x")
    assert not can(fresh, Permission.SALES)
    assert aa.onboarding_state(session, actor=fresh) == ("rejected", "Unknown company")
    with pytest.raises(Conflict):
        reviews.decide(session, actor=m, kind="partners", item_id=a.partner_id, decision="approve", comment="")


def test_review_of_unknown_registration_is_not_found(session):
    m = f.manager(session)
    with pytest.raises(NotFound):
        reviews.decide(session, actor=m, kind="partners", item_id=999999, decision="approve", comment="")


def test_queues_are_registered_and_counted(session):
    _register_partner(session)
    counts = reviews.counts(session, actor=f.manager(session))
    assert counts["partners"] == 1 and counts["business-info"] == 0


# ------------------------------------------------------------------ console partners
def test_delisting_a_distributor_takes_effect_at_once_on_its_resellers(session):
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR)
    reseller, _, ra = f.partner_admin(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    m = f.manager(session)
    assert not aa.distributor_exited(session, reseller.id)
    aa.update_partner(session, actor=m, partner_id=dist.id, kind="distributor", distributor_status="delisted")
    assert aa.distributor_exited(session, reseller.id)
    from partner_portal.state.auth import shell_for
    assert shell_for(session, ra)["partner_notice"] == "home.distributor_exited"
    assert session.exec(select(Notification).where(Notification.user_id == ra.user_id)).first() is not None
    aa.update_partner(session, actor=m, partner_id=dist.id, kind="distributor", distributor_status="active")
    assert not aa.distributor_exited(session, reseller.id)
    assert shell_for(session, ra)["partner_notice"] == ""


def test_update_partner_validates_and_is_audited(session):
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR)
    sp = f.partner(session)
    m = f.manager(session)
    with pytest.raises(InvalidInput) as e:
        aa.update_partner(session, actor=m, partner_id=sp.id, kind="cloud_reseller", distributor_id="")
    assert e.value.field == "distributor_id"
    with pytest.raises(InvalidInput):
        aa.update_partner(session, actor=m, partner_id=sp.id, kind="cloud_reseller", distributor_id=sp.id)
    with pytest.raises(InvalidInput):
        aa.update_partner(session, actor=m, partner_id=sp.id, kind="wizard")
    row = aa.update_partner(session, actor=m, partner_id=sp.id, kind="cloud_reseller", distributor_id=str(dist.id),
                            marketing_plan_2=True)
    assert row.distributor == dist.name and row.marketing_plan_2
    assert audits(session, "update_partner") == 1
    with pytest.raises(InvalidInput):
        aa.update_partner(session, actor=m, partner_id=dist.id, kind="solution_provider")


def test_only_managers_administer_partners(session):
    p, _, a = f.partner_admin(session)
    with pytest.raises(PermissionDenied):
        aa.update_partner(session, actor=a, partner_id=p.id, kind="solution_provider", marketing_plan_2=True)
    with pytest.raises(PermissionDenied):
        aa.set_mdf_quota(session, actor=a, partner_id=p.id, year=2026, amount="1000")
    with pytest.raises(PermissionDenied):
        aa.list_outbox(session, actor=a, req=PageRequest())
    assert not session.get(Partner, p.id).marketing_plan_2


def test_mdf_quota_is_one_row_per_partner_and_year_in_settlement_currency(session):
    p = f.partner(session, currency="USD")
    m = f.manager(session)
    aa.set_mdf_quota(session, actor=m, partner_id=p.id, year=2026, amount="50000")
    aa.set_mdf_quota(session, actor=m, partner_id=p.id, year="2026", amount="60000.50")
    rows = session.exec(select(MdfQuota).where(MdfQuota.partner_id == p.id)).all()
    assert [(r.year, r.amount, r.currency) for r in rows] == [(2026, Decimal("60000.50"), "USD")]
    assert audits(session, "set_mdf_quota") == 2


@pytest.mark.parametrize("year,amount,field", [("20x6", "1", "year"), (1999, "1", "year"), (2026, "-5", "amount"),
                                               (2026, "1.234", "amount"), (2026, "abc", "amount")])
def test_mdf_quota_refuses_bad_input(session, year, amount, field):
    p = f.partner(session)
    with pytest.raises(InvalidInput) as e:
        aa.set_mdf_quota(session, actor=f.manager(session), partner_id=p.id, year=year, amount=amount)
    assert e.value.field == field
    assert session.exec(select(MdfQuota)).first() is None


# ------------------------------------------------------------------ outbox and notifications
def test_outbox_lists_newest_first_and_searches_by_recipient(session):
    m = f.manager(session)
    security.request_password_reset(session, email=session.get(User, m.user_id).email)
    from partner_portal.domain import notify
    notify.send_sms(session, to="13800000000", body="code 123456")
    notify.send_email(session, to="zed@example.com", subject="Hi", body="later")
    session.commit()
    rows = aa.list_outbox(session, actor=m, req=PageRequest()).rows
    assert rows[0].recipient == "zed@example.com" and rows[0].body == "later"
    assert [r.recipient for r in aa.list_outbox(session, actor=m, req=PageRequest(), search="1380").rows] == ["13800000000"]
    assert aa.list_outbox(session, actor=m, req=PageRequest(), channel="sms").rows[0].channel == "sms"


def test_notifications_are_only_the_users_own(session):
    _, u, a = f.partner_admin(session)
    _, v, b = f.partner_admin(session)
    from partner_portal.domain import notify
    mine = notify.notify(session, user_id=u.id, title="Mine")
    theirs = notify.notify(session, user_id=v.id, title="Theirs")
    session.commit()
    assert [r.title for r in aa.list_notifications(session, actor=a, req=PageRequest()).rows] == ["Mine"]
    aa.mark_notification_read(session, actor=a, notification_id=theirs.id)
    assert session.get(Notification, theirs.id).read_at is None
    assert aa.mark_notification_read(session, actor=a, notification_id=mine.id) == 0
    aa.mark_all_notifications_read(session, actor=b)
    assert session.get(Notification, theirs.id).read_at is not None
