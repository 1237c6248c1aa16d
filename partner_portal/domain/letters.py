"""End-user Authorization Letters (seed §17, §19; PRODUCT.md §8).

A partner asks to operate on an associated customer's account within a scope. On its first request
(and after the platform publishes a new commitment letter) the partner accepts the commitment letter.
A cloud reseller's request first needs its distributor's approval:

    awaiting_distributor ──distributor approves──▶ awaiting_customer ──customer agrees (code)──▶ active
            │ rejects                                     │ rejects (code)                         │ revokes (reason + code)
            ▼                                             ▼                                        ▼
         rejected                                      rejected                                 revoked

The letter text is versioned (``LetterVersion`` kind ``end_user`` / ``commitment``); a customer who
has not read the newest end-user version sees a banner until it opens the letters page.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from partner_portal.models import (
    Association, AuditLog, Authorization, AuthorizationStatus, Customer, DistributorStatus, LetterVersion, Partner,
    PartnerCommitment, PartnerKind, Role, User,
)

from . import audit, clock, notify, verification
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .letters_shell import latest_letter_version
from .masking import mask_name
from .paging import Page, PageRequest, all_rows, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt

S = AuthorizationStatus
SCOPES = ("view_bills", "view_resources", "manage_resources", "issue_vouchers", "open_tickets")
OPEN_STATUSES = (S.AWAITING_DISTRIBUTOR, S.AWAITING_CUSTOMER, S.ACTIVE)
KINDS = ("end_user", "commitment")
PURPOSES = {"answer": "authorization", "revoke": "authorization_revoke"}


@dataclass(frozen=True)
class LetterView:
    kind: str
    version: int
    text: str
    text_zh: str
    published_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class AuthorizationView:
    id: int
    partner: str  # the partner company's name
    customer: str  # masked customer name (partner and distributor views); the customer's own view leaves it ""
    scope: str  # comma-separated scope keys
    status: str
    letter_version: int
    requested_at: str
    distributor_decided_at: str
    agreed_at: str
    revoked_at: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ActivityView:
    at: str
    category: str  # reveal | voucher | association | opportunity | other
    action: str
    actor: str
    details: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


# ---------------------------------------------------------------- letters
def _latest_letter(session: Session, kind: str) -> LetterVersion | None:
    return session.exec(select(LetterVersion).where(LetterVersion.kind == kind)
                        .order_by(col(LetterVersion.version).desc())).first()


def _letter_view(row: LetterVersion) -> LetterView:
    return LetterView(kind=row.kind, version=row.version, text=row.text, text_zh=row.text_zh or row.text,
                      published_at=fmt_dt(row.published_at))


def current_letter(session: Session, *, actor: Actor, kind: str = "end_user") -> LetterView | None:
    if not (actor.is_manager or Permission.AUTHORIZATIONS in actor.permissions):
        raise PermissionDenied()
    if kind not in KINDS:
        raise InvalidInput("kind", "Unknown letter.")
    row = _latest_letter(session, kind)
    return _letter_view(row) if row else None


def list_versions(session: Session, *, actor: Actor) -> list[LetterView]:
    require(actor, Permission.CONSOLE)
    rows = session.exec(select(LetterVersion).order_by(col(LetterVersion.kind), col(LetterVersion.version).desc())).all()
    return [_letter_view(r) for r in rows]


def publish_version(session: Session, *, actor: Actor, kind: str, text: str, text_zh: str = "") -> LetterView:
    """A new version of a letter; customers see a banner for a new end-user version at their next sign-in."""
    require(actor, Permission.CONSOLE)
    if kind not in KINDS:
        raise InvalidInput("kind", "Choose the end-user letter or the commitment letter.")
    text, text_zh = (text or "").strip(), (text_zh or "").strip()
    if len(text) < 20:
        raise InvalidInput("text", "Enter the full letter text (at least 20 characters).")
    if len(text) > 20000 or len(text_zh) > 20000:
        raise InvalidInput("text", "Use at most 20000 characters.")
    latest = _latest_letter(session, kind)
    row = LetterVersion(kind=kind, version=(latest.version if latest else 0) + 1, text=text, text_zh=text_zh,
                        published_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "letter.publish", "letterversion", row.id, after={"kind": kind, "version": row.version})
    session.commit()
    return _letter_view(row)


def mark_letter_seen(session: Session, *, actor: Actor) -> int:
    """The customer opened the letters page: the newest end-user version counts as read (no more banner)."""
    if actor.role != Role.CUSTOMER:
        return 0
    user = session.get(User, actor.user_id)
    latest = latest_letter_version(session)
    if user.seen_letter_version < latest:
        before = user.seen_letter_version
        user.seen_letter_version = latest
        audit.record(session, actor, "letter.read", "user", user.id, before={"version": before},
                     after={"version": latest}, customer_id=actor.customer_id)
        session.commit()
    return latest


# ---------------------------------------------------------------- partner side
def _partner_actor(actor: Actor) -> Actor:
    require(actor, Permission.AUTHORIZATIONS)
    if not actor.is_partner or not actor.partner_id:
        raise PermissionDenied()
    return actor


def commitment_needed(session: Session, *, actor: Actor) -> bool:
    """Whether the partner still has to accept the (newest) commitment letter with its next request."""
    _partner_actor(actor)
    latest = _latest_letter(session, "commitment")
    if latest is None:
        return False
    return session.exec(select(PartnerCommitment.id).where(
        PartnerCommitment.partner_id == actor.partner_id,
        PartnerCommitment.letter_version >= latest.version)).first() is None


def requestable_customers(session: Session, *, actor: Actor) -> list[dict[str, str]]:
    """The partner's associated customers (masked), for the request form."""
    _partner_actor(actor)
    rows = session.exec(select(Customer).join(Association, Association.customer_id == Customer.id).where(
        Association.partner_id == actor.partner_id, Association.active == True)  # noqa: E712
        .order_by(col(Customer.id)).limit(200)).all()
    return [{"id": str(c.id), "label": f"{mask_name(c.name)} · {mask_name(c.account_name)}"} for c in rows]


