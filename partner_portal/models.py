"""Every table and enum of the portal, in one place.

Enums are stored as their string values (plain VARCHAR columns), so a new
value needs no migration.  Money is ``Decimal`` (NUMERIC(18, 2)) beside its
currency; datetimes are aware UTC from the injectable clock.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Field, SQLModel


def money(default: str = "0") -> Decimal:
    return Field(default=Decimal(default), max_digits=18, decimal_places=2)


# ---------------------------------------------------------------- enums
class Role(StrEnum):
    PARTNER_ADMIN = "partner_admin"
    PARTNER_STAFF = "partner_staff"
    DISTRIBUTOR_ADMIN = "distributor_admin"
    MEMBER = "member"
    CUSTOMER = "customer"
    MANAGER = "manager"


class PartnerKind(StrEnum):
    SOLUTION_PROVIDER = "solution_provider"
    GOVERNMENT_SUBSIDY = "government_subsidy"
    CLOUD_RESELLER = "cloud_reseller"
    DISTRIBUTOR = "distributor"


class PartnerStatus(StrEnum):
    PENDING = "pending"  # registered, waiting for the platform's approval
    ACTIVE = "active"
    REJECTED = "rejected"


class DistributorStatus(StrEnum):
    ACTIVE = "active"
    DELISTED = "delisted"  # 摘牌退出: delisted and exited


class ReviewStatus(StrEnum):
    PENDING = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReportStatus(StrEnum):
    PENDING = "pending"
    REPORTED = "reported"
    REJECTED = "rejected"
    EXPIRED = "expired"
    ASSOCIATED = "associated"


class AssociationType(StrEnum):
    REFERRAL = "referral"
    RESALE = "resale"


class RequestKind(StrEnum):
    ASSOCIATE = "associate"
    DISSOCIATE = "dissociate"
    SWITCH_TYPE = "switch_type"


class RequestStatus(StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class LeadStatus(StrEnum):
    NEW = "new"
    FOLLOWING = "following"
    CONVERTED = "converted"
    CLOSED = "closed"


class OpportunityStage(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WON = "won"
    LOST = "lost"


class VoucherStatus(StrEnum):
    AVAILABLE = "available"
    USED_UP = "used_up"
    EXPIRED = "expired"
    RECLAIMED = "reclaimed"


class QuotaOp(StrEnum):
    GRANT = "grant"
    ISSUE = "issue"
    RECLAIM = "reclaim"
    EXPIRE = "expire"
    USE = "use"


class MdfStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    REDEMPTION_SUBMITTED = "redemption_submitted"
    REDEMPTION_APPROVED = "redemption_approved"
    REDEMPTION_REJECTED = "redemption_rejected"


class FhStatus(StrEnum):
    ACCEPTANCE_SUBMITTED = "acceptance_submitted"
    ACCEPTANCE_APPROVED = "acceptance_approved"
    ACCEPTANCE_REJECTED = "acceptance_rejected"
    PAYMENT_SUBMITTED = "payment_submitted"
    PAYMENT_APPROVED = "payment_approved"
    PAYMENT_REJECTED = "payment_rejected"


class InvoicingStatus(StrEnum):
    READY = "ready"  # list issued, waiting for the partner's invoice
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    PAID = "paid"


class InvoiceType(StrEnum):
    PAPER = "paper"
    E_SPECIAL_VAT = "e_special_vat"  # 电子专票


class AuthorizationStatus(StrEnum):
    AWAITING_DISTRIBUTOR = "awaiting_distributor"
    AWAITING_CUSTOMER = "awaiting_customer"
    ACTIVE = "active"
    REJECTED = "rejected"
    REVOKED = "revoked"


class OutboxStatus(StrEnum):
    QUEUED = "queued"  # waiting for SMTP delivery
    STORED = "stored"  # no SMTP configured: kept here to be read in the console
    SENT = "sent"
    FAILED = "failed"


# ---------------------------------------------------------------- accounts
class Partner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    kind: str = Field(default=PartnerKind.SOLUTION_PROVIDER, index=True)
    status: str = Field(default=PartnerStatus.PENDING, index=True)
    review_comment: str = ""
    distributor_id: int | None = Field(default=None, foreign_key="partner.id", index=True)
    distributor_status: str = DistributorStatus.ACTIVE  # meaningful for distributors
    marketing_plan_2: bool = False
    invitation_code: str = Field(default="", index=True)
    created_at: dt.datetime


class BusinessInfo(SQLModel, table=True):
    """Business information certification; the certified row sets the settlement currency."""
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    company_name: str
    registration_no: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    settlement_currency: str = "CNY"
    status: str = Field(default=ReviewStatus.PENDING, index=True)
    is_certified: bool = False  # the row in force; at most one per partner
    review_comment: str = ""
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None = None


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True)
    name: str
    password_hash: str
    role: str = Field(index=True)
    partner_id: int | None = Field(default=None, foreign_key="partner.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    active: bool = True
    full_time: bool = False
    international: bool = False
    hide_international_notice: bool = False
    language: str = "en"
    guide_step: int = 0  # newcomer guide: 0 profile, 1 projects, 2 certificates, 3 done
    guide_skipped: bool = False
    seen_letter_version: int = 0
    created_at: dt.datetime


class UserSession(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


class LoginAttempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True)
    browser: str = Field(default="", index=True)
    success: bool = False
    at: dt.datetime = Field(index=True)


class PasswordReset(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    code_hash: str
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    failed_attempts: int = 0
    created_at: dt.datetime


class Affiliation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="user.id", index=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    joined_at: dt.datetime
    left_at: dt.datetime | None = None


# ---------------------------------------------------------------- customers
class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    account_name: str = Field(unique=True, index=True)
    mobile: str = Field(default="", index=True)
    email: str = ""
    industry: str = ""
    region: str = ""
    registered_at: dt.datetime
    has_spending: bool = False


class CustomerReport(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    reported_by: int = Field(foreign_key="user.id")
    association_type: str = AssociationType.REFERRAL
    status: str = Field(default=ReportStatus.PENDING, index=True)
    manual_review: bool = False
    remark: str = ""
    review_comment: str = ""
    created_at: dt.datetime = Field(index=True)
    reported_at: dt.datetime | None = None
    valid_until: dt.datetime | None = Field(default=None, index=True)
    reminder_sent: bool = False
    version: int = 0


class Association(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    association_type: str = AssociationType.REFERRAL
    active: bool = Field(default=True, index=True)
    created_at: dt.datetime
    ended_at: dt.datetime | None = None


class AssociationRequest(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    association_id: int | None = Field(default=None, foreign_key="association.id")
    report_id: int | None = Field(default=None, foreign_key="customerreport.id")
    kind: str = RequestKind.ASSOCIATE
    initiator: str = "partner"  # partner | customer
    new_type: str = ""
    status: str = Field(default=RequestStatus.WAITING, index=True)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: dt.datetime = Field(index=True)
    processed_at: dt.datetime | None = None
    processed_by: int | None = None


class VerificationCode(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(index=True)  # e.g. "association_request", "authorization"
    target_id: int = Field(index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    code_hash: str
    sent_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None


# ---------------------------------------------------------------- sales
class Lead(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    name: str
    company: str = ""
    mobile: str = ""
    email: str = ""
    source: str = ""
    product_interest: str = ""
    status: str = Field(default=LeadStatus.NEW, index=True)
    distributed: bool = False  # distributed by the platform
    sla_hours: int = 48
    followed_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    opportunity_id: int | None = None
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: dt.datetime = Field(index=True)


class LeadEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    kind: str  # created | status | note | call | distributed | escalated
    text: str = ""
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    at: dt.datetime


class CallRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    caller_id: int = Field(foreign_key="user.id")
    started_at: dt.datetime
    duration_seconds: int = 0
    outcome: str = ""


class MarketingTask(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    campaign: str
    customer_id: int = Field(foreign_key="customer.id")
    description: str = ""
    due_date: dt.date
    expected_amount: Decimal = money()
    currency: str = "CNY"
    status: str = "open"  # open | done
    opportunity_id: int | None = None
    created_at: dt.datetime


class Opportunity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    name: str
    amount: Decimal = money()
    currency: str = "CNY"
    close_date: dt.date
    products: str = ""
    region: str = ""
    competitors: str = ""
    description: str = ""
    stage: str = Field(default=OpportunityStage.DRAFT, index=True)
    review_comment: str = ""
    lost_reason: str = ""
    task_id: int | None = Field(default=None, foreign_key="marketingtask.id")
    lead_id: int | None = Field(default=None, foreign_key="lead.id")
    created_at: dt.datetime = Field(index=True)
    submitted_at: dt.datetime | None = None
    version: int = 0


class OpportunityDraft(SQLModel, table=True):
    """The wizard's draft, kept between steps and across reloads (one per user)."""
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    step: int = 1
    data: str = "{}"  # JSON of the wizard's fields
    updated_at: dt.datetime


