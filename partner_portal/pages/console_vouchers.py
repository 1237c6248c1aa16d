"""Platform Console › Voucher quota (`/console/vouchers`): grant quota to solution providers,
government-subsidy partners and distributors; record a customer bill's voucher usage; every quota."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, card, data_table, page_header, status_badge, t
from partner_portal.domain import errors, money, vouchers
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "nav.console_vouchers": ("Voucher quota", "代金券额度"),
    "cv.title": ("Voucher quota", "代金券额度"),
    "cv.subtitle": ("Grant voucher quota to partners and record the vouchers customers' bills consume.",
                    "向伙伴发放代金券额度，并记录客户账单对代金券的使用。"),
    "cv.grant_title": ("Grant quota", "发放额度"),
    "cv.grant_help": ("Solution providers, government-subsidy partners and distributors get quota from the platform; "
                      "cloud resellers get theirs from their distributor.",
                      "解决方案提供商、政府补贴类伙伴和总经销商从平台获得额度；云经销商从其总经销商获得。"),
    "cv.partner": ("Partner", "伙伴"),
    "cv.amount": ("Amount", "金额"),
    "cv.currency": ("Currency", "币种"),
    "cv.valid_from": ("Valid from", "生效日期"),
    "cv.valid_until": ("Valid until", "有效期至"),
    "cv.note": ("Note", "备注"),
    "cv.grant": ("Grant quota", "发放额度"),
    "cv.granted_ok": ("Quota #{id} granted.", "额度 #{id} 已发放。"),
    "cv.usage_title": ("Record voucher usage", "记录代金券使用"),
    "cv.usage_help": ("A customer's bill consumed part of a voucher. Look the voucher up, then record the amount.",
                      "客户账单抵扣了代金券的部分金额。先查询代金券，再记录金额。"),
    "cv.voucher_id": ("Voucher ID", "代金券编号"),
    "cv.lookup": ("Look up", "查询"),
    "cv.bill": ("Bill reference", "账单编号"),
    "cv.record": ("Record usage", "记录使用"),
    "cv.recorded_ok": ("Usage recorded. Balance left: {balance}.", "已记录使用，剩余余额：{balance}。"),
    "cv.all_quotas": ("All voucher quotas", "全部代金券额度"),
    "cv.col.holder": ("Holder", "持有伙伴"),
    "cv.choose": ("Choose a partner…", "请选择伙伴…"),
})


class ConsoleVouchersState(ListMixin, AuthState):
    _csv_name: str = "voucher-quotas.csv"
    partners: list[dict[str, str]] = []
    grant_partner: str = ""
    grant_currency: str = "CNY"
    grant_errors: dict[str, str] = {}
    usage_errors: dict[str, str] = {}
    usage_voucher: str = ""
    usage_summary: dict[str, str] = {}
    busy: bool = False

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = vouchers.list_all_quotas(session, actor=actor, req=req, search=self.search)
        rows = [{**r, "source_label": self._t("vq.platform") if r["source"] == "platform"
                 else self._t("vq.distributor", name=r["source_name"]), "validity": f"{r['valid_from']} – {r['valid_until']}"}
                for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                    last_key=page.last_key)

    def _export(self, session, actor):
        rows, req = [], PageRequest(limit=500)
        page = vouchers.list_all_quotas(session, actor=actor, req=req, search=self.search)
        rows += page.rows
        while page.has_next and len(rows) < 10_000:
            page = vouchers.list_all_quotas(session, actor=actor, req=PageRequest(limit=500, after=page.last_key),
                                            search=self.search)
            rows += page.rows
        return rows

    @rx.event
    async def load(self):
        yield ConsoleVouchersState.load_list
        try:
            self.partners = await self._call(vouchers.grantable_partners)
        except errors.DomainError:
            self.partners = []

    @rx.event
    def set_grant_partner(self, value: str):
        self.grant_partner = str(value)

    @rx.event
    def set_grant_currency(self, value: str):
        self.grant_currency = value if value in money.CURRENCIES else "CNY"

    @rx.event
    async def grant(self, form: dict):
        self.grant_errors = {}
        pid = int(self.grant_partner) if self.grant_partner.isdigit() else 0
        self.busy = True
        try:
            qid = await self._call(vouchers.grant_quota, partner_id=pid, amount=str(form.get("amount", ""))[:40],
                                   currency=self.grant_currency, valid_from=str(form.get("valid_from", ""))[:20],
                                   valid_until=str(form.get("valid_until", ""))[:20], note=str(form.get("note", ""))[:300])
        except errors.InvalidInput as e:
            self.grant_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            yield rx.toast.error(self._t(e.message))
            return
        finally:
            self.busy = False
        yield rx.toast.success(self._t("cv.granted_ok", id=qid))
        yield ConsoleVouchersState.load_list

    @rx.event
    async def lookup_form(self, form: dict):
        """Look up reads the ID from the form at submit time (no race with a debounced input)."""
        self.usage_voucher = str(form.get("voucher", "")).strip()[:12]
        return ConsoleVouchersState.lookup

    @rx.event
    async def lookup(self):
        self.usage_errors, self.usage_summary = {}, {}
        vid = int(self.usage_voucher) if self.usage_voucher.isdigit() else 0
        try:
            self.usage_summary = await self._call(vouchers.voucher_summary, voucher_id=vid)
        except errors.DomainError as e:
            self.usage_errors = {"voucher": self._t(e.message)}

    @rx.event
    async def record(self, form: dict):
        self.usage_errors = {}
        vid = int(self.usage_voucher) if self.usage_voucher.isdigit() else 0
        try:
            balance = await self._call(vouchers.record_usage, voucher_id=vid, amount=str(form.get("amount", ""))[:40],
                                       bill=str(form.get("bill", ""))[:300])
        except errors.InvalidInput as e:
            self.usage_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            self.usage_errors = {"voucher": self._t(e.message)}
            return
        yield rx.toast.success(self._t("cv.recorded_ok", balance=balance))
        yield ConsoleVouchersState.lookup


COLUMNS = [
    Column("id", "table.id", "id"),
    Column("partner", "cv.col.holder"),
    Column("source_label", "vq.col.source"),
    Column("total", "vq.col.total", "money"),
    Column("issued", "vq.col.issued", "money"),
    Column("remaining", "vq.col.remaining", "money"),
    Column("validity", "vq.col.validity"),
    Column("status", "table.status", "status"),
]


def _err(errs, name: str) -> rx.Component:
    return rx.cond(errs.contains(name), rx.text(errs[name], color_scheme="red", size="1", role="alert"))


def _field(label_key: str, ident: str, control: rx.Component, errs, name: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
        control, _err(errs, name), spacing="1", width="100%",
    )


def grant_card() -> rx.Component:
    e = ConsoleVouchersState.grant_errors
    return card(
        rx.heading(t("cv.grant_title"), size="4", as_="h2"),
        rx.text(t("cv.grant_help"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                _field("cv.partner", "cg-partner", rx.select.root(
                    rx.select.trigger(id="cg-partner", aria_label=t("cv.partner"), placeholder=t("cv.choose"), width="100%"),
                    rx.select.content(rx.foreach(ConsoleVouchersState.partners,
                                                 lambda p: rx.select.item(p["name"], value=p["id"]))),
                    value=ConsoleVouchersState.grant_partner, on_change=ConsoleVouchersState.set_grant_partner,
                ), e, "partner"),
                rx.grid(
                    _field("cv.amount", "cg-amount", rx.input(id="cg-amount", name="amount", input_mode="decimal",
                                                             placeholder="100000.00", width="100%"), e, "amount"),
                    _field("cv.currency", "cg-currency", rx.select.root(
                        rx.select.trigger(id="cg-currency", aria_label=t("cv.currency"), width="100%"),
                        rx.select.content(*[rx.select.item(c, value=c) for c in money.CURRENCIES]),
                        value=ConsoleVouchersState.grant_currency, on_change=ConsoleVouchersState.set_grant_currency,
                    ), e, "currency"),
                    _field("cv.valid_from", "cg-from", rx.input(id="cg-from", name="valid_from", type="date",
                                                               width="100%"), e, "valid_from"),
                    _field("cv.valid_until", "cg-until", rx.input(id="cg-until", name="valid_until", type="date",
                                                                 width="100%"), e, "valid_until"),
                    columns="2", spacing="3", width="100%",
                ),
                _field("cv.note", "cg-note", rx.input(id="cg-note", name="note", width="100%"), e, "note"),
                rx.button(rx.icon("hand-coins", size=16), t("cv.grant"), type="submit", loading=ConsoleVouchersState.busy),
                spacing="3", width="100%",
            ),
            on_submit=ConsoleVouchersState.grant, reset_on_submit=True, width="100%",
        ),
    )


def usage_card() -> rx.Component:
    e = ConsoleVouchersState.usage_errors
    s = ConsoleVouchersState.usage_summary
    return card(
        rx.heading(t("cv.usage_title"), size="4", as_="h2"),
        rx.text(t("cv.usage_help"), size="2", color_scheme="gray"),
        rx.form(
            rx.hstack(
                _field("cv.voucher_id", "cu-voucher", rx.input(id="cu-voucher", name="voucher", input_mode="numeric",
                                                              width="100%"), e, "voucher"),
                rx.button(rx.icon("search", size=16), t("cv.lookup"), variant="soft", type="submit"),
                align="end", spacing="3", width="100%",
            ),
            on_submit=ConsoleVouchersState.lookup_form, reset_on_submit=False, width="100%",
        ),
        rx.cond(
            s.contains("id"),
            rx.vstack(
                rx.data_list.root(
                    rx.data_list.item(rx.data_list.label(t("mv.col.partner")), rx.data_list.value(s["partner"])),
                    rx.data_list.item(rx.data_list.label(t("vq.col.customer")), rx.data_list.value(s["customer"])),
                    rx.data_list.item(rx.data_list.label(t("vq.col.face_value")), rx.data_list.value(s["face_value"])),
                    rx.data_list.item(rx.data_list.label(t("vq.col.balance")), rx.data_list.value(s["balance"])),
                    rx.data_list.item(rx.data_list.label(t("table.status")), rx.data_list.value(status_badge(s["status"]))),
                    rx.data_list.item(rx.data_list.label(t("vq.col.valid_until")), rx.data_list.value(s["valid_until"])),
                    size="2",
                ),
                rx.form(
                    rx.vstack(
                        rx.grid(
                            _field("cv.amount", "cu-amount", rx.input(id="cu-amount", name="amount", input_mode="decimal",
                                                                     width="100%"), e, "amount"),
                            _field("cv.bill", "cu-bill", rx.input(id="cu-bill", name="bill", width="100%"), e, "note"),
                            columns="2", spacing="3", width="100%",
                        ),
                        rx.button(rx.icon("receipt", size=16), t("cv.record"), type="submit"),
                        spacing="3", width="100%",
                    ),
                    on_submit=ConsoleVouchersState.record, reset_on_submit=True, width="100%",
                ),
                spacing="3", width="100%",
            ),
        ),
    )


@page(routes.CONSOLE_VOUCHERS, "Voucher quota", perm="console", on_load=ConsoleVouchersState.load)
def console_vouchers() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.console", "nav.console_vouchers"),
        page_header("cv.title", subtitle_key="cv.subtitle"),
        rx.grid(grant_card(), usage_card(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.heading(t("cv.all_quotas"), size="4", as_="h2"),
        data_table(ConsoleVouchersState, COLUMNS),
        spacing="4", width="100%",
    )
