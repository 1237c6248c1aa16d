"""Invoice information: one valid record per account (legacy accounts keep theirs), direct edits, reviewed title changes."""
import datetime as dt

import pytest
from sqlmodel import select

from partner_portal.domain import invoice_info
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.models import AuditLog, InvoiceInfo, Role
from tests import factories

GOOD = dict(title="Sunrise Retail Group Co., Ltd.", taxpayer_id="91310000MA1K4XYZ0A", bank="Bank of Shanghai Pudong",
            bank_account="6222 0210 0100 1234 567", address="88 Century Avenue, Shanghai", phone="021-5555-0188")


@pytest.fixture
def customer(session):
    c = factories.customer(session)
    return factories.actor(session, factories.user(session, role=Role.CUSTOMER, customer=c))


@pytest.fixture
def legacy(session):
    c = factories.customer(session)
    u = factories.user(session, role=Role.CUSTOMER, customer=c, created_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC))
    for title in ("Oldtown Manufacturing", "Oldtown Trading"):
        session.add(InvoiceInfo(user_id=u.id, title=title, taxpayer_id="91110000600037341L", created_at=u.created_at))
    session.commit()
    return factories.actor(session, u)


def test_first_invoice_information_is_added_and_the_account_number_is_masked(session, customer):
    view = invoice_info.add(session, actor=customer, **GOOD)
    assert view.bank_account == "**** 4567"
    assert session.get(InvoiceInfo, view.id).bank_account == "62220210010012345 67".replace(" ", "")
    assert session.exec(select(AuditLog).where(AuditLog.action == "invoice_info_added")).one()


def test_second_invoice_information_is_refused(session, customer):
    invoice_info.add(session, actor=customer, **GOOD)
    with pytest.raises(PermissionDenied) as e:
        invoice_info.add(session, actor=customer, **{**GOOD, "title": "Another Co."})
    assert "only one" in e.value.message
    assert len(session.exec(select(InvoiceInfo)).all()) == 1
    assert invoice_info.summary(session, actor=customer).can_add is False


def test_legacy_account_keeps_several_but_cannot_add(session, legacy):
    s = invoice_info.summary(session, actor=legacy)
    assert len(s.infos) == 2 and s.legacy and not s.can_add and "2020-08-01" in s.reason
    with pytest.raises(PermissionDenied):
        invoice_info.add(session, actor=legacy, **GOOD)
    assert len(session.exec(select(InvoiceInfo)).all()) == 2


def test_partner_admin_and_member_have_their_own_record(session):
    _, _, admin = factories.partner_admin(session)
    member = factories.actor(session, factories.user(session, role=Role.MEMBER))
    invoice_info.add(session, actor=admin, **GOOD)
    assert invoice_info.add(session, actor=member, **GOOD).id
    with pytest.raises(PermissionDenied):
        invoice_info.summary(session, actor=factories.manager(session))


@pytest.mark.parametrize("field,value", [
    ("title", ""), ("title", "x"), ("title", "y" * 101), ("taxpayer_id", "123"), ("taxpayer_id", "91310000MA1K4XYZ0A!"),
    ("bank_account", "12ab5678"), ("bank_account", "123"), ("phone", "call me"), ("address", "z" * 201),
])
def test_bad_input_is_refused_on_its_field(session, customer, field, value):
    with pytest.raises(InvalidInput) as e:
        invoice_info.add(session, actor=customer, **{**GOOD, field: value})
    assert e.value.field == field
    assert session.exec(select(InvoiceInfo)).all() == []


def test_bank_address_phone_change_at_once_and_are_audited(session, customer):
    v = invoice_info.add(session, actor=customer, **GOOD)
    view, review = invoice_info.update(session, actor=customer, info_id=v.id, **{**GOOD, "bank": "ICBC Shanghai",
                                                                                "bank_account": "", "phone": "021 1234 5678"})
    row = session.get(InvoiceInfo, v.id)
    assert not review and row.bank == "ICBC Shanghai" and row.phone == "021 1234 5678"
    assert row.bank_account.endswith("4567")  # empty keeps the number
    log = session.exec(select(AuditLog).where(AuditLog.action == "invoice_info_updated")).one()
    assert "ICBC" in log.after and "6222021001001234567" not in log.after + log.before


def test_title_change_waits_for_review_and_old_title_stays(session, customer):
    v = invoice_info.add(session, actor=customer, **GOOD)
    _, review = invoice_info.update(session, actor=customer, info_id=v.id, **{**GOOD, "title": "Sunrise Holdings Ltd."})
    row = session.get(InvoiceInfo, v.id)
    assert review and row.title == GOOD["title"] and row.pending_title == "Sunrise Holdings Ltd."
    assert row.change_status == "pending_review"
    with pytest.raises(InvalidInput):
        invoice_info.update(session, actor=customer, info_id=v.id, **{**GOOD, "title": "Third Name Ltd."})
    invoice_info.approve_change(session, actor=factories.manager(session), item_id=v.id)
    session.refresh(row)
    assert row.title == "Sunrise Holdings Ltd." and row.change_status == ""
    with pytest.raises(Conflict):
        invoice_info.approve_change(session, actor=factories.manager(session), item_id=v.id)


def test_rejected_taxpayer_change_keeps_the_old_id_and_shows_the_reason(session, customer):
    v = invoice_info.add(session, actor=customer, **GOOD)
    invoice_info.update(session, actor=customer, info_id=v.id, **{**GOOD, "taxpayer_id": "91310000MA1K4XYZ9Z"})
    invoice_info.reject_change(session, actor=factories.manager(session), item_id=v.id, comment="Certificate missing")
    row = session.get(InvoiceInfo, v.id)
    assert row.taxpayer_id == GOOD["taxpayer_id"] and row.change_status == "rejected"
    assert invoice_info.summary(session, actor=customer).infos[0].review_comment == "Certificate missing"


def test_someone_elses_record_cannot_be_edited(session, customer, legacy):
    other_id = invoice_info.summary(session, actor=legacy).infos[0].id
    with pytest.raises(NotFound):
        invoice_info.update(session, actor=customer, info_id=other_id, **GOOD)
    assert session.get(InvoiceInfo, other_id).title == "Oldtown Manufacturing"


def test_customer_cannot_review(session, customer):
    v = invoice_info.add(session, actor=customer, **GOOD)
    invoice_info.update(session, actor=customer, info_id=v.id, **{**GOOD, "title": "New Title Ltd."})
    with pytest.raises(PermissionDenied):
        invoice_info.approve_change(session, actor=customer, item_id=v.id)
