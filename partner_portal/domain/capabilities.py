"""Capabilities › Capability Certification (seed §12): capabilities with their requirements;
Apply for Certification with a description and evidence files → platform review
(`submitted` → `approved` | `rejected`)."""
from __future__ import annotations

import functools

from dataclasses import asdict, dataclass

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from partner_portal.models import Capability, CapabilityApplication, Partner, StoredFile

from . import audit, clock, files, notify, reviews
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .paging import Page, PageRequest, keyset
from .permissions import Actor, Permission, require
from .views import fmt_dt

SUBMITTED, APPROVED, REJECTED = "submitted", "approved", "rejected"
EVIDENCE = "capability_evidence"
MAX_FILES = 5
GUIDE_URL = "/certification-guide.pdf"  # assets/certification-guide.pdf, made by scripts/make_guide_pdf.py


@dataclass(frozen=True)
class CapabilityView:
    id: int
    name: str
    name_zh: str
    requirements: str
    requirements_zh: str
    my_status: str  # "" | submitted | approved | rejected (the partner's latest application)
    can_apply: bool

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class EvidenceView:
    filename: str
    size: str
    link: str  # short-lived signed link for the viewer


@dataclass(frozen=True)
class CapabilityApplicationView:
    id: int
    capability: str
    capability_zh: str
    description: str
    status: str
    submitted_at: str
    reviewed_at: str
    review_comment: str
    evidence: tuple[EvidenceView, ...]

    def as_dict(self) -> dict:
        d = {k: str(v) for k, v in asdict(self).items() if k != "evidence"}
        d["evidence"] = [asdict(e) for e in self.evidence]
        return d


@files.access_rule(EVIDENCE)
def _partner_users_see_evidence(session: Session, viewer: Actor, row: StoredFile) -> bool:
    """Every user of the applying partner may open its evidence (not only the admins)."""
    app = session.get(CapabilityApplication, row.ref_id) if row.ref_id else None
    return bool(app and viewer.is_partner and viewer.partner_id == app.partner_id)


def _partner_actor(actor: Actor) -> Actor:
    require(actor, Permission.CAPABILITIES)
    if not actor.is_partner or not actor.partner_id:
        raise PermissionDenied()
    return actor


def _latest(session: Session, partner_id: int) -> dict[int, CapabilityApplication]:
    rows = session.exec(select(CapabilityApplication).where(CapabilityApplication.partner_id == partner_id)
                        .order_by(col(CapabilityApplication.id))).all()
    return {r.capability_id: r for r in rows}


def list_capabilities(session: Session, *, actor: Actor) -> list[CapabilityView]:
    _partner_actor(actor)
    latest = _latest(session, actor.partner_id)
    out = []
    for c in session.exec(select(Capability).where(Capability.active == True).order_by(col(Capability.id))):  # noqa: E712
        status = latest[c.id].status if c.id in latest else ""
        out.append(CapabilityView(id=c.id, name=c.name, name_zh=c.name_zh or c.name, requirements=c.requirements,
                                  requirements_zh=c.requirements_zh or c.requirements, my_status=status,
                                  can_apply=status not in (SUBMITTED, APPROVED)))
    return out


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def my_applications(session: Session, *, actor: Actor) -> list[CapabilityApplicationView]:
    """The partner's applications, newest first, with signed links to their evidence for this viewer."""
    _partner_actor(actor)
    apps = session.exec(select(CapabilityApplication).where(CapabilityApplication.partner_id == actor.partner_id)
                        .order_by(col(CapabilityApplication.id).desc()).limit(50)).all()
    caps = {c.id: c for c in session.exec(select(Capability))}
    evidence: dict[int, list[StoredFile]] = {}
    if apps:
        for f in session.exec(select(StoredFile).where(StoredFile.ref_kind == EVIDENCE, col(StoredFile.ref_id).in_(
                [a.id for a in apps])).order_by(col(StoredFile.id))):
            evidence.setdefault(f.ref_id, []).append(f)
    out = []
    for a in apps:
        cap = caps[a.capability_id]
        ev = tuple(EvidenceView(filename=f.filename, size=_size(f.size), link=files.signed_link(f.id, actor.user_id))
                   for f in evidence.get(a.id, []) if files.may_view(session, actor, f))
        out.append(CapabilityApplicationView(
            id=a.id, capability=cap.name, capability_zh=cap.name_zh or cap.name, description=a.description,
            status=a.status, submitted_at=fmt_dt(a.created_at), reviewed_at=fmt_dt(a.reviewed_at),
            review_comment=a.review_comment, evidence=ev))
    return out


