"""End-user authorization letters: commitment on the first request, distributor before customer,
agreement and revocation with a code, versions, the activity log, other tenants refused."""
from __future__ import annotations

import re

import pytest
from sqlmodel import select

from partner_portal.domain import audit, clock, letters, letters_shell
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.models import (
    Association, Authorization, DistributorStatus, LetterVersion, Outbox, PartnerCommitment, PartnerKind, Role, User,
)

from tests import factories as f


@pytest.fixture(autouse=True)
def letter_texts(session):
    session.add(LetterVersion(kind="end_user", version=1, text="End-user letter version one text.", published_at=clock.now()))
    session.add(LetterVersion(kind="commitment", version=1, text="Partner commitment letter text.", published_at=clock.now()))
    session.commit()


def associate(session, partner, customer):
    session.add(Association(partner_id=partner.id, customer_id=customer.id, created_at=clock.now()))
    session.commit()


def customer_account(session):
    c = f.customer(session)
    u = f.user(session, role=Role.CUSTOMER, customer=c)
    return c, u, f.actor(session, u)


def code_for(session, user: User) -> str:
    row = session.exec(select(Outbox).where(Outbox.recipient == user.email).order_by(Outbox.id.desc())).first()
    return re.search(r"\b(\d{6})\b", row.body).group(1)


def setup_pair(session, **partner_kw):
    p, pu, pa = f.partner_admin(session, **partner_kw)
    c, cu, ca = customer_account(session)
    associate(session, p, c)
    return p, pa, c, cu, ca


def request(session, pa, c, scopes=("view_bills",), accept=True):
    return letters.request_authorization(session, actor=pa, customer_id=c.id, scopes=list(scopes), accept_commitment=accept)


def agree(session, ca, cu, auth_id):
    letters.send_code(session, actor=ca, authorization_id=auth_id, purpose="answer")
    letters.answer(session, actor=ca, authorization_id=auth_id, agree=True, code=code_for(session, cu))


def test_first_request_needs_the_commitment_letter_and_later_ones_do_not(session):
    p, pa, c, cu, ca = setup_pair(session)
    assert letters.commitment_needed(session, actor=pa) is True
    with pytest.raises(InvalidInput) as e:
        request(session, pa, c, accept=False)
    assert e.value.field == "commitment"
    assert session.exec(select(Authorization)).all() == []
    request(session, pa, c)
    assert session.exec(select(PartnerCommitment).where(PartnerCommitment.partner_id == p.id)).one().letter_version == 1
    assert letters.commitment_needed(session, actor=pa) is False
    c2, _, _ = customer_account(session)
    associate(session, p, c2)
    assert request(session, pa, c2, accept=False).status == "awaiting_customer"


def test_a_new_commitment_version_must_be_accepted_again(session):
    p, pa, c, cu, ca = setup_pair(session)
    request(session, pa, c)
    letters.publish_version(session, actor=f.manager(session), kind="commitment", text="Commitment letter, second version.")
    assert letters.commitment_needed(session, actor=pa) is True


def test_scope_must_come_from_the_fixed_list(session):
    p, pa, c, cu, ca = setup_pair(session)
    for bad in ([], ["delete_account"], ["view_bills", "root"]):
        with pytest.raises(InvalidInput) as e:
            request(session, pa, c, scopes=bad)
        assert e.value.field == "scope"
    view = request(session, pa, c, scopes=["open_tickets", "view_bills", "view_bills"])
    assert view.scope == "view_bills,open_tickets"


def test_only_associated_customers_can_be_asked(session):
    p, pu, pa = f.partner_admin(session)
    c, _, _ = customer_account(session)
    with pytest.raises(InvalidInput):
        request(session, pa, c)
    other, _, _ = f.partner_admin(session)
    associate(session, other, c)  # associated with another partner only
    with pytest.raises(InvalidInput):
        request(session, pa, c)
    with pytest.raises(InvalidInput):
        letters.request_authorization(session, actor=pa, customer_id="x", scopes=["view_bills"], accept_commitment=True)


def test_one_open_authorization_per_partner_and_customer(session):
    p, pa, c, cu, ca = setup_pair(session)
    request(session, pa, c)
    with pytest.raises(InvalidInput):
        request(session, pa, c)


