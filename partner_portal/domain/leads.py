"""Lead Management (Sales › Expand › Lead Management; PRODUCT.md §4, seed §18).

Leads move new → following → converted (into an opportunity) | closed. The
platform distributes leads to partners; a distributed lead nobody follows
within its SLA (default 48 h) is escalated to the ecosystem managers.

For partners in Marketing Plan 2.0 a lead's mobile and e-mail are
*anonymised*: views carry the word "Anonymised", there is no reveal, and the
partner reaches the lead only through the platform's call bridge.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlmodel import Session, col, select

from partner_portal.models import CallRecord, Lead, LeadEvent, LeadStatus, Partner, PartnerStatus, User

from . import audit, callbridge, clock, jobs, notify
from .errors import InvalidInput, NotFound, PermissionDenied
from .masking import mask_email, mask_mobile
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_partner_row, require
from .views import fmt_dt

ANONYMISED = "Anonymised"
LEAD_STATUSES = [s.value for s in LeadStatus]
SOURCES = ("website", "event", "referral", "campaign", "platform", "other")
DEFAULT_SLA_HOURS = 48
REVEALABLE = ("mobile", "email")
_MOBILE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Moves a partner may make by hand; "converted" happens only through an opportunity.
TRANSITIONS = {LeadStatus.NEW: {LeadStatus.FOLLOWING, LeadStatus.CLOSED},
               LeadStatus.FOLLOWING: {LeadStatus.CLOSED}}


@dataclass(frozen=True)
class LeadRow:
    id: int
    name: str
    company: str
    mobile: str  # masked, or "Anonymised"
    email: str  # masked, or "Anonymised"
    source: str
    product_interest: str
    status: str
    distributed: str  # "yes" | ""
    sla: str  # "" | "due <time>" | "overdue" | "escalated"
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    text: str
    actor: str
    at: str


@dataclass(frozen=True)
class CallView:
    id: int
    caller: str
    started_at: str
    duration: str
    outcome: str
    mine: bool = False


@dataclass(frozen=True)
class LeadDetail:
    lead: LeadRow
    anonymised: bool
    can_follow: bool
    can_close: bool
    can_convert: bool
    can_call: bool
    opportunity_id: int | None
    history: list[EventView] = field(default_factory=list)
    notes: list[EventView] = field(default_factory=list)
    calls: list[CallView] = field(default_factory=list)
    open_call_id: int | None = None  # a call of this viewer still in progress


# ---------------------------------------------------------------- helpers
def is_anonymised(session: Session, actor: Actor) -> bool:
    """Marketing Plan 2.0 partners never see a lead's mobile or e-mail."""
    if not actor.is_partner or not actor.partner_id:
        return False
    partner = session.get(Partner, actor.partner_id)
    return bool(partner and partner.marketing_plan_2)


def sla_due(lead: Lead) -> dt.datetime:
    return lead.created_at + dt.timedelta(hours=lead.sla_hours)


def _sla_state(lead: Lead, now: dt.datetime) -> str:
    if not lead.distributed or lead.followed_at is not None or lead.status != LeadStatus.NEW:
        return ""
    if lead.escalated_at is not None:
        return "escalated"
    if sla_due(lead) <= now:
        return "overdue"
    return "due " + fmt_dt(sla_due(lead))


def _row(lead: Lead, anonymised: bool, now: dt.datetime) -> LeadRow:
    return LeadRow(
        id=lead.id, name=lead.name, company=lead.company,
        mobile=ANONYMISED if anonymised else mask_mobile(lead.mobile),
        email=ANONYMISED if anonymised else mask_email(lead.email),
        source=lead.source, product_interest=lead.product_interest, status=lead.status,
        distributed="yes" if lead.distributed else "", sla=_sla_state(lead, now), created_at=fmt_dt(lead.created_at),
    )


def _access(session: Session, actor: Actor, lead_id: int) -> Lead:
    require(actor, Permission.SALES)
    return access_partner_row(session, actor, Lead, lead_id, "lead")


