"""Time-based rules as idempotent jobs.

The app's lifespan task calls ``run_all`` every minute; ``python -m
partner_portal.jobs`` runs them once (for cron). Each area module registers
its jobs with ``@job`` at import; ``run_all`` imports them all first.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from sqlmodel import Session

from . import notify

log = logging.getLogger(__name__)
JOBS: dict[str, Callable[[Session], int]] = {}

# Area modules that define jobs; importing them registers their jobs.
AREAS = ("customers", "associations", "leads", "opportunities", "vouchers", "mdf", "fh", "invoicing", "members",
         "letters", "plans", "capabilities")


def job(name: str):
    def deco(fn: Callable[[Session], int]):
        JOBS[name] = fn
        return fn
    return deco


job("deliver_outbox")(notify.deliver_outbox)


def load_all() -> dict[str, Callable[[Session], int]]:
    for area in AREAS:
        try:
            importlib.import_module(f"partner_portal.domain.{area}")
        except ModuleNotFoundError as exc:
            if exc.name != f"partner_portal.domain.{area}":
                raise
    return JOBS


def run_all(session_factory) -> dict[str, int]:
    """Run every job once; one failing job does not stop the others. Returns what each changed."""
    results = {}
    for name, fn in load_all().items():
        try:
            with session_factory() as session:
                results[name] = fn(session)
                session.commit()
        except Exception:  # a job must never take the app down; it is retried next minute
            log.exception("job %s failed", name)
            results[name] = -1
    return results
