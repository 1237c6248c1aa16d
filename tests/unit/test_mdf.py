"""MDF: apply ahead of time within the quota, duplicates warned, cancel, review, redemption windows, invoicing."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from partner_portal.domain import clock, mdf
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.models import (
    AuditLog, Holiday, InvoicingLine, InvoicingList, MdfApplication, MdfQuota, MdfStatus, Outbox, Role, StoredFile,
)
from tests import factories

PDF = ("proof.pdf", "application/pdf", b"%PDF-1.4\n% proof of the seminar\n")
START = dt.date(2026, 12, 15)  # T0 is Tuesday 2026-12-01: ten working days later
END = dt.date(2026, 12, 16)


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_FILES_DIR", str(tmp_path / "files"))


@pytest.fixture
def partner(session):
    p, u, a = factories.partner_admin(session, currency="CNY")
    session.add(MdfQuota(partner_id=p.id, year=2026, amount=Decimal("50000.00"), currency="CNY"))
    session.add(MdfQuota(partner_id=p.id, year=2027, amount=Decimal("80000.00"), currency="CNY"))
    session.commit()
    return p, u, a


def _apply(session, actor, **kw):
    args = dict(name="Cloud Summit Shanghai", activity_type="seminar", budget="12000.00", start_date=START, end_date=END)
    args.update(kw)
    return mdf.apply(session, actor=actor, **args)


def _approved(session, actor, manager, **kw):
    res = _apply(session, actor, **kw)
    mdf.approve_application(session, actor=manager, item_id=res.id)
    return session.get(MdfApplication, res.id)


def _after_activity(days=1):
    clock.set_now(dt.datetime.combine(END + dt.timedelta(days=days), dt.time(9), tzinfo=dt.UTC))


# ------------------------------------------------------------------ apply
def test_application_ten_working_days_ahead_is_accepted(session, partner):
    _, _, actor = partner
    res = _apply(session, actor)
    row = session.get(MdfApplication, res.id)
    assert row.status == MdfStatus.SUBMITTED and row.budget == Decimal("12000.00") and row.currency == "CNY"
    assert session.exec(select(AuditLog).where(AuditLog.action == "mdf_applied", AuditLog.object_id == row.id)).one()


def test_application_less_than_ten_working_days_ahead_is_refused(session, partner):
    with pytest.raises(InvalidInput) as e:
        _apply(session, partner[2], start_date=START - dt.timedelta(days=1))
    assert e.value.field == "start_date" and "2026-12-15" in e.value.message


def test_holidays_push_the_earliest_start(session, partner):
    session.add(Holiday(day=dt.date(2026, 12, 8), name="Platform holiday"))
    session.commit()
    with pytest.raises(InvalidInput):
        _apply(session, partner[2])
    assert _apply(session, partner[2], start_date=dt.date(2026, 12, 16), end_date=dt.date(2026, 12, 16)).id


def test_amount_above_the_quota_left_is_refused(session, partner):
    _apply(session, partner[2], budget="40000")
    with pytest.raises(InvalidInput) as e:
        _apply(session, partner[2], name="Second", budget="10000.01")
    assert e.value.field == "budget" and "10,000.00" in e.value.message
    assert _apply(session, partner[2], name="Third", budget="10000.00").id


def test_cancelled_and_rejected_applications_free_the_quota(session, partner):
    m = factories.manager(session)
    a = _apply(session, partner[2], budget="50000")
    mdf.cancel(session, actor=partner[2], application_id=a.id)
    b = _apply(session, partner[2], name="B", budget="50000")
    mdf.reject_application(session, actor=m, item_id=b.id, comment="Not in plan")
    assert _apply(session, partner[2], name="C", budget="50000").id


def test_quota_is_per_year(session, partner):
    _apply(session, partner[2], budget="50000")
    res = _apply(session, partner[2], name="Next year", budget="80000", start_date=dt.date(2027, 1, 11),
                 end_date=dt.date(2027, 1, 12))
    assert res.id
    summary = mdf.quota_summary(session, actor=partner[2], year=2027)
    assert summary.remaining == "CNY 0.00" and summary.quota == "CNY 80,000.00"


def test_no_quota_for_the_year_is_refused(session):
    _, _, actor = factories.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        _apply(session, actor)
    assert e.value.field == "budget"


@pytest.mark.parametrize("field,kw", [
    ("budget", {"budget": "-5"}), ("budget", {"budget": "0"}), ("budget", {"budget": "1.234"}),
    ("budget", {"budget": "ten"}), ("budget", {"budget": "NaN"}), ("name", {"name": "   "}),
    ("name", {"name": "x" * 201}), ("activity_type", {"activity_type": "party"}),
    ("end_date", {"end_date": START - dt.timedelta(days=1)}), ("start_date", {"start_date": "15/12/2026"}),
    ("end_date", {"end_date": START + dt.timedelta(days=400)}),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(session, partner, field, kw):
    with pytest.raises(InvalidInput) as e:
        _apply(session, partner[2], **kw)
    assert e.value.field == field
    assert session.exec(select(MdfApplication)).all() == []


def test_duplicate_activity_is_warned_before_anything_is_written(session, partner):
    _apply(session, partner[2])
    first = _apply(session, partner[2], name="cloud summit shanghai ")
    assert first.id is None and first.duplicate_warning
    assert len(session.exec(select(MdfApplication)).all()) == 1
    confirmed = _apply(session, partner[2], confirm_duplicate=True)
    assert confirmed.id and confirmed.duplicate_warning
    assert len(session.exec(select(MdfApplication)).all()) == 2


def test_same_name_other_dates_is_no_duplicate(session, partner):
    _apply(session, partner[2])
    assert _apply(session, partner[2], end_date=END + dt.timedelta(days=1)).duplicate_warning is False


def test_manager_and_customer_cannot_apply(session, partner):
    with pytest.raises(PermissionDenied):
        _apply(session, factories.manager(session))
    cust = factories.actor(session, factories.user(session, role=Role.CUSTOMER, customer=factories.customer(session)))
    with pytest.raises(PermissionDenied):
        _apply(session, cust)


# ------------------------------------------------------------------ cancel and review
def test_cancel_while_submitted_or_approved(session, partner):
    m = factories.manager(session)
    a = _apply(session, partner[2])
    mdf.cancel(session, actor=partner[2], application_id=a.id)
    assert session.get(MdfApplication, a.id).status == MdfStatus.CANCELLED
    b = _approved(session, partner[2], m, name="B")
    mdf.cancel(session, actor=partner[2], application_id=b.id)
    assert session.get(MdfApplication, b.id).status == MdfStatus.CANCELLED


def test_rejected_or_redeemed_application_cannot_be_cancelled(session, partner):
    m = factories.manager(session)
    a = _apply(session, partner[2])
    mdf.reject_application(session, actor=m, item_id=a.id, comment="Budget too high")
    with pytest.raises(InvalidInput):
        mdf.cancel(session, actor=partner[2], application_id=a.id)
    assert session.get(MdfApplication, a.id).status == MdfStatus.REJECTED


def test_other_partner_cannot_cancel_or_declare(session, partner):
    a = _apply(session, partner[2])
    _, _, other = factories.partner_admin(session)
    with pytest.raises(NotFound):
        mdf.cancel(session, actor=other, application_id=a.id)
    with pytest.raises(NotFound):
        mdf.declare_redemption(session, actor=other, application_id=a.id, actual_amount="1", note="x", proofs=[PDF])
    with pytest.raises(NotFound):
        mdf.cancel(session, actor=other, application_id=999999)
    assert session.get(MdfApplication, a.id).status == MdfStatus.SUBMITTED


def test_second_review_of_the_same_application_conflicts(session, partner):
    m = factories.manager(session)
    a = _apply(session, partner[2])
    mdf.approve_application(session, actor=m, item_id=a.id)
    with pytest.raises(Conflict):
        mdf.reject_application(session, actor=m, item_id=a.id, comment="late")
    assert session.get(MdfApplication, a.id).status == MdfStatus.APPROVED


def test_stale_version_loses_the_race(session, partner):
    """Two reviewers read the same row; the second write finds the version moved and changes nothing."""
    from partner_portal.domain.invoicing import transition
    m = factories.manager(session)
    a = _apply(session, partner[2])
    row = session.get(MdfApplication, a.id)
    stale = MdfApplication(**{k: getattr(row, k) for k in ("id", "partner_id", "name", "budget", "currency",
                                                              "start_date", "end_date", "status", "created_by",
                                                              "created_at", "version")})
    mdf.approve_application(session, actor=m, item_id=a.id)
    with pytest.raises(Conflict):
        transition(session, stale, [MdfStatus.SUBMITTED, MdfStatus.APPROVED], status=MdfStatus.REJECTED)
    session.expire_all()
    assert session.get(MdfApplication, a.id).status == MdfStatus.APPROVED


def test_partner_cannot_review(session, partner):
    a = _apply(session, partner[2])
    with pytest.raises(PermissionDenied):
        mdf.approve_application(session, actor=partner[2], item_id=a.id)


# ------------------------------------------------------------------ redemption
def test_redemption_before_the_activity_ends_is_refused(session, partner):
    row = _approved(session, partner[2], factories.manager(session))
    with pytest.raises(InvalidInput):
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="100", note="x",
                               proofs=[PDF])


def test_redemption_within_90_days_after_the_activity(session, partner):
    row = _approved(session, partner[2], factories.manager(session))
    _after_activity(90)
    mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="11800.50",
                           note="120 attendees", proofs=[PDF])
    session.refresh(row)
    assert row.status == MdfStatus.REDEMPTION_SUBMITTED and row.actual_amount == Decimal("11800.50")
    files = session.exec(select(StoredFile).where(StoredFile.ref_kind == "mdf_proof", StoredFile.ref_id == row.id)).all()
    assert len(files) == 1


def test_redemption_after_90_days_is_refused(session, partner):
    row = _approved(session, partner[2], factories.manager(session))
    _after_activity(91)
    with pytest.raises(InvalidInput) as e:
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="100", note="x",
                               proofs=[PDF])
    assert "90 days" in e.value.message


def test_redemption_needs_a_proof_file_and_actuals_within_budget(session, partner):
    row = _approved(session, partner[2], factories.manager(session))
    _after_activity()
    with pytest.raises(InvalidInput) as e:
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="100", note="x", proofs=[])
    assert e.value.field == "files"
    with pytest.raises(InvalidInput) as e:
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="12000.01", note="x",
                               proofs=[PDF])
    assert e.value.field == "actual_amount"


def test_a_bad_proof_file_writes_nothing(session, partner):
    row = _approved(session, partner[2], factories.manager(session))
    _after_activity()
    with pytest.raises(InvalidInput) as e:
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="100", note="x",
                               proofs=[PDF, ("evil.pdf", "application/pdf", b"MZ\x90 not a pdf")])
    assert e.value.field == "file"
    session.expire_all()
    assert session.get(MdfApplication, row.id).status == MdfStatus.APPROVED
    assert session.exec(select(StoredFile)).all() == []


def test_rejected_redemption_is_resubmitted_within_45_days(session, partner):
    m = factories.manager(session)
    row = _approved(session, partner[2], m)
    _after_activity()
    mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="9000", note="x", proofs=[PDF])
    mdf.reject_redemption(session, actor=m, item_id=row.id, comment="The attendee list is missing")
    session.refresh(row)
    assert row.status == MdfStatus.REDEMPTION_REJECTED and row.review_comment == "The attendee list is missing"
    clock.advance(days=45)
    # the earlier proof is kept, so a corrected declaration may add a file or none
    mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="8900", note="with list",
                           proofs=[])
    session.refresh(row)
    assert row.status == MdfStatus.REDEMPTION_SUBMITTED and row.actual_amount == Decimal("8900.00")


def test_resubmission_after_45_days_is_refused(session, partner):
    m = factories.manager(session)
    row = _approved(session, partner[2], m)
    _after_activity()
    mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="9000", note="x", proofs=[PDF])
    mdf.reject_redemption(session, actor=m, item_id=row.id, comment="Missing list")
    clock.advance(days=46)
    with pytest.raises(InvalidInput) as e:
        mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="9000", note="x",
                               proofs=[PDF])
    assert "45 days" in e.value.message


def test_rejection_needs_a_comment(session, partner):
    m = factories.manager(session)
    a = _apply(session, partner[2])
    with pytest.raises(InvalidInput):
        mdf.reject_application(session, actor=m, item_id=a.id, comment="  ")


def test_approved_redemption_creates_the_invoicing_list_in_the_settlement_currency(session, partner):
    m = factories.manager(session)
    row = _approved(session, partner[2], m)
    _after_activity()
    mdf.declare_redemption(session, actor=partner[2], application_id=row.id, actual_amount="11999.99", note="x",
                           proofs=[PDF])
    mdf.approve_redemption(session, actor=m, item_id=row.id)
    inv = session.exec(select(InvoicingList).where(InvoicingList.source_kind == "mdf",
                                                   InvoicingList.source_id == row.id)).one()
    assert inv.total == Decimal("11999.99") and inv.currency == "CNY"
    assert inv.due_date == clock.today() + dt.timedelta(days=15)
    assert [ln.amount for ln in session.exec(select(InvoicingLine).where(InvoicingLine.list_id == inv.id))] == \
        [Decimal("11999.99")]
    mail = session.exec(select(Outbox).where(Outbox.recipient == partner[1].email)).all()
    assert any("partner-invoices@platform.example" in o.body and "Nanjing" in o.body for o in mail)
    page = mdf.list_applications(session, actor=partner[2], req=mdf.PageRequest())
    assert page.rows[0]["invoicing_id"] == str(inv.id)
    # the redeemed activity counts its actual amount against the quota
    assert mdf.committed(session, partner[0].id, 2026) == Decimal("11999.99")


def test_list_shows_only_the_partners_own_applications(session, partner):
    _apply(session, partner[2])
    _, _, other = factories.partner_admin(session)
    assert mdf.list_applications(session, actor=other, req=mdf.PageRequest()).rows == []
    assert len(mdf.list_applications(session, actor=partner[2], req=mdf.PageRequest()).rows) == 1
    with pytest.raises(InvalidInput):
        mdf.list_applications(session, actor=partner[2], req=mdf.PageRequest(), status="bogus")


def test_redemption_reminder_runs_once_per_deadline(session, partner):
    from partner_portal.models import Notification
    row = _approved(session, partner[2], factories.manager(session))
    clock.set_now(dt.datetime.combine(END + dt.timedelta(days=85), dt.time(9), tzinfo=dt.UTC))
    mdf.remind_redemptions(session)
    mdf.remind_redemptions(session)
    notes = session.exec(select(Notification).where(Notification.dedupe_key.startswith(f"mdf-redemption-due:{row.id}:"))).all()
    assert len(notes) == 1
