"""P7 — the P1 load against PostgreSQL + Redis with 2 and 3 workers, beside 1 worker on SQLite, in one run.

    python bench/scaleout.py [--smoke] [--users 50]

Checks no errors and no lost updates (every reveal sent is one audit row), and states the throughput ratio.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "scripts"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import load  # noqa: E402
import services  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402


def one(label: str, users: int, smoke: bool, port: int, db_url: str | None, env: dict | None) -> dict:
    report = load.main(smoke, [users], None, db_url=db_url, extra_env=env, port=port, quiet=True)[users]
    events = sum(len(v) for k, v in report.items() if not k.startswith("_"))
    # each round filters the list (which drops shown cells) and then shows one cell: one audited reveal
    expected = len(report["reveal cell"])
    return {"label": label, "events": events, "wall": report["_wall_s"][0], "p95": load.pct(report["reveal cell"], 95),
            "reveals": report["_reveals"][0], "expected": expected}


def main(smoke: bool, users: int) -> list[dict]:
    rows = [one("SQLite, 1 worker", users, smoke, 3420, None, None)]
    with services.postgres() as pg, services.redis() as rd:
        for workers in (2, 3):
            env = {"DATABASE_URL": pg, "REDIS_URL": rd, "GRANIAN_WORKERS": str(workers)}
            rows.append(one(f"PostgreSQL + Redis, {workers} workers", users, smoke, 3420 + workers, pg, env))
            # the next configuration starts from a fresh database
            eng = create_engine(pg)
            with eng.begin() as c:
                c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    base = rows[0]["events"] / rows[0]["wall"]
    print(f"| configuration ({users} users) | events/s | × 1 worker | reveal p95 ms | reveals audited / expected |")
    print("|---|---|---|---|---|")
    for r in rows:
        rate = r["events"] / r["wall"]
        print(f"| {r['label']} | {rate:.0f} | {rate / base:.2f} | {r['p95']:.0f} | {r['reveals']} / {r['expected']} |")
    lost = [r["label"] for r in rows if r["reveals"] != r["expected"]]
    print("no lost updates" if not lost else f"LOST UPDATES in: {lost}")
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--users", type=int, default=50)
    a = ap.parse_args()
    main(a.smoke, 5 if a.smoke else a.users)
