"""Market Development Fund (seed §9): activity applications, review, redemption declaration, invoicing.

``submitted`` → ``approved`` | ``rejected`` | ``cancelled`` (while submitted or approved)
→ the activity is held → ``redemption_submitted`` (actuals + proof files, within 90 days after it ends)
→ ``redemption_approved`` (an invoicing list is created) | ``redemption_rejected`` (resubmit within 45 days).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from partner_portal.models import MdfApplication, MdfQuota, MdfStatus, Partner, StoredFile

from . import audit, clock, files, invoicing, jobs, money, notify, reviews, workdays
from .errors import Conflict, InvalidInput
from .invoicing import transition
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_partner_row, require
from .views import fmt_date, fmt_dt, fmt_money

APPLY_WORKING_DAYS_AHEAD = 10
REDEMPTION_DAYS = 90
RESUBMIT_DAYS = 45
MAX_ACTIVITY_DAYS = 366
MAX_PROOF_FILES = 10
ACTIVITY_TYPES = ("seminar", "exhibition", "online_campaign", "customer_workshop", "training", "advertising")
STATUSES = [s.value for s in MdfStatus]
# what counts against the year's quota: the budget while open, the actual amount once redeemed
_COMMITTING = (MdfStatus.SUBMITTED, MdfStatus.APPROVED, MdfStatus.REDEMPTION_SUBMITTED, MdfStatus.REDEMPTION_REJECTED)


# ------------------------------------------------------------------ quota
@dataclass(frozen=True)
class QuotaView:
    year: int
    currency: str
    quota: str
    committed: str
    remaining: str
    has_quota: bool


def _quota_row(session: Session, partner_id: int, year: int) -> MdfQuota | None:
    return session.exec(select(MdfQuota).where(MdfQuota.partner_id == partner_id, MdfQuota.year == year)).first()


def committed(session: Session, partner_id: int, year: int, exclude_id: int | None = None) -> Decimal:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = session.exec(select(MdfApplication).where(
        MdfApplication.partner_id == partner_id, MdfApplication.start_date >= start, MdfApplication.start_date <= end,
        col(MdfApplication.status).in_([*_COMMITTING, MdfStatus.REDEMPTION_APPROVED]))).all()
    amounts = [(r.actual_amount if r.status == MdfStatus.REDEMPTION_APPROVED and r.actual_amount is not None else r.budget)
               for r in rows if r.id != exclude_id]
    return sum((Decimal(a) for a in amounts), Decimal(0))


def quota_summary(session: Session, *, actor: Actor, year: int | None = None) -> QuotaView:
    require(actor, Permission.BENEFITS)
    year = year or clock.today().year
    q = _quota_row(session, actor.partner_id, year)
    info = invoicing.certified_info(session, actor.partner_id)
    currency = q.currency if q else (info.settlement_currency if info else "CNY")
    used = committed(session, actor.partner_id, year)
    total = q.amount if q else Decimal(0)
    return QuotaView(year=year, currency=currency, quota=money.format_money(total, currency),
                     committed=money.format_money(used, currency),
                     remaining=money.format_money(max(total - used, Decimal(0)), currency), has_quota=q is not None)


def earliest_start(session: Session) -> dt.date:
    return workdays.add_working_days(session, clock.today(), APPLY_WORKING_DAYS_AHEAD)


# ------------------------------------------------------------------ apply
@dataclass(frozen=True)
class ApplyResult:
    id: int | None  # None: nothing written, the duplicate warning must be confirmed first
    duplicate_warning: bool = False


def _parse_date(raw, field: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise InvalidInput(field, "Enter a date as YYYY-MM-DD.") from None


def _check_text(raw, field: str, max_len: int, required: bool = True) -> str:
    text = " ".join(str(raw or "").split())
    if required and not text:
        raise InvalidInput(field, "This field is required.")
    if len(text) > max_len:
        raise InvalidInput(field, f"Use at most {max_len} characters.")
    return text


def _currency(session: Session, partner_id: int, year: int) -> tuple[str, MdfQuota]:
    quota = _quota_row(session, partner_id, year)
    if quota is None:
        raise InvalidInput("budget", f"The platform has not set your MDF quota for {year}; contact your ecosystem manager.")
    settle = invoicing.certified_info(session, partner_id)
    if settle is None:
        raise InvalidInput("budget", "Your business information is not certified yet, so MDF cannot be paid out.")
    if quota.currency != settle.settlement_currency:
        raise InvalidInput("budget", f"Your MDF quota is in {quota.currency} but you settle in "
                                     f"{settle.settlement_currency}; contact your ecosystem manager.")
    return quota.currency, quota


def apply(session: Session, *, actor: Actor, name: str, activity_type: str, budget, start_date, end_date,
          confirm_duplicate: bool = False) -> ApplyResult:
    """Apply for an activity. A duplicate (same name and dates) returns a warning first and writes nothing."""
    require(actor, Permission.BENEFITS)
    name = _check_text(name, "name", 200)
    if activity_type not in ACTIVITY_TYPES:
        raise InvalidInput("activity_type", "Choose an activity type.")
    start, end = _parse_date(start_date, "start_date"), _parse_date(end_date, "end_date")
    if end < start:
        raise InvalidInput("end_date", "The activity cannot end before it starts.")
    if (end - start).days >= MAX_ACTIVITY_DAYS:
        raise InvalidInput("end_date", "An activity lasts at most one year.")
    first = earliest_start(session)
    if start < first:
        raise InvalidInput("start_date", f"Apply at least {APPLY_WORKING_DAYS_AHEAD} working days before the activity "
                                         f"starts: the earliest start is {first.isoformat()}.")
    currency, quota = _currency(session, actor.partner_id, start.year)
    amount = money.parse_amount(budget, currency, "budget")
    remaining = quota.amount - committed(session, actor.partner_id, start.year)
    if amount > remaining:
        raise InvalidInput("budget", f"The amount exceeds your MDF quota left for {start.year}: "
                                     f"{money.format_money(max(remaining, Decimal(0)), currency)}.")
    duplicate = session.exec(select(MdfApplication.id).where(
        MdfApplication.partner_id == actor.partner_id, func.lower(MdfApplication.name) == name.lower(),
        MdfApplication.start_date == start, MdfApplication.end_date == end,
        col(MdfApplication.status).notin_([MdfStatus.CANCELLED, MdfStatus.REJECTED]))).first()
    if duplicate and not confirm_duplicate:
        return ApplyResult(id=None, duplicate_warning=True)
    row = MdfApplication(partner_id=actor.partner_id, name=name, activity_type=activity_type, budget=amount,
                         currency=currency, start_date=start, end_date=end, created_by=actor.user_id,
                         created_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "mdf_applied", "mdf_application", row.id, partner_id=actor.partner_id,
                 after={"name": name, "budget": str(amount), "currency": currency, "start": start, "end": end,
                        "duplicate_confirmed": bool(duplicate)})
    notify.notify_managers(session, title=f"MDF application #{row.id} to review", link="/console/reviews/mdf")
    session.commit()
    return ApplyResult(id=row.id, duplicate_warning=bool(duplicate))


def cancel(session: Session, *, actor: Actor, application_id: int) -> None:
    require(actor, Permission.BENEFITS)
    row = access_partner_row(session, actor, MdfApplication, application_id, "MDF application")
    if not actor.is_partner:
        raise InvalidInput("status", "Only the partner can cancel its application.")
    if row.status not in (MdfStatus.SUBMITTED, MdfStatus.APPROVED):
        raise InvalidInput("status", "Only an application under review or approved can be cancelled.")
    before = row.status
    transition(session, row, [MdfStatus.SUBMITTED, MdfStatus.APPROVED], status=MdfStatus.CANCELLED)
    audit.record(session, actor, "mdf_cancelled", "mdf_application", row.id, partner_id=row.partner_id,
                 before={"status": before}, after={"status": row.status})
    session.commit()


# ------------------------------------------------------------------ redemption
def redemption_deadline(row: MdfApplication) -> dt.date | None:
    """The last day the partner may (re)declare the redemption, or None when it cannot."""
    if row.status == MdfStatus.APPROVED:
        return row.end_date + dt.timedelta(days=REDEMPTION_DAYS)
    if row.status == MdfStatus.REDEMPTION_REJECTED and row.redemption_rejected_at:
        return row.redemption_rejected_at.date() + dt.timedelta(days=RESUBMIT_DAYS)
    return None


def can_declare(row: MdfApplication, today: dt.date) -> bool:
    deadline = redemption_deadline(row)
    return deadline is not None and row.end_date <= today <= deadline


ProofFile = tuple[str, str, bytes]  # filename, content type, data


@files.access_rule("mdf_proof")
def _proof_visible(session: Session, viewer: Actor, row: StoredFile) -> bool:
    """Every user of the partner that declared the redemption may open its proof files."""
    app = session.get(MdfApplication, row.ref_id)
    return bool(app and viewer.is_partner and viewer.partner_id == app.partner_id)


def _store_proofs(session: Session, actor: Actor, row: MdfApplication, uploads: list[ProofFile]) -> list[int]:
    ids = []
    for filename, content_type, data in uploads:
        stored = files.store_upload(session, actor=actor, ref_kind="mdf_proof", ref_id=row.id, filename=filename,
                                         content_type=content_type, data=data)
        ids.append(stored.id)
    return ids


def declare_redemption(session: Session, *, actor: Actor, application_id: int, actual_amount, note: str,
                       proofs: list[ProofFile]) -> None:
    """Declare (or, after a rejection, resubmit) the redemption: actual amount, description and proof files."""
    require(actor, Permission.BENEFITS)
    row = access_partner_row(session, actor, MdfApplication, application_id, "MDF application")
    if not actor.is_partner:
        raise InvalidInput("status", "Only the partner can declare its redemption.")
    today = clock.today()
    if row.status not in (MdfStatus.APPROVED, MdfStatus.REDEMPTION_REJECTED):
        raise InvalidInput("status", "A redemption can be declared only for an approved activity or after a rejection.")
    if today < row.end_date:
        raise InvalidInput("status", f"Declare the redemption once the activity has ended ({row.end_date.isoformat()}).")
    deadline = redemption_deadline(row)
    if today > deadline:
        what = ("90 days after the activity ended" if row.status == MdfStatus.APPROVED
                else "45 days after the rejection")
        raise InvalidInput("status", f"The deadline for the redemption declaration ({what}, {deadline.isoformat()}) has passed.")
    amount = money.parse_amount(actual_amount, row.currency, "actual_amount")
    if amount > row.budget:
        raise InvalidInput("actual_amount", f"The actual amount cannot exceed the approved budget "
                                            f"({money.format_money(row.budget, row.currency)}).")
    note = _check_text(note, "note", 2000)
    existing = session.exec(select(func.count()).select_from(StoredFile).where(
        StoredFile.ref_kind == "mdf_proof", StoredFile.ref_id == row.id)).one()
    if not proofs and not existing:
        raise InvalidInput("files", "Attach at least one proof file (PDF, PNG or JPEG).")
    if len(proofs) + existing > MAX_PROOF_FILES:
        raise InvalidInput("files", f"Attach at most {MAX_PROOF_FILES} proof files.")
    for filename, content_type, data in proofs:
        files.check_upload(filename, content_type, data)  # every file is checked before anything is written
    before = audit.snapshot(row, "status", "actual_amount")
    transition(session, row, [MdfStatus.APPROVED, MdfStatus.REDEMPTION_REJECTED],
               status=MdfStatus.REDEMPTION_SUBMITTED, actual_amount=amount, redemption_note=note,
               redemption_submitted_at=clock.now())
    file_ids = _store_proofs(session, actor, row, proofs)
    audit.record(session, actor, "mdf_redemption_declared", "mdf_application", row.id, partner_id=row.partner_id,
                 before=before, after={"status": row.status, "actual_amount": str(amount), "files": file_ids})
    notify.notify_managers(session, title=f"MDF redemption #{row.id} to review", link="/console/reviews/mdf-redemptions")
    session.commit()


# ------------------------------------------------------------------ platform review
def _review_application(session: Session, actor: Actor, item_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(MdfApplication, item_id) if item_id else None
    if row is None:
        raise InvalidInput("item", "That application does not exist.")
    if row.status != MdfStatus.SUBMITTED:
        raise Conflict("This application has already been reviewed or cancelled.")
    transition(session, row, [MdfStatus.SUBMITTED], status=MdfStatus.APPROVED if approve else MdfStatus.REJECTED,
               review_comment=comment)
    audit.record(session, actor, "mdf_approved" if approve else "mdf_rejected", "mdf_application", row.id,
                 partner_id=row.partner_id, before={"status": "submitted"}, after={"status": row.status, "comment": comment})
    notify.notify_partner(session, partner_id=row.partner_id, link="/benefits/mdf", body=comment,
                          title=f"MDF application “{row.name}” " + ("approved" if approve else "rejected"))
    session.commit()


def approve_application(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review_application(session, actor, item_id, True, comment)


def reject_application(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review_application(session, actor, item_id, False, comment.strip())


def _review_redemption(session: Session, actor: Actor, item_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(MdfApplication, item_id) if item_id else None
    if row is None:
        raise InvalidInput("item", "That redemption does not exist.")
    if row.status != MdfStatus.REDEMPTION_SUBMITTED:
        raise Conflict("This redemption has already been reviewed.")
    now = clock.now()
    if approve:
        transition(session, row, [MdfStatus.REDEMPTION_SUBMITTED], status=MdfStatus.REDEMPTION_APPROVED,
                   review_comment=comment, redemption_approved_at=now)
        inv = invoicing.create_list(session, actor=actor, partner_id=row.partner_id, source_kind="mdf", source_id=row.id,
                                    title=f"MDF: {row.name}", currency=row.currency,
                                    lines=[(f"MDF activity “{row.name}” ({row.start_date} – {row.end_date}), "
                                            f"redemption approved", row.actual_amount)])
        after = {"status": row.status, "invoicing_list": inv.id}
    else:
        transition(session, row, [MdfStatus.REDEMPTION_SUBMITTED], status=MdfStatus.REDEMPTION_REJECTED,
                   review_comment=comment, redemption_rejected_at=now)
        after = {"status": row.status, "comment": comment}
    audit.record(session, actor, "mdf_redemption_approved" if approve else "mdf_redemption_rejected", "mdf_application",
                 row.id, partner_id=row.partner_id, before={"status": "redemption_submitted"}, after=after)
    notify.notify_partner(session, partner_id=row.partner_id, link="/benefits/mdf", body=comment,
                          title=f"Redemption of “{row.name}” " + (
                              "approved: the invoicing list is ready" if approve
                              else f"rejected: correct and resubmit within {RESUBMIT_DAYS} days"))
    session.commit()


def approve_redemption(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _review_redemption(session, actor, item_id, True, comment)


def reject_redemption(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _review_redemption(session, actor, item_id, False, comment.strip())


def _queue(status: str):
    def rows(session: Session, *, actor: Actor, req: PageRequest) -> Page:
        require(actor, Permission.REVIEW)
        page = keyset(session, select(MdfApplication).where(MdfApplication.status == status), MdfApplication, req)
        names = {p.id: p.name for p in session.exec(select(Partner).where(
            col(Partner.id).in_([r.partner_id for r in page.rows])))}
        out = []
        for r in page.rows:
            period = f"{r.start_date} – {r.end_date}"
            if status == MdfStatus.SUBMITTED:
                details = f"{r.activity_type.replace('_', ' ')} · {period} · budget {money.format_money(r.budget, r.currency)}"
                at = r.created_at
            else:
                details = (f"{period} · actual {fmt_money(r.actual_amount, r.currency)} of budget "
                           f"{money.format_money(r.budget, r.currency)} · {r.redemption_note}")
                at = r.redemption_submitted_at
            out.append({"id": str(r.id), "subject": r.name, "partner": names.get(r.partner_id, ""),
                        "submitted_at": fmt_dt(at), "details": details})
        return Page(rows=out, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                    last_key=page.last_key)

    def count(session: Session) -> int:
        return session.exec(select(func.count()).select_from(MdfApplication).where(MdfApplication.status == status)).one()

    return rows, count


_apps, _apps_count = _queue(MdfStatus.SUBMITTED)
_reds, _reds_count = _queue(MdfStatus.REDEMPTION_SUBMITTED)
reviews.register(reviews.ReviewQueue(kind="mdf", title="queue.mdf", list=_apps, approve=approve_application,
                                     reject=reject_application, count=_apps_count, order=60))
reviews.register(reviews.ReviewQueue(kind="mdf-redemptions", title="queue.mdf-redemptions", list=_reds,
                                     approve=approve_redemption, reject=reject_redemption, count=_reds_count, order=61))


# ------------------------------------------------------------------ the Application Records list
def _list_query(actor: Actor, search: str, status: str):
    q = select(MdfApplication).where(MdfApplication.partner_id == actor.partner_id)
    if status and status != "all":
        if status not in STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(MdfApplication.status == status)
    s = (search or "").strip()
    if s:
        q = q.where(col(MdfApplication.name).startswith(s)) if not s.isdigit() else q.where(MdfApplication.id == int(s))
    return q


def _row(r: MdfApplication, inv, today: dt.date) -> dict[str, str]:
    deadline = redemption_deadline(r)
    return {
        "id": str(r.id), "name": r.name, "activity_type": r.activity_type, "budget": money.format_money(r.budget, r.currency),
        "actual": fmt_money(r.actual_amount, r.currency), "period": f"{fmt_date(r.start_date)} – {fmt_date(r.end_date)}",
        "status": r.status, "review_comment": r.review_comment, "created_at": fmt_dt(r.created_at),
        "deadline": fmt_date(deadline) if deadline and r.end_date <= today + dt.timedelta(days=REDEMPTION_DAYS) else "",
        "can_cancel": "1" if r.status in (MdfStatus.SUBMITTED, MdfStatus.APPROVED) else "",
        "can_declare": "1" if can_declare(r, today) else "",
        "invoicing_id": str(inv.id) if inv and r.status == MdfStatus.REDEMPTION_APPROVED else "",
        "invoicing_status": inv.status if inv else "",
    }


def list_applications(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.BENEFITS)
    page = keyset(session, _list_query(actor, search, status), MdfApplication, req,
                  sortable=("id", "created_at", "start_date"))
    invs = invoicing.lists_for(session, "mdf", [r.id for r in page.rows])
    today = clock.today()
    return Page(rows=[_row(r, invs.get(r.id), today) for r in page.rows], has_next=page.has_next,
                has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


def export_applications(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[dict[str, str]]:
    require(actor, Permission.BENEFITS)
    rows = all_rows(session, _list_query(actor, search, status), MdfApplication)
    invs = invoicing.lists_for(session, "mdf", [r.id for r in rows])
    today = clock.today()
    keep = ("id", "name", "activity_type", "budget", "actual", "period", "status", "review_comment", "created_at",
            "invoicing_id")
    return [{k: v for k, v in _row(r, invs.get(r.id), today).items() if k in keep} for r in rows]


def application_brief(session: Session, *, actor: Actor, application_id: int) -> dict[str, str]:
    """What the redemption dialog shows about one application."""
    require(actor, Permission.BENEFITS)
    r = access_partner_row(session, actor, MdfApplication, application_id, "MDF application")
    return _row(r, None, clock.today())


# ------------------------------------------------------------------ countdown reminders
@jobs.job("mdf_redemption_reminders")
def remind_redemptions(session: Session) -> int:
    """Approved activities whose redemption window closes within 7 days: one bell notification each."""
    today = clock.today()
    sent = 0
    for row in session.exec(select(MdfApplication).where(
            col(MdfApplication.status).in_([MdfStatus.APPROVED, MdfStatus.REDEMPTION_REJECTED]),
            MdfApplication.end_date <= today)).all():
        deadline = redemption_deadline(row)
        if deadline and today <= deadline <= today + dt.timedelta(days=7):
            notify.notify_partner(session, partner_id=row.partner_id, link="/benefits/mdf",
                                  title=f"Declare the redemption of “{row.name}” by {deadline.isoformat()}",
                                  dedupe_key=f"mdf-redemption-due:{row.id}:{deadline}")
            sent += 1
    session.commit()
    return sent
