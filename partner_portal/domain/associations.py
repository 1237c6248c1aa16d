"""Partner–customer associations (PRODUCT.md §4, seed §3): My Customers for partners, My Partners for customers.

Requests move ``waiting`` → ``accepted`` | ``rejected`` | ``cancelled`` by a conditional update, so two tabs
or two people never both decide one request. The customer answers partner-initiated requests with a
verification code; the partner's admin processes the dissociations customers file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, func, select

from partner_portal.models import (
    Association, AssociationRequest, AssociationType, Customer, CustomerReport, Partner, ReportStatus, RequestKind,
    RequestStatus, Role, User,
)

from . import audit, clock, notify, verification
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .masking import mask_email, mask_mobile, mask_name
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_customer_row, access_partner_row, require
from .views import fmt_dt

CODE_PURPOSE = "association_request"
DISSOCIATION_LIMIT = 3  # per partner and per customer, in any 3 months
ASSOCIATION_TYPES = [t.value for t in AssociationType]
REVEALABLE = {"name": "name", "account": "account_name", "mobile": "mobile", "email": "email"}

SUBMITTED = ("Your request to dissociate from the partner has been submitted. You will be notified as soon as the "
             "partner has processed it; please wait.")
R_LIMIT_PARTNER = "Your company has already filed 3 dissociations in the last 3 months. Try again later."
R_LIMIT_CUSTOMER = "You have already filed 3 dissociations in the last 3 months. Try again later."
R_IN_FLIGHT = "A request for this association is already waiting to be processed."
R_SAME_TYPE = "The association already has this type."
R_DECIDED = "This request has already been processed."


def months_ago(now: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's last day)."""
    y, m = divmod(now.month - 1 - months, 12)
    year, month = now.year + y, m + 1
    for day in range(now.day, 27, -1):
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return now.replace(year=year, month=month, day=min(now.day, 28))


def dissociations_filed(session: Session, *, initiator: str, partner_id: int | None = None,
                        customer_id: int | None = None) -> int:
    q = select(func.count()).select_from(AssociationRequest).where(
        AssociationRequest.kind == RequestKind.DISSOCIATE, AssociationRequest.initiator == initiator,
        AssociationRequest.created_at > months_ago(clock.now(), 3))
    if partner_id is not None:
        q = q.where(AssociationRequest.partner_id == partner_id)
    if customer_id is not None:
        q = q.where(AssociationRequest.customer_id == customer_id)
    return session.exec(q).one()


# ---------------------------------------------------------------- views
@dataclass(frozen=True)
class CustomerRow:
    """One associated customer on My Customers, masked."""
    id: int  # the association's id
    name: str
    account: str
    mobile: str
    email: str
    association_type: str
    since: str
    pending: str  # kind of the request waiting on this association, or ""

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class RequestRow:
    id: int
    customer: str  # masked (partner side) or the partner's name (customer side)
    kind: str
    initiator: str
    new_type: str
    status: str
    created_at: str
    can_process: str  # "1" when the viewer may decide it

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class PartnerRow:
    """One partner on the customer's My Partners."""
    id: int  # the association's id
    partner: str
    association_type: str
    since: str
    pending: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def _waiting_by_association(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(AssociationRequest).where(col(AssociationRequest.association_id).in_(ids),
                                                         AssociationRequest.status == RequestStatus.WAITING))
    return {r.association_id: r.kind for r in rows}


# ---------------------------------------------------------------- partner side: My Customers
def _my_customers_query(actor: Actor, search: str):
    q = select(Association).where(Association.partner_id == actor.partner_id, Association.active == True)  # noqa: E712
    s = (search or "").strip()[:100]
    if s:
        matching = select(Customer.id).where(or_(Customer.mobile == s, Customer.account_name == s,
                                                 col(Customer.name).startswith(s)))
        q = q.where(col(Association.customer_id).in_(matching))
    return q