def apply_for_certification(session: Session, *, actor: Actor, capability_id: int, description: str,
                            evidence: list[tuple[str, str, bytes]]) -> int:
    """Apply for one capability with a description and 1–5 evidence files (filename, content type, bytes).

    The application and its files commit together; a refused file leaves nothing behind in the database.
    """
    _partner_actor(actor)
    cap = session.get(Capability, capability_id) if capability_id else None
    if cap is None or not cap.active:
        raise InvalidInput("capability", "Choose a capability.")
    description = (description or "").strip()
    if len(description) < 20:
        raise InvalidInput("description", "Describe how your company meets the requirements (at least 20 characters).")
    if len(description) > 4000:
        raise InvalidInput("description", "Use at most 4000 characters.")
    evidence = list(evidence or [])
    if not evidence:
        raise InvalidInput("file", "Attach at least one evidence file (PDF, PNG or JPEG).")
    if len(evidence) > MAX_FILES:
        raise InvalidInput("file", f"Attach at most {MAX_FILES} files.")
    for name, ctype, data in evidence:
        files.check_upload(name, ctype, data)  # refuse before anything is written
    latest = _latest(session, actor.partner_id).get(cap.id)
    if latest and latest.status == SUBMITTED:
        raise InvalidInput("capability", f"Your application #{latest.id} for this capability is still under review.")
    if latest and latest.status == APPROVED:
        raise InvalidInput("capability", "Your company is already certified for this capability.")
    now = clock.now()
    app = CapabilityApplication(capability_id=cap.id, partner_id=actor.partner_id, description=description,
                                status=SUBMITTED, submitted_by=actor.user_id, created_at=now)
    session.add(app)
    session.flush()
    try:
        for name, ctype, data in evidence:
            files.store_upload(session, actor=actor, ref_kind=EVIDENCE, ref_id=app.id, filename=name,
                               content_type=ctype, data=data)
    except Exception:
        session.rollback()
        raise
    audit.record(session, actor, "capability.apply", "capabilityapplication", app.id, partner_id=actor.partner_id,
                 after={"capability": cap.name, "files": len(evidence), "status": SUBMITTED})
    notify.notify_managers(session, title=f"Capability application #{app.id}: {cap.name}",
                           link="/console/reviews/capabilities")
    session.commit()
    return app.id


# ---------------------------------------------------------------- review queue "capabilities"
def _queue_list(session: Session, *, actor: Actor, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    page = keyset(session, select(CapabilityApplication).where(CapabilityApplication.status == SUBMITTED),
                  CapabilityApplication, req, sortable=("id", "created_at"))
    ids = [a.id for a in page.rows]
    caps = {c.id: c for c in session.exec(select(Capability))}
    partners = {p.id: p for p in session.exec(select(Partner).where(col(Partner.id).in_([a.partner_id for a in page.rows])))}
    ev: dict[int, list[StoredFile]] = {}
    if ids:
        for f in session.exec(select(StoredFile).where(StoredFile.ref_kind == EVIDENCE, col(StoredFile.ref_id).in_(ids))):
            ev.setdefault(f.ref_id, []).append(f)
    rows = []
    for a in page.rows:
        names = ", ".join(f.filename for f in ev.get(a.id, [])) or "no files"
        rows.append({"id": str(a.id), "subject": caps[a.capability_id].name, "partner": partners[a.partner_id].name,
                     "submitted_at": fmt_dt(a.created_at), "details": f"{a.description[:300]} · Evidence: {names}"})
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


def _decide(session: Session, *, actor: Actor, item_id: int, status: str, comment: str) -> None:
    require(actor, Permission.REVIEW)
    app = session.get(CapabilityApplication, item_id) if item_id else None
    if app is None:
        raise NotFound("capability application")
    if app.status != SUBMITTED:
        raise Conflict("This application has already been reviewed.")
    res = session.exec(update(CapabilityApplication).where(
        CapabilityApplication.id == app.id, CapabilityApplication.version == app.version,
        CapabilityApplication.status == SUBMITTED,
    ).values(status=status, review_comment=comment, reviewed_at=clock.now(), version=app.version + 1))
    if res.rowcount != 1:
        session.rollback()
        raise Conflict("Another reviewer decided this application first.")
    cap = session.get(Capability, app.capability_id)
    audit.record(session, actor, f"capability.{status}", "capabilityapplication", app.id, partner_id=app.partner_id,
                 before={"status": SUBMITTED}, after={"status": status, "comment": comment})
    verdict = "approved: your company is certified" if status == APPROVED else "rejected"
    notify.notify_partner(session, partner_id=app.partner_id, title=f"Certification for {cap.name} {verdict}",
                          body=comment, link="/capabilities/certification")
    session.commit()


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(CapabilityApplication).where(
        CapabilityApplication.status == SUBMITTED)).one()


