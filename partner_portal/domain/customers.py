"""Customer reports (Sales › Expand › Customer Expansion › Online Expansion)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, union
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, func, select

from partner_portal.models import (
    Association, AssociationRequest, AssociationType, Customer, CustomerReport, DistributorStatus, Partner, PartnerKind,
    ReportStatus, RequestKind, RequestStatus, Role, User,
)

from . import audit, clock, jobs, notify, reviews
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
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


def matching_customers(term: str):
    """Ids of customers whose mobile or account name is exactly ``term`` or whose name starts with it.

    Three index lookups (the prefix as a range on the name index), so search costs the same at 1M rows.
    """
    return union(
        select(Customer.id).where(Customer.mobile == term),
        select(Customer.id).where(Customer.account_name == term),
        select(Customer.id).where(col(Customer.name) >= term, col(Customer.name) < term + "\U0010ffff"),
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
        q = q.where(col(CustomerReport.customer_id).in_(matching_customers(s)))
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


# ---------------------------------------------------------------- reporting rules (PRODUCT.md §4)
CAP = 100  # pending + reported reports a partner may hold at once
VALIDITY = dt.timedelta(days=15)
REMIND_BEFORE = dt.timedelta(days=3)
MANUAL_REVIEW_AFTER = dt.timedelta(days=7)
PROTECTED = (ReportStatus.PENDING, ReportStatus.REPORTED)
ASSOCIATION_TYPES = [t.value for t in AssociationType]
INDUSTRIES = ["Retail", "Manufacturing", "Finance", "Healthcare", "Education", "Logistics", "Media", "Energy",
              "Government", "Internet", "Other"]

MOBILE_RE = re.compile(r"^(1[3-9]\d{9}|\+\d{8,15})$")
ACCOUNT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{2,49}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Reasons name the rule, never the other partner.
R_EXITED = "Your distributor has been delisted and exited, so you cannot report customers."
R_NO_DISTRIBUTOR = "Your company is not linked to an active distributor, so you cannot report customers."
R_CAP = "Your company already holds 100 pending or reported customers. Wait until some are associated or expire."
R_ASSOCIATED_OURS = "This customer is already associated with your company."
R_ASSOCIATED = "This customer is already associated with a partner and cannot be reported."
R_REPORTED_OURS = "Your company has already reported this customer."
R_REPORTED_ELSEWHERE = "This customer has already been reported by another partner and is still protected."
R_ACCOUNT_MISMATCH = "This mobile number belongs to a different customer account."
OK_NEW = "The customer can be reported."
OK_REVIEW = "The customer can be reported. The report goes to manual review because the customer registered more than 7 days ago or is already spending."


@dataclass(frozen=True)
class ConflictResult:
    ok: bool
    reason: str
    field: str = ""  # the form field the refusal concerns, if any


def report_block_reason(session: Session, *, actor: Actor) -> str:
    """Why this partner cannot report customers at all right now ("" when it can)."""
    require(actor, Permission.REPORT_CUSTOMER)
    if actor.partner_kind != PartnerKind.CLOUD_RESELLER:
        return ""
    partner = session.get(Partner, actor.partner_id)
    distributor = session.get(Partner, partner.distributor_id) if partner and partner.distributor_id else None
    if distributor is None:
        return R_NO_DISTRIBUTOR
    if distributor.distributor_status == DistributorStatus.DELISTED:
        return R_EXITED
    return ""


def _clean(value, limit: int) -> str:
    return str(value if value is not None else "").strip()[:limit + 1]


def _matches(session: Session, *, name: str, account_name: str, mobile: str) -> list[tuple[str, Customer]]:
    """Customers the input points at: by exact account name, exact mobile, exact name."""
    found: list[tuple[str, Customer]] = []
    if account_name:
        c = session.exec(select(Customer).where(Customer.account_name == account_name)).first()
        if c:
            found.append(("account_name", c))
    if mobile:
        for c in session.exec(select(Customer).where(Customer.mobile == mobile).limit(5)):
            found.append(("mobile", c))
    if name:
        for c in session.exec(select(Customer).where(Customer.name == name).limit(5)):
            found.append(("name", c))
    return found


def _customer_conflict(session: Session, actor: Actor, customer: Customer, field: str) -> ConflictResult | None:
    now = clock.now()
    assoc = session.exec(select(Association).where(Association.customer_id == customer.id,
                                                   Association.active == True)).all()  # noqa: E712
    if any(a.partner_id == actor.partner_id for a in assoc):
        return ConflictResult(False, R_ASSOCIATED_OURS, field)
    if assoc:
        return ConflictResult(False, R_ASSOCIATED, field)
    for r in session.exec(select(CustomerReport).where(CustomerReport.customer_id == customer.id,
                                                       col(CustomerReport.status).in_(PROTECTED))):
        if r.status == ReportStatus.REPORTED and r.valid_until and r.valid_until <= now:
            continue  # protection over; the expiry job has not run yet
        return ConflictResult(False, R_REPORTED_OURS if r.partner_id == actor.partner_id else R_REPORTED_ELSEWHERE, field)
    return None


def _held(session: Session, partner_id: int) -> int:
    return session.exec(select(func.count()).select_from(CustomerReport).where(
        CustomerReport.partner_id == partner_id, col(CustomerReport.status).in_(PROTECTED))).one()


def _needs_review(customer: Customer | None) -> bool:
    return customer is not None and (customer.has_spending or customer.registered_at < clock.now() - MANUAL_REVIEW_AFTER)


def _check(session: Session, actor: Actor, name: str, account_name: str, mobile: str) -> tuple[ConflictResult, Customer | None]:
    block = report_block_reason(session, actor=actor)
    if block:
        return ConflictResult(False, block), None
    if _held(session, actor.partner_id) >= CAP:
        return ConflictResult(False, R_CAP), None
    found = _matches(session, name=name, account_name=account_name, mobile=mobile)
    for field, c in found:
        conflict = _customer_conflict(session, actor, c, field)
        if conflict:
            return conflict, c
    by_account = next((c for f, c in found if f == "account_name"), None)
    by_mobile = [c for f, c in found if f == "mobile"]
    if by_account and by_mobile and any(c.id != by_account.id for c in by_mobile):
        return ConflictResult(False, R_ACCOUNT_MISMATCH, "mobile"), None
    customer = by_account or (by_mobile[0] if len(by_mobile) == 1 else None)
    return ConflictResult(True, OK_REVIEW if _needs_review(customer) else OK_NEW), customer


def conflict_check(session: Session, *, actor: Actor, name: str, account_name: str, mobile: str) -> ConflictResult:
    """Before the form is filled: may this customer be reported by the actor's company, and if not, why."""
    require(actor, Permission.REPORT_CUSTOMER)
    name, account_name, mobile = _clean(name, 100), _clean(account_name, 50), _clean(mobile, 20).replace(" ", "")
    if not (name or account_name or mobile):
        raise InvalidInput("account_name", "Enter the customer's name, account name or mobile number.")
    if len(name) > 100:
        raise InvalidInput("name", "Use at most 100 characters.")
    if len(account_name) > 50:
        raise InvalidInput("account_name", "Use at most 50 characters.")
    if mobile and not MOBILE_RE.match(mobile):
        raise InvalidInput("mobile", "Enter an 11-digit mobile number (or + and country code).")
    return _check(session, actor, name, account_name, mobile)[0]


