"""Platform Console: `/console/leads` distributes leads to partners (with a follow-up SLA) and
`/console/tasks` assigns marketing tasks."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, card, data_table, form_field, page_header, t
from partner_portal.domain import errors, leads, money, opportunities
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.pages.leads import lead_form_fields, select_field, sla_text, textarea_field
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

CONSOLE_LEADS = routes.CONSOLE_LEADS
CONSOLE_TASKS = routes.CONSOLE_TASKS

i18n.add({
    "cl.title": ("Lead distribution", "线索分配"),
    "cl.subtitle": ("Hand a lead to a partner. A distributed lead not followed within its SLA is escalated to you.",
                    "将线索分配给伙伴。超过时限未跟进的线索将升级给您。"),
    "cl.distribute": ("Distribute lead", "分配线索"),
    "cl.partner": ("Partner", "伙伴"),
    "cl.sla": ("Follow-up SLA (hours)", "跟进时限（小时）"),
    "cl.done": ("Lead distributed.", "线索已分配。"),
    "cl.list": ("Distributed leads", "已分配线索"),
    "ct.title": ("Marketing tasks", "营销任务"),
    "ct.subtitle": ("Assign a campaign task for a target customer to a partner. The partner creates the opportunity "
                    "from it.", "为目标客户向伙伴分配营销任务，伙伴可据此创建商机。"),
    "ct.assign": ("Assign task", "分配任务"),
    "ct.customer": ("Target customer", "目标客户"),
    "ct.campaign": ("Campaign", "营销活动"),
    "ct.description": ("Task description", "任务说明"),
    "ct.due": ("Due date", "截止日期"),
    "ct.amount": ("Expected amount", "预计金额"),
    "ct.done": ("Task assigned.", "任务已分配。"),
    "ct.list": ("All marketing tasks", "全部营销任务"),
    "nav.console_leads": ("Lead distribution", "线索分配"),
    "nav.console_tasks": ("Marketing tasks", "营销任务"),
})


class ConsoleLeadsState(ListMixin, AuthState):
    _csv_name: str = "distributed-leads.csv"
    partners: list[list[str]] = []
    errors: dict[str, str] = {}
    form_key: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = leads.list_distributed(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        return Page(rows=[{**r.as_dict(), "sla": sla_text(r.sla, self)} for r in page.rows], has_next=page.has_next,
                    has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        from partner_portal.domain.paging import MAX_EXPORT
        return [r.as_dict() for r in leads.list_distributed(session, actor=actor, req=PageRequest(limit=MAX_EXPORT),
                                                             search=self.search, status=self.status_filter).rows]

    @rx.event
    async def load(self):
        self.errors = {}
        try:
            self.partners = [[str(i), n] for i, n in await self._call(leads.partner_choices)]
        except errors.DomainError:
            self.partners = []
        return await self._reload()

    @rx.event
    async def distribute(self, form: dict):
        self.errors = {}
        data = {k: str(form.get(k, "") or "")[:300] for k in ("name", "company", "mobile", "email", "product_interest")}
        try:
            await self._call(leads.distribute_lead, partner_id=str(form.get("partner_id", "")), form=data,
                             sla_hours=str(form.get("sla_hours", "")))
        except errors.InvalidInput as e:
            self.errors = {"partner_id" if e.field == "partner" else e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.form_key += 1
        await self._reload()
        return rx.toast.success(self._t("cl.done"))


class ConsoleTasksState(ListMixin, AuthState):
    _csv_name: str = "marketing-tasks.csv"
    partners: list[list[str]] = []
    customer_options: list[list[str]] = []
    errors: dict[str, str] = {}
    form_key: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = opportunities.list_tasks(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        return Page(rows=[r.as_dict() for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in opportunities.export_tasks(session, actor=actor, search=self.search,
                                                                 status=self.status_filter)]

    @rx.event
    async def load(self):
        self.errors = {}
        try:
            self.partners = [[str(i), n] for i, n in await self._call(leads.partner_choices)]
            self.customer_options = [[str(i), n] for i, n in await self._call(opportunities.customer_choices)]
        except errors.DomainError:
            self.partners, self.customer_options = [], []
        return await self._reload()

    @rx.event
    async def assign(self, form: dict):
        self.errors = {}
        data = {k: str(form.get(k, "") or "")[:1100] for k in
                ("partner_id", "customer_id", "campaign", "description", "due_date", "expected_amount", "currency")}
        try:
            await self._call(opportunities.assign_task, form=data)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.form_key += 1
        await self._reload()
        return rx.toast.success(self._t("ct.done"))


LEAD_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("partner", "cl.partner"),
    Column("name", "leads.col.name"),
    Column("company", "leads.col.company"),
    Column("status", "table.status", "status"),
    Column("sla", "leads.col.sla"),
    Column("created_at", "leads.col.created"),
]
TASK_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("partner", "cl.partner"),
    Column("campaign", "ct.campaign"),
    Column("customer", "ct.customer"),
    Column("due_date", "ct.due", sortable=True),
    Column("expected", "ct.amount", "money"),
    Column("status", "table.status", "status"),
]


@page(CONSOLE_LEADS, "Lead distribution", perm="console", on_load=ConsoleLeadsState.load)
def console_leads_page() -> rx.Component:
    errs = ConsoleLeadsState.errors
    return rx.vstack(
        breadcrumb("nav.console", "nav.console_leads"),
        page_header("cl.title", subtitle_key="cl.subtitle"),
        card(
            rx.heading(t("cl.distribute"), size="3", as_="h2"),
            rx.form(
                rx.vstack(
                    rx.grid(
                        select_field("cl.partner", "partner_id", errs, foreach=ConsoleLeadsState.partners, required=True),
                        form_field("cl.sla", "sla_hours", errs, type_="number", default_value="48"),
                        *lead_form_fields(errs, with_source=False),
                        columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
                    ),
                    rx.hstack(rx.button(rx.icon("send", size=16), t("cl.distribute"), type="submit"), justify="end",
                              width="100%"),
                    spacing="3", width="100%",
                ),
                on_submit=ConsoleLeadsState.distribute, reset_on_submit=True, width="100%",
                key=ConsoleLeadsState.form_key.to(str),
            ),
        ),
        rx.heading(t("cl.list"), size="4", as_="h2"),
        data_table(ConsoleLeadsState, LEAD_COLUMNS, statuses=leads.LEAD_STATUSES),
        spacing="4", width="100%",
    )


@page(CONSOLE_TASKS, "Marketing tasks", perm="console", on_load=ConsoleTasksState.load)
def console_tasks_page() -> rx.Component:
    errs = ConsoleTasksState.errors
    return rx.vstack(
        breadcrumb("nav.console", "nav.console_tasks"),
        page_header("ct.title", subtitle_key="ct.subtitle"),
        card(
            rx.heading(t("ct.assign"), size="3", as_="h2"),
            rx.form(
                rx.vstack(
                    rx.grid(
                        select_field("cl.partner", "partner_id", errs, foreach=ConsoleTasksState.partners, required=True),
                        select_field("ct.customer", "customer_id", errs, foreach=ConsoleTasksState.customer_options,
                                     required=True),
                        form_field("ct.campaign", "campaign", errs, required=True, autocomplete="off"),
                        form_field("ct.due", "due_date", errs, type_="date", required=True),
                        form_field("ct.amount", "expected_amount", errs, required=True, autocomplete="off"),
                        select_field("wiz.currency", "currency", errs, [(c, c) for c in money.CURRENCIES],
                                     default_value="CNY"),
                        columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
                    ),
                    textarea_field("ct.description", "description", errs, max_length=1000),
                    rx.hstack(rx.button(rx.icon("send", size=16), t("ct.assign"), type="submit"), justify="end",
                              width="100%"),
                    spacing="3", width="100%",
                ),
                on_submit=ConsoleTasksState.assign, reset_on_submit=True, width="100%",
                key=ConsoleTasksState.form_key.to(str),
            ),
        ),
        rx.heading(t("ct.list"), size="4", as_="h2"),
        data_table(ConsoleTasksState, TASK_COLUMNS, statuses=["open", "done"]),
        spacing="4", width="100%",
    )
