"""Voucher quotas with their operation records for each partner account, vouchers in every state.

Everything goes through the domain functions (with the clock moved back), so the
demo's quotas, vouchers and records agree exactly as real ones would.
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from partner_portal.domain import clock, vouchers
from partner_portal.domain.permissions import actor_for
from partner_portal.models import Association, DistributorStatus

from .core import World


def _at(now: dt.datetime, days: float) -> None:
    clock.set_now(now + dt.timedelta(days=days))


def _customers(session: Session, partner_id: int, first: list[int] | None = None) -> list[int]:
    ids = list(session.exec(select(Association.customer_id).where(
        Association.partner_id == partner_id, Association.active == True)  # noqa: E712
        .order_by(col(Association.id))))
    first = [c for c in (first or []) if c in ids]
    return first + [c for c in ids if c not in first]


def seed(session: Session, w: World) -> None:
    now = w.now.replace(microsecond=0)
    d = lambda days: (now + dt.timedelta(days=days)).date().isoformat()  # noqa: E731
    mgr = actor_for(session, w.manager)
    sp, gov = actor_for(session, w.sp_admin), actor_for(session, w.gov_admin)
    dist, reseller = actor_for(session, w.distributor_admin), actor_for(session, w.reseller_admin)
    exited_admin = actor_for(session, w.exited_admin)
    saved = clock._fixed  # restore whatever clock the caller had (tests fix it)
    try:
        # Last year's quota of the solution provider: ran out of validity 20 days ago.
        _at(now, -200)
        old = vouchers.grant_quota(session, actor=mgr, partner_id=w.sp.id, amount="50000", valid_from=d(-200),
                                   valid_until=d(-20), note="H1 business expansion quota")
        sp_customers = _customers(session, w.sp.id, first=[w.demo_customer.id])
        _at(now, -190)
        vouchers.issue_vouchers(session, actor=sp, quota_id=old, customer_ids=sp_customers[:3], face_value="2000",
                                valid_until=d(-25))

        # Exited distributor granted its reseller quota before it was delisted.
        _at(now, -120)
        w.exited_distributor.distributor_status = DistributorStatus.ACTIVE
        session.commit()
        egd = vouchers.grant_quota(session, actor=mgr, partner_id=w.exited_distributor.id, amount="100000",
                                   valid_from=d(-120), valid_until=d(240))
        egd_admin = _distributor_admin(session, w.exited_distributor.id, w.now)
        ls_q = vouchers.grant_reseller_quota(session, actor=actor_for(session, egd_admin), reseller_id=w.exited_reseller.id,
                                             source_quota_id=egd, amount="20000", valid_until=d(200))
        ls_customers = _customers(session, w.exited_reseller.id)
        _at(now, -100)
        if ls_customers:
            vouchers.issue_vouchers(session, actor=exited_admin, quota_id=ls_q, customer_ids=ls_customers[:2],
                                    face_value="1500", valid_until=d(150))
        w.exited_distributor.distributor_status = DistributorStatus.DELISTED
        session.commit()

        # This year's quotas from the platform.
        _at(now, -60)
        sp_q = vouchers.grant_quota(session, actor=mgr, partner_id=w.sp.id, amount="200000", valid_from=d(-60),
                                    valid_until=d(305), note="Annual business expansion quota")
        gov_q = vouchers.grant_quota(session, actor=mgr, partner_id=w.gov.id, amount="30000", currency="EUR",
                                     valid_from=d(-60), valid_until=d(305), note="Digital government subsidy")
        dist_q = vouchers.grant_quota(session, actor=mgr, partner_id=w.distributor.id, amount="500000",
                                      valid_from=d(-60), valid_until=d(305), note="Distribution quota")
        vouchers.grant_quota(session, actor=mgr, partner_id=w.distributor.id, amount="120000", valid_from=d(30),
                             valid_until=d(400), note="Next quarter (not yet valid)")
        _at(now, -55)
        rs_q = vouchers.grant_reseller_quota(session, actor=dist, reseller_id=w.reseller.id, source_quota_id=dist_q,
                                             amount="80000", note="Q1 reseller allocation")
        _at(now, -20)
        vouchers.grant_reseller_quota(session, actor=dist, reseller_id=w.reseller.id, source_quota_id=dist_q,
                                      amount="15000", valid_until=d(120), note="Campaign top-up")

        # Solution provider: vouchers in every state, several for the demo customer.
        _at(now, -50)
        big = vouchers.issue_vouchers(session, actor=sp, quota_id=sp_q, customer_ids=sp_customers[:3], face_value="800",
                                      valid_until=d(90))
        _at(now, -45)
        small = vouchers.issue_vouchers(session, actor=sp, quota_id=sp_q, customer_ids=sp_customers[:3],
                                        face_value="300", valid_until=d(120))
        _at(now, -40)
        short = vouchers.issue_vouchers(session, actor=sp, quota_id=sp_q, customer_ids=sp_customers[:2],
                                        face_value="200", valid_until=d(-3))
        _at(now, -30)
        vouchers.record_usage(session, actor=mgr, voucher_id=big.voucher_ids[0], amount="120.50", bill="BILL-202611-0381")
        vouchers.record_usage(session, actor=mgr, voucher_id=small.voucher_ids[0], amount="300", bill="BILL-202611-0412")
        vouchers.record_usage(session, actor=mgr, voucher_id=short.voucher_ids[1 % len(short.voucher_ids)], amount="45.80",
                              bill="BILL-202611-0419")
        _at(now, -10)
        vouchers.reclaim_voucher(session, actor=sp, voucher_id=small.voucher_ids[-1])
        _at(now, -2)
        vouchers.issue_vouchers(session, actor=actor_for(session, w.sp_staff), quota_id=sp_q,
                                customer_ids=sp_customers[:1], face_value="1000", valid_until=d(60))

        # Government-subsidy partner.
        gov_customers = _customers(session, w.gov.id)
        if gov_customers:
            _at(now, -35)
            g = vouchers.issue_vouchers(session, actor=gov, quota_id=gov_q, customer_ids=gov_customers, face_value="450",
                                        valid_until=d(100))
            _at(now, -15)
            vouchers.record_usage(session, actor=mgr, voucher_id=g.voucher_ids[0], amount="450", bill="BILL-EU-77120")

        # Cloud reseller (its journey issues more in the browser; leave plenty of quota).
        rs_customers = _customers(session, w.reseller.id)
        if rs_customers:
            _at(now, -40)
            r1 = vouchers.issue_vouchers(session, actor=reseller, quota_id=rs_q, customer_ids=rs_customers,
                                         face_value="600", valid_until=d(80))
            _at(now, -25)
            r2 = vouchers.issue_vouchers(session, actor=reseller, quota_id=rs_q, customer_ids=rs_customers[:1],
                                         face_value="250", valid_until=d(-1))
            _at(now, -12)
            vouchers.record_usage(session, actor=mgr, voucher_id=r1.voucher_ids[0], amount="600", bill="BILL-HK-5531")
            vouchers.record_usage(session, actor=mgr, voucher_id=r2.voucher_ids[0], amount="99.99", bill="BILL-HK-5602")
            if len(r1.voucher_ids) > 1:
                _at(now, -5)
                vouchers.reclaim_voucher(session, actor=reseller, voucher_id=r1.voucher_ids[-1])
        # Today: whatever passed its validity expires (the job every minute would do it).
        clock.set_now(now)
        vouchers.expire_vouchers(session)
    finally:
        clock.set_now(saved)


def _distributor_admin(session: Session, partner_id: int, now: dt.datetime):
    """The delisted distributor's admin (an account of its own, so its past grants have an operator)."""
    from partner_portal.domain.security import hash_password
    from partner_portal.models import Role, User

    from .core import PASSWORD
    u = session.exec(select(User).where(User.partner_id == partner_id).order_by(col(User.id))).first()
    if u is None:
        u = User(email="eastgate.admin@partner.example", name="Evan Eastgate", password_hash=hash_password(PASSWORD),
                 role=Role.DISTRIBUTOR_ADMIN, partner_id=partner_id, created_at=now - dt.timedelta(days=300))
        session.add(u)
        session.commit()
    return u
