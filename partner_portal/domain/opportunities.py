"""Opportunities, the Create Opportunity wizard and Marketing Tasks (PRODUCT.md §4, seed §8).

Wizard: step 1 Basic information → Next → step 2 Requirements → step 3 Confirm
→ Submit. The draft lives in ``OpportunityDraft`` (one per user), so it
survives steps and reloads. An opportunity is only for a customer that is
reported (valid) or associated with the partner (``customers.opportunity_customers``);
step 1 can report a new customer inline with the rules of Report Customer.

Stages: draft → submitted → approved | rejected (the platform's review queue
``opportunities``) → won | lost (owner or a partner admin; lost needs a reason).
Staff see the opportunities they own; admins see all of the company's.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from partner_portal.models import (
    AuditLog, Customer, CustomerReport, Lead, MarketingTask, Opportunity, OpportunityDraft, OpportunityStage, Partner,
    PartnerStatus, User,
)

from . import audit, clock, customers, leads, money, notify, reviews
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .masking import mask_name
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_partner_row, require
from .views import fmt_date, fmt_dt, fmt_money

STAGES = [s.value for s in OpportunityStage]
DEPLOYMENT_REGIONS = ("CN North-Beijing4", "CN East-Shanghai1", "CN South-Guangzhou", "CN Southwest-Guiyang1",
                      "AP-Singapore", "AP-Bangkok", "EU-Dublin", "LA-Sao Paulo1")
STEP_FIELDS = {1: ("customer_id", "name", "amount", "currency", "close_date"),
               2: ("products", "region", "competitors", "description")}
FIELD_LABELS = {"customer_id": "Customer", "name": "Opportunity name", "amount": "Expected amount",
                "currency": "Currency", "close_date": "Expected close date", "products": "Products",
                "region": "Deployment region", "competitors": "Competitors", "description": "Description"}
MAX_CLOSE_YEARS = 5


class StepInvalid(InvalidInput):
    """A wizard step with invalid fields: ``errors`` names every one of them."""

    def __init__(self, step: int, errors: dict[str, str]):
        first = next(iter(errors))
        super().__init__(first, "Check these fields: " + ", ".join(FIELD_LABELS.get(f, f) for f in errors) + ".")
        self.step = step
        self.errors = errors


# ---------------------------------------------------------------- views
@dataclass(frozen=True)
class DraftView:
    step: int
    data: dict[str, str]
    customers: list[tuple[str, str]]  # (id, masked label) the partner may pick
    task_id: str = ""
    lead_id: str = ""
    source: str = ""  # what the draft was started from, for the page's heading
    needs_report: bool = False  # the task's or lead's customer is neither reported nor associated
    customer_label: str = ""
    region_choices: tuple[str, ...] = DEPLOYMENT_REGIONS


@dataclass(frozen=True)
class OppRow:
    id: int
    name: str
    customer: str  # masked
    amount: str
    stage: str
    close_date: str
    owner: str
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class OppDetail:
    row: OppRow
    products: str
    region: str
    competitors: str
    description: str
    review_comment: str
    lost_reason: str
    task_id: int | None
    lead_id: int | None
    submitted_at: str
    can_submit: bool
    can_close: bool
    history: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class TaskRow:
    id: int
    campaign: str
    customer: str  # masked
    description: str
    due_date: str
    expected: str
    status: str
    opportunity_id: str
    partner: str = ""

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


# ---------------------------------------------------------------- eligibility
def _eligible(session: Session, actor: Actor) -> dict[int, str]:
    """Customers this partner may create an opportunity for: reported (valid) or associated."""
    return {int(cid): label for cid, label in customers.opportunity_customers(session, actor=actor)}


def _customer_label(c: Customer) -> str:
    return f"{mask_name(c.name)} · {mask_name(c.account_name)}"


# ---------------------------------------------------------------- validation
def _s(data: dict, key: str) -> str:
    return str(data.get(key, "") or "").strip()


def _validate_step(step: int, data: dict, eligible: dict[int, str]) -> dict[str, str]:
    errs: dict[str, str] = {}
    if step == 1:
        cid = _s(data, "customer_id")
        if not cid:
            errs["customer_id"] = "Choose a reported or associated customer, or report a new one."
        elif not cid.isdigit() or int(cid) not in eligible:
            errs["customer_id"] = "This customer is neither reported (valid) nor associated with your company."
        name = _s(data, "name")
        if len(name) < 2:
            errs["name"] = "Enter an opportunity name (at least 2 characters)."
        elif len(name) > 120:
            errs["name"] = "Use at most 120 characters."
        currency = _s(data, "currency") or "CNY"
        if currency not in money.CURRENCIES:
            errs["currency"] = "Choose a supported currency."
        else:
            try:
                money.parse_amount(_s(data, "amount"), currency)
            except InvalidInput as e:
                errs["amount"] = e.message
        raw = _s(data, "close_date")
        try:
            close = dt.date.fromisoformat(raw)
        except ValueError:
            errs["close_date"] = "Enter a date as YYYY-MM-DD."
        else:
            today = clock.today()
            if close < today:
                errs["close_date"] = "The expected close date cannot be in the past."
            elif close > today.replace(year=today.year + MAX_CLOSE_YEARS):
                errs["close_date"] = f"Choose a date within {MAX_CLOSE_YEARS} years."
    elif step == 2:
        products = _s(data, "products")
        if not products:
            errs["products"] = "Name the products the customer needs."
        elif len(products) > 300:
            errs["products"] = "Use at most 300 characters."
        if _s(data, "region") not in DEPLOYMENT_REGIONS:
            errs["region"] = "Choose a deployment region."
        if len(_s(data, "competitors")) > 300:
            errs["competitors"] = "Use at most 300 characters."
        if len(_s(data, "description")) > 2000:
            errs["description"] = "Use at most 2000 characters."
    return errs


# ---------------------------------------------------------------- the draft
def _draft_row(session: Session, actor: Actor) -> OpportunityDraft | None:
    return session.exec(select(OpportunityDraft).where(OpportunityDraft.user_id == actor.user_id)).first()


def _load_data(row: OpportunityDraft | None) -> dict:
    if row is None:
        return {}
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _store(session: Session, actor: Actor, step: int, data: dict) -> None:
    row = _draft_row(session, actor)
    if row is None:
        row = OpportunityDraft(user_id=actor.user_id, updated_at=clock.now())
        session.add(row)
    row.step = step
    row.data = json.dumps({k: str(v) for k, v in data.items()}, ensure_ascii=False)
    row.updated_at = clock.now()
    session.commit()


def _source_customer_id(session: Session, actor: Actor, data: dict) -> int | None:
    """The customer of the task (or lead) the draft came from."""
    if (tid := _s(data, "task_id")).isdigit():
        task = session.get(MarketingTask, int(tid))
        if task and task.partner_id == actor.partner_id:
            return task.customer_id
    if (lid := _s(data, "lead_id")).isdigit():
        lead = session.get(Lead, int(lid))
        if lead and lead.partner_id == actor.partner_id:
            return lead.customer_id
    return None


def _view(session: Session, actor: Actor, step: int, data: dict, eligible: dict[int, str]) -> DraftView:
    source = ""
    if (tid := _s(data, "task_id")).isdigit():
        task = session.get(MarketingTask, int(tid))
        source = f"Marketing task #{tid}: {task.campaign}" if task else ""
    elif (lid := _s(data, "lead_id")).isdigit():
        lead = session.get(Lead, int(lid))
        source = f"Lead #{lid}: {lead.name}" if lead else ""
    cid = _s(data, "customer_id")
    needs_report = bool(source) and not (cid.isdigit() and int(cid) in eligible)
    return DraftView(step=step, data={k: _s(data, k) for k in (*STEP_FIELDS[1], *STEP_FIELDS[2])},
                     customers=[(str(k), v) for k, v in eligible.items()], task_id=_s(data, "task_id"),
                     lead_id=_s(data, "lead_id"), source=source, needs_report=needs_report,
                     customer_label=eligible.get(int(cid), "") if cid.isdigit() else "")


def _first_invalid(data: dict, eligible: dict[int, str], upto: int) -> int | None:
    for s in range(1, upto):
        if _validate_step(s, data, eligible):
            return s
    return None


def start_draft(session: Session, *, actor: Actor, task_id=None, lead_id=None, step=None) -> DraftView:
    """Open the wizard: a fresh draft from a marketing task or a lead, or the user's draft as it was left.

    A requested step is honoured only when every earlier step is valid; otherwise the first invalid step opens.
    """
    require(actor, Permission.SALES)
    eligible = _eligible(session, actor)
    try:
        wanted = int(step) if step not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    if task_id not in (None, ""):
        task = access_partner_row(session, actor, MarketingTask, _int(task_id, "task"), "marketing task")
        if task.status != "open" or task.opportunity_id:
            raise InvalidInput("task", "This marketing task already has an opportunity.")
        data = {"task_id": str(task.id), "customer_id": str(task.customer_id), "name": task.campaign,
                "amount": str(task.expected_amount), "currency": task.currency, "close_date": task.due_date.isoformat(),
                "products": "", "region": "", "competitors": "", "description": task.description}
        if task.customer_id not in eligible:
            data["customer_id"] = ""
        current = wanted or 1
    elif lead_id not in (None, ""):
        lead = leads.check_convertible(session, actor=actor, lead_id=_int(lead_id, "lead"))
        name = " – ".join(x for x in (lead.company or lead.name, lead.product_interest) if x)
        data = {"lead_id": str(lead.id), "customer_id": str(lead.customer_id or ""), "name": name[:120],
                "amount": "", "currency": "CNY", "close_date": "", "products": lead.product_interest,
                "region": "", "competitors": "", "description": f"Converted from lead #{lead.id}."}
        if lead.customer_id not in eligible:
            data["customer_id"] = ""
        current = wanted or 1
    else:
        row = _draft_row(session, actor)
        data = _load_data(row)
        current = wanted or (row.step if row else 1)
    current = min(max(current, 1), 3)
    bad = _first_invalid(data, eligible, current)
    if bad is not None:
        current = bad
    _store(session, actor, current, data)
    return _view(session, actor, current, data, eligible)


def _int(value, fieldname: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound(fieldname) from None


def save_step(session: Session, *, actor: Actor, step: int, values: dict, advance: bool = True) -> DraftView:
    """Keep the step's values in the draft; with ``advance`` validate them and go to the next step.

    Invalid values are kept (so a reload shows what was typed) and ``StepInvalid`` names every invalid field.
    """
    require(actor, Permission.SALES)
    if step not in STEP_FIELDS:
        raise InvalidInput("step", "Unknown step.")
    eligible = _eligible(session, actor)
    row = _draft_row(session, actor)
    data = _load_data(row)
    for k in STEP_FIELDS[step]:
        if k in values:
            data[k] = str(values.get(k) or "")[:2100]
    if not advance:
        _store(session, actor, max(1, step - 1), data)
        return _view(session, actor, max(1, step - 1), data, eligible)
    errs = _validate_step(step, data, eligible)
    if errs:
        _store(session, actor, step, data)
        raise StepInvalid(step, errs)
    bad = _first_invalid(data, eligible, step)
    nxt = bad if bad is not None else step + 1
    _store(session, actor, nxt, data)
    return _view(session, actor, nxt, data, eligible)


def go_to_step(session: Session, *, actor: Actor, step: int) -> DraftView:
    """Back (or a click on an earlier step): no validation going backwards."""
    require(actor, Permission.SALES)
    eligible = _eligible(session, actor)
    row = _draft_row(session, actor)
    data = _load_data(row)
    current = row.step if row else 1
    target = min(max(int(step), 1), current)
    _store(session, actor, target, data)
    return _view(session, actor, target, data, eligible)


def discard_draft(session: Session, *, actor: Actor) -> None:
    row = _draft_row(session, actor)
    if row is not None:
        session.delete(row)
        session.commit()


def conflict_check(session: Session, *, actor: Actor, name: str, account_name: str, mobile: str):
    """Step 1's inline report uses the same conflict check as Report Customer."""
    require(actor, Permission.SALES)
    return customers.conflict_check(session, actor=actor, name=name, account_name=account_name, mobile=mobile)


