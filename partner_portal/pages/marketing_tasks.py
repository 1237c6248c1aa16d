"""Sales › Expand › Marketing Tasks: tasks the platform assigned, with Create Opportunity in the Operation column."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, page_header, t
from partner_portal.domain import opportunities
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "mt.title": ("Marketing Tasks", "营销任务"),
    "mt.subtitle": ("Campaign tasks the platform assigned to your company. Create an opportunity for the target customer "
                    "from the Operation column.", "平台分配给贵司的营销任务。可在“操作”列为目标客户创建商机。"),
    "mt.col.campaign": ("Campaign", "营销活动"),
    "mt.col.customer": ("Customer name", "客户名称"),
    "mt.col.due": ("Due date", "截止日期"),
    "mt.col.expected": ("Expected amount", "预计金额"),
    "mt.col.description": ("Task", "任务说明"),
    "mt.create": ("Create Opportunity", "创建商机"),
    "mt.view_opportunity": ("View opportunity", "查看商机"),
    "mt.empty": ("No marketing tasks assigned to your company yet.", "暂无分配给贵司的营销任务。"),
})


class TasksState(ListMixin, AuthState):
    _csv_name: str = "marketing-tasks.csv"

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = opportunities.list_tasks(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        return Page(rows=[{**r.as_dict(), "name": r.customer} for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in opportunities.export_tasks(session, actor=actor, search=self.search,
                                                                 status=self.status_filter)]

    # the masked cell reads the customer's masked name from the row's "name" key
    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return opportunities.reveal_task_customer(session, actor=actor, task_id=row_id, field=field)

    @rx.event
    def create_opportunity(self, task_id: str):
        if not str(task_id).isdigit():
            return
        return rx.redirect(f"{routes.NEW_OPPORTUNITY}?task={task_id}&step=2")


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("campaign", "mt.col.campaign"),
    Column("name", "mt.col.customer", "masked"),
    Column("description", "mt.col.description"),
    Column("due_date", "mt.col.due", sortable=True),
    Column("expected", "mt.col.expected", "money"),
    Column("status", "table.status", "status"),
]


def _operation(row) -> rx.Component:
    return rx.cond(
        row["status"] == "open",
        rx.button(rx.icon("briefcase", size=14), t("mt.create"), size="1", variant="soft", high_contrast=True,
                  on_click=TasksState.create_opportunity(row["id"])),
        rx.cond(row["opportunity_id"] != "",
                rx.link(t("mt.view_opportunity"), " #", row["opportunity_id"],
                        href=routes.OPPORTUNITIES + "/" + row["opportunity_id"], size="2")),
    )


@page(routes.TASKS, "Marketing Tasks", perm="sales", on_load=TasksState.load_list)
def marketing_tasks_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.tasks"),
        page_header("mt.title", subtitle_key="mt.subtitle"),
        data_table(TasksState, COLUMNS, actions=_operation, empty_key="mt.empty", statuses=["open", "done"]),
        spacing="4", width="100%",
    )
