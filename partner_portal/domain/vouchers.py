"""Coupon Management: voucher quota, vouchers and their operation records (seed §7, §13).

A partner cannot spend its quota; it issues vouchers from it to customers it is
associated with. Solution providers, government-subsidy partners and
distributors get quota from the platform; a distributor grants quota to its
cloud resellers out of its own. Every change to a quota, a voucher and its
``QuotaRecord`` happens in one transaction. A quota's ``issued`` is changed only
by a conditional UPDATE (``WHERE id=? AND version=? AND total-issued >= amount``),
so two racing issuances can never both take the last of a quota.
"""
from __future__ import annotations

import dataclasses

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from partner_portal.models import (
    Association, Customer, DistributorStatus, Partner, PartnerKind, PartnerStatus, QuotaOp, QuotaRecord, Role, User,
    Voucher, VoucherQuota, VoucherStatus,
)

from . import audit, clock, jobs, money, notify
from .customers import matching_customers
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .masking import mask_name
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, access_partner_row, require
from .views import fmt_date, fmt_dt, fmt_money

MAX_CUSTOMERS_PER_ISSUANCE = 100
MAX_NOTE = 200
VOUCHER_STATUSES = [s.value for s in VoucherStatus]
RECORD_OPS = [o.value for o in QuotaOp]
PLATFORM_GRANTEES = (PartnerKind.SOLUTION_PROVIDER, PartnerKind.GOVERNMENT_SUBSIDY, PartnerKind.DISTRIBUTOR)
# Money stored by SQLite is approximate; compare with half a cent of slack (exact on PostgreSQL NUMERIC).
_SLACK = Decimal("0.005")


# ------------------------------------------------------------------ views
@dataclass(frozen=True)
class QuotaRow:
    id: int
    source: str  # "platform" or "distributor"
    source_name: str  # the distributor's name ("" for the platform)
    currency: str
    total: str
    issued: str
    remaining: str
    valid_from: str
    valid_until: str
    status: str  # active | expired | not_started
    can_issue: str  # "1" when vouchers can be issued from it now

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class VoucherRow:
    id: int
    quota_id: int
    partner: str
    customer: str  # masked
    face_value: str
    used: str
    balance: str
    status: str
    valid_until: str
    issued_at: str
    can_reclaim: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class RecordRow:
    id: int
    at: str
    op: str
    quota_id: int
    amount: str
    customer: str  # masked
    voucher_id: str
    operator: str
    note: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class ResellerRow:
    id: int
    name: str
    status: str
    quotas: int
    granted: str
    issued: str
    remaining: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class IssueResult:
    voucher_ids: list[int]
    total: str
    remaining: str


@dataclass(frozen=True)
class RecordFilter:
    """Query conditions of the Operation Records view."""
    date_from: str = ""
    date_to: str = ""
    op: str = ""
    quota_id: int | None = None
    customer: str = ""  # exact account name or the start of a customer name
    operator_id: int | None = None


# ------------------------------------------------------------------ helpers
def _remaining(q: VoucherQuota) -> Decimal:
    return money.quantize(q.total - q.issued, q.currency)


def quota_status(q: VoucherQuota, today: dt.date | None = None) -> str:
    today = today or clock.today()
    if q.valid_until < today:
        return "expired"
    if q.valid_from > today:
        return "not_started"
    return "active"


