"""Private uploads: size and type limits, storage outside the public folder, signed links."""
from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from partner_portal import settings
from partner_portal.domain import clock, files
from partner_portal.domain.errors import InvalidInput, NotFound, PermissionDenied
from partner_portal.models import Role, StoredFile, User
from tests import factories as f

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("PORTAL_SECRET", "test-secret-for-signing")
    return tmp_path / "files"


def _member(session, partner=None):
    u = f.user(session, role=Role.MEMBER, partner=partner)
    return u, f.actor(session, u)


def _upload(session, actor, data=PDF, filename="cert.pdf", content_type="application/pdf", ref_kind="certificate"):
    row = files.store_upload(session, actor=actor, ref_kind=ref_kind, ref_id=0, filename=filename,
                             content_type=content_type, data=data)
    session.commit()
    return row


# ---------------------------------------------------------------- uploads
@pytest.mark.parametrize("data,name,ctype", [(PDF, "a.pdf", "application/pdf"), (PNG, "b.PNG", "image/png"),
                                             (JPEG, "c.jpeg", "image/jpeg"), (JPEG, "d.jpg", "")])
def test_pdf_png_jpeg_are_stored_under_the_private_files_dir(session, private_dirs, data, name, ctype):
    _, actor = _member(session)
    row = _upload(session, actor, data=data, filename=name, content_type=ctype)
    path = private_dirs / row.path
    assert path.read_bytes() == data
    assert row.size == len(data) and row.owner_id == actor.user_id
    assert "upload" not in pathlib.Path(row.path).parts  # never Reflex's public upload folder
    assert row.content_type in ("application/pdf", "image/png", "image/jpeg")


def test_file_over_10_mb_is_refused(session):
    _, actor = _member(session)
    with pytest.raises(InvalidInput) as e:
        _upload(session, actor, data=PDF + b"0" * (10 * 1024 * 1024))
    assert e.value.field == "file"


def test_file_of_exactly_10_mb_is_accepted(session):
    _, actor = _member(session)
    row = _upload(session, actor, data=PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
    assert row.size == 10 * 1024 * 1024


@pytest.mark.parametrize("data,name", [
    (PDF, "evil.exe"), (PDF, "notes.txt"), (PDF, "no_extension"), (b"MZ\x90\x00 fake", "renamed.pdf"),
    (b"<html><script>alert(1)</script>", "page.png"), (PNG, "image.jpg"), (b"", "empty.pdf"),
])
def test_wrong_extension_or_content_is_refused(session, data, name):
    _, actor = _member(session)
    with pytest.raises(InvalidInput) as e:
        _upload(session, actor, data=data, filename=name)
    assert e.value.field == "file"
    assert session.query(StoredFile).count() == 0


def test_declared_content_type_that_is_not_allowed_is_refused(session):
    _, actor = _member(session)
    with pytest.raises(InvalidInput):
        _upload(session, actor, content_type="text/html")


def test_path_in_filename_is_stripped(session, private_dirs):
    _, actor = _member(session)
    row = _upload(session, actor, filename="../../etc/passwd.pdf")
    assert row.filename == "passwd.pdf"
    assert (private_dirs / row.path).resolve().is_relative_to(private_dirs.resolve())


# ---------------------------------------------------------------- signed links
def test_owner_opens_own_file_through_signed_link(session):
    _, actor = _member(session)
    row = _upload(session, actor)
    link = files.signed_link(row.id, actor.user_id)
    assert link.startswith("/files/")
    got, path = files.open_for(session, token=link.removeprefix("/files/"))
    assert got.id == row.id and path.read_bytes() == PDF


def test_expired_link_is_refused(session):
    _, actor = _member(session)
    row = _upload(session, actor)
    token = files.make_token(row.id, actor.user_id, ttl=300)
    clock.advance(seconds=299)
    files.open_for(session, token=token)
    clock.advance(seconds=2)
    with pytest.raises(PermissionDenied):
        files.open_for(session, token=token)


@pytest.mark.parametrize("tamper", ["file", "viewer", "expiry", "signature"])
def test_tampered_link_is_refused(session, tamper):
    _, actor = _member(session)
    _, other = _member(session)
    row = _upload(session, actor)
    mine = _upload(session, other)
    fid, vid, exp, sig = files.make_token(row.id, actor.user_id).split(".")
    if tamper == "file":
        fid = str(mine.id)
    elif tamper == "viewer":
        vid = str(other.user_id)
    elif tamper == "expiry":
        exp = str(int(exp) + 3600)
    else:
        sig = sig[:-2] + ("AA" if not sig.endswith("AA") else "BB")
    with pytest.raises(NotFound):
        files.open_for(session, token=".".join([fid, vid, exp, sig]))


@pytest.mark.parametrize("junk", ["", "abc", "1.2.3", "1.2.x.sig", "-1.2.3.sig", "1.2.3.4.5"])
def test_malformed_token_is_refused(session, junk):
    with pytest.raises(NotFound):
        files.open_for(session, token=junk)


def test_link_signed_with_another_secret_is_refused(session, monkeypatch):
    _, actor = _member(session)
    row = _upload(session, actor)
    monkeypatch.setenv("PORTAL_SECRET", "attacker-guess")
    token = files.make_token(row.id, actor.user_id)
    monkeypatch.setenv("PORTAL_SECRET", "test-secret-for-signing")
    with pytest.raises(NotFound):
        files.open_for(session, token=token)


def test_link_is_bound_to_its_viewer_session(session):
    _, actor = _member(session)
    _, other = _member(session)
    row = _upload(session, actor)
    token = files.make_token(row.id, actor.user_id)
    files.open_for(session, token=token, session_viewer_id=actor.user_id)
    with pytest.raises(NotFound):
        files.open_for(session, token=token, session_viewer_id=other.user_id)


def test_other_viewers_are_refused_even_with_a_valid_link(session):
    partner, admin_user, admin = f.partner_admin(session)
    other_partner, _, other_admin = f.partner_admin(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=partner))
    _, stranger = _member(session)
    _, owner = _member(session, partner)
    row = _upload(session, owner)
    for viewer in (other_admin, staff, stranger):
        with pytest.raises(NotFound):
            files.open_for(session, token=files.make_token(row.id, viewer.user_id))
        with pytest.raises(NotFound):
            files.link_for(session, actor=viewer, file_id=row.id)


