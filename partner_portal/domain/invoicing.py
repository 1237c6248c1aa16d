"""Invoicing lists: one page for MDF, FH and other incentives (seed §6, §9, §11, §14).

An approved redemption / payment / incentive creates a list in the partner's
settlement currency (its *certified* business information). The partner picks
the invoice type, fills the invoice number and submits; the ecosystem manager
approves (→ paid) or rejects with comments, and a rejected invoice is
corrected and resubmitted. Every submission and its review is kept in
``InvoiceSubmission``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from partner_portal.models import (
    BusinessInfo, InvoiceSubmission, InvoiceType, InvoicingLine, InvoicingList, InvoicingStatus, Partner, Role, User,
)

from . import audit, clock, jobs, money, notify, reviews
from .errors import Conflict, InvalidInput, PermissionDenied
from .paging import Page, PageRequest, keyset
from .permissions import Actor, Permission, access_partner_row, can, require
from .views import fmt_date, fmt_dt

# The platform's invoice desk (shown on every list and in the notification e-mail).
PLATFORM_MAILING_ADDRESS = ("Partner Invoice Desk, Finance Shared Service Center, Cloud Platform Co., Ltd., "
                            "Building 3, 2001 Software Avenue, Yuhuatai District, Nanjing 210012, China")
PLATFORM_MAILBOX = "partner-invoices@platform.example"
INVOICE_DUE_DAYS = 15
REMINDER_DAYS_BEFORE = 3
SOURCE_KINDS = ("mdf", "fh", "incentive")
INVOICE_TYPES = (InvoiceType.PAPER.value, InvoiceType.E_SPECIAL_VAT.value)
INSTRUCTIONS = {
    InvoiceType.PAPER.value: "Print this invoicing list and mail it together with the paper invoice to the mailing address.",
    InvoiceType.E_SPECIAL_VAT.value: "E-mail the electronic special VAT invoice together with this invoicing list (print it to PDF) "
                                     "to the public mailbox.",
}
_INVOICE_NO = re.compile(r"^[A-Za-z0-9-]{8,24}$")


# ------------------------------------------------------------------ the one guarded transition
def transition(session: Session, row, from_statuses, **changes) -> None:
    """``UPDATE … WHERE id=? AND status IN (…) [AND version=?]``: exactly one writer wins, the other gets Conflict."""
    model = type(row)
    q = update(model).where(model.id == row.id, col(model.status).in_(list(from_statuses)))
    if hasattr(model, "version"):
        q = q.where(model.version == row.version)
        changes["version"] = row.version + 1
    if session.execute(q.values(**changes)).rowcount != 1:
        session.rollback()
        raise Conflict("Someone else changed this record just now. Reload and try again.")
    for k, v in changes.items():
        setattr(row, k, v)


# ------------------------------------------------------------------ payee and creation
def certified_info(session: Session, partner_id: int) -> BusinessInfo | None:
    return session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == partner_id,
                                                   BusinessInfo.is_certified == True)).first()  # noqa: E712


def settlement_currency(session: Session, partner_id: int) -> str:
    info = certified_info(session, partner_id)
    if info is None:
        raise Conflict("The partner has no certified business information, so its settlement currency is unknown.")
    return info.settlement_currency


def _partner_emails(session: Session, partner_id: int) -> list[str]:
    return list(session.exec(select(User.email).where(
        User.partner_id == partner_id, col(User.role).in_([Role.PARTNER_ADMIN, Role.DISTRIBUTOR_ADMIN]),
        User.active == True)))  # noqa: E712


def notification_body(row: InvoicingList) -> str:
    return (f"The invoicing list #{row.id} ({row.title}) is ready: {money.format_money(row.total, row.currency)}.\n"
            f"Please invoice by {row.due_date.isoformat()}.\n"
            f"Paper invoice: mail it with the printed invoicing list to {PLATFORM_MAILING_ADDRESS}.\n"
            f"Electronic special VAT invoice: e-mail it with the invoicing list to {PLATFORM_MAILBOX}.\n"
            f"Open the list: /invoicing/{row.id}")


def create_list(session: Session, *, actor: Actor, partner_id: int, source_kind: str, source_id: int, title: str,
                lines: list[tuple[str, Decimal]], currency: str) -> InvoicingList:
    """Issue the invoicing list of an approved application, in the caller's transaction (no commit)."""
    if source_kind not in SOURCE_KINDS:
        raise InvalidInput("source_kind", "Unknown kind of application.")
    settle = settlement_currency(session, partner_id)
    if currency != settle:
        raise Conflict(f"The application is in {currency} but the partner now settles in {settle}; "
                       "ask the partner to apply again in its settlement currency.")
    if not lines:
        raise InvalidInput("lines", "An invoicing list needs at least one line.")
    amounts = [money.quantize(Decimal(a), settle) for _, a in lines]
    if any(a <= 0 for a in amounts):
        raise InvalidInput("lines", "Every line must be greater than zero.")
    existing = session.exec(select(InvoicingList).where(InvoicingList.source_kind == source_kind,
                                                        InvoicingList.source_id == source_id)).first()
    if existing:
        raise Conflict("This application already has an invoicing list.")
    now = clock.now()
    row = InvoicingList(partner_id=partner_id, source_kind=source_kind, source_id=source_id, title=title[:200],
                        currency=settle, total=money.total(amounts, settle), created_at=now,
                        due_date=now.date() + dt.timedelta(days=INVOICE_DUE_DAYS))
    session.add(row)
    session.flush()
    for (desc, _), amount in zip(lines, amounts):
        session.add(InvoicingLine(list_id=row.id, description=desc[:300], amount=amount))
    audit.record(session, actor, "invoicing_list_created", "invoicing_list", row.id, partner_id=partner_id,
                 after={"source": f"{source_kind}:{source_id}", "total": str(row.total), "currency": settle})
    notify.notify_partner(session, partner_id=partner_id, title=f"Invoicing list #{row.id} is ready",
                          body=f"{row.title}: {money.format_money(row.total, settle)}. Invoice by {row.due_date}.",
                          link=f"/invoicing/{row.id}", dedupe_key=f"invoicing-ready:{row.id}")
    for email in _partner_emails(session, partner_id):
        notify.send_email(session, to=email, subject=f"Invoicing notification: list #{row.id}", body=notification_body(row))
    return row


