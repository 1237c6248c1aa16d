"""Lead Management rules: anonymisation under Marketing Plan 2.0, statuses, calls, distribution and SLA."""
import dataclasses
import datetime as dt

import pytest
from sqlmodel import select

from partner_portal.domain import callbridge, clock, leads
from partner_portal.domain.errors import InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import AuditLog, CallRecord, Lead, LeadEvent, Notification, Role
from tests import factories as f

MOBILE, EMAIL = "13987650001", "secret.buyer@lead.example"


def _lead(session, actor, **kw):
    form = {"name": "Buyer Zhang", "company": "Acme", "mobile": MOBILE, "email": EMAIL, "source": "event",
            "product_interest": "ECS", **kw}
    return leads.create_lead(session, actor=actor, form=form)


def _flatten(obj) -> str:
    if dataclasses.is_dataclass(obj):
        return repr(dataclasses.asdict(obj))
    return repr(obj)


def test_marketing_plan_2_partner_sees_the_word_anonymised_never_the_contacts(session):
    _, _, actor = f.partner_admin(session, marketing_plan_2=True)
    lead_id = _lead(session, actor)
    page = leads.list_leads(session, actor=actor, req=PageRequest())
    detail = leads.lead_detail(session, actor=actor, lead_id=lead_id)
    exported = leads.export_leads(session, actor=actor)
    for view in (page.rows, detail, exported):
        text = _flatten(view) if not isinstance(view, list) else "".join(_flatten(v) for v in view)
        assert MOBILE not in text and MOBILE[-4:] not in text
        assert EMAIL not in text and "lead.example" not in text
    assert page.rows[0].mobile == "Anonymised" and page.rows[0].email == "Anonymised"
    assert detail.anonymised


def test_marketing_plan_2_partner_cannot_reveal_lead_contacts(session):
    _, _, actor = f.partner_admin(session, marketing_plan_2=True)
    lead_id = _lead(session, actor)
    for field in ("mobile", "email"):
        with pytest.raises(PermissionDenied):
            leads.reveal_lead_field(session, actor=actor, lead_id=lead_id, field=field)


def test_marketing_plan_2_partner_cannot_search_by_exact_mobile(session):
    _, _, actor = f.partner_admin(session, marketing_plan_2=True)
    _lead(session, actor)
    assert leads.list_leads(session, actor=actor, req=PageRequest(), search=MOBILE).rows == []


def test_other_partners_see_masked_contacts_and_reveal_one_audited(session):
    _, _, actor = f.partner_admin(session)
    lead_id = _lead(session, actor)
    row = leads.list_leads(session, actor=actor, req=PageRequest()).rows[0]
    assert row.mobile == "139****0001" and row.email == "s***@lead.example"
    assert leads.reveal_lead_field(session, actor=actor, lead_id=lead_id, field="mobile") == MOBILE
    assert session.exec(select(AuditLog).where(AuditLog.action == "reveal", AuditLog.object_id == lead_id)).one()
    with pytest.raises(InvalidInput):
        leads.reveal_lead_field(session, actor=actor, lead_id=lead_id, field="name")


def test_other_tenants_lead_ids_are_not_found(session):
    _, _, owner = f.partner_admin(session)
    _, _, other = f.partner_admin(session)
    lead_id = _lead(session, owner)
    for call in (lambda: leads.lead_detail(session, actor=other, lead_id=lead_id),
                 lambda: leads.reveal_lead_field(session, actor=other, lead_id=lead_id, field="mobile"),
                 lambda: leads.add_note(session, actor=other, lead_id=lead_id, text="hi"),
                 lambda: leads.place_call(session, actor=other, lead_id=lead_id),
                 lambda: leads.set_status(session, actor=other, lead_id=lead_id, status="closed", reason="x"),
                 lambda: leads.lead_detail(session, actor=other, lead_id=999999)):
        with pytest.raises(NotFound):
            call()
    assert leads.list_leads(session, actor=other, req=PageRequest()).rows == []


@pytest.mark.parametrize("form, field", [
    ({"name": ""}, "name"), ({"name": "x" * 101}, "name"), ({"mobile": "abc"}, "mobile"),
    ({"email": "not-an-email"}, "email"), ({"mobile": "", "email": ""}, "mobile"), ({"source": "tv"}, "source"),
])
def test_new_lead_refuses_bad_input_by_field(session, form, field):
    _, _, actor = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        _lead(session, actor, **form)
    assert e.value.field == field
    assert session.exec(select(Lead)).all() == []


