"""Companies, demo accounts (password Demo#2026) and customers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from partner_portal.domain import clock
from partner_portal.domain.security import hash_password
from partner_portal.models import (
    Affiliation, BusinessInfo, Customer, DistributorStatus, LetterVersion, Partner, PartnerKind, PartnerStatus,
    ReviewStatus, Role, User,
)

PASSWORD = "Demo#2026"


@dataclass
class World:
    """Handles the area seeds use: ids of the demo companies, accounts and customers."""
    now: dt.datetime
    manager: User = None
    sp: Partner = None  # solution provider, Marketing Plan 2.0
    sp_admin: User = None
    sp_staff: User = None
    distributor: Partner = None
    distributor_admin: User = None
    exited_distributor: Partner = None
    reseller: Partner = None
    reseller_admin: User = None
    exited_reseller: Partner = None
    exited_admin: User = None
    gov: Partner = None
    gov_admin: User = None
    pending_partner: Partner = None
    member: User = None
    customer_user: User = None
    legacy_user: User = None
    demo_customer: Customer = None
    legacy_customer: Customer = None
    customers: list[Customer] = field(default_factory=list)

    def partner_admins(self) -> list[tuple[Partner, User]]:
        return [(self.sp, self.sp_admin), (self.reseller, self.reseller_admin), (self.exited_reseller, self.exited_admin),
                (self.distributor, self.distributor_admin)]


SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "霞"]
COMPANIES = ["星河数据", "云帆智能", "蓝海零售", "青松医疗", "远航物流", "金石制造", "华彩传媒", "瑞丰能源",
             "Northwind Traders", "Contoso Retail", "Fabrikam Labs", "Tailspin Travel", "Litware Health",
             "Adatum Finance", "Woodgrove Foods", "Proseware Media"]
INDUSTRIES = ["Retail", "Manufacturing", "Finance", "Healthcare", "Education", "Logistics", "Media", "Energy"]
REGIONS = ["CN North-Beijing4", "CN East-Shanghai1", "CN South-Guangzhou", "AP-Singapore", "CN Southwest-Guiyang1"]


def seed_core(session: Session) -> World:
    now = clock.now()
    w = World(now=now)
    pw = hash_password(PASSWORD)

    def partner(name, kind, **kw):
        p = Partner(name=name, kind=kind, status=kw.pop("status", PartnerStatus.ACTIVE), created_at=now - dt.timedelta(days=400),
                    invitation_code=kw.pop("code", ""), **kw)
        session.add(p)
        session.flush()
        return p

    def user(email, name, role, **kw):
        u = User(email=email, name=name, password_hash=pw, role=role, created_at=kw.pop("created_at", now - dt.timedelta(days=300)), **kw)
        session.add(u)
        session.flush()
        return u

    def certified(p, company, currency, **kw):
        session.add(BusinessInfo(partner_id=p.id, company_name=company, settlement_currency=currency,
                                 status=ReviewStatus.APPROVED, is_certified=True, submitted_at=now - dt.timedelta(days=380),
                                 reviewed_at=now - dt.timedelta(days=379), **kw))

    w.distributor = partner("Northstar Distribution Co., Ltd.", PartnerKind.DISTRIBUTOR, code="NSD2026")
    w.exited_distributor = partner("Eastgate Distribution Ltd.", PartnerKind.DISTRIBUTOR,
                                   distributor_status=DistributorStatus.DELISTED, code="EGD2026")
    w.sp = partner("Zhiyun Technology Co., Ltd. 智云科技", PartnerKind.SOLUTION_PROVIDER, marketing_plan_2=True, code="ZY2026")
    w.reseller = partner("Huaxin Cloud Services 华信云", PartnerKind.CLOUD_RESELLER, distributor_id=w.distributor.id, code="HX2026")
    w.exited_reseller = partner("Lakeside Cloud Reseller", PartnerKind.CLOUD_RESELLER, distributor_id=w.exited_distributor.id,
                                code="LS2026")
    w.gov = partner("Civic Digital Services", PartnerKind.GOVERNMENT_SUBSIDY, code="CDS2026")
    w.pending_partner = partner("Brightpath Consulting", PartnerKind.SOLUTION_PROVIDER, status=PartnerStatus.PENDING, code="BP2026")
    certified(w.sp, "Zhiyun Technology Co., Ltd.", "CNY", registration_no="91310000MA1K4XYZ0A",
              address="88 Century Avenue, Pudong, Shanghai", contact_name="Lin Wei", contact_phone="021-5555-0188")
    certified(w.reseller, "Huaxin Cloud Services Ltd.", "USD", registration_no="HX-2019-00831",
              address="1 Harbour Road, Wan Chai, Hong Kong", contact_name="Chan Mei", contact_phone="+852 5555 0123")
    certified(w.exited_reseller, "Lakeside Cloud Reseller Ltd.", "CNY", registration_no="LS-2020-7781")
    certified(w.distributor, "Northstar Distribution Co., Ltd.", "CNY", registration_no="NS-2018-0042")
    certified(w.exited_distributor, "Eastgate Distribution Ltd.", "CNY", registration_no="EG-2017-0099")
    certified(w.gov, "Civic Digital Services", "EUR", registration_no="CDS-2021-3")
    session.add(BusinessInfo(partner_id=w.pending_partner.id, company_name="Brightpath Consulting Ltd.",
                             settlement_currency="CNY", status=ReviewStatus.PENDING, submitted_at=now - dt.timedelta(days=1)))

    w.manager = user("manager@platform.example", "Grace Manager (Ecosystem)", Role.MANAGER)
    w.sp_admin = user("sp.admin@partner.example", "Lin Wei 林伟", Role.PARTNER_ADMIN, partner_id=w.sp.id, international=True)
    w.sp_staff = user("sp.staff@partner.example", "Zhou Min 周敏", Role.PARTNER_STAFF, partner_id=w.sp.id, full_time=True)
    w.reseller_admin = user("reseller.admin@partner.example", "Chan Mei", Role.PARTNER_ADMIN, partner_id=w.reseller.id)
    w.exited_admin = user("exited.reseller@partner.example", "Omar Lakeside", Role.PARTNER_ADMIN, partner_id=w.exited_reseller.id)
    w.distributor_admin = user("distributor.admin@partner.example", "Dana North", Role.DISTRIBUTOR_ADMIN, partner_id=w.distributor.id)
    w.gov_admin = user("gov.admin@partner.example", "Elena Civic", Role.PARTNER_ADMIN, partner_id=w.gov.id)
    user("brightpath.admin@partner.example", "Ben Bright", Role.PARTNER_ADMIN, partner_id=w.pending_partner.id,
         created_at=now - dt.timedelta(days=1))
    w.member = user("member@person.example", "Wang Fang 王芳", Role.MEMBER, partner_id=w.sp.id, guide_step=1)
    session.add(Affiliation(member_id=w.member.id, partner_id=w.sp.id, joined_at=now - dt.timedelta(days=200)))

    # customers: a Chinese and an English half, registered at various times, some already spending
    for i in range(48):
        company = COMPANIES[i % len(COMPANIES)]
        zh = i % 2 == 0
        name = (SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + "（" + company + "）") if zh else f"{company} #{i}"
        c = Customer(name=name, account_name=f"{'hw' if zh else 'acct'}_{company.split()[0].lower()}{i:02d}",
                     mobile=f"1{3 + i % 6}{i % 10}{(i * 7919) % 100000000:08d}", email=f"contact{i}@client{i % 7}.example",
                     industry=INDUSTRIES[i % len(INDUSTRIES)], region=REGIONS[i % len(REGIONS)],
                     registered_at=now - dt.timedelta(days=(1 if i % 3 else 30) + i), has_spending=i % 5 == 0)
        session.add(c)
        w.customers.append(c)
    w.demo_customer = Customer(name="Sunrise Retail Group 旭日零售", account_name="sunrise_retail", mobile="13812345678",
                               email="it@sunrise-retail.example", industry="Retail", region="CN East-Shanghai1",
                               registered_at=now - dt.timedelta(days=90), has_spending=True)
    w.legacy_customer = Customer(name="Oldtown Manufacturing 老城制造", account_name="oldtown_mfg", mobile="13987654321",
                                 email="finance@oldtown.example", industry="Manufacturing", region="CN North-Beijing4",
                                 registered_at=dt.datetime(2019, 5, 1, 10, 0, tzinfo=dt.UTC))
    session.add(w.demo_customer)
    session.add(w.legacy_customer)
    session.flush()
    w.customer_user = user("customer@client.example", "Sunrise IT (Li Na)", Role.CUSTOMER, customer_id=w.demo_customer.id)
    w.legacy_user = user("legacy.customer@client.example", "Oldtown Finance", Role.CUSTOMER, customer_id=w.legacy_customer.id,
                         created_at=dt.datetime(2019, 5, 1, 10, 0, tzinfo=dt.UTC))
    session.add(LetterVersion(kind="end_user", version=1, published_at=now - dt.timedelta(days=400), text=LETTER_V1))
    session.add(LetterVersion(kind="end_user", version=2, published_at=now - dt.timedelta(days=3), text=LETTER_V2))
    session.add(LetterVersion(kind="commitment", version=1, published_at=now - dt.timedelta(days=400), text=COMMITMENT_V1))
    session.commit()
    return w


COMMITMENT_V1 = (
    "Partner commitment letter. The committer shall not plant any malware, back door, trojan or other virus into the "
    "Platform services ordered or configured under the account. When acting under the end user's authorization letter, "
    "the committer shall meet every obligation of the Platform agreement and act reasonably and prudently within the "
    "scope the end user authorized, with a duty of loyal care for the content and possible consequences of the "
    "authorized operations."
)
LETTER_V1 = (
    "End-user authorization letter (version 1). 1. Scope: you authorize the partner to perform the operations listed "
    "in the scope on your account. 2. Responsibility: you are responsible for every authorization act under this "
    "letter and its consequences. Disputes between you and us arising from it are settled under our contract; the "
    "Platform bears no liability."
)
LETTER_V2 = LETTER_V1.replace("version 1", "version 2") + (
    " 3. Update and revocation: this letter may be updated from time to time; the updated letter can be read after "
    "signing in to the Platform's Account Center. Please read new authorization content promptly. You may revoke an "
    "authorization at any time, giving a reason and confirming with a verification code."
)
