"""P6 — sign-in cost: one argon2id hash (goal 30–100 ms here) and sign-ins per second through the domain.

    python bench/signin.py [--smoke]
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from partner_portal.domain import security  # noqa: E402


def main(smoke: bool) -> dict:
    n = 5 if smoke else 30
    h = security.hash_password("Demo#2026")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        security.pwd_context.verify("Demo#2026", h)
        times.append((time.perf_counter() - t) * 1000)
    from sqlmodel import Session

    from partner_portal.db import make_engine
    from tests.conftest import migrate
    from tests import factories as f
    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{d}/bench.db"
        migrate(url)
        eng = make_engine(url)
        with Session(eng, expire_on_commit=False) as s:
            u = f.user(s, role="member", email="bench@x.example")
            t = time.perf_counter()
            for _ in range(n):
                security.sign_in(s, email=u.email, password="Demo#2026", browser="bench")
            rate = n / (time.perf_counter() - t)
    params = security.pwd_context.to_dict()
    out = {"hash_ms_p50": statistics.median(times), "hash_ms_max": max(times), "signins_per_s": rate,
           "argon2": {k: v for k, v in params.items() if k.startswith("argon2")}}
    print(f"| argon2id params | {out['argon2']} |")
    print(f"| verify p50 | {out['hash_ms_p50']:.1f} ms |")
    print(f"| verify max | {out['hash_ms_max']:.1f} ms |")
    print(f"| sign-ins/s (one thread, incl. session row) | {rate:.1f} |")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    main(ap.parse_args().smoke)
