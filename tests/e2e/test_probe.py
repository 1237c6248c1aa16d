"""R2 and R3: masked data never reaches the browser unasked; the websocket accepts only our origins.

Every page is opened as every demo account while all websocket frames are collected; no frame may
contain a canary — another party's full mobile or e-mail, a lead's real contact for a Marketing Plan 2.0
partner, or any password hash.
"""
from __future__ import annotations

import sqlite3

import uuid

import pytest
import websocket

from partner_portal import routes

from .conftest import e2e_db, sign_in

PAGES = [routes.PARTNER_CENTER, routes.CUSTOMER_EXPANSION, routes.REPORT_CUSTOMER, routes.MY_CUSTOMERS, routes.RESELLERS,
         routes.LEADS, routes.TASKS, routes.OPPORTUNITIES, routes.NEW_OPPORTUNITY, routes.COUPONS, routes.MDF, routes.FH,
         routes.INCENTIVES, routes.PARTNER_PROGRAM, routes.CERTIFICATION, routes.GUIDE, routes.PROJECTS,
         routes.CERTIFICATES, routes.ACCOUNT, routes.PROFILE, routes.MY_PARTNERS, routes.MY_VOUCHERS,
         routes.INVOICE_INFO, routes.AUTHORIZATIONS, routes.USERS, routes.BUSINESS_INFO, routes.NOTIFICATIONS]
ACCOUNTS = ["sp.admin@partner.example", "sp.staff@partner.example", "reseller.admin@partner.example",
            "distributor.admin@partner.example", "member@person.example", "customer@client.example"]


def canaries(base: str, email: str) -> set[str]:
    with sqlite3.connect(e2e_db(base)) as conn:
        own = conn.execute("SELECT customer_id FROM user WHERE email = ?", (email,)).fetchone()[0]
        values = {m for (m,) in conn.execute("SELECT mobile FROM customer WHERE id IS NOT ? AND length(mobile) >= 8", (own,))}
        values |= {e for (e,) in conn.execute("SELECT email FROM customer WHERE id IS NOT ? AND email != ''", (own,))}
        values |= {m for (m,) in conn.execute(
            "SELECT l.mobile FROM lead l JOIN partner p ON p.id = l.partner_id WHERE p.marketing_plan_2 AND l.mobile != ''")}
    return values | {"$argon2"}


STATE_BUDGET = 20 * 1024  # P5: what one page load sends the browser


@pytest.mark.parametrize("email", ACCOUNTS)
def test_no_page_sends_a_full_masked_value_or_a_hash(page, portal, email):
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    sign_in(page, portal, email)
    sizes = {}
    for route in PAGES:
        start = len(frames)
        page.goto(portal + route)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        sizes[route] = sum(len(f.encode()) for f in frames[start:])
    leaked = {c for c in canaries(portal, email) if any(c in f for f in frames)}
    assert frames, "no websocket frames were seen"
    assert leaked == set(), f"{email} received {sorted(leaked)[:5]}"
    too_big = {r: n for r, n in sizes.items() if n > STATE_BUDGET}
    assert too_big == {}, f"state payload over 20 KB for {email}: {too_big}"


def _ws_url(portal: str) -> str:
    return portal.replace("http://", "ws://") + f"/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket"


def test_websocket_refuses_a_foreign_origin(portal):
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(_ws_url(portal), origin="http://evil.example", timeout=10)


def test_websocket_accepts_our_origin(portal):
    ws = websocket.create_connection(_ws_url(portal), origin=portal, timeout=10)
    assert ws.recv().startswith("0")  # engine.io open packet
    ws.close()
