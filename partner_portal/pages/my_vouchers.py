"""Account Center › My Vouchers (`/account/vouchers`, customers): vouchers partners issued to me."""
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
    "mv.title": ("My Vouchers", "我的代金券"),
    "mv.subtitle": ("Vouchers your partners issued to you. They are used automatically when your bills are paid.",
                    "合作伙伴发放给您的代金券，支付账单时自动抵扣。"),
    "mv.balance": ("Usable balance", "可用余额"),
    "mv.col.partner": ("Issued by", "发放伙伴"),
    "mv.empty": ("No vouchers yet. Partners you are associated with can issue vouchers to you.",
                 "暂无代金券。与您关联的合作伙伴可以向您发放代金券。"),
    "mv.search_hint": ("Partner name", "伙伴名称"),
})


class MyVouchersState(ListMixin, AuthState):
    _csv_name: str = "my-vouchers.csv"
    balance: str = ""

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = vouchers.list_my_vouchers(session, actor=actor, req=req, status=self.status_filter, search=self.search)
        rows = [{k: v for k, v in r.as_dict().items() if k != "customer"} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                    last_key=page.last_key)

    def _export(self, session, actor):
        return [{k: v for k, v in r.as_dict().items() if k not in ("customer", "can_reclaim", "quota_id")}
                for r in vouchers.export_my_vouchers(session, actor=actor, status=self.status_filter, search=self.search)]

    @rx.event
    async def load(self):
        yield MyVouchersState.load_list
        try:
            self.balance = await self._call(vouchers.my_voucher_balance)
        except errors.DomainError:
            self.balance = ""


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("partner", "mv.col.partner"),
    Column("face_value", "vq.col.face_value", "money"),
    Column("used", "vq.col.used", "money"),
    Column("balance", "vq.col.balance", "money"),
    Column("status", "table.status", "status"),
    Column("valid_until", "vq.col.valid_until", sortable=True),
    Column("issued_at", "vq.col.issued_at"),
]


@page(routes.MY_VOUCHERS, "My Vouchers", perm="my_vouchers", on_load=MyVouchersState.load)
def my_vouchers() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.my_vouchers"),
        page_header("mv.title", subtitle_key="mv.subtitle"),
        card(rx.text(t("mv.balance"), size="2", color_scheme="gray"),
             rx.text(MyVouchersState.balance, size="7", weight="bold", font_variant_numeric="tabular-nums")),
        data_table(MyVouchersState, COLUMNS, empty_key="mv.empty", statuses=vouchers.VOUCHER_STATUSES),
        spacing="4", width="100%",
    )
