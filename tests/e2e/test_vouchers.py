"""Coupon Management in the browser: issue vouchers and find the operation records filtered to that quota;
reclaim; a distributor grants quota to its reseller; the customer's My Vouchers; axe-core on every page.

Vouchers of reseller.admin@partner.example belong to this area; the distributor's grants only add quota.
"""
from __future__ import annotations

import re
import sqlite3

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import e2e_db, sign_in

RESELLER = "reseller.admin@partner.example"


def serious_violations(page) -> list[str]:
    # toasts belong to the shell and fade after a few seconds: check the page itself
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=15_000)
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({[(n['target'], n.get('failureSummary', '')[:160]) for n in v['nodes']][:3]})"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def db_one(base: str, sql: str, *args):
    with sqlite3.connect(e2e_db(base)) as conn:
        return conn.execute(sql, args).fetchone()


def quota_rows(page):
    panel = page.get_by_role("tabpanel", name="Voucher Quota")
    expect(panel.get_by_role("row").nth(1)).to_be_visible()
    return panel


def test_issue_vouchers_then_find_the_records_of_that_quota(page, portal):
    sign_in(page, portal, RESELLER, next_path="/sales/coupons")
    page.wait_for_url(re.compile(r"/sales/coupons$"))
    expect(page.get_by_role("heading", name="Coupon Management")).to_be_visible()
    expect(page.get_by_role("tab", name="Voucher Management")).to_be_visible()
    expect(page.get_by_role("tab", name="Voucher Quota")).to_have_attribute("aria-selected", "true")
    panel = quota_rows(page)
    row = panel.get_by_role("row").filter(has=page.get_by_role("button", name="Issue vouchers")).first
    quota_id = re.search(r"#\s*(\d+)", row.get_by_role("cell").first.inner_text()).group(1)
    issued_before = db_one(portal, "SELECT issued FROM voucherquota WHERE id = ?", quota_id)[0]
    before = db_one(portal, "SELECT COUNT(*) FROM quotarecord WHERE quota_id = ? AND op = 'issue'", quota_id)[0]

    row.get_by_role("button", name="Issue vouchers").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=f"Issue vouchers from quota #{quota_id}")).to_be_visible()
    # a face value with three decimals is refused next to its field, nothing is issued
    dialog.get_by_role("checkbox").first.click()
    expect(dialog.get_by_text("1 selected")).to_be_visible()
    dialog.get_by_label("Face value").fill("12.345")
    dialog.get_by_role("button", name="Issue vouchers").click()
    expect(dialog.get_by_role("alert")).to_contain_text("2 decimal places")
    dialog.get_by_label("Face value").fill("12.34")
    dialog.get_by_role("button", name="Issue vouchers").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(re.compile(r"Issued 1 vouchers, total [A-Z]{3} 12\.34"))).to_be_visible()
    after = db_one(portal, "SELECT COUNT(*) FROM quotarecord WHERE quota_id = ? AND op = 'issue'", quota_id)[0]
    assert after == before + 1
    issued_after = db_one(portal, "SELECT issued FROM voucherquota WHERE id = ?", quota_id)[0]
    assert round(float(issued_after) - float(issued_before), 2) == 12.34

    # the quota row's Operation Records link opens the records filtered to that quota
    row = quota_rows(page).get_by_role("row").filter(has_text=re.compile(rf"#\s*{quota_id}(?!\d)")).first
    row.get_by_role("link", name="Operation Records").click()
    page.wait_for_url(re.compile(rf"/sales/coupons/records\?quota={quota_id}$"))
    expect(page.get_by_role("heading", name="Operation Records", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Showing the records of quota #{quota_id}")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_contain_text("12.34")
    quota_cells = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    assert quota_cells and all(c.strip().lstrip("#").strip() == quota_id for c in quota_cells)
    # query conditions: only issuances
    page.get_by_role("combobox", name="Type").click()
    page.get_by_role("option", name="Issue", exact=True).click()
    expect(table.locator("tbody tr").first).to_contain_text("Issue")
    types = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert types and set(t.strip() for t in types) == {"Issue"}
    assert serious_violations(page) == []

    # the top-left Operation Records button lists every quota's records
    page.goto(portal + "/sales/coupons")
    quota_rows(page)
    page.get_by_role("tabpanel", name="Voucher Quota").get_by_role("link", name="Operation Records").first.click()
    page.wait_for_url(re.compile(r"/sales/coupons/records$"))
    expect(page.get_by_role("table").get_by_role("row").nth(1)).to_be_visible()


def test_reclaim_an_unused_voucher_returns_it_to_the_quota(page, portal):
    sign_in(page, portal, RESELLER, next_path="/sales/coupons")
    page.get_by_role("tab", name="Vouchers", exact=True).click()
    panel = page.get_by_role("tabpanel", name="Vouchers")
    row = panel.get_by_role("row").filter(has=page.get_by_role("button", name="Reclaim")).first
    expect(row).to_be_visible()
    vid = re.search(r"#\s*(\d+)", row.get_by_role("cell").first.inner_text()).group(1)
    quota_id, face = db_one(portal, "SELECT quota_id, face_value FROM voucher WHERE id = ?", vid)
    issued_before = db_one(portal, "SELECT issued FROM voucherquota WHERE id = ?", quota_id)[0]
    row.get_by_role("button", name="Reclaim").click()
    alert = page.get_by_role("alertdialog")
    expect(alert).to_contain_text(f"Reclaim voucher #{vid}?")
    alert.get_by_role("button", name="Reclaim").click()
    expect(page.get_by_text("Voucher reclaimed")).to_be_visible()
    assert db_one(portal, "SELECT status FROM voucher WHERE id = ?", vid)[0] == "reclaimed"
    issued_after = db_one(portal, "SELECT issued FROM voucherquota WHERE id = ?", quota_id)[0]
    assert round(float(issued_before) - float(issued_after), 2) == round(float(face), 2)
    assert serious_violations(page) == []


def test_distributor_grants_quota_to_its_reseller(page, portal):
    sign_in(page, portal, "distributor.admin@partner.example", next_path="/sales/resellers")
    expect(page.get_by_role("heading", name="My Resellers")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Huaxin Cloud Services").filter(
        has=page.get_by_role("button", name="Grant quota"))
    expect(row).to_be_visible()
    count_before = db_one(portal, "SELECT COUNT(*) FROM voucherquota")[0]
    row.get_by_role("button", name="Grant quota").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("combobox", name="From quota").click()
    page.get_by_role("option").first.click()
    dialog.get_by_label("Amount").fill("999999999")
    dialog.get_by_role("button", name="Grant quota").click()
    expect(dialog.get_by_role("alert")).to_contain_text("left in that quota")
    dialog.get_by_label("Amount").fill("1234.50")
    dialog.get_by_role("button", name="Grant quota").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(re.compile(r"Quota granted \(new quota #\d+\)"))).to_be_visible()
    assert db_one(portal, "SELECT COUNT(*) FROM voucherquota")[0] == count_before + 1
    assert serious_violations(page) == []


def test_customer_sees_its_vouchers(page, portal):
    sign_in(page, portal, "customer@client.example", next_path="/account/vouchers")
    expect(page.get_by_role("heading", name="My Vouchers")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_be_visible()
    expect(table).to_contain_text("Zhiyun Technology")
    expect(page.get_by_text("Usable balance")).to_be_visible()
    assert serious_violations(page) == []


def test_console_records_usage_and_pages_are_axe_clean(page, portal):
    sign_in(page, portal, "manager@platform.example", next_path="/console/vouchers")
    expect(page.get_by_role("heading", name="Voucher quota", exact=True)).to_be_visible()
    vid, before = db_one(portal, "SELECT id, used FROM voucher v WHERE status = 'available' AND valid_until >= date('now') "
                                 "AND partner_id = (SELECT partner_id FROM user WHERE email = ?) "
                                 "AND used < face_value ORDER BY id DESC LIMIT 1", RESELLER)
    page.get_by_label("Voucher ID").fill(str(vid))
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_label("Bill reference")).to_be_visible()  # the voucher was found: its usage form shows
    page.get_by_label("Amount", exact=True).last.fill("0.01")
    page.get_by_label("Bill reference").fill("E2E-BILL-1")
    page.get_by_role("button", name="Record usage").click()
    expect(page.get_by_text("Usage recorded")).to_be_visible()
    assert round(float(db_one(portal, "SELECT used FROM voucher WHERE id = ?", vid)[0]) - float(before), 2) == 0.01
    assert serious_violations(page) == []


def test_staff_and_customer_cannot_use_each_others_pages(page, portal):
    sign_in(page, portal, "customer@client.example", next_path="/sales/coupons")
    expect(page.get_by_text("No access")).to_be_visible()
    page.goto(portal + "/sales/resellers")
    expect(page.get_by_text("No access")).to_be_visible()
