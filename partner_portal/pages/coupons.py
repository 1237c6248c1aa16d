"""Sales › Customers › Coupon Management (`/sales/coupons`) and its Operation Records (`/sales/coupons/records`).

Voucher Management › Voucher Quota: the partner's quotas, Issue vouchers per
quota, Operation Records per quota; › Vouchers: the vouchers issued, Reclaim.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, card, data_table, page_header, t
from partner_portal.domain import errors, vouchers
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "vq.title": ("Coupon Management", "券管理"),
    "vq.subtitle": ("Your voucher quota cannot be spent by your company: issue vouchers from it to your customers.",
                    "代金券额度不能由贵司自行消费，请从额度中向客户发放代金券。"),
    "vq.management": ("Voucher Management", "代金券管理"),
    "vq.quota_tab": ("Voucher Quota", "代金券额度"),
    "vq.vouchers_tab": ("Vouchers", "代金券"),
    "vq.records": ("Operation Records", "操作记录"),
    "vq.issue": ("Issue vouchers", "发放代金券"),
    "vq.reclaim": ("Reclaim", "回收"),
    "vq.col.source": ("Source", "来源"),
    "vq.col.total": ("Total", "总额度"),
    "vq.col.issued": ("Issued", "已发放"),
    "vq.col.remaining": ("Remaining", "剩余额度"),
    "vq.col.valid_from": ("Valid from", "生效日期"),
    "vq.col.valid_until": ("Valid until", "有效期至"),
    "vq.col.validity": ("Validity", "有效期"),
    "vq.col.customer": ("Customer", "客户"),
    "vq.col.face_value": ("Face value", "面额"),
    "vq.col.used": ("Used", "已使用"),
    "vq.col.balance": ("Balance", "余额"),
    "vq.col.issued_at": ("Issued at", "发放时间"),
    "vq.col.quota": ("Quota", "额度"),
    "vq.col.at": ("Time", "时间"),
    "vq.col.type": ("Type", "类型"),
    "vq.col.amount": ("Amount", "金额"),
    "vq.col.voucher": ("Voucher", "代金券"),
    "vq.col.operator": ("Operator", "操作人"),
    "vq.col.note": ("Note", "备注"),
    "vq.platform": ("Platform", "平台"),
    "vq.distributor": ("Distributor: {name}", "总经销商：{name}"),
    "vq.empty_quota": ("No voucher quota yet. The platform (or your distributor) grants quota to your company.",
                       "暂无代金券额度。额度由平台（或您的总经销商）发放。"),
    "vq.empty_vouchers": ("No vouchers issued yet. Use Issue vouchers on a quota row.",
                          "暂未发放代金券。请在额度行点击“发放代金券”。"),
    "vq.empty_records": ("No operation records match these conditions.", "没有符合条件的操作记录。"),
    "vq.issue_title": ("Issue vouchers from quota #{id}", "从额度 #{id} 发放代金券"),
    "vq.issue_help": ("Each selected customer gets one voucher of the face value (at most 100 customers at once). "
                      "The total comes out of the quota's remaining amount.",
                      "每位选中的客户获得一张该面额的代金券（一次最多 100 位客户），总额从额度剩余中扣除。"),
    "vq.remaining_now": ("Remaining now", "当前剩余"),
    "vq.customers": ("Customers", "客户"),
    "vq.find_customer": ("Find customer", "查找客户"),
    "vq.select_all": ("Select all shown", "全选当前"),
    "vq.clear": ("Clear", "清空"),
    "vq.selected": ("{n} selected", "已选 {n} 位"),
    "vq.no_targets": ("No associated customers match.", "没有匹配的已关联客户。"),
    "vq.issued_ok": ("Issued {n} vouchers, total {total}. Remaining: {remaining}.",
                     "已发放 {n} 张代金券，共 {total}。剩余：{remaining}。"),
    "vq.reclaim_title": ("Reclaim voucher #{id}?", "回收代金券 #{id}？"),
    "vq.reclaim_text": ("The unused voucher is withdrawn from the customer and its face value returns to the quota.",
                        "未使用的代金券将从客户处收回，面额退回额度。"),
    "vq.reclaimed_ok": ("Voucher reclaimed; its value is back in the quota.", "代金券已回收，面额已退回额度。"),
    "vq.records_subtitle": ("Every grant, issuance, reclaim, usage and expiry of your voucher quota.",
                            "代金券额度的每一次发放额度、发券、回收、使用和过期。"),
    "vq.back": ("Back to Coupon Management", "返回券管理"),
    "vq.conditions": ("Query conditions", "查询条件"),
    "vq.from": ("From", "开始日期"),
    "vq.to": ("To", "结束日期"),
    "vq.all_types": ("All types", "全部类型"),
    "vq.all_quotas": ("All quotas", "全部额度"),
    "vq.all_operators": ("All operators", "全部操作人"),
    "vq.quota_n": ("Quota #{id}", "额度 #{id}"),
    "vq.reset_filters": ("Clear conditions", "清空条件"),
    "vq.customer_hint": ("Search: exact account name or mobile, or the start of a customer name",
                         "搜索：精确账号名或手机号，或客户名称开头"),
    "vq.records_of": ("Showing the records of quota #{id}", "正在查看额度 #{id} 的记录"),
})

OPS = vouchers.RECORD_OPS


def _page_rows(page: Page, rows) -> Page:
    return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                last_key=page.last_key)


# ------------------------------------------------------------------ quota tab
class QuotaState(ListMixin, AuthState):
    _csv_name: str = "voucher-quota.csv"
    issue_open: bool = False
    issue_quota: str = ""  # id of the partner's own quota the dialog issues from
    issue_remaining: str = ""
    issue_until: str = ""
    targets: list[dict[str, str]] = []
    target_search: str = ""
    selected: list[str] = []
    errors: dict[str, str] = {}
    busy: bool = False

    def _label(self, row: vouchers.QuotaRow) -> dict[str, str]:
        d = row.as_dict()
        d["source_label"] = self._t("vq.platform") if row.source == "platform" else self._t("vq.distributor",
                                                                                          name=row.source_name)
        d["validity"] = f"{row.valid_from} – {row.valid_until}"
        return d

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = vouchers.list_quotas(session, actor=actor, req=req, status=self.status_filter)
        return _page_rows(page, [self._label(r) for r in page.rows])

    def _export(self, session, actor):
        return [r.as_dict() for r in vouchers.export_quotas(session, actor=actor, status=self.status_filter)]

    @rx.event
    async def open_issue(self, quota_id: str):
        self.errors, self.selected, self.target_search = {}, [], ""
        try:
            row = await self._call(vouchers.get_quota, quota_id=int(quota_id) if str(quota_id).isdigit() else 0)
            self.targets = await self._call(vouchers.issue_targets)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.issue_quota, self.issue_remaining, self.issue_until = str(row.id), row.remaining, row.valid_until
        self.issue_open = True

    @rx.event
    def set_issue_open(self, value: bool):
        self.issue_open = bool(value)

    @rx.event
    async def search_targets(self, value: str):
        self.target_search = (value or "")[:100]
        try:
            self.targets = await self._call(vouchers.issue_targets, search=self.target_search)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))

    @rx.event
    def toggle_customer(self, cid: str):
        cid = str(cid)
        if cid in self.selected:
            self.selected = [c for c in self.selected if c != cid]
        elif len(self.selected) < vouchers.MAX_CUSTOMERS_PER_ISSUANCE:
            self.selected = self.selected + [cid]
        else:
            self.errors = {"customers": self._t("Issue to at most 100 customers at once.")}

    @rx.event
    def select_all_targets(self):
        ids = [t["id"] for t in self.targets][:vouchers.MAX_CUSTOMERS_PER_ISSUANCE]
        self.selected = list(dict.fromkeys(self.selected + ids))[:vouchers.MAX_CUSTOMERS_PER_ISSUANCE]

    @rx.event
    def clear_targets(self):
        self.selected = []

    @rx.event
    async def issue(self, form: dict):
        self.errors = {}
        quota_id = int(self.issue_quota) if self.issue_quota.isdigit() else 0
        self.busy = True
        try:
            res = await self._call(vouchers.issue_vouchers, quota_id=quota_id, customer_ids=list(self.selected),
                                   face_value=str(form.get("face_value", ""))[:40],
                                   valid_until=str(form.get("valid_until", ""))[:20])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            yield rx.toast.error(self._t(e.message))
            return
        finally:
            self.busy = False
        self.issue_open = False
        self.selected = []
        yield rx.toast.success(self._t("vq.issued_ok", n=len(res.voucher_ids), total=res.total, remaining=res.remaining))
        yield QuotaState.load_list
        yield VoucherListState.load_list


def _quota_actions(row) -> rx.Component:
    return rx.fragment(
        rx.cond(row["can_issue"] == "1",
                rx.button(rx.icon("ticket", size=14), t("vq.issue"), size="1", on_click=QuotaState.open_issue(row["id"]))),
        rx.link(t("vq.records"), href=routes.COUPON_RECORDS + "?quota=" + row["id"].to(str), size="2",
                weight="medium"),
    )


QUOTA_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("source_label", "vq.col.source"),
    Column("total", "vq.col.total", "money"),
    Column("issued", "vq.col.issued", "money"),
    Column("remaining", "vq.col.remaining", "money"),
    Column("validity", "vq.col.validity"),
    Column("status", "table.status", "status"),
]


def _target(c) -> rx.Component:
    ident = "t-" + c["id"].to(str)
    return rx.el.label(
        rx.checkbox(checked=QuotaState.selected.contains(c["id"]), on_change=lambda _v: QuotaState.toggle_customer(c["id"]),
                    id=ident),
        rx.text(c["name"], size="2", font_family="var(--code-font-family)"),
        rx.text("(", c["account"], ")", size="1", color_scheme="gray", font_family="var(--code-font-family)"),
        html_for=ident,
        style={"display": "flex", "gap": "0.5rem", "align_items": "center", "padding": "0.3rem 0.25rem",
               "cursor": "pointer"},
    )


def _err(name: str) -> rx.Component:
    return rx.cond(QuotaState.errors.contains(name),
                   rx.text(QuotaState.errors[name], color_scheme="red", size="1", role="alert"))


def issue_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(AuthState.lang == "zh", "从额度 #" + QuotaState.issue_quota + " 发放代金券",
                                    "Issue vouchers from quota #" + QuotaState.issue_quota)),
            rx.dialog.description(t("vq.issue_help"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.hstack(rx.text(t("vq.remaining_now"), size="2", color_scheme="gray"),
                              rx.text(QuotaState.issue_remaining, size="2", weight="bold"), spacing="2"),
                    rx.el.fieldset(
                        rx.el.legend(t("vq.customers"), style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                        rx.hstack(
                            rx.input(placeholder=t("vq.find_customer"), aria_label=t("vq.find_customer"),
                                     on_change=QuotaState.search_targets.debounce(300), size="2", flex="1"),
                            rx.button(t("vq.select_all"), type="button", variant="soft", size="1",
                                      on_click=QuotaState.select_all_targets),
                            rx.button(t("vq.clear"), type="button", variant="ghost", size="1",
                                      on_click=QuotaState.clear_targets),
                            spacing="2", align="center", width="100%", margin_y="0.4rem",
                        ),
                        rx.scroll_area(
                            rx.cond(QuotaState.targets.length() > 0,
                                    rx.vstack(rx.foreach(QuotaState.targets, _target), spacing="0", width="100%"),
                                    rx.text(t("vq.no_targets"), size="2", color_scheme="gray", padding="0.5rem")),
                            type="auto", scrollbars="vertical", style={"max_height": "12rem"},
                        ),
                        rx.text(rx.cond(AuthState.lang == "zh", "已选 " + QuotaState.selected.length().to(str) + " 位",
                                        QuotaState.selected.length().to(str) + " selected"),
                                size="1", color_scheme="gray"),
                        _err("customers"),
                        style={"border": "1px solid var(--gray-6)", "border_radius": "var(--radius-3)",
                               "padding": "0.5rem 0.75rem", "margin": "0"},
                    ),
                    rx.grid(
                        rx.vstack(
                            rx.el.label(t("vq.col.face_value"), html_for="f-face_value",
                                        style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                            rx.input(id="f-face_value", name="face_value", placeholder="100.00", input_mode="decimal",
                                     width="100%"),
                            _err("face_value"), spacing="1",
                        ),
                        rx.vstack(
                            rx.el.label(t("vq.col.valid_until"), html_for="f-valid_until",
                                        style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                            rx.input(id="f-valid_until", name="valid_until", type="date", default_value=QuotaState.issue_until,
                                     max=QuotaState.issue_until, width="100%", key=QuotaState.issue_quota),
                            _err("valid_until"), spacing="1",
                        ),
                        columns="2", spacing="3", width="100%",
                    ),
                    _err("quota"),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(rx.icon("ticket", size=16), t("vq.issue"), type="submit", loading=QuotaState.busy),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                on_submit=QuotaState.issue, reset_on_submit=False, width="100%",
            ),
            max_width="34rem",
        ),
        open=QuotaState.issue_open, on_open_change=QuotaState.set_issue_open,
    )


def records_button() -> rx.Component:
    return rx.link(rx.button(rx.icon("history", size=16), t("vq.records"), variant="outline", size="2", as_="span"),
                   href=routes.COUPON_RECORDS)


# ------------------------------------------------------------------ vouchers tab
class VoucherListState(ListMixin, AuthState):
    _csv_name: str = "vouchers.csv"
    reclaim_open: bool = False
    reclaim_id: str = ""

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = vouchers.list_vouchers(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        return _page_rows(page, [r.as_dict() for r in page.rows])

    def _export(self, session, actor):
        return [r.as_dict() for r in vouchers.export_vouchers(session, actor=actor, search=self.search,
                                                               status=self.status_filter)]

    @rx.event
    def ask_reclaim(self, voucher_id: str):
        self.reclaim_id, self.reclaim_open = str(voucher_id), True

    @rx.event
    def set_reclaim_open(self, value: bool):
        self.reclaim_open = bool(value)

    @rx.event
    async def reclaim(self):
        vid = int(self.reclaim_id) if self.reclaim_id.isdigit() else 0
        self.reclaim_open = False
        try:
            await self._call(vouchers.reclaim_voucher, voucher_id=vid)
        except errors.DomainError as e:
            yield rx.toast.error(self._t(e.message))
            return
        yield rx.toast.success(self._t("vq.reclaimed_ok"))
        yield VoucherListState.load_list
        yield QuotaState.load_list


VOUCHER_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("customer", "vq.col.customer"),
    Column("face_value", "vq.col.face_value", "money"),
    Column("used", "vq.col.used", "money"),
    Column("balance", "vq.col.balance", "money"),
    Column("status", "table.status", "status"),
    Column("valid_until", "vq.col.valid_until", sortable=True),
    Column("issued_at", "vq.col.issued_at"),
    Column("quota_id", "vq.col.quota", "id"),
]


def reclaim_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(AuthState.lang == "zh", "回收代金券 #" + VoucherListState.reclaim_id + "？",
                                          "Reclaim voucher #" + VoucherListState.reclaim_id + "?")),
            rx.alert_dialog.description(t("vq.reclaim_text"), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("vq.reclaim"), color_scheme="red", on_click=VoucherListState.reclaim)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=VoucherListState.reclaim_open, on_open_change=VoucherListState.set_reclaim_open,
    )


def _voucher_actions(row) -> rx.Component:
    return rx.cond(row["can_reclaim"] == "1",
                   rx.button(rx.icon("undo-2", size=14), t("vq.reclaim"), size="1", variant="soft", color_scheme="red",
                             on_click=VoucherListState.ask_reclaim(row["id"])),
                   rx.text("—", color_scheme="gray", size="2"))


@page(routes.COUPONS, "Coupon Management", perm="sales", on_load=[QuotaState.load_list, VoucherListState.load_list])
def coupons() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.customers", "nav.coupons"),
        page_header("vq.title", subtitle_key="vq.subtitle"),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("vq.management"), value="management")),
            rx.tabs.content(
                rx.tabs.root(
                    rx.tabs.list(rx.tabs.trigger(t("vq.quota_tab"), value="quota"),
                                 rx.tabs.trigger(t("vq.vouchers_tab"), value="vouchers"), size="1"),
                    rx.tabs.content(
                        rx.vstack(
                            rx.hstack(records_button(), width="100%"),
                            data_table(QuotaState, QUOTA_COLUMNS, actions=_quota_actions, empty_key="vq.empty_quota",
                                       search=False, statuses=["active", "expired", "not_started"]),
                            spacing="3", width="100%", padding_top="1rem",
                        ),
                        value="quota",
                    ),
                    rx.tabs.content(
                        rx.box(data_table(VoucherListState, VOUCHER_COLUMNS, actions=_voucher_actions,
                                          empty_key="vq.empty_vouchers", statuses=vouchers.VOUCHER_STATUSES),
                               padding_top="1rem"),
                        value="vouchers",
                    ),
                    default_value="quota", width="100%",
                ),
                value="management", padding_top="0.75rem",
            ),
            default_value="management", width="100%",
        ),
        issue_dialog(),
        reclaim_dialog(),
        spacing="4", width="100%",
    )


# ------------------------------------------------------------------ operation records
class RecordsState(ListMixin, AuthState):
    _csv_name: str = "voucher-operation-records.csv"
    date_from: str = ""
    date_to: str = ""
    op_filter: str = "all"
    quota_filter: str = "all"
    operator_filter: str = "all"
    quota_options: list[str] = []
    operators: list[dict[str, str]] = []
    errors: dict[str, str] = {}

    def _flt(self) -> vouchers.RecordFilter:
        return vouchers.RecordFilter(
            date_from=self.date_from, date_to=self.date_to, op="" if self.op_filter == "all" else self.op_filter,
            quota_id=int(self.quota_filter) if self.quota_filter.isdigit() else None, customer=self.search,
            operator_id=int(self.operator_filter) if self.operator_filter.isdigit() else None)

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = vouchers.list_records(session, actor=actor, req=req, flt=self._flt())
        return _page_rows(page, [{**r.as_dict(), "quota_id": str(r.quota_id)} for r in page.rows])

    def _export(self, session, actor):
        return [r.as_dict() for r in vouchers.export_records(session, actor=actor, flt=self._flt())]

    async def _refresh(self):
        self.errors = {}
        self.page_no = 1
        try:
            await self._run_list(PageRequest(sort=self.sort, descending=self.descending))
        except errors.InvalidInput as e:
            self.rows, self.errors = [], {e.field: self._t(e.message)}
        except errors.DomainError as e:
            self.rows = []
            return rx.toast.error(self._t(e.message))

    @rx.event
    async def load(self):
        q = str(self.router.url.query_parameters.get("quota", "") or "")
        self.quota_filter = q if q.isdigit() else "all"
        self.date_from = self.date_to = self.search = ""
        self.op_filter = self.operator_filter = "all"

        def options(session, actor):
            quotas = [r.id for r in vouchers.export_quotas(session, actor=actor)]
            return quotas, vouchers.record_operators(session, actor=actor)

        try:
            quotas, ops = await self._call(options)
        except errors.DomainError:
            self.rows = []
            return
        self.quota_options = [str(i) for i in quotas]
        self.operators = ops
        if self.quota_filter != "all" and self.quota_filter not in self.quota_options:
            self.quota_filter = "all"
            yield rx.toast.error(self._t("That voucher quota does not exist or is not yours."))
        yield RecordsState.load_list

    @rx.event
    async def load_list(self):
        return await self._refresh()

    @rx.event
    async def set_search(self, value: str):
        self.search = (value or "")[:100]
        return await self._refresh()

    @rx.event
    async def set_date_from(self, value: str):
        self.date_from = (value or "")[:10]
        return await self._refresh()

    @rx.event
    async def set_date_to(self, value: str):
        self.date_to = (value or "")[:10]
        return await self._refresh()

    @rx.event
    async def set_op_filter(self, value: str):
        self.op_filter = value if value in OPS else "all"
        return await self._refresh()

    @rx.event
    async def set_quota_filter(self, value: str):
        self.quota_filter = value if value in self.quota_options else "all"
        return await self._refresh()

    @rx.event
    async def set_operator_filter(self, value: str):
        self.operator_filter = value if str(value).isdigit() else "all"
        return await self._refresh()

    @rx.event
    async def clear_conditions(self):
        self.date_from = self.date_to = self.search = ""
        self.op_filter = self.quota_filter = self.operator_filter = "all"
        return await self._refresh()


RECORD_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("at", "vq.col.at"),
    Column("op", "vq.col.type", "status"),
    Column("quota_id", "vq.col.quota", "id"),
    Column("amount", "vq.col.amount", "money"),
    Column("customer", "vq.col.customer"),
    Column("voucher_id", "vq.col.voucher"),
    Column("operator", "vq.col.operator"),
    Column("note", "vq.col.note"),
]


def _labelled(label_key: str, control: rx.Component, ident: str, err: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=ident, style={"font_size": "var(--font-size-1)", "font_weight": "500",
                                                         "color": "var(--gray-11)"}),
        control,
        rx.cond(RecordsState.errors.contains(err), rx.text(RecordsState.errors[err], color_scheme="red", size="1",
                                                           role="alert")) if err else rx.fragment(),
        spacing="1",
    )


def _select(label_key: str, ident: str, value, on_change, all_key: str, items) -> rx.Component:
    return _labelled(label_key, rx.select.root(
        rx.select.trigger(id=ident, aria_label=t(label_key), min_width="9rem"),
        rx.select.content(rx.select.item(t(all_key), value="all"), *items),
        value=value, on_change=on_change, size="2",
    ), ident)


def conditions() -> rx.Component:
    return rx.hstack(
        _labelled("vq.from", rx.input(id="r-from", type="date", value=RecordsState.date_from,
                                      on_change=RecordsState.set_date_from, size="2"), "r-from", "date_from"),
        _labelled("vq.to", rx.input(id="r-to", type="date", value=RecordsState.date_to,
                                    on_change=RecordsState.set_date_to, size="2"), "r-to", "date_to"),
        _select("vq.col.type", "r-type", RecordsState.op_filter, RecordsState.set_op_filter, "vq.all_types",
                [rx.select.item(t(f"status.{o}"), value=o) for o in OPS]),
        _select("vq.col.quota", "r-quota", RecordsState.quota_filter, RecordsState.set_quota_filter, "vq.all_quotas",
                [rx.foreach(RecordsState.quota_options, lambda q: rx.select.item("#" + q, value=q))]),
        _select("vq.col.operator", "r-operator", RecordsState.operator_filter, RecordsState.set_operator_filter,
                "vq.all_operators",
                [rx.foreach(RecordsState.operators, lambda u: rx.select.item(u["name"], value=u["id"]))]),
        rx.button(rx.icon("x", size=14), t("vq.reset_filters"), variant="ghost", size="2", color_scheme="gray",
                  on_click=RecordsState.clear_conditions, align_self="end"),
        spacing="3", wrap="wrap", align="end", width="100%",
    )


@page(routes.COUPON_RECORDS, "Operation Records", perm="sales", on_load=RecordsState.load)
def coupon_records() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.customers", "nav.coupons", "vq.records"),
        page_header("vq.records", rx.link(rx.button(rx.icon("arrow-left", size=16), t("vq.back"), variant="soft",
                                                    color_scheme="gray", as_="span"), href=routes.COUPONS),
                    subtitle_key="vq.records_subtitle"),
        card(
            rx.heading(t("vq.conditions"), size="3", as_="h2"),
            conditions(),
            rx.text(t("vq.customer_hint"), size="1", color_scheme="gray"),
        ),
        rx.cond(RecordsState.quota_filter != "all",
                rx.callout.root(rx.callout.icon(rx.icon("filter", size=16)),
                                rx.callout.text(rx.cond(AuthState.lang == "zh",
                                                        "正在查看额度 #" + RecordsState.quota_filter + " 的记录",
                                                        "Showing the records of quota #" + RecordsState.quota_filter)),
                                color_scheme="blue", size="1", width="100%", high_contrast=True)),
        data_table(RecordsState, RECORD_COLUMNS, empty_key="vq.empty_records"),
        spacing="4", width="100%",
    )
