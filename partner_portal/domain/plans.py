"""Plans › Partner Program (seed §10): Join Now → tick the commitment and agreement → Submit Application
→ platform review (`submitted` → `approved` | `rejected`). One open application per plan at a time."""
from __future__ import annotations

import functools

import re
from dataclasses import asdict, dataclass

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from partner_portal.models import Partner, Plan, PlanApplication

from . import audit, clock, notify, reviews
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .paging import Page, PageRequest, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt

SUBMITTED, APPROVED, REJECTED = "submitted", "approved", "rejected"
STATUSES = (SUBMITTED, APPROVED, REJECTED)
CO_EXPANSION = "co-expansion"  # the Partner Co-expansion Plan


@dataclass(frozen=True)
class PlanView:
    id: int
    code: str
    name: str
    name_zh: str
    description: str
    description_zh: str
    agreement: str
    agreement_zh: str
    active: bool
    my_status: str  # the partner's latest application: "" | submitted | approved | rejected
    my_application_id: int
    my_comment: str
    can_apply: bool

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ApplicationView:
    id: int
    plan_code: str
    plan_name: str
    plan_name_zh: str
    status: str
    submitted_at: str
    reviewed_at: str
    review_comment: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def _latest_applications(session: Session, partner_id: int) -> dict[int, PlanApplication]:
    rows = session.exec(select(PlanApplication).where(PlanApplication.partner_id == partner_id)
                        .order_by(col(PlanApplication.id))).all()
    return {r.plan_id: r for r in rows}  # the last one per plan wins


def _plan_view(plan: Plan, latest: PlanApplication | None) -> PlanView:
    status = latest.status if latest else ""
    return PlanView(
        id=plan.id, code=plan.code, name=plan.name, name_zh=plan.name_zh or plan.name, description=plan.description,
        description_zh=plan.description_zh or plan.description, agreement=plan.agreement,
        agreement_zh=plan.agreement_zh or plan.agreement, active=plan.active, my_status=status,
        my_application_id=latest.id if latest else 0, my_comment=latest.review_comment if latest else "",
        can_apply=plan.active and status not in (SUBMITTED, APPROVED),
    )


def _app_view(app: PlanApplication, plan: Plan) -> ApplicationView:
    return ApplicationView(id=app.id, plan_code=plan.code, plan_name=plan.name, plan_name_zh=plan.name_zh or plan.name,
                           status=app.status, submitted_at=fmt_dt(app.created_at), reviewed_at=fmt_dt(app.reviewed_at),
                           review_comment=app.review_comment)


def _partner_actor(actor: Actor) -> Actor:
    require(actor, Permission.PLANS)
    if not actor.is_partner or not actor.partner_id:
        raise PermissionDenied()
    return actor


def list_plans(session: Session, *, actor: Actor) -> list[PlanView]:
    """The active plans, each with the partner's own latest application."""
    _partner_actor(actor)
    latest = _latest_applications(session, actor.partner_id)
    plans = session.exec(select(Plan).where(Plan.active == True).order_by(col(Plan.id))).all()  # noqa: E712
    return [_plan_view(p, latest.get(p.id)) for p in plans]


def _plan_by_code(session: Session, code: str) -> Plan:
    code = (code or "").strip()
    plan = session.exec(select(Plan).where(Plan.code == code)).first() if code else None
    if plan is None or not plan.active:
        raise NotFound("plan")
    return plan


def get_plan(session: Session, *, actor: Actor, code: str) -> PlanView:
    _partner_actor(actor)
    plan = _plan_by_code(session, code)
    return _plan_view(plan, _latest_applications(session, actor.partner_id).get(plan.id))


def my_applications(session: Session, *, actor: Actor) -> list[ApplicationView]:
    _partner_actor(actor)
    rows = session.exec(select(PlanApplication, Plan).join(Plan, Plan.id == PlanApplication.plan_id)
                        .where(PlanApplication.partner_id == actor.partner_id)
                        .order_by(col(PlanApplication.id).desc()).limit(50)).all()
    return [_app_view(a, p) for a, p in rows]


def apply_to_plan(session: Session, *, actor: Actor, plan_code: str, agreed: bool) -> ApplicationView:
    """Submit Application: needs the ticked commitment and agreement, and no open or approved application."""
    _partner_actor(actor)
    plan = _plan_by_code(session, plan_code)
    if agreed is not True:
        raise InvalidInput("agree", "Tick the box to agree to the commitment and agreement before you submit.")
    latest = _latest_applications(session, actor.partner_id).get(plan.id)
    if latest and latest.status == SUBMITTED:
        raise InvalidInput("agree", f"Your application #{latest.id} for this plan is still under review.")
    if latest and latest.status == APPROVED:
        raise InvalidInput("agree", "Your company has already joined this plan.")
    now = clock.now()
    app = PlanApplication(plan_id=plan.id, partner_id=actor.partner_id, status=SUBMITTED, agreed_at=now,
                          submitted_by=actor.user_id, created_at=now)
    session.add(app)
    session.flush()
    audit.record(session, actor, "plan.apply", "planapplication", app.id, partner_id=actor.partner_id,
                 after={"plan": plan.code, "status": SUBMITTED, "agreed_at": now})
    notify.notify_managers(session, title=f"Plan application #{app.id}: {plan.name}",
                           link=f"/console/reviews/plans")
    session.commit()
    return _app_view(app, plan)


