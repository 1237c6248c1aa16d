"""Incentive Management › Application Records: every incentive application of the partner (MDF, FH, other)
in one list, with View Invoicing List where payable; apply for other incentives."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, incentives
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "inc.title": ("Application Records", "申请记录"),
    "inc.subtitle": ("Every incentive application of your company: MDF, full-time personnel incentive and other incentives.",
                     "贵公司的全部激励申请：MDF、专职人员激励及其他激励。"),
    "inc.apply": ("Apply for Incentive", "申请激励"),
    "inc.col.ref": ("Application", "申请编号"),
    "inc.col.kind": ("Kind", "类型"),
    "inc.col.subject": ("Subject", "内容"),
    "inc.col.amount": ("Amount", "金额"),
    "inc.col.created": ("Applied at", "申请时间"),
    "inc.col.comment": ("Review comment", "审核意见"),
    "inc.col.invoice": ("Invoice", "发票"),
    "inc.kind_filter": ("Kind of application", "申请类型"),
    "inc.kind.all": ("All kinds", "全部类型"),
    "inc.kind.mdf": ("MDF", "市场发展基金"),
    "inc.kind.fh": ("FH", "专职人员激励"),
    "inc.kind.incentive": ("Other incentive", "其他激励"),
    "inc.view_list": ("View Invoicing List", "查看开票清单"),
    "inc.empty": ("No incentive applications yet.", "暂无激励申请。"),
    "inc.f.program": ("Incentive program", "激励项目"),
    "inc.f.period": ("Period", "期间"),
    "inc.f.amount": ("Amount", "金额"),
    "inc.period_hint": ("e.g. 2026H2 or 2026Q4", "例如 2026H2 或 2026Q4"),
    "inc.applied": ("Incentive application submitted.", "激励申请已提交。"),
    **{f"inc.program.{k}": v for k, v in {
        "sales_rebate": ("Sales rebate", "销售返利"), "growth_bonus": ("Growth bonus", "增长奖励"),
        "migration_subsidy": ("Cloud migration subsidy", "上云迁移补贴"), "training_subsidy": ("Training subsidy", "培训补贴"),
    }.items()},
    "queue.incentives": ("Incentive applications", "激励申请"),
})


class IncentivesState(ListMixin, AuthState):
    _csv_name: str = "incentive-applications.csv"
    kind_filter: str = "all"
    apply_open: bool = False
    errors: dict[str, str] = {}
    form_key: int = 0

    def _translate(self, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for r in rows:
            r["kind_label"] = self._t(f"inc.kind.{r['kind']}")
            if r["kind"] == "incentive":
                program, _, period = r["subject"].partition(" · ")
                r["subject"] = f"{self._t(f'inc.program.{program}')} · {period}"
            r["invoice"] = self._t(f"status.{r['invoicing_status']}") if r["invoicing_status"] else ""
        return rows

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = incentives.list_records(session, actor=actor, req=req, search=self.search, kind=self.kind_filter)
        self._translate(page.rows)
        return page

    def _export(self, session, actor):
        return self._translate(incentives.export_records(session, actor=actor, search=self.search, kind=self.kind_filter))

    @rx.event
    async def load(self):
        self.apply_open = False
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def set_kind_filter(self, value: str):
        self.kind_filter = value if value in ("all", *incentives.KINDS) else "all"
        self.page_no = 1
        return await self._reload()

    @rx.event
    def open_apply(self):
        self.errors = {}
        self.form_key += 1
        self.apply_open = True

    @rx.event
    def set_apply_open(self, value: bool):
        self.apply_open = bool(value)

    @rx.event
    async def submit_apply(self, form: dict):
        self.errors = {}
        try:
            await self._call(incentives.apply, program=str(form.get("program", ""))[:40],
                             period=str(form.get("period", ""))[:60], amount=str(form.get("amount", ""))[:40])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.apply_open = False
        await self._reload()
        return rx.toast.success(self._t("inc.applied"))


COLUMNS = [
    Column("ref", "inc.col.ref"),
    Column("kind_label", "inc.col.kind"),
    Column("subject", "inc.col.subject"),
    Column("amount", "inc.col.amount", "money"),
    Column("status", "table.status", "status"),
    Column("created_at", "inc.col.created"),
    Column("invoice", "inc.col.invoice"),
]


def _actions(row) -> rx.Component:
    return rx.vstack(
        rx.cond(row["invoicing_id"] != "",
                rx.link(rx.button(rx.icon("receipt", size=14), t("inc.view_list"), size="1", white_space="nowrap"),
                        href=routes.INVOICING + "/" + row["invoicing_id"])),
        rx.cond(row["review_comment"] != "",
                rx.text(t("inc.col.comment"), ": ", row["review_comment"], size="1", color_scheme="gray",
                        max_width="16rem")),
        spacing="1", align="start", min_width="9rem",
    )


def kind_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("inc.kind_filter"), min_width="12rem"),
        rx.select.content(*[rx.select.item(t(f"inc.kind.{k}"), value=k) for k in ("all", *incentives.KINDS)]),
        value=IncentivesState.kind_filter, on_change=IncentivesState.set_kind_filter,
    )


def apply_dialog() -> rx.Component:
    e = IncentivesState.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("inc.apply")),
            rx.form(
                rx.vstack(
                    form_field("inc.f.program", "program", e, required=True, control=rx.select.root(
                        rx.select.trigger(id="f-program", width="100%"),
                        rx.select.content(*[rx.select.item(t(f"inc.program.{p}"), value=p) for p in incentives.PROGRAMS]),
                        name="program", default_value=incentives.PROGRAMS[0])),
                    form_field("inc.f.period", "period", e, required=True, hint_key="inc.period_hint"),
                    form_field("inc.f.amount", "amount", e, required=True, placeholder="5000.00"),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("common.submit"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                on_submit=IncentivesState.submit_apply, key=IncentivesState.form_key.to(str), width="100%",
            ),
            max_width="30rem",
        ),
        open=IncentivesState.apply_open, on_open_change=IncentivesState.set_apply_open,
    )


@page(routes.INCENTIVES, "Incentive Application Records", perm="incentives", on_load=IncentivesState.load)
def incentives_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.incentives", "nav.applications"),
        page_header("inc.title", rx.button(rx.icon("plus", size=16), t("inc.apply"), on_click=IncentivesState.open_apply),
                    subtitle_key="inc.subtitle"),
        data_table(IncentivesState, COLUMNS, actions=_actions, empty_key="inc.empty", toolbar=[kind_filter()]),
        apply_dialog(),
        spacing="4", width="100%",
    )
