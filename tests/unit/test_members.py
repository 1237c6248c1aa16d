"""Individual members: guide, own vs platform-generated projects, certificate review, affiliation."""
from __future__ import annotations

import datetime as dt

import pytest

from partner_portal.domain import clock, files, jobs, members, reviews
from partner_portal.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from partner_portal.domain.paging import PageRequest
from partner_portal.models import (
    Affiliation, AuditLog, Certificate, MemberProject, Notification, Outbox, PartnerStatus, ReviewStatus, Role,
    StoredFile, User,
)
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("PORTAL_SECRET", "members-test-secret")


def member(session, partner=None, **kw):
    u = f.user(session, role=Role.MEMBER, partner=partner, **kw)
    return u, f.actor(session, u)


def project(session, actor, **kw):
    data = {"name": "ERP migration", "customer": "Contoso", "role": "Architect", "start_date": "2026-01-05",
            "end_date": "2026-06-30", "description": "Moved the ERP to the cloud"} | kw
    return members.add_project(session, actor=actor, **data)


def certificate(session, actor, **kw):
    data = {"name": "Cloud Architect Professional", "number": "HCIP-123", "issuer": "Cloud Academy",
            "issued_on": "2026-03-01", "expires_on": "2029-03-01"} | kw
    return members.add_certificate(session, actor=actor, **data)


def review(session, kind_decision, cert_id, comment=""):
    mgr = f.manager(session)
    reviews.decide(session, actor=mgr, kind="certificates", item_id=cert_id, decision=kind_decision, comment=comment)


# ---------------------------------------------------------------- guide
def test_guide_walks_profile_projects_certificates_and_is_resumable(session):
    u, a = member(session)
    g = members.guide(session, actor=a)
    assert (g.step, g.done, g.skipped) == (0, False, False)
    assert members.should_open_guide(session, actor=a)
    members.save_guide_profile(session, actor=a, name="Wang Fang", language="zh")
    assert session.get(User, u.id).guide_step == 1 and session.get(User, u.id).language == "zh"
    assert not members.should_open_guide(session, actor=a)  # begun: resumes from the menu, never blocks landing
    with pytest.raises(InvalidInput):
        members.complete_guide_step(session, actor=a, step=1)  # no project yet
    project(session, a)
    members.complete_guide_step(session, actor=a, step=1)
    # a fresh session (sign-out, sign-in) resumes at the certificates step
    assert members.guide(session, actor=f.actor(session, session.get(User, u.id))).step == 2
    with pytest.raises(InvalidInput):
        members.complete_guide_step(session, actor=a, step=2)
    certificate(session, a)
    g = members.complete_guide_step(session, actor=a, step=2)
    assert g.done and g.step == 3
    assert not members.should_open_guide(session, actor=a)


def test_guide_steps_cannot_be_jumped(session):
    _, a = member(session)
    project(session, a)
    with pytest.raises(InvalidInput):
        members.complete_guide_step(session, actor=a, step=1)
    with pytest.raises(InvalidInput):
        members.complete_guide_step(session, actor=a, step=7)


def test_skipped_guide_does_not_open_but_can_be_resumed(session):
    u, a = member(session)
    members.skip_guide(session, actor=a)
    assert session.get(User, u.id).guide_skipped
    assert not members.should_open_guide(session, actor=a)
    members.save_guide_profile(session, actor=a, name="Back again", language="en")
    assert session.get(User, u.id).guide_step == 1


def test_guide_profile_refuses_bad_input(session):
    _, a = member(session)
    for name, lang, fld in [("", "en", "name"), ("x" * 101, "en", "name"), ("Ok", "fr", "language")]:
        with pytest.raises(InvalidInput) as e:
            members.save_guide_profile(session, actor=a, name=name, language=lang)
        assert e.value.field == fld


def test_guide_is_for_personal_accounts_only(session):
    _, _, admin = f.partner_admin(session)
    with pytest.raises(PermissionDenied):
        members.guide(session, actor=admin)
    assert not members.should_open_guide(session, actor=admin)


# ---------------------------------------------------------------- projects
def test_member_edits_and_deletes_own_project(session):
    _, a = member(session)
    pid = project(session, a)
    members.update_project(session, actor=a, project_id=pid, name="ERP migration phase 2", start_date="2026-01-05")
    assert session.get(MemberProject, pid).name == "ERP migration phase 2"
    members.delete_project(session, actor=a, project_id=pid)
    assert session.get(MemberProject, pid) is None