def _after_report(session: Session, actor: Actor, report_id: int) -> DraftView:
    report = session.get(CustomerReport, report_id)
    eligible = _eligible(session, actor)
    row = _draft_row(session, actor)
    data = _load_data(row)
    if report is not None and report.customer_id in eligible:
        data["customer_id"] = str(report.customer_id)
    _store(session, actor, 1, data)
    return _view(session, actor, 1, data, eligible)


def report_inline(session: Session, *, actor: Actor, form: dict) -> DraftView:
    """Report a new customer from step 1 (all rules of Report Customer apply); the customer is picked when valid.

    For a draft from a lead, contact fields left blank are taken from the lead on the server, so an
    anonymised lead's number never travels through the browser.
    """
    require(actor, Permission.REPORT_CUSTOMER)
    form = {k: str(v or "")[:300] for k, v in (form or {}).items()}
    data = _load_data(_draft_row(session, actor))
    if (lid := _s(data, "lead_id")).isdigit():
        lead = session.get(Lead, int(lid))
        if lead is not None and lead.partner_id == actor.partner_id:
            form["mobile"] = form.get("mobile") or lead.mobile
            form["email"] = form.get("email") or lead.email
    report_id = customers.report_customer(session, actor=actor, form=form)
    return _after_report(session, actor, report_id)


