"""Customer reporting and associations in real Chromium (issue 4, items 1–3).

Journeys touch only rows they own: customers they report under fresh account names, customers they
register, and the demo's unreported "free" customers (harbor_analytics) and gov.admin's company.
"""
from __future__ import annotations

import re
import secrets
import sqlite3

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import e2e_db, outbox_code, sign_in, sign_out

GOV = "gov.admin@partner.example"


def serious_violations(page) -> list[str]:
    """axe-core on this area's content and any open dialog (the shell's banners are checked by test_shell)."""
    include = [["#area-content"]] + ([["[role=dialog]"]] if page.get_by_role("dialog").count() else [])
    results = Axe().run(page, context={"include": include})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def report(page, portal, *, name: str, account: str, mobile: str, association_type: str = "Referral") -> None:
    page.goto(portal + "/sales/customer-expansion")
    page.get_by_role("button", name="Report Customer").click()
    page.wait_for_url(re.compile(r"/sales/customer-expansion/report"))
    expect(page.get_by_role("heading", name="1. Conflict check")).to_be_visible()
    page.get_by_label("Account name", exact=True).fill(account)
    page.get_by_label("Mobile", exact=True).fill(mobile)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status").filter(has_text="can be reported")).to_be_visible()
    expect(page.get_by_label("Account name")).to_have_value(account)
    page.get_by_label("Customer name").fill(name)
    page.get_by_label(association_type).check()
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_url(re.compile(r"/sales/customer-expansion$"))


def test_report_a_customer_and_see_it_masked_then_reveal_and_hide_its_mobile(page, portal):
    sign_in(page, portal, GOV)
    tag = secrets.token_hex(3)
    account, mobile = f"e2e_{tag}", f"139{int(tag, 16) % 10**8:08d}"
    report(page, portal, name=f"Journey Retail {tag}", account=account, mobile=mobile)
    page.get_by_label("Search").fill(account)
    expect(page.get_by_role("row")).to_have_count(2)  # header + the one match: the debounced search has run
    masked = page.get_by_role("row").filter(has_text=mobile[:3] + "****" + mobile[-4:])
    expect(masked).to_have_count(1)
    row_id = masked.get_by_text(re.compile(r"^#\d+$")).inner_text()
    row = page.get_by_role("row").filter(has=page.get_by_text(row_id, exact=True))  # stays put while revealed
    expect(row).to_contain_text("J******")
    expect(row).not_to_contain_text(mobile)
    expect(row).to_contain_text("Reported")
    row.get_by_role("button", name="Show Mobile").click()
    expect(row).to_contain_text(mobile)
    row.get_by_role("button", name="Hide Mobile").click()
    expect(row).not_to_contain_text(mobile)
    assert serious_violations(page) == []


def _reported_by_the_solution_provider_only(portal) -> tuple[str, str]:
    """(account name, mobile) of a customer the solution provider holds reported, unknown to gov.admin's company."""
    with sqlite3.connect(e2e_db(portal)) as conn:
        return conn.execute(
            "SELECT c.account_name, c.mobile FROM customerreport r JOIN customer c ON c.id = r.customer_id "
            "JOIN partner p ON p.id = r.partner_id WHERE p.name LIKE 'Zhiyun%' AND r.status = 'reported' "
            "AND NOT EXISTS (SELECT 1 FROM association a WHERE a.customer_id = c.id AND a.active = 1) "
            "AND NOT EXISTS (SELECT 1 FROM customerreport o WHERE o.customer_id = c.id AND o.id != r.id) "
            "ORDER BY r.id LIMIT 1").fetchone()


def test_conflict_check_refuses_a_customer_reported_elsewhere_without_naming_the_partner(page, portal):
    account, mobile = _reported_by_the_solution_provider_only(portal)
    sign_in(page, portal, GOV)
    page.goto(portal + "/sales/customer-expansion/report")
    page.get_by_label("Mobile", exact=True).fill(mobile)
    page.get_by_role("button", name="Check").click()
    status = page.get_by_role("status").filter(has_text="already been reported by another partner")
    expect(status).to_be_visible()
    expect(status).not_to_contain_text("Zhiyun")
    assert serious_violations(page) == []


def test_field_errors_are_shown_next_to_the_field(page, portal):
    sign_in(page, portal, GOV)
    page.goto(portal + "/sales/customer-expansion/report")
    page.get_by_label("Account name", exact=True).fill(f"e2e_{secrets.token_hex(3)}")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status").filter(has_text="can be reported")).to_be_visible()
    page.get_by_label("Mobile").fill("12")
    page.get_by_label("Customer name").fill("Bad Mobile Co")
    page.get_by_role("button", name="Submit report").click()
    expect(page.get_by_role("alert").filter(has_text="11-digit mobile number")).to_be_visible()
    assert serious_violations(page) == []


def test_the_exited_reseller_cannot_report(page, portal):
    sign_in(page, portal, "exited.reseller@partner.example")
    page.goto(portal + "/sales/customer-expansion")
    button = page.get_by_role("button", name="Report Customer")
    expect(button).to_be_disabled()
    expect(page.get_by_text("Your distributor has been delisted and exited, so you cannot report customers.")).to_be_visible()
    page.goto(portal + "/sales/customer-expansion/report")
    expect(page.get_by_role("alert").filter(has_text="delisted and exited")).to_be_visible()
    expect(page.get_by_role("button", name="Check")).to_have_count(0)
    assert serious_violations(page) == []


