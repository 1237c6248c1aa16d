"""Full-time Personnel Incentive (seed §6, §14): acceptance per quarter per full-time person, then payment.

``acceptance_submitted`` → ``acceptance_approved`` | ``acceptance_rejected`` (apply again)
``acceptance_approved`` → ``payment_submitted`` → ``payment_approved`` (an invoicing list is created)
| ``payment_rejected`` (apply for payment again).
Full-time people: the partner's own users marked ``full_time`` and the members affiliated with it now.
"""
from __future__ import annotations

import re

from sqlmodel import Session, col, func, select

from partner_portal.models import Affiliation, FhApplication, FhStatus, Partner, User

from . import audit, clock, invoicing, money, notify, reviews
from .errors import Conflict, InvalidInput
from .invoicing import transition
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import PARTNER_ROLES, Actor, Permission, access_partner_row, require
from .views import fmt_dt

QUARTERS_BACK = 3  # the current quarter and the three before it
STATUSES = [s.value for s in FhStatus]
ACCEPTANCE_STATUSES = [FhStatus.ACCEPTANCE_SUBMITTED.value, FhStatus.ACCEPTANCE_APPROVED.value,
                       FhStatus.ACCEPTANCE_REJECTED.value]
PAYMENT_STATUSES = [FhStatus.ACCEPTANCE_APPROVED.value, FhStatus.PAYMENT_SUBMITTED.value,
                    FhStatus.PAYMENT_APPROVED.value, FhStatus.PAYMENT_REJECTED.value]
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(day) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def open_quarters() -> list[str]:
    """Quarters an acceptance may be applied for: the current one and the three before, newest first."""
    today = clock.today()
    y, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(QUARTERS_BACK + 1):
        out.append(f"{y}Q{q}")
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return out


def eligible_people(session: Session, *, actor: Actor) -> list[dict[str, str]]:
    """The partner's full-time staff and its affiliated members (id, name, kind)."""
    require(actor, Permission.BENEFITS)
    staff = session.exec(select(User).where(User.partner_id == actor.partner_id, User.full_time == True,  # noqa: E712
                                            User.active == True, col(User.role).in_(list(PARTNER_ROLES)))  # noqa: E712
                         .order_by(User.name)).all()
    members = session.exec(select(User).join(Affiliation, Affiliation.member_id == User.id).where(
        Affiliation.partner_id == actor.partner_id, Affiliation.left_at == None,  # noqa: E711
        User.active == True).order_by(User.name)).all()  # noqa: E712
    seen, out = set(), []
    for u, kind in [(u, "staff") for u in staff] + [(u, "member") for u in members]:
        if u.id not in seen:
            seen.add(u.id)
            out.append({"id": str(u.id), "name": u.name, "kind": kind})
    return out


def apply_acceptance(session: Session, *, actor: Actor, quarter: str, person_id, amount) -> int:
    require(actor, Permission.BENEFITS)
    quarter = (quarter or "").strip().upper()
    if not _QUARTER.match(quarter):
        raise InvalidInput("quarter", "Choose a quarter, e.g. 2026Q3.")
    if quarter not in open_quarters():
        raise InvalidInput("quarter", "Apply for the current quarter or one of the three before it.")
    try:
        pid = int(person_id)
    except (TypeError, ValueError):
        raise InvalidInput("person_id", "Choose a full-time person.") from None
    people = {int(p["id"]): p for p in eligible_people(session, actor=actor)}
    if pid not in people:
        raise InvalidInput("person_id", "Choose one of your full-time staff or affiliated members.")
    currency = invoicing.certified_info(session, actor.partner_id)
    if currency is None:
        raise InvalidInput("amount", "Your business information is not certified yet, so incentives cannot be paid out.")
    currency = currency.settlement_currency
    value = money.parse_amount(amount, currency, "amount")
    taken = session.exec(select(FhApplication.id).where(
        FhApplication.partner_id == actor.partner_id, FhApplication.quarter == quarter, FhApplication.person_id == pid,
        FhApplication.status != FhStatus.ACCEPTANCE_REJECTED)).first()
    if taken:
        raise InvalidInput("person_id", f"{people[pid]['name']} already has an application for {quarter}.")
    row = FhApplication(partner_id=actor.partner_id, quarter=quarter, person_id=pid, person_name=people[pid]["name"],
                        amount=value, currency=currency, created_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "fh_acceptance_applied", "fh_application", row.id, partner_id=actor.partner_id,
                 after={"quarter": quarter, "person_id": pid, "amount": str(value), "currency": currency})
    notify.notify_managers(session, title=f"FH acceptance #{row.id} to review", link="/console/reviews/fh-acceptance")
    session.commit()
    return row.id