def test_outbound_call_records_caller_lead_start_duration_and_outcome(session):
    _, user, actor = f.partner_admin(session, marketing_plan_2=True)
    lead_id = _lead(session, actor)
    dialled = []

    class Recorder(callbridge.LocalCallBridge):
        def dial(self, *, call_id, caller_email, number):
            dialled.append(number)
            return super().dial(call_id=call_id, caller_email=caller_email, number=number)

    callbridge.set_bridge(Recorder())
    try:
        call_id = leads.place_call(session, actor=actor, lead_id=lead_id)
        clock.advance(seconds=95)
        leads.end_call(session, actor=actor, call_id=call_id, outcome="connected")
    finally:
        callbridge.set_bridge(None)
    assert dialled == [MOBILE]  # the bridge got the number on the server
    call = session.get(CallRecord, call_id)
    assert (call.caller_id, call.lead_id, call.duration_seconds, call.outcome) == (user.id, lead_id, 95, "connected")
    detail = leads.lead_detail(session, actor=actor, lead_id=lead_id)
    assert detail.calls[0].duration == "1 min 35 s" and detail.lead.status == "following"
    assert MOBILE not in _flatten(detail)


def test_a_call_can_only_be_ended_once_by_its_caller_with_a_known_outcome(session):
    p, _, actor = f.partner_admin(session)
    colleague = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    lead_id = _lead(session, actor)
    call_id = leads.place_call(session, actor=actor, lead_id=lead_id)
    with pytest.raises(InvalidInput):
        leads.place_call(session, actor=actor, lead_id=lead_id)  # one call at a time
    with pytest.raises(NotFound):
        leads.end_call(session, actor=colleague, call_id=call_id, outcome="connected")
    with pytest.raises(InvalidInput):
        leads.end_call(session, actor=actor, call_id=call_id, outcome="exploded")
    leads.end_call(session, actor=actor, call_id=call_id, outcome="no_answer")
    with pytest.raises(InvalidInput):
        leads.end_call(session, actor=actor, call_id=call_id, outcome="connected")


def test_statuses_move_new_to_following_to_closed_and_closing_needs_a_reason(session):
    _, _, actor = f.partner_admin(session)
    lead_id = _lead(session, actor)
    leads.set_status(session, actor=actor, lead_id=lead_id, status="following")
    with pytest.raises(InvalidInput):
        leads.set_status(session, actor=actor, lead_id=lead_id, status="following")
    with pytest.raises(InvalidInput) as e:
        leads.set_status(session, actor=actor, lead_id=lead_id, status="closed", reason=" ")
    assert e.value.field == "reason"
    with pytest.raises(InvalidInput):
        leads.set_status(session, actor=actor, lead_id=lead_id, status="converted")
    leads.set_status(session, actor=actor, lead_id=lead_id, status="closed", reason="No budget")
    assert session.get(Lead, lead_id).status == "closed"
    with pytest.raises(InvalidInput):
        leads.set_status(session, actor=actor, lead_id=lead_id, status="following")
    with pytest.raises(InvalidInput):
        leads.place_call(session, actor=actor, lead_id=lead_id)


def test_a_note_starts_following_and_appears_in_notes_and_history(session):
    _, _, actor = f.partner_admin(session)
    lead_id = _lead(session, actor)
    with pytest.raises(InvalidInput):
        leads.add_note(session, actor=actor, lead_id=lead_id, text="   ")
    leads.add_note(session, actor=actor, lead_id=lead_id, text="Asked for a quote")
    detail = leads.lead_detail(session, actor=actor, lead_id=lead_id)
    assert [n.text for n in detail.notes] == ["Asked for a quote"]
    assert {h.kind for h in detail.history} >= {"created", "note", "status"}
    assert detail.lead.status == "following"