def lists_for(session: Session, source_kind: str, source_ids: list[int]) -> dict[int, InvoicingList]:
    """The invoicing list of each application (for the Operation column of the lists)."""
    if not source_ids:
        return {}
    return {r.source_id: r for r in session.exec(select(InvoicingList).where(
        InvoicingList.source_kind == source_kind, col(InvoicingList.source_id).in_(source_ids)))}


# ------------------------------------------------------------------ the page
@dataclass(frozen=True)
class InvoicingView:
    id: int
    title: str
    source_kind: str
    source_ref: str
    payee: str
    payee_registration_no: str
    payee_address: str
    currency: str
    lines: list[dict[str, str]]
    total: str
    status: str
    invoice_type: str
    invoice_number: str
    review_comment: str
    created_at: str
    due_date: str
    overdue: bool
    mailing_address: str
    mailbox: str
    can_submit: bool
    history: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _require_viewer(actor: Actor) -> None:
    if actor is None:
        require(actor, Permission.BENEFITS)
    if actor.is_manager:
        require(actor, Permission.REVIEW)
    elif not (can(actor, Permission.BENEFITS) or can(actor, Permission.INCENTIVES)):
        raise PermissionDenied()


def get_list(session: Session, *, actor: Actor, list_id: int) -> InvoicingView:
    _require_viewer(actor)
    row = access_partner_row(session, actor, InvoicingList, list_id, "invoicing list")
    info = certified_info(session, row.partner_id)
    partner = session.get(Partner, row.partner_id)
    lines = session.exec(select(InvoicingLine).where(InvoicingLine.list_id == row.id).order_by(col(InvoicingLine.id))).all()
    subs = session.exec(select(InvoiceSubmission).where(InvoiceSubmission.list_id == row.id)
                        .order_by(col(InvoiceSubmission.id).desc())).all()
    return InvoicingView(
        id=row.id, title=row.title, source_kind=row.source_kind, source_ref=f"{row.source_kind.upper()}-{row.source_id}",
        payee=info.company_name if info else partner.name,
        payee_registration_no=info.registration_no if info else "", payee_address=info.address if info else "",
        currency=row.currency,
        lines=[{"no": str(i), "description": ln.description, "amount": money.format_money(ln.amount, row.currency)}
               for i, ln in enumerate(lines, start=1)],
        total=money.format_money(row.total, row.currency), status=row.status, invoice_type=row.invoice_type,
        invoice_number=row.invoice_number, review_comment=row.review_comment, created_at=fmt_dt(row.created_at),
        due_date=fmt_date(row.due_date),
        overdue=row.status in (InvoicingStatus.READY, InvoicingStatus.REJECTED) and row.due_date < clock.today(),
        mailing_address=PLATFORM_MAILING_ADDRESS, mailbox=PLATFORM_MAILBOX,
        can_submit=actor.is_partner and row.status in (InvoicingStatus.READY, InvoicingStatus.REJECTED),
        history=[{"id": str(s.id), "invoice_number": s.invoice_number, "invoice_type": s.invoice_type,
                  "submitted_at": fmt_dt(s.submitted_at), "result": s.result, "review_comment": s.review_comment,
                  "reviewed_at": fmt_dt(s.reviewed_at)} for s in subs],
    )


