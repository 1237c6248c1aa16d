"""The demo member's projects (own and platform-generated), certificates in every review state,
and an affiliation history; two more members so the console's member list has rows."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from partner_portal.domain import files
from partner_portal.domain.permissions import actor_for
from partner_portal.domain.security import hash_password
from partner_portal.models import Affiliation, Certificate, MemberProject, ReviewStatus, Role, User

from .core import PASSWORD, World


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small valid one-page PDF (Helvetica text), so demo attachments open in any viewer."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace").decode("latin-1")

    text = ["BT", "/F1 22 Tf", "72 760 Td", f"({esc(title)}) Tj", "/F1 12 Tf"]
    for line in lines:
        text += ["0 -22 Td", f"({esc(line)}) Tj"]
    text.append("ET")
    stream = "\n".join(text).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def seed(session: Session, w: World) -> None:
    now, today = w.now, w.now.date()
    m = w.member
    actor = actor_for(session, m)

    def project(member: User, name, customer, role, start_days, end_days, desc, platform=False):
        session.add(MemberProject(
            member_id=member.id, name=name, customer=customer, role=role,
            start_date=today - dt.timedelta(days=start_days),
            end_date=(today - dt.timedelta(days=end_days)) if end_days is not None else None,
            description=desc, platform_generated=platform, created_by=(w.manager.id if platform else member.id),
            created_at=now - dt.timedelta(days=start_days)))

    project(m, "Retail data platform migration 零售数据平台迁移", "Sunrise Retail Group 旭日零售", "Solution architect",
            420, 240, "Moved the order and inventory databases to managed cloud databases with zero downtime.")
    project(m, "Smart warehouse IoT pilot", "Yuanhang Logistics 远航物流", "Project lead", 200, 90,
            "Sensors in two warehouses streaming to the IoT platform; dashboards for stock levels.")
    project(m, "Clinic appointment mini-program", "Qingsong Medical 青松医疗", "Backend developer", 60, None,
            "Serverless booking API and SMS reminders; in progress.")
    project(m, "Cloud Migration Bootcamp (platform) 云迁移训练营", "Cloud Platform", "Trainer", 300, 295,
            "Delivered by the platform's ecosystem team; recorded for the member.", platform=True)
    project(m, "Government cloud PoC 政务云验证", "Civic Digital Services", "Security consultant", 150, 120,
            "Platform-led proof of concept; the member reviewed network security.", platform=True)

    def cert(name, number, issuer, issued_days, expires_in, status, comment="", with_file=True):
        file_id = None
        if with_file:
            data = pdf_bytes(name, [f"Certificate number: {number}", f"Issued by: {issuer}", f"Holder: {m.email}"])
            f = files.store_upload(session, actor=actor, ref_kind="certificate", ref_id=0,
                                   filename=number.lower() + ".pdf", content_type="application/pdf", data=data)
            file_id = f.id
        c = Certificate(member_id=m.id, name=name, number=number, issuer=issuer,
                        issued_on=today - dt.timedelta(days=issued_days),
                        expires_on=(today + dt.timedelta(days=expires_in)) if expires_in is not None else None,
                        file_id=file_id, status=status, review_comment=comment,
                        created_at=now - dt.timedelta(days=issued_days - 2))
        session.add(c)
        session.flush()
        if file_id:
            f.ref_id = c.id

    cert("Cloud Solutions Architect (Professional)", "HCSA-PRO-2025-0417", "Cloud Platform Academy", 380, 715,
         ReviewStatus.APPROVED)
    cert("Cloud Security Engineer (Associate)", "HCSE-ASC-2026-1120", "Cloud Platform Academy", 10, 1085,
         ReviewStatus.PENDING)
    cert("Big Data Developer", "BDD-2024-88", "Data Skills Institute", 90, 640, ReviewStatus.REJECTED,
         comment="The attachment shows a different certificate number. Upload the matching scan.")
    cert("Database Administrator (Associate) 数据库管理员", "DBA-ASC-2023-0309", "Cloud Platform Academy", 1075, 20,
         ReviewStatus.APPROVED)
    cert("Project Management Professional", "PMP-3141592", "PMI", 30, None, ReviewStatus.PENDING, with_file=False)

    # affiliation history: two earlier partners, the solution provider now (added in core)
    session.add(Affiliation(member_id=m.id, partner_id=w.gov.id, joined_at=now - dt.timedelta(days=520),
                            left_at=now - dt.timedelta(days=380)))
    session.add(Affiliation(member_id=m.id, partner_id=w.reseller.id, joined_at=now - dt.timedelta(days=370),
                            left_at=now - dt.timedelta(days=205)))

    # two more members for the Platform Console's list
    pw = hash_password(PASSWORD)
    zhao = User(email="zhao.lei@person.example", name="Zhao Lei 赵磊", password_hash=pw, role=Role.MEMBER,
                partner_id=w.reseller.id, guide_step=3, created_at=now - dt.timedelta(days=150))
    chen = User(email="chen.jing@person.example", name="Chen Jing 陈静", password_hash=pw, role=Role.MEMBER,
                guide_step=0, guide_skipped=True, created_at=now - dt.timedelta(days=20))
    session.add(zhao)
    session.add(chen)
    session.flush()
    session.add(Affiliation(member_id=zhao.id, partner_id=w.reseller.id, joined_at=now - dt.timedelta(days=140)))
    project(zhao, "Reseller onboarding portal", "Huaxin Cloud Services 华信云", "Frontend developer", 120, 30,
            "Self-service portal for the reseller's customers.")
    project(zhao, "Partner enablement workshop (platform)", "Cloud Platform", "Attendee", 100, 99,
            "Recorded by the ecosystem manager.", platform=True)
    session.commit()