def _parse_scopes(scopes) -> list[str]:
    if isinstance(scopes, str):
        scopes = [s for s in scopes.split(",") if s]
    chosen = []
    for s in scopes or []:
        s = str(s).strip()
        if s not in SCOPES:
            raise InvalidInput("scope", "Choose scopes from the list.")
        if s not in chosen:
            chosen.append(s)
    if not chosen:
        raise InvalidInput("scope", "Choose at least one scope.")
    return [s for s in SCOPES if s in chosen]


def _view(a: Authorization, partner_name: str, customer_name: str) -> AuthorizationView:
    return AuthorizationView(
        id=a.id, partner=partner_name, customer=customer_name, scope=a.scope, status=a.status,
        letter_version=a.letter_version, requested_at=fmt_dt(a.created_at),
        distributor_decided_at=fmt_dt(a.distributor_decided_at), agreed_at=fmt_dt(a.agreed_at),
        revoked_at=fmt_dt(a.revoked_at), reason=a.reason)


def _notify_customer(session: Session, customer_id: int, title: str, body: str = "") -> None:
    for uid in session.exec(select(User.id).where(User.customer_id == customer_id, User.active == True)):  # noqa: E712
        notify.notify(session, user_id=uid, title=title, body=body, link="/account/authorizations")


def request_authorization(session: Session, *, actor: Actor, customer_id: int, scopes, accept_commitment: bool = False
                          ) -> AuthorizationView:
    """Ask an associated customer for authorization within ``scopes``."""
    _partner_actor(actor)
    try:
        customer_id = int(customer_id)
    except (TypeError, ValueError):
        raise InvalidInput("customer", "Choose a customer.") from None
    assoc = session.exec(select(Association).where(
        Association.partner_id == actor.partner_id, Association.customer_id == customer_id,
        Association.active == True)).first()  # noqa: E712
    if assoc is None:
        raise InvalidInput("customer", "Choose one of your associated customers.")
    chosen = _parse_scopes(scopes)
    partner = session.get(Partner, actor.partner_id)
    reseller = partner.kind == PartnerKind.CLOUD_RESELLER
    distributor = session.get(Partner, partner.distributor_id) if reseller and partner.distributor_id else None
    if reseller and (distributor is None or distributor.distributor_status != DistributorStatus.ACTIVE):
        raise PermissionDenied("Your distributor has been delisted and exited: authorization requests need an active "
                               "distributor's approval.")
    if session.exec(select(Authorization.id).where(
            Authorization.partner_id == actor.partner_id, Authorization.customer_id == customer_id,
            col(Authorization.status).in_(OPEN_STATUSES))).first():
        raise InvalidInput("customer", "This customer already has an open or active authorization for your company.")
    now = clock.now()
    commitment = _latest_letter(session, "commitment")
    if commitment_needed(session, actor=actor):
        if accept_commitment is not True:
            raise InvalidInput("commitment", "Accept the partner commitment letter to send your first request.")
        pc = PartnerCommitment(partner_id=actor.partner_id, letter_version=commitment.version,
                               accepted_by=actor.user_id, accepted_at=now)
        session.add(pc)
        session.flush()
        audit.record(session, actor, "commitment.accept", "partnercommitment", pc.id, partner_id=actor.partner_id,
                     after={"version": commitment.version})
    status = S.AWAITING_DISTRIBUTOR if reseller else S.AWAITING_CUSTOMER
    auth = Authorization(partner_id=actor.partner_id, customer_id=customer_id, scope=",".join(chosen), status=status,
                         letter_version=latest_letter_version(session) or 1, requested_by=actor.user_id, created_at=now)
    session.add(auth)
    session.flush()
    audit.record(session, actor, "authorization.request", "authorization", auth.id, partner_id=actor.partner_id,
                 customer_id=customer_id, after={"scope": auth.scope, "status": status})
    if reseller:
        notify.notify_partner(session, partner_id=distributor.id, admins_only=True,
                              title=f"{partner.name} asks you to approve an authorization request",
                              link="/account/authorizations")
    else:
        _notify_customer(session, customer_id, f"{partner.name} asks for authorization on your account",
                         f"Scope: {auth.scope}")
    session.commit()
    customer = session.get(Customer, customer_id)
    return _view(auth, partner.name, mask_name(customer.name))


