"""P1 — event latency under load (and P7 with --postgres/--workers when those are set up).

    python bench/load.py [--smoke] [--users 10,50,100] [--base URL]

N simulated signed-in users connect over socket.io (`/_event`, websocket) to the production
server and do real page work — filter and page the Online Expansion list, reveal one masked cell,
open the voucher operation records — and, in the same run, send a trivial event (the framework's
floor). The events are the browser's own: recorded once from real Chromium, then replayed with
each user's own session and client token. Prints p50/p95 per kind and the ratio to the floor.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
import re
import sqlite3
import statistics
import sys
import time
import uuid

import socketio

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
import preview  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
EMAIL = "sp.staff@partner.example"
NS = "/_event"  # Reflex's socket.io namespace (and path)
# Every replayed event carries the list page's route: a change of route would count as a navigation
# and run that page's on_load, which is not the event being measured.
ROUTER = {"pathname": "/sales/customer-expansion/", "asPath": "/sales/customer-expansion/"}


def record_frames(base: str) -> tuple[dict, dict[str, list[dict]], str]:
    """Sign in in Chromium and record the socket.io frames each page action sends."""
    from playwright.sync_api import sync_playwright
    sent: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f if isinstance(f, str) else str(f))))
        page.goto(base + "/login")
        page.get_by_label("E-mail").fill(EMAIL)
        page.get_by_label("Password").fill("Demo#2026")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda u: "/login" not in u)
        token = next(c["value"] for c in page.context.cookies() if c["name"] == "pp_session")
        page.goto(base + "/sales/customer-expansion")
        page.wait_for_selector("table tbody tr")
        page.wait_for_timeout(500)
        marks = {"boot": len(sent)}
        page.get_by_role("combobox", name="Status").click()
        page.get_by_role("option", name="Reported").click()
        page.wait_for_timeout(700)
        marks["filter"] = len(sent)
        page.get_by_role("combobox", name="Status").click()
        page.get_by_role("option", name="All statuses").click()
        page.wait_for_timeout(700)
        marks["unfilter"] = len(sent)
        page.get_by_role("button", name="Show Mobile").first.click()
        page.wait_for_timeout(700)
        marks["reveal"] = len(sent)
        browser.close()

    def events(lo, hi):
        out = []
        for f in sent[lo:hi]:
            m = re.match(r"^42(/[^,]*,)?(\[.*)$", f, re.S)
            if m:
                name, data = json.loads(m.group(2))[:2]
                if name == "event":
                    out.append(data)
        return out

    boot = None
    for f in sent[:marks["boot"]]:  # the last connect before the list page: the signed-in hydrate
        m = re.match(r"^40(/[^,]*,)?(\{.*)$", f, re.S)
        if m:
            boot = json.loads(m.group(2))
    from partner_portal.pages.coupons import RecordsState
    actions = {
        "filter list": events(marks["boot"], marks["filter"]) + events(marks["filter"], marks["unfilter"]),
        "reveal cell": events(marks["unfilter"], marks["reveal"]),
        # the Operation Records list query, sent from the same page so no event counts as a navigation
        "operation records": [{"name": f"{RecordsState.get_full_name()}.load_list", "payload": {},
                               "router_data": dict(ROUTER)}],
    }
    return boot, {k: v for k, v in actions.items() if v}, token


def open_sessions(db_url: str, n: int) -> list[str]:
    """n server sessions for the bench user, made through the domain (as sign-in would)."""
    from sqlmodel import Session, select

    from partner_portal.db import make_engine
    from partner_portal.domain import security
    from partner_portal.models import User
    tokens = []
    with Session(make_engine(db_url)) as s:
        user = s.exec(select(User).where(User.email == EMAIL)).one()
        for _ in range(n):
            tokens.append(security.open_session(s, user))
        s.commit()
    return tokens


def audited_reveals(db_url: str) -> int:
    from sqlalchemy import create_engine, text
    with create_engine(db_url).connect() as c:
        return c.execute(text("SELECT count(*) FROM auditlog WHERE action = 'reveal'")).scalar()


def floor_event() -> dict:
    """The framework's floor: a real handler that only sets two flags (the reset form's start_over)."""
    from partner_portal.pages.auth import ResetState
    return {"name": f"{ResetState.get_full_name()}.start_over", "payload": {},
            "router_data": dict(ROUTER)}


class User:
    def __init__(self, base: str, boot: dict, token: str, old_token: str):
        self.base, self.token = base, token
        self.boot = json.loads(json.dumps(boot).replace(old_token, token))
        self.sio = socketio.AsyncClient(reconnection=False)
        self.waiter: asyncio.Future | None = None
        self.sio.on("event", self._on_event, namespace=NS)

    async def _on_event(self, data):
        if self.waiter and not self.waiter.done() and data.get("final", True):
            self.waiter.set_result(data)

    async def connect(self):
        self.waiter = asyncio.get_running_loop().create_future()
        await self.sio.connect(f"{self.base}?token={uuid.uuid4()}", socketio_path="/_event", transports=["websocket"],
                               auth=self.boot, namespaces=[NS], wait_timeout=30)
        await asyncio.wait_for(self.waiter, 60)

    async def send(self, events: list[dict]) -> float:
        t = time.perf_counter()
        for ev in events:
            self.waiter = asyncio.get_running_loop().create_future()
            await self.sio.emit("event", ev, namespace=NS)
            await asyncio.wait_for(self.waiter, 60)
        return (time.perf_counter() - t) * 1000 / len(events)


async def run_level(base, boot, actions, tokens, old_token, rounds) -> dict[str, list[float]]:
    users = [User(base, boot, t, old_token) for t in tokens]
    await asyncio.gather(*(u.connect() for u in users))
    floor = [floor_event()]
    samples: dict[str, list[float]] = {"floor (trivial event)": []}
    for k in actions:
        samples[k] = []

    async def work(u: User, i: int):
        await asyncio.sleep((i % 10) * 0.01)
        for r in range(rounds):
            for k, evs in actions.items():
                samples[k].append(await u.send(evs))
                samples["floor (trivial event)"].append(await u.send(floor))

    await asyncio.gather(*(work(u, i) for i, u in enumerate(users)))
    await asyncio.gather(*(u.sio.disconnect() for u in users))
    return samples


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(smoke: bool, levels: list[int], base: str | None, db_url: str | None = None, extra_env: dict | None = None,
         port: int = 3410, quiet: bool = False) -> dict:
    proc = None
    if base is None:
        proc, base = preview.start(port, dest=pathlib.Path(f"/tmp/pp-bench-{port}"), extra_env=extra_env)
    try:
        boot, actions, old_token = record_frames(base)
        if db_url is None:
            p = base.rsplit(":", 1)[-1]
            db_url = "sqlite:///" + str(next(x for x in (pathlib.Path(f"/tmp/pp-bench-{p}/data/portal.db"),
                                                        pathlib.Path(f"/tmp/pp-preview-{p}/data/portal.db")) if x.exists()))
        report = {}
        for n in levels:
            tokens = open_sessions(db_url, n)
            before = audited_reveals(db_url)
            t = time.perf_counter()
            samples = asyncio.run(run_level(base, boot, actions, tokens, old_token, 2 if smoke else 5))
            samples["_wall_s"] = [time.perf_counter() - t]
            samples["_reveals"] = [audited_reveals(db_url) - before]
            report[n] = samples
        if quiet:
            return report
        fl = "floor (trivial event)"
        print("| users | event | n | p50 ms | p95 ms | p95 / floor p95 |")
        print("|---|---|---|---|---|---|")
        for n, samples in report.items():
            fp95 = pct(samples[fl], 95)
            for k, xs in samples.items():
                if k.startswith("_"):
                    continue
                print(f"| {n} | {k} | {len(xs)} | {statistics.median(xs):.1f} | {pct(xs, 95):.1f} | {pct(xs, 95) / fp95:.2f} |")
        return report
    finally:
        if proc:
            preview.stop(proc)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--users", default="")
    ap.add_argument("--base", default=None)
    a = ap.parse_args()
    lv = [int(x) for x in a.users.split(",")] if a.users else ([5] if a.smoke else [10, 50, 100])
    main(a.smoke, lv, a.base)