def test_the_manager_approves_a_manual_review_report(page, portal):
    sign_in(page, portal, GOV)
    report(page, portal, name="Harbor Analytics 海港分析", account="harbor_analytics", mobile="13600001001")
    page.get_by_label("Search").fill("harbor_analytics")
    expect(page.get_by_role("row").filter(has_text="136****1001")).to_contain_text("Pending")
    sign_out(page)
    sign_in(page, portal, "manager@platform.example")
    page.goto(portal + "/console/reviews/customer-reports")
    row = page.get_by_role("row").filter(has_text="H****** · h******").filter(has_text="Civic Digital Services")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Approve").click()
    page.get_by_role("dialog").get_by_role("button", name="Approve").click()
    expect(row).to_have_count(0)
    sign_out(page)
    sign_in(page, portal, GOV)
    page.goto(portal + "/sales/customer-expansion")
    page.get_by_label("Search").fill("harbor_analytics")
    expect(page.get_by_role("row").filter(has_text="136****1001")).to_contain_text("Reported")


def _process(page, portal):
    """As the signed-in customer: Process Now on the only waiting request, code from the outbox, decision, OK."""
    page.goto(portal + "/account/partners")
    page.get_by_role("button", name="Process Now").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Send code").click()
    expect(dialog.get_by_text("Code sent")).to_be_visible()
    return dialog


def test_the_customer_processes_a_dissociation_with_the_code_from_the_outbox(page, portal):
    tag = secrets.token_hex(3)
    email = f"buyer-{tag}@client.example"
    page.goto(portal + "/register")
    kind = page.get_by_label("Customer", exact=True)
    for _ in range(40):  # a click before the page has hydrated is lost; try until the radio takes it
        kind.click()
        if kind.is_checked():
            break
        page.wait_for_timeout(250)
    expect(kind).to_be_checked()
    page.get_by_label("Name").fill(f"Buyer {tag}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill("Demo#2026")
    page.get_by_label("Confirm password").fill("Demo#2026")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/account/partners"))
    expect(page.get_by_text("No partner requests are waiting for you.")).to_be_visible()
    assert serious_violations(page) == []
    sign_out(page)
    with sqlite3.connect(e2e_db(portal)) as conn:
        account = conn.execute("SELECT c.account_name FROM customer c JOIN user u ON u.customer_id = c.id "
                               "WHERE u.email = ?", (email,)).fetchone()[0]

    # the partner reports the customer; it is reported at once and the customer is asked to associate
    sign_in(page, portal, GOV)
    report(page, portal, name=f"Buyer {tag}", account=account, mobile=f"137{int(tag, 16) % 10**8:08d}",
           association_type="Resale")
    sign_out(page)

    sign_in(page, portal, email)
    dialog = _process(page, portal)
    expect(dialog).to_contain_text("Civic Digital Services asks to associate")
    assert serious_violations(page) == []
    dialog.get_by_label("Verification code").fill(outbox_code(portal, email))
    dialog.get_by_label("Accept").click()
    expect(dialog.get_by_label("Accept")).to_be_checked()
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    partners = page.get_by_role("row").filter(has_text="Civic Digital Services")
    expect(partners).to_contain_text("Resale")
    sign_out(page)

    # the partner admin asks to dissociate from My Customers
    sign_in(page, portal, GOV)
    page.goto(portal + "/sales/customers")
    page.get_by_label("Search").fill(account)
    row = page.get_by_role("row").filter(has_text="B******")
    expect(row).to_have_count(1)
    assert serious_violations(page) == []
    row.get_by_role("button", name="Request dissociation").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Request dissociation").click()
    expect(row).to_contain_text("Dissociation")
    sign_out(page)

    # the customer accepts it with a code read from the outbox
    sign_in(page, portal, email)
    dialog = _process(page, portal)
    expect(dialog).to_contain_text("asks to dissociate from your account")
    dialog.get_by_label("Verification code").fill("000000" if outbox_code(portal, email) != "000000" else "111111")
    dialog.get_by_label("Accept").click()
    expect(dialog.get_by_label("Accept")).to_be_checked()
    dialog.get_by_role("button", name="OK").click()
    expect(dialog.get_by_role("alert").filter(has_text="incorrect")).to_be_visible()
    dialog.get_by_label("Verification code").fill(outbox_code(portal, email))
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("You are not associated with any partner.")).to_be_visible()


def test_the_partner_admin_processes_a_customer_dissociation(page, portal):
    sign_in(page, portal, "sp.admin@partner.example")
    page.goto(portal + "/sales/customers")
    page.get_by_role("tab", name="Requests in flight").click()
    row = page.get_by_role("row").filter(has_text="Customer").filter(has=page.get_by_role("button", name="Accept"))
    expect(row.first).to_be_visible()
    assert serious_violations(page) == []
    count = row.count()
    row.first.get_by_role("button", name="Reject").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reject").click()
    expect(row).to_have_count(count - 1)
