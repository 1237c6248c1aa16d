"""The Platform Console's review queues: one registry, one page (`/console/reviews/<kind>`).

An area registers its queue with ``register(ReviewQueue(...))`` at import. Every
queue lists one page of items awaiting review and approves or rejects one item
with a comment; the functions check the manager themselves and raise
``Conflict`` when another reviewer got there first (exactly one transition).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from .errors import InvalidInput, NotFound
from .paging import Page, PageRequest
from .permissions import Actor, Permission, require

# modules that register queues (imported lazily so the registry is complete)
AREAS = ("accounts_admin", "customers", "opportunities", "leads", "vouchers", "mdf", "fh", "incentives", "invoicing",
         "invoice_info", "members", "plans", "capabilities", "letters")


@dataclass(frozen=True)
class ReviewQueue:
    kind: str  # url segment, e.g. "customer-reports"
    title: str  # catalogue key (or English text)
    # list(session, actor, req) -> Page whose rows are dicts of strings with at least
    # "id", "subject", "partner", "submitted_at", "details"
    list: Callable[..., Page]
    approve: Callable[..., None]  # approve(session, actor=, item_id=, comment=)
    reject: Callable[..., None]  # reject(session, actor=, item_id=, comment=)  (comment required)
    count: Callable[[Session], int] | None = None
    order: int = 100


QUEUES: dict[str, ReviewQueue] = {}


def register(queue: ReviewQueue) -> ReviewQueue:
    QUEUES[queue.kind] = queue
    return queue


def load_all() -> dict[str, ReviewQueue]:
    for area in AREAS:
        try:
            importlib.import_module(f"partner_portal.domain.{area}")
        except ModuleNotFoundError as exc:
            if exc.name != f"partner_portal.domain.{area}":
                raise
    return dict(sorted(QUEUES.items(), key=lambda kv: (kv[1].order, kv[0])))


def queue(kind: str) -> ReviewQueue:
    q = load_all().get(kind)
    if q is None:
        raise NotFound("review queue")
    return q


def list_items(session: Session, *, actor: Actor, kind: str, req: PageRequest) -> Page:
    require(actor, Permission.REVIEW)
    return queue(kind).list(session, actor=actor, req=req)


def decide(session: Session, *, actor: Actor, kind: str, item_id: int, decision: str, comment: str) -> None:
    require(actor, Permission.REVIEW)
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise InvalidInput("comment", "Use at most 1000 characters.")
    q = queue(kind)
    if decision == "approve":
        q.approve(session, actor=actor, item_id=item_id, comment=comment)
    elif decision == "reject":
        if not comment:
            raise InvalidInput("comment", "Give the reason for the rejection; the applicant will see it.")
        q.reject(session, actor=actor, item_id=item_id, comment=comment)
    else:
        raise InvalidInput("decision", "Choose approve or reject.")


def counts(session: Session, *, actor: Actor) -> dict[str, int]:
    require(actor, Permission.REVIEW)
    return {k: (q.count(session) if q.count else 0) for k, q in load_all().items()}