def _validate_form(form: dict) -> dict[str, str]:
    f = {k: _clean((form or {}).get(k), 500 if k == "remark" else 100) for k in
         ("name", "account_name", "mobile", "email", "industry", "region", "association_type", "remark")}
    f["mobile"] = f["mobile"].replace(" ", "")
    if not f["name"]:
        raise InvalidInput("name", "Enter the customer's name.")
    if len(f["name"]) > 100:
        raise InvalidInput("name", "Use at most 100 characters.")
    if not f["account_name"]:
        raise InvalidInput("account_name", "Enter the customer's account name.")
    if not ACCOUNT_RE.match(f["account_name"]):
        raise InvalidInput("account_name", "Use 3 to 50 letters, digits, dots, dashes or underscores.")
    if not f["mobile"]:
        raise InvalidInput("mobile", "Enter the customer's mobile number.")
    if not MOBILE_RE.match(f["mobile"]):
        raise InvalidInput("mobile", "Enter an 11-digit mobile number (or + and country code).")
    if f["email"] and (len(f["email"]) > 100 or not EMAIL_RE.match(f["email"])):
        raise InvalidInput("email", "Enter a valid e-mail address.")
    if f["industry"] and f["industry"] not in INDUSTRIES:
        raise InvalidInput("industry", "Choose an industry from the list.")
    if len(f["region"]) > 50:
        raise InvalidInput("region", "Use at most 50 characters.")
    if f["association_type"] not in ASSOCIATION_TYPES:
        raise InvalidInput("association_type", "Choose referral or resale.")
    if len(f["remark"]) > 500:
        raise InvalidInput("remark", "Use at most 500 characters.")
    return f


def _customer_users(session: Session, customer_id: int) -> list[User]:
    return list(session.exec(select(User).where(User.customer_id == customer_id, User.role == Role.CUSTOMER,
                                                User.active == True)))  # noqa: E712