def partner_authorizations(session: Session, *, actor: Actor) -> list[AuthorizationView]:
    """The partner's requests and authorizations (active ones first), customers masked."""
    _partner_actor(actor)
    rows = session.exec(select(Authorization, Customer).join(Customer, Customer.id == Authorization.customer_id)
                        .where(Authorization.partner_id == actor.partner_id)
                        .order_by(col(Authorization.id).desc()).limit(100)).all()
    partner = session.get(Partner, actor.partner_id)
    order = {S.ACTIVE: 0, S.AWAITING_DISTRIBUTOR: 1, S.AWAITING_CUSTOMER: 1}
    rows = sorted(rows, key=lambda r: order.get(r[0].status, 2))
    return [_view(a, partner.name, mask_name(c.name)) for a, c in rows]


# ---------------------------------------------------------------- distributor side
def _distributor_actor(actor: Actor) -> Actor:
    require(actor, Permission.RESELLERS)
    return actor


def distributor_requests(session: Session, *, actor: Actor) -> list[AuthorizationView]:
    """Requests of the distributor's resellers: the ones awaiting it first, then recent decisions."""
    _distributor_actor(actor)
    resellers = select(Partner.id).where(Partner.distributor_id == actor.partner_id)
    rows = session.exec(select(Authorization, Partner, Customer)
                        .join(Partner, Partner.id == Authorization.partner_id)
                        .join(Customer, Customer.id == Authorization.customer_id)
                        .where(col(Authorization.partner_id).in_(resellers))
                        .order_by(col(Authorization.id).desc()).limit(100)).all()
    rows = sorted(rows, key=lambda r: 0 if r[0].status == S.AWAITING_DISTRIBUTOR else 1)
    return [_view(a, p.name, mask_name(c.name)) for a, p, c in rows]


def _transition(session: Session, auth: Authorization, expected: str, **values) -> None:
    res = session.exec(update(Authorization).where(Authorization.id == auth.id, Authorization.status == expected)
                       .values(**values))
    if res.rowcount != 1:
        session.rollback()
        raise Conflict("This request was processed in the meantime. Reload the page.")


def distributor_decide(session: Session, *, actor: Actor, authorization_id: int, approve: bool, reason: str = "") -> None:
    _distributor_actor(actor)
    auth = session.get(Authorization, authorization_id) if authorization_id else None
    reseller = session.get(Partner, auth.partner_id) if auth else None
    if auth is None or reseller is None or reseller.distributor_id != actor.partner_id:
        raise NotFound("authorization request")
    if auth.status != S.AWAITING_DISTRIBUTOR:
        raise Conflict("This request is no longer awaiting your approval.")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise InvalidInput("reason", "Use at most 500 characters.")
    if not approve and not reason:
        raise InvalidInput("reason", "Give the reason for the rejection; the reseller will see it.")
    now = clock.now()
    status = S.AWAITING_CUSTOMER if approve else S.REJECTED
    _transition(session, auth, S.AWAITING_DISTRIBUTOR, status=status, distributor_decided_at=now,
                reason="" if approve else f"Distributor: {reason}")
    audit.record(session, actor, "authorization.distributor_" + ("approve" if approve else "reject"), "authorization",
                 auth.id, partner_id=auth.partner_id, customer_id=auth.customer_id,
                 before={"status": S.AWAITING_DISTRIBUTOR}, after={"status": status, "reason": reason})
    if approve:
        _notify_customer(session, auth.customer_id, f"{reseller.name} asks for authorization on your account",
                         f"Scope: {auth.scope}")
        notify.notify_partner(session, partner_id=auth.partner_id, title="Your distributor approved your authorization "
                              "request; it now awaits the customer", link="/account/authorizations")
    else:
        notify.notify_partner(session, partner_id=auth.partner_id, title="Your distributor rejected your authorization "
                              "request", body=reason, link="/account/authorizations")
    session.commit()