# ---------------------------------------------------------------- vouchers
class VoucherQuota(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    source: str = "platform"  # platform | distributor
    source_partner_id: int | None = Field(default=None, foreign_key="partner.id")
    parent_quota_id: int | None = Field(default=None, foreign_key="voucherquota.id")
    currency: str = "CNY"
    total: Decimal = money()
    issued: Decimal = money()  # issued to customers or granted onward
    valid_from: dt.date
    valid_until: dt.date
    created_at: dt.datetime
    version: int = 0


class Voucher(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    quota_id: int = Field(foreign_key="voucherquota.id", index=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    face_value: Decimal = money()
    used: Decimal = money()
    currency: str = "CNY"
    status: str = Field(default=VoucherStatus.AVAILABLE, index=True)
    valid_until: dt.date
    issued_at: dt.datetime
    issued_by: int = Field(foreign_key="user.id")


class QuotaRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    quota_id: int = Field(foreign_key="voucherquota.id", index=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    op: str = Field(index=True)
    amount: Decimal = money()
    currency: str = "CNY"
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    voucher_id: int | None = Field(default=None, foreign_key="voucher.id")
    operator_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    note: str = ""
    at: dt.datetime = Field(index=True)


# ---------------------------------------------------------------- benefits and invoicing
class MdfQuota(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    year: int
    amount: Decimal = money()
    currency: str = "CNY"


class Holiday(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    day: dt.date = Field(unique=True)
    name: str = ""


class MdfApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    name: str
    activity_type: str = ""
    budget: Decimal = money()
    currency: str = "CNY"
    start_date: dt.date
    end_date: dt.date
    status: str = Field(default=MdfStatus.SUBMITTED, index=True)
    review_comment: str = ""
    actual_amount: Decimal | None = Field(default=None, max_digits=18, decimal_places=2)
    redemption_note: str = ""
    redemption_submitted_at: dt.datetime | None = None
    redemption_rejected_at: dt.datetime | None = None
    redemption_approved_at: dt.datetime | None = None
    created_by: int = Field(foreign_key="user.id")
    created_at: dt.datetime = Field(index=True)
    version: int = 0


class FhApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    quarter: str  # e.g. "2026Q3"
    person_id: int = Field(foreign_key="user.id")
    person_name: str
    amount: Decimal = money()
    currency: str = "CNY"
    status: str = Field(default=FhStatus.ACCEPTANCE_SUBMITTED, index=True)
    review_comment: str = ""
    created_at: dt.datetime = Field(index=True)
    version: int = 0


class IncentiveApplication(SQLModel, table=True):
    """Other incentives (e.g. sales rebates) that share the invoicing flow."""
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    program: str
    period: str = ""
    amount: Decimal = money()
    currency: str = "CNY"
    status: str = Field(default="submitted", index=True)  # submitted | approved | rejected
    review_comment: str = ""
    created_at: dt.datetime = Field(index=True)


class InvoicingList(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    source_kind: str  # mdf | fh | incentive
    source_id: int
    title: str = ""
    currency: str = "CNY"
    total: Decimal = money()
    status: str = Field(default=InvoicingStatus.READY, index=True)
    invoice_type: str = InvoiceType.PAPER
    invoice_number: str = ""
    review_comment: str = ""
    created_at: dt.datetime
    due_date: dt.date
    submitted_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    reminder_sent: bool = False
    version: int = 0


class InvoicingLine(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="invoicinglist.id", index=True)
    description: str
    amount: Decimal = money()


class InvoiceSubmission(SQLModel, table=True):
    """History of every invoice sent for an invoicing list and its review."""
    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="invoicinglist.id", index=True)
    invoice_number: str
    invoice_type: str
    submitted_by: int = Field(foreign_key="user.id")
    submitted_at: dt.datetime
    result: str = "submitted"  # submitted | rejected | paid
    review_comment: str = ""
    reviewed_at: dt.datetime | None = None


class InvoiceInfo(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    title: str
    taxpayer_id: str
    bank: str = ""
    bank_account: str = ""
    address: str = ""
    phone: str = ""
    valid: bool = True
    pending_title: str = ""
    pending_taxpayer_id: str = ""
    change_status: str = ""  # "" | pending_review | rejected
    review_comment: str = ""
    created_at: dt.datetime


# ---------------------------------------------------------------- plans, capabilities, members
class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    name_zh: str = ""
    description: str = ""
    description_zh: str = ""
    agreement: str = ""  # the commitment and agreement the applicant ticks
    agreement_zh: str = ""
    active: bool = True


class PlanApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    status: str = Field(default="submitted", index=True)  # submitted | approved | rejected
    agreed_at: dt.datetime
    submitted_by: int = Field(foreign_key="user.id")
    review_comment: str = ""
    created_at: dt.datetime
    reviewed_at: dt.datetime | None = None
    version: int = 0


class Capability(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_zh: str = ""
    requirements: str = ""
    requirements_zh: str = ""
    active: bool = True


class CapabilityApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    capability_id: int = Field(foreign_key="capability.id", index=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    description: str = ""
    status: str = Field(default="submitted", index=True)  # submitted | approved | rejected
    review_comment: str = ""
    submitted_by: int = Field(foreign_key="user.id")
    created_at: dt.datetime
    reviewed_at: dt.datetime | None = None
    version: int = 0


class StoredFile(SQLModel, table=True):
    """An uploaded file kept outside the public upload folder."""
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    partner_id: int | None = Field(default=None, foreign_key="partner.id")
    ref_kind: str = Field(index=True)  # certificate | mdf_proof | capability_evidence
    ref_id: int = Field(default=0, index=True)
    filename: str
    content_type: str
    size: int
    path: str
    created_at: dt.datetime


class MemberProject(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="user.id", index=True)
    name: str
    customer: str = ""
    role: str = ""
    start_date: dt.date
    end_date: dt.date | None = None
    description: str = ""
    platform_generated: bool = False
    created_by: int = Field(foreign_key="user.id")
    created_at: dt.datetime


class Certificate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="user.id", index=True)
    name: str
    number: str
    issuer: str = ""
    issued_on: dt.date
    expires_on: dt.date | None = None
    file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    status: str = Field(default=ReviewStatus.PENDING, index=True)
    review_comment: str = ""
    reminder_sent: bool = False
    created_at: dt.datetime
    version: int = 0


# ---------------------------------------------------------------- authorization letters
class LetterVersion(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="end_user", index=True)  # end_user | commitment
    version: int
    text: str
    text_zh: str = ""
    published_at: dt.datetime


class PartnerCommitment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    letter_version: int
    accepted_by: int = Field(foreign_key="user.id")
    accepted_at: dt.datetime


class Authorization(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    scope: str  # comma-separated scope keys
    status: str = Field(index=True)
    letter_version: int = 1
    requested_by: int = Field(foreign_key="user.id")
    created_at: dt.datetime
    distributor_decided_at: dt.datetime | None = None
    agreed_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    reason: str = ""


# ---------------------------------------------------------------- notifications, outbox, audit
class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    title: str
    body: str = ""
    link: str = ""
    dedupe_key: str = Field(default="", index=True)
    created_at: dt.datetime = Field(index=True)
    read_at: dt.datetime | None = None


class Outbox(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    channel: str  # email | sms
    recipient: str = Field(index=True)
    subject: str = ""
    body: str
    status: str = Field(default=OutboxStatus.QUEUED, index=True)
    attempts: int = 0
    error: str = ""
    created_at: dt.datetime = Field(index=True)
    sent_at: dt.datetime | None = None


class AuditLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, index=True)
    action: str = Field(index=True)
    object_kind: str = Field(index=True)
    object_id: int | None = Field(default=None, index=True)
    partner_id: int | None = Field(default=None, index=True)
    customer_id: int | None = Field(default=None, index=True)
    before: str = ""
    after: str = ""
    at: dt.datetime = Field(index=True)
