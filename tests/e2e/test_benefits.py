"""Benefits, incentives and invoicing in real Chromium: an MDF activity from application to paid invoice
(with a rejected redemption and a rejected invoice on the way), an FH payment-approved row to a printed
invoicing list, invoice information refusing a second record, axe-core on every page of the area.

The journeys use ``gov.admin@partner.example`` (settles in EUR) and rows they create themselves; the one
seeded row they touch (an FH invoicing list) is only printed, never changed.
"""
from __future__ import annotations

import datetime as dt
import pathlib
import re
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PASSWORD, e2e_db, sign_in

GOV = "gov.admin@partner.example"
MANAGER = "manager@platform.example"
PROOF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SHOTS = pathlib.Path("/tmp/shots-benefits")


def uid() -> str:
    return uuid.uuid4().hex[:6]


def decide(page, base: str, queue: str, subject: str, decision: str, comment: str = "") -> None:
    page.goto(base + f"/console/reviews/{queue}")
    row = page.get_by_role("row").filter(has_text=subject)
    row.get_by_role("button", name=decision).click()
    dialog = page.get_by_role("dialog")
    if comment:
        dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name=decision).click()
    expect(page.get_by_role("row").filter(has_text=subject)).to_have_count(0)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def mdf_row(page, name: str):
    return page.get_by_role("row").filter(has_text=name)


