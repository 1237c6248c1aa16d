#!/usr/bin/env python3
"""Serve a private copy of the working tree on its own port, with a fresh demo database.

    .venv/bin/python scripts/preview.py --port 3101        # blocks; Ctrl-C stops it

Each copy has its own .web build folder and database, so several people (or
test runs) can build and serve at once without touching each other or the
main checkout's data. The browser tests start their server with ``start()``.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCLUDE = {".venv", ".web", "data", ".git", "shots", ".tools", "__pycache__", ".pytest_cache", ".states", "bench/out"}


def _env(dest: pathlib.Path, port: int) -> dict:
    env = dict(os.environ)
    env.update({
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}:{ROOT / '.venv/bin'}:{env.get('PATH', '')}",
        "REFLEX_BUN_PATH": str(ROOT / ".tools/node_modules/.bin/bun"),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PORTAL_DATA_DIR": str(dest / "data"),
        "DATABASE_URL": f"sqlite:///{dest / 'data' / 'portal.db'}",
        "PORTAL_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.pop("REDIS_URL", None)
    env.pop("SMTP_URL", None)
    return env


def sync(dest: pathlib.Path) -> None:
    """Copy the tree (not .web, so the copy's own build cache survives)."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in dest.iterdir():
        if item.name not in EXCLUDE:
            shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
    for item in ROOT.iterdir():
        if item.name in EXCLUDE:
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, dest / item.name)
    shutil.rmtree(dest / "data", ignore_errors=True)
    (dest / "data").mkdir()


def start(port: int, dest: pathlib.Path | None = None, log: pathlib.Path | None = None,
          timeout: float = 900, extra_env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Serve a copy; ``extra_env`` may set DATABASE_URL, REDIS_URL, GRANIAN_WORKERS (scale-out runs)."""
    dest = dest or pathlib.Path(f"/tmp/pp-preview-{port}")
    sync(dest)
    env = {**_env(dest, port), **(extra_env or {})}
    py = str(ROOT / ".venv/bin/python")
    reflex = str(ROOT / ".venv/bin/reflex")
    for cmd in ([reflex, "db", "migrate"], [py, "-m", "partner_portal.demo"]):
        done = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(cmd[-2:])} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    out = open(log or dest / "server.log", "w")
    proc = subprocess.Popen([reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
                             "--backend-port", str(port)], cwd=dest, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://localhost:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited; see {out.name}")
        try:
            with urllib.request.urlopen(base + "/ping", timeout=2) as r:
                if r.status == 200:
                    with urllib.request.urlopen(base + "/login", timeout=5):
                        return proc, base
        except OSError:
            pass
        time.sleep(1)
    stop(proc)
    raise RuntimeError(f"server did not come up in {timeout}s; see {out.name}")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=3100)
    a = ap.parse_args()
    p, url = start(a.port)
    print(f"serving {url} (log: /tmp/pp-preview-{a.port}/server.log)", flush=True)
    try:
        sys.exit(p.wait())
    except KeyboardInterrupt:
        stop(p)
