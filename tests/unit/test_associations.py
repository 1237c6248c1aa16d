"""Associations (PRODUCT.md §4, seed §3): requests, verification codes, dissociation limits, tenants."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from partner_portal.domain import associations as assoc_d
from partner_portal.domain import clock, customers
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import (
    Association, AssociationRequest, AuditLog, CustomerReport, Notification, Outbox, ReportStatus, RequestStatus, Role,
)
from tests import factories as f


class World:
    def __init__(self, session):
        self.partner, self.admin_user, self.admin = f.partner_admin(session)
        self.staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=self.partner))
        self.customer = f.customer(session, email="buyer@client.example")
        self.cust_user = f.user(session, role=Role.CUSTOMER, customer=self.customer)
        self.cust = f.actor(session, self.cust_user)
        self.assoc = Association(partner_id=self.partner.id, customer_id=self.customer.id,
                                 association_type="referral", created_at=clock.now())
        session.add(self.assoc)
        session.commit()


@pytest.fixture
def w(session):
    return World(session)


def latest_code(session, recipient: str) -> str:
    row = session.exec(select(Outbox).where(Outbox.recipient == recipient).order_by(Outbox.id.desc())).first()
    return re.search(r"\b(\d{6})\b", row.body).group(1)


def answer(session, w, request_id, decision="accept"):
    assoc_d.send_request_code(session, actor=w.cust, request_id=request_id)
    return assoc_d.answer_request(session, actor=w.cust, request_id=request_id, decision=decision,
                                  code=latest_code(session, w.cust_user.email))


# ---------------------------------------------------------------- association through a report
def test_customer_accepting_the_association_request_creates_the_association_and_the_report_is_associated(session):
    _, admin_user, admin = f.partner_admin(session)
    c = f.customer(session)
    cu = f.user(session, role=Role.CUSTOMER, customer=c)
    cust = f.actor(session, cu)
    rid = customers.report_customer(session, actor=admin, form={
        "name": c.name, "account_name": c.account_name, "mobile": c.mobile, "association_type": "resale"})
    [waiting] = assoc_d.waiting_requests(session, actor=cust)
    assert waiting.kind == "associate" and waiting.new_type == "resale"
    assoc_d.send_request_code(session, actor=cust, request_id=waiting.id)
    sms = session.exec(select(Outbox).where(Outbox.recipient == c.mobile, Outbox.channel == "sms")).one()
    code = re.search(r"\d{6}", sms.body).group(0)
    assert assoc_d.answer_request(session, actor=cust, request_id=waiting.id, decision="accept", code=code) == "accepted"
    a = session.exec(select(Association).where(Association.customer_id == c.id)).one()
    assert a.active and a.association_type == "resale" and a.partner_id == admin.partner_id
    assert session.get(CustomerReport, rid).status == ReportStatus.ASSOCIATED
    assert session.exec(select(Notification).where(Notification.user_id == admin_user.id,
                                                   Notification.title.contains("accepted"))).first()


def test_an_association_request_cannot_be_accepted_after_the_report_expired(session):
    _, _, admin = f.partner_admin(session)
    c = f.customer(session)
    cust = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=c))
    customers.report_customer(session, actor=admin, form={
        "name": c.name, "account_name": c.account_name, "mobile": c.mobile, "association_type": "referral"})
    [waiting] = assoc_d.waiting_requests(session, actor=cust)
    clock.advance(days=15)
    assoc_d.send_request_code(session, actor=cust, request_id=waiting.id)
    code = latest_code(session, c.mobile)
    with pytest.raises(PermissionDenied):
        assoc_d.answer_request(session, actor=cust, request_id=waiting.id, decision="accept", code=code)
    assert not session.exec(select(Association).where(Association.customer_id == c.id)).first()


# ---------------------------------------------------------------- partner-initiated dissociation and switch
def test_partner_admin_requests_dissociation_and_the_customer_accepts_with_a_code(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assert session.exec(select(Notification).where(Notification.user_id == w.cust_user.id)).first()
    assert answer(session, w, rid) == "accepted"
    session.refresh(w.assoc)
    assert not w.assoc.active and w.assoc.ended_at == clock.now()
    assert session.exec(select(AuditLog).where(AuditLog.action == "accept_dissociate", AuditLog.object_id == rid)).one()
    assert assoc_d.list_my_customers(session, actor=w.admin, req=PageRequest()).rows == []


def test_customer_rejecting_a_dissociation_keeps_the_association_and_the_partner_is_told(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assert answer(session, w, rid, "reject") == "rejected"
    session.refresh(w.assoc)
    assert w.assoc.active
    assert session.exec(select(Notification).where(Notification.user_id == w.admin_user.id,
                                                   Notification.title.contains("rejected"))).first()


def test_switch_association_type_changes_the_type_once_accepted(session, w):
    rid = assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="resale")
    [waiting] = assoc_d.waiting_requests(session, actor=w.cust)
    assert (waiting.kind, waiting.current_type, waiting.new_type) == ("switch_type", "referral", "resale")
    answer(session, w, rid)
    session.refresh(w.assoc)
    assert w.assoc.association_type == "resale" and w.assoc.active


def test_switch_to_the_same_or_an_unknown_type_is_refused(session, w):
    with pytest.raises(InvalidInput):
        assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="referral")
    with pytest.raises(InvalidInput):
        assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="owner")


def test_only_partner_admins_dissociate_or_switch(session, w):
    with pytest.raises(PermissionDenied):
        assoc_d.request_dissociation(session, actor=w.staff, association_id=w.assoc.id)
    with pytest.raises(PermissionDenied):
        assoc_d.request_type_switch(session, actor=w.staff, association_id=w.assoc.id, new_type="resale")
    with pytest.raises(PermissionDenied):
        assoc_d.request_dissociation(session, actor=w.cust, association_id=w.assoc.id)


def test_another_partners_association_is_not_found(session, w):
    _, _, other = f.partner_admin(session)
    with pytest.raises(NotFound):
        assoc_d.request_dissociation(session, actor=other, association_id=w.assoc.id)
    with pytest.raises(NotFound):
        assoc_d.reveal_customer_field(session, actor=other, association_id=w.assoc.id, field="mobile")
    with pytest.raises(NotFound):
        assoc_d.request_dissociation(session, actor=other, association_id=999999)


def test_one_request_at_a_time_per_association(session, w):
    assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    with pytest.raises(PermissionDenied):
        assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="resale")
    with pytest.raises(PermissionDenied):
        assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=w.assoc.id)


# ---------------------------------------------------------------- 3 dissociations in any 3 months
def _associate(session, partner, customer):
    a = Association(partner_id=partner.id, customer_id=customer.id, created_at=clock.now())
    session.add(a)
    session.commit()
    return a


def test_partner_files_at_most_3_dissociations_in_3_months(session, w):
    assocs = [_associate(session, w.partner, f.customer(session)) for _ in range(4)]
    for a in assocs[:3]:
        assoc_d.request_dissociation(session, actor=w.admin, association_id=a.id)
        clock.advance(days=20)
    with pytest.raises(PermissionDenied) as e:
        assoc_d.request_dissociation(session, actor=w.admin, association_id=assocs[3].id)
    assert e.value.message == assoc_d.R_LIMIT_PARTNER
    clock.set_now(clock.now() - dt.timedelta(days=60) + dt.timedelta(days=92))  # the first falls out of the window
    assert assoc_d.request_dissociation(session, actor=w.admin, association_id=assocs[3].id)


def test_another_partners_dissociations_do_not_count(session, w):
    other, _, other_admin = f.partner_admin(session)
    for _ in range(3):
        a = _associate(session, other, f.customer(session))
        assoc_d.request_dissociation(session, actor=other_admin, association_id=a.id)
    assert assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)


def test_customer_files_at_most_3_dissociations_in_3_months(session, w):
    partners = [f.partner_admin(session) for _ in range(4)]
    assocs = [_associate(session, p, w.customer) for p, _, _ in partners]
    for a in assocs[:3]:
        assert assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=a.id) == assoc_d.SUBMITTED
    with pytest.raises(PermissionDenied) as e:
        assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=assocs[3].id)
    assert e.value.message == assoc_d.R_LIMIT_CUSTOMER
    clock.advance(days=93)
    assert assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=assocs[3].id)


def test_three_months_is_counted_in_calendar_months():
    now = dt.datetime(2026, 5, 31, 12, 0, tzinfo=dt.UTC)
    assert assoc_d.months_ago(now, 3) == dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
    assert assoc_d.months_ago(dt.datetime(2026, 1, 15, tzinfo=dt.UTC), 3) == dt.datetime(2025, 10, 15, tzinfo=dt.UTC)


# ---------------------------------------------------------------- customer-initiated dissociation
def test_customer_dissociation_is_submitted_and_the_partner_admin_processes_it(session, w):
    msg = assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=w.assoc.id)
    assert msg.startswith("Your request to dissociate from the partner has been submitted.")
    [row] = assoc_d.list_partner_requests(session, actor=w.admin, req=PageRequest()).rows
    assert row.initiator == "customer" and row.can_process == "1"
    [staff_row] = assoc_d.list_partner_requests(session, actor=w.staff, req=PageRequest()).rows
    assert staff_row.can_process == ""
    with pytest.raises(PermissionDenied):
        assoc_d.process_customer_request(session, actor=w.staff, request_id=row.id, decision="accept")
    assert assoc_d.process_customer_request(session, actor=w.admin, request_id=row.id, decision="accept") == "accepted"
    session.refresh(w.assoc)
    assert not w.assoc.active
    note = session.exec(select(Notification).where(Notification.user_id == w.cust_user.id)).all()
    assert any("processed your dissociation request" in n.title for n in note)
    with pytest.raises(Conflict):
        assoc_d.process_customer_request(session, actor=w.admin, request_id=row.id, decision="reject")


def test_partner_rejecting_a_customer_dissociation_keeps_the_association(session, w):
    assoc_d.customer_request_dissociation(session, actor=w.cust, association_id=w.assoc.id)
    [row] = assoc_d.list_partner_requests(session, actor=w.admin, req=PageRequest()).rows
    assoc_d.process_customer_request(session, actor=w.admin, request_id=row.id, decision="reject")
    session.refresh(w.assoc)
    assert w.assoc.active
    assert [r.status for r in assoc_d.my_dissociation_requests(session, actor=w.cust)] == ["rejected"]


def test_partner_cannot_process_its_own_requests_or_another_partners(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    with pytest.raises(NotFound):
        assoc_d.process_customer_request(session, actor=w.admin, request_id=rid, decision="accept")
    _, _, other = f.partner_admin(session)
    with pytest.raises(NotFound):
        assoc_d.process_customer_request(session, actor=other, request_id=rid, decision="accept")
    with pytest.raises(InvalidInput):
        assoc_d.process_customer_request(session, actor=w.admin, request_id=rid, decision="maybe")


def test_customer_cannot_dissociate_another_customers_association(session, w):
    other = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    with pytest.raises(NotFound):
        assoc_d.customer_request_dissociation(session, actor=other, association_id=w.assoc.id)


# ---------------------------------------------------------------- verification codes
def test_customer_cannot_answer_another_customers_request(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    other = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    with pytest.raises(NotFound):
        assoc_d.send_request_code(session, actor=other, request_id=rid)
    with pytest.raises(NotFound):
        assoc_d.answer_request(session, actor=other, request_id=rid, decision="accept", code="123456")
    assert assoc_d.waiting_requests(session, actor=other) == []


def test_code_is_six_digits_and_single_use(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    code = latest_code(session, w.cust_user.email)
    assert re.fullmatch(r"\d{6}", code)
    assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="reject", code=code)
    rid2 = assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="resale")
    with pytest.raises(InvalidInput):  # the old code belongs to the old request
        assoc_d.answer_request(session, actor=w.cust, request_id=rid2, decision="accept", code=code)
    with pytest.raises(Conflict):  # the first request is decided; its code cannot be used again
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=code)


def test_a_request_needs_a_code_sent_first_and_a_decision(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    with pytest.raises(InvalidInput):
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code="123456")
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    with pytest.raises(InvalidInput) as e:
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="", code=latest_code(session, w.cust_user.email))
    assert e.value.field == "decision"


def test_code_expires_after_10_minutes(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    code = latest_code(session, w.cust_user.email)
    clock.advance(minutes=10)
    with pytest.raises(InvalidInput) as e:
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=code)
    assert "expired" in e.value.message
    session.refresh(w.assoc)
    assert w.assoc.active


def test_code_just_under_10_minutes_still_works(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    clock.advance(minutes=9, seconds=59)
    assert assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept",
                                  code=latest_code(session, w.cust_user.email)) == "accepted"


def test_five_wrong_codes_lock_the_request_for_30_minutes(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    code = latest_code(session, w.cust_user.email)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        with pytest.raises(InvalidInput):
            assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=wrong)
    with pytest.raises(PermissionDenied):
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=wrong)
    with pytest.raises(PermissionDenied):  # even the right code is refused while locked
        assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=code)
    with pytest.raises(PermissionDenied):
        assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    clock.advance(minutes=30)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    assert assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept",
                                  code=latest_code(session, w.cust_user.email)) == "accepted"


def test_four_wrong_codes_then_the_right_one_works(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    code = latest_code(session, w.cust_user.email)
    for bad in ("abcdef", "12345", "", "9999999"):
        with pytest.raises(InvalidInput):
            assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=bad)
    assert assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=code) == "accepted"


def test_resend_no_sooner_than_60_seconds_and_the_old_code_stops_working(session, w):
    rid = assoc_d.request_dissociation(session, actor=w.admin, association_id=w.assoc.id)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    first = latest_code(session, w.cust_user.email)
    clock.advance(seconds=59)
    with pytest.raises(InvalidInput):
        assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    clock.advance(seconds=1)
    assoc_d.send_request_code(session, actor=w.cust, request_id=rid)
    second = latest_code(session, w.cust_user.email)
    if first != second:
        with pytest.raises(InvalidInput):
            assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=first)
    assert assoc_d.answer_request(session, actor=w.cust, request_id=rid, decision="accept", code=second) == "accepted"


# ---------------------------------------------------------------- lists and reveal
def test_my_customers_lists_only_active_associations_of_the_partner_masked(session, w):
    other, _, _ = f.partner_admin(session)
    _associate(session, other, f.customer(session))
    rows = assoc_d.list_my_customers(session, actor=w.staff, req=PageRequest()).rows
    assert [r.id for r in rows] == [w.assoc.id]
    assert rows[0].mobile == w.customer.mobile[:3] + "****" + w.customer.mobile[-4:]
    assert rows[0].email == "b***@client.example"
    assert w.customer.mobile not in str(rows[0].as_dict())


def test_my_customers_search_matches_exact_mobile_or_account_and_name_prefix(session, w):
    for term, hit in ((w.customer.mobile, True), (w.customer.mobile[:5], False), (w.customer.account_name, True),
                      (w.customer.name[:2], True), (w.customer.name[1:], False)):
        rows = assoc_d.list_my_customers(session, actor=w.admin, req=PageRequest(), search=term).rows
        assert bool(rows) is hit, term


def test_reveal_returns_the_full_value_and_is_audited(session, w):
    assert assoc_d.reveal_customer_field(session, actor=w.staff, association_id=w.assoc.id, field="mobile") == w.customer.mobile
    assert session.exec(select(AuditLog).where(AuditLog.action == "reveal", AuditLog.customer_id == w.customer.id)).one()
    with pytest.raises(InvalidInput):
        assoc_d.reveal_customer_field(session, actor=w.staff, association_id=w.assoc.id, field="password_hash")


def test_my_partners_shows_the_customers_own_associations_and_pending_requests(session, w):
    other_customer = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    assoc_d.request_type_switch(session, actor=w.admin, association_id=w.assoc.id, new_type="resale")
    [row] = assoc_d.my_partners(session, actor=w.cust).rows
    assert row.partner == w.partner.name and row.pending == "switch_type"
    assert assoc_d.my_partners(session, actor=other_customer).rows == []
    with pytest.raises(PermissionDenied):
        assoc_d.my_partners(session, actor=w.admin)