def declare(page, name: str, amount: str, note: str, proof: pathlib.Path | None, resubmit: bool = False) -> None:
    label = "Resubmit Redemption" if resubmit else "Declare Redemption"
    mdf_row(page, name).get_by_role("button", name=label).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Actual amount (tax included)").fill(amount)
    dialog.get_by_label("What was done").fill(note)
    if proof is not None:
        dialog.locator("input[type=file]").set_input_files(str(proof))
        expect(dialog.get_by_text(proof.name)).to_be_visible()
    dialog.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_mdf_activity_from_application_to_paid_invoice(browser, portal, tmp_path):
    name = f"Berlin Cloud Day {uid()}"
    proof = tmp_path / "attendee-list.pdf"
    proof.write_bytes(PROOF)
    partner = browser.new_context().new_page()
    manager = browser.new_context().new_page()
    sign_in(partner, portal, GOV)
    sign_in(manager, portal, MANAGER)

    # apply: the form proposes the earliest start (10 working days ahead)
    partner.goto(portal + "/benefits/mdf")
    expect(partner.get_by_role("tab", name="Application Records")).to_be_visible()
    partner.get_by_role("button", name="Apply for Activity").click()
    dialog = partner.get_by_role("dialog")
    dialog.get_by_label("Activity name").fill(name)
    dialog.get_by_label("Amount (tax included)").fill("4321.50")
    start = dialog.get_by_label("Start date").input_value()
    assert dt.date.fromisoformat(start) > dt.date.today() + dt.timedelta(days=10)
    dialog.get_by_role("button", name="Submit").click()
    expect(mdf_row(partner, name)).to_contain_text("Submitted")
    expect(mdf_row(partner, name)).to_contain_text("EUR 4,321.50")

    # the same name and dates again: a warning first, nothing written until confirmed
    partner.get_by_role("button", name="Apply for Activity").click()
    dialog = partner.get_by_role("dialog")
    dialog.get_by_label("Activity name").fill(name)
    dialog.get_by_label("Amount (tax included)").fill("100")
    dialog.get_by_role("button", name="Submit").click()
    expect(dialog.get_by_text("An activity with the same name and dates already exists")).to_be_visible()
    expect(dialog.get_by_role("button", name="Submit anyway")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(mdf_row(partner, name)).to_have_count(1)

    decide(manager, portal, "mdf", name, "Approve")
    partner.reload()
    expect(mdf_row(partner, name)).to_contain_text("Approved")
    expect(mdf_row(partner, name).get_by_role("button", name="Declare Redemption")).to_have_count(0)

    # the activity is held: move its dates into the past (the browser cannot move the server's clock)
    with sqlite3.connect(e2e_db(portal)) as conn:
        past = dt.date.today() - dt.timedelta(days=3)
        n = conn.execute("UPDATE mdfapplication SET start_date = ?, end_date = ? WHERE name = ?",
                         (str(past - dt.timedelta(days=1)), str(past), name)).rowcount
        assert n == 1
    partner.reload()
    declare(partner, name, "4150.00", "180 visitors; agenda and photos attached", proof)
    expect(mdf_row(partner, name)).to_contain_text("Redemption declared")

    decide(manager, portal, "mdf-redemptions", name, "Reject", "Add the signed attendee list")
    partner.reload()
    expect(mdf_row(partner, name)).to_contain_text("Redemption declaration rejected")
    expect(mdf_row(partner, name)).to_contain_text("Add the signed attendee list")
    mdf_row(partner, name).get_by_role("button", name="Resubmit Redemption").click()
    expect(partner.get_by_role("dialog").get_by_text("Add the signed attendee list")).to_be_visible()
    partner.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    declare(partner, name, "4150.00", "Signed attendee list added", proof, resubmit=True)
    expect(mdf_row(partner, name)).to_contain_text("Redemption declared")

    decide(manager, portal, "mdf-redemptions", name, "Approve")
    partner.reload()
    expect(mdf_row(partner, name)).to_contain_text("Redemption declaration approved")
    mdf_row(partner, name).get_by_role("link", name="View Invoicing List").click()
    partner.wait_for_url(re.compile(r"/invoicing/\d+$"))
    expect(partner.get_by_text("EUR 4,150.00").first).to_be_visible()
    expect(partner.get_by_text("partner-invoices@platform.example").first).to_be_visible()
    expect(partner.get_by_text("Nanjing").first).to_be_visible()

    # send an electronic special VAT invoice; the manager rejects it; corrected and resubmitted; paid
    partner.get_by_label("Electronic special VAT invoice").click()  # controlled radio: the server round trip checks it
    expect(partner.get_by_label("Electronic special VAT invoice")).to_be_checked()
    expect(partner.get_by_text("E-mail the electronic special VAT invoice").first).to_be_visible()
    partner.get_by_label("Invoice number").fill("bad")
    partner.get_by_role("button", name="Submit").click()
    expect(partner.get_by_role("alert").filter(has_text="8 to 24")).to_be_visible()
    partner.get_by_label("Invoice number").fill("26110000000000000001")
    partner.get_by_role("button", name="Submit").click()
    expect(partner.get_by_text("being reviewed by the platform")).to_be_visible()

    decide(manager, portal, "invoices", name, "Reject", "Amount on the invoice differs from the list")
    partner.reload()
    expect(partner.get_by_text("Amount on the invoice differs from the list").first).to_be_visible()
    partner.get_by_label("Invoice number").fill("26110000000000000002")
    partner.get_by_role("button", name="Submit").click()
    expect(partner.get_by_text("being reviewed by the platform")).to_be_visible()

    decide(manager, portal, "invoices", name, "Approve")
    partner.reload()
    expect(partner.get_by_text("payment released")).to_be_visible()
    history = partner.get_by_role("row")
    expect(history.filter(has_text="26110000000000000002")).to_contain_text("Paid")
    expect(history.filter(has_text="26110000000000000001")).to_contain_text("Rejected")

    # and the e-mail that announced the list carried the address and the mailbox
    with sqlite3.connect(e2e_db(portal)) as conn:
        bodies = [r[0] for r in conn.execute("SELECT body FROM outbox WHERE recipient = ? AND subject LIKE "
                                             "'Invoicing notification%' ORDER BY id DESC LIMIT 1", (GOV,))]
    assert bodies and "partner-invoices@platform.example" in bodies[0] and "Nanjing" in bodies[0]


def test_fh_payment_approved_row_to_a_printed_invoicing_list(page, portal, tmp_path):
    sign_in(page, portal, GOV)
    page.goto(portal + "/benefits/fh")
    expect(page.get_by_role("tab", name="Acceptance Application")).to_be_visible()
    page.get_by_role("tab", name="Payment Application").click()
    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Payment application approved", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Payment application submitted")).to_have_count(0)
    rows = page.get_by_role("row").filter(has=page.get_by_role("link", name="View Invoicing List"))
    expect(rows.first).to_be_visible()
    rows = rows.filter(has_text="Invoice awaited")  # a list still waiting for the invoice: the form is there
    for text in page.get_by_role("row").all_inner_texts()[1:]:
        assert "Payment application approved" in text
    rows.first.get_by_role("link", name="View Invoicing List").click()
    page.wait_for_url(re.compile(r"/invoicing/\d+$"))
    expect(page.get_by_text("Civic Digital Services").first).to_be_visible()
    page.get_by_label("Invoice number").fill("04400777")
    expect(page.get_by_text("04400777").first).to_be_visible()

    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    page.wait_for_function("window.__printed === 1")

    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "fh-invoicing-list.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Invoicing List" in text and "EUR" in text and "partner-invoices@platform.example" in text
        assert "04400777" in text
        for chrome in ("Sign out", "Benefits", "Submission history", "Send your invoice", "Back to Application Records"):
            assert chrome not in text, chrome
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "fh-invoicing-list")], check=True)


