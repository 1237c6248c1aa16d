"""Create Opportunity wizard, opportunity stages and visibility, marketing tasks."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from partner_portal.domain import clock, leads, opportunities as opps, reviews
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import (
    Association, AuditLog, CustomerReport, Lead, MarketingTask, Notification, Opportunity, OpportunityDraft, Role,
)
from tests import factories as f

STEP1 = {"name": "Cloud migration", "amount": "120000.00", "currency": "CNY", "close_date": "2027-03-31"}
STEP2 = {"products": "ECS, RDS", "region": "CN East-Shanghai1", "competitors": "Other cloud", "description": "Phase 1"}


def _associated(session, partner):
    c = f.customer(session)
    session.add(Association(partner_id=partner.id, customer_id=c.id, created_at=clock.now()))
    session.commit()
    return c


def _through_wizard(session, actor, customer, *, as_draft=False):
    opps.start_draft(session, actor=actor)
    opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(customer.id)})
    opps.save_step(session, actor=actor, step=2, values=STEP2)
    return opps.submit_draft(session, actor=actor, as_draft=as_draft)


def _task(session, mgr, partner, customer, **kw):
    form = {"partner_id": str(partner.id), "customer_id": str(customer.id), "campaign": "Spring ECS campaign",
            "description": "Upgrade", "due_date": "2027-01-15", "expected_amount": "50000", "currency": "CNY", **kw}
    return opps.assign_task(session, actor=mgr, form=form)


def test_wizard_goes_basic_information_requirements_confirm_submit(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    assert opps.start_draft(session, actor=actor).step == 1
    v = opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
    assert v.step == 2
    v = opps.save_step(session, actor=actor, step=2, values=STEP2)
    assert v.step == 3 and v.data["products"] == "ECS, RDS"
    opp_id = opps.submit_draft(session, actor=actor)
    opp = session.get(Opportunity, opp_id)
    assert (opp.stage, opp.amount, opp.close_date, opp.owner_id) == ("submitted", Decimal("120000.00"),
                                                                     dt.date(2027, 3, 31), actor.user_id)
    assert session.exec(select(OpportunityDraft)).all() == []


def test_draft_is_kept_across_reloads_including_invalid_values(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
    opps.save_step(session, actor=actor, step=2, values={**STEP2, "products": ""}, advance=False)
    reloaded = opps.start_draft(session, actor=actor)  # a fresh page load
    assert reloaded.step == 1 and reloaded.data["name"] == "Cloud migration"
    assert opps.start_draft(session, actor=actor, step=2).step == 2
    with pytest.raises(opps.StepInvalid):
        opps.save_step(session, actor=actor, step=2, values={"products": "", "region": "Mars"})
    again = opps.start_draft(session, actor=actor)
    assert again.step == 2 and again.data["region"] == "Mars"


def test_step_one_names_every_invalid_field(session):
    _, _, actor = f.partner_admin(session)
    with pytest.raises(opps.StepInvalid) as e:
        opps.save_step(session, actor=actor, step=1,
                       values={"customer_id": "", "name": "x", "amount": "-5", "currency": "CNY", "close_date": "tomorrow"})
    assert set(e.value.errors) == {"customer_id", "name", "amount", "close_date"}
    assert "Customer" in e.value.message and "Expected amount" in e.value.message


@pytest.mark.parametrize("values, field", [
    ({"amount": "12.345"}, "amount"), ({"amount": "abc"}, "amount"), ({"currency": "XYZ"}, "currency"),
    ({"close_date": "2026-11-30"}, "close_date"), ({"close_date": "2040-01-01"}, "close_date"),
    ({"name": "n" * 121}, "name"),
])
def test_step_one_refuses_bad_values(session, values, field):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    with pytest.raises(opps.StepInvalid) as e:
        opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id), **values})
    assert field in e.value.errors


def test_step_two_needs_products_and_a_known_region(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
    with pytest.raises(opps.StepInvalid) as e:
        opps.save_step(session, actor=actor, step=2, values={"products": "", "region": "Atlantis", "description": "d" * 2001})
    assert set(e.value.errors) == {"products", "region", "description"}


def test_skipping_ahead_opens_the_first_invalid_step(session):
    _, _, actor = f.partner_admin(session)
    assert opps.start_draft(session, actor=actor, step=3).step == 1
    with pytest.raises(opps.StepInvalid) as e:
        opps.submit_draft(session, actor=actor)
    assert e.value.step == 1


def test_opportunity_only_for_reported_or_associated_customers(session):
    p, _, actor = f.partner_admin(session)
    stranger = f.customer(session)
    other_p, _, _ = f.partner_admin(session)
    theirs = _associated(session, other_p)
    for c in (stranger, theirs):
        with pytest.raises(opps.StepInvalid) as e:
            opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
        assert "customer_id" in e.value.errors
    reported = f.customer(session)
    session.add(CustomerReport(partner_id=p.id, customer_id=reported.id, reported_by=actor.user_id, status="reported",
                               created_at=clock.now(), reported_at=clock.now(),
                               valid_until=clock.now() + dt.timedelta(days=15)))
    session.commit()
    assert opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(reported.id)}).step == 2


def test_customer_no_longer_eligible_at_submit_is_refused(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
    opps.save_step(session, actor=actor, step=2, values=STEP2)
    assoc = session.exec(select(Association).where(Association.customer_id == c.id)).one()
    assoc.active = False
    session.commit()
    with pytest.raises(opps.StepInvalid):
        opps.submit_draft(session, actor=actor)
    assert session.exec(select(Opportunity)).all() == []


def test_inline_report_in_step_one_uses_report_customer_and_picks_the_customer(session):
    _, _, actor = f.partner_admin(session)
    opps.start_draft(session, actor=actor)
    v = opps.report_inline(session, actor=actor, form={"name": "New Prospect", "account_name": "new_prospect",
                                                       "mobile": "13700001111", "association_type": "referral"})
    report = session.exec(select(CustomerReport).where(CustomerReport.partner_id == actor.partner_id)).one()
    assert report.status == "reported"
    assert v.data["customer_id"] == str(report.customer_id)


def test_inline_report_follows_report_rules(session):
    distributor, _, _ = f.partner_admin(session, kind="distributor", distributor_status="delisted")
    _, _, actor = f.partner_admin(session, kind="cloud_reseller", distributor=distributor)
    opps.start_draft(session, actor=actor)
    with pytest.raises(PermissionDenied):
        opps.report_inline(session, actor=actor, form={"name": "P", "account_name": "prospect_x",
                                                       "mobile": "13700002222", "association_type": "referral"})


def test_marketing_task_opens_step_two_with_step_one_filled(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    task_id = _task(session, f.manager(session), p, c)
    v = opps.start_draft(session, actor=actor, task_id=task_id, step=2)
    assert v.step == 2 and not v.needs_report
    assert v.data["customer_id"] == str(c.id) and v.data["name"] == "Spring ECS campaign"
    assert v.data["amount"] == "50000.00" and v.data["close_date"] == "2027-01-15"
    opps.save_step(session, actor=actor, step=2, values=STEP2)
    opp_id = opps.submit_draft(session, actor=actor)
    task = session.get(MarketingTask, task_id)
    assert (task.status, task.opportunity_id) == ("done", opp_id)
    with pytest.raises(InvalidInput):
        opps.start_draft(session, actor=actor, task_id=task_id, step=2)


def test_task_whose_customer_is_neither_reported_nor_associated_leads_to_step_one(session):
    p, _, actor = f.partner_admin(session)
    c = f.customer(session, registered_days_ago=1)
    task_id = _task(session, f.manager(session), p, c)
    v = opps.start_draft(session, actor=actor, task_id=task_id, step=2)
    assert v.step == 1 and v.needs_report and v.data["customer_id"] == ""
    v = opps.report_source_customer(session, actor=actor)
    assert v.data["customer_id"] == str(c.id) and not v.needs_report
    assert opps.start_draft(session, actor=actor, step=2).step == 2


def test_other_partners_task_is_not_found(session):
    p, _, _ = f.partner_admin(session)
    _, _, other = f.partner_admin(session)
    task_id = _task(session, f.manager(session), p, f.customer(session))
    with pytest.raises(NotFound):
        opps.start_draft(session, actor=other, task_id=task_id)
    with pytest.raises(NotFound):
        opps.start_draft(session, actor=other, task_id="abc")
    assert opps.list_tasks(session, actor=other, req=PageRequest()).rows == []


def test_converting_a_lead_marks_it_converted_with_its_opportunity(session):
    p, _, actor = f.partner_admin(session)
    c = _associated(session, p)
    lead_id = leads.create_lead(session, actor=actor, form={"name": "L", "company": "Acme", "mobile": "13900001111",
                                                            "product_interest": "CDN"})
    v = opps.start_draft(session, actor=actor, lead_id=lead_id)
    assert v.data["products"] == "CDN" and v.needs_report
    opps.save_step(session, actor=actor, step=1, values={**STEP1, "customer_id": str(c.id)})
    opps.save_step(session, actor=actor, step=2, values=STEP2)
    opp_id = opps.submit_draft(session, actor=actor)
    lead = session.get(Lead, lead_id)
    assert (lead.status, lead.opportunity_id) == ("converted", opp_id)
    assert session.get(Opportunity, opp_id).lead_id == lead_id


def test_staff_see_only_their_own_opportunities_admins_all_of_the_company(session):
    p, _, admin = f.partner_admin(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    staff2 = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    c = _associated(session, p)
    mine = _through_wizard(session, staff, c)
    _through_wizard(session, admin, c)
    assert [r.id for r in opps.list_opportunities(session, actor=staff, req=PageRequest()).rows] == [mine]
    assert len(opps.list_opportunities(session, actor=admin, req=PageRequest()).rows) == 2
    assert opps.list_opportunities(session, actor=staff2, req=PageRequest()).rows == []
    with pytest.raises(NotFound):
        opps.opportunity_detail(session, actor=staff2, opportunity_id=mine)
    assert opps.opportunity_detail(session, actor=admin, opportunity_id=mine).row.id == mine


def test_other_tenants_opportunity_ids_are_not_found(session):
    p, _, admin = f.partner_admin(session)
    _, _, other = f.partner_admin(session)
    opp_id = _through_wizard(session, admin, _associated(session, p))
    for call in (lambda: opps.opportunity_detail(session, actor=other, opportunity_id=opp_id),
                 lambda: opps.close_opportunity(session, actor=other, opportunity_id=opp_id, outcome="won"),
                 lambda: opps.submit_opportunity(session, actor=other, opportunity_id=opp_id),
                 lambda: opps.reveal_opportunity_customer(session, actor=other, opportunity_id=opp_id, field="name"),
                 lambda: opps.opportunity_detail(session, actor=other, opportunity_id="1 OR 1=1")):
        with pytest.raises(NotFound):
            call()


def test_review_queue_approves_or_rejects_with_comment_and_notifies_the_owner(session):
    p, _, admin = f.partner_admin(session)
    c = _associated(session, p)
    a, b = _through_wizard(session, admin, c), _through_wizard(session, admin, c)
    mgr = f.manager(session)
    rows = reviews.list_items(session, actor=mgr, kind="opportunities", req=PageRequest()).rows
    assert {r["id"] for r in rows} == {str(a), str(b)}
    reviews.decide(session, actor=mgr, kind="opportunities", item_id=a, decision="approve", comment="")
    with pytest.raises(InvalidInput):
        reviews.decide(session, actor=mgr, kind="opportunities", item_id=b, decision="reject", comment="")
    reviews.decide(session, actor=mgr, kind="opportunities", item_id=b, decision="reject", comment="Duplicate")
    assert session.get(Opportunity, a).stage == "approved"
    assert (session.get(Opportunity, b).stage, session.get(Opportunity, b).review_comment) == ("rejected", "Duplicate")
    with pytest.raises(Conflict):
        reviews.decide(session, actor=mgr, kind="opportunities", item_id=a, decision="reject", comment="late")
    assert session.exec(select(Notification).where(Notification.user_id == admin.user_id,
                                                   Notification.link == f"/sales/opportunities/{b}")).one()
    with pytest.raises(PermissionDenied):
        reviews.decide(session, actor=admin, kind="opportunities", item_id=a, decision="approve", comment="")


def test_won_or_lost_only_after_approval_by_owner_or_admin_and_lost_needs_a_reason(session):
    p, _, admin = f.partner_admin(session)
    owner = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    colleague = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    c = _associated(session, p)
    won, lost = _through_wizard(session, owner, c), _through_wizard(session, owner, c)
    with pytest.raises(InvalidInput):
        opps.close_opportunity(session, actor=owner, opportunity_id=won, outcome="won")  # not approved yet
    mgr = f.manager(session)
    for i in (won, lost):
        opps.approve_opportunity(session, actor=mgr, item_id=i)
    with pytest.raises(NotFound):
        opps.close_opportunity(session, actor=colleague, opportunity_id=won, outcome="won")
    with pytest.raises(InvalidInput) as e:
        opps.close_opportunity(session, actor=owner, opportunity_id=lost, outcome="lost", reason="")
    assert e.value.field == "reason"
    opps.close_opportunity(session, actor=owner, opportunity_id=won, outcome="won")
    opps.close_opportunity(session, actor=admin, opportunity_id=lost, outcome="lost", reason="Price")
    assert session.get(Opportunity, won).stage == "won"
    assert (session.get(Opportunity, lost).stage, session.get(Opportunity, lost).lost_reason) == ("lost", "Price")
    with pytest.raises(InvalidInput):
        opps.close_opportunity(session, actor=owner, opportunity_id=won, outcome="lost", reason="x")


def test_saved_draft_opportunity_is_submitted_later_from_its_detail(session):
    p, _, admin = f.partner_admin(session)
    opp_id = _through_wizard(session, admin, _associated(session, p), as_draft=True)
    assert session.get(Opportunity, opp_id).stage == "draft"
    assert opps.opportunity_detail(session, actor=admin, opportunity_id=opp_id).can_submit
    opps.submit_opportunity(session, actor=admin, opportunity_id=opp_id)
    assert session.get(Opportunity, opp_id).stage == "submitted"
    with pytest.raises(InvalidInput):
        opps.submit_opportunity(session, actor=admin, opportunity_id=opp_id)


def test_two_reviewers_at_once_exactly_one_transition(session, engine):
    from sqlmodel import Session
    p, _, admin = f.partner_admin(session)
    opp_id = _through_wizard(session, admin, _associated(session, p))
    mgr = f.manager(session)
    with Session(engine, expire_on_commit=False) as second:
        seen_by_second = second.get(Opportunity, opp_id)  # the second reviewer read it before the first decided
        opps.approve_opportunity(session, actor=mgr, item_id=opp_id)
        with pytest.raises(Conflict):
            opps._transition(second, seen_by_second, ("submitted",), stage="rejected")
    session.expire_all()
    assert session.get(Opportunity, opp_id).stage == "approved"


def test_only_the_platform_assigns_marketing_tasks_with_valid_fields(session):
    p, _, admin = f.partner_admin(session)
    c = f.customer(session)
    with pytest.raises(PermissionDenied):
        _task(session, admin, p, c)
    mgr = f.manager(session)
    for bad, field in (({"campaign": ""}, "campaign"), ({"due_date": "2026-01-01"}, "due_date"),
                       ({"expected_amount": "1.234"}, "expected_amount"), ({"partner_id": "999999"}, "partner_id"),
                       ({"customer_id": "x"}, "customer_id")):
        with pytest.raises(InvalidInput) as e:
            _task(session, mgr, p, c, **bad)
        assert e.value.field == field
    task_id = _task(session, mgr, p, c)
    row = opps.list_tasks(session, actor=admin, req=PageRequest()).rows[0]
    assert row.id == task_id and row.customer != c.name and row.customer.startswith(c.name[0])
    assert opps.reveal_task_customer(session, actor=admin, task_id=task_id, field="name") == c.name


def test_opportunity_actions_write_audit_rows(session):
    p, _, admin = f.partner_admin(session)
    opp_id = _through_wizard(session, admin, _associated(session, p))
    opps.approve_opportunity(session, actor=f.manager(session), item_id=opp_id)
    opps.close_opportunity(session, actor=admin, opportunity_id=opp_id, outcome="won")
    actions = [a.action for a in session.exec(select(AuditLog).where(AuditLog.object_kind == "opportunity",
                                                                     AuditLog.object_id == opp_id))]
    assert actions == ["create", "approve", "won"]
    assert [h["action"] for h in opps.opportunity_detail(session, actor=admin, opportunity_id=opp_id).history] == \
        ["won", "approve", "create"]
