"""Accounts and administration in real Chromium: password reset through the outbox, onboarding and staff,
delisting a distributor, axe-core on every page of the area. Every journey uses accounts it registers."""
from __future__ import annotations

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PASSWORD, sign_in, sign_out

MANAGER = "manager@platform.example"


def uid() -> str:
    return uuid.uuid4().hex[:8]


def register(page, base: str, kind: str, name: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/register")
    radio = page.get_by_role("radio", name=kind, exact=True)
    radio.click()  # the choice goes through the server, so wait for it rather than check()
    expect(radio).to_be_checked()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(lambda url: "/register" not in url)


def decide(page, base: str, queue: str, subject: str, decision: str = "Approve", comment: str = "") -> None:
    page.goto(base + f"/console/reviews/{queue}")
    row = page.get_by_role("row").filter(has_text=subject)
    row.get_by_role("button", name=decision).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name=decision).click()
    expect(page.get_by_role("row").filter(has_text=subject)).to_have_count(0)


def choose(page, scope, label: str, option: str) -> None:
    scope.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(scope.get_by_role("combobox", name=label)).to_have_text(option)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_forgotten_password_is_reset_with_the_code_from_the_outbox(browser, portal):
    email, new_password = f"forgot-{uid()}@person.example", "Renewed#2026"
    other = browser.new_context()
    old_tab = other.new_page()
    register(old_tab, portal, "Personal", "Forgetful Fiona", email)  # a session that must end with the reset

    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(portal + "/login")
    page.get_by_role("link", name="Forgot password").click()
    page.wait_for_url(re.compile(r"/forgot-password"))
    page.wait_for_load_state("networkidle")  # the page's on_load has answered: what is typed now stays
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Send code").click()
    expect(page.get_by_label("Verification code")).to_be_visible()

    console = browser.new_context().new_page()  # the manager reads the code on the console's outbox
    sign_in(console, portal, MANAGER)
    console.goto(portal + "/console/outbox")
    console.get_by_label("Search").fill(email)
    row = console.get_by_role("row").filter(has_text="password reset code").first
    expect(row).to_be_visible()
    code = re.search(r"\b(\d{6})\b", row.inner_text()).group(1)

    page.get_by_label("Verification code").fill(code)
    page.get_by_label("New password").fill(new_password)
    page.get_by_label("Confirm password").fill(new_password)
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_text("Password changed")).to_be_visible()

    old_tab.goto(portal + "/account/profile")
    old_tab.wait_for_url(re.compile(r"/login"))
    sign_in(page, portal, email, new_password)
    page.goto(portal + "/account/profile")
    expect(page.get_by_role("heading", name="Profile")).to_be_visible()
    for c in (other, ctx, console.context):
        c.close()


def test_admin_adds_a_staff_user_who_signs_in_and_is_refused_admin_actions(page, portal, browser):
    company, admin = f"Acme {uid()}", f"admin-{uid()}@acme.example"
    register(page, portal, "Partner company", company, admin)
    expect(page.get_by_text("waiting for the platform's approval").first).to_be_visible()
    page.goto(portal + "/account/users")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()  # not before approval

    mgr = browser.new_context().new_page()
    sign_in(mgr, portal, MANAGER)
    decide(mgr, portal, "partners", company, "Approve", "Welcome aboard")
    mgr.context.close()

    staff = f"staff-{uid()}@acme.example"
    page.goto(portal + "/account/users")
    page.get_by_role("button", name="Add user").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Stan Staff")
    dialog.get_by_role("textbox", name="E-mail").fill(staff)
    dialog.get_by_role("textbox", name="Initial password").fill("Staff#2026")
    dialog.get_by_label("Full-time").click()
    expect(dialog.get_by_label("Full-time")).to_be_checked()
    dialog.get_by_role("button", name="Add user").click()
    row = page.get_by_role("row").filter(has_text=staff)
    expect(row).to_be_visible()
    expect(row.get_by_text("Yes")).to_be_visible()
    sign_out(page)

    sign_in(page, portal, staff, "Staff#2026")
    page.goto(portal + "/account")
    expect(page.get_by_role("link", name=re.compile("^Profile"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Users"))).to_have_count(0)
    for route in ("/account/users", "/account/business-info"):
        page.goto(portal + route)
        expect(page.get_by_role("heading", name="No access")).to_be_visible()


def test_delisting_a_distributor_shows_at_once_on_its_resellers_partner_center(page, portal, browser):
    dist, reseller = f"Fresh Distribution {uid()}", f"Fresh Reseller {uid()}"
    reseller_page = browser.new_context().new_page()
    register(reseller_page, portal, "Partner company", reseller, f"r-{uid()}@fresh.example")
    register(browser.new_context().new_page(), portal, "Partner company", dist, f"d-{uid()}@fresh.example")

    sign_in(page, portal, MANAGER)
    decide(page, portal, "partners", reseller)
    decide(page, portal, "partners", dist)
    page.goto(portal + "/console/partners")

    def manage(name):
        page.get_by_label("Search").fill(name)
        page.get_by_role("button", name=f"Manage {name}").click()
        return page.get_by_role("dialog")

    dialog = manage(dist)
    choose(page, dialog, "Partner type", "Distributor")
    dialog.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("row").filter(has_text=dist).get_by_text("Distributor", exact=True)).to_be_visible()

    dialog = manage(reseller)
    choose(page, dialog, "Partner type", "Cloud reseller")
    choose(page, dialog, "Distributor", dist)
    dialog.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("row").filter(has_text=reseller).get_by_text(dist)).to_be_visible()

    reseller_page.goto(portal + "/partner-center")
    expect(reseller_page.get_by_role("heading", name="Partner Center")).to_be_visible()
    expect(reseller_page.get_by_text("delisted and exited")).to_have_count(0)

    dialog = manage(dist)
    choose(page, dialog, "Distributor status", "Delisted and exited")
    dialog.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("row").filter(has_text=dist).get_by_text("Delisted and exited")).to_be_visible()

    reseller_page.goto(portal + "/partner-center")
    expect(reseller_page.get_by_text("Your distributor has been delisted and exited")).to_be_visible()
    reseller_page.context.close()


# The reseller admin, not sp.admin: sp.admin's international banner belongs to the shell, not this area.
AXE_PAGES = [
    ("reseller.admin@partner.example", ["/account", "/account/profile", "/account/users", "/account/business-info",
                                        "/notifications"]),
    ("member@person.example", ["/account", "/account/profile"]),
    (MANAGER, ["/console", "/console/reviews/partners", "/console/reviews/business-info", "/console/partners",
               "/console/outbox", "/notifications"]),
]


@pytest.mark.parametrize("email,routes", AXE_PAGES, ids=[e for e, _ in AXE_PAGES])
def test_account_and_console_pages_have_no_serious_accessibility_violations(page, portal, email, routes):
    sign_in(page, portal, email)
    for route in routes:
        page.goto(portal + route)
        expect(page.get_by_role("heading", level=1).or_(page.get_by_role("heading").first).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], route
