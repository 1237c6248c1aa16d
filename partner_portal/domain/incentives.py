"""Incentive Management (seed §11): other incentive applications, and Application Records —
every incentive application of the partner (MDF, FH and the others) in one list, with the
invoicing list where one is payable.
"""
from __future__ import annotations

from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select

from partner_portal.models import FhApplication, IncentiveApplication, MdfApplication, MdfStatus, Partner

from . import audit, clock, invoicing, money, notify, reviews
from .errors import Conflict, InvalidInput
from .invoicing import transition
from .paging import PAGE_SIZE, Page, PageRequest, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt, fmt_money

PROGRAMS = ("sales_rebate", "growth_bonus", "migration_subsidy", "training_subsidy")
STATUSES = ("submitted", "approved", "rejected")
KINDS = ("mdf", "fh", "incentive")
_RANK = {"mdf": 0, "fh": 1, "incentive": 2}
_MODELS = {"mdf": MdfApplication, "fh": FhApplication, "incentive": IncentiveApplication}


def apply(session: Session, *, actor: Actor, program: str, period: str, amount) -> int:
    require(actor, Permission.INCENTIVES)
    if program not in PROGRAMS:
        raise InvalidInput("program", "Choose an incentive program.")
    period = " ".join(str(period or "").split())
    if not period:
        raise InvalidInput("period", "Enter the period the incentive is for, e.g. 2026H2.")
    if len(period) > 40:
        raise InvalidInput("period", "Use at most 40 characters.")
    info = invoicing.certified_info(session, actor.partner_id)
    if info is None:
        raise InvalidInput("amount", "Your business information is not certified yet, so incentives cannot be paid out.")
    value = money.parse_amount(amount, info.settlement_currency, "amount")
    if session.exec(select(IncentiveApplication.id).where(
            IncentiveApplication.partner_id == actor.partner_id, IncentiveApplication.program == program,
            IncentiveApplication.period == period, IncentiveApplication.status != "rejected")).first():
        raise InvalidInput("period", "You already applied for this program and period.")
    row = IncentiveApplication(partner_id=actor.partner_id, program=program, period=period, amount=value,
                               currency=info.settlement_currency, created_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "incentive_applied", "incentive_application", row.id, partner_id=actor.partner_id,
                 after={"program": program, "period": period, "amount": str(value), "currency": row.currency})
    notify.notify_managers(session, title=f"Incentive application #{row.id} to review", link="/console/reviews/incentives")
    session.commit()
    return row.id


