"""Plans › Partner Program: the commitment-and-agreement gate, one open application per plan, review."""
from __future__ import annotations

import pytest
from sqlmodel import select

from partner_portal.domain import plans, reviews
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import AuditLog, Notification, PartnerStatus, Plan, PlanApplication, Role
from tests import factories as f


@pytest.fixture
def plan(session):
    p = Plan(code=plans.CO_EXPANSION, name="Partner Co-expansion Plan", description="Grow together.",
             agreement="You commit to co-expand.")
    session.add(p)
    session.commit()
    return p


def _apps(session, partner_id):
    return session.exec(select(PlanApplication).where(PlanApplication.partner_id == partner_id)).all()


def test_submit_application_without_ticking_the_agreement_is_refused(session, plan):
    p, _, a = f.partner_admin(session)
    for agreed in (False, None, "true", 1):
        with pytest.raises(InvalidInput) as e:
            plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=agreed)
        assert e.value.field == "agree"
    assert _apps(session, p.id) == []


def test_submit_application_with_the_agreement_creates_a_submitted_application(session, plan):
    p, _, a = f.partner_admin(session)
    view = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    assert view.status == "submitted"
    [app] = _apps(session, p.id)
    assert app.agreed_at is not None and app.submitted_by == a.user_id
    assert session.exec(select(AuditLog).where(AuditLog.action == "plan.apply", AuditLog.object_id == app.id)).one()
    assert plans.get_plan(session, actor=a, code=plan.code).my_status == "submitted"


def test_only_one_open_application_per_plan(session, plan):
    p, _, a = f.partner_admin(session)
    plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    with pytest.raises(InvalidInput):
        plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    assert len(_apps(session, p.id)) == 1
    assert plans.get_plan(session, actor=a, code=plan.code).can_apply is False


def test_another_partner_of_the_same_plan_is_not_blocked(session, plan):
    _, _, a1 = f.partner_admin(session)
    _, _, a2 = f.partner_admin(session)
    plans.apply_to_plan(session, actor=a1, plan_code=plan.code, agreed=True)
    plans.apply_to_plan(session, actor=a2, plan_code=plan.code, agreed=True)


def test_rejected_partner_may_apply_again_and_approved_one_may_not(session, plan):
    p, _, a = f.partner_admin(session)
    m = f.manager(session)
    first = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    reviews.decide(session, actor=m, kind="plans", item_id=first.id, decision="reject", comment="Add references")
    assert plans.get_plan(session, actor=a, code=plan.code).my_comment == "Add references"
    second = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    reviews.decide(session, actor=m, kind="plans", item_id=second.id, decision="approve", comment="")
    assert plans.get_plan(session, actor=a, code=plan.code).my_status == "approved"
    with pytest.raises(InvalidInput):
        plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)


def test_review_notifies_the_applicant_and_happens_once(session, plan):
    p, u, a = f.partner_admin(session)
    m = f.manager(session)
    app = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    page = reviews.list_items(session, actor=m, kind="plans", req=PageRequest())
    assert [r["id"] for r in page.rows] == [str(app.id)]
    reviews.decide(session, actor=m, kind="plans", item_id=app.id, decision="approve", comment="Welcome")
    with pytest.raises(Conflict):
        reviews.decide(session, actor=m, kind="plans", item_id=app.id, decision="reject", comment="late")
    assert session.exec(select(Notification).where(Notification.user_id == u.id)).first() is not None
    assert reviews.list_items(session, actor=m, kind="plans", req=PageRequest()).rows == []


def test_rejection_needs_a_comment(session, plan):
    _, _, a = f.partner_admin(session)
    m = f.manager(session)
    app = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    with pytest.raises(InvalidInput):
        reviews.decide(session, actor=m, kind="plans", item_id=app.id, decision="reject", comment="  ")


def test_partners_cannot_review_and_customers_cannot_apply(session, plan):
    _, _, a = f.partner_admin(session)
    app = plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)
    with pytest.raises(PermissionDenied):
        reviews.decide(session, actor=a, kind="plans", item_id=app.id, decision="approve", comment="")
    cust = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    with pytest.raises(PermissionDenied):
        plans.apply_to_plan(session, actor=cust, plan_code=plan.code, agreed=True)


def test_pending_partner_cannot_apply(session, plan):
    _, _, a = f.partner_admin(session, status=PartnerStatus.PENDING)
    with pytest.raises(PermissionDenied):
        plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)


def test_unknown_or_inactive_plan_is_not_found(session, plan):
    _, _, a = f.partner_admin(session)
    with pytest.raises(NotFound):
        plans.apply_to_plan(session, actor=a, plan_code="no-such-plan", agreed=True)
    plan.active = False
    session.commit()
    with pytest.raises(NotFound):
        plans.apply_to_plan(session, actor=a, plan_code=plan.code, agreed=True)


def test_partner_sees_only_its_own_applications(session, plan):
    _, _, a1 = f.partner_admin(session)
    _, _, a2 = f.partner_admin(session)
    plans.apply_to_plan(session, actor=a1, plan_code=plan.code, agreed=True)
    assert plans.my_applications(session, actor=a2) == []
    assert plans.get_plan(session, actor=a2, code=plan.code).my_status == ""


def test_manager_creates_plans_with_valid_codes_only(session):
    m = f.manager(session)
    _, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput):
        plans.create_plan(session, actor=m, code="Bad Code!", name="X", description="d", agreement="a")
    with pytest.raises(PermissionDenied):
        plans.create_plan(session, actor=a, code="ok", name="X", description="d", agreement="a")
    row = plans.create_plan(session, actor=m, code="marketing-2", name="Marketing Plan 2.0", description="d",
                            agreement="a")
    assert [p.code for p in plans.list_plans(session, actor=a)] == ["marketing-2"]
    plans.set_plan_active(session, actor=m, plan_id=row.id, active=False)
    assert plans.list_plans(session, actor=a) == []
