"""Plans, capabilities and authorization letters of the demo world.

Plan and capability applications in every status; the demo customer has two authorization requests
waiting for its answer and one active authorization with logged partner actions; a reseller's request
waits for its distributor. The demo customer has read letter version 1 only (version 2 shows a banner).
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from partner_portal.domain import files
from partner_portal.domain.permissions import actor_for
from partner_portal.models import (
    Association, AssociationType, AuditLog, Authorization, AuthorizationStatus, Capability, CapabilityApplication,
    PartnerCommitment, Plan, PlanApplication,
)

from .core import World
from .members import pdf_bytes

AGREEMENT = (
    "1. Commitment. The partner commits to develop cloud customers together with the Platform: it reports the "
    "customers it develops, keeps customer data confidential, and never plants malware, back doors or other "
    "viruses into services it configures.\n"
    "2. Targets. The partner aims to bring at least 10 new paying customers per year under the plan and keeps at "
    "least 2 staff certified on the Platform's products.\n"
    "3. Benefits. Co-expansion partners get co-marketing funds, joint sales support from an ecosystem manager, "
    "and priority lead distribution.\n"
    "4. Review and exit. The Platform reviews each application and may end the membership when the partner breaks "
    "this agreement, with 30 days' notice."
)
AGREEMENT_ZH = (
    "1. 承诺：伙伴承诺与平台共同拓展云客户，报备其拓展的客户，对客户数据保密，不在其配置的服务中植入恶意程序、后门或其他病毒。\n"
    "2. 目标：伙伴每年在本计划下力争新增至少 10 家付费客户，并保持至少 2 名员工获得平台产品认证。\n"
    "3. 权益：共拓伙伴可获得联合营销资金、生态经理的联合销售支持以及优先的线索分配。\n"
    "4. 审核与退出：平台审核每份申请；伙伴违反本协议时，平台可提前 30 天通知终止其资格。"
)

PLANS = [
    ("co-expansion", "Partner Co-expansion Plan", "合作伙伴共拓计划",
     "Develop customers together with the Platform: joint sales support, co-marketing funds and priority leads for "
     "partners that commit to growing the customer base.",
     "与平台共同拓展客户：为承诺拓展客户规模的伙伴提供联合销售支持、联合营销资金和优先线索。"),
    ("marketing-2", "Marketing Plan 2.0", "营销计划2.0",
     "Leads distributed by the Platform with anonymised contacts and the outbound-call bridge.",
     "平台分配线索，联系方式匿名化，并提供外呼功能。"),
    ("solution-partner", "Solution Partner Program", "解决方案伙伴计划",
     "List your solutions in the Platform's catalogue and sell them with the Platform's sales teams.",
     "将您的解决方案上架到平台目录，并与平台销售团队共同销售。"),
    ("msp", "Managed Service Provider Program", "托管服务伙伴计划",
     "Operate customers' cloud environments under a service agreement, with MSP certification and support.",
     "依据服务协议运维客户的云环境，获得 MSP 认证与支持。"),
]

CAPABILITIES = [
    ("Cloud Migration", "云迁移",
     "At least 3 engineers holding a Platform migration certificate.\nTwo customer references of completed "
     "migrations in the last 12 months.\nA documented migration methodology.",
     "至少 3 名持有平台迁移认证的工程师。\n近 12 个月内完成的 2 个客户迁移案例。\n成文的迁移方法论。"),
    ("Data and Analytics", "数据与分析",
     "Two delivered data-platform projects with a reference letter each.\nAt least 2 certified data engineers.",
     "已交付的 2 个数据平台项目，各附推荐信。\n至少 2 名认证数据工程师。"),
    ("Security Services", "安全服务",
     "A security operations process (ISO 27001 or equivalent).\nOne reference of a security assessment delivered on "
     "the Platform.",
     "安全运营流程（ISO 27001 或同等认证）。\n1 个在平台上交付的安全评估案例。"),
    ("Managed Operations", "托管运维",
     "A 24×7 support desk with response-time commitments.\nMonitoring and incident runbooks for customer "
     "environments.",
     "7×24 小时支持台及响应时间承诺。\n客户环境的监控与故障处理手册。"),
]


def seed(session: Session, w: World) -> None:
    now = w.now
    plans = {}
    for code, name, name_zh, desc, desc_zh in PLANS:
        p = Plan(code=code, name=name, name_zh=name_zh, description=desc, description_zh=desc_zh,
                 agreement=AGREEMENT, agreement_zh=AGREEMENT_ZH)
        session.add(p)
        session.flush()
        plans[code] = p

    def plan_app(code, partner, user, status, days, comment=""):
        created = now - dt.timedelta(days=days)
        session.add(PlanApplication(plan_id=plans[code].id, partner_id=partner.id, status=status, agreed_at=created,
                                    submitted_by=user.id, created_at=created, review_comment=comment,
                                    reviewed_at=created + dt.timedelta(days=2) if status != "submitted" else None))

    # co-expansion: sp was rejected (may apply again), the reseller waits, the distributor joined; gov never applied
    plan_app("co-expansion", w.sp, w.sp_admin, "rejected", 40,
             "Please add your customer-development targets for next year and apply again.")
    plan_app("co-expansion", w.reseller, w.reseller_admin, "submitted", 2)
    plan_app("co-expansion", w.distributor, w.distributor_admin, "approved", 120, "Welcome to the plan.")
    plan_app("marketing-2", w.sp, w.sp_admin, "approved", 200, "Approved for Marketing Plan 2.0.")
    plan_app("solution-partner", w.sp, w.sp_admin, "submitted", 1)
    plan_app("msp", w.reseller, w.reseller_admin, "rejected", 30, "A 24×7 support desk is required.")

    caps = []
    for name, name_zh, req, req_zh in CAPABILITIES:
        c = Capability(name=name, name_zh=name_zh, requirements=req, requirements_zh=req_zh)
        session.add(c)
        session.flush()
        caps.append(c)

    def cap_app(cap, partner, user, status, days, desc, comment="", evidence=()):
        created = now - dt.timedelta(days=days)
        app = CapabilityApplication(capability_id=cap.id, partner_id=partner.id, description=desc, status=status,
                                    review_comment=comment, submitted_by=user.id, created_at=created,
                                    reviewed_at=created + dt.timedelta(days=3) if status != "submitted" else None)
        session.add(app)
        session.flush()
        actor = actor_for(session, user)
        for filename, lines in evidence:
            files.store_upload(session, actor=actor, ref_kind="capability_evidence", ref_id=app.id, filename=filename,
                               content_type="application/pdf", data=pdf_bytes(filename, lines))

    cap_app(caps[0], w.sp, w.sp_admin, "approved", 90,
            "Five migration-certified engineers; migrated 14 retail customers in the last year.",
            evidence=[("migration-references.pdf", ["Reference: Sunrise Retail Group", "Migrated 120 VMs in 6 weeks"])])
    cap_app(caps[1], w.sp, w.sp_admin, "submitted", 3,
            "Two data-platform projects delivered in 2026 (retail analytics, logistics tracking); two certified "
            "data engineers.",
            evidence=[("data-projects.pdf", ["Project 1: retail analytics lake", "Project 2: logistics tracking"]),
                      ("engineer-certificates.pdf", ["HCIP-Big Data: 2 engineers"])])
    cap_app(caps[2], w.sp, w.sp_admin, "rejected", 50, "We run a security operations team of four people.",
            "The ISO 27001 certificate (or equivalent) is missing.",
            evidence=[("security-team.pdf", ["Security operations team: 4 people"])])
    cap_app(caps[3], w.reseller, w.reseller_admin, "submitted", 1,
            "Our 24×7 desk in Hong Kong answers within 15 minutes; runbooks for 40 customer environments.",
            evidence=[("support-desk.pdf", ["24x7 desk, 15-minute response commitment"])])
    cap_app(caps[0], w.gov, w.gov_admin, "rejected", 20, "We migrated our municipal clients' portals.",
            "Add two customer references with dates.",
            evidence=[("municipal-portals.pdf", ["Municipal portal migration"])])

    # ------------------------------------------------------------ authorization letters
    c = w.demo_customer
    for partner, days in ((w.gov, 30), (w.distributor, 25)):  # more partners serving the demo customer
        session.add(Association(partner_id=partner.id, customer_id=c.id, association_type=AssociationType.REFERRAL,
                                created_at=now - dt.timedelta(days=days)))
    for partner, user, days in ((w.sp, w.sp_admin, 30), (w.gov, w.gov_admin, 3), (w.distributor, w.distributor_admin, 2),
                                (w.reseller, w.reseller_admin, 1)):
        session.add(PartnerCommitment(partner_id=partner.id, letter_version=1, accepted_by=user.id,
                                      accepted_at=now - dt.timedelta(days=days)))
    S = AuthorizationStatus
    agreed = now - dt.timedelta(days=20)
    active = Authorization(partner_id=w.sp.id, customer_id=c.id, scope="view_bills,issue_vouchers,open_tickets",
                           status=S.ACTIVE, letter_version=1, requested_by=w.sp_admin.id,
                           created_at=agreed - dt.timedelta(days=1), agreed_at=agreed)
    session.add(active)
    session.add(Authorization(partner_id=w.gov.id, customer_id=c.id, scope="view_resources,open_tickets",
                              status=S.AWAITING_CUSTOMER, letter_version=2, requested_by=w.gov_admin.id,
                              created_at=now - dt.timedelta(days=2)))
    session.add(Authorization(partner_id=w.distributor.id, customer_id=c.id, scope="view_bills",
                              status=S.AWAITING_CUSTOMER, letter_version=2, requested_by=w.distributor_admin.id,
                              created_at=now - dt.timedelta(hours=20)))
    # the reseller's request waits for its distributor (Northstar)
    session.add(Authorization(partner_id=w.reseller.id, customer_id=w.legacy_customer.id,
                              scope="view_resources,manage_resources", status=S.AWAITING_DISTRIBUTOR, letter_version=2,
                              requested_by=w.reseller_admin.id, created_at=now - dt.timedelta(hours=6)))
    # history of the solution provider: a revoked and a rejected one with other customers
    session.add(Authorization(partner_id=w.sp.id, customer_id=w.customers[3].id, scope="manage_resources",
                              status=S.REVOKED, letter_version=1, requested_by=w.sp_admin.id,
                              created_at=now - dt.timedelta(days=80), agreed_at=now - dt.timedelta(days=79),
                              revoked_at=now - dt.timedelta(days=10), reason="The project has ended."))
    session.add(Authorization(partner_id=w.sp.id, customer_id=w.customers[10].id, scope="view_bills",
                              status=S.REJECTED, letter_version=1, requested_by=w.sp_admin.id,
                              created_at=now - dt.timedelta(days=15), reason="We manage our bills ourselves."))
    session.flush()
    # what the solution provider did concerning the demo customer under its active authorization
    for hours, action, kind, after in (
            (400, "reveal", "customer", '{"field": "mobile", "via": "report"}'),
            (300, "voucher.issue", "voucher", '{"face_value": "500.00", "currency": "CNY"}'),
            (200, "opportunity.create", "opportunity", '{"name": "Sunrise data lake", "stage": "draft"}'),
            (120, "association.switch_type", "associationrequest", '{"new_type": "resale"}'),
            (30, "reveal", "customer", '{"field": "email", "via": "report"}')):
        session.add(AuditLog(actor_id=w.sp_admin.id, action=action, object_kind=kind, object_id=None,
                             partner_id=w.sp.id, customer_id=c.id, after=after, at=now - dt.timedelta(hours=hours)))
    w.customer_user.seen_letter_version = 1  # version 2 is new to the demo customer: a banner at sign-in
    session.add(w.customer_user)
