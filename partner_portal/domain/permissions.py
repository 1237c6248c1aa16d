"""Who may do what: one table to review, one ``can()``, and the ``access_*`` loaders.

"Not found" and "not yours" give the same answer (NotFound), as in Zulip's
``access_stream_by_id``.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from partner_portal.models import Partner, PartnerKind, PartnerStatus, Role, User

from .errors import NotFound, PermissionDenied


class Permission(StrEnum):
    SALES = "sales"  # Sales menu: customer expansion, leads, tasks, opportunities, coupons
    REPORT_CUSTOMER = "report_customer"
    DISSOCIATE = "dissociate"  # request/process dissociation and type switches
    ISSUE_VOUCHERS = "issue_vouchers"
    GRANT_QUOTA = "grant_quota"  # distributor → its resellers
    RESELLERS = "resellers"
    BENEFITS = "benefits"
    INCENTIVES = "incentives"
    PLANS = "plans"
    CAPABILITIES = "capabilities"
    MEMBER_AREA = "member_area"
    ACCOUNT_CENTER = "account_center"
    MY_PARTNERS = "my_partners"
    MY_VOUCHERS = "my_vouchers"
    INVOICE_INFO = "invoice_info"
    AUTHORIZATIONS = "authorizations"
    MANAGE_USERS = "manage_users"
    BUSINESS_INFO = "business_info"
    CONSOLE = "console"
    REVIEW = "review"


P = Permission
_PARTNER_COMMON = {
    P.SALES, P.REPORT_CUSTOMER, P.ISSUE_VOUCHERS, P.BENEFITS, P.INCENTIVES, P.PLANS,
    P.CAPABILITIES, P.ACCOUNT_CENTER, P.INVOICE_INFO, P.AUTHORIZATIONS,
}
_ADMIN_ONLY = {P.DISSOCIATE, P.MANAGE_USERS, P.BUSINESS_INFO}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PARTNER_ADMIN: frozenset(_PARTNER_COMMON | _ADMIN_ONLY),
    Role.PARTNER_STAFF: frozenset(_PARTNER_COMMON),
    Role.DISTRIBUTOR_ADMIN: frozenset(_PARTNER_COMMON | _ADMIN_ONLY | {P.GRANT_QUOTA, P.RESELLERS}),
    Role.MEMBER: frozenset({P.MEMBER_AREA, P.ACCOUNT_CENTER, P.INVOICE_INFO}),
    Role.CUSTOMER: frozenset({P.ACCOUNT_CENTER, P.MY_PARTNERS, P.MY_VOUCHERS, P.INVOICE_INFO, P.AUTHORIZATIONS}),
    Role.MANAGER: frozenset({P.CONSOLE, P.REVIEW}),
}

# Permissions that need a partner company the platform has approved.
_NEEDS_ACTIVE_PARTNER = _PARTNER_COMMON - {P.ACCOUNT_CENTER, P.INVOICE_INFO} | _ADMIN_ONLY | {P.GRANT_QUOTA, P.RESELLERS}

PARTNER_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_STAFF, Role.DISTRIBUTOR_ADMIN})
ADMIN_ROLES = frozenset({Role.PARTNER_ADMIN, Role.DISTRIBUTOR_ADMIN})


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the domain sees it: resolved on the server for every event."""
    user_id: int
    role: Role
    name: str
    email: str
    partner_id: int | None = None
    partner_kind: str = ""
    partner_status: str = ""
    customer_id: int | None = None
    language: str = "en"

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def is_partner_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def permissions(self) -> frozenset[Permission]:
        perms = ROLE_PERMISSIONS[self.role]
        if self.is_partner and self.partner_status != PartnerStatus.ACTIVE:
            perms = perms - _NEEDS_ACTIVE_PARTNER
        return perms


def actor_for(session: Session, user: User) -> Actor:
    partner = session.get(Partner, user.partner_id) if user.partner_id else None
    return Actor(
        user_id=user.id, role=Role(user.role), name=user.name, email=user.email,
        partner_id=user.partner_id, partner_kind=partner.kind if partner else "",
        partner_status=partner.status if partner else "", customer_id=user.customer_id,
        language=user.language,
    )


def can(actor: Actor | None, perm: Permission) -> bool:
    return actor is not None and perm in actor.permissions


def require(actor: Actor | None, perm: Permission) -> Actor:
    if actor is None:
        raise PermissionDenied("Please sign in first.")
    if perm not in actor.permissions:
        if actor.is_partner and actor.partner_status == PartnerStatus.PENDING and perm in ROLE_PERMISSIONS[actor.role]:
            raise PermissionDenied("Your partner company is waiting for the platform's approval.")
        raise PermissionDenied()
    return actor


def access_partner_row(session: Session, actor: Actor, model, row_id: int, what: str = "record"):
    """Load a row that carries ``partner_id``: visible to that partner's users and to managers."""
    row = session.get(model, row_id) if row_id else None
    if row is None or not (actor.is_manager or (actor.is_partner and row.partner_id == actor.partner_id)):
        raise NotFound(what)
    return row


def access_customer_row(session: Session, actor: Actor, model, row_id: int, what: str = "record"):
    """Load a row that carries ``customer_id`` for the customer it concerns."""
    row = session.get(model, row_id) if row_id else None
    if row is None or actor.role != Role.CUSTOMER or row.customer_id != actor.customer_id:
        raise NotFound(what)
    return row


def access_own_row(session: Session, actor: Actor, model, row_id: int, owner_field: str = "member_id", what: str = "record"):
    """Load a row owned by one user (member projects, certificates)."""
    row = session.get(model, row_id) if row_id else None
    if row is None or getattr(row, owner_field) != actor.user_id:
        raise NotFound(what)
    return row


def is_reseller(actor: Actor) -> bool:
    return actor.partner_kind == PartnerKind.CLOUD_RESELLER