def test_invoice_information_refuses_a_second_record(browser, portal):
    page = browser.new_context().new_page()
    email = f"invoice-{uid()}@client.example"
    page.goto(portal + "/register")
    page.get_by_label("Customer", exact=True).click()
    expect(page.get_by_label("Customer", exact=True)).to_be_checked()
    page.get_by_label("Name", exact=True).fill("Invoice Tester")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(lambda url: "/register" not in url)

    page.goto(portal + "/account/invoice-info")
    page.get_by_role("button", name="Manage Invoice Information").click()
    expect(page.get_by_role("heading", name="Invoice Information Management")).to_be_visible()
    page.get_by_role("button", name="Add Invoice Information").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Invoice title").fill("Tester Trading Co., Ltd.")
    dialog.get_by_label("Taxpayer ID").fill("91310000MA1TEST00X")
    dialog.get_by_label("Bank", exact=True).fill("Bank of Shanghai")
    dialog.get_by_label("Bank account").fill("6222021001009876543")
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Tester Trading Co., Ltd.")).to_be_visible()
    expect(page.get_by_text("**** 6543")).to_be_visible()
    expect(page.get_by_role("button", name="Add Invoice Information")).to_be_disabled()
    expect(page.locator("#ii-add-reason")).to_contain_text("Each account may have only one valid invoice information")

    # a title change goes to review; the old title stays in force
    page.get_by_role("button", name="Edit Tester Trading Co., Ltd.").click()
    page.get_by_role("dialog").get_by_label("Invoice title").fill("Tester Holdings Ltd.")
    page.get_by_role("dialog").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Change under review")).to_be_visible()
    expect(page.get_by_role("heading", name="Tester Trading Co., Ltd.")).to_be_visible()

    legacy = browser.new_context().new_page()
    sign_in(legacy, portal, "legacy.customer@client.example")
    legacy.goto(portal + "/account/invoice-info")
    legacy.get_by_role("button", name="Manage Invoice Information").click()
    expect(legacy.get_by_role("heading", level=3)).to_have_count(2)
    expect(legacy.get_by_role("button", name="Add Invoice Information")).to_be_disabled()
    expect(legacy.locator("#ii-add-reason")).to_contain_text("created before 2020-08-01 may keep")


@pytest.mark.parametrize("email", [GOV, "legacy.customer@client.example"])
def test_benefit_pages_have_no_serious_accessibility_violations(page, portal, email):
    sign_in(page, portal, email)
    if email == GOV:
        page.goto(portal + "/incentives/applications")
        link = page.get_by_role("link", name="View Invoicing List").first
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        paths = ["/benefits/mdf", "/benefits/fh", "/incentives/applications", href, "/account/invoice-info"]
    else:
        paths = ["/account/invoice-info"]
    for path in paths:
        page.goto(portal + path)
        expect(page.locator("main")).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(400)
        assert serious_violations(page) == [], path
    if email == GOV:
        page.goto(portal + "/benefits/mdf")
        page.get_by_role("button", name="Apply for Activity").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        assert serious_violations(page) == [], "MDF apply dialog"