def test_platform_generated_project_cannot_be_changed_by_the_member(session):
    u, a = member(session)
    mgr = f.manager(session)
    pid = members.create_platform_project(session, actor=mgr, member_id=u.id, name="Smart City PoC",
                                          start_date="2025-09-01")
    row = session.get(MemberProject, pid)
    assert row.platform_generated and row.created_by == mgr.user_id
    with pytest.raises(PermissionDenied) as e:
        members.update_project(session, actor=a, project_id=pid, name="Renamed", start_date="2025-09-01")
    assert "ecosystem manager" in e.value.message
    with pytest.raises(PermissionDenied):
        members.delete_project(session, actor=a, project_id=pid)
    session.expire_all()
    assert session.get(MemberProject, pid).name == "Smart City PoC"
    rows = members.list_projects(session, actor=a, req=PageRequest()).rows
    assert rows[0]["source"] == "platform" and rows[0]["editable"] == "no"
    assert session.query(Notification).filter(Notification.user_id == u.id).count() == 1


def test_other_members_project_is_not_found(session):
    _, a = member(session)
    _, b = member(session)
    pid = project(session, a)
    for fn in (lambda: members.update_project(session, actor=b, project_id=pid, name="x", start_date="2026-01-01"),
               lambda: members.delete_project(session, actor=b, project_id=pid),
               lambda: members.get_project(session, actor=b, project_id=pid)):
        with pytest.raises(NotFound):
            fn()
    assert members.list_projects(session, actor=b, req=PageRequest()).rows == []
    with pytest.raises(NotFound):
        members.delete_project(session, actor=a, project_id=999_999)


def test_only_managers_create_platform_projects_and_only_for_members(session):
    u, a = member(session)
    _, _, admin = f.partner_admin(session)
    with pytest.raises(PermissionDenied):
        members.create_platform_project(session, actor=a, member_id=u.id, name="Self-made", start_date="2026-01-01")
    with pytest.raises(PermissionDenied):
        members.create_platform_project(session, actor=admin, member_id=u.id, name="x", start_date="2026-01-01")
    mgr = f.manager(session)
    with pytest.raises(NotFound):
        members.create_platform_project(session, actor=mgr, member_id=admin.user_id, name="x", start_date="2026-01-01")
    assert session.query(MemberProject).count() == 0


@pytest.mark.parametrize("kw,fld", [
    ({"name": ""}, "name"), ({"name": "n" * 101}, "name"), ({"start_date": ""}, "start_date"),
    ({"start_date": "2026-13-01"}, "start_date"), ({"start_date": "yesterday"}, "start_date"),
    ({"end_date": "2025-01-01"}, "end_date"), ({"description": "d" * 1001}, "description"),
    ({"start_date": "1066-10-14"}, "start_date"), ({"name": "bad\x00name"}, "name"),
])
def test_project_bad_input_is_refused_field_by_field(session, kw, fld):
    _, a = member(session)
    with pytest.raises(InvalidInput) as e:
        project(session, a, **kw)
    assert e.value.field == fld
    assert session.query(MemberProject).count() == 0


def test_unicode_project_is_kept(session):
    _, a = member(session)
    pid = project(session, a, name="智慧园区 🏙️", customer="旭日零售")
    assert session.get(MemberProject, pid).name == "智慧园区 🏙️"


# ---------------------------------------------------------------- certificates
def test_certificate_goes_to_review_and_is_approved(session):
    u, a = member(session)
    cid = certificate(session, a)
    assert session.get(Certificate, cid).status == ReviewStatus.PENDING
    rows = reviews.list_items(session, actor=f.manager(session), kind="certificates", req=PageRequest()).rows
    assert [r["id"] for r in rows] == [str(cid)]
    review(session, "approve", cid)
    session.expire_all()
    assert session.get(Certificate, cid).status == ReviewStatus.APPROVED
    assert session.query(Notification).filter(Notification.user_id == u.id).count() == 1


def test_rejection_needs_a_comment_which_the_member_sees(session):
    _, a = member(session)
    cid = certificate(session, a)
    with pytest.raises(InvalidInput):
        review(session, "reject", cid, "  ")
    review(session, "reject", cid, "The scan is unreadable")
    row = members.list_certificates(session, actor=a, req=PageRequest()).rows[0]
    assert row["status"] == "rejected" and row["review_comment"] == "The scan is unreadable"


def test_editing_an_approved_certificate_sends_it_back_to_review(session):
    _, a = member(session)
    cid = certificate(session, a)
    review(session, "approve", cid)
    status = members.update_certificate(session, actor=a, certificate_id=cid, name="Cloud Architect Professional",
                                        number="HCIP-123-R", issued_on="2026-03-01", expires_on="2029-03-01")
    assert status == ReviewStatus.PENDING
    session.expire_all()
    c = session.get(Certificate, cid)
    assert c.status == ReviewStatus.PENDING and c.number == "HCIP-123-R"
    assert cid in [int(r["id"]) for r in reviews.list_items(session, actor=f.manager(session), kind="certificates",
                                                                req=PageRequest()).rows]


