"""R7: kill -9 in the middle of batch voucher issuance loses nothing and leaves nothing half-done."""
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal

from sqlmodel import Session, func, select

from partner_portal.db import make_engine
from partner_portal.models import Association, QuotaRecord, Voucher, VoucherQuota
from tests import factories as f

CHILD = textwrap.dedent("""
    import sys
    from sqlmodel import Session
    from partner_portal.db import make_engine
    from partner_portal.domain import vouchers
    from partner_portal.domain.permissions import actor_for
    from partner_portal.models import User
    url, user_id, quota_id, until = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ids = [int(x) for x in sys.argv[5].split(",")]
    eng = make_engine(url)
    print("ready", flush=True)
    while True:
        with Session(eng, expire_on_commit=False) as s:
            actor = actor_for(s, s.get(User, user_id))
            vouchers.issue_vouchers(s, actor=actor, quota_id=quota_id, customer_ids=ids, face_value="1.00", valid_until=until)
""")


def test_killed_issuance_keeps_quota_vouchers_and_records_consistent(engine, tmp_path):
    url = str(engine.url)
    with Session(engine, expire_on_commit=False) as s:
        p, u, _ = f.partner_admin(s)
        customers = [f.customer(s) for _ in range(20)]
        for c in customers:
            s.add(Association(partner_id=p.id, customer_id=c.id, created_at=f.clock.now()))
        today = dt.date.today()
        q = VoucherQuota(partner_id=p.id, total=Decimal("1000000"), valid_from=today - dt.timedelta(days=1),
                         valid_until=today + dt.timedelta(days=90), created_at=f.clock.now())
        s.add(q)
        s.commit()
        ids = ",".join(str(c.id) for c in customers)
        child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(u.id), str(q.id),
                                  (today + dt.timedelta(days=30)).isoformat(), ids],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
        assert child.stdout.readline().strip() == "ready"
        deadline = time.time() + 30
        while time.time() < deadline:  # let it issue a few batches, then kill it mid-flight
            with Session(make_engine(url)) as probe:
                if probe.exec(select(func.count()).select_from(Voucher)).one() >= 60:
                    break
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    eng = make_engine(url)
    with Session(eng) as s:
        quota = s.get(VoucherQuota, q.id)
        vs = s.exec(select(Voucher).where(Voucher.quota_id == q.id)).all()
        records = s.exec(select(QuotaRecord).where(QuotaRecord.quota_id == q.id, QuotaRecord.op == "issue")).all()
        assert len(vs) >= 60 and len(vs) % 20 == 0, "a batch is all or nothing"
        assert quota.issued == sum((v.face_value for v in vs), Decimal(0))
        assert len(records) == len(vs) and {r.voucher_id for r in records} == {v.id for v in vs}
        assert quota.total - quota.issued >= 0