def test_reseller_request_needs_its_distributor_before_the_customer(session):
    dist, du, da = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR)
    p, pa, c, cu, ca = setup_pair(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    view = request(session, pa, c)
    assert view.status == "awaiting_distributor"
    # the customer neither sees it nor can answer it yet
    assert letters.customer_authorizations(session, actor=ca) == []
    with pytest.raises(NotFound):
        letters.send_code(session, actor=ca, authorization_id=view.id, purpose="answer")
    assert [r.id for r in letters.distributor_requests(session, actor=da)] == [view.id]
    letters.distributor_decide(session, actor=da, authorization_id=view.id, approve=True)
    assert session.get(Authorization, view.id).status == "awaiting_customer"
    with pytest.raises(Conflict):
        letters.distributor_decide(session, actor=da, authorization_id=view.id, approve=True)
    agree(session, ca, cu, view.id)
    assert session.get(Authorization, view.id).status == "active"


def test_distributor_rejection_needs_a_reason_and_ends_the_request(session):
    dist, du, da = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR)
    p, pa, c, cu, ca = setup_pair(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    view = request(session, pa, c)
    with pytest.raises(InvalidInput):
        letters.distributor_decide(session, actor=da, authorization_id=view.id, approve=False, reason=" ")
    letters.distributor_decide(session, actor=da, authorization_id=view.id, approve=False, reason="Customer unknown")
    row = session.get(Authorization, view.id)
    assert row.status == "rejected" and "Customer unknown" in row.reason


def test_another_distributor_cannot_decide_a_resellers_request(session):
    dist, _, da = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR)
    _, _, other_da = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR)
    p, pa, c, cu, ca = setup_pair(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    view = request(session, pa, c)
    assert letters.distributor_requests(session, actor=other_da) == []
    with pytest.raises(NotFound):
        letters.distributor_decide(session, actor=other_da, authorization_id=view.id, approve=True)
    with pytest.raises(PermissionDenied):  # a reseller admin is not a distributor
        letters.distributor_decide(session, actor=pa, authorization_id=view.id, approve=True)


def test_reseller_with_exited_distributor_cannot_request(session):
    dist, _, _ = f.partner_admin(session, kind=PartnerKind.DISTRIBUTOR, distributor_status=DistributorStatus.DELISTED)
    p, pa, c, cu, ca = setup_pair(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    with pytest.raises(PermissionDenied):
        request(session, pa, c)


def test_customer_agreement_needs_a_correct_code(session):
    p, pa, c, cu, ca = setup_pair(session)
    view = request(session, pa, c)
    with pytest.raises(InvalidInput):  # no code sent yet
        letters.answer(session, actor=ca, authorization_id=view.id, agree=True, code="123456")
    letters.send_code(session, actor=ca, authorization_id=view.id, purpose="answer")
    real = code_for(session, cu)
    wrong = "000000" if real != "000000" else "111111"
    with pytest.raises(InvalidInput):
        letters.answer(session, actor=ca, authorization_id=view.id, agree=True, code=wrong)
    assert session.get(Authorization, view.id).status == "awaiting_customer"
    letters.answer(session, actor=ca, authorization_id=view.id, agree=True, code=real)
    row = session.get(Authorization, view.id)
    assert row.status == "active" and row.agreed_at is not None
    assert [a.status for a in letters.partner_authorizations(session, actor=pa)] == ["active"]


def test_customer_can_reject_a_request(session):
    p, pa, c, cu, ca = setup_pair(session)
    view = request(session, pa, c)
    letters.send_code(session, actor=ca, authorization_id=view.id, purpose="answer")
    letters.answer(session, actor=ca, authorization_id=view.id, agree=False, code=code_for(session, cu), reason="Not now")
    assert session.get(Authorization, view.id).status == "rejected"
    request(session, pa, c)  # a rejected request no longer blocks a new one


def test_revocation_needs_a_reason_and_a_code(session):
    p, pa, c, cu, ca = setup_pair(session)
    view = request(session, pa, c)
    agree(session, ca, cu, view.id)
    clock.advance(minutes=2)
    letters.send_code(session, actor=ca, authorization_id=view.id, purpose="revoke")
    code = code_for(session, cu)
    with pytest.raises(InvalidInput) as e:
        letters.revoke(session, actor=ca, authorization_id=view.id, reason="  ", code=code)
    assert e.value.field == "reason"
    with pytest.raises(InvalidInput) as e:
        letters.revoke(session, actor=ca, authorization_id=view.id, reason="Project over", code="")
    assert e.value.field == "code"
    assert session.get(Authorization, view.id).status == "active"
    letters.revoke(session, actor=ca, authorization_id=view.id, reason="Project over", code=code)
    row = session.get(Authorization, view.id)
    assert row.status == "revoked" and row.reason == "Project over" and row.revoked_at is not None
    with pytest.raises(Conflict):
        letters.revoke(session, actor=ca, authorization_id=view.id, reason="again", code=code)


def test_the_answer_code_does_not_revoke(session):
    p, pa, c, cu, ca = setup_pair(session)
    view = request(session, pa, c)
    agree(session, ca, cu, view.id)
    with pytest.raises(InvalidInput):  # a code for "answer" is not a code for "revoke"
        letters.revoke(session, actor=ca, authorization_id=view.id, reason="r", code=code_for(session, cu))


def test_other_customers_cannot_see_answer_or_revoke(session):
    p, pa, c, cu, ca = setup_pair(session)
    _, other_u, other = customer_account(session)
    view = request(session, pa, c)
    assert letters.customer_authorizations(session, actor=other) == []
    for call in (lambda: letters.send_code(session, actor=other, authorization_id=view.id, purpose="answer"),
                 lambda: letters.answer(session, actor=other, authorization_id=view.id, agree=True, code="123456"),
                 lambda: letters.revoke(session, actor=other, authorization_id=view.id, reason="r", code="123456"),
                 lambda: letters.activity_log(session, actor=other, authorization_id=view.id)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(PermissionDenied):  # a partner cannot answer for the customer
        letters.customer_authorizations(session, actor=pa)


def test_partner_sees_only_its_own_authorizations(session):
    p, pa, c, cu, ca = setup_pair(session)
    _, _, other_pa = f.partner_admin(session)
    request(session, pa, c)
    assert letters.partner_authorizations(session, actor=other_pa) == []
    with pytest.raises(PermissionDenied):
        letters.request_authorization(session, actor=ca, customer_id=c.id, scopes=["view_bills"])


def test_activity_log_shows_the_partners_actions_while_authorized(session):
    p, pa, c, cu, ca = setup_pair(session)
    _, _, other_pa = f.partner_admin(session)
    audit.record(session, pa, "reveal", "customer", c.id, after={"field": "mobile"}, partner_id=p.id, customer_id=c.id)
    session.commit()
    clock.advance(minutes=1)
    view = request(session, pa, c)
    agree(session, ca, cu, view.id)
    clock.advance(minutes=1)
    audit.record(session, pa, "voucher.issue", "voucher", 7, after={"face_value": "100.00"}, partner_id=p.id,
                 customer_id=c.id)
    audit.record(session, pa, "reveal", "customer", c.id, after={"field": "email"}, partner_id=p.id, customer_id=c.id)
    audit.record(session, other_pa, "reveal", "customer", c.id, partner_id=other_pa.partner_id, customer_id=c.id)
    session.commit()
    log = letters.activity_log(session, actor=ca, authorization_id=view.id)
    cats = sorted(r.category for r in log if r.category != "other")
    assert cats == ["reveal", "voucher"]  # before the agreement and other partners' rows are left out
    assert any("email" in r.details for r in log)


def test_new_letter_version_shows_a_banner_until_the_customer_opens_the_letters_page(session):
    p, pa, c, cu, ca = setup_pair(session)
    m = f.manager(session)
    cu.seen_letter_version = 1
    session.commit()
    assert letters_shell.new_letter_for(session, ca) is False
    v = letters.publish_version(session, actor=m, kind="end_user", text="End-user letter, version two text.")
    assert v.version == 2
    assert letters_shell.new_letter_for(session, ca) is True
    assert letters.mark_letter_seen(session, actor=ca) == 2
    assert letters_shell.new_letter_for(session, ca) is False


def test_only_managers_publish_versions_and_text_is_required(session):
    p, pa, c, cu, ca = setup_pair(session)
    m = f.manager(session)
    with pytest.raises(PermissionDenied):
        letters.publish_version(session, actor=pa, kind="end_user", text="A partner's own letter text here.")
    with pytest.raises(InvalidInput):
        letters.publish_version(session, actor=m, kind="end_user", text="short")
    with pytest.raises(InvalidInput):
        letters.publish_version(session, actor=m, kind="other", text="A perfectly long letter text.")
    assert [v.version for v in letters.list_versions(session, actor=m) if v.kind == "end_user"] == [1]


def test_agreement_records_the_current_letter_version(session):
    p, pa, c, cu, ca = setup_pair(session)
    view = request(session, pa, c)
    letters.publish_version(session, actor=f.manager(session), kind="end_user", text="End-user letter, version two text.")
    agree(session, ca, cu, view.id)
    assert session.get(Authorization, view.id).letter_version == 2


def test_partner_list_is_masked_paged_and_reveal_is_audited_for_its_own_rows_only(session):
    from partner_portal.domain.paging import PageRequest
    from partner_portal.models import AuditLog
    p, pa, c, cu, ca = setup_pair(session)
    _, _, other_pa = f.partner_admin(session)
    view = request(session, pa, c)
    page = letters.list_partner_authorizations(session, actor=pa, req=PageRequest())
    assert [r["id"] for r in page.rows] == [str(view.id)]
    assert page.rows[0]["name"] != c.name and c.name not in str(page.rows)
    assert letters.list_partner_authorizations(session, actor=other_pa, req=PageRequest()).rows == []
    with pytest.raises(NotFound):
        letters.reveal_customer_field(session, actor=other_pa, authorization_id=view.id, field="name")
    with pytest.raises(InvalidInput):
        letters.reveal_customer_field(session, actor=pa, authorization_id=view.id, field="mobile")
    assert letters.reveal_customer_field(session, actor=pa, authorization_id=view.id, field="name") == c.name
    assert session.exec(select(AuditLog).where(AuditLog.action == "reveal", AuditLog.customer_id == c.id)).one()