# ---------------------------------------------------------------- customer side
def customer_authorizations(session: Session, *, actor: Actor) -> list[AuthorizationView]:
    require(actor, Permission.AUTHORIZATIONS)
    if actor.role != Role.CUSTOMER:
        raise PermissionDenied()
    rows = session.exec(select(Authorization, Partner).join(Partner, Partner.id == Authorization.partner_id)
                        .where(Authorization.customer_id == actor.customer_id,
                               Authorization.status != S.AWAITING_DISTRIBUTOR)
                        .order_by(col(Authorization.id).desc()).limit(100)).all()
    return [_view(a, p.name, "") for a, p in rows]


def _customer_auth(session: Session, actor: Actor, authorization_id) -> Authorization:
    require(actor, Permission.AUTHORIZATIONS)
    try:
        authorization_id = int(authorization_id)
    except (TypeError, ValueError):
        raise NotFound("authorization") from None
    auth = session.get(Authorization, authorization_id)
    # a reseller's request the distributor has not approved yet is not the customer's to see
    if (auth is None or actor.role != Role.CUSTOMER or auth.customer_id != actor.customer_id
            or auth.status == S.AWAITING_DISTRIBUTOR):
        raise NotFound("authorization")
    return auth


def send_code(session: Session, *, actor: Actor, authorization_id: int, purpose: str) -> None:
    """A verification code (SMS to the customer's mobile and e-mail) to answer or revoke one authorization."""
    auth = _customer_auth(session, actor, authorization_id)
    if purpose not in PURPOSES:
        raise InvalidInput("code", "Unknown action.")
    expected = S.AWAITING_CUSTOMER if purpose == "answer" else S.ACTIVE
    if auth.status != expected:
        raise Conflict("This authorization cannot be changed any more. Reload the page.")
    user = session.get(User, actor.user_id)
    customer = session.get(Customer, actor.customer_id)
    what = "answer an authorization request" if purpose == "answer" else "revoke an authorization"
    verification.send_code(session, purpose=PURPOSES[purpose], target_id=auth.id, user=user, mobile=customer.mobile,
                           subject="Partner Portal verification code", what=what)


def answer(session: Session, *, actor: Actor, authorization_id: int, agree: bool, code: str, reason: str = "") -> None:
    """The customer agrees to (→ active) or rejects a request, confirming with a verification code."""
    auth = _customer_auth(session, actor, authorization_id)
    if auth.status != S.AWAITING_CUSTOMER:
        raise Conflict("This request has already been answered.")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise InvalidInput("reason", "Use at most 500 characters.")
    user = session.get(User, actor.user_id)
    verification.check_code(session, purpose=PURPOSES["answer"], target_id=auth.id, user=user, code=code)
    now = clock.now()
    partner = session.get(Partner, auth.partner_id)
    if agree:
        version = latest_letter_version(session) or auth.letter_version
        _transition(session, auth, S.AWAITING_CUSTOMER, status=S.ACTIVE, agreed_at=now, letter_version=version)
        user.seen_letter_version = max(user.seen_letter_version, version)
        status = S.ACTIVE
    else:
        _transition(session, auth, S.AWAITING_CUSTOMER, status=S.REJECTED, reason=reason)
        status = S.REJECTED
    audit.record(session, actor, "authorization." + ("agree" if agree else "reject"), "authorization", auth.id,
                 partner_id=auth.partner_id, customer_id=auth.customer_id,
                 before={"status": S.AWAITING_CUSTOMER}, after={"status": status, "reason": reason})
    notify.notify_partner(session, partner_id=partner.id,
                          title="A customer " + ("agreed to" if agree else "rejected") + " your authorization request",
                          body=reason, link="/account/authorizations")
    session.commit()


