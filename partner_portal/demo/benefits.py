"""MDF quotas and activities, FH and other incentives in every status for each partner account,
invoicing lists ready / submitted / rejected / paid, invoice informations and the holiday list.

Invoicing lists are issued by the domain (``invoicing.create_list``, with the clock moved
to the approval day), so their lines, totals, due dates and notification e-mails are
exactly what a real approval produces.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, select

from partner_portal.domain import clock, files, invoicing
from partner_portal.domain.permissions import actor_for
from partner_portal.models import (
    FhApplication, FhStatus, Holiday, IncentiveApplication, InvoiceInfo, InvoiceSubmission, InvoicingList,
    InvoicingStatus, MdfApplication, MdfQuota, MdfStatus, Partner, User,
)

from .core import World

PROOF_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
SCALE = {"CNY": Decimal(1), "USD": Decimal("0.15"), "EUR": Decimal("0.13")}

# name, type, budget (CNY), start offset, end offset (days from now), status, approved / rejected offset, list status
MDF_ROWS = [
    ("Partner Summit 2026", "seminar", "60000", 30, 31, MdfStatus.SUBMITTED, None, None),
    ("Industry Cloud Roadshow", "exhibition", "85000", 40, 42, MdfStatus.APPROVED, None, None),
    ("Retail Digital Day", "customer_workshop", "30000", -12, -10, MdfStatus.APPROVED, None, None),
    ("Webinar Series: Data Lake", "seminar", "12000", 35, 35, MdfStatus.REJECTED, None, None),
    ("Trade Fair Booth", "exhibition", "40000", 50, 52, MdfStatus.CANCELLED, None, None),
    ("Customer Workshop Hangzhou", "customer_workshop", "25000", -22, -20, MdfStatus.REDEMPTION_SUBMITTED, None, None),
    ("Migration Bootcamp", "training", "18000", -42, -40, MdfStatus.REDEMPTION_REJECTED, -5, None),
    ("Smart Manufacturing Forum", "seminar", "50000", -62, -60, MdfStatus.REDEMPTION_APPROVED, -4, InvoicingStatus.READY),
    ("Developer Meetup", "online_campaign", "15000", -70, -69, MdfStatus.REDEMPTION_APPROVED, -20, InvoicingStatus.SUBMITTED),
    ("AI Expo Booth", "exhibition", "70000", -120, -118, MdfStatus.REDEMPTION_APPROVED, -60, InvoicingStatus.PAID),
    ("Finance Cloud Seminar", "seminar", "22000", -80, -79, MdfStatus.REDEMPTION_APPROVED, -12, InvoicingStatus.REJECTED),
]
# (MdfStatus.REJECTED and InvoicingStatus.REJECTED are the same string, so two dicts)
MDF_COMMENTS = {
    MdfStatus.REJECTED: "The activity type does not match the content; apply again as an online campaign.",
    MdfStatus.REDEMPTION_REJECTED: "The attendee list and on-site photos are missing; add them and resubmit.",
}
INVOICE_REJECTED = "The taxpayer ID on the invoice does not match the platform's; issue a corrected invoice."
# FH: quarters back from the current one, status, list status
FH_ROWS = [
    (0, FhStatus.ACCEPTANCE_SUBMITTED, None), (1, FhStatus.ACCEPTANCE_APPROVED, None),
    (1, FhStatus.ACCEPTANCE_REJECTED, None), (2, FhStatus.PAYMENT_SUBMITTED, None),
    (3, FhStatus.PAYMENT_APPROVED, InvoicingStatus.READY), (4, FhStatus.PAYMENT_APPROVED, InvoicingStatus.PAID),
    (5, FhStatus.PAYMENT_REJECTED, None),
]
INCENTIVE_ROWS = [("sales_rebate", "H1", "submitted", None), ("growth_bonus", "H1", "approved", InvoicingStatus.READY),
                  ("migration_subsidy", "H2", "approved", InvoicingStatus.SUBMITTED),
                  ("training_subsidy", "H2", "rejected", None)]


def _quarter(today: dt.date, back: int) -> str:
    y, q = today.year, (today.month - 1) // 3 + 1
    for _ in range(back):
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return f"{y}Q{q}"


def _holidays(session: Session, year: int) -> None:
    days = [(dt.date(year, 1, 1), "New Year's Day"), *[(dt.date(year, 5, d), "Labour Day") for d in (1, 2, 3)],
            *[(dt.date(year, 10, d), "National Day") for d in range(1, 8)], (dt.date(year, 12, 25), "Platform year-end")]
    have = set(session.exec(select(Holiday.day)))
    for day, name in days:
        if day not in have:
            session.add(Holiday(day=day, name=name))


def _invoice(session: Session, row: InvoicingList, status: str, admin: User, at: dt.datetime, n: int) -> None:
    """Move a fresh list to ``status`` the way the partner and the manager would have."""
    if status == InvoicingStatus.READY:
        return
    number = f"0440{row.id:04d}{n:02d}"
    first = InvoiceSubmission(list_id=row.id, invoice_number=number, invoice_type="paper", submitted_by=admin.id,
                              submitted_at=at + dt.timedelta(days=2))
    session.add(first)
    row.invoice_number, row.invoice_type, row.submitted_at = number, "paper", first.submitted_at
    if status == InvoicingStatus.SUBMITTED:
        row.status = InvoicingStatus.SUBMITTED
        return
    reviewed = at + dt.timedelta(days=4)
    first.reviewed_at, row.reviewed_at = reviewed, reviewed
    if status == InvoicingStatus.PAID:
        first.result, row.status = "paid", InvoicingStatus.PAID
    else:
        first.result, first.review_comment = "rejected", INVOICE_REJECTED
        row.status, row.review_comment = InvoicingStatus.REJECTED, INVOICE_REJECTED
        row.due_date = reviewed.date() + dt.timedelta(days=invoicing.INVOICE_DUE_DAYS)


def _partner_rows(session: Session, w: World, partner: Partner, admin: User, people: list[User]) -> None:
    now = w.now.replace(microsecond=0)
    mgr = actor_for(session, w.manager)
    partner_actor = actor_for(session, admin)
    currency = invoicing.settlement_currency(session, partner.id)
    scale = SCALE.get(currency, Decimal(1))
    amt = lambda cny: (Decimal(cny) * scale).quantize(Decimal("1"))  # noqa: E731
    for year in (now.year, now.year + 1):
        session.add(MdfQuota(partner_id=partner.id, year=year, amount=amt("600000"), currency=currency))
    saved = clock._fixed
    try:
        for i, (name, kind, budget, s, e, status, decided, list_status) in enumerate(MDF_ROWS):
            start, end = (now + dt.timedelta(days=s)).date(), (now + dt.timedelta(days=e)).date()
            created = now + dt.timedelta(days=min(s, 0) - 25)
            row = MdfApplication(partner_id=partner.id, name=name, activity_type=kind, budget=amt(budget),
                                 currency=currency, start_date=start, end_date=end, status=status,
                                 review_comment=MDF_COMMENTS.get(status, ""), created_by=admin.id, created_at=created)
            if status in (MdfStatus.REDEMPTION_SUBMITTED, MdfStatus.REDEMPTION_REJECTED, MdfStatus.REDEMPTION_APPROVED):
                row.actual_amount = (amt(budget) * Decimal("0.92")).quantize(Decimal("0.01"))
                row.redemption_note = "Held as planned; attendee list, agenda and on-site photos attached."
                row.redemption_submitted_at = now + dt.timedelta(days=e + 3)
            session.add(row)
            session.flush()
            if row.redemption_submitted_at:
                clock.set_now(row.redemption_submitted_at)
                files.store_upload(session, actor=partner_actor, ref_kind="mdf_proof", ref_id=row.id,
                                   filename=f"{name.lower().replace(' ', '-')}-proof.pdf", content_type="application/pdf",
                                   data=PROOF_PDF)
            if status == MdfStatus.REDEMPTION_REJECTED:
                row.redemption_rejected_at = now + dt.timedelta(days=decided)
            if status == MdfStatus.REDEMPTION_APPROVED:
                at = now + dt.timedelta(days=decided)
                row.redemption_approved_at = at
                clock.set_now(at)
                inv = invoicing.create_list(session, actor=mgr, partner_id=partner.id, source_kind="mdf",
                                            source_id=row.id, title=f"MDF: {name}", currency=currency,
                                            lines=[(f"MDF activity “{name}” ({start} – {end}), redemption approved",
                                                    row.actual_amount)])
                _invoice(session, inv, list_status, admin, at, i)
        today = now.date()
        for i, (back, status, list_status) in enumerate(FH_ROWS):
            person = people[i % len(people)]
            created = now - dt.timedelta(days=back * 91 + 5)
            row = FhApplication(partner_id=partner.id, quarter=_quarter(today, back), person_id=person.id,
                                person_name=person.name, amount=amt("21000"), currency=currency, status=status,
                                created_at=created,
                                review_comment="Timesheets for the quarter are missing." if status in (
                                    FhStatus.ACCEPTANCE_REJECTED, FhStatus.PAYMENT_REJECTED) else "")
            session.add(row)
            session.flush()
            if list_status:
                at = created + dt.timedelta(days=20)
                clock.set_now(at)
                inv = invoicing.create_list(session, actor=mgr, partner_id=partner.id, source_kind="fh", source_id=row.id,
                                            title=f"FH {row.quarter}: {person.name}", currency=currency,
                                            lines=[(f"Full-time personnel incentive {row.quarter} — {person.name}",
                                                    row.amount)])
                _invoice(session, inv, list_status, admin, at, 20 + i)
        for i, (program, half, status, list_status) in enumerate(INCENTIVE_ROWS):
            created = now - dt.timedelta(days=40 - i * 7)
            row = IncentiveApplication(partner_id=partner.id, program=program, period=f"{now.year}{half}",
                                       amount=amt(str(8000 + 3000 * i)), currency=currency, status=status,
                                       created_at=created,
                                       review_comment="The growth target of the period was not met." if status == "rejected" else "")
            session.add(row)
            session.flush()
            if list_status:
                at = created + dt.timedelta(days=6)
                clock.set_now(at)
                label = program.replace("_", " ")
                inv = invoicing.create_list(session, actor=mgr, partner_id=partner.id, source_kind="incentive",
                                            source_id=row.id, title=f"Incentive: {label} {row.period}",
                                            currency=currency, lines=[(f"Incentive “{label}” for {row.period}", row.amount)])
                _invoice(session, inv, list_status, admin, at, 40 + i)
    finally:
        clock.set_now(saved)


def _info(session: Session, user: User, title: str, taxpayer: str, **kw) -> InvoiceInfo:
    row = InvoiceInfo(user_id=user.id, title=title, taxpayer_id=taxpayer, created_at=kw.pop("created_at", user.created_at),
                      **kw)
    session.add(row)
    return row


def seed(session: Session, w: World) -> None:
    for year in (w.now.year, w.now.year + 1):
        _holidays(session, year)
    session.flush()
    # the companies without their own full-time staff row: their admin works full-time for the partnership
    for admin in (w.reseller_admin, w.exited_admin, w.distributor_admin, w.gov_admin):
        admin.full_time = True
    session.flush()
    _partner_rows(session, w, w.sp, w.sp_admin, [w.sp_staff, w.member])
    for partner, admin in ((w.reseller, w.reseller_admin), (w.exited_reseller, w.exited_admin),
                           (w.distributor, w.distributor_admin), (w.gov, w.gov_admin)):
        _partner_rows(session, w, partner, admin, [admin])
    bank = dict(bank="Bank of Shanghai, Pudong Branch", address="88 Century Avenue, Pudong, Shanghai", phone="021-5555-0188")
    _info(session, w.sp_admin, "Zhiyun Technology Co., Ltd.", "91310000MA1K4XYZ0A", bank_account="6222021001001234567", **bank)
    _info(session, w.reseller_admin, "Huaxin Cloud Services Ltd.", "91440300MA5F1HX001", bank="HSBC Hong Kong",
          bank_account="004123456789001", address="1 Harbour Road, Wan Chai, Hong Kong", phone="+852 5555 0123",
          pending_title="Huaxin Cloud Services (HK) Ltd.", pending_taxpayer_id="91440300MA5F1HX001",
          change_status="pending_review")
    _info(session, w.distributor_admin, "Northstar Distribution Co., Ltd.", "91110108MA01NSD042", bank="ICBC Beijing",
          bank_account="0200001234567890123", address="9 Zhongguancun Street, Beijing", phone="010-5555-0142")
    _info(session, w.gov_admin, "Civic Digital Services", "DE811234567000000", bank="Deutsche Bank Berlin",
          bank_account="370400440532013000", address="Unter den Linden 5, Berlin", phone="+49 30 5555 0199")
    _info(session, w.customer_user, "Sunrise Retail Group Co., Ltd.", "91310115MA1H7SUN01", bank="Bank of China Shanghai",
          bank_account="4563510100892345678", address="300 Nanjing Road, Shanghai", phone="021-6666-0101")
    _info(session, w.member, "Wang Fang", "91310000WANGFANG0X", bank="China Merchants Bank",
          bank_account="6214830100112233", address="Xuhui District, Shanghai", phone="138-0000-5678")
    legacy = dict(created_at=dt.datetime(2019, 6, 3, 10, 0, tzinfo=dt.UTC))
    _info(session, w.legacy_user, "Oldtown Manufacturing Co., Ltd.", "91110000600037341L", bank="Bank of Beijing",
          bank_account="01090334500120105467", address="12 Factory Road, Daxing, Beijing", phone="010-6666-0321", **legacy)
    _info(session, w.legacy_user, "Oldtown Trading (Beijing) Co., Ltd.", "91110000600037342M", bank="Agricultural Bank",
          bank_account="11220101040012345", address="5 Market Street, Dongcheng, Beijing", phone="010-6666-0322", **legacy)
    session.commit()