def _become_reported(session: Session, actor: Actor | None, report: CustomerReport) -> AssociationRequest:
    """The report is now exclusive for 15 days; the customer gets an association request."""
    now = clock.now()
    report.status, report.reported_at, report.valid_until = ReportStatus.REPORTED, now, now + VALIDITY
    request = AssociationRequest(partner_id=report.partner_id, customer_id=report.customer_id, report_id=report.id,
                                 kind=RequestKind.ASSOCIATE, initiator="partner", new_type=report.association_type,
                                 created_by=report.reported_by, created_at=now)
    session.add(request)
    session.flush()
    partner = session.get(Partner, report.partner_id)
    customer = session.get(Customer, report.customer_id)
    for u in _customer_users(session, customer.id):
        notify.notify(session, user_id=u.id, title=f"{partner.name} asks to associate with your account",
                      body="Open My Partners and click Process Now to accept or reject it.", link="/account/partners")
    if customer.email:
        notify.send_email(session, to=customer.email, subject="A partner asks to associate with your account",
                          body=f"{partner.name} asks to become your {report.association_type} partner on the Platform. "
                               "Sign in to Account Center › My Partners to accept or reject the request.")
    audit.record(session, actor, "request_association", "association_request", request.id,
                 after={"report": report.id, "type": report.association_type},
                 partner_id=report.partner_id, customer_id=report.customer_id)
    return request


def report_customer(session: Session, *, actor: Actor, form: dict) -> int:
    """Report a customer: the conflict check again, then pending (manual review) or reported at once."""
    require(actor, Permission.REPORT_CUSTOMER)
    f = _validate_form(form)
    result, customer = _check(session, actor, f["name"], f["account_name"], f["mobile"])
    if not result.ok:
        if result.field:
            raise InvalidInput(result.field, result.reason)
        raise PermissionDenied(result.reason)
    now = clock.now()
    if customer is None:  # not on the Platform yet: the report registers the prospect
        customer = Customer(name=f["name"], account_name=f["account_name"], mobile=f["mobile"], email=f["email"],
                            industry=f["industry"], region=f["region"], registered_at=now)
        session.add(customer)
        session.flush()
    review = _needs_review(customer)
    report = CustomerReport(partner_id=actor.partner_id, customer_id=customer.id, reported_by=actor.user_id,
                            association_type=f["association_type"], status=ReportStatus.PENDING, manual_review=review,
                            remark=f["remark"], created_at=now)
    session.add(report)
    session.flush()
    # Two partners racing for one customer: the earlier report wins, the later one is refused.
    first = session.exec(select(CustomerReport.id).where(CustomerReport.customer_id == customer.id,
                                                         col(CustomerReport.status).in_(PROTECTED))
                         .order_by(col(CustomerReport.id))).first()
    if first != report.id:
        session.rollback()
        raise InvalidInput("account_name", R_REPORTED_ELSEWHERE)
    audit.record(session, actor, "report_customer", "customer_report", report.id,
                 after={"customer": customer.id, "type": report.association_type, "manual_review": review},
                 partner_id=actor.partner_id, customer_id=customer.id)
    if review:
        notify.notify_managers(session, title="A customer report awaits manual review",
                               body=f"Report #{report.id}", link="/console/reviews/customer-reports")
    else:
        _become_reported(session, actor, report)
    session.commit()
    return report.id