def revoke(session: Session, *, actor: Actor, authorization_id: int, reason: str, code: str) -> None:
    """The customer revokes an active authorization, with a reason, confirming with a verification code."""
    auth = _customer_auth(session, actor, authorization_id)
    if auth.status != S.ACTIVE:
        raise Conflict("Only an active authorization can be revoked.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "Give the reason for revoking; the partner will see it.")
    if len(reason) > 500:
        raise InvalidInput("reason", "Use at most 500 characters.")
    user = session.get(User, actor.user_id)
    verification.check_code(session, purpose=PURPOSES["revoke"], target_id=auth.id, user=user, code=code)
    _transition(session, auth, S.ACTIVE, status=S.REVOKED, revoked_at=clock.now(), reason=reason)
    audit.record(session, actor, "authorization.revoke", "authorization", auth.id, partner_id=auth.partner_id,
                 customer_id=auth.customer_id, before={"status": S.ACTIVE}, after={"status": S.REVOKED, "reason": reason})
    notify.notify_partner(session, partner_id=auth.partner_id, title="A customer revoked your authorization",
                          body=f"Reason: {reason}", link="/account/authorizations")
    session.commit()


def _category(action: str) -> str:
    a = action.lower()
    if a.startswith("reveal"):
        return "reveal"
    if "voucher" in a:
        return "voucher"
    if "associat" in a or "dissociat" in a or "switch" in a:
        return "association"
    if "opportunit" in a:
        return "opportunity"
    return "other"


_DETAIL_KEYS = ("field", "face_value", "amount", "currency", "status", "stage", "new_type", "kind", "name")


def _details(raw: str) -> str:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return ", ".join(f"{k}: {data[k]}" for k in _DETAIL_KEYS if k in data and data[k] not in ("", None))[:200]


def activity_log(session: Session, *, actor: Actor, authorization_id: int) -> list[ActivityView]:
    """What the partner's users did concerning this customer while the authorization was in force."""
    auth = _customer_auth(session, actor, authorization_id)
    if auth.agreed_at is None:
        return []
    partner_users = {u.id: u.name for u in session.exec(select(User).where(User.partner_id == auth.partner_id))}
    if not partner_users:
        return []
    q = select(AuditLog).where(AuditLog.customer_id == auth.customer_id, AuditLog.partner_id == auth.partner_id,
                               AuditLog.at >= auth.agreed_at, col(AuditLog.actor_id).in_(list(partner_users)))
    if auth.revoked_at is not None:
        q = q.where(AuditLog.at <= auth.revoked_at)
    rows = session.exec(q.order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc()).limit(100)).all()
    return [ActivityView(at=fmt_dt(r.at), category=_category(r.action), action=r.action,
                         actor=partner_users.get(r.actor_id, ""), details=_details(r.after)) for r in rows]


# ---------------------------------------------------------------- the partner's list (paged, masked, with reveal)
REVEALABLE = {"name": "name", "account": "account_name"}
LIST_STATUSES = tuple(s.value for s in S)


def _partner_query(actor: Actor, status: str):
    q = select(Authorization).where(Authorization.partner_id == actor.partner_id)
    if status and status != "all":
        if status not in LIST_STATUSES:
            raise InvalidInput("status", "Unknown status.")
        q = q.where(Authorization.status == status)
    return q


def _rows(session: Session, rows: list[Authorization]) -> list[dict[str, str]]:
    customers = {c.id: c for c in session.exec(select(Customer).where(col(Customer.id).in_([a.customer_id for a in rows])))}
    out = []
    for a in rows:
        c = customers[a.customer_id]
        out.append({"id": str(a.id), "name": mask_name(c.name), "account": mask_name(c.account_name), "scope": a.scope,
                    "status": a.status, "requested_at": fmt_dt(a.created_at), "agreed_at": fmt_dt(a.agreed_at),
                    "reason": a.reason})
    return out


def list_partner_authorizations(session: Session, *, actor: Actor, req: PageRequest, status: str = "all") -> Page:
    _partner_actor(actor)
    page = keyset(session, _partner_query(actor, status), Authorization, req, sortable=("id", "created_at"))
    return Page(rows=_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_partner_authorizations(session: Session, *, actor: Actor, status: str = "all") -> list[dict[str, str]]:
    _partner_actor(actor)
    return _rows(session, all_rows(session, _partner_query(actor, status), Authorization))


def reveal_customer_field(session: Session, *, actor: Actor, authorization_id: int, field: str) -> str:
    """The full customer name or account name of one of the partner's authorizations; audited."""
    _partner_actor(actor)
    if field not in REVEALABLE:
        raise InvalidInput("field", "That field cannot be shown.")
    auth = session.get(Authorization, authorization_id) if authorization_id else None
    if auth is None or auth.partner_id != actor.partner_id:
        raise NotFound("authorization")
    customer = session.get(Customer, auth.customer_id)
    audit.record(session, actor, "reveal", "customer", customer.id, after={"field": field, "via": f"authorization:{auth.id}"},
                 partner_id=actor.partner_id, customer_id=customer.id)
    session.commit()
    return getattr(customer, REVEALABLE[field])
