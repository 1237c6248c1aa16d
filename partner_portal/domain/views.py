"""Frozen views the UI receives: already masked, never an ORM row."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from . import money


def fmt_dt(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def fmt_money(amount: Decimal | None, currency: str) -> str:
    return money.format_money(amount, currency) if amount is not None else ""


@dataclass(frozen=True)
class TodoItem:
    label: str  # catalogue key
    count: int
    link: str


@dataclass(frozen=True)
class StageCount:
    stage: str
    count: int
    percent: int
    amount: str


@dataclass(frozen=True)
class NotificationView:
    id: int
    title: str
    body: str
    link: str
    at: str
    unread: bool


@dataclass(frozen=True)
class HomeView:
    todos: list[TodoItem] = field(default_factory=list)
    quota_left: str = ""
    pipeline: list[StageCount] = field(default_factory=list)
    recent: list[NotificationView] = field(default_factory=list)


def notification_view(n) -> NotificationView:
    return NotificationView(id=n.id, title=n.title, body=n.body, link=n.link or "/notifications",
                            at=fmt_dt(n.created_at), unread=n.read_at is None)
