"""The same migrations, demo world, jobs and a quota race on PostgreSQL (DATABASE_URL=postgresql+psycopg://…).

The test starts its own throw-away PostgreSQL server from Debian's packages (``make test`` installs them).
"""
from __future__ import annotations

import datetime as dt
import pathlib
import sys
import threading
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from partner_portal import db
from partner_portal.db import make_engine
from partner_portal.domain import clock, errors, jobs, vouchers
from partner_portal.domain.permissions import actor_for
from partner_portal.models import Association, User, Voucher, VoucherQuota
from tests import factories as f
from tests.conftest import migrate

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import services  # noqa: E402


@pytest.fixture(scope="module")
def pg_url():
    with services.postgres() as url:
        migrate(url)
        yield url


def test_demo_world_and_every_job_run_on_postgres(pg_url):
    from partner_portal.demo import seed
    eng = make_engine(pg_url)
    db.set_engine(eng)
    try:
        with db.session() as s:
            seed(s)
            assert s.exec(select(User).where(User.email == "sp.admin@partner.example")).one()
        results = jobs.run_all(db.session)
        assert all(v >= 0 for v in results.values()), results
    finally:
        db.set_engine(None)
        eng.dispose()


def test_two_issuances_race_on_one_quota_and_exactly_one_wins_on_postgres(pg_url):
    eng = make_engine(pg_url)
    clock.set_now(None)
    with Session(eng, expire_on_commit=False) as s:
        p, u, _ = f.partner_admin(s)
        c = f.customer(s)
        s.add(Association(partner_id=p.id, customer_id=c.id, created_at=clock.now()))
        today = clock.today()
        q = VoucherQuota(partner_id=p.id, total=Decimal("100"), valid_from=today, valid_until=today + dt.timedelta(days=30),
                         created_at=clock.now())
        s.add(q)
        s.commit()
    outcomes, barrier = [], threading.Barrier(2)

    def issue():
        with Session(eng, expire_on_commit=False) as s:
            actor = actor_for(s, s.get(User, u.id))
            barrier.wait()
            try:
                vouchers.issue_vouchers(s, actor=actor, quota_id=q.id, customer_ids=[c.id], face_value="80",
                                        valid_until=(today + dt.timedelta(days=10)).isoformat())
                outcomes.append("ok")
            except (errors.Conflict, errors.InvalidInput):
                outcomes.append("refused")

    threads = [threading.Thread(target=issue) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with Session(eng) as s:
        quota = s.get(VoucherQuota, q.id)
        assert sorted(outcomes) == ["ok", "refused"]
        assert quota.issued == Decimal("80.00")
        assert len(s.exec(select(Voucher).where(Voucher.quota_id == q.id)).all()) == 1
    eng.dispose()
