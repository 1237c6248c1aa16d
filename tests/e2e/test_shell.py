"""The shell as each demo account sees it: menus, account drop-down, banner, language, masked cells, sign-out."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

WORK_MENUS = ["Sales", "Benefits", "Incentive Management", "Plans", "Capabilities", "Account Center"]
EXPECTED = {
    "manager@platform.example": ("/console", ["Platform Console"], ["Sign out"]),
    "sp.admin@partner.example": ("/partner-center", WORK_MENUS, ["Partner Center", "Account Center", "Sign out"]),
    "sp.staff@partner.example": ("/partner-center", WORK_MENUS, ["Partner Center", "Account Center", "Sign out"]),
    "reseller.admin@partner.example": ("/partner-center", WORK_MENUS, ["Partner Center", "Account Center", "Sign out"]),
    "exited.reseller@partner.example": ("/partner-center", WORK_MENUS, ["Partner Center", "Account Center", "Sign out"]),
    "distributor.admin@partner.example": ("/partner-center", WORK_MENUS, ["Partner Center", "Account Center", "Sign out"]),
    "member@person.example": ("/partner-center", ["Member", "Account Center"], ["Partner Center", "Account Center", "Sign out"]),
    "customer@client.example": ("/account/partners", ["Account Center"], ["Account Center", "Sign out"]),
    "legacy.customer@client.example": ("/account/partners", ["Account Center"], ["Account Center", "Sign out"]),
}


def nav_menus(page) -> list[str]:
    nav = page.get_by_role("navigation", name="Top navigation")
    expect(nav.get_by_role("button").first).to_be_visible()
    return [b.inner_text().strip() for b in nav.get_by_role("button").all()]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("email", list(EXPECTED))
def test_each_account_lands_home_and_sees_exactly_its_menus(page, portal, email):
    home, menus, items = EXPECTED[email]
    sign_in(page, portal, email)
    page.wait_for_url(re.compile(re.escape(home) + "/?$"))
    if email != "member@person.example":  # the member's newcomer guide may open first
        assert page.url.rstrip("/").endswith(home)
    assert nav_menus(page) == menus
    page.get_by_role("button", name="Account", exact=True).click()
    assert [i.inner_text().strip() for i in page.get_by_role("menuitem").all()] == items
    page.keyboard.press("Escape")
    sign_out(page)


def test_a_route_the_role_may_not_use_says_no_access(page, portal):
    sign_in(page, portal, "customer@client.example")
    page.goto(portal + "/sales/customer-expansion")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="Sales")).to_have_count(0)


def test_signed_out_visit_returns_to_the_asked_page_after_sign_in(page, portal):
    page.goto(portal + "/sales/customer-expansion")
    page.wait_for_url(re.compile(r"/login\?next=/sales/customer-expansion"))
    page.get_by_label("E-mail").fill("sp.staff@partner.example")
    page.get_by_label("Password").fill("Demo#2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sales/customer-expansion/?$"))
    expect(page.get_by_role("tab", name="Online Expansion")).to_be_visible()


def test_wrong_password_and_unknown_email_get_the_same_clear_message(page, portal):
    for email in ("sp.staff@partner.example", "nobody@nowhere.example"):
        page.goto(portal + "/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill("Wrong#2026x")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("E-mail or password is incorrect.")


def test_international_banner_dismissed_stays_gone_after_signing_in_again(page, portal):
    sign_in(page, portal, "sp.admin@partner.example")
    dismiss = page.get_by_role("button", name="Don't show again")
    expect(dismiss).to_be_visible()
    dismiss.click()
    expect(dismiss).to_have_count(0)
    sign_out(page)
    sign_in(page, portal, "sp.admin@partner.example")
    expect(page.get_by_role("heading", name="Partner Center")).to_be_visible()
    expect(page.get_by_role("button", name="Don't show again")).to_have_count(0)


def test_reveal_and_hide_a_masked_mobile(page, portal):
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    sign_in(page, portal, "sp.staff@partner.example", next_path="/sales/customer-expansion")
    page.wait_for_url(re.compile(r"/sales/customer-expansion"))
    masked = page.get_by_role("row").filter(has_text="138****5678")
    expect(masked).to_have_count(1)
    row_id = masked.get_by_role("cell").first.inner_text().strip()  # "#49": stable while the cell changes
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=row_id, exact=True))
    assert not any("13812345678" in f for f in frames), "the full mobile reached the browser before the click"
    row.get_by_role("button", name="Show Mobile").click()
    expect(row).to_contain_text("13812345678")
    row.get_by_role("button", name="Hide Mobile").click()
    expect(row).not_to_contain_text("13812345678")
    expect(row).to_contain_text("138****5678")


def test_search_matches_exact_mobile_and_stays_masked(page, portal):
    sign_in(page, portal, "sp.staff@partner.example", next_path="/sales/customer-expansion")
    page.get_by_label("Search").fill("13812345678")
    expect(page.get_by_role("row")).to_have_count(2)  # header + the one match
    expect(page.get_by_role("row").nth(1)).to_contain_text("138****5678")


def test_switch_language_is_remembered(page, portal):
    sign_in(page, portal, "reseller.admin@partner.example")
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="中文").click()
    expect(page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="销售")).to_be_visible()
    page.reload()
    expect(page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="销售")).to_be_visible()
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="Sales")).to_be_visible()


def test_sign_out_ends_the_server_session(page, portal):
    sign_in(page, portal, "distributor.admin@partner.example")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "pp_session")
    sign_out(page)
    page.context.add_cookies([{"name": "pp_session", "value": token, "url": portal}])
    page.goto(portal + "/partner-center")
    page.wait_for_url(re.compile(r"/login"))


@pytest.mark.parametrize("route", ["/login", "/register", "/forgot-password"])
def test_public_pages_have_no_serious_accessibility_violations(page, portal, route):
    page.goto(portal + route)
    expect(page.get_by_role("heading").first).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize("route", ["/partner-center", "/sales/customer-expansion", "/notifications"])
def test_shell_pages_have_no_serious_accessibility_violations(page, portal, route):
    sign_in(page, portal, "sp.staff@partner.example", next_path=route)
    page.wait_for_url(re.compile(re.escape(route) + "/?$"))
    page.wait_for_timeout(800)
    assert serious_violations(page) == []
