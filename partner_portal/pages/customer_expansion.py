"""Sales › Expand › Customer Expansion, tab Online Expansion: the reported-customer list."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, page_header, t
from partner_portal.domain import customers, errors
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "ce.title": ("Customer Expansion", "客户拓展"),
    "ce.online": ("Online Expansion", "线上拓展"),
    "ce.report": ("Report Customer", "报备客户"),
    "ce.col.name": ("Customer name", "客户名称"),
    "ce.col.account": ("Account name", "账号名"),
    "ce.col.mobile": ("Mobile", "手机号"),
    "ce.col.type": ("Association type", "关联类型"),
    "ce.col.reported_at": ("Reported at", "报备时间"),
    "ce.col.valid_until": ("Protected until", "保护期至"),
    "ce.empty": ("No reported customers yet. Click Report Customer to protect a customer you are developing.",
                 "暂无报备客户。点击“报备客户”保护您正在拓展的客户。"),
    "ce.search_hint": ("Exact mobile or account name, or the start of a name", "精确手机号或账号名，或名称开头"),
    "ce.type.referral": ("Referral", "推荐"),
    "ce.type.resale": ("Resale", "转售"),
    "ce.rules": ("A report protects the customer for your company for 15 days from the moment it is reported; "
                 "your company holds at most 100 pending or reported customers.",
                 "报备成功后 15 天内该客户受您企业保护；企业最多同时持有 100 个待审核或已报备客户。"),
    "Customer reports": ("Customer reports", "客户报备"),  # the console's review queue title
    customers.R_EXITED: (customers.R_EXITED, "您关联的总经销商已摘牌退出，您不能报备客户。"),
    customers.R_NO_DISTRIBUTOR: (customers.R_NO_DISTRIBUTOR, "您的企业未关联有效的总经销商，不能报备客户。"),
})


class ExpansionState(ListMixin, AuthState):
    _csv_name: str = "reported-customers.csv"
    # Why this company cannot report right now (the distributor rule); "" when it can.
    block_reason: str = ""

    @rx.event
    async def load_block_reason(self):
        try:
            reason = await self._call(customers.report_block_reason)
        except errors.DomainError as e:
            reason = e.message
        self.block_reason = self._t(reason) if reason else ""

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = customers.list_reports(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        rows = [{**r.as_dict(), "type_label": self._t(f"ce.type.{r.association_type}")} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in customers.export_reports(session, actor=actor, search=self.search,
                                                               status=self.status_filter)]

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return customers.reveal_report_field(session, actor=actor, report_id=row_id, field=field)


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "ce.col.name", "masked"),
    Column("account", "ce.col.account", "masked"),
    Column("mobile", "ce.col.mobile", "masked"),
    Column("type_label", "ce.col.type"),
    Column("status", "table.status", "status"),
    Column("reported_at", "ce.col.reported_at", sortable=False),
    Column("valid_until", "ce.col.valid_until"),
]


def report_button() -> rx.Component:
    """Disabled, with the reason next to it, when the company may not report (its distributor exited)."""
    return rx.cond(
        ExpansionState.block_reason != "",
        rx.hstack(
            rx.text(ExpansionState.block_reason, id="report-blocked", size="2", color_scheme="red", max_width="26rem"),
            rx.button(rx.icon("user-plus", size=16), t("ce.report"), size="2", disabled=True,
                      aria_describedby="report-blocked"),
            align="center", spacing="3",
        ),
        rx.button(rx.icon("user-plus", size=16), t("ce.report"), size="2", on_click=rx.redirect(routes.REPORT_CUSTOMER)),
    )


def online_expansion() -> rx.Component:
    return data_table(ExpansionState, COLUMNS, empty_key="ce.empty", statuses=customers.REPORT_STATUSES)


@page(routes.CUSTOMER_EXPANSION, "Customer Expansion", perm="sales",
      on_load=[ExpansionState.load_block_reason, ExpansionState.load_list])
def customer_expansion() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.customer_expansion"),
        page_header("ce.title", report_button()),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("ce.online"), value="online")),
            rx.tabs.content(rx.vstack(rx.text(t("ce.rules"), size="2", color_scheme="gray"), online_expansion(),
                                      spacing="3", padding_top="1rem", width="100%"), value="online"),
            default_value="online", width="100%",
        ),
        spacing="4", width="100%", id="area-content",
    )