def test_decided_certificate_cannot_be_decided_twice(session):
    _, a = member(session)
    cid = certificate(session, a)
    review(session, "approve", cid)
    with pytest.raises(NotFound):
        review(session, "reject", cid, "too late")


def test_reviewer_racing_an_edit_loses_cleanly(session):
    _, a = member(session)
    cid = certificate(session, a)
    c = session.get(Certificate, cid)
    stale_version = c.version
    members.update_certificate(session, actor=a, certificate_id=cid, name="New name", number="N-1",
                               issued_on="2026-03-01")
    # a reviewer who loaded the old version: the conditional update finds nothing to change
    from sqlalchemy import update
    won = session.exec(update(Certificate).where(Certificate.id == cid, Certificate.version == stale_version)
                       .values(version=stale_version + 1)).rowcount
    assert won == 0
    session.rollback()


def test_members_cannot_review_or_touch_others_certificates(session):
    _, a = member(session)
    _, b = member(session)
    cid = certificate(session, a)
    with pytest.raises(PermissionDenied):
        reviews.decide(session, actor=a, kind="certificates", item_id=cid, decision="approve", comment="")
    with pytest.raises(NotFound):
        members.update_certificate(session, actor=b, certificate_id=cid, name="x", number="y", issued_on="2026-01-01")
    with pytest.raises(NotFound):
        members.get_certificate(session, actor=b, certificate_id=cid)


@pytest.mark.parametrize("kw,fld", [
    ({"name": ""}, "name"), ({"number": ""}, "number"), ({"issued_on": ""}, "issued_on"),
    ({"issued_on": "2027-01-01"}, "issued_on"), ({"expires_on": "2025-12-01"}, "expires_on"),
    ({"number": "9" * 61}, "number"), ({"expires_on": "31/12/2030"}, "expires_on"),
])
def test_certificate_bad_input_is_refused(session, kw, fld):
    _, a = member(session)
    with pytest.raises(InvalidInput) as e:
        members.check_certificate(session, actor=a, **({"name": "A", "number": "1", "issued_on": "2026-01-01"} | kw))
    assert e.value.field == fld
    with pytest.raises(InvalidInput):
        certificate(session, a, **kw)
    assert session.query(Certificate).count() == 0


def test_certificate_attachment_is_bound_and_served_to_member_admin_and_platform(session):
    partner, _, admin = f.partner_admin(session)
    _, other_admin = f.partner_admin(session)[1:]
    _, a = member(session, partner)
    _, stranger = member(session)
    up = members.upload_certificate_file(session, actor=a, filename="hcip.pdf", content_type="application/pdf",
                                         data=PDF)
    cid = certificate(session, a, file_id=up["id"])
    assert session.get(StoredFile, up["id"]).ref_id == cid
    for viewer in (a, admin, f.manager(session)):
        link = members.certificate_link(session, actor=viewer, certificate_id=cid)
        row, path = files.open_for(session, token=link.removeprefix(files.LINK_PREFIX))
        assert path.read_bytes() == PDF
    for viewer in (stranger, other_admin):
        with pytest.raises(NotFound):
            members.certificate_link(session, actor=viewer, certificate_id=cid)


def test_someone_elses_upload_cannot_be_attached(session):
    _, a = member(session)
    _, b = member(session)
    up = members.upload_certificate_file(session, actor=b, filename="b.pdf", content_type="application/pdf", data=PDF)
    with pytest.raises(InvalidInput) as e:
        certificate(session, a, file_id=up["id"])
    assert e.value.field == "file"
    cid = certificate(session, b, file_id=up["id"])
    with pytest.raises(InvalidInput):  # already bound to another certificate
        certificate(session, b, file_id=up["id"], number="OTHER")
    assert session.get(Certificate, cid).file_id == up["id"]


