"""FH: acceptance per quarter per full-time person, then payment, then the invoicing list."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from partner_portal.domain import clock, fh
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound
from partner_portal.domain.paging import PageRequest
from partner_portal.models import Affiliation, FhApplication, FhStatus, InvoicingList, Role
from tests import factories


@pytest.fixture
def partner(session):
    p, admin, actor = factories.partner_admin(session, currency="EUR")
    staff = factories.user(session, role=Role.PARTNER_STAFF, partner=p, full_time=True, name="Full Timer")
    part_time = factories.user(session, role=Role.PARTNER_STAFF, partner=p, name="Part Timer")
    member = factories.user(session, role=Role.MEMBER, name="Affiliated Member")
    session.add(Affiliation(member_id=member.id, partner_id=p.id, joined_at=clock.now()))
    session.commit()
    return p, actor, staff, part_time, member


def test_full_time_staff_and_affiliated_members_are_eligible(session, partner):
    _, actor, staff, part_time, member = partner
    ids = {int(p["id"]) for p in fh.eligible_people(session, actor=actor)}
    assert ids == {staff.id, member.id}


def test_member_who_left_is_not_eligible(session, partner):
    _, actor, _, _, member = partner
    aff = session.exec(select(Affiliation).where(Affiliation.member_id == member.id)).one()
    aff.left_at = clock.now()
    session.commit()
    with pytest.raises(InvalidInput) as e:
        fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=member.id, amount="3000")
    assert e.value.field == "person_id"


def test_part_time_staff_and_other_partners_people_are_refused(session, partner):
    _, actor, _, part_time, _ = partner
    op = factories.partner(session)
    outsider = factories.user(session, role=Role.PARTNER_STAFF, partner=op, full_time=True)
    for pid in (part_time.id, outsider.id, 999999, "abc"):
        with pytest.raises(InvalidInput):
            fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=pid, amount="3000")
    assert session.exec(select(FhApplication)).all() == []


def test_one_application_per_quarter_per_person(session, partner):
    _, actor, staff, _, member = partner
    fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    with pytest.raises(InvalidInput):
        fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    assert fh.apply_acceptance(session, actor=actor, quarter="2026Q3", person_id=staff.id, amount="3000")
    assert fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=member.id, amount="3000")


def test_rejected_acceptance_can_be_applied_again(session, partner):
    _, actor, staff, _, _ = partner
    m = factories.manager(session)
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    fh.reject_acceptance(session, actor=m, item_id=a, comment="Timesheets missing")
    assert fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")


@pytest.mark.parametrize("quarter", ["2027Q1", "2025Q4", "2026Q5", "Q4-2026", ""])
def test_quarter_outside_the_window_or_malformed_is_refused(session, partner, quarter):
    _, actor, staff, _, _ = partner
    with pytest.raises(InvalidInput) as e:
        fh.apply_acceptance(session, actor=actor, quarter=quarter, person_id=staff.id, amount="3000")
    assert e.value.field == "quarter"


@pytest.mark.parametrize("amount", ["0", "-1", "12.345", "lots", ""])
def test_bad_amount_is_refused(session, partner, amount):
    _, actor, staff, _, _ = partner
    with pytest.raises(InvalidInput) as e:
        fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount=amount)
    assert e.value.field == "amount"


def test_payment_only_after_acceptance_approval(session, partner):
    _, actor, staff, _, _ = partner
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    with pytest.raises(InvalidInput):
        fh.apply_payment(session, actor=actor, application_id=a)
    fh.approve_acceptance(session, actor=factories.manager(session), item_id=a)
    fh.apply_payment(session, actor=actor, application_id=a)
    assert session.get(FhApplication, a).status == FhStatus.PAYMENT_SUBMITTED


def test_payment_approval_creates_the_invoicing_list_in_euros(session, partner):
    _, actor, staff, _, _ = partner
    m = factories.manager(session)
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3250.50")
    fh.approve_acceptance(session, actor=m, item_id=a)
    fh.apply_payment(session, actor=actor, application_id=a)
    fh.approve_payment(session, actor=m, item_id=a)
    inv = session.exec(select(InvoicingList).where(InvoicingList.source_kind == "fh", InvoicingList.source_id == a)).one()
    assert inv.currency == "EUR" and inv.total == Decimal("3250.50")
    rows = fh.list_applications(session, actor=actor, req=PageRequest(), tab="payment", status="payment_approved").rows
    assert [r["invoicing_id"] for r in rows] == [str(inv.id)]
    with pytest.raises(Conflict):
        fh.approve_payment(session, actor=m, item_id=a)


def test_rejected_payment_can_be_applied_for_again(session, partner):
    _, actor, staff, _, _ = partner
    m = factories.manager(session)
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    fh.approve_acceptance(session, actor=m, item_id=a)
    fh.apply_payment(session, actor=actor, application_id=a)
    fh.reject_payment(session, actor=m, item_id=a, comment="Bank details missing")
    fh.apply_payment(session, actor=actor, application_id=a)
    assert session.get(FhApplication, a).status == FhStatus.PAYMENT_SUBMITTED


def test_payment_tab_lists_only_accepted_applications_and_filters_by_payment_status(session, partner):
    _, actor, staff, _, member = partner
    m = factories.manager(session)
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=member.id, amount="3000")
    fh.approve_acceptance(session, actor=m, item_id=a)
    pay = fh.list_applications(session, actor=actor, req=PageRequest(), tab="payment").rows
    assert [r["id"] for r in pay] == [str(a)]
    assert fh.list_applications(session, actor=actor, req=PageRequest(), tab="payment", status="payment_approved").rows == []
    with pytest.raises(InvalidInput):
        fh.list_applications(session, actor=actor, req=PageRequest(), tab="payment", status="acceptance_submitted")


def test_other_partner_cannot_apply_for_payment_or_list(session, partner):
    _, actor, staff, _, _ = partner
    a = fh.apply_acceptance(session, actor=actor, quarter="2026Q4", person_id=staff.id, amount="3000")
    fh.approve_acceptance(session, actor=factories.manager(session), item_id=a)
    _, _, other = factories.partner_admin(session)
    with pytest.raises(NotFound):
        fh.apply_payment(session, actor=other, application_id=a)
    assert fh.list_applications(session, actor=other, req=PageRequest()).rows == []
    assert session.get(FhApplication, a).status == FhStatus.ACCEPTANCE_APPROVED


def test_quarter_window_moves_with_the_clock(session, partner):
    _, actor, staff, _, _ = partner
    clock.set_now(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC))
    assert fh.open_quarters() == ["2027Q1", "2026Q4", "2026Q3", "2026Q2"]
    assert fh.apply_acceptance(session, actor=actor, quarter="2027Q1", person_id=staff.id, amount="1")