def test_only_the_platform_distributes_leads(session):
    p, _, actor = f.partner_admin(session)
    with pytest.raises(PermissionDenied):
        leads.distribute_lead(session, actor=actor, partner_id=p.id, form={"name": "X", "mobile": MOBILE})
    mgr = f.manager(session)
    with pytest.raises(InvalidInput) as e:
        leads.distribute_lead(session, actor=mgr, partner_id=p.id, form={"name": "X", "mobile": MOBILE}, sla_hours=0)
    assert e.value.field == "sla_hours"
    with pytest.raises(InvalidInput):
        leads.distribute_lead(session, actor=mgr, partner_id=99999, form={"name": "X", "mobile": MOBILE})
    lead_id = leads.distribute_lead(session, actor=mgr, partner_id=p.id, form={"name": "X", "mobile": MOBILE})
    lead = session.get(Lead, lead_id)
    assert lead.distributed and lead.sla_hours == 48 and lead.partner_id == p.id
    assert leads.list_leads(session, actor=actor, req=PageRequest()).rows[0].sla.startswith("due ")


def test_distributed_lead_not_followed_within_sla_is_escalated_once_to_the_manager(session):
    p, _, actor = f.partner_admin(session)
    mgr = f.manager(session)
    lead_id = leads.distribute_lead(session, actor=mgr, partner_id=p.id, form={"name": "Late", "mobile": MOBILE})
    clock.advance(hours=47, minutes=59)
    assert leads.escalate_overdue_leads(session) == 0
    clock.advance(minutes=1)
    assert leads.escalate_overdue_leads(session) == 1
    assert leads.escalate_overdue_leads(session) == 0  # idempotent
    lead = session.get(Lead, lead_id)
    assert lead.escalated_at == clock.now()
    assert session.exec(select(Notification).where(Notification.user_id == mgr.user_id,
                                                   Notification.dedupe_key == f"lead-sla:{lead_id}")).one()
    assert session.exec(select(LeadEvent).where(LeadEvent.lead_id == lead_id, LeadEvent.kind == "escalated")).one()
    assert leads.list_leads(session, actor=actor, req=PageRequest()).rows[0].sla == "escalated"


def test_configured_sla_is_honoured_and_a_followed_lead_is_never_escalated(session):
    p, _, actor = f.partner_admin(session)
    mgr = f.manager(session)
    fast = leads.distribute_lead(session, actor=mgr, partner_id=p.id, form={"name": "Fast", "mobile": MOBILE}, sla_hours=4)
    followed = leads.distribute_lead(session, actor=mgr, partner_id=p.id, form={"name": "Kept", "mobile": MOBILE}, sla_hours=4)
    leads.add_note(session, actor=actor, lead_id=followed, text="Called back")
    clock.advance(hours=4)
    assert leads.escalate_overdue_leads(session) == 1
    assert session.get(Lead, fast).escalated_at is not None
    assert session.get(Lead, followed).escalated_at is None


def test_partner_created_leads_have_no_sla(session):
    _, _, actor = f.partner_admin(session)
    _lead(session, actor)
    clock.advance(days=10)
    assert leads.escalate_overdue_leads(session) == 0


def test_manager_and_customers_cannot_use_partner_lead_functions(session):
    _, _, actor = f.partner_admin(session)
    lead_id = _lead(session, actor)
    mgr = f.manager(session)
    cust = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    for who in (mgr, cust):
        with pytest.raises(PermissionDenied):
            leads.lead_detail(session, actor=who, lead_id=lead_id)
        with pytest.raises(PermissionDenied):
            leads.create_lead(session, actor=who, form={"name": "x", "mobile": MOBILE})


def test_every_lead_action_writes_an_audit_row(session):
    _, _, actor = f.partner_admin(session)
    lead_id = _lead(session, actor)
    leads.add_note(session, actor=actor, lead_id=lead_id, text="n")
    call_id = leads.place_call(session, actor=actor, lead_id=lead_id)
    leads.end_call(session, actor=actor, call_id=call_id, outcome="busy")
    leads.set_status(session, actor=actor, lead_id=lead_id, status="closed", reason="r")
    actions = [a.action for a in session.exec(select(AuditLog).where(AuditLog.object_kind == "lead",
                                                                     AuditLog.object_id == lead_id))]
    assert actions == ["create", "note", "call", "end_call", "status"]


def test_sla_due_counts_from_distribution(session):
    p, _, _ = f.partner_admin(session)
    mgr = f.manager(session)
    lead = session.get(Lead, leads.distribute_lead(session, actor=mgr, partner_id=p.id,
                                                   form={"name": "X", "mobile": MOBILE}, sla_hours=10))
    assert leads.sla_due(lead) == clock.now() + dt.timedelta(hours=10)
