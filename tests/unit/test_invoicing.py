"""Invoicing lists: settlement currency, totals, submit / reject / resubmit / pay with history, due reminders."""
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlmodel import select

from partner_portal.domain import clock, incentives, invoicing, money
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import (
    BusinessInfo, IncentiveApplication, InvoiceSubmission, InvoicingList, InvoicingStatus, Notification, Outbox,
)
from tests import factories


@pytest.fixture
def partner(session):
    return factories.partner_admin(session, currency="USD")


def _list(session, partner, amounts=("100.10", "200.20")):
    p, _, _ = partner
    row = invoicing.create_list(session, actor=factories.manager(session), partner_id=p.id, source_kind="incentive",
                                source_id=1, title="Growth bonus", currency="USD",
                                lines=[(f"line {i}", Decimal(a)) for i, a in enumerate(amounts)])
    session.commit()
    return row


def test_list_total_is_the_sum_of_its_lines_in_the_settlement_currency(session, partner):
    row = _list(session, partner)
    view = invoicing.get_list(session, actor=partner[2], list_id=row.id)
    assert row.total == Decimal("300.30") and view.total == "USD 300.30" and view.currency == "USD"
    assert [ln["amount"] for ln in view.lines] == ["USD 100.10", "USD 200.20"]
    assert view.mailbox == invoicing.PLATFORM_MAILBOX and view.mailing_address == invoicing.PLATFORM_MAILING_ADDRESS


def test_payee_comes_from_the_certified_business_information(session, partner):
    p, _, actor = partner
    session.add(BusinessInfo(partner_id=p.id, company_name="Uncertified New Name", settlement_currency="CNY",
                             submitted_at=clock.now()))
    session.commit()
    row = _list(session, partner)
    view = invoicing.get_list(session, actor=actor, list_id=row.id)
    assert view.payee == p.name and view.currency == "USD"


def test_list_in_another_currency_than_the_settlement_currency_is_refused(session, partner):
    with pytest.raises(Conflict):
        invoicing.create_list(session, actor=factories.manager(session), partner_id=partner[0].id, source_kind="mdf",
                              source_id=5, title="x", currency="CNY", lines=[("x", Decimal("1"))])


def test_partner_without_certified_information_gets_no_list(session):
    p = factories.partner(session)
    info = session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == p.id)).one()
    info.is_certified = False
    session.commit()
    with pytest.raises(Conflict):
        invoicing.create_list(session, actor=factories.manager(session), partner_id=p.id, source_kind="mdf",
                              source_id=5, title="x", currency="CNY", lines=[("x", Decimal("1"))])


def test_one_list_per_application(session, partner):
    _list(session, partner)
    with pytest.raises(Conflict):
        _list(session, partner)


def test_ready_notification_email_carries_address_and_mailbox(session, partner):
    _list(session, partner)
    mail = session.exec(select(Outbox).where(Outbox.recipient == partner[1].email)).one()
    assert invoicing.PLATFORM_MAILBOX in mail.body and invoicing.PLATFORM_MAILING_ADDRESS in mail.body


def test_other_partner_cannot_see_or_submit(session, partner):
    row = _list(session, partner)
    _, _, other = factories.partner_admin(session)
    with pytest.raises(NotFound):
        invoicing.get_list(session, actor=other, list_id=row.id)
    with pytest.raises(NotFound):
        invoicing.submit_invoice(session, actor=other, list_id=row.id, invoice_type="paper", invoice_number="12345678")
    assert session.get(InvoicingList, row.id).status == InvoicingStatus.READY


@pytest.mark.parametrize("number", ["", "1234567", "12 34 56 78", "x" * 25, "NO#12345"])
def test_bad_invoice_number_is_refused(session, partner, number):
    row = _list(session, partner)
    with pytest.raises(InvalidInput) as e:
        invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="paper", invoice_number=number)
    assert e.value.field == "invoice_number"


def test_unknown_invoice_type_is_refused(session, partner):
    row = _list(session, partner)
    with pytest.raises(InvalidInput) as e:
        invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="receipt",
                                 invoice_number="12345678")
    assert e.value.field == "invoice_type"


def test_rejected_invoice_is_corrected_and_resubmitted_keeping_history(session, partner):
    row = _list(session, partner)
    m = factories.manager(session)
    invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="paper", invoice_number="04400001")
    with pytest.raises(InvalidInput):
        invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="paper", invoice_number="04400009")
    clock.advance(days=2)
    invoicing.reject_invoice(session, actor=m, item_id=row.id, comment="Wrong taxpayer ID on the invoice")
    session.refresh(row)
    assert row.status == InvoicingStatus.REJECTED and row.due_date == clock.today() + dt.timedelta(days=15)
    view = invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="e_special_vat",
                                    invoice_number="26312000000012345678")
    assert view.status == "submitted"
    invoicing.approve_invoice(session, actor=m, item_id=row.id)
    view = invoicing.get_list(session, actor=partner[2], list_id=row.id)
    assert view.status == "paid" and not view.can_submit
    assert [h["result"] for h in view.history] == ["paid", "rejected"]
    assert view.history[1]["review_comment"] == "Wrong taxpayer ID on the invoice"
    assert len(session.exec(select(InvoiceSubmission).where(InvoiceSubmission.list_id == row.id)).all()) == 2