def report_source_customer(session: Session, *, actor: Actor) -> DraftView:
    """Report the customer a marketing task names (the platform's record), from step 1."""
    require(actor, Permission.REPORT_CUSTOMER)
    data = _load_data(_draft_row(session, actor))
    cid = _source_customer_id(session, actor, data)
    if cid is None:
        raise InvalidInput("customer_id", "This draft has no customer to report; fill in the report form.")
    c = session.get(Customer, cid)
    form = {"name": c.name, "account_name": c.account_name, "mobile": c.mobile, "email": c.email,
            "industry": c.industry, "region": c.region, "association_type": "referral",
            "remark": f"Reported from marketing task #{_s(data, 'task_id')}"}
    report_id = customers.report_customer(session, actor=actor, form=form)
    return _after_report(session, actor, report_id)


def submit_draft(session: Session, *, actor: Actor, as_draft: bool = False) -> int:
    """Step 3: create the opportunity (submitted for review, or kept as a draft opportunity)."""
    require(actor, Permission.SALES)
    row = _draft_row(session, actor)
    if row is None:
        raise InvalidInput("step", "Start the wizard again; there is no draft to submit.")
    data = _load_data(row)
    eligible = _eligible(session, actor)
    for s in (1, 2):
        errs = _validate_step(s, data, eligible)
        if errs:
            raise StepInvalid(s, errs)
    currency = _s(data, "currency") or "CNY"
    now = clock.now()
    opp = Opportunity(
        partner_id=actor.partner_id, owner_id=actor.user_id, customer_id=int(_s(data, "customer_id")),
        name=_s(data, "name"), amount=money.parse_amount(_s(data, "amount"), currency), currency=currency,
        close_date=dt.date.fromisoformat(_s(data, "close_date")), products=_s(data, "products"),
        region=_s(data, "region"), competitors=_s(data, "competitors"), description=_s(data, "description"),
        stage=OpportunityStage.DRAFT if as_draft else OpportunityStage.SUBMITTED, created_at=now,
        submitted_at=None if as_draft else now,
    )
    if (tid := _s(data, "task_id")).isdigit():
        task = access_partner_row(session, actor, MarketingTask, int(tid), "marketing task")
        if task.status != "open" or task.opportunity_id:
            raise InvalidInput("task", "This marketing task already has an opportunity.")
        opp.task_id = task.id
    if (lid := _s(data, "lead_id")).isdigit():
        opp.lead_id = leads.check_convertible(session, actor=actor, lead_id=int(lid)).id
    session.add(opp)
    session.flush()
    if opp.task_id:
        task = session.get(MarketingTask, opp.task_id)
        task.status, task.opportunity_id = "done", opp.id
    if opp.lead_id:
        leads.mark_converted(session, actor=actor, lead_id=opp.lead_id, opportunity_id=opp.id)
    audit.record(session, actor, "create", "opportunity", opp.id,
                 after={"stage": opp.stage, "amount": str(opp.amount), "currency": currency, "task_id": opp.task_id,
                        "lead_id": opp.lead_id}, partner_id=opp.partner_id, customer_id=opp.customer_id)
    if not as_draft:
        notify.notify_managers(session, title=f"Opportunity to review: {opp.name}", link="/console/reviews/opportunities")
    session.delete(row)
    session.commit()
    return opp.id