# ---------------------------------------------------------------- review queue "plans"
def _queue_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    q = select(PlanApplication).where(PlanApplication.status == SUBMITTED)
    page = keyset(session, q, PlanApplication, req, sortable=("id", "created_at"))
    plans = {p.id: p for p in session.exec(select(Plan))}
    partners = {p.id: p for p in session.exec(select(Partner).where(
        col(Partner.id).in_([a.partner_id for a in page.rows])))}
    rows = [{
        "id": str(a.id), "subject": plans[a.plan_id].name, "partner": partners[a.partner_id].name,
        "submitted_at": fmt_dt(a.created_at),
        "details": f"Commitment and agreement accepted {fmt_dt(a.agreed_at)} · partner type {partners[a.partner_id].kind}",
    } for a in page.rows]
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _decide(session: Session, *, actor: Actor, item_id: int, status: str, comment: str) -> None:
    require(actor, Permission.REVIEW)
    app = session.get(PlanApplication, item_id) if item_id else None
    if app is None:
        raise NotFound("plan application")
    if app.status != SUBMITTED:
        raise Conflict("This application has already been reviewed.")
    now = clock.now()
    res = session.exec(update(PlanApplication).where(
        PlanApplication.id == app.id, PlanApplication.version == app.version, PlanApplication.status == SUBMITTED,
    ).values(status=status, review_comment=comment, reviewed_at=now, version=app.version + 1))
    if res.rowcount != 1:
        session.rollback()
        raise Conflict("Another reviewer decided this application first.")
    plan = session.get(Plan, app.plan_id)
    audit.record(session, actor, f"plan.{status}", "planapplication", app.id, partner_id=app.partner_id,
                 before={"status": SUBMITTED}, after={"status": status, "comment": comment})
    verdict = "approved" if status == APPROVED else "rejected"
    body = "Welcome to the plan." if status == APPROVED else f"Reason: {comment}"
    notify.notify_partner(session, partner_id=app.partner_id, title=f"Your application to {plan.name} was {verdict}",
                          body=body, link="/plans/partner-program")
    session.commit()


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(PlanApplication).where(
        PlanApplication.status == SUBMITTED)).one()


reviews.register(reviews.ReviewQueue(kind="plans", title="Co-expansion and plan applications", list=_queue_list,
                                     approve=functools.partial(_decide, status=APPROVED),
                                     reject=functools.partial(_decide, status=REJECTED), count=_count, order=60))


# ---------------------------------------------------------------- console: plans admin
@dataclass(frozen=True)
class PlanAdminRow:
    id: int
    code: str
    name: str
    name_zh: str
    active: bool
    submitted: int
    approved: int
    rejected: int

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def list_all_plans(session: Session, *, actor: Actor) -> list[PlanAdminRow]:
    require(actor, Permission.CONSOLE)
    counts: dict[tuple[int, str], int] = {}
    for plan_id, status, n in session.exec(select(PlanApplication.plan_id, PlanApplication.status, func.count())
                                           .group_by(PlanApplication.plan_id, PlanApplication.status)):
        counts[(plan_id, status)] = n
    return [PlanAdminRow(id=p.id, code=p.code, name=p.name, name_zh=p.name_zh, active=p.active,
                         submitted=counts.get((p.id, SUBMITTED), 0), approved=counts.get((p.id, APPROVED), 0),
                         rejected=counts.get((p.id, REJECTED), 0))
            for p in session.exec(select(Plan).order_by(col(Plan.id)))]


def _text(value: str, field: str, *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(field, "This field is required.")
    if len(value) > limit:
        raise InvalidInput(field, f"Use at most {limit} characters.")
    return value


def create_plan(session: Session, *, actor: Actor, code: str, name: str, name_zh: str = "", description: str = "",
                description_zh: str = "", agreement: str = "", agreement_zh: str = "") -> PlanAdminRow:
    require(actor, Permission.CONSOLE)
    code = _text(code, "code", required=True, limit=40).lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", code):
        raise InvalidInput("code", "Use lower-case letters, digits and hyphens.")
    if session.exec(select(Plan.id).where(Plan.code == code)).first():
        raise InvalidInput("code", "A plan with this code already exists.")
    plan = Plan(code=code, name=_text(name, "name", required=True, limit=120),
                name_zh=_text(name_zh, "name_zh", required=False, limit=120),
                description=_text(description, "description", required=True, limit=2000),
                description_zh=_text(description_zh, "description_zh", required=False, limit=2000),
                agreement=_text(agreement, "agreement", required=True, limit=8000),
                agreement_zh=_text(agreement_zh, "agreement_zh", required=False, limit=8000), active=True)
    session.add(plan)
    session.flush()
    audit.record(session, actor, "plan.create", "plan", plan.id, after={"code": code, "name": plan.name})
    session.commit()
    return PlanAdminRow(id=plan.id, code=plan.code, name=plan.name, name_zh=plan.name_zh, active=True,
                        submitted=0, approved=0, rejected=0)


def set_plan_active(session: Session, *, actor: Actor, plan_id: int, active: bool) -> None:
    require(actor, Permission.CONSOLE)
    plan = session.get(Plan, plan_id) if plan_id else None
    if plan is None:
        raise NotFound("plan")
    before = plan.active
    plan.active = bool(active)
    audit.record(session, actor, "plan.active", "plan", plan.id, before={"active": before}, after={"active": plan.active})
    session.commit()