def test_attachment_over_the_limit_or_wrong_type_is_refused(session):
    _, a = member(session)
    with pytest.raises(InvalidInput):
        members.upload_certificate_file(session, actor=a, filename="x.pdf", content_type="application/pdf",
                                        data=PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(InvalidInput):
        members.upload_certificate_file(session, actor=a, filename="x.docx", content_type="application/msword",
                                        data=b"PK\x03\x04")


def test_expiry_reminder_is_sent_once_30_days_before(session):
    u, a = member(session)
    today = clock.today()
    soon = certificate(session, a, issued_on="2025-01-01", expires_on=(today + dt.timedelta(days=30)).isoformat())
    later = certificate(session, a, issued_on="2025-01-01", number="L-1",
                        expires_on=(today + dt.timedelta(days=31)).isoformat())
    pending = certificate(session, a, issued_on="2025-01-01", number="P-1",
                          expires_on=(today + dt.timedelta(days=5)).isoformat())
    review(session, "approve", soon)
    review(session, "approve", later)
    before = session.query(Notification).filter(Notification.user_id == u.id).count()
    assert members.remind_expiring_certificates(session) == 1
    session.commit()
    assert members.remind_expiring_certificates(session) == 0
    session.commit()
    notes = session.query(Notification).filter(Notification.user_id == u.id).count()
    assert notes == before + 1
    assert session.query(Outbox).filter(Outbox.recipient == u.email, Outbox.subject.contains("expires")).count() == 1
    assert session.get(Certificate, pending).reminder_sent is False
    assert "certificate_expiry_reminders" in jobs.load_all()


# ---------------------------------------------------------------- affiliation
def test_member_joins_with_invitation_code_and_leaves(session):
    p = f.partner(session)
    u, a = member(session)
    assert members.join_partner(session, actor=a, invitation_code=p.invitation_code.lower()) == p.name
    assert session.get(User, u.id).partner_id == p.id
    view = members.affiliation(session, actor=f.actor(session, session.get(User, u.id)))
    assert view.partner_name == p.name and view.joins_left == 2
    members.leave_partner(session, actor=f.actor(session, session.get(User, u.id)))
    assert session.get(User, u.id).partner_id is None
    assert session.query(Affiliation).filter(Affiliation.member_id == u.id, Affiliation.left_at != None).count() == 1  # noqa: E711


def test_one_partner_at_a_time(session):
    p1, p2 = f.partner(session), f.partner(session)
    u, a = member(session)
    members.join_partner(session, actor=a, invitation_code=p1.invitation_code)
    with pytest.raises(InvalidInput) as e:
        members.join_partner(session, actor=f.actor(session, session.get(User, u.id)), invitation_code=p2.invitation_code)
    assert "Leave" in e.value.message
    assert session.get(User, u.id).partner_id == p1.id


def test_at_most_three_partners_in_any_rolling_12_months(session):
    ps = [f.partner(session) for _ in range(4)]
    u, _ = member(session)

    def act():
        return f.actor(session, session.get(User, u.id))

    for p in ps[:3]:
        members.join_partner(session, actor=act(), invitation_code=p.invitation_code)
        clock.advance(days=30)
        members.leave_partner(session, actor=act())
    with pytest.raises(InvalidInput) as e:
        members.join_partner(session, actor=act(), invitation_code=ps[3].invitation_code)
    assert "3 partners in 12 months" in e.value.message
    # the first join was 90 days ago; 12 months after it a new join is possible
    clock.advance(days=365 - 90, seconds=-1)
    with pytest.raises(InvalidInput):
        members.join_partner(session, actor=act(), invitation_code=ps[3].invitation_code)
    clock.advance(seconds=1)
    members.join_partner(session, actor=act(), invitation_code=ps[3].invitation_code)
    assert session.get(User, u.id).partner_id == ps[3].id


def test_unknown_or_pending_partner_code_is_refused(session):
    pending = f.partner(session, status=PartnerStatus.PENDING)
    u, a = member(session)
    for code in ("", "NOPE", pending.invitation_code, "x" * 500):
        with pytest.raises(InvalidInput) as e:
            members.join_partner(session, actor=a, invitation_code=code)
        assert e.value.field == "invitation_code"
    assert session.get(User, u.id).partner_id is None
    assert session.query(Affiliation).count() == 0


def test_leaving_without_a_partner_is_refused(session):
    _, a = member(session)
    with pytest.raises(InvalidInput):
        members.leave_partner(session, actor=a)


def test_only_members_join_and_only_admins_see_the_code(session):
    p, _, admin = f.partner_admin(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=p))
    _, a = member(session)
    with pytest.raises(PermissionDenied):
        members.join_partner(session, actor=admin, invitation_code=p.invitation_code)
    assert members.invitation_code(session, actor=admin) == p.invitation_code
    for who in (staff, a):
        with pytest.raises(PermissionDenied):
            members.invitation_code(session, actor=who)


def test_every_member_write_is_audited(session):
    u, a = member(session)
    p = f.partner(session)
    n0 = session.query(AuditLog).count()
    pid = project(session, a)
    members.update_project(session, actor=a, project_id=pid, name="x", start_date="2026-01-01")
    members.delete_project(session, actor=a, project_id=pid)
    certificate(session, a)
    members.join_partner(session, actor=a, invitation_code=p.invitation_code)
    assert session.query(AuditLog).count() == n0 + 5
