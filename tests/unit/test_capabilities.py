"""Capability Certification: description + evidence files, one open application per capability, review, file access."""
from __future__ import annotations

import pytest
from sqlmodel import select

from partner_portal import settings
from partner_portal.domain import capabilities, files, reviews
from partner_portal.domain.errors import Conflict, InvalidInput, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import Capability, CapabilityApplication, Role, StoredFile

from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DESC = "We run 40 certified engineers and 120 migrations a year."


@pytest.fixture(autouse=True)
def files_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "files_dir", lambda: tmp_path / "files")


@pytest.fixture
def cap(session):
    c = Capability(name="Cloud Migration", requirements="3 certified engineers; 2 references")
    session.add(c)
    session.commit()
    return c


def _apply(session, actor, cap, **kw):
    args = dict(capability_id=cap.id, description=DESC, evidence=[("refs.pdf", "application/pdf", PDF)])
    args.update(kw)
    return capabilities.apply_for_certification(session, actor=actor, **args)


def test_application_stores_its_evidence_outside_the_public_folder(session, cap, tmp_path):
    p, _, a = f.partner_admin(session)
    app_id = _apply(session, a, cap)
    [stored] = session.exec(select(StoredFile).where(StoredFile.ref_kind == capabilities.EVIDENCE)).all()
    assert stored.ref_id == app_id and stored.partner_id == p.id
    assert (tmp_path / "files" / stored.path).read_bytes() == PDF
    [view] = capabilities.my_applications(session, actor=a)
    assert view.status == "submitted" and view.evidence[0].filename == "refs.pdf"
    assert view.evidence[0].link.startswith(files.LINK_PREFIX)


def test_description_and_at_least_one_file_are_required(session, cap):
    p, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        _apply(session, a, cap, description="too short")
    assert e.value.field == "description"
    with pytest.raises(InvalidInput) as e:
        _apply(session, a, cap, evidence=[])
    assert e.value.field == "file"
    assert session.exec(select(CapabilityApplication)).all() == []


def test_a_file_of_the_wrong_type_refuses_the_whole_application(session, cap):
    _, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        _apply(session, a, cap, evidence=[("ok.pdf", "application/pdf", PDF), ("evil.pdf", "application/pdf", b"MZ\x90")])
    assert e.value.field == "file"
    assert session.exec(select(CapabilityApplication)).all() == []
    assert session.exec(select(StoredFile)).all() == []


def test_too_many_files_are_refused(session, cap):
    _, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput):
        _apply(session, a, cap, evidence=[(f"{i}.pdf", "application/pdf", PDF) for i in range(capabilities.MAX_FILES + 1)])


def test_one_open_application_per_capability(session, cap):
    _, _, a = f.partner_admin(session)
    _apply(session, a, cap)
    with pytest.raises(InvalidInput):
        _apply(session, a, cap)
    assert [c.can_apply for c in capabilities.list_capabilities(session, actor=a)] == [False]


def test_review_approves_once_and_certified_partner_cannot_reapply(session, cap):
    _, _, a = f.partner_admin(session)
    m = f.manager(session)
    app_id = _apply(session, a, cap)
    rows = reviews.list_items(session, actor=m, kind="capabilities", req=PageRequest()).rows
    assert rows[0]["id"] == str(app_id) and "refs.pdf" in rows[0]["details"]
    reviews.decide(session, actor=m, kind="capabilities", item_id=app_id, decision="approve", comment="")
    with pytest.raises(Conflict):
        reviews.decide(session, actor=m, kind="capabilities", item_id=app_id, decision="approve", comment="")
    with pytest.raises(InvalidInput):
        _apply(session, a, cap)


def test_rejected_application_can_be_followed_by_a_new_one(session, cap):
    _, _, a = f.partner_admin(session)
    m = f.manager(session)
    app_id = _apply(session, a, cap)
    reviews.decide(session, actor=m, kind="capabilities", item_id=app_id, decision="reject", comment="Need references")
    assert capabilities.my_applications(session, actor=a)[0].review_comment == "Need references"
    _apply(session, a, cap)


def test_other_partners_neither_see_the_application_nor_open_its_evidence(session, cap):
    p1, _, a1 = f.partner_admin(session)
    staff1 = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p1))
    _, _, a2 = f.partner_admin(session)
    _apply(session, a1, cap)
    stored = session.exec(select(StoredFile)).one()
    assert capabilities.my_applications(session, actor=a2) == []
    assert files.may_view(session, a2, stored) is False
    assert files.may_view(session, staff1, stored) is True


def test_customers_and_members_cannot_apply(session, cap):
    cust = f.actor(session, f.user(session, role=Role.CUSTOMER, customer=f.customer(session)))
    member = f.actor(session, f.user(session, role=Role.MEMBER))
    for actor in (cust, member):
        with pytest.raises(PermissionDenied):
            _apply(session, actor, cap)


def test_unknown_capability_is_refused(session, cap):
    _, _, a = f.partner_admin(session)
    with pytest.raises(InvalidInput) as e:
        capabilities.apply_for_certification(session, actor=a, capability_id=999999, description=DESC,
                                             evidence=[("r.pdf", "application/pdf", PDF)])
    assert e.value.field == "capability"


def test_only_managers_create_capabilities(session):
    _, _, a = f.partner_admin(session)
    m = f.manager(session)
    with pytest.raises(PermissionDenied):
        capabilities.create_capability(session, actor=a, name="AI", requirements="x")
    with pytest.raises(InvalidInput):
        capabilities.create_capability(session, actor=m, name="AI", requirements="")
    cid = capabilities.create_capability(session, actor=m, name="AI", requirements="2 AI projects")
    assert [c.id for c in capabilities.list_capabilities(session, actor=a)] == [cid]