# ---------------------------------------------------------------- opportunities
def _visible(actor: Actor):
    q = select(Opportunity).where(Opportunity.partner_id == actor.partner_id)
    if not actor.is_partner_admin:
        q = q.where(Opportunity.owner_id == actor.user_id)
    return q


def access_opportunity(session: Session, actor: Actor, opp_id) -> Opportunity:
    """The owner and the company's admins see an opportunity; for anyone else it does not exist."""
    require(actor, Permission.SALES)
    try:
        oid = int(opp_id)
    except (TypeError, ValueError):
        raise NotFound("opportunity") from None
    opp = session.get(Opportunity, oid)
    if opp is None or opp.partner_id != actor.partner_id or not (actor.is_partner_admin or opp.owner_id == actor.user_id):
        raise NotFound("opportunity")
    return opp


def _rows(session: Session, opps: list[Opportunity]) -> list[OppRow]:
    cs = {c.id: c for c in session.exec(select(Customer).where(col(Customer.id).in_({o.customer_id for o in opps})))}
    owners = {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_({o.owner_id for o in opps})))}
    return [OppRow(id=o.id, name=o.name, customer=mask_name(cs[o.customer_id].name) if o.customer_id in cs else "",
                   amount=fmt_money(o.amount, o.currency), stage=o.stage, close_date=fmt_date(o.close_date),
                   owner=owners.get(o.owner_id, ""), created_at=fmt_dt(o.created_at)) for o in opps]


