"""Leads, outbound calls, marketing tasks and the Create Opportunity wizard, in real Chromium."""
from __future__ import annotations

import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import e2e_db, sign_in

SP = "sp.admin@partner.example"  # Marketing Plan 2.0
RESELLER = "reseller.admin@partner.example"


def _db(portal, sql: str, *args):
    with sqlite3.connect(e2e_db(portal)) as conn:
        return conn.execute(sql, args).fetchall()


def _sp_leads(portal) -> list[tuple[int, str, str]]:
    """Every lead of the Marketing Plan 2.0 partner: (id, mobile, e-mail) — the canaries."""
    return _db(portal, "SELECT l.id, l.mobile, l.email FROM lead l JOIN user u ON u.partner_id = l.partner_id "
                       "WHERE u.email = ? ORDER BY l.id", SP)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_marketing_plan_2_partner_calls_an_anonymised_lead_and_never_sees_its_number(page, portal):
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))))
    canaries = _sp_leads(portal)
    assert canaries
    callable_lead = _db(portal, "SELECT l.id, l.name FROM lead l JOIN user u ON u.partner_id = l.partner_id "
                                "WHERE u.email = ? AND l.status = 'following' ORDER BY l.id LIMIT 1", SP)[0]
    sign_in(page, portal, SP, next_path="/sales/leads")
    page.wait_for_url(re.compile(r"/sales/leads$"))
    expect(page.get_by_role("cell", name="Anonymised").first).to_be_visible()
    expect(page.get_by_role("button", name="Show Mobile")).to_have_count(0)
    expect(page.get_by_role("button", name="Show E-mail")).to_have_count(0)

    page.goto(f"{portal}/sales/leads/{callable_lead[0]}")
    expect(page.get_by_role("heading", name=callable_lead[1])).to_be_visible()
    calls_before = page.get_by_role("table").first.get_by_role("row").count()
    page.get_by_role("button", name="Outbound Call").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("The number stays hidden")
    dialog.get_by_label("Connected").check()
    dialog.get_by_role("button", name="End call").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("table").first.get_by_role("row")).to_have_count(calls_before + 1)
    expect(page.get_by_role("table").first).to_contain_text("Connected")
    assert _db(portal, "SELECT count(*) FROM callrecord WHERE lead_id = ? AND outcome = 'connected'",
               callable_lead[0])[0][0] >= 1

    text = page.content()
    received = "\n".join(frames)
    assert frames, "no websocket frames were captured"
    for _, mobile, email in canaries:
        for value in (mobile, email):
            if value:
                assert value not in text, f"{value} is in the page"
                assert value not in received, f"{value} went over the websocket"
        assert f"{mobile[:3]}****{mobile[-4:]}" not in received  # not even the masked form


def test_create_an_opportunity_from_a_marketing_task_starting_at_step_2(page, portal):
    sign_in(page, portal, RESELLER, next_path="/sales/marketing-tasks")
    page.wait_for_url(re.compile(r"/sales/marketing-tasks$"))
    row = page.get_by_role("row").filter(has_text="Q1 Database Upgrade")
    row.get_by_role("button", name="Create Opportunity").click()
    page.wait_for_url(re.compile(r"/sales/opportunities/new"))
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()

    page.get_by_label("Products").fill("RDS for MySQL, Elastic Cloud Server")
    page.get_by_role("combobox", name="Deployment region").click()
    page.get_by_role("option", name="AP-Singapore").click()
    page.get_by_label("Description").fill("Migrate the self-managed MySQL cluster.")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Q1 Database Upgrade")
    expect(page.get_by_role("main")).to_contain_text("AP-Singapore")

    page.reload()  # the draft is kept across reloads
    expect(page.get_by_role("heading", name="Confirm")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    expect(page.get_by_label("Products")).to_have_value("RDS for MySQL, Elastic Cloud Server")
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r"/sales/opportunities/\d+$"))
    expect(page.get_by_role("heading", name="Q1 Database Upgrade")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Submitted")
    opp_id = int(page.url.rsplit("/", 1)[-1])
    task = _db(portal, "SELECT status, opportunity_id FROM marketingtask WHERE opportunity_id = ?", opp_id)
    assert task == [("done", opp_id)]


def test_wizard_step_one_names_the_invalid_fields(page, portal):
    sign_in(page, portal, "gov.admin@partner.example", next_path="/sales/opportunities/new")
    page.wait_for_url(re.compile(r"/sales/opportunities/new"))
    expect(page.get_by_role("heading", name="Basic information")).to_be_visible()
    page.get_by_label("Opportunity name").fill("x")
    page.get_by_label("Expected amount").fill("12.345")
    page.get_by_role("button", name="Next", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="Check the marked fields")
    expect(alert).to_contain_text("Customer")
    expect(alert).to_contain_text("Expected amount")
    expect(alert).to_contain_text("Expected close date")
    expect(page.get_by_text("Use at most 2 decimal places.")).to_be_visible()
    expect(page.get_by_role("heading", name="Basic information")).to_be_visible()


@pytest.mark.parametrize("route", ["/sales/leads", "/sales/leads/{lead}", "/sales/marketing-tasks",
                                   "/sales/opportunities", "/sales/opportunities/{opp}", "/sales/opportunities/new"])
def test_sales_pages_have_no_serious_accessibility_violations(page, portal, route):
    lead = _db(portal, "SELECT l.id FROM lead l JOIN user u ON u.partner_id = l.partner_id WHERE u.email = ? "
                       "ORDER BY l.id LIMIT 1", "distributor.admin@partner.example")[0][0]
    opp = _db(portal, "SELECT o.id FROM opportunity o JOIN user u ON u.id = o.owner_id WHERE u.email = ? "
                      "AND o.stage = 'approved' LIMIT 1", "distributor.admin@partner.example")[0][0]
    path = route.format(lead=lead, opp=opp)
    sign_in(page, portal, "distributor.admin@partner.example", next_path=path)
    page.wait_for_url(re.compile(re.escape(path) + "/?$"))
    expect(page.get_by_role("heading").first).to_be_visible()
    page.wait_for_timeout(800)
    assert serious_violations(page) == []


@pytest.mark.parametrize("route", ["/console/leads", "/console/tasks"])
def test_console_sales_pages_have_no_serious_accessibility_violations(page, portal, route):
    sign_in(page, portal, "manager@platform.example", next_path=route)
    page.wait_for_url(re.compile(re.escape(route) + "/?$"))
    expect(page.get_by_role("heading").first).to_be_visible()
    page.wait_for_timeout(800)
    assert serious_violations(page) == []