def _review(session: Session, actor: Actor, item_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(IncentiveApplication, item_id) if item_id else None
    if row is None:
        raise InvalidInput("item", "That application does not exist.")
    if row.status != "submitted":
        raise Conflict("This application has already been reviewed.")
    transition(session, row, ["submitted"], status="approved" if approve else "rejected", review_comment=comment)
    after = {"status": row.status, "comment": comment}
    if approve:
        label = row.program.replace("_", " ")
        inv = invoicing.create_list(session, actor=actor, partner_id=row.partner_id, source_kind="incentive",
                                    source_id=row.id, title=f"Incentive: {label} {row.period}", currency=row.currency,
                                    lines=[(f"Incentive “{label}” for {row.period}", row.amount)])
        after["invoicing_list"] = inv.id
    audit.record(session, actor, "incentive_approved" if approve else "incentive_rejected", "incentive_application",
                 row.id, partner_id=row.partner_id, before={"status": "submitted"}, after=after)
    notify.notify_partner(session, partner_id=row.partner_id, link="/incentives/applications", body=comment,
                          title=f"Incentive application #{row.id} " + ("approved" if approve else "rejected"))
    session.commit()


def approve_application(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review(session, actor, item_id, True, comment)


def reject_application(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review(session, actor, item_id, False, comment.strip())


def _queue_rows(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(IncentiveApplication).where(IncentiveApplication.status == "submitted"),
                  IncentiveApplication, req)
    names = {p.id: p.name for p in session.exec(select(Partner).where(
        col(Partner.id).in_([r.partner_id for r in page.rows])))}
    return Page(rows=[{"id": str(r.id), "subject": f"{r.program.replace('_', ' ')} — {r.period}",
                       "partner": names.get(r.partner_id, ""), "submitted_at": fmt_dt(r.created_at),
                       "details": money.format_money(r.amount, r.currency)} for r in page.rows],
                has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


def _queue_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(IncentiveApplication).where(
        IncentiveApplication.status == "submitted")).one()


reviews.register(reviews.ReviewQueue(kind="incentives", title="queue.incentives", list=_queue_rows,
                                     approve=approve_application, reject=reject_application, count=_queue_count, order=64))


# ------------------------------------------------------------------ Application Records: all kinds in one list
def _subject(kind: str, r) -> str:
    if kind == "mdf":
        return r.name
    if kind == "fh":
        return f"{r.person_name} · {r.quarter}"
    return f"{r.program} · {r.period}"


def _amount(kind: str, r) -> str:
    if kind == "mdf" and r.status == MdfStatus.REDEMPTION_APPROVED and r.actual_amount is not None:
        return fmt_money(r.actual_amount, r.currency)
    return fmt_money(r.budget if kind == "mdf" else r.amount, r.currency)


def _kind_query(actor: Actor, kind: str, search: str, cursor: tuple | None, older: bool):
    model = _MODELS[kind]
    q = select(model).where(model.partner_id == actor.partner_id)
    s = (search or "").strip()
    if s:
        name_col = {"mdf": MdfApplication.name, "fh": FhApplication.person_name,
                    "incentive": IncentiveApplication.period}[kind]
        q = q.where(col(name_col).startswith(s))
    if cursor is not None:
        c, cr, ci = cursor
        r = _RANK[kind]
        at, ident = col(model.created_at), col(model.id)
        if older:  # (created_at, rank, id) < cursor
            cond = at <= c if r < cr else (or_(at < c, and_(at == c, ident < ci)) if r == cr else at < c)
        else:  # (created_at, rank, id) > cursor
            cond = at >= c if r > cr else (or_(at > c, and_(at == c, ident > ci)) if r == cr else at > c)
        q = q.where(cond)
    order = [at_.desc() for at_ in (col(model.created_at), col(model.id))] if older else \
        [col(model.created_at).asc(), col(model.id).asc()]
    return q.order_by(*order)


def _key(kind: str, r) -> tuple:
    return (r.created_at, _RANK[kind], r.id)


def list_records(session: Session, *, actor: Actor, req: PageRequest, search: str = "", kind: str = "all") -> Page:
    """One page of every incentive application of the partner, newest first (keyset over the three tables)."""
    require(actor, Permission.INCENTIVES)
    if kind != "all" and kind not in KINDS:
        raise InvalidInput("kind", "Unknown kind of application.")
    kinds = KINDS if kind == "all" else (kind,)
    backwards = req.before is not None
    cursor = req.before if backwards else req.after
    limit = req.limit or PAGE_SIZE
    found = []
    for k in kinds:
        for r in session.exec(_kind_query(actor, k, search, cursor, older=not backwards).limit(limit + 1)):
            found.append((k, r))
    found.sort(key=lambda kr: _key(*kr), reverse=not backwards)
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
        has_prev, has_next = more, True
    else:
        has_prev, has_next = cursor is not None, more
    invs = {k: invoicing.lists_for(session, k, [r.id for kk, r in found if kk == k]) for k in kinds}
    rows = []
    for k, r in found:
        inv = invs[k].get(r.id)
        rows.append({"id": f"{k}-{r.id}", "ref": f"{k.upper()}-{r.id}", "kind": k, "subject": _subject(k, r),
                     "amount": _amount(k, r), "status": r.status, "review_comment": r.review_comment,
                     "created_at": fmt_dt(r.created_at), "invoicing_id": str(inv.id) if inv else "",
                     "invoicing_status": inv.status if inv else ""})
    if not found:
        return Page(rows=[], has_next=False, has_prev=has_prev and cursor is not None)
    return Page(rows=rows, has_next=has_next, has_prev=has_prev, first_key=_key(*found[0]), last_key=_key(*found[-1]))


def export_records(session: Session, *, actor: Actor, search: str = "", kind: str = "all") -> list[dict[str, str]]:
    rows, after = [], None
    while len(rows) < 10_000:
        page = list_records(session, actor=actor, req=PageRequest(after=after, limit=500), search=search, kind=kind)
        rows.extend(page.rows)
        if not page.has_next:
            break
        after = page.last_key
    return rows
