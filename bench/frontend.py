"""P3 page weight and P4 first screen, against a blank Reflex app built in the same run.

    python bench/frontend.py [--smoke]

P3: gzipped JS + CSS the browser loads for /login and /sales/customer-expansion (goal ≤ 1.5 × blank).
P4: navigation start → Online Expansion rows visible, signed in (goal ≤ 2 × the blank app's hydrate time).
"""
from __future__ import annotations

import argparse
import gzip
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import preview  # noqa: E402

BLANK_APP = '''import reflex as rx


class S(rx.State):
    n: int = 0


def index():
    return rx.text("ready", id="ready", data_n=S.n)


app = rx.App()
app.add_page(index, route="/")
'''
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


def start_blank(port: int, dest: pathlib.Path) -> subprocess.Popen:
    (dest / "blank").mkdir(parents=True, exist_ok=True)
    (dest / "blank" / "__init__.py").write_text("")
    (dest / "blank" / "blank.py").write_text(BLANK_APP)
    (dest / "rxconfig.py").write_text('import reflex as rx\nconfig = rx.Config(app_name="blank", telemetry_enabled=False, '
                                      f'cors_allowed_origins=["http://localhost:{port}"], '
                                      'disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"])\n')
    env = preview._env(dest, port)
    env.pop("DATABASE_URL")
    proc = subprocess.Popen([str(ROOT / ".venv/bin/reflex"), "run", "--env", "prod", "--single-port", "--frontend-port",
                             str(port), "--backend-port", str(port)], cwd=dest, env=env, stdout=open(dest / "log", "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 900
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://localhost:{port}/ping", timeout=2)
            return proc
        except OSError:
            time.sleep(1)
    raise RuntimeError("blank app did not start")


def weight(page, url: str) -> int:
    bodies: list[bytes] = []

    def on_response(resp):
        if resp.request.resource_type in ("script", "stylesheet"):
            try:
                bodies.append(resp.body())
            except Exception:  # a response without body (redirect)
                pass

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", on_response)
    return sum(len(gzip.compress(b, 6)) for b in bodies)


def main(smoke: bool) -> dict:
    from playwright.sync_api import sync_playwright
    runs = 2 if smoke else 7
    app_proc, base = preview.start(3400, dest=pathlib.Path("/tmp/pp-bench-3400"))
    tmp = tempfile.mkdtemp()
    blank_proc = start_blank(3401, pathlib.Path(tmp))
    blank = "http://localhost:3401"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            w = {}
            for name, url in (("blank /", blank + "/"), ("/login", base + "/login")):
                ctx = browser.new_context()
                w[name] = weight(ctx.new_page(), url)
                ctx.close()
            ctx = browser.new_context()
            p = ctx.new_page()
            p.goto(base + "/login")
            p.get_by_label("E-mail").fill("sp.staff@partner.example")
            p.get_by_label("Password").fill("Demo#2026")
            p.get_by_role("button", name="Sign in").click()
            p.wait_for_url(lambda u: "/login" not in u)
            fresh = browser.new_context()  # an empty cache, signed in with the same session cookie
            fresh.add_cookies(ctx.cookies())
            w["/sales/customer-expansion"] = weight(fresh.new_page(), base + "/sales/customer-expansion")
            fresh.close()

            def first_screen(page, url, selector) -> float:
                page.goto("about:blank")
                page.goto(url)
                page.wait_for_selector(selector, state="visible")
                return page.evaluate("performance.now()")  # ms since navigation start

            blank_t, app_t = [], []
            bp = browser.new_page()
            for _ in range(runs):
                blank_t.append(first_screen(bp, blank + "/", "#ready"))
                app_t.append(first_screen(p, base + "/sales/customer-expansion", "table tbody tr"))
            browser.close()
    finally:
        preview.stop(app_proc)
        preview.stop(blank_proc)
    b = w["blank /"]
    print("| P3 page | gzipped JS+CSS | × blank |")
    print("|---|---|---|")
    for name, size in w.items():
        print(f"| {name} | {size / 1024:.0f} KB | {size / b:.2f} |")
    bt, at = statistics.median(blank_t), statistics.median(app_t)
    print("| P4 | median of %d | |" % runs)
    print(f"| blank app hydrate | {bt:.0f} ms | 1.00 |")
    print(f"| Online Expansion rows visible (signed in) | {at:.0f} ms | {at / bt:.2f} |")
    return {"weights": w, "first_screen_ratio": at / bt}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    main(ap.parse_args().smoke)
