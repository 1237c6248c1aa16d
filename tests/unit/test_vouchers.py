"""Voucher quota, vouchers and operation records: every rule and limit."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from partner_portal.domain import clock, vouchers
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.domain.permissions import actor_for
from partner_portal.models import (
    Association, AuditLog, DistributorStatus, PartnerKind, PartnerStatus, QuotaRecord, Role, Voucher, VoucherQuota,
)
from tests import factories as f

TODAY = dt.date(2026, 12, 1)
UNTIL = "2027-06-30"


def associate(session, partner, customer, active=True):
    session.add(Association(partner_id=partner.id, customer_id=customer.id, active=active, created_at=clock.now()))
    session.commit()


def sp_with_quota(session, total="1000.00", kind=PartnerKind.SOLUTION_PROVIDER, currency="CNY", until=UNTIL,
                  n_customers=3):
    mgr = f.manager(session)
    p, u, a = f.partner_admin(session, kind=kind)
    qid = vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount=total, currency=currency, valid_until=until)
    cs = [f.customer(session) for _ in range(n_customers)]
    for c in cs:
        associate(session, p, c)
    return p, a, qid, cs, mgr


def quota(session, qid) -> VoucherQuota:
    session.expire_all()
    return session.get(VoucherQuota, qid)


def records(session, qid, op=None):
    q = select(QuotaRecord).where(QuotaRecord.quota_id == qid)
    if op:
        q = q.where(QuotaRecord.op == op)
    return session.exec(q).all()


# ------------------------------------------------------------------ platform grants
def test_platform_grants_quota_to_solution_provider_with_a_grant_record(session):
    p, a, qid, _, _ = sp_with_quota(session, total="500.50")
    q = quota(session, qid)
    assert (q.total, q.issued, q.source, q.partner_id) == (Decimal("500.50"), Decimal("0"), "platform", p.id)
    assert [r.op for r in records(session, qid)] == ["grant"]
    assert session.exec(select(AuditLog).where(AuditLog.action == "grant_quota", AuditLog.object_id == qid)).one()


def test_platform_grants_to_government_subsidy_and_distributor(session):
    mgr = f.manager(session)
    for kind in (PartnerKind.GOVERNMENT_SUBSIDY, PartnerKind.DISTRIBUTOR):
        p, _, _ = f.partner_admin(session, kind=kind)
        assert vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="10", valid_until=UNTIL)


def test_platform_cannot_grant_to_cloud_reseller(session):
    mgr = f.manager(session)
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR)
    r = f.partner(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    with pytest.raises(InvalidInput) as e:
        vouchers.grant_quota(session, actor=mgr, partner_id=r.id, amount="10", valid_until=UNTIL)
    assert e.value.field == "partner"


def test_platform_cannot_grant_to_pending_partner(session):
    mgr = f.manager(session)
    p = f.partner(session, status=PartnerStatus.PENDING)
    with pytest.raises(InvalidInput):
        vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="10", valid_until=UNTIL)


def test_only_managers_grant_platform_quota(session):
    p, _, a = f.partner_admin(session)
    with pytest.raises(PermissionDenied):
        vouchers.grant_quota(session, actor=a, partner_id=p.id, amount="10", valid_until=UNTIL)


@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "abc", "", "NaN", "1e999", "9999999999999"])
def test_grant_refuses_bad_amounts(session, amount):
    mgr = f.manager(session)
    p = f.partner(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount=amount, valid_until=UNTIL)
    assert e.value.field == "amount"
    assert session.exec(select(VoucherQuota)).all() == []


@pytest.mark.parametrize("start,end", [("2026-12-10", "2026-12-09"), ("", "2026-11-30"), ("", "31/12/2026"), ("", "")])
def test_grant_refuses_bad_validity(session, start, end):
    mgr = f.manager(session)
    p = f.partner(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="10", valid_from=start, valid_until=end)
    assert e.value.field in ("valid_from", "valid_until")


def test_grant_refuses_unknown_currency_and_partner(session):
    mgr = f.manager(session)
    p = f.partner(session)
    with pytest.raises(InvalidInput):
        vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="10", currency="XYZ", valid_until=UNTIL)
    with pytest.raises(InvalidInput):
        vouchers.grant_quota(session, actor=mgr, partner_id=999999, amount="10", valid_until=UNTIL)


# ------------------------------------------------------------------ distributor → reseller
def distributor_setup(session, total="1000"):
    mgr = f.manager(session)
    dist, du, da = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR)
    src = vouchers.grant_quota(session, actor=mgr, partner_id=dist.id, amount=total, valid_until=UNTIL)
    reseller, ru, ra = f.partner_admin(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    return dist, da, src, reseller, ra


def test_distributor_grants_reseller_quota_out_of_its_own(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    child = vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src,
                                          amount="300.25")
    c, s = quota(session, child), quota(session, src)
    assert (c.partner_id, c.source, c.source_partner_id, c.parent_quota_id) == (reseller.id, "distributor", dist.id, src)
    assert c.total == Decimal("300.25") and s.issued == Decimal("300.25")
    assert c.valid_until <= s.valid_until
    assert [r.op for r in records(session, src)] == ["grant", "grant"]
    assert [r.op for r in records(session, child)] == ["grant"]
    assert vouchers.quota_balance_check(session, src) == (Decimal("300.25"), Decimal("300.25"))
    rows = vouchers.list_resellers(session, actor=da)
    assert [(r.id, r.granted) for r in rows] == [(reseller.id, "CNY 300.25")]


def test_distributor_cannot_grant_more_than_its_remaining_quota(session):
    dist, da, src, reseller, ra = distributor_setup(session, total="100")
    vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src, amount="60")
    with pytest.raises(InvalidInput) as e:
        vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src, amount="40.01")
    assert e.value.field == "amount"
    assert quota(session, src).issued == Decimal("60")


def test_reseller_quota_cannot_outlive_the_distributors(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src, amount="1",
                                      valid_until="2027-07-01")
    assert e.value.field == "valid_until"


def test_distributor_cannot_grant_to_another_distributors_reseller(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    other = f.partner(session, kind=PartnerKind.DISTRIBUTOR)
    foreign = f.partner(session, kind=PartnerKind.CLOUD_RESELLER, distributor=other)
    with pytest.raises(NotFound):
        vouchers.grant_reseller_quota(session, actor=da, reseller_id=foreign.id, source_quota_id=src, amount="1")


def test_distributor_cannot_grant_from_another_partners_quota(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    _, _, other_q, _, _ = sp_with_quota(session)
    with pytest.raises(NotFound):
        vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=other_q, amount="1")


def test_delisted_distributor_cannot_grant(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    dist.distributor_status = DistributorStatus.DELISTED
    session.commit()
    with pytest.raises(PermissionDenied):
        vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src, amount="1")


def test_partner_admin_of_a_solution_provider_cannot_grant_to_resellers(session):
    p, a, qid, _, _ = sp_with_quota(session)
    dist, da, src, reseller, ra = distributor_setup(session)
    with pytest.raises(PermissionDenied):
        vouchers.grant_reseller_quota(session, actor=a, reseller_id=reseller.id, source_quota_id=qid, amount="1")


# ------------------------------------------------------------------ issuing
def test_issue_vouchers_takes_the_total_from_the_quota_in_one_transaction(session):
    p, a, qid, cs, _ = sp_with_quota(session, total="1000")
    res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value="100.10",
                                  valid_until="2027-01-31")
    assert len(res.voucher_ids) == 3 and res.total == "CNY 300.30" and res.remaining == "CNY 699.70"
    q = quota(session, qid)
    assert q.issued == Decimal("300.30") and q.version == 1
    issued = records(session, qid, "issue")
    assert sorted(r.customer_id for r in issued) == sorted(c.id for c in cs)
    assert all(r.voucher_id and r.operator_id == a.user_id for r in issued)
    vs = session.exec(select(Voucher).where(Voucher.quota_id == qid)).all()
    assert {v.status for v in vs} == {"available"} and {v.face_value for v in vs} == {Decimal("100.10")}
    assert vouchers.quota_balance_check(session, qid) == (Decimal("300.30"), Decimal("300.30"))


def test_issuance_total_cannot_exceed_remaining_and_nothing_is_written(session):
    p, a, qid, cs, _ = sp_with_quota(session, total="100")
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value="33.34",
                                valid_until="2027-01-31")
    assert e.value.field == "face_value"
    assert quota(session, qid).issued == 0 and records(session, qid, "issue") == []
    assert session.exec(select(Voucher)).all() == []


def test_issuance_can_use_exactly_the_remaining_quota(session):
    p, a, qid, cs, _ = sp_with_quota(session, total="0.30")
    vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value="0.10",
                            valid_until="2027-01-31")
    assert quota(session, qid).issued == Decimal("0.30")


@pytest.mark.parametrize("face", ["0", "-1", "0.001", "1.234", "ten", "", "inf", "NaN"])
def test_face_value_must_be_positive_with_at_most_two_decimals(session, face):
    p, a, qid, cs, _ = sp_with_quota(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value=face,
                                valid_until="2027-01-31")
    assert e.value.field == "face_value"


def test_at_most_100_customers_in_one_issuance(session):
    p, a, qid, cs, _ = sp_with_quota(session, total="100000", n_customers=101)
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value="1",
                                valid_until="2027-01-31")
    assert e.value.field == "customers"
    res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs[:100]], face_value="1",
                                  valid_until="2027-01-31")
    assert len(res.voucher_ids) == 100


@pytest.mark.parametrize("ids", [[], "", None, ["x"], ["1; DROP TABLE voucher"], [-3]])
def test_issuance_needs_a_valid_customer_list(session, ids):
    p, a, qid, cs, _ = sp_with_quota(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=ids, face_value="1", valid_until="2027-01-31")
    assert e.value.field == "customers"


def test_duplicate_customers_get_one_voucher(session):
    p, a, qid, cs, _ = sp_with_quota(session)
    res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id, cs[0].id], face_value="5",
                                  valid_until="2027-01-31")
    assert len(res.voucher_ids) == 1 and quota(session, qid).issued == Decimal("5")


def test_vouchers_only_go_to_actively_associated_customers(session):
    p, a, qid, cs, _ = sp_with_quota(session)
    stranger, former = f.customer(session), f.customer(session)
    associate(session, p, former, active=False)
    other_p, _, _ = f.partner_admin(session)
    theirs = f.customer(session)
    associate(session, other_p, theirs)
    for c in (stranger, former, theirs):
        with pytest.raises(InvalidInput) as e:
            vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id, c.id], face_value="1",
                                    valid_until="2027-01-31")
        assert e.value.field == "customers"
    assert quota(session, qid).issued == 0


def test_voucher_validity_must_lie_inside_the_quotas(session):
    p, a, qid, cs, _ = sp_with_quota(session, until="2027-01-31")
    for bad in ("2027-02-01", "2026-11-30", "soon"):
        with pytest.raises(InvalidInput) as e:
            vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                                    valid_until=bad)
        assert e.value.field == "valid_until"
    vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                            valid_until="2027-01-31")


def test_expired_or_not_yet_valid_quota_cannot_issue(session):
    p, a, qid, cs, mgr = sp_with_quota(session, until="2026-12-05")
    later = vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="10", valid_from="2027-01-01",
                                 valid_until=UNTIL)
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=later, customer_ids=[cs[0].id], face_value="1",
                                valid_until="2027-01-10")
    assert e.value.field == "quota"
    clock.set_now(dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC))
    with pytest.raises(InvalidInput) as e:
        vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                                valid_until="2026-12-06")
    assert e.value.field == "quota"


def test_cannot_issue_from_another_tenants_quota(session):
    p, a, qid, cs, _ = sp_with_quota(session)
    other_p, other_u, other_a = f.partner_admin(session)
    associate(session, other_p, cs[0])
    with pytest.raises(NotFound):
        vouchers.issue_vouchers(session, actor=other_a, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                                valid_until="2027-01-31")
    with pytest.raises(NotFound):
        vouchers.issue_vouchers(session, actor=other_a, quota_id=987654, customer_ids=[cs[0].id], face_value="1",
                                valid_until="2027-01-31")


def test_staff_may_issue_but_customers_and_members_may_not(session):
    p, a, qid, cs, _ = sp_with_quota(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    vouchers.issue_vouchers(session, actor=staff, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                            valid_until="2027-01-31")
    cust = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=cs[0]))
    member = f.actor(session, f.user(session, role=Role.MEMBER, partner=p))
    for who in (cust, member):
        with pytest.raises(PermissionDenied):
            vouchers.issue_vouchers(session, actor=who, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                                    valid_until="2027-01-31")


def test_manager_cannot_issue_vouchers_out_of_a_partners_quota(session):
    p, a, qid, cs, mgr = sp_with_quota(session)
    with pytest.raises(PermissionDenied):
        vouchers.issue_vouchers(session, actor=mgr, quota_id=qid, customer_ids=[cs[0].id], face_value="1",
                                valid_until="2027-01-31")


def test_reseller_with_exited_distributor_cannot_issue_vouchers(session):
    dist, da, src, reseller, ra = distributor_setup(session)
    child = vouchers.grant_reseller_quota(session, actor=da, reseller_id=reseller.id, source_quota_id=src, amount="50")
    c = f.customer(session)
    associate(session, reseller, c)
    vouchers.issue_vouchers(session, actor=ra, quota_id=child, customer_ids=[c.id], face_value="1", valid_until="2027-01-31")
    dist.distributor_status = DistributorStatus.DELISTED
    session.commit()
    with pytest.raises(PermissionDenied):
        vouchers.issue_vouchers(session, actor=ra, quota_id=child, customer_ids=[c.id], face_value="1",
                                valid_until="2027-01-31")


def test_issuing_notifies_the_customer_and_audits_each_voucher(session):
    p, a, qid, cs, _ = sp_with_quota(session)
    cu = f.user(session, role=Role.CUSTOMER, customer=cs[0])
    res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value="9.99",
                                  valid_until="2027-01-31")
    from partner_portal.models import Notification
    assert session.exec(select(Notification).where(Notification.user_id == cu.id)).one()
    row = session.exec(select(AuditLog).where(AuditLog.action == "issue_voucher")).one()
    assert (row.object_id, row.customer_id) == (res.voucher_ids[0], cs[0].id)


# ------------------------------------------------------------------ reclaim
def issued(session, total="100", face="10"):
    p, a, qid, cs, mgr = sp_with_quota(session, total=total)
    res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value=face,
                                  valid_until="2027-01-31")
    return p, a, qid, cs, mgr, res.voucher_ids


def test_reclaiming_an_unused_voucher_returns_its_value_to_the_quota(session):
    p, a, qid, cs, mgr, vids = issued(session)
    vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    assert quota(session, qid).issued == Decimal("20")
    assert session.get(Voucher, vids[0]).status == "reclaimed"
    assert [r.voucher_id for r in records(session, qid, "reclaim")] == [vids[0]]
    assert vouchers.quota_balance_check(session, qid) == (Decimal("20"), Decimal("20"))


def test_a_reclaimed_voucher_cannot_be_reclaimed_twice(session):
    p, a, qid, cs, mgr, vids = issued(session)
    vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    with pytest.raises(InvalidInput):
        vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    assert quota(session, qid).issued == Decimal("20")


def test_partly_used_voucher_cannot_be_reclaimed(session):
    p, a, qid, cs, mgr, vids = issued(session)
    vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="0.01")
    with pytest.raises(InvalidInput):
        vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    assert quota(session, qid).issued == Decimal("30")


def test_cannot_reclaim_another_partners_voucher(session):
    p, a, qid, cs, mgr, vids = issued(session)
    _, _, other = f.partner_admin(session)
    with pytest.raises(NotFound):
        vouchers.reclaim_voucher(session, actor=other, voucher_id=vids[0])
    with pytest.raises(NotFound):
        vouchers.reclaim_voucher(session, actor=other, voucher_id=0)
    assert session.get(Voucher, vids[0]).status == "available"


# ------------------------------------------------------------------ usage
def test_usage_consumes_the_voucher_until_used_up(session):
    p, a, qid, cs, mgr, vids = issued(session)
    assert vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="3.33", bill="BILL-1") == "CNY 6.67"
    assert vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="6.67") == "CNY 0.00"
    v = session.get(Voucher, vids[0])
    assert (v.used, v.status) == (Decimal("10"), "used_up")
    assert [r.amount for r in records(session, qid, "use")] == [Decimal("3.33"), Decimal("6.67")]
    with pytest.raises(InvalidInput):
        vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="0.01")


def test_usage_cannot_exceed_the_balance(session):
    p, a, qid, cs, mgr, vids = issued(session)
    with pytest.raises(InvalidInput) as e:
        vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="10.01")
    assert e.value.field == "amount"
    assert session.get(Voucher, vids[0]).used == 0


def test_only_the_platform_records_usage(session):
    p, a, qid, cs, mgr, vids = issued(session)
    with pytest.raises(PermissionDenied):
        vouchers.record_usage(session, actor=a, voucher_id=vids[0], amount="1")
    with pytest.raises(NotFound):
        vouchers.record_usage(session, actor=mgr, voucher_id=424242, amount="1")


def test_expired_or_reclaimed_voucher_cannot_be_used(session):
    p, a, qid, cs, mgr, vids = issued(session)
    vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    with pytest.raises(InvalidInput):
        vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="1")
    clock.set_now(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC))
    with pytest.raises(InvalidInput):
        vouchers.record_usage(session, actor=mgr, voucher_id=vids[1], amount="1")


# ------------------------------------------------------------------ expiry job
def test_expiry_job_expires_vouchers_and_quotas_once(session):
    p, a, qid, cs, mgr, vids = issued(session)
    vouchers.record_usage(session, actor=mgr, voucher_id=vids[0], amount="4")
    vouchers.record_usage(session, actor=mgr, voucher_id=vids[1], amount="10")
    clock.set_now(dt.datetime(2027, 2, 1, 0, 5, tzinfo=dt.UTC))
    assert vouchers.expire_vouchers(session) == 2  # the two vouchers with a balance; the quota is still valid
    session.expire_all()
    assert [session.get(Voucher, v).status for v in vids] == ["expired", "used_up", "expired"]
    exp = records(session, qid, "expire")
    assert sorted(r.amount for r in exp) == [Decimal("6"), Decimal("10")]
    assert vouchers.expire_vouchers(session) == 0  # idempotent
    clock.set_now(dt.datetime(2027, 7, 1, 0, 5, tzinfo=dt.UTC))
    assert vouchers.expire_vouchers(session) == 1
    assert vouchers.expire_vouchers(session) == 0
    quota_exp = [r for r in records(session, qid, "expire") if r.voucher_id is None]
    assert [r.amount for r in quota_exp] == [Decimal("70")]
    assert qid in vouchers.expired_quota_ids(session)


def test_expiry_job_is_registered():
    from partner_portal.domain import jobs
    assert jobs.load_all()["expire_vouchers"] is vouchers.expire_vouchers


# ------------------------------------------------------------------ lists and records
def test_operation_records_filter_by_quota_type_customer_operator_and_time(session):
    p, a, qid, cs, mgr, vids = issued(session)
    staff_u = f.user(session, role=Role.PARTNER_STAFF, partner=p)
    q2 = vouchers.grant_quota(session, actor=mgr, partner_id=p.id, amount="50", valid_until=UNTIL)
    clock.set_now(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC))
    vouchers.issue_vouchers(session, actor=f.actor(session, staff_u), quota_id=q2, customer_ids=[cs[1].id],
                            face_value="5", valid_until="2027-01-31")
    vouchers.reclaim_voucher(session, actor=a, voucher_id=vids[0])
    req = PageRequest()

    def ops(**kw):
        return [r.op for r in vouchers.list_records(session, actor=a, req=req, flt=vouchers.RecordFilter(**kw)).rows]

    assert ops(quota_id=qid) == ["reclaim", "issue", "issue", "issue", "grant"]
    assert ops(quota_id=q2) == ["issue", "grant"]
    assert ops(op="issue") == ["issue"] * 4
    assert ops(customer=session.get(type(cs[1]), cs[1].id).account_name) == ["issue", "issue"]
    assert ops(operator_id=staff_u.id) == ["issue"]
    assert ops(date_from="2026-12-03") == ["reclaim", "issue"]
    assert ops(date_to="2026-12-02") == ["grant", "issue", "issue", "issue", "grant"]
    with pytest.raises(InvalidInput):
        ops(date_from="2026-12-05", date_to="2026-12-01")
    with pytest.raises(InvalidInput):
        ops(op="steal")


def test_operation_records_of_another_partner_stay_hidden(session):
    p, a, qid, cs, mgr, vids = issued(session)
    _, _, other = f.partner_admin(session)
    assert vouchers.list_records(session, actor=other, req=PageRequest()).rows == []
    with pytest.raises(NotFound):
        vouchers.list_records(session, actor=other, req=PageRequest(), flt=vouchers.RecordFilter(quota_id=qid))
    assert vouchers.list_vouchers(session, actor=other, req=PageRequest()).rows == []
    assert vouchers.list_quotas(session, actor=other, req=PageRequest()).rows == []


def test_records_mask_customer_names_and_page_by_keyset(session):
    p, a, qid, cs, mgr = sp_with_quota(session, total="1000", n_customers=30)
    vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs], face_value="1",
                            valid_until="2027-01-31")
    page1 = vouchers.list_records(session, actor=a, req=PageRequest(limit=20))
    assert len(page1.rows) == 20 and page1.has_next
    page2 = vouchers.list_records(session, actor=a, req=PageRequest(limit=20, after=page1.last_key))
    assert len(page2.rows) == 11 and not page2.has_next
    names = {c.name for c in cs}
    assert not any(r.customer in names for r in page1.rows + page2.rows)
    assert len(vouchers.export_records(session, actor=a)) == 31


def test_customer_sees_only_its_own_vouchers(session):
    p, a, qid, cs, mgr, vids = issued(session)
    me = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=cs[0]))
    rows = vouchers.list_my_vouchers(session, actor=me, req=PageRequest()).rows
    assert [r.id for r in rows] == [vids[0]]
    assert vouchers.my_voucher_balance(session, actor=me) == "CNY 10.00"
    with pytest.raises(PermissionDenied):
        vouchers.list_my_vouchers(session, actor=a, req=PageRequest())


def test_issue_targets_are_the_partners_active_associations_masked(session):
    p, a, qid, cs, mgr = sp_with_quota(session)
    former = f.customer(session)
    associate(session, p, former, active=False)
    targets = vouchers.issue_targets(session, actor=a)
    assert sorted(int(t["id"]) for t in targets) == sorted(c.id for c in cs)
    assert not any(t["name"] in {c.name for c in cs} for t in targets)


def test_quota_list_shows_remaining_and_status(session):
    p, a, qid, cs, mgr, vids = issued(session)
    row = vouchers.list_quotas(session, actor=a, req=PageRequest()).rows[0]
    assert (row.total, row.issued, row.remaining, row.status, row.can_issue) == (
        "CNY 100.00", "CNY 30.00", "CNY 70.00", "active", "1")


# ------------------------------------------------------------------ money arithmetic (hypothesis)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(faces=st.lists(st.tuples(amounts, st.integers(1, 3)), min_size=1, max_size=8),
       reclaim_mask=st.lists(st.booleans(), min_size=8, max_size=8))
def test_sums_never_drift_and_quota_never_goes_negative(session, faces, reclaim_mask):
    p, a, qid, cs, mgr = sp_with_quota(session, total="1000.00", n_customers=3)
    ok_ids = []
    for face, n in faces:
        try:
            res = vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[c.id for c in cs[:n]],
                                          face_value=str(face), valid_until="2027-01-31")
            ok_ids += res.voucher_ids
        except InvalidInput as e:
            assert e.field == "face_value"  # more than remaining: refused, not clipped
        q = quota(session, qid)
        assert q.total - q.issued >= 0
    for vid, do in zip(ok_ids, reclaim_mask):
        if do:
            vouchers.reclaim_voucher(session, actor=a, voucher_id=vid)
    q = quota(session, qid)
    live = session.exec(select(Voucher).where(Voucher.quota_id == qid, Voucher.status != "reclaimed")).all()
    assert q.issued == sum((v.face_value for v in live), Decimal(0))
    assert 0 <= q.issued <= q.total
    stored, by_records = vouchers.quota_balance_check(session, qid)
    assert stored == by_records


# ------------------------------------------------------------------ concurrency
def test_two_racing_issuances_on_one_quota_exactly_one_wins(engine):
    clock.set_now(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    try:
        with Session(engine, expire_on_commit=False) as s:
            p, a, qid, cs, mgr = sp_with_quota(s, total="100", n_customers=2)
            user_ids = [a.user_id]
        barrier = threading.Barrier(2)
        outcomes: list = [None, None]

        def issue(i):
            with Session(engine, expire_on_commit=False) as s:
                from partner_portal.models import User
                actor = actor_for(s, s.get(User, user_ids[0]))
                s.get(VoucherQuota, qid)  # both read the quota before either writes
                barrier.wait()
                try:
                    vouchers.issue_vouchers(s, actor=actor, quota_id=qid, customer_ids=[cs[i].id], face_value="60",
                                            valid_until="2027-01-31")
                    outcomes[i] = "won"
                except (Conflict, InvalidInput) as e:
                    outcomes[i] = type(e).__name__

        threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(outcomes) in (["Conflict", "won"], ["InvalidInput", "won"])
        with Session(engine) as s:
            q = s.get(VoucherQuota, qid)
            assert q.issued == Decimal("60") and q.total - q.issued >= 0
            assert len(s.exec(select(Voucher).where(Voucher.quota_id == qid)).all()) == 1
            assert len(s.exec(select(QuotaRecord).where(QuotaRecord.quota_id == qid, QuotaRecord.op == "issue")).all()) == 1
    finally:
        clock.set_now(None)


def test_conditional_update_refuses_a_stale_version(session):
    """The guard itself: an issuance that read an old version writes nothing."""
    p, a, qid, cs, mgr = sp_with_quota(session, total="100")
    stale = quota(session, qid)
    session.expunge(stale)
    vouchers.issue_vouchers(session, actor=a, quota_id=qid, customer_ids=[cs[0].id], face_value="10",
                            valid_until="2027-01-31")
    with pytest.raises(Conflict):
        vouchers._change_issued(session, stale, Decimal("10"))
    assert quota(session, qid).issued == Decimal("10")
