"""Customer reporting (PRODUCT.md §4): conflict check, report rules, manual review, expiry."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from partner_portal.domain import clock, customers, jobs, reviews
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import (
    Association, AssociationRequest, AuditLog, Customer, CustomerReport, DistributorStatus, Notification, Outbox,
    PartnerKind, ReportStatus, RequestStatus, Role,
)
from tests import factories as f


def form(**kw) -> dict:
    base = {"name": "Acme Retail", "account_name": "acme_retail", "mobile": "13900001111", "email": "it@acme.example",
            "industry": "Retail", "region": "CN East-Shanghai1", "association_type": "referral", "remark": ""}
    base.update(kw)
    return base


@pytest.fixture
def sp(session):
    return f.partner_admin(session)


def test_new_customer_is_reported_at_once_for_15_days(session, sp):
    _, _, actor = sp
    rid = customers.report_customer(session, actor=actor, form=form())
    r = session.get(CustomerReport, rid)
    assert r.status == ReportStatus.REPORTED
    assert r.reported_at == clock.now()
    assert r.valid_until == clock.now() + dt.timedelta(days=15)
    assert session.exec(select(AuditLog).where(AuditLog.action == "report_customer", AuditLog.object_id == rid)).one()


def test_becoming_reported_sends_the_customer_an_association_request(session, sp):
    _, _, actor = sp
    c = f.customer(session)
    cu = f.user(session, role=Role.CUSTOMER, customer=c)
    rid = customers.report_customer(session, actor=actor, form=form(name=c.name, account_name=c.account_name, mobile=c.mobile))
    req = session.exec(select(AssociationRequest).where(AssociationRequest.report_id == rid)).one()
    assert req.kind == "associate" and req.status == RequestStatus.WAITING and req.customer_id == c.id
    assert session.exec(select(Notification).where(Notification.user_id == cu.id)).first()
    assert session.exec(select(Outbox).where(Outbox.recipient == c.email)).first()


def test_customer_registered_over_7_days_ago_goes_to_manual_review(session, sp):
    _, _, actor = sp
    c = f.customer(session, registered_days_ago=8)
    rid = customers.report_customer(session, actor=actor, form=form(account_name=c.account_name, mobile=c.mobile))
    r = session.get(CustomerReport, rid)
    assert r.status == ReportStatus.PENDING and r.manual_review
    assert not session.exec(select(AssociationRequest).where(AssociationRequest.report_id == rid)).first()


def test_customer_registered_7_days_ago_is_not_reviewed(session, sp):
    _, _, actor = sp
    c = f.customer(session, registered_days_ago=6)
    rid = customers.report_customer(session, actor=actor, form=form(account_name=c.account_name, mobile=c.mobile))
    assert session.get(CustomerReport, rid).status == ReportStatus.REPORTED


def test_customer_already_spending_goes_to_manual_review(session, sp):
    _, _, actor = sp
    c = f.customer(session, registered_days_ago=1, has_spending=True)
    rid = customers.report_customer(session, actor=actor, form=form(account_name=c.account_name, mobile=c.mobile))
    assert session.get(CustomerReport, rid).manual_review


def test_conflict_check_says_a_free_customer_can_be_reported(session, sp):
    _, _, actor = sp
    res = customers.conflict_check(session, actor=actor, name="Nobody Yet", account_name="nobody_yet", mobile="13700000000")
    assert res.ok and res.reason == customers.OK_NEW


def test_customer_reported_by_another_partner_cannot_be_reported_and_the_partner_is_not_named(session, sp):
    _, _, actor = sp
    other, _, other_actor = f.partner_admin(session, name="Rival Cloud Ltd")
    customers.report_customer(session, actor=other_actor, form=form())
    res = customers.conflict_check(session, actor=actor, name="", account_name="acme_retail", mobile="")
    assert not res.ok and res.reason == customers.R_REPORTED_ELSEWHERE
    assert "Rival" not in res.reason
    with pytest.raises(InvalidInput) as e:
        customers.report_customer(session, actor=actor, form=form())
    assert e.value.field == "account_name" and "Rival" not in e.value.message


def test_conflict_check_matches_by_mobile_and_by_name(session, sp):
    _, _, actor = sp
    _, _, other_actor = f.partner_admin(session)
    customers.report_customer(session, actor=other_actor, form=form())
    by_mobile = customers.conflict_check(session, actor=actor, name="", account_name="", mobile="13900001111")
    by_name = customers.conflict_check(session, actor=actor, name="Acme Retail", account_name="", mobile="")
    assert (by_mobile.ok, by_mobile.field) == (False, "mobile")
    assert (by_name.ok, by_name.field) == (False, "name")


def test_pending_report_of_another_partner_also_protects_the_customer(session, sp):
    _, _, actor = sp
    _, _, other_actor = f.partner_admin(session)
    c = f.customer(session, registered_days_ago=30)
    customers.report_customer(session, actor=other_actor, form=form(account_name=c.account_name, mobile=c.mobile))
    res = customers.conflict_check(session, actor=actor, name="", account_name=c.account_name, mobile="")
    assert not res.ok and res.reason == customers.R_REPORTED_ELSEWHERE


def test_customer_reported_by_another_partner_can_be_reported_after_15_days(session, sp):
    _, _, actor = sp
    _, _, other_actor = f.partner_admin(session)
    rid = customers.report_customer(session, actor=other_actor, form=form())
    clock.advance(days=15)
    assert customers.conflict_check(session, actor=actor, name="", account_name="acme_retail", mobile="").ok
    jobs.load_all()["customer_reports_expiry"](session)
    session.commit()
    assert session.get(CustomerReport, rid).status == ReportStatus.EXPIRED
    again = session.get(CustomerReport, customers.report_customer(session, actor=actor, form=form()))
    assert again.status == ReportStatus.PENDING and again.manual_review  # registered 15 days ago by now


def test_own_report_cannot_be_repeated(session, sp):
    _, _, actor = sp
    customers.report_customer(session, actor=actor, form=form())
    res = customers.conflict_check(session, actor=actor, name="", account_name="acme_retail", mobile="")
    assert not res.ok and res.reason == customers.R_REPORTED_OURS


def test_customer_associated_with_a_partner_cannot_be_reported(session, sp):
    _, _, actor = sp
    other, _, _ = f.partner_admin(session)
    c = f.customer(session)
    session.add(Association(partner_id=other.id, customer_id=c.id, created_at=clock.now()))
    session.commit()
    res = customers.conflict_check(session, actor=actor, name="", account_name=c.account_name, mobile="")
    assert not res.ok and res.reason == customers.R_ASSOCIATED
    with pytest.raises(InvalidInput):
        customers.report_customer(session, actor=actor, form=form(account_name=c.account_name, mobile=c.mobile))


def test_customer_associated_with_own_company_is_told_so(session, sp):
    p, _, actor = sp
    c = f.customer(session)
    session.add(Association(partner_id=p.id, customer_id=c.id, created_at=clock.now()))
    session.commit()
    res = customers.conflict_check(session, actor=actor, name="", account_name="", mobile=c.mobile)
    assert not res.ok and res.reason == customers.R_ASSOCIATED_OURS


def test_partner_holding_100_pending_or_reported_customers_cannot_report_more(session, sp):
    p, u, actor = sp
    for i in range(100):
        c = Customer(name=f"C{i}", account_name=f"cap{i:03d}", mobile=f"137{i:08d}", registered_at=clock.now())
        session.add(c)
        session.flush()
        session.add(CustomerReport(partner_id=p.id, customer_id=c.id, reported_by=u.id,
                                   status=ReportStatus.PENDING if i % 2 else ReportStatus.REPORTED,
                                   created_at=clock.now(), valid_until=clock.now() + dt.timedelta(days=15)))
    session.commit()
    res = customers.conflict_check(session, actor=actor, name="", account_name="acme_retail", mobile="")
    assert not res.ok and res.reason == customers.R_CAP
    with pytest.raises(PermissionDenied):
        customers.report_customer(session, actor=actor, form=form())


def test_partner_holding_99_can_still_report_and_expired_ones_do_not_count(session, sp):
    p, u, actor = sp
    for i in range(101):
        c = Customer(name=f"C{i}", account_name=f"cap{i:03d}", mobile=f"137{i:08d}", registered_at=clock.now())
        session.add(c)
        session.flush()
        session.add(CustomerReport(partner_id=p.id, customer_id=c.id, reported_by=u.id,
                                   status=ReportStatus.REPORTED if i < 99 else ReportStatus.EXPIRED, created_at=clock.now(),
                                   valid_until=clock.now() + dt.timedelta(days=15)))
    session.commit()
    assert customers.report_customer(session, actor=actor, form=form())


def test_reseller_with_exited_distributor_cannot_report(session):
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR, distributor_status=DistributorStatus.DELISTED)
    _, _, actor = f.partner_admin(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    assert customers.report_block_reason(session, actor=actor) == customers.R_EXITED
    res = customers.conflict_check(session, actor=actor, name="", account_name="acme_retail", mobile="")
    assert not res.ok and res.reason == customers.R_EXITED
    with pytest.raises(PermissionDenied) as e:
        customers.report_customer(session, actor=actor, form=form())
    assert e.value.message == customers.R_EXITED
    assert not session.exec(select(CustomerReport)).first()


def test_reseller_with_active_distributor_can_report(session):
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR)
    _, _, actor = f.partner_admin(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    assert customers.report_block_reason(session, actor=actor) == ""
    assert customers.report_customer(session, actor=actor, form=form())


def test_customers_members_and_managers_cannot_report(session):
    c = f.customer(session)
    for a in (f.actor(session, f.user(session, role=Role.CUSTOMER, customer=c)),
              f.actor(session, f.user(session, role=Role.MEMBER)), f.manager(session)):
        with pytest.raises(PermissionDenied):
            customers.report_customer(session, actor=a, form=form())
        with pytest.raises(PermissionDenied):
            customers.conflict_check(session, actor=a, name="x", account_name="", mobile="")


def test_partner_awaiting_platform_approval_cannot_report(session):
    _, _, actor = f.partner_admin(session, status="pending")
    with pytest.raises(PermissionDenied):
        customers.report_customer(session, actor=actor, form=form())


@pytest.mark.parametrize("field,value", [
    ("name", ""), ("name", "x" * 101), ("account_name", ""), ("account_name", "a b"), ("account_name", "ab"),
    ("account_name", "é" * 10), ("mobile", ""), ("mobile", "12345"), ("mobile", "1390000111a"), ("mobile", "23900001111"),
    ("email", "not-an-email"), ("industry", "Piracy"), ("region", "r" * 51), ("association_type", "owner"),
    ("association_type", ""), ("remark", "r" * 501),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(session, sp, field, value):
    _, _, actor = sp
    with pytest.raises(InvalidInput) as e:
        customers.report_customer(session, actor=actor, form=form(**{field: value}))
    assert e.value.field == field
    assert not session.exec(select(CustomerReport)).first()
    assert not session.exec(select(Customer)).first()


def test_non_string_form_values_are_refused_not_crashing(session, sp):
    _, _, actor = sp
    with pytest.raises(InvalidInput):
        customers.report_customer(session, actor=actor, form={"name": None, "account_name": 5, "mobile": ["x"]})
    with pytest.raises(InvalidInput):
        customers.report_customer(session, actor=actor, form=None)


def test_conflict_check_needs_something_to_check(session, sp):
    _, _, actor = sp
    with pytest.raises(InvalidInput):
        customers.conflict_check(session, actor=actor, name=" ", account_name="", mobile="")
    with pytest.raises(InvalidInput) as e:
        customers.conflict_check(session, actor=actor, name="", account_name="", mobile="12")
    assert e.value.field == "mobile"


def test_mobile_of_another_customer_account_is_refused(session, sp):
    _, _, actor = sp
    a, b = f.customer(session), f.customer(session)
    with pytest.raises(InvalidInput) as e:
        customers.report_customer(session, actor=actor, form=form(account_name=a.account_name, mobile=b.mobile))
    assert e.value.field == "mobile"


def test_opportunity_customers_are_reported_valid_or_associated_and_masked(session, sp):
    p, u, actor = sp
    rid = customers.report_customer(session, actor=actor, form=form(name="Valid Customer", account_name="valid_c"))
    expired_c, assoc_c, other_c = f.customer(session), f.customer(session, name="Assoc Co"), f.customer(session)
    session.add(CustomerReport(partner_id=p.id, customer_id=expired_c.id, reported_by=u.id, status=ReportStatus.EXPIRED,
                               created_at=clock.now()))
    session.add(Association(partner_id=p.id, customer_id=assoc_c.id, created_at=clock.now()))
    other, _, _ = f.partner_admin(session)
    session.add(Association(partner_id=other.id, customer_id=other_c.id, created_at=clock.now()))
    session.commit()
    got = dict(customers.opportunity_customers(session, actor=actor))
    report_customer_id = session.get(CustomerReport, rid).customer_id
    assert set(got) == {report_customer_id, assoc_c.id}
    assert got[report_customer_id] == "V****** (v******)"
    clock.advance(days=15, seconds=1)
    assert set(dict(customers.opportunity_customers(session, actor=actor))) == {assoc_c.id}


def test_staff_see_opportunity_customers_of_their_company(session, sp):
    p, _, actor = sp
    customers.report_customer(session, actor=actor, form=form())
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    assert len(customers.opportunity_customers(session, actor=staff)) == 1


# ---------------------------------------------------------------- manual review queue
def _manual(session, actor, **kw):
    c = f.customer(session, registered_days_ago=30, **kw)
    return customers.report_customer(session, actor=actor, form=form(account_name=c.account_name, mobile=c.mobile))


def test_manager_approval_makes_the_report_reported_sends_the_request_and_notifies_the_partner(session, sp):
    _, admin, actor = sp
    rid = _manual(session, actor)
    mgr = f.manager(session)
    page = reviews.list_items(session, actor=mgr, kind="customer-reports", req=PageRequest())
    assert [r["id"] for r in page.rows] == [str(rid)]
    assert "registered 30 days ago" in page.rows[0]["details"]
    clock.advance(days=2)
    reviews.decide(session, actor=mgr, kind="customer-reports", item_id=rid, decision="approve", comment="")
    r = session.get(CustomerReport, rid)
    assert r.status == ReportStatus.REPORTED and r.valid_until == clock.now() + dt.timedelta(days=15)
    assert session.exec(select(AssociationRequest).where(AssociationRequest.report_id == rid)).one()
    assert session.exec(select(Notification).where(Notification.user_id == admin.id,
                                                   Notification.title == "Your customer report was approved")).one()
    assert reviews.counts(session, actor=mgr)["customer-reports"] == 0


def test_manager_rejection_needs_a_comment_and_the_partner_sees_it(session, sp):
    _, admin, actor = sp
    rid = _manual(session, actor)
    mgr = f.manager(session)
    with pytest.raises(InvalidInput):
        reviews.decide(session, actor=mgr, kind="customer-reports", item_id=rid, decision="reject", comment=" ")
    reviews.decide(session, actor=mgr, kind="customer-reports", item_id=rid, decision="reject", comment="Served elsewhere")
    r = session.get(CustomerReport, rid)
    assert r.status == ReportStatus.REJECTED and r.review_comment == "Served elsewhere"
    n = session.exec(select(Notification).where(Notification.user_id == admin.id)).all()
    assert any("Served elsewhere" in x.body for x in n)


def test_a_decided_report_cannot_be_decided_again(session, sp):
    _, _, actor = sp
    rid = _manual(session, actor)
    mgr = f.manager(session)
    reviews.decide(session, actor=mgr, kind="customer-reports", item_id=rid, decision="approve", comment="")
    with pytest.raises(NotFound):
        reviews.decide(session, actor=mgr, kind="customer-reports", item_id=rid, decision="reject", comment="late")


def test_two_reviewers_at_once_give_exactly_one_transition(session, sp, engine):
    from sqlmodel import Session
    _, _, actor = sp
    rid = _manual(session, actor)
    mgr = f.manager(session)
    with Session(engine, expire_on_commit=False) as s1, Session(engine, expire_on_commit=False) as s2:
        r1, r2 = s1.get(CustomerReport, rid), s2.get(CustomerReport, rid)  # both read version 0
        customers.approve_report(s1, actor=mgr, item_id=rid, comment="")
        with pytest.raises(Conflict):
            s2.get(CustomerReport, rid)  # still the stale row in s2's identity map
            customers.reject_report(s2, actor=mgr, item_id=rid, comment="no")
    session.expire_all()
    assert session.get(CustomerReport, rid).status == ReportStatus.REPORTED


def test_partners_cannot_decide_reviews(session, sp):
    _, _, actor = sp
    rid = _manual(session, actor)
    with pytest.raises(PermissionDenied):
        customers.approve_report(session, actor=actor, item_id=rid)
    with pytest.raises(PermissionDenied):
        reviews.list_items(session, actor=actor, kind="customer-reports", req=PageRequest())


def test_automatic_reports_are_not_in_the_review_queue(session, sp):
    _, _, actor = sp
    rid = customers.report_customer(session, actor=actor, form=form())
    with pytest.raises(NotFound):
        customers.approve_report(session, actor=f.manager(session), item_id=rid)


# ---------------------------------------------------------------- expiry and reminder
def test_report_expires_after_15_days_without_association_and_its_request_is_withdrawn(session, sp):
    _, admin, actor = sp
    rid = customers.report_customer(session, actor=actor, form=form())
    expire = jobs.load_all()["customer_reports_expiry"]
    clock.advance(days=14, hours=23)
    assert expire(session) == 0
    clock.advance(hours=1)
    assert expire(session) == 1
    session.commit()
    assert session.get(CustomerReport, rid).status == ReportStatus.EXPIRED
    req = session.exec(select(AssociationRequest).where(AssociationRequest.report_id == rid)).one()
    assert req.status == RequestStatus.CANCELLED
    assert expire(session) == 0  # idempotent


def test_reminder_goes_out_once_3_days_before_expiry(session, sp):
    _, admin, actor = sp
    customers.report_customer(session, actor=actor, form=form())
    remind = jobs.load_all()["customer_reports_reminder"]
    clock.advance(days=11, hours=23)
    assert remind(session) == 0
    clock.advance(hours=1)
    assert remind(session) == 1
    session.commit()
    assert remind(session) == 0
    titles = [n.title for n in session.exec(select(Notification).where(Notification.user_id == admin.id))]
    assert titles.count("A customer report expires in 3 days") == 1


# ---------------------------------------------------------------- list, reveal, tenants
def test_list_shows_only_own_reports_masked(session, sp):
    _, _, actor = sp
    _, _, other_actor = f.partner_admin(session)
    customers.report_customer(session, actor=actor, form=form())
    customers.report_customer(session, actor=other_actor, form=form(account_name="other_c", mobile="13900002222", name="Other"))
    rows = customers.list_reports(session, actor=actor, req=PageRequest()).rows
    assert [(r.name, r.mobile) for r in rows] == [("A******", "139****1111")]


def test_reveal_of_another_partners_report_is_not_found(session, sp):
    _, _, actor = sp
    _, _, other_actor = f.partner_admin(session)
    rid = customers.report_customer(session, actor=other_actor, form=form())
    with pytest.raises(NotFound):
        customers.reveal_report_field(session, actor=actor, report_id=rid, field="mobile")
    assert customers.reveal_report_field(session, actor=other_actor, report_id=rid, field="mobile") == "13900001111"
