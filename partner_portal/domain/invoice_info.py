"""Invoice Management › Manage Invoice Information (seed §15).

Since 2020-08-01 each account may hold only one valid invoice information; accounts
created before keep the several they have but cannot add more. It "may not be changed
at will": bank, bank account, address and phone are edited directly; a new title or
taxpayer ID goes to platform review (queue ``invoice-title``) and the old ones stay in
force until approved. Every change writes an audit row.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import update as sa_update
from sqlmodel import Session, col, func, select

from partner_portal.models import InvoiceInfo, User

from . import audit, clock, notify, reviews
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .paging import Page, PageRequest, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt

ONE_INFO_SINCE = dt.date(2020, 8, 1)
PENDING = "pending_review"
ONE_INFO_MESSAGE = "Each account may have only one valid invoice information. Edit the one you have instead."
LEGACY_MESSAGE = "Accounts created before 2020-08-01 may keep the invoice information they already have, but cannot add more."
REJECTED = "rejected"
_TAXPAYER = re.compile(r"^[0-9A-Z]{15,20}$")
_ACCOUNT = re.compile(r"^[0-9]{8,30}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


@dataclass(frozen=True)
class InfoView:
    id: int
    title: str
    taxpayer_id: str
    bank: str
    bank_account: str  # masked: the full number never reaches the page
    address: str
    phone: str
    change_status: str
    pending_title: str
    pending_taxpayer_id: str
    review_comment: str
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class InfoSummary:
    infos: list[InfoView]
    can_add: bool
    legacy: bool  # account created before 2020-08-01
    reason: str  # why Add is refused ("" when allowed)


def mask_account(number: str) -> str:
    n = (number or "").replace(" ", "")
    return ("**** " + n[-4:]) if len(n) > 4 else "*" * len(n)


def _view(r: InvoiceInfo) -> InfoView:
    return InfoView(id=r.id, title=r.title, taxpayer_id=r.taxpayer_id, bank=r.bank, bank_account=mask_account(r.bank_account),
                    address=r.address, phone=r.phone, change_status=r.change_status, pending_title=r.pending_title,
                    pending_taxpayer_id=r.pending_taxpayer_id, review_comment=r.review_comment,
                    created_at=fmt_dt(r.created_at))


def _valid(session: Session, user_id: int) -> list[InvoiceInfo]:
    return list(session.exec(select(InvoiceInfo).where(InvoiceInfo.user_id == user_id, InvoiceInfo.valid == True)  # noqa: E712
                             .order_by(col(InvoiceInfo.id))))


def _is_legacy(user: User) -> bool:
    created = user.created_at.date() if isinstance(user.created_at, dt.datetime) else user.created_at
    return created < ONE_INFO_SINCE


def _refusal(session: Session, user: User) -> str:
    if not _valid(session, user.id):
        return ""
    if _is_legacy(user):
        return LEGACY_MESSAGE
    return ONE_INFO_MESSAGE


def summary(session: Session, *, actor: Actor) -> InfoSummary:
    require(actor, Permission.INVOICE_INFO)
    user = session.get(User, actor.user_id)
    reason = _refusal(session, user)
    return InfoSummary(infos=[_view(r) for r in _valid(session, user.id)], can_add=not reason,
                       legacy=_is_legacy(user), reason=reason)


def _text(raw, field: str, max_len: int, required: bool = False) -> str:
    text = " ".join(str(raw or "").split())
    if required and not text:
        raise InvalidInput(field, "This field is required.")
    if len(text) > max_len:
        raise InvalidInput(field, f"Use at most {max_len} characters.")
    return text


def _check_title(raw) -> str:
    title = _text(raw, "title", 100, required=True)
    if len(title) < 2:
        raise InvalidInput("title", "Enter the full invoice title (company name).")
    return title


def _check_taxpayer(raw) -> str:
    tid = str(raw or "").strip().upper().replace(" ", "")
    if not _TAXPAYER.match(tid):
        raise InvalidInput("taxpayer_id", "A taxpayer ID has 15 to 20 letters and digits, e.g. 91310000MA1K4XYZ0A.")
    return tid


def _check_account(raw, required: bool) -> str:
    acct = str(raw or "").replace(" ", "").strip()
    if not acct and not required:
        return ""
    if not _ACCOUNT.match(acct):
        raise InvalidInput("bank_account", "A bank account number has 8 to 30 digits.")
    return acct


def _check_phone(raw) -> str:
    phone = str(raw or "").strip()
    if phone and not _PHONE.match(phone):
        raise InvalidInput("phone", "Enter a phone number with digits, spaces or dashes, e.g. 021-5555-0188.")
    return phone


def add(session: Session, *, actor: Actor, title, taxpayer_id, bank="", bank_account="", address="", phone="") -> InfoView:
    require(actor, Permission.INVOICE_INFO)
    user = session.get(User, actor.user_id)
    reason = _refusal(session, user)
    if reason:
        raise PermissionDenied(reason)
    row = InvoiceInfo(user_id=user.id, title=_check_title(title), taxpayer_id=_check_taxpayer(taxpayer_id),
                      bank=_text(bank, "bank", 100), bank_account=_check_account(bank_account, required=bool(bank)),
                      address=_text(address, "address", 200), phone=_check_phone(phone), created_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "invoice_info_added", "invoice_info", row.id, partner_id=actor.partner_id,
                 customer_id=actor.customer_id, after={"title": row.title, "taxpayer_id": row.taxpayer_id,
                                                       "bank": row.bank, "bank_account": mask_account(row.bank_account),
                                                       "address": row.address, "phone": row.phone})
    session.commit()
    return _view(row)


def _own(session: Session, actor: Actor, info_id: int) -> InvoiceInfo:
    row = session.get(InvoiceInfo, info_id) if info_id else None
    if row is None or row.user_id != actor.user_id or not row.valid:
        raise NotFound("invoice information")
    return row


def update(session: Session, *, actor: Actor, info_id: int, title, taxpayer_id, bank="", bank_account="", address="",
           phone="") -> tuple[InfoView, bool]:
    """Edit bank, account, address and phone at once; a new title or taxpayer ID goes to review.

    Returns the view and whether a change was sent to review. ``bank_account`` left empty keeps the number.
    """
    require(actor, Permission.INVOICE_INFO)
    row = _own(session, actor, info_id)
    new_title, new_tid = _check_title(title), _check_taxpayer(taxpayer_id)
    bank = _text(bank, "bank", 100)
    acct = _check_account(bank_account, required=False) or row.bank_account
    address, phone = _text(address, "address", 200), _check_phone(phone)
    direct_before = {"bank": row.bank, "bank_account": mask_account(row.bank_account), "address": row.address,
                     "phone": row.phone}
    row.bank, row.bank_account, row.address, row.phone = bank, acct, address, phone
    direct_after = {"bank": row.bank, "bank_account": mask_account(row.bank_account), "address": row.address,
                    "phone": row.phone}
    if direct_before != direct_after:
        audit.record(session, actor, "invoice_info_updated", "invoice_info", row.id, partner_id=actor.partner_id,
                     customer_id=actor.customer_id, before=direct_before, after=direct_after)
    to_review = (new_title, new_tid) != (row.title, row.taxpayer_id)
    if to_review:
        if row.change_status == PENDING and (new_title, new_tid) != (row.pending_title, row.pending_taxpayer_id):
            raise InvalidInput("title", "A change of title or taxpayer ID is already under review; wait for the result.")
        if row.change_status != PENDING:
            row.pending_title, row.pending_taxpayer_id = new_title, new_tid
            row.change_status, row.review_comment = PENDING, ""
            audit.record(session, actor, "invoice_title_change_requested", "invoice_info", row.id,
                         partner_id=actor.partner_id, customer_id=actor.customer_id,
                         before={"title": row.title, "taxpayer_id": row.taxpayer_id},
                         after={"title": new_title, "taxpayer_id": new_tid})
            notify.notify_managers(session, title="Invoice title change to review", link="/console/reviews/invoice-title")
    session.commit()
    return _view(row), to_review


# ------------------------------------------------------------------ platform review of title / taxpayer ID changes
def _review(session: Session, actor: Actor, item_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(InvoiceInfo, item_id) if item_id else None
    if row is None:
        raise InvalidInput("item", "That invoice information does not exist.")
    if row.change_status != PENDING:
        raise Conflict("This change has already been reviewed.")
    before = {"title": row.title, "taxpayer_id": row.taxpayer_id}
    # InvoiceInfo has no status/version columns: the guard is on change_status
    changes = {"change_status": "" if approve else REJECTED, "review_comment": comment}
    if approve:
        changes.update(title=row.pending_title, taxpayer_id=row.pending_taxpayer_id, pending_title="",
                       pending_taxpayer_id="")
    res = session.execute(sa_update(InvoiceInfo).where(InvoiceInfo.id == row.id, InvoiceInfo.change_status == PENDING)
                          .values(**changes))
    if res.rowcount != 1:
        session.rollback()
        raise Conflict("This change has already been reviewed.")
    for k, v in changes.items():
        setattr(row, k, v)
    user = session.get(User, row.user_id)
    audit.record(session, actor, "invoice_title_change_" + ("approved" if approve else "rejected"), "invoice_info",
                 row.id, partner_id=user.partner_id if user else None, customer_id=user.customer_id if user else None,
                 before=before, after={"title": row.title, "taxpayer_id": row.taxpayer_id, "comment": comment})
    notify.notify(session, user_id=row.user_id, link="/account/invoice-info", body=comment,
                  title="Invoice title change " + ("approved" if approve else "rejected"))
    session.commit()


def approve_change(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review(session, actor, item_id, True, comment)


def reject_change(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the applicant will see it.")
    _review(session, actor, item_id, False, comment.strip())


def _queue_rows(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(InvoiceInfo).where(InvoiceInfo.change_status == PENDING), InvoiceInfo, req)
    users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_([r.user_id for r in page.rows])))}
    return Page(rows=[{"id": str(r.id), "subject": f"{r.title} → {r.pending_title}",
                       "partner": users[r.user_id].name if r.user_id in users else "",
                       "submitted_at": fmt_dt(r.created_at),
                       "details": f"Taxpayer ID {r.taxpayer_id} → {r.pending_taxpayer_id}"} for r in page.rows],
                has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


def _queue_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(InvoiceInfo).where(InvoiceInfo.change_status == PENDING)).one()


reviews.register(reviews.ReviewQueue(kind="invoice-title", title="queue.invoice-title", list=_queue_rows,
                                     approve=approve_change, reject=reject_change, count=_queue_count, order=81))
