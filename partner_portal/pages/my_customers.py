"""Sales › Customers › My Customers (`/sales/customers`): associated customers and requests in flight."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, page_header, t
from partner_portal.domain import associations, errors
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "mc.title": ("My Customers", "我的客户"),
    "mc.subtitle": ("Customers associated with your company. Only partner admins can dissociate or switch the type.",
                    "与您企业关联的客户。仅伙伴管理员可解除关联或切换关联类型。"),
    "mc.associated": ("Associated customers", "已关联客户"),
    "mc.requests": ("Requests in flight", "进行中的请求"),
    "mc.col.since": ("Associated since", "关联时间"),
    "mc.col.pending": ("Request waiting", "待处理请求"),
    "mc.col.customer": ("Customer", "客户"),
    "mc.col.kind": ("Request", "请求"),
    "mc.col.initiator": ("Started by", "发起方"),
    "mc.col.created": ("Filed at", "发起时间"),
    "mc.dissociate": ("Request dissociation", "申请解除关联"),
    "mc.switch": ("Switch association type", "切换关联类型"),
    "mc.accept": ("Accept", "同意"),
    "mc.reject": ("Reject", "拒绝"),
    "mc.empty": ("No associated customers yet. A reported customer becomes yours once it accepts the association request.",
                 "暂无关联客户。报备的客户接受关联请求后即与您关联。"),
    "mc.requests_empty": ("No requests are waiting.", "暂无待处理的请求。"),
    "mc.confirm_dissociate": ("Ask this customer to dissociate from your company? The customer confirms it with a "
                              "verification code. Your company may file at most 3 dissociations in any 3 months.",
                              "确定请求该客户与您的企业解除关联吗？客户需使用验证码确认。您的企业任意 3 个月内最多发起 3 次解除关联。"),
    "mc.confirm_switch": ("Ask this customer to switch the association type to {type}? The customer confirms it with a "
                          "verification code.", "确定请求该客户将关联类型切换为{type}吗？客户需使用验证码确认。"),
    "mc.confirm_accept": ("Accept this customer's dissociation request? The association ends at once.",
                          "同意该客户的解除关联申请吗？关联将立即解除。"),
    "mc.confirm_reject": ("Reject this customer's dissociation request? The association remains.",
                          "拒绝该客户的解除关联申请吗？关联将保留。"),
    "mc.sent": ("Request sent to the customer.", "请求已发送给客户。"),
    "mc.processed": ("Request processed; the customer has been notified.", "请求已处理，已通知客户。"),
    "mc.kind.associate": ("Association", "关联"),
    "mc.kind.dissociate": ("Dissociation", "解除关联"),
    "mc.kind.switch_type": ("Switch association type", "切换关联类型"),
    "mc.by.partner": ("Your company", "我方"),
    "mc.by.customer": ("Customer", "客户"),
    "mc.request_status": ("Request status", "请求状态"),
    associations.R_LIMIT_PARTNER: (associations.R_LIMIT_PARTNER, "您的企业近 3 个月内已发起 3 次解除关联，请稍后再试。"),
    associations.R_IN_FLIGHT: (associations.R_IN_FLIGHT, "该关联已有待处理的请求。"),
    associations.R_SAME_TYPE: (associations.R_SAME_TYPE, "关联已是该类型。"),
    associations.R_DECIDED: (associations.R_DECIDED, "该请求已被处理。"),
})


def _kind_label(self, kind: str) -> str:
    return self._t(f"mc.kind.{kind}") if kind else ""


class MyCustomersState(ListMixin, AuthState):
    _csv_name: str = "my-customers.csv"
    confirm_open: bool = False
    confirm_action: str = ""  # dissociate | switch
    confirm_text: str = ""
    _confirm_id: int = 0
    _confirm_type: str = ""

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = associations.list_my_customers(session, actor=actor, req=req, search=self.search)
        rows = [{**r.as_dict(), "type_label": self._t(f"ce.type.{r.association_type}"),
                 "pending_label": _kind_label(self, r.pending)} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in associations.export_my_customers(session, actor=actor, search=self.search)]

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return associations.reveal_customer_field(session, actor=actor, association_id=row_id, field=field)

    @rx.event
    def ask(self, action: str, association_id: str, current_type: str):
        if action not in ("dissociate", "switch") or not str(association_id).isdigit():
            return
        self._confirm_id = int(association_id)
        self.confirm_action = action
        self._confirm_type = "resale" if current_type == "referral" else "referral"
        self.confirm_text = (self._t("mc.confirm_dissociate") if action == "dissociate" else
                             self._t("mc.confirm_switch", type=self._t(f"ce.type.{self._confirm_type}")))
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, value: bool):
        self.confirm_open = bool(value)

    @rx.event
    async def confirm(self):
        self.confirm_open = False
        try:
            if self.confirm_action == "dissociate":
                await self._call(associations.request_dissociation, association_id=self._confirm_id)
            else:
                await self._call(associations.request_type_switch, association_id=self._confirm_id,
                                 new_type=self._confirm_type)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._reload()
        return [rx.toast.success(self._t("mc.sent")), RequestsState.load_list]


class RequestsState(ListMixin, AuthState):
    _csv_name: str = "customer-requests.csv"
    status_filter: str = "waiting"
    decide_open: bool = False
    decide_text: str = ""
    decide_decision: str = ""
    _decide_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = associations.list_partner_requests(session, actor=actor, req=req, status=self.status_filter)
        rows = [{**r.as_dict(), "kind_label": _kind_label(self, r.kind),
                 "initiator_label": self._t(f"mc.by.{r.initiator}"),
                 "type_label": self._t(f"ce.type.{r.new_type}") if r.new_type else ""} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in associations.export_partner_requests(session, actor=actor, status=self.status_filter)]

    @rx.event
    def ask_decision(self, request_id: str, decision: str):
        if decision not in ("accept", "reject") or not str(request_id).isdigit():
            return
        self._decide_id, self.decide_decision = int(request_id), decision
        self.decide_text = self._t(f"mc.confirm_{decision}")
        self.decide_open = True

    @rx.event
    def set_decide_open(self, value: bool):
        self.decide_open = bool(value)

    @rx.event
    async def decide(self):
        self.decide_open = False
        try:
            await self._call(associations.process_customer_request, request_id=self._decide_id,
                             decision=self.decide_decision)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._reload()
        return [rx.toast.success(self._t("mc.processed")), MyCustomersState.load_list]


CUSTOMER_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "ce.col.name", "masked"),
    Column("account", "ce.col.account", "masked"),
    Column("mobile", "ce.col.mobile", "masked"),
    Column("email", "rc.email", "masked"),
    Column("type_label", "ce.col.type"),
    Column("since", "mc.col.since"),
    Column("pending_label", "mc.col.pending"),
]
REQUEST_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("customer", "mc.col.customer"),
    Column("kind_label", "mc.col.kind"),
    Column("type_label", "ce.col.type"),
    Column("initiator_label", "mc.col.initiator"),
    Column("created_at", "mc.col.created"),
    Column("status", "table.status", "status"),
]


def customer_actions(row) -> rx.Component:
    idle = row["pending"] == ""
    return rx.cond(
        AuthState.perms.contains("dissociate"),
        rx.hstack(
            rx.icon_button(rx.icon("arrow-left-right", size=14), size="1", variant="soft", disabled=~idle,
                           aria_label=t("mc.switch"), title=t("mc.switch"),
                           on_click=MyCustomersState.ask("switch", row["id"], row["association_type"])),
            rx.icon_button(rx.icon("unlink", size=14), size="1", variant="soft", color_scheme="red", disabled=~idle,
                           aria_label=t("mc.dissociate"), title=t("mc.dissociate"),
                           on_click=MyCustomersState.ask("dissociate", row["id"], row["association_type"])),
            spacing="2",
        ),
        rx.text("—", color_scheme="gray", size="2"),
    )


def request_actions(row) -> rx.Component:
    return rx.cond(
        row["can_process"] == "1",
        rx.hstack(
            rx.button(t("mc.accept"), size="1", color_scheme="green", variant="soft", high_contrast=True,
                      on_click=RequestsState.ask_decision(row["id"], "accept")),
            rx.button(t("mc.reject"), size="1", color_scheme="red", variant="soft", high_contrast=True,
                      on_click=RequestsState.ask_decision(row["id"], "reject")),
            spacing="2",
        ),
        rx.text("—", color_scheme="gray", size="2"),
    )


def confirm_dialog(open_var, on_open_change, text, on_confirm, confirm_label) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("common.confirm")),
            rx.alert_dialog.description(text, size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(confirm_label, on_click=on_confirm)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="30rem",
        ),
        open=open_var, on_open_change=on_open_change,
    )


@page(routes.MY_CUSTOMERS, "My Customers", perm="sales", on_load=[MyCustomersState.load_list, RequestsState.load_list])
def my_customers_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.customers", "nav.my_customers"),
        page_header("mc.title", subtitle_key="mc.subtitle"),
        # Two tabs, so each page has one table (one Search, one pager) at a time.
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("mc.associated"), value="customers"),
                         rx.tabs.trigger(t("mc.requests"), value="requests")),
            rx.tabs.content(
                rx.box(data_table(MyCustomersState, CUSTOMER_COLUMNS, actions=customer_actions, empty_key="mc.empty"),
                       padding_top="1rem"),
                value="customers"),
            rx.tabs.content(
                rx.box(data_table(RequestsState, REQUEST_COLUMNS, actions=request_actions, empty_key="mc.requests_empty",
                                  search=False, statuses=["waiting", "accepted", "rejected", "cancelled"]),
                       padding_top="1rem"),
                value="requests"),
            default_value="customers", width="100%",
        ),
        confirm_dialog(MyCustomersState.confirm_open, MyCustomersState.set_confirm_open, MyCustomersState.confirm_text,
                       MyCustomersState.confirm, rx.cond(MyCustomersState.confirm_action == "dissociate",
                                                         t("mc.dissociate"), t("mc.switch"))),
        confirm_dialog(RequestsState.decide_open, RequestsState.set_decide_open, RequestsState.decide_text,
                       RequestsState.decide, rx.cond(RequestsState.decide_decision == "accept", t("mc.accept"),
                                                     t("mc.reject"))),
        spacing="4", width="100%", id="area-content",
    )