def test_partner_cannot_approve_and_reject_needs_a_comment(session, partner):
    row = _list(session, partner)
    invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="paper", invoice_number="04400001")
    with pytest.raises(PermissionDenied):
        invoicing.approve_invoice(session, actor=partner[2], item_id=row.id)
    with pytest.raises(InvalidInput):
        invoicing.reject_invoice(session, actor=factories.manager(session), item_id=row.id, comment="")
    assert session.get(InvoicingList, row.id).status == InvoicingStatus.SUBMITTED


def test_review_before_submission_conflicts(session, partner):
    row = _list(session, partner)
    with pytest.raises(Conflict):
        invoicing.approve_invoice(session, actor=factories.manager(session), item_id=row.id)


def test_due_reminder_three_days_before_and_only_once(session, partner):
    row = _list(session, partner)
    invoicing.remind_due(session)
    assert session.exec(select(Notification).where(Notification.dedupe_key.startswith("invoice-due:"))).all() == []
    clock.advance(days=12)
    assert invoicing.remind_due(session) == 1
    assert invoicing.remind_due(session) == 0
    notes = session.exec(select(Notification).where(Notification.dedupe_key == f"invoice-due:{row.id}:{row.due_date}")).all()
    assert len(notes) == 1
    assert session.exec(select(Outbox).where(Outbox.subject.startswith("Reminder"))).first()


def test_paid_list_gets_no_reminder(session, partner):
    row = _list(session, partner)
    m = factories.manager(session)
    invoicing.submit_invoice(session, actor=partner[2], list_id=row.id, invoice_type="paper", invoice_number="04400001")
    invoicing.approve_invoice(session, actor=m, item_id=row.id)
    clock.advance(days=20)
    assert invoicing.remind_due(session) == 0


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(values=st.lists(amounts, min_size=1, max_size=12))
def test_list_total_never_drifts_from_the_exact_sum(session, partner, values):
    p, _, _ = partner
    src = session.exec(select(InvoicingList)).all()
    row = invoicing.create_list(session, actor=factories.manager(session), partner_id=p.id, source_kind="mdf",
                                source_id=len(src) + 1000, title="h", currency="USD",
                                lines=[(str(i), v) for i, v in enumerate(values)])
    session.commit()
    stored = session.get(InvoicingList, row.id)
    assert stored.total == sum(values, Decimal(0)) and stored.total > 0
    assert money.format_money(stored.total, "USD").endswith(f"{sum(values, Decimal(0)):,.2f}")


def test_other_incentive_approval_creates_a_list_and_shows_in_application_records(session, partner):
    p, _, actor = partner
    m = factories.manager(session)
    a = incentives.apply(session, actor=actor, program="growth_bonus", period="2026H2", amount="5000")
    b = incentives.apply(session, actor=actor, program="sales_rebate", period="2026H2", amount="700")
    incentives.approve_application(session, actor=m, item_id=a)
    incentives.reject_application(session, actor=m, item_id=b, comment="Target not met")
    rows = incentives.list_records(session, actor=actor, req=PageRequest()).rows
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref[f"INCENTIVE-{a}"]["invoicing_id"] and by_ref[f"INCENTIVE-{b}"]["invoicing_id"] == ""
    assert session.get(IncentiveApplication, b).review_comment == "Target not met"
    with pytest.raises(InvalidInput):
        incentives.apply(session, actor=actor, program="growth_bonus", period="2026H2", amount="1")


def test_application_records_page_through_all_kinds_without_gaps_or_repeats(session, partner):
    from partner_portal.models import FhApplication, MdfApplication
    p, u, actor = partner
    for i in range(9):
        clock.advance(minutes=1)
        session.add(MdfApplication(partner_id=p.id, name=f"M{i}", budget=Decimal("1"), currency="USD",
                                   start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 1, 2), created_by=u.id,
                                   created_at=clock.now()))
        session.add(FhApplication(partner_id=p.id, quarter="2026Q4", person_id=u.id, person_name=f"F{i}",
                                  amount=Decimal("1"), currency="USD", created_at=clock.now()))
        session.add(IncentiveApplication(partner_id=p.id, program="growth_bonus", period=f"P{i}", amount=Decimal("1"),
                                         currency="USD", created_at=clock.now()))
    session.commit()
    _, _, other = factories.partner_admin(session)
    assert incentives.list_records(session, actor=other, req=PageRequest()).rows == []
    seen, after, pages = [], None, []
    while True:
        page = incentives.list_records(session, actor=actor, req=PageRequest(after=after, limit=4))
        pages.append(page)
        seen += [r["id"] for r in page.rows]
        if not page.has_next:
            break
        after = page.last_key
    assert len(seen) == 27 and len(set(seen)) == 27
    back = incentives.list_records(session, actor=actor, req=PageRequest(before=pages[2].first_key, limit=4))
    assert [r["id"] for r in back.rows] == [r["id"] for r in pages[1].rows]
    only_fh = incentives.list_records(session, actor=actor, req=PageRequest(limit=50), kind="fh").rows
    assert {r["kind"] for r in only_fh} == {"fh"} and len(only_fh) == 9
