"""Small factories for test data, with unique e-mails."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlmodel import Session

from partner_portal.domain import clock
from partner_portal.domain.permissions import Actor, actor_for
from partner_portal.domain.security import hash_password
from partner_portal.models import (
    BusinessInfo, Customer, Partner, PartnerKind, PartnerStatus, ReviewStatus, Role, User,
)

_seq = itertools.count(1)
PASSWORD = "Demo#2026"
_HASH = None


def _hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def partner(session: Session, *, kind: str = PartnerKind.SOLUTION_PROVIDER, status: str = PartnerStatus.ACTIVE,
            distributor: Partner | None = None, currency: str = "CNY", **kw) -> Partner:
    n = next(_seq)
    p = Partner(name=kw.pop("name", f"Partner {n}"), kind=kind, status=status,
                distributor_id=distributor.id if distributor else None, created_at=clock.now(),
                invitation_code=f"INV{n:05d}", **kw)
    session.add(p)
    session.flush()
    session.add(BusinessInfo(partner_id=p.id, company_name=p.name, settlement_currency=currency,
                             status=ReviewStatus.APPROVED, is_certified=True, submitted_at=clock.now()))
    session.commit()
    return p


def user(session: Session, *, role: str = Role.PARTNER_ADMIN, partner: Partner | None = None,
         customer: Customer | None = None, **kw) -> User:
    n = next(_seq)
    u = User(email=kw.pop("email", f"user{n}@test.example"), name=kw.pop("name", f"User {n}"),
             password_hash=_hash(), role=role, partner_id=partner.id if partner else None,
             customer_id=customer.id if customer else None, created_at=kw.pop("created_at", clock.now()), **kw)
    session.add(u)
    session.commit()
    return u


def customer(session: Session, *, registered_days_ago: int = 1, **kw) -> Customer:
    n = next(_seq)
    c = Customer(name=kw.pop("name", f"客户{n}号"), account_name=kw.pop("account_name", f"acct{n:05d}"),
                 mobile=kw.pop("mobile", f"138{n:08d}"), email=kw.pop("email", f"c{n}@client.example"),
                 registered_at=clock.now() - dt.timedelta(days=registered_days_ago), **kw)
    session.add(c)
    session.commit()
    return c


def actor(session: Session, u: User) -> Actor:
    return actor_for(session, u)


def partner_admin(session: Session, **kw) -> tuple[Partner, User, Actor]:
    p = partner(session, **kw)
    u = user(session, role=Role.DISTRIBUTOR_ADMIN if p.kind == PartnerKind.DISTRIBUTOR else Role.PARTNER_ADMIN, partner=p)
    return p, u, actor(session, u)


def manager(session: Session) -> Actor:
    return actor(session, user(session, role=Role.MANAGER))


def money(v: str) -> Decimal:
    return Decimal(v)
