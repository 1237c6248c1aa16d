"""Leads (every status, some distributed, one overdue for its SLA), call records, marketing tasks and
opportunities in every stage, for each demo partner account."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session

from partner_portal.domain import customers
from partner_portal.domain.permissions import actor_for
from partner_portal.models import (
    CallRecord, Customer, Lead, LeadEvent, LeadStatus, MarketingTask, Opportunity, OpportunityStage,
)

from .core import World

PEOPLE = [("Chen Jie 陈杰", "Bluewave Logistics"), ("Anna Müller", "Alpenrose Foods"), ("Liu Yang 刘洋", "Jinshi Manufacturing"),
          ("Priya Nair", "Lotus Health"), ("Zhao Min 赵敏", "Qingsong Education"), ("Marco Rossi", "Vela Shipping"),
          ("Sun Li 孙丽", "Huacai Media"), ("Kenji Sato", "Sakura Retail")]
PRODUCTS = ["Elastic Cloud Server", "Object Storage Service", "RDS for MySQL", "Cloud Container Engine", "ModelArts",
            "Content Delivery Network", "Web Application Firewall", "Data Lake Insight"]
CURRENCY = {"sp": "CNY", "reseller": "USD", "exited": "CNY", "distributor": "CNY", "gov": "EUR"}


def seed(session: Session, w: World) -> None:
    now = w.now
    accounts = [("sp", w.sp, w.sp_admin), ("reseller", w.reseller, w.reseller_admin),
                ("exited", w.exited_reseller, w.exited_admin), ("distributor", w.distributor, w.distributor_admin),
                ("gov", w.gov, w.gov_admin)]
    for n, (key, partner, admin) in enumerate(accounts):
        actor = actor_for(session, admin)
        eligible = [cid for cid, _ in customers.opportunity_customers(session, actor=actor)]
        if not eligible:  # a company without reported customers still shows opportunities in every stage
            eligible = [w.customers[(n * 7 + i) % len(w.customers)].id for i in range(4)]
        cur = CURRENCY[key]
        opp_ids = _opportunities(session, w, partner, admin, eligible, cur, n)
        _leads(session, w, partner, admin, n, opp_ids[OpportunityStage.WON])
        _tasks(session, w, partner, eligible, cur, n, opp_ids[OpportunityStage.SUBMITTED], key)
    # the solution provider's staff member owns two opportunities of its own (staff see only theirs)
    sp_eligible = [cid for cid, _ in customers.opportunity_customers(session, actor=actor_for(session, w.sp_admin))]
    for i, stage in enumerate((OpportunityStage.SUBMITTED, OpportunityStage.APPROVED)):
        session.add(Opportunity(partner_id=w.sp.id, owner_id=w.sp_staff.id, customer_id=sp_eligible[i % len(sp_eligible)],
                                name=f"Staff pipeline {i + 1}: {PRODUCTS[i + 3]}", amount=Decimal(18000 + 4000 * i),
                                currency="CNY", close_date=(now + dt.timedelta(days=45 + i * 10)).date(),
                                products=PRODUCTS[i + 3], region="CN South-Guangzhou", stage=stage,
                                created_at=now - dt.timedelta(days=6 - i), submitted_at=now - dt.timedelta(days=5 - i)))
    session.commit()


def _opportunities(session, w, partner, admin, eligible, cur, n) -> dict[str, int]:
    now = w.now
    ids = {}
    for i, stage in enumerate(OpportunityStage):
        submitted = stage != OpportunityStage.DRAFT
        o = Opportunity(
            partner_id=partner.id, owner_id=admin.id, customer_id=eligible[i % len(eligible)],
            name=f"{PRODUCTS[(i + n) % len(PRODUCTS)]} for {PEOPLE[(i + n) % len(PEOPLE)][1]}",
            amount=Decimal(25000 * (i + 1) + 1000 * n), currency=cur,
            close_date=(now + dt.timedelta(days=30 + 15 * i)).date(), products=PRODUCTS[(i + n) % len(PRODUCTS)],
            region=["CN East-Shanghai1", "CN North-Beijing4", "AP-Singapore", "EU-Dublin"][i % 4],
            competitors=["", "Regional cloud vendor", "On-premises refresh"][i % 3],
            description="Migration of the customer's core workloads in two phases.", stage=stage,
            review_comment={"rejected": "The customer is already covered by a platform direct-sales opportunity.",
                            "approved": "Approved."}.get(stage, ""),
            lost_reason="The customer chose to postpone the project to next year." if stage == OpportunityStage.LOST else "",
            created_at=now - dt.timedelta(days=30 - i * 3), submitted_at=now - dt.timedelta(days=29 - i * 3) if submitted else None,
        )
        session.add(o)
        session.flush()
        ids[stage] = o.id
    return ids


def _leads(session, w, partner, admin, n, won_opp_id) -> None:
    now = w.now
    plan = [  # (status, distributed, hours ago, sla hours)
        (LeadStatus.NEW, False, 5, 48), (LeadStatus.NEW, True, 10, 48), (LeadStatus.NEW, True, 60, 48),
        (LeadStatus.FOLLOWING, False, 72, 48), (LeadStatus.FOLLOWING, True, 120, 24),
        (LeadStatus.CONVERTED, False, 400, 48), (LeadStatus.CLOSED, False, 300, 48),
        (LeadStatus.NEW, False, 2, 48),
    ]
    for i, (status, distributed, hours, sla) in enumerate(plan):
        person, company = PEOPLE[(i + n) % len(PEOPLE)]
        created = now - dt.timedelta(hours=hours + n)
        lead = Lead(partner_id=partner.id, name=person, company=company,
                    mobile=f"136{n}{i:02d}{(7301 + i * 977 + n * 131) % 100000:05d}",
                    email=f"{person.split()[0].lower()}.{n}{i}@{company.split()[0].lower()}.example",
                    source="platform" if distributed else ["website", "event", "referral", "campaign"][i % 4],
                    product_interest=PRODUCTS[(i * 3 + n) % len(PRODUCTS)], status=status, distributed=distributed,
                    sla_hours=sla, created_by=w.manager.id if distributed else admin.id, created_at=created,
                    followed_at=created + dt.timedelta(hours=3) if status != LeadStatus.NEW else None,
                    opportunity_id=won_opp_id if status == LeadStatus.CONVERTED else None)
        session.add(lead)
        session.flush()

        def event(kind, text, at, actor=admin.id):
            session.add(LeadEvent(lead_id=lead.id, kind=kind, text=text, actor_id=actor, at=at))

        if distributed:
            event("distributed", f"Distributed by the platform; follow up within {sla} h", created, w.manager.id)
        else:
            event("created", "Lead created", created)
        if status != LeadStatus.NEW:
            event("status", "new → following (outbound call)", created + dt.timedelta(hours=3))
            for k, (outcome, secs) in enumerate((("no_answer", 0), ("connected", 245), ("connected", 610))[: 2 + i % 2]):
                start = created + dt.timedelta(hours=3 + 20 * k)
                session.add(CallRecord(lead_id=lead.id, caller_id=admin.id, started_at=start, duration_seconds=secs,
                                       outcome=outcome))
                event("call", f"Call ended: {outcome.replace('_', ' ')}, {secs} s", start + dt.timedelta(seconds=secs))
            event("note", f"Interested in {lead.product_interest}; asked for a price list.", created + dt.timedelta(hours=30))
        if status == LeadStatus.CONVERTED:
            event("status", f"following → converted (opportunity #{won_opp_id})", created + dt.timedelta(days=5))
        if status == LeadStatus.CLOSED:
            event("status", "following → closed: The company signed with another vendor.", created + dt.timedelta(days=4))


def _tasks(session, w, partner, eligible, cur, n, submitted_opp_id, key) -> None:
    now = w.now
    # a prospect the partner has not reported yet: its task leads to step 1 (report it first)
    prospect = Customer(name=f"{PEOPLE[(n + 3) % len(PEOPLE)][1]} Prospect {n + 1}", account_name=f"prospect_{key}_{n + 1}",
                        mobile=f"1355{n}{(420017 + n * 7717) % 1000000:06d}", email=f"cto@prospect-{key}.example",
                        industry="Retail", region="CN East-Shanghai1", registered_at=now - dt.timedelta(days=1))
    session.add(prospect)
    session.flush()
    rows = [
        ("Q1 Database Upgrade", eligible[0], "Move the customer's self-managed MySQL to RDS.", 21, "open", None),
        ("AI Starter Pack", eligible[1 % len(eligible)], "Pilot ModelArts for document processing.", 35, "open", None),
        ("New Logo Drive", prospect.id, "A prospect from the platform's campaign; report it first.", 28, "open", None),
        ("Security Month", eligible[2 % len(eligible)], "Offer WAF and HSS bundles.", 10, "done", submitted_opp_id),
    ]
    for i, (campaign, cid, desc, days, status, opp_id) in enumerate(rows):
        task = MarketingTask(partner_id=partner.id, campaign=campaign, customer_id=cid, description=desc,
                             due_date=(now + dt.timedelta(days=days)).date(),
                             expected_amount=Decimal(30000 + 15000 * i + 1000 * n), currency=cur, status=status,
                             opportunity_id=opp_id, created_at=now - dt.timedelta(days=7 - i))
        session.add(task)
        if opp_id is not None:
            session.flush()
            session.get(Opportunity, opp_id).task_id = task.id