def check_invoice_number(raw: str) -> str:
    number = (raw or "").strip().upper()
    if not number:
        raise InvalidInput("invoice_number", "Enter the invoice number printed on the invoice.")
    if not _INVOICE_NO.match(number):
        raise InvalidInput("invoice_number", "An invoice number has 8 to 24 letters, digits or dashes.")
    return number


def submit_invoice(session: Session, *, actor: Actor, list_id: int, invoice_type: str, invoice_number: str) -> InvoicingView:
    """The partner sends its invoice (first time, or corrected after a rejection)."""
    if not (can(actor, Permission.BENEFITS) or can(actor, Permission.INCENTIVES)) or not actor.is_partner:
        require(actor, Permission.BENEFITS)
        raise PermissionDenied()
    row = access_partner_row(session, actor, InvoicingList, list_id, "invoicing list")
    if invoice_type not in INVOICE_TYPES:
        raise InvalidInput("invoice_type", "Choose paper invoice or electronic special VAT invoice.")
    number = check_invoice_number(invoice_number)
    if row.status not in (InvoicingStatus.READY, InvoicingStatus.REJECTED):
        raise InvalidInput("invoice_number", "This invoice has already been submitted.")
    before = audit.snapshot(row, "status", "invoice_type", "invoice_number")
    now = clock.now()
    transition(session, row, [InvoicingStatus.READY, InvoicingStatus.REJECTED], status=InvoicingStatus.SUBMITTED,
               invoice_type=invoice_type, invoice_number=number, submitted_at=now)
    session.add(InvoiceSubmission(list_id=row.id, invoice_number=number, invoice_type=invoice_type,
                                  submitted_by=actor.user_id, submitted_at=now))
    audit.record(session, actor, "invoice_submitted", "invoicing_list", row.id, partner_id=row.partner_id,
                 before=before, after=audit.snapshot(row, "status", "invoice_type", "invoice_number"))
    notify.notify_managers(session, title=f"Invoice for list #{row.id} to review", link="/console/reviews/invoices")
    session.commit()
    return get_list(session, actor=actor, list_id=list_id)


def _latest_submission(session: Session, list_id: int) -> InvoiceSubmission | None:
    return session.exec(select(InvoiceSubmission).where(InvoiceSubmission.list_id == list_id,
                                                        InvoiceSubmission.result == "submitted")
                        .order_by(col(InvoiceSubmission.id).desc())).first()