def _event(session: Session, lead: Lead, kind: str, text: str, actor: Actor | None) -> None:
    session.add(LeadEvent(lead_id=lead.id, kind=kind, text=text, actor_id=getattr(actor, "user_id", None),
                          at=clock.now()))


def _mark_following(session: Session, lead: Lead, actor: Actor, why: str) -> None:
    """The first follow-up (a call, a note or the button) moves a new lead to following and stops its SLA clock."""
    if lead.followed_at is None:
        lead.followed_at = clock.now()
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.FOLLOWING
        _event(session, lead, "status", f"new → following ({why})", actor)


def _clean(form: dict, key: str, limit: int, *, required: bool = False, label: str = "") -> str:
    value = str(form.get(key, "") or "").strip()
    if required and not value:
        raise InvalidInput(key, f"Enter the {label or key}.")
    if len(value) > limit:
        raise InvalidInput(key, f"Use at most {limit} characters.")
    return value


def _lead_fields(form: dict) -> dict:
    name = _clean(form, "name", 100, required=True, label="lead's name")
    company = _clean(form, "company", 120)
    mobile = _clean(form, "mobile", 20)
    email = _clean(form, "email", 200).lower()
    if mobile and not _MOBILE.match(mobile):
        raise InvalidInput("mobile", "Enter a phone number of digits (6 to 20), e.g. 13812345678.")
    if email and not _EMAIL.match(email):
        raise InvalidInput("email", "Enter a valid e-mail address.")
    if not mobile and not email:
        raise InvalidInput("mobile", "Enter a mobile number or an e-mail address.")
    source = _clean(form, "source", 40) or "other"
    if source not in SOURCES:
        raise InvalidInput("source", "Choose a source from the list.")
    product = _clean(form, "product_interest", 200)
    return {"name": name, "company": company, "mobile": mobile.replace(" ", "").replace("-", ""), "email": email,
            "source": source, "product_interest": product}


# ---------------------------------------------------------------- partner side
def _lead_query(session: Session, actor: Actor, search: str, status: str, anonymised: bool):
    q = select(Lead).where(Lead.partner_id == actor.partner_id)
    if status and status != "all":
        if status not in LEAD_STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(Lead.status == status)
    s = (search or "").strip()
    if s:
        terms = [col(Lead.name).startswith(s), col(Lead.company).startswith(s)]
        if not anonymised:  # exact contact matches only where contacts are not anonymised (no guessing oracle)
            terms += [Lead.mobile == s, Lead.email == s.lower()]
        q = q.where(or_(*terms))
    return q


