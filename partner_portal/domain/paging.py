"""Keyset paging: page 1 and page 10 000 cost the same (no OFFSET, no count per page)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col

PAGE_SIZE = 20
MAX_EXPORT = 10_000


@dataclass(frozen=True)
class PageRequest:
    sort: str = "id"
    descending: bool = True
    after: tuple | None = None  # key of the last row shown: fetch the next page
    before: tuple | None = None  # key of the first row shown: fetch the previous page
    limit: int = PAGE_SIZE


@dataclass(frozen=True)
class Page:
    rows: list = field(default_factory=list)
    has_next: bool = False
    has_prev: bool = False
    first_key: tuple | None = None
    last_key: tuple | None = None


def _key(row, sort: str) -> tuple:
    return (getattr(row, sort), row.id)


def keyset(session: Session, query, model, req: PageRequest, sortable: tuple[str, ...] = ("id",)) -> Page:
    """Run ``query`` (a select of ``model``) one page at a time, ordered by (sort, id)."""
    sort = req.sort if req.sort in sortable else "id"
    scol, icol = col(getattr(model, sort)), col(model.id)
    backwards = req.before is not None
    desc = req.descending != backwards  # walking back = reverse order, then flip the rows
    cursor = req.before if backwards else req.after
    if cursor is not None:
        v, i = cursor
        if sort == "id":
            query = query.where(icol < i if desc else icol > i)
        else:
            query = query.where(or_(scol < v, and_(scol == v, icol < i)) if desc
                                else or_(scol > v, and_(scol == v, icol > i)))
    order = [scol.desc(), icol.desc()] if desc else [scol.asc(), icol.asc()]
    if sort == "id":
        order = order[1:]
    rows = list(session.exec(query.order_by(*order).limit(req.limit + 1)))
    more = len(rows) > req.limit
    rows = rows[:req.limit]
    if backwards:
        rows.reverse()
        has_prev, has_next = more, True
    else:
        has_prev, has_next = cursor is not None, more
    if not rows:
        return Page(rows=[], has_next=False, has_prev=has_prev and cursor is not None)
    return Page(rows=rows, has_next=has_next, has_prev=has_prev,
                first_key=_key(rows[0], sort), last_key=_key(rows[-1], sort))


def all_rows(session: Session, query, model, limit: int = MAX_EXPORT) -> list[Any]:
    """Every row for a CSV export, newest first, capped."""
    return list(session.exec(query.order_by(col(model.id).desc()).limit(limit)))