def _opp_query(actor: Actor, search: str, status: str):
    q = _visible(actor)
    if status and status != "all":
        if status not in STAGES:
            raise InvalidInput("status", "Unknown stage.")
        q = q.where(Opportunity.stage == status)
    if (s := (search or "").strip()):
        q = q.where(col(Opportunity.name).startswith(s))
    return q


def list_opportunities(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.SALES)
    page = keyset(session, _opp_query(actor, search, status), Opportunity, req,
                  sortable=("id", "created_at", "close_date", "amount"))
    return Page(rows=_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_opportunities(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[OppRow]:
    require(actor, Permission.SALES)
    return _rows(session, all_rows(session, _opp_query(actor, search, status), Opportunity))


def reveal_opportunity_customer(session: Session, *, actor: Actor, opportunity_id: int, field: str) -> str:
    opp = access_opportunity(session, actor, opportunity_id)
    if field != "name":
        raise InvalidInput("field", "That field cannot be shown.")
    c = session.get(Customer, opp.customer_id)
    audit.record(session, actor, "reveal", "customer", c.id, after={"field": field, "via": f"opportunity:{opp.id}"},
                 partner_id=actor.partner_id, customer_id=c.id)
    session.commit()
    return c.name


def opportunity_detail(session: Session, *, actor: Actor, opportunity_id) -> OppDetail:
    opp = access_opportunity(session, actor, opportunity_id)
    may = actor.is_partner_admin or opp.owner_id == actor.user_id
    logs = session.exec(select(AuditLog).where(AuditLog.object_kind == "opportunity", AuditLog.object_id == opp.id)
                        .order_by(col(AuditLog.id).desc()).limit(50)).all()
    names = {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_({a.actor_id for a in logs if a.actor_id})))}
    history = []
    for a in logs:
        try:
            after = json.loads(a.after) if a.after else {}
        except ValueError:
            after = {}
        detail = after.get("stage", "") if isinstance(after, dict) else ""
        note = (after.get("comment") or after.get("reason") or "") if isinstance(after, dict) else ""
        history.append({"action": a.action, "stage": detail, "note": note, "by": names.get(a.actor_id, "Platform"),
                        "at": fmt_dt(a.at)})
    return OppDetail(row=_rows(session, [opp])[0], products=opp.products, region=opp.region,
                     competitors=opp.competitors, description=opp.description, review_comment=opp.review_comment,
                     lost_reason=opp.lost_reason, task_id=opp.task_id, lead_id=opp.lead_id,
                     submitted_at=fmt_dt(opp.submitted_at),
                     can_submit=may and opp.stage == OpportunityStage.DRAFT,
                     can_close=may and opp.stage == OpportunityStage.APPROVED, history=history)