def apply_payment(session: Session, *, actor: Actor, application_id: int) -> None:
    """Apply for payment of an accepted incentive (again, after a rejected payment application)."""
    require(actor, Permission.BENEFITS)
    row = access_partner_row(session, actor, FhApplication, application_id, "FH application")
    if not actor.is_partner:
        raise InvalidInput("status", "Only the partner can apply for payment.")
    if row.status not in (FhStatus.ACCEPTANCE_APPROVED, FhStatus.PAYMENT_REJECTED):
        raise InvalidInput("status", "Payment can be applied for once the acceptance application is approved.")
    before = row.status
    transition(session, row, [FhStatus.ACCEPTANCE_APPROVED, FhStatus.PAYMENT_REJECTED], status=FhStatus.PAYMENT_SUBMITTED)
    audit.record(session, actor, "fh_payment_applied", "fh_application", row.id, partner_id=row.partner_id,
                 before={"status": before}, after={"status": row.status})
    notify.notify_managers(session, title=f"FH payment #{row.id} to review", link="/console/reviews/fh-payment")
    session.commit()


# ------------------------------------------------------------------ platform review
def _review(session: Session, actor: Actor, item_id: int, *, stage: str, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(FhApplication, item_id) if item_id else None
    if row is None:
        raise InvalidInput("item", "That application does not exist.")
    waiting = FhStatus.ACCEPTANCE_SUBMITTED if stage == "acceptance" else FhStatus.PAYMENT_SUBMITTED
    if row.status != waiting:
        raise Conflict("This application has already been reviewed.")
    new = {("acceptance", True): FhStatus.ACCEPTANCE_APPROVED, ("acceptance", False): FhStatus.ACCEPTANCE_REJECTED,
           ("payment", True): FhStatus.PAYMENT_APPROVED, ("payment", False): FhStatus.PAYMENT_REJECTED}[(stage, approve)]
    transition(session, row, [waiting], status=new, review_comment=comment)
    after = {"status": row.status, "comment": comment}
    if new == FhStatus.PAYMENT_APPROVED:
        inv = invoicing.create_list(session, actor=actor, partner_id=row.partner_id, source_kind="fh", source_id=row.id,
                                    title=f"FH {row.quarter}: {row.person_name}", currency=row.currency,
                                    lines=[(f"Full-time personnel incentive {row.quarter} — {row.person_name}", row.amount)])
        after["invoicing_list"] = inv.id
    audit.record(session, actor, f"fh_{stage}_{'approved' if approve else 'rejected'}", "fh_application", row.id,
                 partner_id=row.partner_id, before={"status": waiting}, after=after)
    label = "Acceptance" if stage == "acceptance" else "Payment application"
    notify.notify_partner(session, partner_id=row.partner_id, link="/benefits/fh", body=comment,
                          title=f"FH {label.lower()} for {row.person_name} ({row.quarter}) "
                                + ("approved" if approve else "rejected"))
    session.commit()


def approve_acceptance(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review(session, actor, item_id, stage="acceptance", approve=True, comment=comment)


def reject_acceptance(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review(session, actor, item_id, stage="acceptance", approve=False, comment=comment.strip())


def approve_payment(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review(session, actor, item_id, stage="payment", approve=True, comment=comment)


def reject_payment(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review(session, actor, item_id, stage="payment", approve=False, comment=comment.strip())


def _queue(status: str):
    def rows(session: Session, *, actor: Actor, req: PageRequest) -> Page:
        require(actor, Permission.REVIEW)
        page = keyset(session, select(FhApplication).where(FhApplication.status == status), FhApplication, req)
        names = {p.id: p.name for p in session.exec(select(Partner).where(
            col(Partner.id).in_([r.partner_id for r in page.rows])))}
        return Page(rows=[{"id": str(r.id), "subject": f"{r.person_name} — {r.quarter}",
                           "partner": names.get(r.partner_id, ""), "submitted_at": fmt_dt(r.created_at),
                           "details": money.format_money(r.amount, r.currency)} for r in page.rows],
                    has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)

    def count(session: Session) -> int:
        return session.exec(select(func.count()).select_from(FhApplication).where(FhApplication.status == status)).one()

    return rows, count


_acc, _acc_count = _queue(FhStatus.ACCEPTANCE_SUBMITTED)
_pay, _pay_count = _queue(FhStatus.PAYMENT_SUBMITTED)
reviews.register(reviews.ReviewQueue(kind="fh-acceptance", title="queue.fh-acceptance", list=_acc, approve=approve_acceptance,
                                     reject=reject_acceptance, count=_acc_count, order=62))
reviews.register(reviews.ReviewQueue(kind="fh-payment", title="queue.fh-payment", list=_pay, approve=approve_payment,
                                     reject=reject_payment, count=_pay_count, order=63))


# ------------------------------------------------------------------ the two tabs
def _query(actor: Actor, tab: str, search: str, status: str):
    allowed = ACCEPTANCE_STATUSES if tab == "acceptance" else PAYMENT_STATUSES
    q = select(FhApplication).where(FhApplication.partner_id == actor.partner_id)
    if tab == "payment":
        q = q.where(col(FhApplication.status).in_(PAYMENT_STATUSES))
    if status and status != "all":
        if status not in allowed:
            raise InvalidInput("status", "Unknown status.")
        if tab == "acceptance" and status == FhStatus.ACCEPTANCE_APPROVED:
            # accepted, whatever happened to the payment since
            q = q.where(col(FhApplication.status).in_(PAYMENT_STATUSES))
        else:
            q = q.where(FhApplication.status == status)
    s = (search or "").strip()
    if s:
        q = q.where(FhApplication.quarter == s.upper()) if _QUARTER.match(s.upper()) \
            else q.where(col(FhApplication.person_name).startswith(s))
    return q


def _row(r: FhApplication, inv) -> dict[str, str]:
    return {"id": str(r.id), "quarter": r.quarter, "person": r.person_name,
            "amount": money.format_money(r.amount, r.currency), "status": r.status, "review_comment": r.review_comment,
            "created_at": fmt_dt(r.created_at),
            "can_pay": "1" if r.status in (FhStatus.ACCEPTANCE_APPROVED, FhStatus.PAYMENT_REJECTED) else "",
            "invoicing_id": str(inv.id) if inv and r.status == FhStatus.PAYMENT_APPROVED else "",
            "invoicing_status": inv.status if inv else ""}


def list_applications(session: Session, *, actor: Actor, req: PageRequest, tab: str = "acceptance", search: str = "",
                      status: str = "all") -> Page:
    require(actor, Permission.BENEFITS)
    page = keyset(session, _query(actor, tab, search, status), FhApplication, req, sortable=("id", "created_at"))
    invs = invoicing.lists_for(session, "fh", [r.id for r in page.rows])
    return Page(rows=[_row(r, invs.get(r.id)) for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_applications(session: Session, *, actor: Actor, tab: str = "acceptance", search: str = "",
                        status: str = "all") -> list[dict[str, str]]:
    require(actor, Permission.BENEFITS)
    rows = all_rows(session, _query(actor, tab, search, status), FhApplication)
    invs = invoicing.lists_for(session, "fh", [r.id for r in rows])
    return [{k: v for k, v in _row(r, invs.get(r.id)).items() if k not in ("can_pay",)} for r in rows]
