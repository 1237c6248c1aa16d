"""Accounts and administration: more staff, registrations awaiting the platform, business information
changes under review, notifications for every demo account and a few outbox messages."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from partner_portal.domain.security import hash_password
from partner_portal.models import (
    BusinessInfo, Notification, Outbox, OutboxStatus, Partner, PartnerKind, PartnerStatus, ReviewStatus, Role, User,
)

from .core import PASSWORD, World


def seed(session: Session, w: World) -> None:
    now = w.now
    pw = hash_password(PASSWORD)

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw)

    # a second staff user of the solution provider (not full-time), and one who left
    session.add(User(email="sp.sales@partner.example", name="Xu Lei 徐磊", password_hash=pw, role=Role.PARTNER_STAFF,
                     partner_id=w.sp.id, created_at=ago(days=120)))
    session.add(User(email="former.staff@partner.example", name="Former Staff", password_hash=pw,
                     role=Role.PARTNER_STAFF, partner_id=w.sp.id, active=False, created_at=ago(days=250)))
    session.add(User(email="reseller.staff@partner.example", name="Ho Ka Yan", password_hash=pw,
                     role=Role.PARTNER_STAFF, partner_id=w.reseller.id, full_time=True, created_at=ago(days=90)))

    # registrations: one more waiting for the platform, one rejected with its reason
    greenfield = Partner(name="Greenfield Analytics", kind=PartnerKind.SOLUTION_PROVIDER, status=PartnerStatus.PENDING,
                         created_at=ago(hours=6), invitation_code="GF2026")
    rejected = Partner(name="Shadow Resale Co.", kind=PartnerKind.SOLUTION_PROVIDER, status=PartnerStatus.REJECTED,
                       review_comment="The business licence could not be verified. Register again with a valid licence.",
                       created_at=ago(days=10), invitation_code="SR2026")
    session.add(greenfield)
    session.add(rejected)
    session.flush()
    session.add(User(email="greenfield.admin@partner.example", name="Gina Green", password_hash=pw,
                     role=Role.PARTNER_ADMIN, partner_id=greenfield.id, created_at=ago(hours=6)))
    session.add(User(email="shadow.admin@partner.example", name="Sam Shadow", password_hash=pw,
                     role=Role.PARTNER_ADMIN, partner_id=rejected.id, created_at=ago(days=10)))

    # business information: the reseller's change waits for review (its certified USD row stays in force);
    # the government-subsidy partner's last change was rejected
    session.add(BusinessInfo(partner_id=w.reseller.id, company_name="Huaxin Cloud Services Ltd.",
                             registration_no="HX-2019-00831", address="18 Harbour Road, Wan Chai, Hong Kong",
                             contact_name="Chan Mei", contact_phone="+852 5555 0199", settlement_currency="HKD",
                             status=ReviewStatus.PENDING, submitted_at=ago(days=2)))
    session.add(BusinessInfo(partner_id=w.gov.id, company_name="Civic Digital Services GmbH",
                             registration_no="CDS-2021-3", address="Rathausplatz 1, Vienna", settlement_currency="USD",
                             status=ReviewStatus.REJECTED, review_comment="Settlement currency must match the contract (EUR).",
                             submitted_at=ago(days=20), reviewed_at=ago(days=19)))

    # notifications for every demo account, some already read
    def note(user: User, title: str, link: str, hours: int, read: bool = False, body: str = "") -> None:
        session.add(Notification(user_id=user.id, title=title, body=body, link=link, created_at=ago(hours=hours),
                                 read_at=ago(hours=hours - 1) if read else None))

    note(w.manager, "New partner registration: Greenfield Analytics", "/console/reviews/partners", 6)
    note(w.manager, "Business information to certify: Huaxin Cloud Services Ltd.", "/console/reviews/business-info", 48)
    note(w.manager, "New partner registration: Brightpath Consulting", "/console/reviews/partners", 24, read=True)
    for admin in (w.sp_admin, w.reseller_admin, w.exited_admin, w.distributor_admin, w.gov_admin):
        note(admin, "Welcome to Partner Center", "/partner-center", 24 * 30, read=True,
             body="Your partner company is approved. Complete your business information.")
        note(admin, "Business information certified", "/account/business-info", 24 * 20, read=True)
    note(w.sp_admin, "Customer report approved", "/sales/customer-expansion", 5)
    note(w.sp_admin, "A new staff user signed in for the first time: Xu Lei", "/account/users", 30)
    note(w.reseller_admin, "Your business information change is waiting for review", "/account/business-info", 47)
    note(w.exited_admin, "Your distributor Eastgate Distribution Ltd. has been delisted and exited", "/partner-center",
         24 * 7, body="You cannot report customers while your distributor is delisted.")
    note(w.distributor_admin, "A reseller asks you to approve an authorization request", "/sales/resellers", 3)
    note(w.gov_admin, "Business information rejected", "/account/business-info", 24 * 19,
         body="Settlement currency must match the contract (EUR).")
    note(w.sp_staff, "You are marked as full-time personnel", "/account/profile", 24 * 60, read=True)
    note(w.sp_staff, "A lead was assigned to your company", "/sales/leads", 8)
    note(w.member, "Complete your newcomer guide", "/member/guide", 20)
    note(w.member, "Your certificate is waiting for review", "/member/certificates", 50, read=True)
    note(w.customer_user, "A partner asks to switch the association type", "/account/partners", 24)
    note(w.customer_user, "A new version of the end-user authorization letter is available", "/account/authorizations", 72)
    note(w.legacy_user, "Your request to dissociate from the partner has been submitted", "/account/partners", 5,
         body="You will be notified as soon as the partner has processed it; please wait.")

    # the outbox a local run shows on /console/outbox
    for to, subject, body, hours in (
        ("brightpath.admin@partner.example", "Welcome to Partner Portal",
         "Your partner registration is waiting for the platform's approval.", 24),
        ("greenfield.admin@partner.example", "Welcome to Partner Portal",
         "Your partner registration is waiting for the platform's approval.", 6),
        ("shadow.admin@partner.example", "Partner registration rejected",
         "The platform rejected the registration of Shadow Resale Co. Comment: The business licence could not be "
         "verified.", 24 * 9),
        ("sp.sales@partner.example", "Your Partner Portal account at Zhiyun Technology Co., Ltd. 智云科技",
         "Lin Wei 林伟 added you as a user. Sign in with this e-mail and the initial password they give you.", 24 * 120),
    ):
        session.add(Outbox(channel="email", recipient=to, subject=subject, body=body, status=OutboxStatus.STORED,
                           created_at=ago(hours=hours)))
    session.add(Outbox(channel="sms", recipient=w.demo_customer.mobile, body="Your verification code to process a "
                       "partner request is 482913. It expires in 10 minutes. Never share it.",
                       status=OutboxStatus.STORED, created_at=ago(days=3)))
