"""Customer reports (Sales › Expand › Customer Expansion › Online Expansion)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from partner_portal.models import Customer, CustomerReport, ReportStatus

from . import audit
from .errors import InvalidInput
from .masking import mask_email, mask_mobile, mask_name
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_partner_row, require
from .views import fmt_dt

REPORT_STATUSES = [s.value for s in ReportStatus]
REVEALABLE = {"name": "name", "account": "account_name", "mobile": "mobile", "email": "email"}


@dataclass(frozen=True)
class ReportRow:
    id: int
    name: str  # masked
    account: str  # masked
    mobile: str  # masked
    association_type: str
    status: str
    reported_at: str
    valid_until: str
    review_comment: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def _row(report: CustomerReport, customer: Customer) -> ReportRow:
    return ReportRow(
        id=report.id, name=mask_name(customer.name), account=mask_name(customer.account_name),
        mobile=mask_mobile(customer.mobile), association_type=report.association_type, status=report.status,
        reported_at=fmt_dt(report.reported_at or report.created_at), valid_until=fmt_dt(report.valid_until),
        review_comment=report.review_comment,
    )


def _report_query(actor: Actor, search: str, status: str):
    q = select(CustomerReport).where(CustomerReport.partner_id == actor.partner_id)
    if status and status != "all":
        if status not in REPORT_STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(CustomerReport.status == status)
    s = (search or "").strip()
    if s:
        # Masked columns: exact mobile or account name, or a name prefix. Results stay masked.
        matching = select(Customer.id).where(or_(Customer.mobile == s, Customer.account_name == s,
                                                 col(Customer.name).startswith(s)))
        q = q.where(col(CustomerReport.customer_id).in_(matching))
    return q


def list_reports(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.SALES)
    page = keyset(session, _report_query(actor, search, status), CustomerReport, req,
                  sortable=("id", "created_at", "valid_until"))
    customers = {c.id: c for c in session.exec(select(Customer).where(
        col(Customer.id).in_([r.customer_id for r in page.rows])))}
    return Page(rows=[_row(r, customers[r.customer_id]) for r in page.rows], has_next=page.has_next,
                has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


def export_reports(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[ReportRow]:
    require(actor, Permission.SALES)
    rows = all_rows(session, _report_query(actor, search, status), CustomerReport)
    customers = {c.id: c for c in session.exec(select(Customer).where(
        col(Customer.id).in_([r.customer_id for r in rows])))}
    return [_row(r, customers[r.customer_id]) for r in rows]


def reveal_report_field(session: Session, *, actor: Actor, report_id: int, field: str) -> str:
    """The full value of one masked cell, for a user of the reporting partner; audited."""
    require(actor, Permission.SALES)
    if field not in REVEALABLE:
        raise InvalidInput("field", "That field cannot be shown.")
    report = access_partner_row(session, actor, CustomerReport, report_id, "customer report")
    customer = session.get(Customer, report.customer_id)
    audit.record(session, actor, "reveal", "customer", customer.id, after={"field": field, "via": f"report:{report.id}"},
                 partner_id=actor.partner_id, customer_id=customer.id)
    session.commit()
    return getattr(customer, REVEALABLE[field])


__all__ = ["list_reports", "export_reports", "reveal_report_field", "mask_email"]