def _transition(session: Session, opp: Opportunity, from_stages: tuple[str, ...], **values) -> None:
    """Exactly one writer wins: UPDATE ... WHERE version = the version we read."""
    if opp.stage not in from_stages:
        raise InvalidInput("stage", f"This opportunity is {opp.stage}.")
    res = session.execute(update(Opportunity).where(Opportunity.id == opp.id, Opportunity.version == opp.version,
                                                 col(Opportunity.stage).in_(from_stages))
                       .values(version=opp.version + 1, **values))
    if res.rowcount != 1:
        session.rollback()
        raise Conflict("Someone else changed this opportunity just now. Reload and try again.")
    session.refresh(opp)


def submit_opportunity(session: Session, *, actor: Actor, opportunity_id) -> None:
    """A draft opportunity goes to the platform's review."""
    opp = access_opportunity(session, actor, opportunity_id)
    if not (actor.is_partner_admin or opp.owner_id == actor.user_id):
        raise PermissionDenied()
    if opp.customer_id not in _eligible(session, actor):
        raise InvalidInput("customer_id", "The customer is no longer reported or associated with your company.")
    _transition(session, opp, (OpportunityStage.DRAFT,), stage=OpportunityStage.SUBMITTED, submitted_at=clock.now())
    audit.record(session, actor, "submit", "opportunity", opp.id, before={"stage": "draft"},
                 after={"stage": opp.stage}, partner_id=opp.partner_id, customer_id=opp.customer_id)
    notify.notify_managers(session, title=f"Opportunity to review: {opp.name}", link="/console/reviews/opportunities")
    session.commit()


def close_opportunity(session: Session, *, actor: Actor, opportunity_id, outcome: str, reason: str = "") -> None:
    """Won or lost, set by the owner or a partner admin once the platform approved it; lost needs a reason."""
    opp = access_opportunity(session, actor, opportunity_id)
    if not (actor.is_partner_admin or opp.owner_id == actor.user_id):
        raise PermissionDenied()
    if outcome not in (OpportunityStage.WON, OpportunityStage.LOST):
        raise InvalidInput("outcome", "Choose won or lost.")
    reason = (reason or "").strip()
    if outcome == OpportunityStage.LOST and not reason:
        raise InvalidInput("reason", "Give the reason the opportunity was lost.")
    if len(reason) > 500:
        raise InvalidInput("reason", "Use at most 500 characters.")
    if opp.stage != OpportunityStage.APPROVED:
        raise InvalidInput("outcome", "Only an approved opportunity can be marked won or lost.")
    _transition(session, opp, (OpportunityStage.APPROVED,), stage=outcome,
                lost_reason=reason if outcome == OpportunityStage.LOST else "")
    audit.record(session, actor, outcome, "opportunity", opp.id, before={"stage": "approved"},
                 after={"stage": outcome, "reason": reason}, partner_id=opp.partner_id, customer_id=opp.customer_id)
    session.commit()


