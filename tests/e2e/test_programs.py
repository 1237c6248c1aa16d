"""Plans, capability certification and authorization letters in real Chromium.

Journeys: joining the co-expansion plan through the checkbox gate (the government-subsidy demo partner,
which has never applied), downloading the certification materials, and a full authorization letter:
a freshly registered partner requests (accepting the commitment letter on its first request), a freshly
registered customer agrees with a code and then revokes with a reason and a code.
"""
from __future__ import annotations

import re
import sqlite3
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PASSWORD, e2e_db, outbox_code, sign_in, sign_out

GOV = "gov.admin@partner.example"
SP = "sp.admin@partner.example"
CUSTOMER = "customer@client.example"
MANAGER = "manager@platform.example"


def uid() -> str:
    return uuid.uuid4().hex[:8]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def register(page, portal, kind: str, name: str, email: str) -> None:
    page.goto(portal + "/register")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(lambda url: "/register" not in url)


def test_joining_the_co_expansion_plan_needs_the_ticked_agreement(page, portal):
    sign_in(page, portal, GOV)
    page.goto(portal + "/plans/partner-program")
    expect(page.get_by_role("tab", name="Partner Co-expansion Plan")).to_have_attribute("aria-selected", "true")
    page.get_by_role("link", name="Join Now").click()
    page.wait_for_url(re.compile(r"/plans/partner-program/apply"))
    submit = page.get_by_role("button", name="Submit Application")
    expect(submit).to_be_disabled()
    box = page.get_by_role("checkbox", name="I have read and agree to the commitment and agreement")
    box.check()
    expect(submit).to_be_enabled()
    box.uncheck()
    expect(submit).to_be_disabled()
    box.check()
    submit.click()
    expect(page.get_by_text("Application submitted")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="has been submitted")).to_be_visible()
    # the partner sees its status; a second application is not offered while this one is open
    page.get_by_role("link", name="Back to Partner Program").click()
    page.wait_for_url(re.compile(r"/plans/partner-program$"))
    expect(page.get_by_text("Your application is under review.")).to_be_visible()
    expect(page.get_by_role("link", name="Join Now")).to_have_count(0)
    page.goto(portal + "/plans/partner-program/apply?plan=co-expansion")
    expect(page.get_by_text("Your application is under review.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit Application")).to_have_count(0)


def test_download_materials_serves_the_certification_guide(page, portal):
    sign_in(page, portal, SP)
    page.goto(portal + "/capabilities/certification")
    expect(page.get_by_role("button", name="Apply for Certification")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download Materials").click()
    download = info.value
    assert download.suggested_filename == "certification-guide.pdf"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-") and b"Capability Certification Guide" in data and data.rstrip().endswith(b"%%EOF")


def test_customer_agrees_then_revokes_an_authorization_with_codes(browser, portal):
    partner_email, customer_email = f"az-partner-{uid()}@partner.example", f"az-customer-{uid()}@client.example"
    customer_name = f"Revoker {uid()}"
    setup = browser.new_context()
    page = setup.new_page()
    register(page, portal, "Partner company", f"Authorizing Partner {uid()}", partner_email)
    sign_out(page)
    register(page, portal, "Customer", customer_name, customer_email)
    sign_out(page)
    setup.close()
    # Preconditions outside this area: the platform approved the partner, and the customer is associated with it.
    with sqlite3.connect(e2e_db(portal)) as conn:
        partner_id = conn.execute("SELECT partner_id FROM user WHERE email = ?", (partner_email,)).fetchone()[0]
        customer_id = conn.execute("SELECT customer_id FROM user WHERE email = ?", (customer_email,)).fetchone()[0]
        conn.execute("UPDATE partner SET status = 'active' WHERE id = ?", (partner_id,))
        conn.execute("INSERT INTO association (partner_id, customer_id, association_type, active, created_at) "
                     "VALUES (?, ?, 'referral', 1, datetime('now'))", (partner_id, customer_id))

    partner = browser.new_context().new_page()
    partner.set_default_timeout(20_000)
    sign_in(partner, portal, partner_email, next_path="/account/authorizations")
    partner.goto(portal + "/account/authorizations")
    partner.get_by_role("button", name="Request Authorization").click()
    dialog = partner.get_by_role("dialog")
    dialog.get_by_role("checkbox", name="Open support tickets").check()
    send = dialog.get_by_role("button", name="Submit")
    expect(send).to_be_disabled()  # the first request needs the commitment letter
    dialog.get_by_role("checkbox", name="I accept the partner commitment letter").check()
    send.click()
    expect(partner.get_by_role("dialog")).to_have_count(0)
    expect(partner.get_by_role("table").get_by_text("Awaiting customer")).to_be_visible()
    partner.context.close()

    page = browser.new_context().new_page()
    page.set_default_timeout(20_000)
    sign_in(page, portal, customer_email)
    page.goto(portal + "/account/authorizations")
    page.get_by_role("button", name="Process Now").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Open support tickets")).to_be_visible()
    dialog.get_by_role("button", name="Send code").click()
    expect(dialog.get_by_text("A code was sent")).to_be_visible()
    dialog.get_by_label("Verification code").fill(outbox_code(portal, customer_email))
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("No requests are waiting for you.")).to_be_visible()

    page.get_by_role("button", name="Revoke").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Send code").click()
    expect(dialog.get_by_text("A code was sent")).to_be_visible()
    dialog.get_by_label("Verification code").fill(outbox_code(portal, customer_email))
    dialog.get_by_role("button", name="OK").click()
    expect(dialog.get_by_role("alert")).to_contain_text("reason")  # a reason is required
    dialog.get_by_label("Reason").fill("The project is finished.")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("No partner holds an authorization on your account.")).to_be_visible()
    expect(page.get_by_text("The project is finished.")).to_be_visible()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    page.context.close()


def test_program_pages_are_axe_clean(browser, portal):
    # gov.admin rather than sp.admin: the shell's international-site banner is not this area's page
    pages = [(GOV, ["/plans/partner-program", "/plans/partner-program/apply?plan=co-expansion",
                   "/capabilities/certification", "/account/authorizations"]),
             (CUSTOMER, ["/account/authorizations"]),
             ("distributor.admin@partner.example", ["/account/authorizations"]),
             (MANAGER, ["/console/plans"])]
    problems = {}
    for email, routes in pages:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, portal, email)
        for route in routes:
            page.goto(portal + route)
            page.get_by_role("heading", level=1).first.wait_for()
            page.wait_for_timeout(600)
            found = serious_violations(page)
            if found:
                problems[f"{email} {route}"] = found
        context.close()
    assert problems == {}


def test_distributor_sees_reseller_requests_on_my_resellers(page, portal):
    sign_in(page, portal, "distributor.admin@partner.example")
    page.goto(portal + "/sales/resellers")
    section = page.get_by_role("heading", name="Reseller authorization requests awaiting you")
    expect(section).to_be_visible()
    expect(page.get_by_role("button", name="Approve").first).to_be_visible()
    expect(page.get_by_text("Awaiting distributor").first).to_be_visible()
