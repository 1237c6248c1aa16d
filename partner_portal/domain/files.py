"""Private files: checked uploads kept outside the public upload folder, served through signed links.

``store_upload`` checks size and type (by extension *and* magic bytes) and writes
the bytes under ``settings.files_dir()``; it adds the ``StoredFile`` row to the
caller's transaction (flushed, not committed), so the record that refers to it
commits with it.

``signed_link`` makes a short-lived link bound to one viewer (HMAC with
``settings.secret_key()``); ``open_for`` checks signature, expiry and that the
viewer may see the file *now*: the owner, the admins of the owner's current
partner, and the platform's managers; an area widens this for its own
``ref_kind`` with ``@access_rule("kind")`` (e.g. every user of the partner for
an MDF proof).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import pathlib
import re
import secrets
from collections.abc import Callable

from sqlmodel import Session

from partner_portal import settings
from partner_portal.models import StoredFile, User

from . import audit, clock
from .errors import InvalidInput, NotFound, PermissionDenied
from .permissions import ADMIN_ROLES, Actor, actor_for

MAX_BYTES = 10 * 1024 * 1024
# extension -> (content type, magic prefixes)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_CONTENT_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/jpg", "image/pjpeg",
                         "application/octet-stream", ""}
LINK_PREFIX = "/files/"
DEFAULT_TTL = 300

AccessRule = Callable[[Session, Actor, StoredFile], bool]
ACCESS_RULES: dict[str, AccessRule] = {}


def access_rule(ref_kind: str):
    """Register who else (besides owner, owner's partner admins, managers) may see files of ``ref_kind``."""
    def deco(fn: AccessRule) -> AccessRule:
        ACCESS_RULES[ref_kind] = fn
        return fn
    return deco


def clean_filename(name: str) -> str:
    base = pathlib.PurePosixPath((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", base).strip(" .")
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 120 - len(ext) - 1] + dot + ext) if dot else base[:120]
    return base or "file"


def check_upload(filename: str, content_type: str, data: bytes) -> tuple[str, str]:
    """Return (clean filename, content type) or raise InvalidInput("file", ...)."""
    if data is None or len(data) == 0:
        raise InvalidInput("file", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise InvalidInput("file", "The file is larger than 10 MB.")
    name = clean_filename(filename)
    ext = pathlib.PurePosixPath(name.lower()).suffix
    if ext not in TYPES:
        raise InvalidInput("file", "Upload a PDF, PNG or JPEG file.")
    ctype, magics = TYPES[ext]
    if not any(data.startswith(m) for m in magics):
        raise InvalidInput("file", "The file's content does not match its type (PDF, PNG or JPEG).")
    given = (content_type or "").split(";")[0].strip().lower()
    if given not in ALLOWED_CONTENT_TYPES and given != ctype:
        raise InvalidInput("file", "Upload a PDF, PNG or JPEG file.")
    return name, ctype


def store_upload(session: Session, *, actor: Actor, ref_kind: str, ref_id: int = 0, filename: str,
                 content_type: str, data: bytes) -> StoredFile:
    if actor is None:
        raise PermissionDenied("Please sign in first.")
    if not re.fullmatch(r"[a-z_]{1,40}", ref_kind or ""):
        raise InvalidInput("file", "Unknown kind of file.")
    name, ctype = check_upload(filename, content_type, data)
    now = clock.now()
    rel = pathlib.PurePosixPath(f"{now:%Y}", f"{now:%m}", secrets.token_hex(16) + pathlib.PurePosixPath(name.lower()).suffix)
    root = settings.files_dir()
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    row = StoredFile(owner_id=actor.user_id, partner_id=actor.partner_id, ref_kind=ref_kind, ref_id=ref_id or 0,
                     filename=name, content_type=ctype, size=len(data), path=str(rel), created_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor, "file.upload", "storedfile", row.id, partner_id=actor.partner_id,
                 after={"ref_kind": ref_kind, "ref_id": ref_id or 0, "filename": name, "size": len(data)})
    return row


def attach(session: Session, *, actor: Actor, file_id: int, ref_kind: str, ref_id: int) -> StoredFile:
    """Point an uploaded file at the record it belongs to (only the uploader's own files)."""
    row = session.get(StoredFile, file_id) if file_id else None
    if row is None or row.owner_id != actor.user_id or row.ref_kind != ref_kind:
        raise NotFound("file")
    row.ref_id = ref_id
    return row


def may_view(session: Session, viewer: Actor, row: StoredFile) -> bool:
    if viewer.is_manager or viewer.user_id == row.owner_id:
        return True
    owner = session.get(User, row.owner_id)
    owner_partner = owner.partner_id if owner else None
    if viewer.role in ADMIN_ROLES and owner_partner is not None and viewer.partner_id == owner_partner:
        return True
    rule = ACCESS_RULES.get(row.ref_kind)
    return bool(rule and rule(session, viewer, row))


# ---------------------------------------------------------------- signed links
def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _sign(file_id: int, viewer_id: int, expires: int) -> str:
    msg = f"file:{file_id}:{viewer_id}:{expires}".encode()
    return _b64(hmac.new(settings.secret_key(), msg, hashlib.sha256).digest())


def make_token(file_id: int, viewer_id: int, ttl: int = DEFAULT_TTL) -> str:
    expires = int(clock.now().timestamp()) + int(ttl)
    return f"{int(file_id)}.{int(viewer_id)}.{expires}.{_sign(int(file_id), int(viewer_id), expires)}"


def signed_link(file_id: int, viewer_id: int, ttl: int = DEFAULT_TTL) -> str:
    """A same-site path that serves the file to ``viewer_id`` for ``ttl`` seconds."""
    return LINK_PREFIX + make_token(file_id, viewer_id, ttl)


def parse_token(token: str) -> tuple[int, int, int]:
    """(file_id, viewer_id, expires) of a well-signed token, else NotFound; expired → PermissionDenied."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
        raise NotFound("file")
    file_id, viewer_id, expires = (int(p) for p in parts[:3])
    if not hmac.compare_digest(_sign(file_id, viewer_id, expires), parts[3]):
        raise NotFound("file")
    if clock.now().timestamp() > expires:
        raise PermissionDenied("This download link has expired. Open the page again for a fresh link.")
    return file_id, viewer_id, expires


def open_for(session: Session, *, token: str, session_viewer_id: int | None = None) -> tuple[StoredFile, pathlib.Path]:
    """Check the link and the viewer's right to the file; return the row and its path on disk.

    ``session_viewer_id`` (the user signed in on the request, when known) must be the link's viewer.
    """
    file_id, viewer_id, _ = parse_token(token)
    if session_viewer_id is not None and session_viewer_id != viewer_id:
        raise NotFound("file")
    viewer = session.get(User, viewer_id)
    row = session.get(StoredFile, file_id)
    if viewer is None or not viewer.active or row is None:
        raise NotFound("file")
    if not may_view(session, actor_for(session, viewer), row):
        raise NotFound("file")
    root = settings.files_dir().resolve()
    path = (root / row.path).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound("file")
    return row, path


def link_for(session: Session, *, actor: Actor, file_id: int, ttl: int = DEFAULT_TTL) -> str:
    """A signed link for the actor, after checking the actor may see the file."""
    row = session.get(StoredFile, file_id) if file_id else None
    if row is None or not may_view(session, actor, row):
        raise NotFound("file")
    return signed_link(row.id, actor.user_id, ttl)