# ---------------------------------------------------------------- the platform's review queue
def _review_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(Opportunity).where(Opportunity.stage == OpportunityStage.SUBMITTED), Opportunity, req)
    partners = {p.id: p.name for p in session.exec(select(Partner).where(
        col(Partner.id).in_({o.partner_id for o in page.rows})))}
    rows = []
    for o, r in zip(page.rows, _rows(session, page.rows)):
        rows.append({"id": str(o.id), "subject": o.name, "partner": partners.get(o.partner_id, ""),
                     "submitted_at": fmt_dt(o.submitted_at),
                     "details": f"{r.amount} · close {r.close_date} · {o.products} · {o.region}"})
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _decide(session: Session, actor: Actor, item_id, comment: str, stage: str) -> None:
    require(actor, Permission.REVIEW)
    opp = session.get(Opportunity, _int(item_id, "opportunity"))
    if opp is None:
        raise NotFound("opportunity")
    if opp.stage != OpportunityStage.SUBMITTED:
        raise Conflict("This opportunity has already been reviewed.")
    _transition(session, opp, (OpportunityStage.SUBMITTED,), stage=stage, review_comment=comment or "")
    audit.record(session, actor, "approve" if stage == OpportunityStage.APPROVED else "reject", "opportunity", opp.id,
                 before={"stage": "submitted"}, after={"stage": stage, "comment": comment},
                 partner_id=opp.partner_id, customer_id=opp.customer_id)
    verdict = "approved" if stage == OpportunityStage.APPROVED else "rejected"
    notify.notify(session, user_id=opp.owner_id, title=f"Opportunity {verdict}: {opp.name}",
                  body=comment or "", link=f"/sales/opportunities/{opp.id}")
    session.commit()


def approve_opportunity(session: Session, *, actor: Actor, item_id, comment: str = "") -> None:
    _decide(session, actor, item_id, comment, OpportunityStage.APPROVED)


def reject_opportunity(session: Session, *, actor: Actor, item_id, comment: str) -> None:
    if not (comment or "").strip():
        raise InvalidInput("comment", "Give the reason for the rejection; the partner will see it.")
    _decide(session, actor, item_id, comment, OpportunityStage.REJECTED)


def _review_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Opportunity).where(
        Opportunity.stage == OpportunityStage.SUBMITTED)).one()


reviews.register(reviews.ReviewQueue(kind="opportunities", title="Opportunities", list=_review_list,
                                     approve=approve_opportunity, reject=reject_opportunity, count=_review_count,
                                     order=40))


# ---------------------------------------------------------------- marketing tasks
def _task_rows(session: Session, tasks: list[MarketingTask], with_partner: bool = False) -> list[TaskRow]:
    cs = {c.id: c for c in session.exec(select(Customer).where(col(Customer.id).in_({t.customer_id for t in tasks})))}
    ps = {}
    if with_partner:
        ps = {p.id: p.name for p in session.exec(select(Partner).where(col(Partner.id).in_({t.partner_id for t in tasks})))}
    return [TaskRow(id=t.id, campaign=t.campaign, customer=mask_name(cs[t.customer_id].name) if t.customer_id in cs else "",
                    description=t.description, due_date=fmt_date(t.due_date),
                    expected=fmt_money(t.expected_amount, t.currency), status=t.status,
                    opportunity_id=str(t.opportunity_id or ""), partner=ps.get(t.partner_id, "")) for t in tasks]


