"""Sales › Customers › My Resellers (`/sales/resellers`, distributor admins): its cloud resellers,
the voucher quota granted to each, and **Grant quota** out of the distributor's own quota."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, card, data_table, page_header, t
from partner_portal.domain import errors, vouchers
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.pages.authorizations import AuthorizationsState, reseller_requests_section
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "rs.title": ("My Resellers", "我的经销商"),
    "rs.subtitle": ("Your cloud resellers and the voucher quota you granted each, out of your own quota.",
                    "您的云经销商，以及您从自有额度中发放给每家的代金券额度。"),
    "rs.grant": ("Grant quota", "发放额度"),
    "rs.grant_title": ("Grant voucher quota to a reseller", "向经销商发放代金券额度"),
    "rs.grant_help": ("The amount comes out of the quota you choose; the reseller's quota cannot outlive it.",
                      "金额从所选额度中扣除；经销商额度的有效期不能晚于该额度。"),
    "rs.reseller": ("Reseller", "经销商"),
    "rs.source": ("From quota", "来源额度"),
    "rs.amount": ("Amount", "金额"),
    "rs.valid_until": ("Valid until (optional)", "有效期至（可选）"),
    "rs.note": ("Note", "备注"),
    "rs.col.name": ("Reseller", "经销商"),
    "rs.col.quotas": ("Quotas", "额度数"),
    "rs.col.granted": ("Granted", "已发放额度"),
    "rs.col.issued": ("Issued to customers", "已发给客户"),
    "rs.col.remaining": ("Remaining", "剩余"),
    "rs.empty": ("No cloud resellers are linked to your company yet.", "暂无关联到贵司的云经销商。"),
    "rs.own_quota": ("Your quota", "您的额度"),
    "rs.no_source": ("You have no valid quota with a remaining amount to grant from.", "您没有可用于发放的有效剩余额度。"),
    "rs.granted_ok": ("Quota granted (new quota #{id}).", "额度已发放（新额度 #{id}）。"),
    "rs.choose": ("Choose…", "请选择…"),
})


class ResellersState(ListMixin, AuthState):
    _csv_name: str = "resellers.csv"
    grant_open: bool = False
    grant_reseller: str = ""
    grant_source: str = ""
    sources: list[dict[str, str]] = []
    own_quota: str = ""
    errors: dict[str, str] = {}
    busy: bool = False

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        # A distributor has a handful of resellers: one page, no keyset needed.
        rows = vouchers.list_resellers(session, actor=actor, search=self.search)
        return Page(rows=[r.as_dict() for r in rows])

    def _export(self, session, actor):
        return [r.as_dict() for r in vouchers.list_resellers(session, actor=actor, search=self.search)]

    @rx.event
    async def load(self):
        yield ResellersState.load_list
        try:
            rows = await self._call(vouchers.issuable_quotas)
        except errors.DomainError:
            self.sources = []
            return
        self.sources = [{"id": str(r.id), "label": f"#{r.id} · {r.remaining} · {r.valid_until}"} for r in rows]
        self.own_quota = " · ".join(f"#{r.id}: {r.remaining}" for r in rows)

    @rx.event
    def open_grant(self, reseller_id: str = ""):
        self.errors = {}
        self.grant_reseller = str(reseller_id or "")
        self.grant_source = self.sources[0]["id"] if len(self.sources) == 1 else ""
        self.grant_open = True

    @rx.event
    def set_grant_open(self, value: bool):
        self.grant_open = bool(value)

    @rx.event
    def set_grant_reseller(self, value: str):
        self.grant_reseller = str(value)

    @rx.event
    def set_grant_source(self, value: str):
        self.grant_source = str(value)

    @rx.event
    async def grant(self, form: dict):
        self.errors = {}
        rid = int(self.grant_reseller) if self.grant_reseller.isdigit() else 0
        sid = int(self.grant_source) if self.grant_source.isdigit() else 0
        if not rid:
            self.errors = {"reseller": self._t("Choose a reseller.")}
            return
        self.busy = True
        try:
            new_id = await self._call(vouchers.grant_reseller_quota, reseller_id=rid, source_quota_id=sid,
                                      amount=str(form.get("amount", ""))[:40],
                                      valid_until=str(form.get("valid_until", ""))[:20],
                                      note=str(form.get("note", ""))[:300])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            yield rx.toast.error(self._t(e.message))
            return
        finally:
            self.busy = False
        self.grant_open = False
        yield rx.toast.success(self._t("rs.granted_ok", id=new_id))
        yield ResellersState.load


COLUMNS = [
    Column("id", "table.id", "id"),
    Column("name", "rs.col.name"),
    Column("status", "table.status", "status"),
    Column("quotas", "rs.col.quotas"),
    Column("granted", "rs.col.granted", "money"),
    Column("issued", "rs.col.issued", "money"),
    Column("remaining", "rs.col.remaining", "money"),
]


def _err(name: str) -> rx.Component:
    return rx.cond(ResellersState.errors.contains(name),
                   rx.text(ResellersState.errors[name], color_scheme="red", size="1", role="alert"))


def _label(key: str, ident: str) -> rx.Component:
    return rx.el.label(t(key), html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"})


def grant_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("rs.grant_title")),
            rx.dialog.description(t("rs.grant_help"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.vstack(
                        _label("rs.reseller", "g-reseller"),
                        rx.select.root(
                            rx.select.trigger(id="g-reseller", aria_label=t("rs.reseller"), placeholder=t("rs.choose"),
                                              width="100%"),
                            rx.select.content(rx.foreach(ResellersState.rows,
                                                         lambda r: rx.select.item(r["name"], value=r["id"]))),
                            value=ResellersState.grant_reseller, on_change=ResellersState.set_grant_reseller,
                        ),
                        _err("reseller"), spacing="1", width="100%",
                    ),
                    rx.vstack(
                        _label("rs.source", "g-source"),
                        rx.cond(
                            ResellersState.sources.length() > 0,
                            rx.select.root(
                                rx.select.trigger(id="g-source", aria_label=t("rs.source"), placeholder=t("rs.choose"),
                                                  width="100%"),
                                rx.select.content(rx.foreach(ResellersState.sources,
                                                             lambda q: rx.select.item(q["label"], value=q["id"]))),
                                value=ResellersState.grant_source, on_change=ResellersState.set_grant_source,
                            ),
                            rx.text(t("rs.no_source"), size="2", color_scheme="amber"),
                        ),
                        _err("source_quota"), spacing="1", width="100%",
                    ),
                    rx.grid(
                        rx.vstack(_label("rs.amount", "g-amount"),
                                  rx.input(id="g-amount", name="amount", placeholder="10000.00", input_mode="decimal",
                                           width="100%"),
                                  _err("amount"), spacing="1"),
                        rx.vstack(_label("rs.valid_until", "g-until"),
                                  rx.input(id="g-until", name="valid_until", type="date", width="100%"),
                                  _err("valid_until"), spacing="1"),
                        columns="2", spacing="3", width="100%",
                    ),
                    rx.vstack(_label("rs.note", "g-note"), rx.input(id="g-note", name="note", width="100%"),
                              _err("note"), spacing="1", width="100%"),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("rs.grant"), type="submit", loading=ResellersState.busy),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                on_submit=ResellersState.grant, reset_on_submit=False, width="100%",
            ),
            max_width="32rem",
        ),
        open=ResellersState.grant_open, on_open_change=ResellersState.set_grant_open,
    )


def _actions(row) -> rx.Component:
    return rx.button(rx.icon("hand-coins", size=14), t("rs.grant"), size="1", variant="soft",
                     on_click=ResellersState.open_grant(row["id"]))


def resellers_section() -> rx.Component:
    return rx.vstack(
        card(
            rx.hstack(
                rx.vstack(rx.text(t("rs.own_quota"), size="2", color_scheme="gray"),
                          rx.text(rx.cond(ResellersState.own_quota != "", ResellersState.own_quota, "—"), size="3",
                                  weight="bold", font_variant_numeric="tabular-nums"),
                          spacing="1"),
                rx.spacer(),
                rx.link(t("nav.coupons"), href=routes.COUPONS, size="2"),
                align="center", width="100%",
            ),
        ),
        data_table(ResellersState, COLUMNS, actions=_actions, empty_key="rs.empty"),
        grant_dialog(),
        spacing="4", width="100%",
    )


@page(routes.RESELLERS, "My Resellers", perm="resellers", on_load=[ResellersState.load, AuthorizationsState.load])
def resellers() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.customers", "nav.resellers"),
        page_header("rs.title", rx.button(rx.icon("hand-coins", size=16), t("rs.grant"),
                                          on_click=ResellersState.open_grant("")),
                    subtitle_key="rs.subtitle"),
        resellers_section(),
        reseller_requests_section(),
        spacing="4", width="100%",
    )
