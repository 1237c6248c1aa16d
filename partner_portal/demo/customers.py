"""Customer reports in every status for each partner, and the demo customer's associations."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from partner_portal.models import (
    Association, AssociationRequest, AssociationType, Customer, CustomerReport, ReportStatus, RequestKind, RequestStatus,
)

from .core import World

CYCLE = [ReportStatus.REPORTED, ReportStatus.PENDING, ReportStatus.REPORTED, ReportStatus.ASSOCIATED,
         ReportStatus.REJECTED, ReportStatus.EXPIRED, ReportStatus.REPORTED]


def seed(session: Session, w: World) -> None:
    now = w.now
    owners = [(w.sp, w.sp_admin), (w.reseller, w.reseller_admin), (w.exited_reseller, w.exited_admin), (w.gov, w.gov_admin)]
    for pi, (partner, admin) in enumerate(owners):
        chunk = w.customers[pi * 12:(pi + 1) * 12]
        for i, customer in enumerate(chunk):
            status = CYCLE[i % len(CYCLE)]
            created = now - dt.timedelta(days=20 - i, hours=pi)
            reported = created if status in (ReportStatus.REPORTED, ReportStatus.ASSOCIATED, ReportStatus.EXPIRED) else None
            if status == ReportStatus.EXPIRED:
                reported = now - dt.timedelta(days=20)
            r = CustomerReport(partner_id=partner.id, customer_id=customer.id, reported_by=admin.id, status=status,
                               association_type=AssociationType.RESALE if i % 3 == 0 else AssociationType.REFERRAL,
                               manual_review=status == ReportStatus.PENDING, created_at=created, reported_at=reported,
                               valid_until=reported + dt.timedelta(days=15) if reported else None,
                               review_comment="Customer is already served under another agreement." if status == ReportStatus.REJECTED else "",
                               remark=f"Met at {['Cloud Summit', 'a webinar', 'a partner event'][i % 3]}")
            session.add(r)
            session.flush()
            if status == ReportStatus.ASSOCIATED:
                session.add(Association(partner_id=partner.id, customer_id=customer.id, association_type=r.association_type,
                                        created_at=created + dt.timedelta(days=1)))
            elif status == ReportStatus.REPORTED:
                session.add(AssociationRequest(partner_id=partner.id, customer_id=customer.id, report_id=r.id,
                                               kind=RequestKind.ASSOCIATE, initiator="partner", new_type=r.association_type,
                                               created_by=admin.id, created_at=reported))
    # The demo customer: associated with the solution provider; two partner-initiated requests wait for it.
    c = w.demo_customer
    sp_report = CustomerReport(partner_id=w.sp.id, customer_id=c.id, reported_by=w.sp_admin.id, status=ReportStatus.ASSOCIATED,
                               association_type=AssociationType.REFERRAL, created_at=now - dt.timedelta(days=60),
                               reported_at=now - dt.timedelta(days=60), valid_until=now - dt.timedelta(days=45))
    session.add(sp_report)
    assoc = Association(partner_id=w.sp.id, customer_id=c.id, association_type=AssociationType.REFERRAL,
                        created_at=now - dt.timedelta(days=58))
    session.add(assoc)
    session.flush()
    session.add(AssociationRequest(partner_id=w.sp.id, customer_id=c.id, association_id=assoc.id,
                                   kind=RequestKind.SWITCH_TYPE, initiator="partner", new_type=AssociationType.RESALE,
                                   created_by=w.sp_admin.id, created_at=now - dt.timedelta(days=1)))
    rr = CustomerReport(partner_id=w.reseller.id, customer_id=c.id, reported_by=w.reseller_admin.id,
                        status=ReportStatus.REPORTED, association_type=AssociationType.RESALE,
                        created_at=now - dt.timedelta(days=2), reported_at=now - dt.timedelta(days=2),
                        valid_until=now + dt.timedelta(days=13))
    session.add(rr)
    session.flush()
    session.add(AssociationRequest(partner_id=w.reseller.id, customer_id=c.id, report_id=rr.id, kind=RequestKind.ASSOCIATE,
                                   initiator="partner", new_type=AssociationType.RESALE, created_by=w.reseller_admin.id,
                                   created_at=now - dt.timedelta(days=2)))
    # The legacy customer is associated with the reseller, and has asked to dissociate (the partner processes it).
    la = Association(partner_id=w.reseller.id, customer_id=w.legacy_customer.id, association_type=AssociationType.RESALE,
                     created_at=now - dt.timedelta(days=300))
    session.add(la)
    session.flush()
    session.add(AssociationRequest(partner_id=w.reseller.id, customer_id=w.legacy_customer.id, association_id=la.id,
                                   kind=RequestKind.DISSOCIATE, initiator="customer", created_by=w.legacy_user.id,
                                   created_at=now - dt.timedelta(hours=5), status=RequestStatus.WAITING))
    # A customer of the solution provider has asked to dissociate: sp.admin processes it on My Customers.
    sp_assoc = session.exec(select(Association).where(Association.partner_id == w.sp.id,
                                                      Association.customer_id == w.customers[3].id)).first()
    if sp_assoc is not None:
        session.add(AssociationRequest(partner_id=w.sp.id, customer_id=sp_assoc.customer_id, association_id=sp_assoc.id,
                                       kind=RequestKind.DISSOCIATE, initiator="customer", created_at=now - dt.timedelta(hours=3)))
    # Cloud customers nobody has reported yet, registered long ago or spending: reporting one goes to manual review.
    for i, (name, account, mobile, spending) in enumerate(FREE_CUSTOMERS):
        session.add(Customer(name=name, account_name=account, mobile=mobile, email=f"{account}@free-client.example",
                             industry="Retail" if i % 2 else "Finance", region="CN East-Shanghai1",
                             registered_at=now - dt.timedelta(days=40 + i * 10), has_spending=spending))


FREE_CUSTOMERS = [
    ("Harbor Analytics 海港分析", "harbor_analytics", "13600001001", False),
    ("Maple Learning 枫叶教育", "maple_learning", "13600001002", True),
    ("Granite Logistics 花岗物流", "granite_logistics", "13600001003", False),
    ("Orchid Health 兰花健康", "orchid_health", "13600001004", True),
    ("Summit Energy 峰顶能源", "summit_energy", "13600001005", False),
    ("Willow Media 柳树传媒", "willow_media", "13600001006", False),
]
