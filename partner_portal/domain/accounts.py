"""Registration of the three self-service account kinds."""
from __future__ import annotations

import secrets

from sqlmodel import Session, select

from partner_portal.models import Customer, Partner, PartnerStatus, Role, User

from . import audit, clock, notify, security
from .errors import InvalidInput
from .permissions import Actor, actor_for

KINDS = {"partner": Role.PARTNER_ADMIN, "personal": Role.MEMBER, "customer": Role.CUSTOMER}


def register(session: Session, *, kind: str, name: str, email: str, password: str, confirm: str) -> tuple[str, Actor]:
    """Create the account (and its partner company or customer record) and sign it in."""
    if kind not in KINDS:
        raise InvalidInput("kind", "Choose an account kind.")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", "Enter a name.")
    if len(name) > 100:
        raise InvalidInput("name", "Use at most 100 characters.")
    email = security.normalize_email(email)
    if not email or "@" not in email or "." not in email.split("@")[-1] or len(email) > 200:
        raise InvalidInput("email", "Enter a valid e-mail address.")
    if session.exec(select(User.id).where(User.email == email)).first():
        raise InvalidInput("email", "An account with this e-mail already exists. Sign in or reset your password.")
    security.check_password_strength(password)
    if password != confirm:
        raise InvalidInput("confirm", "The two passwords do not match.")
    now = clock.now()
    user = User(email=email, name=name, password_hash=security.hash_password(password), role=KINDS[kind], created_at=now)
    if kind == "partner":
        partner = Partner(name=name, status=PartnerStatus.PENDING, created_at=now,
                          invitation_code=secrets.token_hex(4).upper())
        session.add(partner)
        session.flush()
        user.partner_id = partner.id
    elif kind == "customer":
        customer = Customer(name=name, account_name=email.split("@")[0] + "-" + secrets.token_hex(2),
                            email=email, registered_at=now)
        session.add(customer)
        session.flush()
        user.customer_id = customer.id
    else:
        user.guide_step = 0
    session.add(user)
    session.flush()
    actor = actor_for(session, user)
    audit.record(session, actor, "register", "user", user.id, after={"kind": kind}, partner_id=user.partner_id)
    if kind == "partner":
        notify.notify_managers(session, title=f"New partner registration: {name}", link="/console/reviews/partners")
    token = security.open_session(session, user)
    session.commit()
    return token, actor