def _review(session: Session, actor: Actor, list_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(InvoicingList, list_id) if list_id else None
    if row is None:
        raise InvalidInput("item", "That invoice does not exist.")
    if row.status != InvoicingStatus.SUBMITTED:
        raise Conflict("This invoice has already been reviewed.")
    now = clock.now()
    changes = {"status": InvoicingStatus.PAID if approve else InvoicingStatus.REJECTED, "review_comment": comment,
               "reviewed_at": now}
    if not approve:
        # the corrected invoice is due 15 days after the rejection; the reminder fires again
        changes.update(due_date=now.date() + dt.timedelta(days=INVOICE_DUE_DAYS), reminder_sent=False)
    transition(session, row, [InvoicingStatus.SUBMITTED], **changes)
    sub = _latest_submission(session, row.id)
    if sub:
        sub.result, sub.review_comment, sub.reviewed_at = ("paid" if approve else "rejected"), comment, now
    audit.record(session, actor, "invoice_approved" if approve else "invoice_rejected", "invoicing_list", row.id,
                 partner_id=row.partner_id, before={"status": "submitted"}, after={"status": row.status, "comment": comment})
    title = f"Invoice for list #{row.id} " + ("approved: payment is on its way" if approve else "rejected")
    notify.notify_partner(session, partner_id=row.partner_id, title=title, body=comment, link=f"/invoicing/{row.id}")
    session.commit()


def approve_invoice(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review(session, actor, item_id, True, comment)


def reject_invoice(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review(session, actor, item_id, False, comment.strip())


def _queue_rows(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(InvoicingList).where(InvoicingList.status == InvoicingStatus.SUBMITTED),
                  InvoicingList, req)
    names = {p.id: p.name for p in session.exec(select(Partner).where(
        col(Partner.id).in_([r.partner_id for r in page.rows])))}
    return Page(rows=[{
        "id": str(r.id), "subject": f"{r.title} — invoice {r.invoice_number}", "partner": names.get(r.partner_id, ""),
        "submitted_at": fmt_dt(r.submitted_at),
        "details": f"{money.format_money(r.total, r.currency)} · "
                   f"{'paper' if r.invoice_type == InvoiceType.PAPER else 'electronic special VAT'} invoice · "
                   f"list /invoicing/{r.id}",
    } for r in page.rows], has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
        last_key=page.last_key)


def _queue_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(InvoicingList).where(
        InvoicingList.status == InvoicingStatus.SUBMITTED)).one()


reviews.register(reviews.ReviewQueue(kind="invoices", title="queue.invoices", list=_queue_rows, approve=approve_invoice,
                                     reject=reject_invoice, count=_queue_count, order=80))


# ------------------------------------------------------------------ reminders
@jobs.job("invoice_due_reminders")
def remind_due(session: Session) -> int:
    """Lists still waiting for an invoice 3 days before they are due: bell + e-mail, once per due date."""
    today = clock.today()
    rows = session.exec(select(InvoicingList).where(
        col(InvoicingList.status).in_([InvoicingStatus.READY, InvoicingStatus.REJECTED]),
        InvoicingList.reminder_sent == False,  # noqa: E712
        InvoicingList.due_date <= today + dt.timedelta(days=REMINDER_DAYS_BEFORE))).all()
    for row in rows:
        row.reminder_sent = True
        when = "is overdue" if row.due_date < today else f"is due on {row.due_date.isoformat()}"
        notify.notify_partner(session, partner_id=row.partner_id, title=f"Invoice for list #{row.id} {when}",
                              body=f"{row.title}: {money.format_money(row.total, row.currency)}",
                              link=f"/invoicing/{row.id}", dedupe_key=f"invoice-due:{row.id}:{row.due_date}")
        for email in _partner_emails(session, row.partner_id):
            notify.send_email(session, to=email, subject=f"Reminder: invoice for list #{row.id} {when}",
                              body=notification_body(row))
    session.commit()
    return len(rows)
