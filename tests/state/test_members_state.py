"""Forged events: the member pages' handlers called directly, as a hostile client could call them."""
from __future__ import annotations

import asyncio

import pytest
from reflex.state import State

from partner_portal.domain import members, security
from partner_portal.models import Certificate, MemberProject, ReviewStatus, Role
from partner_portal.pages.certificates import CertificatesState
from partner_portal.pages.projects import ProjectsState
from tests import factories as f


def _state(cls, token: str):
    root = State(_reflex_internal_init=True)
    s = root.get_substate(cls.get_full_name().split(".")[1:])
    s.token = token
    return s


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def member_with_platform_project(session):
    u = f.user(session, role=Role.MEMBER)
    mgr = f.manager(session)
    pid = members.create_platform_project(session, actor=mgr, member_id=u.id, name="Platform PoC",
                                          start_date="2026-01-01")
    token = security.open_session(session, u)
    session.commit()
    return u, pid, token


def test_forged_edit_of_platform_project_is_refused(session, member_with_platform_project):
    _, pid, token = member_with_platform_project
    s = _state(ProjectsState, token)
    run(ProjectsState.open_edit.fn(s, str(pid)))
    assert not s.dialog_open and s._editing_id == 0
    # even with the id forced into the backend var, the domain refuses the save
    s._editing_id = pid
    run(ProjectsState.save.fn(s, {"name": "Hijacked", "start_date": "2026-01-01"}))
    session.expire_all()
    assert session.get(MemberProject, pid).name == "Platform PoC"


def test_forged_delete_of_platform_project_is_refused(session, member_with_platform_project):
    _, pid, token = member_with_platform_project
    s = _state(ProjectsState, token)
    ProjectsState.ask_delete.fn(s, str(pid), "Platform PoC")
    run(ProjectsState.delete.fn(s))
    session.expire_all()
    assert session.get(MemberProject, pid) is not None


def test_another_members_project_cannot_be_opened_or_deleted(session):
    owner = f.user(session, role=Role.MEMBER)
    pid = members.add_project(session, actor=f.actor(session, owner), name="Mine", start_date="2026-01-01")
    intruder = f.user(session, role=Role.MEMBER)
    token = security.open_session(session, intruder)
    session.commit()
    s = _state(ProjectsState, token)
    run(ProjectsState.open_edit.fn(s, str(pid)))
    assert not s.dialog_open and s.form["name"] == ""
    s._delete_id = pid
    run(ProjectsState.delete.fn(s))
    session.expire_all()
    assert session.get(MemberProject, pid) is not None


def test_signed_out_client_changes_nothing(session, member_with_platform_project):
    u, _, _ = member_with_platform_project
    s = _state(ProjectsState, "not-a-session")
    run(ProjectsState.save.fn(s, {"name": "Ghost", "start_date": "2026-01-01"}))
    assert session.query(MemberProject).filter(MemberProject.name == "Ghost").count() == 0


def test_forged_certificate_edit_of_someone_else_is_refused(session):
    owner = f.user(session, role=Role.MEMBER)
    cid = members.add_certificate(session, actor=f.actor(session, owner), name="Owner cert", number="O-1",
                                  issued_on="2026-01-01")
    intruder = f.user(session, role=Role.MEMBER)
    token = security.open_session(session, intruder)
    session.commit()
    s = _state(CertificatesState, token)
    s._editing_id = cid
    s.form = {"name": "Forged", "number": "F-1", "issuer": "", "issued_on": "2026-01-01", "expires_on": ""}
    run(CertificatesState.confirm.fn(s))
    session.expire_all()
    c = session.get(Certificate, cid)
    assert c.name == "Owner cert" and c.status == ReviewStatus.PENDING
