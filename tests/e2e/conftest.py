"""Browser journeys in real Chromium against the production build of a private copy of the tree.

One server per test run (``scripts/preview.py``: its own .web build and a fresh
demo database). Tests share that world, so each journey changes only rows it
owns (new accounts it registers, or demo rows no other journey touches).
Run them in their own pytest process: ``pytest tests/e2e`` (``make test`` does).
Set ``E2E_PORT`` to run several suites side by side.
"""
from __future__ import annotations

import os
import pathlib
import re
import sys

import pytest
from playwright.sync_api import expect

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import preview  # noqa: E402

PASSWORD = "Demo#2026"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                 # no fade-ins: axe-core must not measure a dialog half-way through its animation
                 "--force-prefers-reduced-motion"]
# A busy CI machine answers slower than a developer's: give every expectation room.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def portal():
    port = int(os.environ.get("E2E_PORT", "3300"))
    proc, base = preview.start(port, dest=pathlib.Path(f"/tmp/pp-e2e-{port}"))
    yield base
    preview.stop(proc)


@pytest.fixture(scope="session")
def base_url(portal):
    return portal


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def page(page):
    page.set_default_timeout(20_000)
    return page


def sign_in(page, base: str, email: str, password: str = PASSWORD, next_path: str = "") -> None:
    page.goto(base + "/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def sign_out(page) -> None:
    page.get_by_role("button", name="Account", exact=True).click()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login"))


def e2e_db(base: str) -> pathlib.Path:
    port = base.rsplit(":", 1)[-1]
    return pathlib.Path(f"/tmp/pp-e2e-{port}/data/portal.db")


def outbox_code(base: str, recipient: str) -> str:
    """The newest 6-digit code in the outbox for ``recipient`` (what /console/outbox shows a local run)."""
    import sqlite3
    import time
    deadline = time.time() + 10
    while time.time() < deadline:
        with sqlite3.connect(e2e_db(base)) as conn:
            row = conn.execute("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
                               (recipient,)).fetchone()
        if row and (m := re.search(r"\b(\d{6})\b", row[0])):
            return m.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no code in the outbox for {recipient}")