def _task_query(actor: Actor, search: str, status: str):
    q = select(MarketingTask) if actor.is_manager else select(MarketingTask).where(MarketingTask.partner_id == actor.partner_id)
    if status and status != "all":
        if status not in ("open", "done"):
            raise InvalidInput("status", "Unknown status.")
        q = q.where(MarketingTask.status == status)
    if (s := (search or "").strip()):
        q = q.where(col(MarketingTask.campaign).startswith(s))
    return q


def list_tasks(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    require(actor, Permission.CONSOLE if actor.is_manager else Permission.SALES)
    page = keyset(session, _task_query(actor, search, status), MarketingTask, req, sortable=("id", "due_date"))
    return Page(rows=_task_rows(session, page.rows, actor.is_manager), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_tasks(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[TaskRow]:
    require(actor, Permission.CONSOLE if actor.is_manager else Permission.SALES)
    return _task_rows(session, all_rows(session, _task_query(actor, search, status), MarketingTask), actor.is_manager)


def reveal_task_customer(session: Session, *, actor: Actor, task_id: int, field: str) -> str:
    require(actor, Permission.SALES)
    task = access_partner_row(session, actor, MarketingTask, task_id, "marketing task")
    if field != "name":
        raise InvalidInput("field", "That field cannot be shown.")
    c = session.get(Customer, task.customer_id)
    audit.record(session, actor, "reveal", "customer", c.id, after={"field": field, "via": f"task:{task.id}"},
                 partner_id=actor.partner_id, customer_id=c.id)
    session.commit()
    return c.name


def customer_choices(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Customers the manager can target with a task (masked labels: enough to pick, nothing to copy)."""
    require(actor, Permission.CONSOLE)
    return [(c.id, f"#{c.id} {_customer_label(c)}") for c in session.exec(select(Customer).order_by(col(Customer.id)))]


def assign_task(session: Session, *, actor: Actor, form: dict) -> int:
    """The ecosystem manager assigns a marketing task (campaign, target customer, due date) to a partner."""
    require(actor, Permission.CONSOLE)
    pid, cid = str(form.get("partner_id", "")).strip(), str(form.get("customer_id", "")).strip()
    partner = session.get(Partner, int(pid)) if pid.isdigit() else None
    if partner is None or partner.status != PartnerStatus.ACTIVE:
        raise InvalidInput("partner_id", "Choose an active partner.")
    customer = session.get(Customer, int(cid)) if cid.isdigit() else None
    if customer is None:
        raise InvalidInput("customer_id", "Choose the target customer.")
    campaign = str(form.get("campaign", "") or "").strip()
    if len(campaign) < 2 or len(campaign) > 120:
        raise InvalidInput("campaign", "Enter the campaign (2 to 120 characters).")
    description = str(form.get("description", "") or "").strip()
    if len(description) > 1000:
        raise InvalidInput("description", "Use at most 1000 characters.")
    try:
        due = dt.date.fromisoformat(str(form.get("due_date", "")).strip())
    except ValueError:
        raise InvalidInput("due_date", "Enter a date as YYYY-MM-DD.") from None
    if due < clock.today():
        raise InvalidInput("due_date", "The due date cannot be in the past.")
    currency = str(form.get("currency", "") or "CNY")
    money.check_currency(currency)
    amount = money.parse_amount(form.get("expected_amount", ""), currency, "expected_amount")
    task = MarketingTask(partner_id=partner.id, campaign=campaign, customer_id=customer.id, description=description,
                         due_date=due, expected_amount=amount, currency=currency, created_at=clock.now())
    session.add(task)
    session.flush()
    audit.record(session, actor, "assign", "marketing_task", task.id,
                 after={"partner_id": partner.id, "customer_id": customer.id, "campaign": campaign},
                 partner_id=partner.id, customer_id=customer.id)
    notify.notify_partner(session, partner_id=partner.id, title=f"New marketing task: {campaign}",
                          body=f"Due {due.isoformat()}.", link="/sales/marketing-tasks")
    session.commit()
    return task.id
