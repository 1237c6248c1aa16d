"""The demo world of PRODUCT.md §10: ``python -m partner_portal.demo [--reset]``.

``core`` seeds companies, accounts and customers; each area module adds its
rows with ``seed(session, world)``, in the order of ``AREAS``.
"""
from __future__ import annotations

import importlib

from sqlmodel import Session, SQLModel, select

from partner_portal.models import User

from .core import World, seed_core

AREAS = ("accounts", "customers", "sales", "vouchers", "benefits", "members", "programs")


def is_empty(session: Session) -> bool:
    return session.exec(select(User.id)).first() is None


def seed(session: Session) -> World:
    world = seed_core(session)
    for area in AREAS:
        try:
            module = importlib.import_module(f"{__name__}.{area}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{area}":
                raise
            continue
        module.seed(session, world)
        session.commit()
    return world


def wipe(session: Session) -> None:
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name != "alembic_version":
            session.exec(table.delete())
    session.commit()