def _parse_date(raw, field: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        raise InvalidInput(field, "Choose a date.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, "Enter a date as YYYY-MM-DD.") from None


def _note(raw) -> str:
    text = str(raw or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput("note", f"Use at most {MAX_NOTE} characters.")
    return text


def _record(session: Session, actor: Actor | None, quota: VoucherQuota, op: str, amount: Decimal, *,
            customer_id: int | None = None, voucher_id: int | None = None, note: str = "") -> QuotaRecord:
    row = QuotaRecord(quota_id=quota.id, partner_id=quota.partner_id, op=op, amount=money.quantize(amount, quota.currency),
                      currency=quota.currency, customer_id=customer_id, voucher_id=voucher_id,
                      operator_id=actor.user_id if actor else None, note=note, at=clock.now())
    session.add(row)
    return row


def _change_issued(session: Session, quota: VoucherQuota, delta: Decimal) -> None:
    """Add ``delta`` to the quota's issued amount, only if nobody changed the quota since we read it.

    Taking (delta > 0) needs ``total - issued >= delta``; giving back (delta < 0) needs ``issued >= -delta``.
    Rowcount 0 means another writer won: ``Conflict``, and the caller's transaction is rolled back.
    """
    new_issued = money.quantize(quota.issued + delta, quota.currency)
    cond = [VoucherQuota.id == quota.id, VoucherQuota.version == quota.version]
    if delta > 0:
        cond.append(VoucherQuota.total - VoucherQuota.issued >= delta - _SLACK)
    else:
        cond.append(VoucherQuota.issued >= -delta - _SLACK)
    stmt = (update(VoucherQuota).where(*cond).values(issued=new_issued, version=quota.version + 1)
            .execution_options(synchronize_session=False))
    try:
        result = session.execute(stmt)
    except OperationalError as exc:  # SQLite: the other writer held the lock past the timeout
        session.rollback()
        raise Conflict("The quota is being changed by someone else. Try again.") from exc
    if result.rowcount != 1:
        session.rollback()
        raise Conflict("The quota changed while you were working on it. Reload and try again.")
    set_committed_value(quota, "issued", new_issued)  # the row already says so: nothing more to flush
    set_committed_value(quota, "version", quota.version + 1)


def _partner_names(session: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {p.id: p.name for p in session.exec(select(Partner).where(col(Partner.id).in_(ids)))}


def _quota_row(q: VoucherQuota, names: dict[int, str], today: dt.date) -> QuotaRow:
    status = quota_status(q, today)
    return QuotaRow(
        id=q.id, source=q.source, source_name=names.get(q.source_partner_id, "") if q.source == "distributor" else "",
        currency=q.currency, total=fmt_money(q.total, q.currency), issued=fmt_money(q.issued, q.currency),
        remaining=fmt_money(_remaining(q), q.currency), valid_from=fmt_date(q.valid_from),
        valid_until=fmt_date(q.valid_until), status=status,
        can_issue="1" if status == "active" and _remaining(q) > 0 else "",
    )


def _check_can_issue(session: Session, actor: Actor) -> None:
    """A cloud reseller whose distributor was delisted and exited can no longer hand out its quota."""
    partner = session.get(Partner, actor.partner_id)
    if partner.kind == PartnerKind.CLOUD_RESELLER and partner.distributor_id:
        dist = session.get(Partner, partner.distributor_id)
        if dist is None or dist.distributor_status == DistributorStatus.DELISTED:
            raise PermissionDenied("Your distributor has been delisted and exited; vouchers cannot be issued.")


# ------------------------------------------------------------------ quota: read
def _quota_query(actor: Actor, status: str):
    q = select(VoucherQuota).where(VoucherQuota.partner_id == actor.partner_id)
    today = clock.today()
    if status == "active":
        q = q.where(VoucherQuota.valid_until >= today, VoucherQuota.valid_from <= today)
    elif status == "expired":
        q = q.where(VoucherQuota.valid_until < today)
    elif status == "not_started":
        q = q.where(VoucherQuota.valid_from > today)
    elif status not in ("", "all"):
        raise InvalidInput("status", "Unknown status.")
    return q


def list_quotas(session: Session, *, actor: Actor, req: PageRequest, status: str = "all") -> Page:
    require(actor, Permission.SALES)
    page = keyset(session, _quota_query(actor, status), VoucherQuota, req, sortable=("id", "valid_until"))
    names = _partner_names(session, [q.source_partner_id for q in page.rows])
    today = clock.today()
    return Page(rows=[_quota_row(q, names, today) for q in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_quotas(session: Session, *, actor: Actor, status: str = "all") -> list[QuotaRow]:
    require(actor, Permission.SALES)
    rows = all_rows(session, _quota_query(actor, status), VoucherQuota)
    names, today = _partner_names(session, [q.source_partner_id for q in rows]), clock.today()
    return [_quota_row(q, names, today) for q in rows]


def get_quota(session: Session, *, actor: Actor, quota_id: int) -> QuotaRow:
    require(actor, Permission.SALES)
    q = access_partner_row(session, actor, VoucherQuota, quota_id, "voucher quota")
    return _quota_row(q, _partner_names(session, [q.source_partner_id]), clock.today())


def issuable_quotas(session: Session, *, actor: Actor) -> list[QuotaRow]:
    """The actor's quotas that can hand out vouchers (or be granted onward) today."""
    require(actor, Permission.SALES)
    today = clock.today()
    rows = session.exec(select(VoucherQuota).where(
        VoucherQuota.partner_id == actor.partner_id, VoucherQuota.valid_from <= today,
        VoucherQuota.valid_until >= today).order_by(col(VoucherQuota.valid_until))).all()
    names = _partner_names(session, [q.source_partner_id for q in rows])
    return [r for r in (_quota_row(q, names, today) for q in rows) if r.can_issue]


def issue_targets(session: Session, *, actor: Actor, search: str = "", limit: int = 200) -> list[dict[str, str]]:
    """Customers the partner is associated with (active associations), masked, for the issue dialog."""
    require(actor, Permission.ISSUE_VOUCHERS)
    q = (select(Customer).join(Association, Association.customer_id == Customer.id)
         .where(Association.partner_id == actor.partner_id, Association.active == True)  # noqa: E712
         .distinct().order_by(col(Customer.id).desc()))
    s = (search or "").strip()[:100]
    if s:
        q = q.where(or_(Customer.account_name == s, Customer.mobile == s, col(Customer.name).startswith(s)))
    return [{"id": str(c.id), "name": mask_name(c.name), "account": mask_name(c.account_name)}
            for c in session.exec(q.limit(limit))]


# ------------------------------------------------------------------ quota: grant
def grant_quota(session: Session, *, actor: Actor, partner_id: int, amount, currency: str = "CNY",
                valid_from=None, valid_until=None, note: str = "") -> int:
    """The platform grants quota to a solution provider, government-subsidy partner or distributor."""
    require(actor, Permission.CONSOLE)
    partner = session.get(Partner, partner_id) if partner_id else None
    if partner is None:
        raise InvalidInput("partner", "Choose a partner.")
    if partner.status != PartnerStatus.ACTIVE:
        raise InvalidInput("partner", "Only approved partners can receive quota.")
    if partner.kind not in PLATFORM_GRANTEES:
        raise InvalidInput("partner", "Cloud resellers get their quota from their distributor.")
    currency = money.check_currency(currency)
    value = money.parse_amount(amount, currency)
    start = _parse_date(valid_from, "valid_from") if valid_from not in (None, "") else clock.today()
    end = _parse_date(valid_until, "valid_until")
    if end < start:
        raise InvalidInput("valid_until", "The end of validity must be on or after its start.")
    if end < clock.today():
        raise InvalidInput("valid_until", "The end of validity is in the past.")
    note = _note(note)
    quota = VoucherQuota(partner_id=partner.id, source="platform", currency=currency, total=value,
                         valid_from=start, valid_until=end, created_at=clock.now())
    session.add(quota)
    session.flush()
    _record(session, actor, quota, QuotaOp.GRANT, value, note=note or "Granted by the platform")
    audit.record(session, actor, "grant_quota", "voucher_quota", quota.id, partner_id=partner.id,
                 after={"total": value, "currency": currency, "valid_from": start, "valid_until": end})
    notify.notify_partner(session, partner_id=partner.id, admins_only=True,
                          title=f"Voucher quota granted: {money.format_money(value, currency)}",
                          body=f"Valid {start.isoformat()} – {end.isoformat()}.", link="/sales/coupons")
    session.commit()
    return quota.id


def grant_reseller_quota(session: Session, *, actor: Actor, reseller_id: int, source_quota_id: int, amount,
                         valid_until=None, note: str = "") -> int:
    """A distributor grants quota to one of its cloud resellers, out of one of its own quotas."""
    require(actor, Permission.GRANT_QUOTA)
    distributor = session.get(Partner, actor.partner_id)
    if distributor.kind != PartnerKind.DISTRIBUTOR:
        raise PermissionDenied("Only distributors grant quota to resellers.")
    if distributor.distributor_status == DistributorStatus.DELISTED:
        raise PermissionDenied("Your company has been delisted and exited; it can no longer grant quota.")
    reseller = session.get(Partner, reseller_id) if reseller_id else None
    if reseller is None or reseller.distributor_id != distributor.id or reseller.kind != PartnerKind.CLOUD_RESELLER:
        raise NotFound("reseller")
    if reseller.status != PartnerStatus.ACTIVE:
        raise InvalidInput("reseller", "This reseller is not approved yet.")
    if not source_quota_id:
        raise InvalidInput("source_quota", "Choose the quota to grant from.")
    source = access_partner_row(session, actor, VoucherQuota, source_quota_id, "voucher quota")
    if quota_status(source) != "active":
        raise InvalidInput("source_quota", "That quota is not valid today.")
    value = money.parse_amount(amount, source.currency)
    if value > _remaining(source):
        raise InvalidInput("amount", f"Only {money.format_money(_remaining(source), source.currency)} is left in that quota.")
    end = _parse_date(valid_until, "valid_until") if valid_until not in (None, "") else source.valid_until
    today = clock.today()
    if end < today:
        raise InvalidInput("valid_until", "The end of validity is in the past.")
    if end > source.valid_until:
        raise InvalidInput("valid_until", f"The quota you grant from is valid only until {source.valid_until.isoformat()}.")
    note = _note(note)
    before = source.issued
    _change_issued(session, source, value)  # first write: the quota row is locked from here on
    child = VoucherQuota(partner_id=reseller.id, source="distributor", source_partner_id=distributor.id,
                         parent_quota_id=source.id, currency=source.currency, total=value,
                         valid_from=max(today, source.valid_from), valid_until=end, created_at=clock.now())
    session.add(child)
    session.flush()
    _record(session, actor, source, QuotaOp.GRANT, value, note=note or f"Granted to {reseller.name} (quota #{child.id})")
    _record(session, actor, child, QuotaOp.GRANT, value, note=note or f"Granted by {distributor.name}")
    audit.record(session, actor, "grant_quota", "voucher_quota", child.id, partner_id=reseller.id,
                 after={"total": value, "currency": child.currency, "from_quota": source.id, "valid_until": end})
    audit.record(session, actor, "grant_onward", "voucher_quota", source.id, partner_id=distributor.id,
                 before={"issued": before}, after={"issued": source.issued, "to_quota": child.id})
    notify.notify_partner(session, partner_id=reseller.id, admins_only=True,
                          title=f"Voucher quota granted by {distributor.name}: {money.format_money(value, child.currency)}",
                          link="/sales/coupons")
    session.commit()
    return child.id


def list_resellers(session: Session, *, actor: Actor, search: str = "") -> list[ResellerRow]:
    """The distributor's resellers and the quota it granted each (per currency)."""
    require(actor, Permission.RESELLERS)
    q = select(Partner).where(Partner.distributor_id == actor.partner_id)
    if (search or "").strip():
        q = q.where(col(Partner.name).contains(search.strip()[:100]))
    resellers = session.exec(q.order_by(col(Partner.name))).all()
    quotas = session.exec(select(VoucherQuota).where(
        col(VoucherQuota.partner_id).in_([r.id for r in resellers]),
        VoucherQuota.source_partner_id == actor.partner_id)).all()
    out = []
    for r in resellers:
        mine = [q for q in quotas if q.partner_id == r.id]

        def per_currency(fn) -> str:
            curs = sorted({q.currency for q in mine}) or ["CNY"]
            return " · ".join(fmt_money(money.total([fn(q) for q in mine if q.currency == c], c), c) for c in curs)

        out.append(ResellerRow(id=r.id, name=r.name, status=r.status, quotas=len(mine),
                               granted=per_currency(lambda q: q.total), issued=per_currency(lambda q: q.issued),
                               remaining=per_currency(_remaining)))
    return out


def grantable_partners(session: Session, *, actor: Actor) -> list[dict[str, str]]:
    """Partners the platform can grant quota to (for the console's form)."""
    require(actor, Permission.CONSOLE)
    rows = session.exec(select(Partner).where(col(Partner.kind).in_(PLATFORM_GRANTEES),
                                              Partner.status == PartnerStatus.ACTIVE).order_by(col(Partner.name))).all()
    return [{"id": str(p.id), "name": p.name, "kind": p.kind} for p in rows]


def list_all_quotas(session: Session, *, actor: Actor, req: PageRequest, search: str = "") -> Page:
    """Every quota, for the platform console; ``search`` matches the holder's name."""
    require(actor, Permission.CONSOLE)
    q = select(VoucherQuota)
    if (search or "").strip():
        q = q.where(col(VoucherQuota.partner_id).in_(select(Partner.id).where(
            col(Partner.name).contains(search.strip()[:100]))))
    page = keyset(session, q, VoucherQuota, req, sortable=("id",))
    names = _partner_names(session, [q.partner_id for q in page.rows] + [q.source_partner_id for q in page.rows])
    today = clock.today()
    rows = [{**_quota_row(q, names, today).as_dict(), "partner": names.get(q.partner_id, "")} for q in page.rows]
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


# ------------------------------------------------------------------ vouchers
def _parse_customer_ids(raw) -> list[int]:
    if raw is None or isinstance(raw, (str, bytes, int)):
        raw = [raw] if isinstance(raw, int) else [p for p in str(raw or "").split(",") if p.strip()]
    ids: list[int] = []
    for item in raw:
        text = str(item).strip()
        if not text.isdigit():
            raise InvalidInput("customers", "Choose customers from the list.")
        ids.append(int(text))
    ids = list(dict.fromkeys(ids))  # keep order, drop duplicates
    if not ids:
        raise InvalidInput("customers", "Choose at least one customer.")
    if len(ids) > MAX_CUSTOMERS_PER_ISSUANCE:
        raise InvalidInput("customers", f"Issue to at most {MAX_CUSTOMERS_PER_ISSUANCE} customers at once.")
    return ids


def issue_vouchers(session: Session, *, actor: Actor, quota_id: int, customer_ids, face_value, valid_until) -> IssueResult:
    """Issue one voucher of ``face_value`` to each customer, out of the quota; all or nothing."""
    require(actor, Permission.ISSUE_VOUCHERS)
    quota = access_partner_row(session, actor, VoucherQuota, quota_id, "voucher quota")
    if not actor.is_partner:
        raise NotFound("voucher quota")
    _check_can_issue(session, actor)
    ids = _parse_customer_ids(customer_ids)
    value = money.parse_amount(face_value, quota.currency, "face_value")
    end = _parse_date(valid_until, "valid_until")
    today = clock.today()
    status = quota_status(quota, today)
    if status == "expired":
        raise InvalidInput("quota", "This quota has expired.")
    if status == "not_started":
        raise InvalidInput("quota", f"This quota is valid from {quota.valid_from.isoformat()}.")
    if end < today:
        raise InvalidInput("valid_until", "The voucher's validity must end today or later.")
    if end > quota.valid_until:
        raise InvalidInput("valid_until", f"Vouchers cannot outlive the quota (valid until {quota.valid_until.isoformat()}).")
    associated = set(session.exec(select(Association.customer_id).where(
        Association.partner_id == actor.partner_id, Association.active == True,  # noqa: E712
        col(Association.customer_id).in_(ids))))
    if len(associated) != len(ids):
        raise InvalidInput("customers", "Vouchers can only be issued to customers associated with your company.")
    amount = money.total([value] * len(ids), quota.currency)
    if amount > _remaining(quota):
        raise InvalidInput("face_value", f"{len(ids)} × {money.format_money(value, quota.currency)} = "
                                         f"{money.format_money(amount, quota.currency)} is more than the "
                                         f"{money.format_money(_remaining(quota), quota.currency)} left in this quota.")
    before = quota.issued
    _change_issued(session, quota, amount)  # first write: from here the quota row is ours until commit
    now = clock.now()
    vouchers = [Voucher(quota_id=quota.id, partner_id=actor.partner_id, customer_id=cid, face_value=value,
                        currency=quota.currency, valid_until=end, issued_at=now, issued_by=actor.user_id) for cid in ids]
    session.add_all(vouchers)
    session.flush()
    for v in vouchers:
        _record(session, actor, quota, QuotaOp.ISSUE, value, customer_id=v.customer_id, voucher_id=v.id)
        audit.record(session, actor, "issue_voucher", "voucher", v.id, partner_id=actor.partner_id,
                     customer_id=v.customer_id, after={"face_value": value, "currency": v.currency, "quota": quota.id,
                                                       "valid_until": end})
    audit.record(session, actor, "issue_vouchers", "voucher_quota", quota.id, partner_id=actor.partner_id,
                 before={"issued": before}, after={"issued": quota.issued, "vouchers": len(vouchers)})
    partner_name = session.get(Partner, actor.partner_id).name
    for uid, cid in session.exec(select(User.id, User.customer_id).where(
            col(User.customer_id).in_(ids), User.role == Role.CUSTOMER, User.active == True)):  # noqa: E712
        notify.notify(session, user_id=uid, title=f"New voucher from {partner_name}: {money.format_money(value, quota.currency)}",
                      body=f"Valid until {end.isoformat()}.", link="/account/vouchers")
    session.commit()
    return IssueResult(voucher_ids=[v.id for v in vouchers], total=money.format_money(amount, quota.currency),
                       remaining=money.format_money(_remaining(quota), quota.currency))


def reclaim_voucher(session: Session, *, actor: Actor, voucher_id: int) -> None:
    """Take back a voucher the customer has not used at all; its face value returns to the quota."""
    require(actor, Permission.ISSUE_VOUCHERS)
    if not actor.is_partner:
        raise NotFound("voucher")
    voucher = access_partner_row(session, actor, Voucher, voucher_id, "voucher")
    if voucher.status != VoucherStatus.AVAILABLE:
        raise InvalidInput("voucher", "Only available vouchers can be reclaimed.")
    if voucher.used > 0:
        raise InvalidInput("voucher", "The customer has already used part of this voucher; it cannot be reclaimed.")
    quota = session.get(VoucherQuota, voucher.quota_id)
    result = session.execute(update(Voucher).where(
        Voucher.id == voucher.id, Voucher.status == VoucherStatus.AVAILABLE, Voucher.used <= 0
    ).values(status=VoucherStatus.RECLAIMED).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.rollback()
        raise Conflict("The voucher changed meanwhile (it may have been used). Reload and try again.")
    before = quota.issued
    _change_issued(session, quota, -voucher.face_value)
    set_committed_value(voucher, "status", VoucherStatus.RECLAIMED)
    _record(session, actor, quota, QuotaOp.RECLAIM, voucher.face_value, customer_id=voucher.customer_id,
            voucher_id=voucher.id)
    audit.record(session, actor, "reclaim_voucher", "voucher", voucher.id, partner_id=voucher.partner_id,
                 customer_id=voucher.customer_id, before={"status": VoucherStatus.AVAILABLE, "quota_issued": before},
                 after={"status": VoucherStatus.RECLAIMED, "quota_issued": quota.issued})
    session.commit()


def record_usage(session: Session, *, actor: Actor, voucher_id: int, amount, bill: str = "") -> str:
    """A customer's bill consumed ``amount`` of a voucher (the platform's billing calls this). Returns the balance."""
    require(actor, Permission.CONSOLE)
    voucher = session.get(Voucher, voucher_id) if voucher_id else None
    if voucher is None:
        raise NotFound("voucher")
    value = money.parse_amount(amount, voucher.currency)
    bill = _note(bill)
    if voucher.status != VoucherStatus.AVAILABLE:
        raise InvalidInput("voucher", "This voucher is no longer available.")
    if voucher.valid_until < clock.today():
        raise InvalidInput("voucher", "This voucher has expired.")
    balance = money.quantize(voucher.face_value - voucher.used, voucher.currency)
    if value > balance:
        raise InvalidInput("amount", f"Only {money.format_money(balance, voucher.currency)} is left on this voucher.")
    new_used = money.quantize(voucher.used + value, voucher.currency)
    new_status = VoucherStatus.USED_UP if new_used >= voucher.face_value else VoucherStatus.AVAILABLE
    # compare-and-set on the amount used so two bills never both spend the same balance
    result = session.execute(update(Voucher).where(
        Voucher.id == voucher.id, Voucher.status == VoucherStatus.AVAILABLE,
        Voucher.used >= voucher.used - _SLACK, Voucher.used <= voucher.used + _SLACK,
    ).values(used=new_used, status=new_status).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.rollback()
        raise Conflict("The voucher changed meanwhile. Reload and try again.")
    before = {"used": voucher.used, "status": voucher.status}
    set_committed_value(voucher, "used", new_used)
    set_committed_value(voucher, "status", new_status)
    quota = session.get(VoucherQuota, voucher.quota_id)
    _record(session, actor, quota, QuotaOp.USE, value, customer_id=voucher.customer_id, voucher_id=voucher.id,
            note=bill)
    audit.record(session, actor, "use_voucher", "voucher", voucher.id, partner_id=voucher.partner_id,
                 customer_id=voucher.customer_id, before=before, after={"used": new_used, "status": new_status, "bill": bill})
    session.commit()
    return money.format_money(voucher.face_value - new_used, voucher.currency)


def voucher_summary(session: Session, *, actor: Actor, voucher_id: int) -> dict[str, str]:
    """What the console's usage form shows about one voucher before recording usage."""
    require(actor, Permission.CONSOLE)
    v = session.get(Voucher, voucher_id) if voucher_id else None
    if v is None:
        raise NotFound("voucher")
    customer = session.get(Customer, v.customer_id)
    return {"id": str(v.id), "partner": _partner_names(session, [v.partner_id]).get(v.partner_id, ""),
            "customer": mask_name(customer.name), "face_value": fmt_money(v.face_value, v.currency),
            "balance": fmt_money(v.face_value - v.used, v.currency), "status": v.status, "valid_until": fmt_date(v.valid_until)}


def _voucher_rows(session: Session, vouchers: list[Voucher]) -> list[VoucherRow]:
    customers = {c.id: c for c in session.exec(select(Customer).where(
        col(Customer.id).in_([v.customer_id for v in vouchers])))} if vouchers else {}
    names = _partner_names(session, [v.partner_id for v in vouchers])
    return [VoucherRow(
        id=v.id, quota_id=v.quota_id, partner=names.get(v.partner_id, ""), customer=mask_name(customers[v.customer_id].name),
        face_value=fmt_money(v.face_value, v.currency), used=fmt_money(v.used, v.currency),
        balance=fmt_money(money.quantize(v.face_value - v.used, v.currency), v.currency), status=v.status,
        valid_until=fmt_date(v.valid_until), issued_at=fmt_dt(v.issued_at),
        can_reclaim="1" if v.status == VoucherStatus.AVAILABLE and v.used <= 0 else "",
    ) for v in vouchers]


def _customer_match(search: str):
    """Exact account name or mobile, or a name prefix: the same index lookups as the customer lists."""
    return matching_customers((search or "").strip()[:100])


def _voucher_query(where, search: str, status: str, partner_search: str = ""):
    q = select(Voucher).where(where)
    if (partner_search or "").strip():
        q = q.where(col(Voucher.partner_id).in_(select(Partner.id).where(
            col(Partner.name).contains(partner_search.strip()[:100]))))
    if status and status != "all":
        if status not in VOUCHER_STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(Voucher.status == status)
    if (search or "").strip():
        q = q.where(col(Voucher.customer_id).in_(_customer_match(search)))
    return q


def list_vouchers(session: Session, *, actor: Actor, req: PageRequest, search: str = "", status: str = "all") -> Page:
    """The partner's issued vouchers."""
    require(actor, Permission.SALES)
    page = keyset(session, _voucher_query(Voucher.partner_id == actor.partner_id, search, status), Voucher, req,
                  sortable=("id", "valid_until", "issued_at"))
    return Page(rows=_voucher_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_vouchers(session: Session, *, actor: Actor, search: str = "", status: str = "all") -> list[VoucherRow]:
    require(actor, Permission.SALES)
    return _voucher_rows(session, all_rows(session, _voucher_query(Voucher.partner_id == actor.partner_id, search,
                                                                   status), Voucher))


def list_my_vouchers(session: Session, *, actor: Actor, req: PageRequest, status: str = "all",
                     search: str = "") -> Page:
    """Account Center › My Vouchers: the signed-in customer's vouchers from every partner (``search``: partner name)."""
    require(actor, Permission.MY_VOUCHERS)
    page = keyset(session, _voucher_query(Voucher.customer_id == actor.customer_id, "", status, search), Voucher, req,
                  sortable=("id", "valid_until"))
    return Page(rows=_voucher_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_my_vouchers(session: Session, *, actor: Actor, status: str = "all", search: str = "") -> list[VoucherRow]:
    require(actor, Permission.MY_VOUCHERS)
    return _voucher_rows(session, all_rows(session, _voucher_query(Voucher.customer_id == actor.customer_id, "", status,
                                                                   search), Voucher))


def my_voucher_balance(session: Session, *, actor: Actor) -> str:
    """The customer's usable balance (available, not past validity), per currency."""
    require(actor, Permission.MY_VOUCHERS)
    rows = session.exec(select(Voucher).where(Voucher.customer_id == actor.customer_id,
                                              Voucher.status == VoucherStatus.AVAILABLE,
                                              Voucher.valid_until >= clock.today())).all()
    curs = sorted({v.currency for v in rows}) or ["CNY"]
    return " · ".join(fmt_money(money.total([v.face_value - v.used for v in rows if v.currency == c], c), c) for c in curs)


# ------------------------------------------------------------------ operation records
def _record_query(actor: Actor, flt: RecordFilter):
    q = select(QuotaRecord).where(QuotaRecord.partner_id == actor.partner_id)
    start = _parse_date(flt.date_from, "date_from") if flt.date_from else None
    end = _parse_date(flt.date_to, "date_to") if flt.date_to else None
    if start and end and end < start:
        raise InvalidInput("date_to", "The end of the time range is before its start.")
    if start:
        q = q.where(QuotaRecord.at >= dt.datetime.combine(start, dt.time(0), dt.UTC))
    if end:
        q = q.where(QuotaRecord.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), dt.UTC))
    if flt.op and flt.op != "all":
        if flt.op not in RECORD_OPS:
            raise InvalidInput("op", "Unknown operation type.")
        q = q.where(QuotaRecord.op == flt.op)
    if flt.quota_id:
        q = q.where(QuotaRecord.quota_id == flt.quota_id)
    if (flt.customer or "").strip():
        q = q.where(col(QuotaRecord.customer_id).in_(_customer_match(flt.customer)))
    if flt.operator_id:
        q = q.where(QuotaRecord.operator_id == flt.operator_id)
    return q


def _record_rows(session: Session, rows: list[QuotaRecord]) -> list[RecordRow]:
    cids = {r.customer_id for r in rows if r.customer_id}
    uids = {r.operator_id for r in rows if r.operator_id}
    customers = {c.id: c.name for c in session.exec(select(Customer).where(col(Customer.id).in_(cids)))} if cids else {}
    users = {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(uids)))} if uids else {}
    return [RecordRow(
        id=r.id, at=fmt_dt(r.at), op=r.op, quota_id=r.quota_id, amount=fmt_money(r.amount, r.currency),
        customer=mask_name(customers.get(r.customer_id, "")), voucher_id=str(r.voucher_id or ""),
        operator=users.get(r.operator_id, "System" if r.operator_id is None else ""), note=r.note,
    ) for r in rows]


def _check_record_filter(session: Session, actor: Actor, flt: RecordFilter) -> None:
    require(actor, Permission.SALES)
    if flt.quota_id:
        access_partner_row(session, actor, VoucherQuota, flt.quota_id, "voucher quota")


def list_records(session: Session, *, actor: Actor, req: PageRequest, flt: RecordFilter = RecordFilter()) -> Page:
    _check_record_filter(session, actor, flt)
    if req.sort == "id":  # records are read by time: keyset on (at, id) keeps a time-range filter on the index
        req = dataclasses.replace(req, sort="at")
    page = keyset(session, _record_query(actor, flt), QuotaRecord, req, sortable=("id", "at"))
    return Page(rows=_record_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_records(session: Session, *, actor: Actor, flt: RecordFilter = RecordFilter()) -> list[RecordRow]:
    _check_record_filter(session, actor, flt)
    return _record_rows(session, all_rows(session, _record_query(actor, flt), QuotaRecord))


def record_operators(session: Session, *, actor: Actor) -> list[dict[str, str]]:
    """Users of the actor's company who can appear as operators (for the filter)."""
    require(actor, Permission.SALES)
    rows = session.exec(select(User).where(User.partner_id == actor.partner_id).order_by(col(User.name))).all()
    return [{"id": str(u.id), "name": u.name} for u in rows]


# ------------------------------------------------------------------ expiry job
@jobs.job("expire_vouchers")
def expire_vouchers(session: Session) -> int:
    """Vouchers and quotas past their validity expire; each writes one ``expire`` record. Idempotent."""
    today, changed = clock.today(), 0
    stale = session.exec(select(Voucher).where(Voucher.status == VoucherStatus.AVAILABLE,
                                               Voucher.valid_until < today).limit(1000)).all()
    for v in stale:
        result = session.execute(update(Voucher).where(Voucher.id == v.id, Voucher.status == VoucherStatus.AVAILABLE)
                                 .values(status=VoucherStatus.EXPIRED).execution_options(synchronize_session=False))
        if result.rowcount != 1:
            continue
        quota = session.get(VoucherQuota, v.quota_id)
        _record(session, None, quota, QuotaOp.EXPIRE, v.face_value - v.used, customer_id=v.customer_id, voucher_id=v.id,
                note="Voucher expired unused" if v.used <= 0 else "Unused balance expired")
        audit.record(session, None, "expire_voucher", "voucher", v.id, partner_id=v.partner_id, customer_id=v.customer_id,
                     before={"status": VoucherStatus.AVAILABLE}, after={"status": VoucherStatus.EXPIRED})
        changed += 1
    already = select(QuotaRecord.quota_id).where(QuotaRecord.op == QuotaOp.EXPIRE, QuotaRecord.voucher_id == None)  # noqa: E711
    for q in session.exec(select(VoucherQuota).where(VoucherQuota.valid_until < today,
                                                     col(VoucherQuota.id).not_in(already)).limit(1000)).all():
        _record(session, None, q, QuotaOp.EXPIRE, _remaining(q), note="Quota expired")
        audit.record(session, None, "expire_quota", "voucher_quota", q.id, partner_id=q.partner_id,
                     after={"remaining": _remaining(q)})
        if _remaining(q) > 0:
            notify.notify_partner(session, partner_id=q.partner_id, admins_only=True, dedupe_key=f"quota-expired:{q.id}",
                                  title=f"Voucher quota #{q.id} expired with {money.format_money(_remaining(q), q.currency)} unused",
                                  link="/sales/coupons")
        changed += 1
    session.commit()
    return changed


def expired_quota_ids(session: Session) -> set[int]:
    """Quotas whose expiry has been recorded (for tests and reports)."""
    return set(session.exec(select(QuotaRecord.quota_id).where(QuotaRecord.op == QuotaOp.EXPIRE,
                                                               QuotaRecord.voucher_id == None)))  # noqa: E711


def quota_balance_check(session: Session, quota_id: int) -> tuple[Decimal, Decimal]:
    """(issued as stored, issued as its records and onward grants say): equal when nothing drifted."""
    q = session.get(VoucherQuota, quota_id)
    recs = session.exec(select(QuotaRecord).where(QuotaRecord.quota_id == quota_id)).all()
    out = money.total([r.amount for r in recs if r.op == QuotaOp.ISSUE], q.currency)
    back = money.total([r.amount for r in recs if r.op == QuotaOp.RECLAIM], q.currency)
    onward = money.total(session.exec(select(VoucherQuota.total).where(VoucherQuota.parent_quota_id == q.id)).all(),
                         q.currency)
    return q.issued, money.quantize(out - back + onward, q.currency)