def _customer_rows(session: Session, assocs: list[Association]) -> list[CustomerRow]:
    customers = {c.id: c for c in session.exec(select(Customer).where(
        col(Customer.id).in_([a.customer_id for a in assocs])))}
    waiting = _waiting_by_association(session, [a.id for a in assocs])
    out = []
    for a in assocs:
        c = customers[a.customer_id]
        out.append(CustomerRow(id=a.id, name=mask_name(c.name), account=mask_name(c.account_name),
                               mobile=mask_mobile(c.mobile), email=mask_email(c.email),
                               association_type=a.association_type, since=fmt_dt(a.created_at),
                               pending=waiting.get(a.id, "")))
    return out


def list_my_customers(session: Session, *, actor: Actor, req: PageRequest, search: str = "") -> Page:
    require(actor, Permission.SALES)
    page = keyset(session, _my_customers_query(actor, search), Association, req, sortable=("id", "created_at"))
    return Page(rows=_customer_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_my_customers(session: Session, *, actor: Actor, search: str = "") -> list[CustomerRow]:
    require(actor, Permission.SALES)
    return _customer_rows(session, all_rows(session, _my_customers_query(actor, search), Association))


def _active_association(session: Session, actor: Actor, association_id: int) -> Association:
    assoc = access_partner_row(session, actor, Association, association_id, "association")
    if not assoc.active or (actor.is_manager and not actor.is_partner):
        raise NotFound("association")
    return assoc


def reveal_customer_field(session: Session, *, actor: Actor, association_id: int, field: str) -> str:
    """The full value of one masked cell of an associated customer; audited."""
    require(actor, Permission.SALES)
    if field not in REVEALABLE:
        raise InvalidInput("field", "That field cannot be shown.")
    assoc = _active_association(session, actor, association_id)
    customer = session.get(Customer, assoc.customer_id)
    audit.record(session, actor, "reveal", "customer", customer.id, after={"field": field, "via": f"association:{assoc.id}"},
                 partner_id=actor.partner_id, customer_id=customer.id)
    session.commit()
    return getattr(customer, REVEALABLE[field])


def _requests_query(actor: Actor, status: str):
    q = select(AssociationRequest).where(AssociationRequest.partner_id == actor.partner_id)
    if status == "all":
        return q
    if status not in {s.value for s in RequestStatus}:
        raise InvalidInput("status", "Unknown status.")
    return q.where(AssociationRequest.status == status)


def _request_rows(session: Session, actor: Actor, reqs: list[AssociationRequest]) -> list[RequestRow]:
    customers = {c.id: c for c in session.exec(select(Customer).where(
        col(Customer.id).in_([r.customer_id for r in reqs])))}
    return [RequestRow(id=r.id, customer=mask_name(customers[r.customer_id].name), kind=r.kind, initiator=r.initiator,
                       new_type=r.new_type, status=r.status, created_at=fmt_dt(r.created_at),
                       can_process="1" if (r.status == RequestStatus.WAITING and r.initiator == "customer"
                                           and actor.is_partner_admin) else "")
            for r in reqs]


def list_partner_requests(session: Session, *, actor: Actor, req: PageRequest, status: str = "waiting") -> Page:
    """Requests in flight between the partner and its customers (both directions)."""
    require(actor, Permission.SALES)
    page = keyset(session, _requests_query(actor, status), AssociationRequest, req, sortable=("id", "created_at"))
    return Page(rows=_request_rows(session, actor, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_partner_requests(session: Session, *, actor: Actor, status: str = "waiting") -> list[RequestRow]:
    require(actor, Permission.SALES)
    return _request_rows(session, actor, all_rows(session, _requests_query(actor, status), AssociationRequest))


def _customer_users(session: Session, customer_id: int) -> list[User]:
    return list(session.exec(select(User).where(User.customer_id == customer_id, User.role == Role.CUSTOMER,
                                                User.active == True)))  # noqa: E712


def _tell_customer(session: Session, customer: Customer, title: str, body: str) -> None:
    for u in _customer_users(session, customer.id):
        notify.notify(session, user_id=u.id, title=title, body=body, link="/account/partners")
    if customer.email:
        notify.send_email(session, to=customer.email, subject=title, body=body)


def _ensure_none_waiting(session: Session, assoc: Association) -> None:
    if session.exec(select(AssociationRequest.id).where(AssociationRequest.association_id == assoc.id,
                                                        AssociationRequest.status == RequestStatus.WAITING)).first():
        raise PermissionDenied(R_IN_FLIGHT)


def _partner_request(session: Session, actor: Actor, assoc: Association, kind: str, new_type: str = "") -> int:
    now = clock.now()
    request = AssociationRequest(partner_id=assoc.partner_id, customer_id=assoc.customer_id, association_id=assoc.id,
                                 kind=kind, initiator="partner", new_type=new_type, created_by=actor.user_id,
                                 created_at=now)
    session.add(request)
    session.flush()
    audit.record(session, actor, f"request_{kind}", "association_request", request.id,
                 after={"association": assoc.id, "new_type": new_type}, partner_id=assoc.partner_id,
                 customer_id=assoc.customer_id)
    partner = session.get(Partner, assoc.partner_id)
    what = ("to dissociate from your account" if kind == RequestKind.DISSOCIATE
            else f"to switch your association type to {new_type}")
    _tell_customer(session, session.get(Customer, assoc.customer_id), f"{partner.name} asks {what}",
                   "Open Account Center › My Partners and click Process Now to accept or reject it.")
    session.commit()
    return request.id


def request_dissociation(session: Session, *, actor: Actor, association_id: int) -> int:
    """A partner admin asks the customer to dissociate; the customer answers with a code."""
    require(actor, Permission.DISSOCIATE)
    assoc = _active_association(session, actor, association_id)
    _ensure_none_waiting(session, assoc)
    if dissociations_filed(session, initiator="partner", partner_id=actor.partner_id) >= DISSOCIATION_LIMIT:
        raise PermissionDenied(R_LIMIT_PARTNER)
    return _partner_request(session, actor, assoc, RequestKind.DISSOCIATE)


def request_type_switch(session: Session, *, actor: Actor, association_id: int, new_type: str) -> int:
    """A partner admin asks the customer to switch the association type (referral ↔ resale)."""
    require(actor, Permission.DISSOCIATE)
    if new_type not in ASSOCIATION_TYPES:
        raise InvalidInput("new_type", "Choose referral or resale.")
    assoc = _active_association(session, actor, association_id)
    if assoc.association_type == new_type:
        raise InvalidInput("new_type", R_SAME_TYPE)
    _ensure_none_waiting(session, assoc)
    return _partner_request(session, actor, assoc, RequestKind.SWITCH_TYPE, new_type)


def _claim(session: Session, request: AssociationRequest, status: str, actor: Actor) -> None:
    """waiting → status, for exactly one caller."""
    won = session.exec(sa_update(AssociationRequest).where(AssociationRequest.id == request.id,
                                                           AssociationRequest.status == RequestStatus.WAITING)
                       .values(status=status, processed_at=clock.now(), processed_by=actor.user_id)).rowcount
    if not won:
        session.rollback()
        raise Conflict(R_DECIDED)
    session.refresh(request)


def _end(session: Session, assoc: Association) -> None:
    assoc.active, assoc.ended_at = False, clock.now()


def process_customer_request(session: Session, *, actor: Actor, request_id: int, decision: str) -> str:
    """The partner admin accepts or rejects a dissociation the customer filed; the customer is told."""
    require(actor, Permission.DISSOCIATE)
    if decision not in ("accept", "reject"):
        raise InvalidInput("decision", "Choose accept or reject.")
    request = access_partner_row(session, actor, AssociationRequest, request_id, "request")
    if request.initiator != "customer" or actor.is_manager:
        raise NotFound("request")
    if request.status != RequestStatus.WAITING:
        raise Conflict(R_DECIDED)
    _claim(session, request, RequestStatus.ACCEPTED if decision == "accept" else RequestStatus.REJECTED, actor)
    assoc = session.get(Association, request.association_id)
    partner = session.get(Partner, request.partner_id)
    if decision == "accept" and assoc and assoc.active:
        _end(session, assoc)
    audit.record(session, actor, f"{decision}_dissociation", "association_request", request.id,
                 before={"status": "waiting"}, after={"status": request.status, "association": request.association_id},
                 partner_id=request.partner_id, customer_id=request.customer_id)
    result = "accepted: you are no longer associated" if decision == "accept" else "rejected: the association remains"
    _tell_customer(session, session.get(Customer, request.customer_id),
                   f"{partner.name} processed your dissociation request",
                   f"Your request to dissociate from {partner.name} was {result}.")
    session.commit()
    return request.status


# ---------------------------------------------------------------- customer side: My Partners
def _customer_associations(session: Session, actor: Actor) -> list[Association]:
    return list(session.exec(select(Association).where(Association.customer_id == actor.customer_id,
                                                       Association.active == True)  # noqa: E712
                             .order_by(col(Association.id).desc()).limit(200)))


def my_partners(session: Session, *, actor: Actor, req: PageRequest | None = None) -> Page:
    """The customer's partners (one page)."""
    require(actor, Permission.MY_PARTNERS)
    q = select(Association).where(Association.customer_id == actor.customer_id, Association.active == True)  # noqa: E712
    page = keyset(session, q, Association, req or PageRequest(), sortable=("id", "created_at"))
    partners = {p.id: p for p in session.exec(select(Partner).where(
        col(Partner.id).in_([a.partner_id for a in page.rows])))}
    waiting = _waiting_by_association(session, [a.id for a in page.rows])
    rows = [PartnerRow(id=a.id, partner=partners[a.partner_id].name, association_type=a.association_type,
                       since=fmt_dt(a.created_at), pending=waiting.get(a.id, "")) for a in page.rows]
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


@dataclass(frozen=True)
class WaitingRequest:
    """A partner-initiated request the customer answers with Process Now."""
    id: int
    partner: str
    kind: str
    new_type: str
    current_type: str
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def waiting_requests(session: Session, *, actor: Actor) -> list[WaitingRequest]:
    require(actor, Permission.MY_PARTNERS)
    rows = session.exec(select(AssociationRequest).where(
        AssociationRequest.customer_id == actor.customer_id, AssociationRequest.initiator == "partner",
        AssociationRequest.status == RequestStatus.WAITING).order_by(col(AssociationRequest.id).desc()).limit(50)).all()
    partners = {p.id: p for p in session.exec(select(Partner).where(col(Partner.id).in_([r.partner_id for r in rows])))}
    assocs = {a.id: a for a in session.exec(select(Association).where(
        col(Association.id).in_([r.association_id for r in rows if r.association_id])))}
    return [WaitingRequest(id=r.id, partner=partners[r.partner_id].name, kind=r.kind, new_type=r.new_type,
                           current_type=assocs[r.association_id].association_type if r.association_id in assocs else "",
                           created_at=fmt_dt(r.created_at)) for r in rows]


def my_dissociation_requests(session: Session, *, actor: Actor) -> list[RequestRow]:
    """Dissociations the customer filed, newest first (status of each)."""
    require(actor, Permission.MY_PARTNERS)
    rows = session.exec(select(AssociationRequest).where(
        AssociationRequest.customer_id == actor.customer_id, AssociationRequest.initiator == "customer")
        .order_by(col(AssociationRequest.id).desc()).limit(20)).all()
    partners = {p.id: p for p in session.exec(select(Partner).where(col(Partner.id).in_([r.partner_id for r in rows])))}
    return [RequestRow(id=r.id, customer=partners[r.partner_id].name, kind=r.kind, initiator=r.initiator,
                       new_type=r.new_type, status=r.status, created_at=fmt_dt(r.created_at), can_process="")
            for r in rows]


def _waiting_for_customer(session: Session, actor: Actor, request_id: int) -> AssociationRequest:
    require(actor, Permission.MY_PARTNERS)
    request = access_customer_row(session, actor, AssociationRequest, request_id, "request")
    if request.initiator != "partner":
        raise NotFound("request")
    if request.status != RequestStatus.WAITING:
        raise Conflict(R_DECIDED)
    return request


def send_request_code(session: Session, *, actor: Actor, request_id: int) -> None:
    """Send a verification code to the customer's mobile and e-mail (through the outbox)."""
    request = _waiting_for_customer(session, actor, request_id)
    user = session.get(User, actor.user_id)
    customer = session.get(Customer, actor.customer_id)
    verification.send_code(session, purpose=CODE_PURPOSE, target_id=request.id, user=user, mobile=customer.mobile,
                           subject="Your verification code", what="process a partner request")


def answer_request(session: Session, *, actor: Actor, request_id: int, decision: str, code: str) -> str:
    """The customer accepts or rejects a partner-initiated request, confirmed by a verification code."""
    request = _waiting_for_customer(session, actor, request_id)
    if decision not in ("accept", "reject"):
        raise InvalidInput("decision", "Choose Accept or Reject.")
    user = session.get(User, actor.user_id)
    verification.check_code(session, purpose=CODE_PURPOSE, target_id=request.id, user=user, code=str(code or "")[:20])
    now = clock.now()
    report = session.get(CustomerReport, request.report_id) if request.report_id else None
    if decision == "accept" and request.kind == RequestKind.ASSOCIATE:
        if report is None or report.status != ReportStatus.REPORTED or not report.valid_until or report.valid_until <= now:
            session.commit()  # the code is used up either way
            raise PermissionDenied("This association request has expired.")
    _claim(session, request, RequestStatus.ACCEPTED if decision == "accept" else RequestStatus.REJECTED, actor)
    assoc = session.get(Association, request.association_id) if request.association_id else None
    if decision == "accept":
        if request.kind == RequestKind.ASSOCIATE:
            assoc = Association(partner_id=request.partner_id, customer_id=request.customer_id,
                                association_type=request.new_type or report.association_type, created_at=now)
            session.add(assoc)
            session.flush()
            request.association_id = assoc.id
            report.status, report.version = ReportStatus.ASSOCIATED, report.version + 1
        elif assoc is None or not assoc.active:
            raise Conflict("The association has already ended.")
        elif request.kind == RequestKind.DISSOCIATE:
            _end(session, assoc)
        else:
            assoc.association_type = request.new_type
    audit.record(session, actor, f"{decision}_{request.kind}", "association_request", request.id,
                 before={"status": "waiting"}, after={"status": request.status, "association": request.association_id},
                 partner_id=request.partner_id, customer_id=request.customer_id)
    customer = session.get(Customer, request.customer_id)
    word = "accepted" if decision == "accept" else "rejected"
    label = {"associate": "association", "dissociate": "dissociation", "switch_type": "association type switch"}[request.kind]
    notify.notify_partner(session, partner_id=request.partner_id, admins_only=True,
                          title=f"A customer {word} your {label} request",
                          body=f"{mask_name(customer.name)} {word} the request.", link="/sales/customers")
    session.commit()
    return request.status


def customer_request_dissociation(session: Session, *, actor: Actor, association_id: int) -> str:
    """The customer asks to dissociate from a partner; the partner's admin processes it."""
    require(actor, Permission.MY_PARTNERS)
    assoc = access_customer_row(session, actor, Association, association_id, "association")
    if not assoc.active:
        raise NotFound("association")
    _ensure_none_waiting(session, assoc)
    if dissociations_filed(session, initiator="customer", customer_id=actor.customer_id) >= DISSOCIATION_LIMIT:
        raise PermissionDenied(R_LIMIT_CUSTOMER)
    request = AssociationRequest(partner_id=assoc.partner_id, customer_id=assoc.customer_id, association_id=assoc.id,
                                 kind=RequestKind.DISSOCIATE, initiator="customer", created_by=actor.user_id,
                                 created_at=clock.now())
    session.add(request)
    session.flush()
    audit.record(session, actor, "request_dissociate", "association_request", request.id,
                 after={"association": assoc.id}, partner_id=assoc.partner_id, customer_id=assoc.customer_id)
    customer = session.get(Customer, assoc.customer_id)
    notify.notify_partner(session, partner_id=assoc.partner_id, admins_only=True,
                          title="A customer asks to dissociate", body=f"{mask_name(customer.name)} filed a dissociation request.",
                          link="/sales/customers")
    session.commit()
    return SUBMITTED
