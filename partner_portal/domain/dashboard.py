"""The Partner Center home and the to-do inbox: everything awaiting the signed-in user."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, func, select

from partner_portal.models import (
    AssociationRequest, Authorization, AuthorizationStatus, Certificate, CustomerReport, InvoicingList,
    InvoicingStatus, Lead, LeadStatus, MdfApplication, MdfStatus, Opportunity, OpportunityStage, ReportStatus,
    RequestStatus, ReviewStatus, Role, User, VoucherQuota,
)

from . import clock, notify
from .permissions import Actor
from .views import HomeView, StageCount, TodoItem, fmt_money, notification_view

PIPELINE_STAGES = ("draft", "submitted", "approved", "won", "lost")


def _count(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def todos(session: Session, actor: Actor) -> list[TodoItem]:
    now = clock.now()
    items: list[TodoItem] = []
    if actor.is_partner:
        pid = actor.partner_id
        items += [
            TodoItem("todo.customer_requests", _count(session, AssociationRequest, AssociationRequest.partner_id == pid,
                     AssociationRequest.initiator == "customer", AssociationRequest.status == RequestStatus.WAITING),
                     "/sales/customers"),
            TodoItem("todo.reports_expiring", _count(session, CustomerReport, CustomerReport.partner_id == pid,
                     CustomerReport.status == ReportStatus.REPORTED, CustomerReport.valid_until <= now + dt.timedelta(days=3)),
                     "/sales/customer-expansion"),
            TodoItem("todo.new_leads", _count(session, Lead, Lead.partner_id == pid, Lead.status == LeadStatus.NEW), "/sales/leads"),
            TodoItem("todo.invoices_due", _count(session, InvoicingList, InvoicingList.partner_id == pid,
                     col(InvoicingList.status).in_([InvoicingStatus.READY, InvoicingStatus.REJECTED])),
                     "/incentives/applications"),
            TodoItem("todo.redemptions", _count(session, MdfApplication, MdfApplication.partner_id == pid,
                     MdfApplication.status == MdfStatus.APPROVED, MdfApplication.end_date < now.date()), "/benefits/mdf"),
        ]
        if actor.role == Role.DISTRIBUTOR_ADMIN:
            from partner_portal.models import Partner
            resellers = select(Partner.id).where(Partner.distributor_id == pid)
            items.append(TodoItem("todo.reseller_authorizations", _count(
                session, Authorization, col(Authorization.partner_id).in_(resellers),
                Authorization.status == AuthorizationStatus.AWAITING_DISTRIBUTOR), "/sales/resellers"))
    elif actor.role == Role.MEMBER:
        user = session.get(User, actor.user_id)
        if user.guide_step < 3 and not user.guide_skipped:
            items.append(TodoItem("todo.guide", 3 - user.guide_step, "/member/guide"))
        items.append(TodoItem("todo.rejected_certificates", _count(session, Certificate, Certificate.member_id == actor.user_id,
                              Certificate.status == ReviewStatus.REJECTED), "/member/certificates"))
    elif actor.role == Role.CUSTOMER:
        items += [
            TodoItem("todo.partner_requests", _count(session, AssociationRequest, AssociationRequest.customer_id == actor.customer_id,
                     AssociationRequest.initiator == "partner", AssociationRequest.status == RequestStatus.WAITING),
                     "/account/partners"),
            TodoItem("todo.authorizations", _count(session, Authorization, Authorization.customer_id == actor.customer_id,
                     Authorization.status == AuthorizationStatus.AWAITING_CUSTOMER), "/account/authorizations"),
        ]
    return [i for i in items if i.count]


def partner_home(session: Session, *, actor: Actor) -> HomeView:
    quota_left, pipeline = "", []
    if actor.is_partner:
        today = clock.today()
        quotas = session.exec(select(VoucherQuota).where(VoucherQuota.partner_id == actor.partner_id,
                                                         VoucherQuota.valid_until >= today)).all()
        by_cur: dict[str, Decimal] = {}
        for q in quotas:
            by_cur[q.currency] = by_cur.get(q.currency, Decimal(0)) + (q.total - q.issued)
        quota_left = " · ".join(fmt_money(v, c) for c, v in sorted(by_cur.items())) or fmt_money(Decimal(0), "CNY")
        q = select(Opportunity.stage, func.count(), func.sum(Opportunity.amount)).where(
            Opportunity.partner_id == actor.partner_id).group_by(Opportunity.stage)
        if not actor.is_partner_admin:
            q = q.where(Opportunity.owner_id == actor.user_id)
        rows = {stage: (n, amount or 0) for stage, n, amount in session.exec(q)}
        top = max([n for n, _ in rows.values()] or [1])
        pipeline = [StageCount(stage=s, count=rows.get(s, (0, 0))[0],
                               percent=int(100 * rows.get(s, (0, 0))[0] / top) if top else 0,
                               amount=fmt_money(Decimal(rows.get(s, (0, 0))[1]), "CNY"))
                    for s in PIPELINE_STAGES]
    recent = [notification_view(n) for n in notify.recent(session, actor.user_id, 5)]
    return HomeView(todos=todos(session, actor), quota_left=quota_left, pipeline=pipeline, recent=recent)
