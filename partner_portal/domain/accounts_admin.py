"""Accounts and administration: profile, a partner's users, business information,
partner onboarding, the console's partners admin and its outbox.

Every write checks the actor's permission and the tenant of the row it acts on
(by id), writes its audit row and commits once. Review decisions use a
conditional UPDATE, so two reviewers never both win.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from partner_portal.models import (
    BusinessInfo, DistributorStatus, MdfQuota, Notification, Outbox, Partner, PartnerKind, PartnerStatus,
    PasswordReset, ReviewStatus, Role, User,
)

from . import audit, clock, money, notify, reviews, security
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .paging import Page, PageRequest, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt

LANGUAGES = ("en", "zh")
DEFAULT_CURRENCY = "CNY"
INVITE_LIFETIME = dt.timedelta(hours=72)
_PHONE = re.compile(r"^[0-9+()\- ]{5,30}$")


def _text(value, field: str, *, required: bool = False, limit: int = 200, label: str = "a value") -> str:
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise InvalidInput(field, f"Enter {label}.")
    if len(text) > limit:
        raise InvalidInput(field, f"Use at most {limit} characters.")
    return text


def _as_id(value, what: str) -> int:
    try:
        ident = int(value)
    except (TypeError, ValueError):
        raise NotFound(what) from None
    if ident <= 0:
        raise NotFound(what)
    return ident


# ------------------------------------------------------------------ profile
@dataclass(frozen=True)
class ProfileView:
    name: str
    email: str
    role: str
    language: str
    company: str
    company_status: str


def get_profile(session: Session, *, actor: Actor) -> ProfileView:
    require(actor, Permission.ACCOUNT_CENTER)
    user = session.get(User, actor.user_id)
    partner = session.get(Partner, user.partner_id) if user.partner_id and actor.is_partner else None
    return ProfileView(name=user.name, email=user.email, role=user.role, language=user.language,
                       company=partner.name if partner else "", company_status=partner.status if partner else "")


def update_profile(session: Session, *, actor: Actor, name: str, language: str) -> ProfileView:
    require(actor, Permission.ACCOUNT_CENTER)
    name = _text(name, "name", required=True, limit=100, label="your name")
    if language not in LANGUAGES:
        raise InvalidInput("language", "Choose English or 中文.")
    user = session.get(User, actor.user_id)
    before = audit.snapshot(user, "name", "language")
    user.name, user.language = name, language
    audit.record(session, actor, "update_profile", "user", user.id, before=before,
                 after=audit.snapshot(user, "name", "language"), partner_id=user.partner_id)
    session.commit()
    return get_profile(session, actor=actor)


def change_password(session: Session, *, actor: Actor, current: str, new: str, confirm: str, token: str) -> None:
    """Profile › change password: the current one is required; every other session ends."""
    require(actor, Permission.ACCOUNT_CENTER)
    security.change_password(session, actor=actor, current=current, new=new, confirm=confirm, token=token)


# ------------------------------------------------------------------ a partner's users
@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    email: str
    role: str
    full_time: bool
    active: bool
    created_at: str
    is_me: bool

    def as_dict(self) -> dict[str, str]:
        return {"id": str(self.id), "name": self.name, "email": self.email, "role": self.role,
                "full_time": "yes" if self.full_time else "", "status": "active" if self.active else "deactivated",
                "created_at": self.created_at, "is_me": "yes" if self.is_me else ""}


def _staff_row(u: User, actor: Actor) -> StaffRow:
    return StaffRow(id=u.id, name=u.name, email=u.email, role=u.role, full_time=u.full_time, active=u.active,
                    created_at=fmt_dt(u.created_at), is_me=u.id == actor.user_id)


def _company_users(actor: Actor, search: str = ""):
    q = select(User).where(User.partner_id == actor.partner_id,
                           col(User.role).in_([Role.PARTNER_ADMIN, Role.PARTNER_STAFF, Role.DISTRIBUTOR_ADMIN]))
    s = (search or "").strip().lower()
    if s:
        q = q.where(or_(col(User.email).startswith(s), col(User.name).startswith(search.strip())))
    return q


def list_users(session: Session, *, actor: Actor, req: PageRequest, search: str = "") -> Page:
    require(actor, Permission.MANAGE_USERS)
    page = keyset(session, _company_users(actor, search), User, req, sortable=("id", "created_at"))
    return Page(rows=[_staff_row(u, actor) for u in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_users(session: Session, *, actor: Actor, search: str = "") -> list[StaffRow]:
    require(actor, Permission.MANAGE_USERS)
    rows = session.exec(_company_users(actor, search).order_by(col(User.id).desc()).limit(10_000)).all()
    return [_staff_row(u, actor) for u in rows]


def _access_staff(session: Session, actor: Actor, user_id) -> User:
    """A user of the actor's own company; other tenants' ids and members get NotFound."""
    require(actor, Permission.MANAGE_USERS)
    user = session.get(User, _as_id(user_id, "user"))
    if user is None or user.partner_id != actor.partner_id or user.role not in (Role.PARTNER_STAFF, Role.PARTNER_ADMIN,
                                                                                  Role.DISTRIBUTOR_ADMIN):
        raise NotFound("user")
    return user


def add_staff(session: Session, *, actor: Actor, name: str, email: str, password: str = "", invite: bool = False,
              full_time: bool = False) -> StaffRow:
    """Add a staff user with an initial password, or invite them to set one (a code by e-mail)."""
    require(actor, Permission.MANAGE_USERS)
    name = _text(name, "name", required=True, limit=100, label="a name")
    email = security.normalize_email(email)
    if not email or "@" not in email or "." not in email.split("@")[-1] or len(email) > 200:
        raise InvalidInput("email", "Enter a valid e-mail address.")
    if session.exec(select(User.id).where(User.email == email)).first():
        raise InvalidInput("email", "An account with this e-mail already exists.")
    if invite:
        initial = secrets.token_urlsafe(24)  # nobody knows it; the invitee sets their own
    else:
        security.check_password_strength(password, "password")
        initial = password
    now = clock.now()
    user = User(email=email, name=name, password_hash=security.hash_password(initial), role=Role.PARTNER_STAFF,
                partner_id=actor.partner_id, full_time=bool(full_time), language=actor.language, created_at=now)
    session.add(user)
    session.flush()
    company = session.get(Partner, actor.partner_id).name
    if invite:
        code = f"{secrets.randbelow(10**6):06d}"
        session.add(PasswordReset(user_id=user.id, code_hash=security._token_hash(code),
                                  expires_at=now + INVITE_LIFETIME, created_at=now))
        notify.send_email(session, to=email, subject=f"You are invited to {company} on Partner Portal",
                          body=f"{actor.name} added you as a user of {company}. To set your password, open "
                               f"Forgot password on the sign-in page, enter this e-mail and the code {code}. "
                               f"The code expires in 72 hours.")
    else:
        notify.send_email(session, to=email, subject=f"Your Partner Portal account at {company}",
                          body=f"{actor.name} added you as a user of {company}. Sign in with this e-mail and the "
                               f"initial password they give you, then change it on Account Center › Profile.")
    audit.record(session, actor, "add_staff", "user", user.id, after={"email": email, "full_time": user.full_time,
                                                                        "invite": bool(invite)},
                 partner_id=actor.partner_id)
    session.commit()
    return _staff_row(user, actor)


def set_full_time(session: Session, *, actor: Actor, user_id: int, full_time: bool) -> StaffRow:
    user = _access_staff(session, actor, user_id)
    if user.role != Role.PARTNER_STAFF:
        raise InvalidInput("full_time", "Only staff users can be marked full-time.")
    before = user.full_time
    user.full_time = bool(full_time)
    audit.record(session, actor, "set_full_time", "user", user.id, before={"full_time": before},
                 after={"full_time": user.full_time}, partner_id=actor.partner_id)
    session.commit()
    return _staff_row(user, actor)


def set_active(session: Session, *, actor: Actor, user_id: int, active: bool) -> StaffRow:
    """Deactivate (every session of that user ends at once) or reactivate a staff user."""
    user = _access_staff(session, actor, user_id)
    if user.id == actor.user_id:
        raise InvalidInput("active", "You cannot deactivate your own account.")
    if user.role != Role.PARTNER_STAFF:
        raise InvalidInput("active", "Only staff users can be deactivated here.")
    before = user.active
    user.active = bool(active)
    ended = 0 if user.active else security.revoke_all_sessions(session, user.id)
    audit.record(session, actor, "activate_user" if user.active else "deactivate_user", "user", user.id,
                 before={"active": before}, after={"active": user.active, "sessions_ended": ended},
                 partner_id=actor.partner_id)
    session.commit()
    return _staff_row(user, actor)


# ------------------------------------------------------------------ business information
BI_FIELDS = ("company_name", "registration_no", "address", "contact_name", "contact_phone", "settlement_currency")


@dataclass(frozen=True)
class BusinessInfoView:
    id: int
    company_name: str
    registration_no: str
    address: str
    contact_name: str
    contact_phone: str
    settlement_currency: str
    status: str
    is_certified: bool
    review_comment: str
    submitted_at: str
    reviewed_at: str

    def as_dict(self) -> dict[str, str]:
        return {k: ("yes" if v is True else "" if v is False else str(v)) for k, v in self.__dict__.items()}


def _bi_view(row: BusinessInfo) -> BusinessInfoView:
    return BusinessInfoView(id=row.id, company_name=row.company_name, registration_no=row.registration_no,
                            address=row.address, contact_name=row.contact_name, contact_phone=row.contact_phone,
                            settlement_currency=row.settlement_currency, status=row.status,
                            is_certified=row.is_certified, review_comment=row.review_comment,
                            submitted_at=fmt_dt(row.submitted_at), reviewed_at=fmt_dt(row.reviewed_at))


def _certified(session: Session, partner_id: int) -> BusinessInfo | None:
    return session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == partner_id,
                                                   BusinessInfo.is_certified == True)).first()  # noqa: E712


def _latest_uncertified(session: Session, partner_id: int) -> BusinessInfo | None:
    return session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == partner_id,
                                                   BusinessInfo.is_certified == False)  # noqa: E712
                        .order_by(col(BusinessInfo.id).desc())).first()


def settlement_currency(session: Session, partner_id: int) -> str:
    """The currency every invoicing list of this partner uses: the certified business information's.

    A change waiting for review does not count until the platform approves it; a partner
    that has no certified row yet settles in the platform's default currency (CNY).
    """
    row = _certified(session, partner_id)
    return row.settlement_currency if row else DEFAULT_CURRENCY


def get_business_info(session: Session, *, actor: Actor) -> tuple[BusinessInfoView | None, BusinessInfoView | None]:
    """(the certified row in force, the latest change not yet in force — pending or rejected)."""
    require(actor, Permission.BUSINESS_INFO)
    cert = _certified(session, actor.partner_id)
    latest = _latest_uncertified(session, actor.partner_id)
    if latest is not None and cert is not None and latest.id < cert.id:
        latest = None  # an old rejected change superseded by a later approval
    return (_bi_view(cert) if cert else None), (_bi_view(latest) if latest else None)


def _clean_business_info(data: dict) -> dict:
    out = {
        "company_name": _text(data.get("company_name"), "company_name", required=True, limit=200,
                              label="the company name"),
        "registration_no": _text(data.get("registration_no"), "registration_no", required=True, limit=50,
                                 label="the registration number"),
        "address": _text(data.get("address"), "address", limit=300),
        "contact_name": _text(data.get("contact_name"), "contact_name", limit=100),
        "contact_phone": _text(data.get("contact_phone"), "contact_phone", limit=30),
        "settlement_currency": str(data.get("settlement_currency") or "").strip().upper(),
    }
    if out["contact_phone"] and not _PHONE.match(out["contact_phone"]):
        raise InvalidInput("contact_phone", "Use digits, spaces, +, - and brackets only.")
    money.check_currency(out["settlement_currency"], "settlement_currency")
    return out


def submit_business_info(session: Session, *, actor: Actor, **data) -> BusinessInfoView:
    """Submit company data for certification. The certified row stays in force until approval;
    submitting again while a change waits replaces that pending change."""
    require(actor, Permission.BUSINESS_INFO)
    values = _clean_business_info(data)
    cert = _certified(session, actor.partner_id)
    if cert is not None and all(getattr(cert, k) == v for k, v in values.items()):
        raise InvalidInput("company_name", "Nothing changed: this is the certified information.")
    now = clock.now()
    pending = session.exec(select(BusinessInfo).where(BusinessInfo.partner_id == actor.partner_id,
                                                      BusinessInfo.status == ReviewStatus.PENDING)).first()
    if pending is not None:
        res = session.execute(update(BusinessInfo).where(BusinessInfo.id == pending.id,
                                                         BusinessInfo.status == ReviewStatus.PENDING)
                              .values(**values, submitted_at=now))
        if res.rowcount == 0:
            session.rollback()
            raise Conflict("The platform decided on your previous submission just now. Reload and submit again.")
        row = session.get(BusinessInfo, pending.id, populate_existing=True)
    else:
        row = BusinessInfo(partner_id=actor.partner_id, status=ReviewStatus.PENDING, submitted_at=now, **values)
        session.add(row)
        session.flush()
    audit.record(session, actor, "submit_business_info", "business_info", row.id,
                 before=audit.snapshot(cert, *BI_FIELDS) if cert else None, after=values, partner_id=actor.partner_id)
    notify.notify_managers(session, title=f"Business information to certify: {values['company_name']}",
                           link="/console/reviews/business-info")
    session.commit()
    return _bi_view(row)


def _bi_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    q = select(BusinessInfo).where(BusinessInfo.status == ReviewStatus.PENDING)
    page = keyset(session, q, BusinessInfo, req, sortable=("id", "submitted_at"))
    partners = {p.id: p for p in session.exec(select(Partner).where(
        col(Partner.id).in_([r.partner_id for r in page.rows])))}
    rows = []
    for r in page.rows:
        cert = _certified(session, r.partner_id)
        if cert is None:
            changes = [f"{k.replace('_', ' ')}: {getattr(r, k)}" for k in BI_FIELDS if getattr(r, k)]
        else:
            changes = [f"{k.replace('_', ' ')}: {getattr(cert, k) or '—'} → {getattr(r, k) or '—'}"
                       for k in BI_FIELDS if getattr(cert, k) != getattr(r, k)]
        rows.append({"id": str(r.id), "subject": r.company_name, "partner": partners[r.partner_id].name,
                     "submitted_at": fmt_dt(r.submitted_at),
                     "details": ("First certification. " if cert is None else "") + "; ".join(changes)})
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _bi_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(BusinessInfo).where(
        BusinessInfo.status == ReviewStatus.PENDING)).one()


def _bi_decide(session: Session, actor: Actor, item_id, comment: str, approve: bool) -> None:
    require(actor, Permission.REVIEW)
    row = session.get(BusinessInfo, _as_id(item_id, "business information"))
    if row is None:
        raise NotFound("business information")
    now = clock.now()
    res = session.execute(update(BusinessInfo).where(BusinessInfo.id == row.id,
                                                     BusinessInfo.status == ReviewStatus.PENDING)
                          .values(status=ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED,
                                  review_comment=comment, reviewed_at=now))
    if res.rowcount == 0:
        session.rollback()
        raise Conflict("Someone else has already decided on this item.")
    old = _certified(session, row.partner_id)
    if approve:
        if old is not None:
            old.is_certified = False
        session.execute(update(BusinessInfo).where(BusinessInfo.id == row.id).values(is_certified=True))
    row = session.get(BusinessInfo, row.id, populate_existing=True)
    audit.record(session, actor, "approve_business_info" if approve else "reject_business_info", "business_info",
                 row.id, before=audit.snapshot(old, *BI_FIELDS) if old else None,
                 after={**audit.snapshot(row, *BI_FIELDS), "comment": comment}, partner_id=row.partner_id)
    notify.notify_partner(session, partner_id=row.partner_id, admins_only=True,
                          title="Business information certified" if approve else "Business information rejected",
                          body=comment, link="/account/business-info")
    session.commit()


reviews.register(reviews.ReviewQueue(
    kind="business-info", title="queue.business_info", order=20, list=_bi_list, count=_bi_count,
    approve=lambda session, *, actor, item_id, comment: _bi_decide(session, actor, item_id, comment, True),
    reject=lambda session, *, actor, item_id, comment: _bi_decide(session, actor, item_id, comment, False),
))


# ------------------------------------------------------------------ partner onboarding
def _reg_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(Partner).where(Partner.status == PartnerStatus.PENDING), Partner, req,
                  sortable=("id", "created_at"))
    rows = []
    for p in page.rows:
        admin = session.exec(select(User).where(User.partner_id == p.id).order_by(col(User.id))).first()
        rows.append({"id": str(p.id), "subject": p.name, "partner": p.name, "submitted_at": fmt_dt(p.created_at),
                     "details": f"Registered by {admin.name} <{admin.email}>; type: {p.kind.replace('_', ' ')}"
                     if admin else p.kind.replace("_", " ")})
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _reg_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Partner).where(Partner.status == PartnerStatus.PENDING)).one()


def _reg_decide(session: Session, actor: Actor, item_id, comment: str, approve: bool) -> None:
    require(actor, Permission.REVIEW)
    ident = _as_id(item_id, "partner registration")
    if session.get(Partner, ident) is None:
        raise NotFound("partner registration")
    status = PartnerStatus.ACTIVE if approve else PartnerStatus.REJECTED
    res = session.execute(update(Partner).where(Partner.id == ident, Partner.status == PartnerStatus.PENDING)
                          .values(status=status, review_comment=comment))
    if res.rowcount == 0:
        session.rollback()
        raise Conflict("Someone else has already decided on this item.")
    partner = session.get(Partner, ident, populate_existing=True)
    audit.record(session, actor, "approve_partner" if approve else "reject_partner", "partner", partner.id,
                 before={"status": PartnerStatus.PENDING}, after={"status": status, "comment": comment},
                 partner_id=partner.id)
    notify.notify_partner(session, partner_id=partner.id, admins_only=True,
                          title="Your partner registration is approved" if approve
                          else "Your partner registration is rejected", body=comment, link="/account")
    for admin in session.exec(select(User).where(User.partner_id == partner.id, User.active == True)):  # noqa: E712
        notify.send_email(session, to=admin.email, subject="Partner registration " + ("approved" if approve else "rejected"),
                          body=f"The platform {'approved' if approve else 'rejected'} the registration of "
                               f"{partner.name}." + (f" Comment: {comment}" if comment else ""))
    session.commit()


reviews.register(reviews.ReviewQueue(
    kind="partners", title="queue.partners", order=10, list=_reg_list, count=_reg_count,
    approve=lambda session, *, actor, item_id, comment: _reg_decide(session, actor, item_id, comment, True),
    reject=lambda session, *, actor, item_id, comment: _reg_decide(session, actor, item_id, comment, False),
))


def onboarding_state(session: Session, *, actor: Actor) -> tuple[str, str]:
    """(status, the platform's comment) of the actor's partner company; ("", "") for non-partners."""
    if not actor.is_partner:
        return "", ""
    partner = session.get(Partner, actor.partner_id)
    return partner.status, partner.review_comment


# ------------------------------------------------------------------ console: partners
@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    kind: str
    status: str
    distributor: str
    distributor_id: str
    distributor_status: str
    marketing_plan_2: bool
    mdf_quota: str
    currency: str

    def as_dict(self) -> dict[str, str]:
        return {k: ("yes" if v is True else "" if v is False else str(v)) for k, v in self.__dict__.items()}


def _partner_rows(session: Session, partners: list[Partner]) -> list[PartnerRow]:
    dist_ids = {p.distributor_id for p in partners if p.distributor_id}
    dists = {d.id: d for d in session.exec(select(Partner).where(col(Partner.id).in_(dist_ids)))} if dist_ids else {}
    year = clock.today().year
    quotas = {q.partner_id: q for q in session.exec(select(MdfQuota).where(
        MdfQuota.year == year, col(MdfQuota.partner_id).in_([p.id for p in partners])))}
    rows = []
    for p in partners:
        d = dists.get(p.distributor_id)
        q = quotas.get(p.id)
        rows.append(PartnerRow(
            id=p.id, name=p.name, kind=p.kind, status=p.status, distributor=d.name if d else "",
            distributor_id=str(d.id) if d else "",
            distributor_status=(p.distributor_status if p.kind == PartnerKind.DISTRIBUTOR
                                else d.distributor_status if d else ""),
            marketing_plan_2=p.marketing_plan_2, mdf_quota=money.format_money(q.amount, q.currency) if q else "",
            currency=settlement_currency(session, p.id)))
    return rows


def _partners_query(search: str, kind: str):
    q = select(Partner)
    s = (search or "").strip()
    if s:
        q = q.where(col(Partner.name).startswith(s))
    if kind and kind != "all":
        if kind not in [k.value for k in PartnerKind]:
            raise InvalidInput("kind", "Unknown partner type.")
        q = q.where(Partner.kind == kind)
    return q


def list_partners(session: Session, *, actor: Actor, req: PageRequest, search: str = "", kind: str = "all") -> Page:
    require(actor, Permission.CONSOLE)
    page = keyset(session, _partners_query(search, kind), Partner, req, sortable=("id", "created_at"))
    return Page(rows=_partner_rows(session, page.rows), has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_partners(session: Session, *, actor: Actor, search: str = "", kind: str = "all") -> list[PartnerRow]:
    require(actor, Permission.CONSOLE)
    rows = session.exec(_partners_query(search, kind).order_by(col(Partner.id).desc()).limit(10_000)).all()
    return _partner_rows(session, list(rows))


def distributors(session: Session, *, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, name, status) of every distributor, for the console's distributor link."""
    require(actor, Permission.CONSOLE)
    return [(d.id, d.name, d.distributor_status) for d in session.exec(
        select(Partner).where(Partner.kind == PartnerKind.DISTRIBUTOR).order_by(col(Partner.name)))]


def get_partner(session: Session, *, actor: Actor, partner_id) -> PartnerRow:
    require(actor, Permission.CONSOLE)
    p = session.get(Partner, _as_id(partner_id, "partner"))
    if p is None:
        raise NotFound("partner")
    return _partner_rows(session, [p])[0]


PARTNER_FIELDS = ("kind", "distributor_id", "distributor_status", "marketing_plan_2")


def update_partner(session: Session, *, actor: Actor, partner_id, kind: str, distributor_id=None,
                   distributor_status: str = DistributorStatus.ACTIVE, marketing_plan_2: bool = False) -> PartnerRow:
    """Partner type, distributor link, distributor status and Marketing Plan 2.0, in one audited change.

    Delisting a distributor takes effect at once: its resellers' rights are computed from it.
    """
    require(actor, Permission.CONSOLE)
    p = session.get(Partner, _as_id(partner_id, "partner"))
    if p is None:
        raise NotFound("partner")
    if kind not in [k.value for k in PartnerKind]:
        raise InvalidInput("kind", "Choose a partner type.")
    if distributor_status not in [s.value for s in DistributorStatus]:
        raise InvalidInput("distributor_status", "Choose active or delisted.")
    dist_id = None
    if kind == PartnerKind.CLOUD_RESELLER:
        if distributor_id in (None, "", 0, "0"):
            raise InvalidInput("distributor_id", "A cloud reseller is always linked to one distributor.")
        try:
            dist_id = int(distributor_id)
        except (TypeError, ValueError):
            raise InvalidInput("distributor_id", "Choose a distributor.") from None
        dist = session.get(Partner, dist_id)
        if dist is None or dist.kind != PartnerKind.DISTRIBUTOR or dist.id == p.id:
            raise InvalidInput("distributor_id", "Choose a distributor.")
    if p.kind == PartnerKind.DISTRIBUTOR and kind != PartnerKind.DISTRIBUTOR and session.exec(
            select(Partner.id).where(Partner.distributor_id == p.id)).first():
        raise InvalidInput("kind", "This distributor still has resellers; link them to another distributor first.")
    before = audit.snapshot(p, *PARTNER_FIELDS)
    p.kind, p.distributor_id, p.marketing_plan_2 = kind, dist_id, bool(marketing_plan_2)
    if kind == PartnerKind.DISTRIBUTOR:
        p.distributor_status = distributor_status
    after = audit.snapshot(p, *PARTNER_FIELDS)
    if before == after:
        raise InvalidInput("kind", "Nothing changed.")
    audit.record(session, actor, "update_partner", "partner", p.id, before=before, after=after, partner_id=p.id)
    if before["distributor_status"] != after["distributor_status"]:
        delisted = after["distributor_status"] == DistributorStatus.DELISTED
        for rid in session.exec(select(Partner.id).where(Partner.distributor_id == p.id)):
            notify.notify_partner(session, partner_id=rid, admins_only=True,
                                  title=(f"Your distributor {p.name} has been delisted and exited" if delisted
                                         else f"Your distributor {p.name} is active again"),
                                  body="You cannot report customers while your distributor is delisted." if delisted else "",
                                  link="/partner-center")
    session.commit()
    return _partner_rows(session, [p])[0]


def distributor_exited(session: Session, partner_id: int) -> bool:
    """True when this partner is a cloud reseller whose distributor is delisted (摘牌退出)."""
    p = session.get(Partner, partner_id)
    if p is None or p.kind != PartnerKind.CLOUD_RESELLER or not p.distributor_id:
        return False
    d = session.get(Partner, p.distributor_id)
    return d is not None and d.distributor_status == DistributorStatus.DELISTED


@dataclass(frozen=True)
class MdfQuotaRow:
    year: int
    amount: str
    currency: str


def mdf_quotas(session: Session, *, actor: Actor, partner_id) -> list[MdfQuotaRow]:
    require(actor, Permission.CONSOLE)
    pid = _as_id(partner_id, "partner")
    return [MdfQuotaRow(q.year, money.format_money(q.amount, q.currency), q.currency) for q in session.exec(
        select(MdfQuota).where(MdfQuota.partner_id == pid).order_by(col(MdfQuota.year).desc()))]


def set_mdf_quota(session: Session, *, actor: Actor, partner_id, year, amount, currency: str = "") -> MdfQuotaRow:
    """The MDF quota of one partner for one year (one row per partner and year), audited."""
    require(actor, Permission.CONSOLE)
    p = session.get(Partner, _as_id(partner_id, "partner"))
    if p is None:
        raise NotFound("partner")
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise InvalidInput("year", "Enter a year, e.g. 2026.") from None
    if not 2000 <= year <= 2100:
        raise InvalidInput("year", "Enter a year between 2000 and 2100.")
    currency = (currency or settlement_currency(session, p.id)).upper()
    money.check_currency(currency)
    value = money.parse_amount(amount, currency, "amount", allow_zero=True)
    row = session.exec(select(MdfQuota).where(MdfQuota.partner_id == p.id, MdfQuota.year == year)).first()
    before = audit.snapshot(row, "amount", "currency") if row else None
    if row is None:
        row = MdfQuota(partner_id=p.id, year=year, amount=value, currency=currency)
        session.add(row)
    else:
        row.amount, row.currency = value, currency
    session.flush()
    audit.record(session, actor, "set_mdf_quota", "mdf_quota", row.id, before=before,
                 after={"year": year, "amount": value, "currency": currency}, partner_id=p.id)
    session.commit()
    return MdfQuotaRow(year, money.format_money(value, currency), currency)


# ------------------------------------------------------------------ console: outbox
@dataclass(frozen=True)
class OutboxRow:
    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    status: str
    created_at: str
    sent_at: str
    error: str

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def _outbox_row(r: Outbox) -> OutboxRow:
    return OutboxRow(id=r.id, channel=r.channel, recipient=r.recipient, subject=r.subject, body=r.body,
                     status=r.status, created_at=fmt_dt(r.created_at), sent_at=fmt_dt(r.sent_at), error=r.error)


def _outbox_query(search: str, channel: str):
    q = select(Outbox)
    s = (search or "").strip()
    if s:
        q = q.where(col(Outbox.recipient).startswith(s.lower() if "@" in s else s))
    if channel and channel != "all":
        if channel not in ("email", "sms"):
            raise InvalidInput("channel", "Choose e-mail or SMS.")
        q = q.where(Outbox.channel == channel)
    return q


def list_outbox(session: Session, *, actor: Actor, req: PageRequest, search: str = "", channel: str = "all") -> Page:
    """Every e-mail and SMS, newest first, searchable by recipient (its start)."""
    require(actor, Permission.CONSOLE)
    page = keyset(session, _outbox_query(search, channel), Outbox, req, sortable=("id",))
    return Page(rows=[_outbox_row(r) for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                first_key=page.first_key, last_key=page.last_key)


def export_outbox(session: Session, *, actor: Actor, search: str = "", channel: str = "all") -> list[OutboxRow]:
    require(actor, Permission.CONSOLE)
    rows = session.exec(_outbox_query(search, channel).order_by(col(Outbox.id).desc()).limit(10_000)).all()
    return [_outbox_row(r) for r in rows]


# ------------------------------------------------------------------ notifications centre
@dataclass(frozen=True)
class NotificationRow:
    id: int
    title: str
    body: str
    link: str
    at: str
    unread: bool

    def as_dict(self) -> dict[str, str]:
        return {"id": str(self.id), "title": self.title, "body": self.body, "link": self.link, "at": self.at,
                "unread": "yes" if self.unread else ""}


def _require_signed_in(actor: Actor | None) -> Actor:
    if actor is None:
        raise PermissionDenied("Please sign in first.")
    return actor


def list_notifications(session: Session, *, actor: Actor, req: PageRequest, unread_only: bool = False) -> Page:
    _require_signed_in(actor)
    q = select(Notification).where(Notification.user_id == actor.user_id)
    if unread_only:
        q = q.where(Notification.read_at == None)  # noqa: E711
    page = keyset(session, q, Notification, req, sortable=("id",))
    return Page(rows=[NotificationRow(n.id, n.title, n.body, n.link or "/notifications", fmt_dt(n.created_at),
                                      n.read_at is None) for n in page.rows],
                has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)


def mark_notification_read(session: Session, *, actor: Actor, notification_id) -> int:
    """Mark one of the actor's own notifications read; another user's id changes nothing."""
    _require_signed_in(actor)
    notify.mark_read(session, user_id=actor.user_id, notification_id=_as_id(notification_id, "notification"))
    return notify.unread_count(session, actor.user_id)


def mark_all_notifications_read(session: Session, *, actor: Actor) -> int:
    _require_signed_in(actor)
    notify.mark_read(session, user_id=actor.user_id)
    return 0