reviews.register(reviews.ReviewQueue(kind="capabilities", title="Capability certification applications",
                                     list=_queue_list, approve=functools.partial(_decide, status=APPROVED),
                                     reject=functools.partial(_decide, status=REJECTED), count=_count, order=61))


# ---------------------------------------------------------------- console: capabilities admin
@dataclass(frozen=True)
class CapabilityAdminRow:
    id: int
    name: str
    name_zh: str
    requirements: str
    active: bool
    submitted: int
    approved: int

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def list_all_capabilities(session: Session, *, actor: Actor) -> list[CapabilityAdminRow]:
    require(actor, Permission.CONSOLE)
    counts: dict[tuple[int, str], int] = {}
    for cid, status, n in session.exec(select(CapabilityApplication.capability_id, CapabilityApplication.status,
                                              func.count()).group_by(CapabilityApplication.capability_id,
                                                                     CapabilityApplication.status)):
        counts[(cid, status)] = n
    return [CapabilityAdminRow(id=c.id, name=c.name, name_zh=c.name_zh, requirements=c.requirements, active=c.active,
                               submitted=counts.get((c.id, SUBMITTED), 0), approved=counts.get((c.id, APPROVED), 0))
            for c in session.exec(select(Capability).order_by(col(Capability.id)))]


def create_capability(session: Session, *, actor: Actor, name: str, name_zh: str = "", requirements: str,
                      requirements_zh: str = "") -> int:
    require(actor, Permission.CONSOLE)
    name, name_zh = (name or "").strip(), (name_zh or "").strip()
    requirements, requirements_zh = (requirements or "").strip(), (requirements_zh or "").strip()
    if not name:
        raise InvalidInput("name", "Enter a name.")
    if len(name) > 120 or len(name_zh) > 120:
        raise InvalidInput("name", "Use at most 120 characters.")
    if not requirements:
        raise InvalidInput("requirements", "List the requirements partners must meet.")
    if len(requirements) > 4000 or len(requirements_zh) > 4000:
        raise InvalidInput("requirements", "Use at most 4000 characters.")
    if session.exec(select(Capability.id).where(Capability.name == name)).first():
        raise InvalidInput("name", "A capability with this name already exists.")
    cap = Capability(name=name, name_zh=name_zh, requirements=requirements, requirements_zh=requirements_zh)
    session.add(cap)
    session.flush()
    audit.record(session, actor, "capability.create", "capability", cap.id, after={"name": name})
    session.commit()
    return cap.id


def set_capability_active(session: Session, *, actor: Actor, capability_id: int, active: bool) -> None:
    require(actor, Permission.CONSOLE)
    cap = session.get(Capability, capability_id) if capability_id else None
    if cap is None:
        raise NotFound("capability")
    before = cap.active
    cap.active = bool(active)
    audit.record(session, actor, "capability.active", "capability", cap.id, before={"active": before},
                 after={"active": cap.active})
    session.commit()

