"""P2 — cost as data grows: the reported-customer list and the voucher operation records at
10k, 100k and 1M rows; page 1, a deep page (keyset), equality / range / prefix filters.

    python bench/scale.py [--smoke] [--sizes 10000,100000,1000000]

Prints one table; the last column is t(N) / t(smallest N) per query (goal ≤ 1.5).
"""
from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from partner_portal.db import make_engine  # noqa: E402
from partner_portal.domain import clock, customers, vouchers  # noqa: E402
from partner_portal.domain.paging import PageRequest, keyset  # noqa: E402
from partner_portal.domain.permissions import actor_for  # noqa: E402
from partner_portal.models import QuotaRecord, User  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.conftest import migrate  # noqa: E402

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def bulk(session: Session, n: int, partner_id: int, user_id: int, quota_id: int) -> None:
    conn = session.connection()
    batch = 20_000
    for start in range(0, n, batch):
        rows = range(start, min(n, start + batch))
        conn.execute(text("INSERT INTO customer (name, account_name, mobile, email, industry, region, registered_at, has_spending)"
                          " VALUES (:name, :acct, :mobile, '', '', '', :at, 0)"),
                     [{"name": f"客户{i:07d}", "acct": f"bench{i:07d}", "mobile": f"139{i:08d}", "at": T0} for i in rows])
        first = conn.execute(text("SELECT max(id) FROM customer")).scalar() - len(rows) + 1
        conn.execute(text("INSERT INTO customerreport (partner_id, customer_id, reported_by, association_type, status, manual_review,"
                          " remark, review_comment, created_at, reminder_sent, version) VALUES (:p, :c, :u, 'referral', :s, 0, '', '', :at, 0, 0)"),
                     [{"p": partner_id, "c": first + k, "u": user_id, "s": ("reported", "pending", "expired", "associated")[i % 4],
                       "at": T0 + dt.timedelta(seconds=i)} for k, i in enumerate(rows)])
        conn.execute(text("INSERT INTO quotarecord (quota_id, partner_id, op, amount, currency, customer_id, operator_id, note, at)"
                          " VALUES (:q, :p, :op, 10, 'CNY', :c, :u, '', :at)"),
                     [{"q": quota_id, "p": partner_id, "op": ("issue", "grant", "reclaim", "expire")[i % 4], "c": first + k,
                       "u": user_id, "at": T0 + dt.timedelta(seconds=i)} for k, i in enumerate(rows)])
    session.commit()


def timed(fn, repeat: int = 7) -> float:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def queries(session: Session, actor, n: int) -> dict[str, float]:
    req = PageRequest()
    out = {}
    out["reports: page 1"] = timed(lambda: customers.list_reports(session, actor=actor, req=req))
    page = customers.list_reports(session, actor=actor, req=req)
    for _ in range(50):  # walk 50 pages deep, then time the next one
        page = customers.list_reports(session, actor=actor, req=PageRequest(after=page.last_key))
    key = page.last_key
    out["reports: deep page (keyset)"] = timed(lambda: customers.list_reports(session, actor=actor, req=PageRequest(after=key)))
    out["reports: status = expired"] = timed(lambda: customers.list_reports(session, actor=actor, req=req, status="expired"))
    out["reports: exact mobile"] = timed(lambda: customers.list_reports(session, actor=actor, req=req, search=f"139{n // 2:08d}"))
    out["reports: name prefix"] = timed(lambda: customers.list_reports(session, actor=actor, req=req, search=f"客户{n // 2:07d}"[:8]))
    rreq = PageRequest()  # as the Operation Records page asks: newest first
    day = (T0 + dt.timedelta(seconds=n // 2)).date().isoformat()
    out["records: page 1"] = timed(lambda: vouchers.list_records(session, actor=actor, req=rreq))
    out["records: op = reclaim"] = timed(lambda: vouchers.list_records(session, actor=actor, req=rreq,
                                                                     flt=vouchers.RecordFilter(op="reclaim")))
    out["records: one day"] = timed(lambda: vouchers.list_records(session, actor=actor, req=rreq,
                                                                flt=vouchers.RecordFilter(date_from=day, date_to=day)))
    out["records: customer prefix"] = timed(lambda: vouchers.list_records(
        session, actor=actor, req=rreq, flt=vouchers.RecordFilter(customer=f"客户{n // 2:07d}"[:8])))
    return out


def run(sizes: list[int]) -> dict[int, dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            url = f"sqlite:///{d}/scale{n}.db"
            migrate(url)
            eng = make_engine(url)
            clock.set_now(T0)
            with Session(eng, expire_on_commit=False) as s:
                p, u, _ = f.partner_admin(s)
                from partner_portal.models import VoucherQuota
                q = VoucherQuota(partner_id=p.id, total=1, valid_from=T0.date(), valid_until=T0.date(), created_at=T0)
                s.add(q)
                s.commit()
                t = time.perf_counter()
                bulk(s, n, p.id, u.id, q.id)
                s.exec(text("ANALYZE"))
                print(f"seeded {n:>9,} rows in {time.perf_counter() - t:.1f}s", file=sys.stderr)
                actor = actor_for(s, s.get(User, u.id))
                results[n] = queries(s, actor, n)
            eng.dispose()
    clock.set_now(None)
    return results


def main(smoke: bool, sizes: list[int] | None = None) -> dict:
    sizes = sizes or ([1_000, 10_000] if smoke else [10_000, 100_000, 1_000_000])
    res = run(sizes)
    first = sizes[0]
    print("| query | " + " | ".join(f"{n:,} rows (ms)" for n in sizes) + f" | t({sizes[-1]:,}) / t({first:,}) |")
    print("|---|" + "---|" * (len(sizes) + 1))
    worst = 0.0
    for q in res[first]:
        ratio = res[sizes[-1]][q] / res[first][q]
        worst = max(worst, ratio)
        print(f"| {q} | " + " | ".join(f"{res[n][q]:.2f}" for n in sizes) + f" | {ratio:.2f} |")
    print(f"worst ratio: {worst:.2f} (goal ≤ 1.5)")
    return {"worst_ratio": worst, "results": res}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--sizes", default="")
    a = ap.parse_args()
    main(a.smoke, [int(x) for x in a.sizes.split(",")] if a.sizes else None)