def opportunity_customers(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Customers the actor's company may open opportunities for: reported and valid, or associated."""
    require(actor, Permission.SALES)
    now = clock.now()
    reported = select(CustomerReport.customer_id).where(
        CustomerReport.partner_id == actor.partner_id, CustomerReport.status == ReportStatus.REPORTED,
        CustomerReport.valid_until > now)
    associated = select(Association.customer_id).where(Association.partner_id == actor.partner_id,
                                                       Association.active == True)  # noqa: E712
    rows = session.exec(select(Customer).where(or_(col(Customer.id).in_(reported), col(Customer.id).in_(associated)))
                        .order_by(col(Customer.id).desc()).limit(500))
    return [(c.id, f"{mask_name(c.name)} ({mask_name(c.account_name)})") for c in rows]


# ---------------------------------------------------------------- the manual-review queue
def _pending_review_query():
    return select(CustomerReport).where(CustomerReport.status == ReportStatus.PENDING,
                                        CustomerReport.manual_review == True)  # noqa: E712


def _review_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, _pending_review_query(), CustomerReport, req, sortable=("id", "created_at"))
    now = clock.now()
    rows = []
    for r in page.rows:
        c = session.get(Customer, r.customer_id)
        p = session.get(Partner, r.partner_id)
        why = []
        days = (now - c.registered_at).days
        if days > 7:
            why.append(f"registered {days} days ago")
        if c.has_spending:
            why.append("already spending")
        rows.append({"id": str(r.id), "subject": f"{mask_name(c.name)} · {mask_name(c.account_name)}",
                     "partner": p.name if p else "", "submitted_at": fmt_dt(r.created_at),
                     "details": f"{r.association_type}; {', '.join(why) or 'manual review'}"
                                + (f"; remark: {r.remark}" if r.remark else "")})
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _decide(session: Session, actor: Actor, item_id: int, approve: bool, comment: str) -> None:
    require(actor, Permission.REVIEW)
    report = session.get(CustomerReport, item_id) if item_id else None
    if report is None or report.status != ReportStatus.PENDING or not report.manual_review:
        raise NotFound("customer report")
    # Exactly one reviewer wins: a conditional update on the version.
    won = session.exec(sa_update(CustomerReport).where(CustomerReport.id == report.id,
                                                       CustomerReport.version == report.version)
                       .values(version=report.version + 1)).rowcount
    if not won:
        session.rollback()
        raise Conflict("Another reviewer has already decided this report.")
    session.refresh(report)
    before = audit.snapshot(report, "status")
    report.review_comment = comment
    customer = session.get(Customer, report.customer_id)
    if approve:
        _become_reported(session, actor, report)
        title, body = "Your customer report was approved", f"{mask_name(customer.name)} is reported for 15 days."
    else:
        report.status = ReportStatus.REJECTED
        title, body = "Your customer report was rejected", f"{mask_name(customer.name)}: {comment}"
    audit.record(session, actor, "approve" if approve else "reject", "customer_report", report.id, before=before,
                 after={"status": report.status, "comment": comment}, partner_id=report.partner_id,
                 customer_id=report.customer_id)
    notify.notify_partner(session, partner_id=report.partner_id, title=title, body=body,
                          link="/sales/customer-expansion")
    session.commit()


def approve_report(session: Session, *, actor: Actor, item_id: int, comment: str = "") -> None:
    _decide(session, actor, item_id, True, comment)


def reject_report(session: Session, *, actor: Actor, item_id: int, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the applicant will see it.")
    _decide(session, actor, item_id, False, comment.strip())


def _review_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(CustomerReport).where(
        CustomerReport.status == ReportStatus.PENDING, CustomerReport.manual_review == True)).one()  # noqa: E712


reviews.register(reviews.ReviewQueue(kind="customer-reports", title="Customer reports", list=_review_list,
                                     approve=approve_report, reject=reject_report, count=_review_count, order=20))


# ---------------------------------------------------------------- time-based rules
@jobs.job("customer_reports_expiry")
def expire_reports(session: Session) -> int:
    """Reported for 15 days without an association → expired; its association request is withdrawn."""
    now = clock.now()
    changed = 0
    for r in session.exec(select(CustomerReport).where(CustomerReport.status == ReportStatus.REPORTED,
                                                       CustomerReport.valid_until <= now).limit(500)).all():
        r.status = ReportStatus.EXPIRED
        r.version += 1
        for req in session.exec(select(AssociationRequest).where(AssociationRequest.report_id == r.id,
                                                                 AssociationRequest.status == RequestStatus.WAITING)):
            req.status, req.processed_at = RequestStatus.CANCELLED, now
        c = session.get(Customer, r.customer_id)
        audit.record(session, None, "expire", "customer_report", r.id, before={"status": "reported"},
                     after={"status": "expired"}, partner_id=r.partner_id, customer_id=r.customer_id)
        notify.notify_partner(session, partner_id=r.partner_id, title="A customer report has expired",
                              body=f"{mask_name(c.name)}: 15 days passed without an association.",
                              link="/sales/customer-expansion", dedupe_key=f"report-expired:{r.id}")
        changed += 1
    return changed


@jobs.job("customer_reports_reminder")
def remind_reports(session: Session) -> int:
    """Three days before a report expires, the partner is reminded (once)."""
    now = clock.now()
    changed = 0
    for r in session.exec(select(CustomerReport).where(
            CustomerReport.status == ReportStatus.REPORTED, CustomerReport.reminder_sent == False,  # noqa: E712
            CustomerReport.valid_until <= now + REMIND_BEFORE, CustomerReport.valid_until > now).limit(500)).all():
        c = session.get(Customer, r.customer_id)
        r.reminder_sent = True
        notify.notify_partner(session, partner_id=r.partner_id, title="A customer report expires in 3 days",
                              body=f"{mask_name(c.name)} is protected until {fmt_dt(r.valid_until)}.",
                              link="/sales/customer-expansion", dedupe_key=f"report-reminder:{r.id}")
        audit.record(session, None, "remind", "customer_report", r.id, partner_id=r.partner_id, customer_id=r.customer_id)
        changed += 1
    return changed
