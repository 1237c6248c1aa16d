"""One list behaviour for every data table: server-side paging, sorting, filters,
CSV export and masked cells with per-click reveal.

A page state mixes this in and implements ``_fetch`` (one page of rows, as
dicts of strings, already masked), ``_export`` (every row, masked) and, when
it has masked columns, ``_reveal`` (the domain's audited reveal).
"""
from __future__ import annotations

import csv
import io

import reflex as rx

from partner_portal import db
from partner_portal.domain import errors, security
from partner_portal.domain.paging import Page, PageRequest

from .auth import SignedOut, in_thread


class ListMixin(rx.State, mixin=True):
    rows: list[dict[str, str]] = []
    search: str = ""
    status_filter: str = "all"
    sort: str = "id"
    descending: bool = True
    page_no: int = 1
    has_next: bool = False
    has_prev: bool = False
    loading: bool = False
    # key "rowid:field" → full value, only for cells the user chose to show
    revealed: dict[str, str] = {}
    _first_key: tuple | None = None
    _last_key: tuple | None = None

    _csv_name: str = "export.csv"

    # ---- implemented by each list
    def _fetch(self, session, actor, req: PageRequest) -> Page:
        raise NotImplementedError

    def _export(self, session, actor) -> list[dict[str, str]]:
        raise NotImplementedError

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        raise errors.PermissionDenied()

    # ---- plumbing
    async def _run_list(self, req: PageRequest):
        token = self.token  # from AuthState

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                if actor is None:
                    raise SignedOut()
                return self._fetch(s, actor, req)

        page: Page = await in_thread(work)
        self.rows = page.rows
        self.has_next, self.has_prev = page.has_next, page.has_prev
        self._first_key, self._last_key = page.first_key, page.last_key
        self.revealed = {}

    async def _reload(self, **req):
        try:
            await self._run_list(PageRequest(sort=self.sort, descending=self.descending, **req))
        except (SignedOut, errors.PermissionDenied):
            self.rows = []  # the guard redirects or the page says No access
        except errors.DomainError as e:
            self.rows = []
            return rx.toast.error(e.message)

    @rx.event
    async def load_list(self):
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def set_search(self, value: str):
        self.search = (value or "")[:100]
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def set_status_filter(self, value: str):
        self.status_filter = value or "all"
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def sort_by(self, column: str):
        if self.sort == column:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, True
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def next_page(self):
        if not self.has_next or self._last_key is None:
            return
        self.page_no += 1
        return await self._reload(after=self._last_key)

    @rx.event
    async def prev_page(self):
        if not self.has_prev or self._first_key is None:
            return
        self.page_no = max(1, self.page_no - 1)
        if self.page_no == 1:
            return await self._reload()
        return await self._reload(before=self._first_key)

    @rx.event
    async def export_csv(self):
        token = self.token

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                if actor is None:
                    raise SignedOut()
                return self._export(s, actor)

        try:
            rows = await in_thread(work)
        except errors.DomainError as e:
            return rx.toast.error(e.message)
        buf = io.StringIO()
        if rows:
            writer = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(rows)
        return rx.download(data="\ufeff" + buf.getvalue(), filename=self._csv_name, mime_type="text/csv")

    @rx.event
    async def toggle_reveal(self, key: str):
        """Show fetches one full value from the server (audited); Hide drops it from state."""
        if key in self.revealed:
            self.revealed = {k: v for k, v in self.revealed.items() if k != key}
            return
        row_id, _, field = key.partition(":")
        if not row_id.isdigit():
            return
        token = self.token

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                if actor is None:
                    raise SignedOut()
                return self._reveal(s, actor, int(row_id), field)

        try:
            value = await in_thread(work)
        except errors.DomainError as e:
            return rx.toast.error(e.message)
        self.revealed = {**self.revealed, key: value}