def list_leads(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.SALES)
    anon = is_anonymised(session, actor)
    page = keyset(session, _lead_query(session, actor, search, status, anon), Lead, req, sortable=("id", "created_at"))
    now = clock.now()
    return Page(rows=[_row(r, anon, now) for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_leads(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[LeadRow]:
    require(actor, Permission.SALES)
    anon = is_anonymised(session, actor)
    now = clock.now()
    return [_row(r, anon, now) for r in all_rows(session, _lead_query(session, actor, search, status, anon), Lead)]


def reveal_lead_field(session: Session, *, actor: Actor, lead_id: int, field: str) -> str:
    """One full contact value for the eye toggle; audited. Refused for Marketing Plan 2.0 partners."""
    lead = _access(session, actor, lead_id)
    if field not in REVEALABLE:
        raise InvalidInput("field", "That field cannot be shown.")
    if is_anonymised(session, actor):
        raise PermissionDenied("Lead contacts are anonymised under Marketing Plan 2.0. Use Outbound Call.")
    audit.record(session, actor, "reveal", "lead", lead.id, after={"field": field}, partner_id=lead.partner_id)
    session.commit()
    return getattr(lead, field)


def create_lead(session: Session, *, actor: Actor, form: dict) -> int:
    require(actor, Permission.SALES)
    data = _lead_fields(form)
    now = clock.now()
    lead = Lead(partner_id=actor.partner_id, status=LeadStatus.NEW, created_by=actor.user_id, created_at=now, **data)
    session.add(lead)
    session.flush()
    _event(session, lead, "created", "Lead created", actor)
    audit.record(session, actor, "create", "lead", lead.id, after={"name": lead.name, "source": lead.source},
                 partner_id=lead.partner_id)
    session.commit()
    return lead.id


def _names(session: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(ids)))}


def _duration(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def lead_detail(session: Session, *, actor: Actor, lead_id: int) -> LeadDetail:
    lead = _access(session, actor, lead_id)
    anon = is_anonymised(session, actor)
    now = clock.now()
    events = list(session.exec(select(LeadEvent).where(LeadEvent.lead_id == lead.id)
                              .order_by(col(LeadEvent.at).desc(), col(LeadEvent.id).desc())))
    calls = list(session.exec(select(CallRecord).where(CallRecord.lead_id == lead.id)
                              .order_by(col(CallRecord.id).desc()).limit(50)))
    names = _names(session, [e.actor_id for e in events] + [c.caller_id for c in calls])
    views = [EventView(id=e.id, kind=e.kind, text=e.text, actor=names.get(e.actor_id, "Platform"), at=fmt_dt(e.at))
             for e in events]
    open_call = next((c.id for c in calls if c.outcome == "in_progress" and c.caller_id == actor.user_id), None)
    active = lead.status in (LeadStatus.NEW, LeadStatus.FOLLOWING)
    return LeadDetail(
        lead=_row(lead, anon, now), anonymised=anon,
        can_follow=lead.status == LeadStatus.NEW, can_close=active, can_convert=active,
        can_call=active and bool(lead.mobile), opportunity_id=lead.opportunity_id,
        history=views, notes=[v for v in views if v.kind == "note"],
        calls=[CallView(id=c.id, caller=names.get(c.caller_id, ""), started_at=fmt_dt(c.started_at),
                        duration="" if c.outcome == "in_progress" else _duration(c.duration_seconds),
                        outcome=c.outcome, mine=c.caller_id == actor.user_id) for c in calls],
        open_call_id=open_call,
    )


def add_note(session: Session, *, actor: Actor, lead_id: int, text: str) -> None:
    lead = _access(session, actor, lead_id)
    text = (text or "").strip()
    if not text:
        raise InvalidInput("note", "Write the note first.")
    if len(text) > 2000:
        raise InvalidInput("note", "Use at most 2000 characters.")
    _event(session, lead, "note", text, actor)
    if lead.status == LeadStatus.NEW:
        _mark_following(session, lead, actor, "note added")
    audit.record(session, actor, "note", "lead", lead.id, after={"length": len(text)}, partner_id=lead.partner_id)
    session.commit()


def set_status(session: Session, *, actor: Actor, lead_id: int, status: str, reason: str = "") -> None:
    """Start following or close a lead (closing needs a reason). Conversion goes through an opportunity."""
    lead = _access(session, actor, lead_id)
    if status not in (LeadStatus.FOLLOWING, LeadStatus.CLOSED):
        raise InvalidInput("status", "A lead can be set to following or closed here; convert it by creating an opportunity.")
    if status not in TRANSITIONS.get(LeadStatus(lead.status), set()):
        raise InvalidInput("status", f"A {lead.status} lead cannot become {status}.")
    reason = (reason or "").strip()
    before = lead.status
    if status == LeadStatus.CLOSED:
        if not reason:
            raise InvalidInput("reason", "Give the reason for closing the lead.")
        if len(reason) > 500:
            raise InvalidInput("reason", "Use at most 500 characters.")
        lead.status = LeadStatus.CLOSED
        _event(session, lead, "status", f"{before} → closed: {reason}", actor)
    else:
        _mark_following(session, lead, actor, "follow-up started")
    audit.record(session, actor, "status", "lead", lead.id, before={"status": before},
                 after={"status": lead.status, "reason": reason}, partner_id=lead.partner_id)
    session.commit()


def check_convertible(session: Session, *, actor: Actor, lead_id: int) -> Lead:
    """The lead an opportunity wizard converts; it must be the actor's company's and still open."""
    lead = _access(session, actor, lead_id)
    if lead.status not in (LeadStatus.NEW, LeadStatus.FOLLOWING):
        raise InvalidInput("lead", f"This lead is {lead.status}; only new or followed leads can be converted.")
    return lead


def mark_converted(session: Session, *, actor: Actor, lead_id: int, opportunity_id: int) -> None:
    """Called in the opportunity's transaction when it is created from this lead."""
    lead = check_convertible(session, actor=actor, lead_id=lead_id)
    before = lead.status
    if lead.followed_at is None:
        lead.followed_at = clock.now()
    lead.status, lead.opportunity_id = LeadStatus.CONVERTED, opportunity_id
    _event(session, lead, "status", f"{before} → converted (opportunity #{opportunity_id})", actor)
    audit.record(session, actor, "convert", "lead", lead.id, before={"status": before},
                 after={"status": lead.status, "opportunity_id": opportunity_id}, partner_id=lead.partner_id)


# ---------------------------------------------------------------- outbound calls
def place_call(session: Session, *, actor: Actor, lead_id: int) -> int:
    """Outbound Call: the bridge gets the number on the server; the partner gets a call id, never the number."""
    lead = _access(session, actor, lead_id)
    if lead.status not in (LeadStatus.NEW, LeadStatus.FOLLOWING):
        raise InvalidInput("call", f"This lead is {lead.status}; calls are for new or followed leads.")
    if session.exec(select(CallRecord.id).where(CallRecord.lead_id == lead.id, CallRecord.caller_id == actor.user_id,
                                                CallRecord.outcome == "in_progress")).first():
        raise InvalidInput("call", "You already have a call to this lead in progress. End it first.")
    call = CallRecord(lead_id=lead.id, caller_id=actor.user_id, started_at=clock.now(), outcome="in_progress")
    session.add(call)
    session.flush()
    try:
        callbridge.get_bridge().dial(call_id=call.id, caller_email=actor.email, number=lead.mobile)
    except callbridge.BridgeUnavailable as exc:
        session.rollback()
        raise InvalidInput("call", str(exc)) from None
    _event(session, lead, "call", "Outbound call started through the platform call bridge", actor)
    _mark_following(session, lead, actor, "outbound call")
    audit.record(session, actor, "call", "lead", lead.id, after={"call_id": call.id, "bridge": callbridge.get_bridge().name},
                 partner_id=lead.partner_id)
    session.commit()
    return call.id


def end_call(session: Session, *, actor: Actor, call_id: int, outcome: str) -> None:
    require(actor, Permission.SALES)
    call = session.get(CallRecord, call_id) if call_id else None
    if call is None or call.caller_id != actor.user_id:
        raise NotFound("call")
    lead = _access(session, actor, call.lead_id)
    if outcome not in callbridge.OUTCOMES:
        raise InvalidInput("outcome", "Choose how the call went.")
    if call.outcome != "in_progress":
        raise InvalidInput("outcome", "This call has already ended.")
    callbridge.get_bridge().hang_up(call_id=call.id, reference=f"local-{call.id}")
    call.duration_seconds = max(0, int((clock.now() - call.started_at).total_seconds()))
    call.outcome = outcome
    _event(session, lead, "call", f"Call ended: {outcome.replace('_', ' ')}, {_duration(call.duration_seconds)}", actor)
    audit.record(session, actor, "end_call", "lead", lead.id,
                 after={"call_id": call.id, "outcome": outcome, "duration": call.duration_seconds},
                 partner_id=lead.partner_id)
    session.commit()


# ---------------------------------------------------------------- platform side
@dataclass(frozen=True)
class DistributedRow:
    id: int
    partner: str
    name: str
    company: str
    status: str
    sla: str
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def partner_choices(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    require(actor, Permission.CONSOLE)
    rows = session.exec(select(Partner).where(Partner.status == PartnerStatus.ACTIVE).order_by(Partner.name))
    return [(p.id, p.name) for p in rows]


def distribute_lead(session: Session, *, actor: Actor, partner_id, form: dict, sla_hours=DEFAULT_SLA_HOURS) -> int:
    """The ecosystem manager hands a lead to a partner, with an SLA in hours for the first follow-up."""
    require(actor, Permission.CONSOLE)
    try:
        pid = int(partner_id)
    except (TypeError, ValueError):
        raise InvalidInput("partner", "Choose a partner.") from None
    partner = session.get(Partner, pid)
    if partner is None or partner.status != PartnerStatus.ACTIVE:
        raise InvalidInput("partner", "Choose an active partner.")
    try:
        hours = int(str(sla_hours).strip() or DEFAULT_SLA_HOURS)
    except ValueError:
        raise InvalidInput("sla_hours", "Enter the SLA as whole hours.") from None
    if not 1 <= hours <= 720:
        raise InvalidInput("sla_hours", "The SLA must be between 1 and 720 hours.")
    data = _lead_fields({**form, "source": form.get("source") or "platform"})
    lead = Lead(partner_id=partner.id, status=LeadStatus.NEW, distributed=True, sla_hours=hours,
                created_by=actor.user_id, created_at=clock.now(), **data)
    session.add(lead)
    session.flush()
    _event(session, lead, "distributed", f"Distributed by the platform; follow up within {hours} h", actor)
    audit.record(session, actor, "distribute", "lead", lead.id, after={"partner_id": partner.id, "sla_hours": hours},
                 partner_id=partner.id)
    notify.notify_partner(session, partner_id=partner.id, title=f"New lead from the platform: {lead.name}",
                          body=f"Follow it up within {hours} hours.", link=f"/sales/leads/{lead.id}",
                          dedupe_key=f"lead-distributed:{lead.id}")
    session.commit()
    return lead.id


def list_distributed(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.CONSOLE)
    q = select(Lead).where(Lead.distributed == True)  # noqa: E712
    if status and status != "all":
        if status not in LEAD_STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(Lead.status == status)
    if (s := (search or "").strip()):
        q = q.where(or_(col(Lead.name).startswith(s), col(Lead.company).startswith(s)))
    page = keyset(session, q, Lead, req, sortable=("id", "created_at"))
    partners = {p.id: p.name for p in session.exec(select(Partner).where(
        col(Partner.id).in_({r.partner_id for r in page.rows})))}
    now = clock.now()
    return Page(rows=[DistributedRow(id=r.id, partner=partners.get(r.partner_id, ""), name=r.name, company=r.company,
                                     status=r.status, sla=_sla_state(r, now), created_at=fmt_dt(r.created_at))
                      for r in page.rows],
                has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


@jobs.job("lead_sla")
def escalate_overdue_leads(session: Session) -> int:
    """Distributed leads still new and unfollowed after their SLA go to the ecosystem managers (once each)."""
    now = clock.now()
    candidates = session.exec(select(Lead).where(
        Lead.distributed == True, Lead.status == LeadStatus.NEW,  # noqa: E712
        Lead.followed_at == None, Lead.escalated_at == None)).all()  # noqa: E711
    n = 0
    for lead in candidates:
        if sla_due(lead) > now:
            continue
        lead.escalated_at = now
        partner = session.get(Partner, lead.partner_id)
        _event(session, lead, "escalated", f"Not followed within {lead.sla_hours} h: escalated to the ecosystem manager", None)
        audit.record(session, None, "escalate", "lead", lead.id, after={"sla_hours": lead.sla_hours},
                     partner_id=lead.partner_id)
        notify.notify_managers(session, title=f"Lead #{lead.id} missed its {lead.sla_hours} h SLA",
                               body=f"{partner.name if partner else ''} has not followed up {lead.name}.",
                               link="/console/leads", dedupe_key=f"lead-sla:{lead.id}")
        notify.notify_partner(session, partner_id=lead.partner_id, admins_only=True,
                              title=f"Lead {lead.name} missed its follow-up time",
                              body="It was escalated to your ecosystem manager.", link=f"/sales/leads/{lead.id}",
                              dedupe_key=f"lead-sla:{lead.id}")
        n += 1
    session.commit()
    return n
