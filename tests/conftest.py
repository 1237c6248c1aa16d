"""Shared fixtures: a database made by the same migrations as production, a movable clock."""
from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import pytest
from alembic import command
from alembic.config import Config
from sqlmodel import Session

from partner_portal import db
from partner_portal.db import make_engine
from partner_portal.domain import clock

ROOT = pathlib.Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 12, 1, 9, 0, 0, tzinfo=dt.UTC)  # a Tuesday


def migrate(url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def engine(template_db, tmp_path):
    path = tmp_path / "test.db"
    shutil.copy(template_db, path)
    eng = make_engine(f"sqlite:///{path}")
    db.set_engine(eng)
    yield eng
    db.set_engine(None)
    eng.dispose()


@pytest.fixture
def session(engine):
    clock.set_now(T0)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    clock.set_now(None)
