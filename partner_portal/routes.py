"""Route constants (PRODUCT.md §11 — a contract) and the top navigation per permission."""
from __future__ import annotations

from dataclasses import dataclass

LOGIN = "/login"
REGISTER = "/register"
FORGOT = "/forgot-password"
PARTNER_CENTER = "/partner-center"
CUSTOMER_EXPANSION = "/sales/customer-expansion"
REPORT_CUSTOMER = "/sales/customer-expansion/report"
MY_CUSTOMERS = "/sales/customers"
RESELLERS = "/sales/resellers"
LEADS = "/sales/leads"
TASKS = "/sales/marketing-tasks"
OPPORTUNITIES = "/sales/opportunities"
NEW_OPPORTUNITY = "/sales/opportunities/new"
COUPONS = "/sales/coupons"
MDF = "/benefits/mdf"
FH = "/benefits/fh"
INCENTIVES = "/incentives/applications"
INVOICING = "/invoicing"
PARTNER_PROGRAM = "/plans/partner-program"
PROGRAM_APPLY = "/plans/partner-program/apply"
CERTIFICATION = "/capabilities/certification"
GUIDE = "/member/guide"
PROJECTS = "/member/projects"
CERTIFICATES = "/member/certificates"
ACCOUNT = "/account"
PROFILE = "/account/profile"
MY_PARTNERS = "/account/partners"
MY_VOUCHERS = "/account/vouchers"
INVOICE_INFO = "/account/invoice-info"
AUTHORIZATIONS = "/account/authorizations"
USERS = "/account/users"
BUSINESS_INFO = "/account/business-info"
CONSOLE = "/console"
CONSOLE_REVIEWS = "/console/reviews"
CONSOLE_PARTNERS = "/console/partners"
CONSOLE_OUTBOX = "/console/outbox"
CONSOLE_MEMBERS = "/console/members"
CONSOLE_VOUCHERS = "/console/vouchers"
CONSOLE_PLANS = "/console/plans"
CONSOLE_LEADS = "/console/leads"
CONSOLE_TASKS = "/console/tasks"
COUPON_RECORDS = "/sales/coupons/records"
NOTIFICATIONS = "/notifications"


def lead(lead_id: int) -> str:
    return f"{LEADS}/{lead_id}"


def opportunity(opp_id: int) -> str:
    return f"{OPPORTUNITIES}/{opp_id}"


def invoicing(list_id: int) -> str:
    return f"{INVOICING}/{list_id}"


def review_queue(kind: str) -> str:
    return f"{CONSOLE_REVIEWS}/{kind}"


@dataclass(frozen=True)
class NavItem:
    label: str  # catalogue key
    route: str
    perm: str
    group: str = ""  # catalogue key of a group heading inside the menu


@dataclass(frozen=True)
class Menu:
    label: str
    perm: str
    items: tuple[NavItem, ...]


TOP_NAV: tuple[Menu, ...] = (
    Menu("nav.sales", "sales", (
        NavItem("nav.customer_expansion", CUSTOMER_EXPANSION, "sales", "nav.expand"),
        NavItem("nav.leads", LEADS, "sales", "nav.expand"),
        NavItem("nav.tasks", TASKS, "sales", "nav.expand"),
        NavItem("nav.opportunities", OPPORTUNITIES, "sales", "nav.expand"),
        NavItem("nav.my_customers", MY_CUSTOMERS, "sales", "nav.customers"),
        NavItem("nav.coupons", COUPONS, "sales", "nav.customers"),
        NavItem("nav.resellers", RESELLERS, "resellers", "nav.customers"),
    )),
    Menu("nav.benefits", "benefits", (
        NavItem("nav.mdf", MDF, "benefits"),
        NavItem("nav.fh", FH, "benefits"),
    )),
    Menu("nav.incentives", "incentives", (NavItem("nav.applications", INCENTIVES, "incentives"),)),
    Menu("nav.plans", "plans", (NavItem("nav.partner_program", PARTNER_PROGRAM, "plans"),)),
    Menu("nav.capabilities", "capabilities", (NavItem("nav.certification", CERTIFICATION, "capabilities"),)),
    Menu("nav.member", "member_area", (
        NavItem("nav.guide", GUIDE, "member_area"),
        NavItem("nav.projects", PROJECTS, "member_area"),
        NavItem("nav.certificates", CERTIFICATES, "member_area"),
    )),
    Menu("nav.account_center", "account_center", (
        NavItem("nav.profile", PROFILE, "account_center"),
        NavItem("nav.my_partners", MY_PARTNERS, "my_partners"),
        NavItem("nav.my_vouchers", MY_VOUCHERS, "my_vouchers"),
        NavItem("nav.invoice_info", INVOICE_INFO, "invoice_info"),
        NavItem("nav.authorizations", AUTHORIZATIONS, "authorizations"),
        NavItem("nav.users", USERS, "manage_users"),
        NavItem("nav.business_info", BUSINESS_INFO, "business_info"),
    )),
    Menu("nav.console", "console", (
        NavItem("nav.console_home", CONSOLE, "console"),
        NavItem("nav.console_partners", CONSOLE_PARTNERS, "console"),
        NavItem("nav.console_outbox", CONSOLE_OUTBOX, "console"),
        NavItem("nav.console_members", CONSOLE_MEMBERS, "console"),
        NavItem("nav.console_vouchers", CONSOLE_VOUCHERS, "console"),
        NavItem("nav.console_plans", CONSOLE_PLANS, "console"),
        NavItem("nav.console_leads", CONSOLE_LEADS, "console"),
        NavItem("nav.console_tasks", CONSOLE_TASKS, "console"),
    )),
)