def test_owner_partner_admins_and_managers_may_view(session):
    partner, _, admin = f.partner_admin(session)
    manager = f.manager(session)
    _, owner = _member(session, partner)
    row = _upload(session, owner)
    for viewer in (owner, admin, manager):
        link = files.link_for(session, actor=viewer, file_id=row.id)
        got, _ = files.open_for(session, token=link.removeprefix(files.LINK_PREFIX))
        assert got.id == row.id


def test_former_partner_admin_loses_access_when_member_leaves(session):
    partner, _, admin = f.partner_admin(session)
    owner_user, owner = _member(session, partner)
    row = _upload(session, owner)
    token = files.make_token(row.id, admin.user_id)
    files.open_for(session, token=token)
    session.get(User, owner_user.id).partner_id = None
    session.commit()
    with pytest.raises(NotFound):
        files.open_for(session, token=token)


def test_deactivated_viewer_is_refused(session):
    u, actor = _member(session)
    row = _upload(session, actor)
    token = files.make_token(row.id, actor.user_id)
    session.get(User, u.id).active = False
    session.commit()
    with pytest.raises(NotFound):
        files.open_for(session, token=token)


def test_access_rule_registry_widens_access_for_its_kind_only(session, monkeypatch):
    partner, _, _ = f.partner_admin(session)
    staff = f.actor(session, f.user(session, role=Role.PARTNER_STAFF, partner=partner))
    owner = f.actor(session, f.user(session, role=Role.PARTNER_ADMIN, partner=partner))
    monkeypatch.setitem(files.ACCESS_RULES, "test_proof",
                        lambda s, viewer, row: viewer.partner_id is not None and viewer.partner_id == row.partner_id)
    proof = _upload(session, owner, ref_kind="test_proof")
    cert = _upload(session, owner, ref_kind="certificate")
    files.open_for(session, token=files.make_token(proof.id, staff.user_id))
    with pytest.raises(NotFound):
        files.open_for(session, token=files.make_token(cert.id, staff.user_id))


def test_missing_file_on_disk_is_not_found(session, private_dirs):
    _, actor = _member(session)
    row = _upload(session, actor)
    (private_dirs / row.path).unlink()
    with pytest.raises(NotFound):
        files.open_for(session, token=files.make_token(row.id, actor.user_id))


# ---------------------------------------------------------------- the download route
def test_download_route_serves_only_the_signed_in_viewer(session):
    import warnings

    from partner_portal.api import api
    from partner_portal.domain import security
    from partner_portal.state.auth import SESSION_COOKIE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    owner_user, owner = _member(session)
    other_user, _ = _member(session)
    row = _upload(session, owner, filename="diploma.pdf")
    mine, theirs = security.open_session(session, owner_user), security.open_session(session, other_user)
    session.commit()
    link = files.signed_link(row.id, owner.user_id)
    client = TestClient(api)
    assert client.get(link).status_code == 403  # signed out
    client.cookies.set(SESSION_COOKIE, theirs)
    assert client.get(link).status_code == 404  # someone else's session
    client.cookies.set(SESSION_COOKIE, mine)
    r = client.get(link)
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"] and "diploma.pdf" in r.headers["content-disposition"]
    assert "no-store" in r.headers["cache-control"]
    assert client.get(link[:-3] + "xyz").status_code == 404
    clock.advance(seconds=301)
    assert client.get(link).status_code == 403
