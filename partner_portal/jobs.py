"""Run every time-based job once: ``python -m partner_portal.jobs`` (for cron)."""
from partner_portal import db
from partner_portal.domain.jobs import run_all

if __name__ == "__main__":
    for name, n in run_all(db.session).items():
        print(f"{name}: {n}")
