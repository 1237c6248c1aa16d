"""The role × permission table of PRODUCT.md §1–2, and the tenant checks of access_*()."""
import pytest

from partner_portal.domain.errors import NotFound, PermissionDenied
from partner_portal.domain.permissions import (
    ROLE_PERMISSIONS, Actor, Permission as P, access_customer_row, access_own_row, access_partner_row, can, require,
)
from partner_portal.models import CustomerReport, MemberProject, PartnerStatus, Role
from tests import factories as f

WORK = {P.SALES, P.REPORT_CUSTOMER, P.ISSUE_VOUCHERS, P.BENEFITS, P.INCENTIVES, P.PLANS, P.CAPABILITIES,
        P.ACCOUNT_CENTER, P.INVOICE_INFO, P.AUTHORIZATIONS}
ADMIN = {P.DISSOCIATE, P.MANAGE_USERS, P.BUSINESS_INFO}
EXPECTED = {
    Role.PARTNER_ADMIN: WORK | ADMIN,
    Role.PARTNER_STAFF: WORK,
    Role.DISTRIBUTOR_ADMIN: WORK | ADMIN | {P.GRANT_QUOTA, P.RESELLERS},
    Role.MEMBER: {P.MEMBER_AREA, P.ACCOUNT_CENTER, P.INVOICE_INFO},
    Role.CUSTOMER: {P.ACCOUNT_CENTER, P.MY_PARTNERS, P.MY_VOUCHERS, P.INVOICE_INFO, P.AUTHORIZATIONS},
    Role.MANAGER: {P.CONSOLE, P.REVIEW},
}


def _actor(role, status=PartnerStatus.ACTIVE):
    partner = role in (Role.PARTNER_ADMIN, Role.PARTNER_STAFF, Role.DISTRIBUTOR_ADMIN)
    return Actor(user_id=1, role=role, name="x", email="x@x", partner_id=1 if partner else None,
                 partner_status=status if partner else "")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", list(P))
def test_role_permission_table(role, perm):
    assert can(_actor(role), perm) == (perm in EXPECTED[role])


def test_table_covers_every_role():
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("perm", [P.DISSOCIATE, P.MANAGE_USERS, P.BUSINESS_INFO, P.GRANT_QUOTA])
def test_staff_cannot_do_admin_only_actions(perm):
    with pytest.raises(PermissionDenied):
        require(_actor(Role.PARTNER_STAFF), perm)


def test_partner_waiting_for_approval_cannot_do_business_but_can_open_account_center():
    actor = _actor(Role.PARTNER_ADMIN, PartnerStatus.PENDING)
    assert can(actor, P.ACCOUNT_CENTER)
    with pytest.raises(PermissionDenied, match="waiting for the platform"):
        require(actor, P.SALES)


def test_signed_out_is_refused_with_a_clear_message():
    with pytest.raises(PermissionDenied, match="sign in"):
        require(None, P.SALES)


def test_missing_and_other_tenants_rows_give_the_same_answer(session):
    p1, u1, a1 = f.partner_admin(session)
    p2, u2, a2 = f.partner_admin(session)
    c = f.customer(session)
    report = CustomerReport(partner_id=p2.id, customer_id=c.id, reported_by=u2.id, created_at=f.clock.now())
    session.add(report)
    session.commit()
    with pytest.raises(NotFound) as other:
        access_partner_row(session, a1, CustomerReport, report.id, "customer report")
    with pytest.raises(NotFound) as missing:
        access_partner_row(session, a1, CustomerReport, 999_999, "customer report")
    assert str(other.value) == str(missing.value)
    assert access_partner_row(session, a2, CustomerReport, report.id).id == report.id
    assert access_partner_row(session, f.manager(session), CustomerReport, report.id).id == report.id


def test_customer_and_member_rows_are_only_their_own(session):
    c1, c2 = f.customer(session), f.customer(session)
    cu1 = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=c1))
    p, u, _ = f.partner_admin(session)
    report = CustomerReport(partner_id=p.id, customer_id=c2.id, reported_by=u.id, created_at=f.clock.now())
    m1 = f.user(session, role=Role.MEMBER)
    m2 = f.actor(session, f.user(session, role=Role.MEMBER))
    project = MemberProject(member_id=m1.id, name="ERP", start_date=f.clock.today(), created_by=m1.id, created_at=f.clock.now())
    session.add_all([report, project])
    session.commit()
    with pytest.raises(NotFound):
        access_customer_row(session, cu1, CustomerReport, report.id)
    with pytest.raises(NotFound):
        access_own_row(session, m2, MemberProject, project.id)
