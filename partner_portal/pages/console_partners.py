"""Platform Console › Partners (`/console/partners`): type, distributor link and status, Marketing Plan 2.0,
MDF quota per year. Every change is audited by the domain."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, data_table, form_field, page_header, t
from partner_portal.domain import accounts_admin, errors
from partner_portal.domain.clock import today
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.models import PartnerKind
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

KINDS = [k.value for k in PartnerKind]

i18n.add({
    "cpa.title": ("Partners", "伙伴管理"),
    "cpa.subtitle": ("Partner type, distributor link and status, Marketing Plan 2.0 and MDF quota. Registrations are "
                    "approved in the review queue.", "伙伴类型、总经销商关联与状态、营销计划2.0及MDF额度。注册申请在审核队列中审批。"),
    "cpa.registrations": ("Partner registrations queue", "伙伴注册审核队列"),
    "cpa.col.name": ("Partner", "伙伴"),
    "cpa.col.kind": ("Partner type", "伙伴类型"),
    "cpa.col.distributor": ("Distributor", "总经销商"),
    "cpa.col.dstatus": ("Distributor status", "总经销商状态"),
    "cpa.col.mp2": ("Marketing Plan 2.0", "营销计划2.0"),
    "cpa.col.mdf": ("MDF quota this year", "本年度MDF额度"),
    "cpa.col.currency": ("Settlement currency", "结算币种"),
    "cpa.all_kinds": ("All partner types", "全部伙伴类型"),
    "cpa.manage": ("Manage", "管理"),
    "cpa.edit_title": ("Manage partner", "管理伙伴"),
    "cpa.settings": ("Partner settings", "伙伴设置"),
    "cpa.save_settings": ("Save settings", "保存设置"),
    "cpa.quota": ("MDF quota", "MDF额度"),
    "cpa.year": ("Year", "年度"),
    "cpa.amount": ("Amount", "金额"),
    "cpa.set_quota": ("Set quota", "设置额度"),
    "cpa.no_quota": ("No MDF quota set yet.", "尚未设置MDF额度。"),
    "cpa.saved": ("Saved.", "已保存。"),
    "cpa.none": ("— none —", "— 无 —"),
    "cpa.yes": ("Yes", "是"),
    "cpa.empty": ("No partners match.", "没有匹配的伙伴。"),
    "kind.solution_provider": ("Solution provider", "解决方案提供商"),
    "kind.government_subsidy": ("Government subsidy", "政府补贴类伙伴"),
    "kind.cloud_reseller": ("Cloud reseller", "云经销商"),
    "kind.distributor": ("Distributor", "总经销商"),
    "dstatus.active": ("Active", "正常"),
    "dstatus.delisted": ("Delisted and exited", "摘牌退出"),
})


class PartnersAdminState(ListMixin, AuthState):
    _csv_name: str = "partners.csv"
    edit_open: bool = False
    edit_id: str = ""
    edit_name: str = ""
    edit_kind: str = "solution_provider"
    edit_distributor: str = ""
    edit_dstatus: str = "active"
    edit_mp2: bool = False
    edit_currency: str = ""
    distributor_options: list[dict[str, str]] = []
    quotas: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    quota_errors: dict[str, str] = {}
    this_year: str = ""

    def _rows(self, rows) -> list[dict[str, str]]:
        return [{**r.as_dict(), "kind_label": self._t(f"kind.{r.kind}"),
                 "dstatus_label": self._t(f"dstatus.{r.distributor_status}") if r.distributor_status else "",
                 "mp2_label": self._t("cpa.yes") if r.marketing_plan_2 else ""} for r in rows]

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = accounts_admin.list_partners(session, actor=actor, req=req, search=self.search, kind=self.status_filter)
        return Page(rows=self._rows(page.rows), has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in accounts_admin.export_partners(session, actor=actor, search=self.search,
                                                                    kind=self.status_filter)]

    @rx.event
    async def open_edit(self, partner_id: str):
        def fn(session, actor):
            return (accounts_admin.get_partner(session, actor=actor, partner_id=partner_id),
                    accounts_admin.distributors(session, actor=actor),
                    accounts_admin.mdf_quotas(session, actor=actor, partner_id=partner_id))

        try:
            row, dists, quotas = await self._call(fn)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.edit_id, self.edit_name, self.edit_kind = str(row.id), row.name, row.kind
        self.edit_distributor, self.edit_mp2, self.edit_currency = row.distributor_id, row.marketing_plan_2, row.currency
        self.edit_dstatus = row.distributor_status if row.kind == "distributor" else "active"
        self.distributor_options = [{"id": str(i), "name": n + (" (" + self._t("dstatus.delisted") + ")"
                                                               if s == "delisted" else "")}
                                    for i, n, s in dists if i != row.id]
        self.quotas = [{"year": str(q.year), "amount": q.amount, "currency": q.currency} for q in quotas]
        self.errors, self.quota_errors, self.this_year = {}, {}, str(today().year)
        self.edit_open = True

    @rx.event
    def set_edit_open(self, value: bool):
        self.edit_open = bool(value)

    @rx.event
    def set_edit_kind(self, value: str):
        if value in KINDS:
            self.edit_kind = value

    @rx.event
    def set_edit_distributor(self, value: str):
        self.edit_distributor = str(value or "")[:20]

    @rx.event
    def set_edit_dstatus(self, value: str):
        if value in ("active", "delisted"):
            self.edit_dstatus = value

    @rx.event
    def set_edit_mp2(self, value: bool):
        self.edit_mp2 = bool(value)

    @rx.event
    async def save_settings(self):
        self.errors = {}
        try:
            await self._call(accounts_admin.update_partner, partner_id=self.edit_id, kind=self.edit_kind,
                             distributor_id=self.edit_distributor if self.edit_kind == "cloud_reseller" else None,
                             distributor_status=self.edit_dstatus, marketing_plan_2=self.edit_mp2)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.edit_open = False
        await self._reload()
        return rx.toast.success(self._t("cpa.saved"))

    @rx.event
    async def set_quota(self, form: dict):
        self.quota_errors = {}
        try:
            await self._call(accounts_admin.set_mdf_quota, partner_id=self.edit_id,
                             year=str(form.get("year", ""))[:10], amount=str(form.get("amount", ""))[:30])
            quotas = await self._call(accounts_admin.mdf_quotas, partner_id=self.edit_id)
        except errors.InvalidInput as e:
            self.quota_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.quotas = [{"year": str(q.year), "amount": q.amount, "currency": q.currency} for q in quotas]
        await self._reload()
        return rx.toast.success(self._t("cpa.saved"))


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "cpa.col.name"),
    Column("kind_label", "cpa.col.kind"),
    Column("status", "table.status", "status"),
    Column("distributor", "cpa.col.distributor"),
    Column("dstatus_label", "cpa.col.dstatus"),
    Column("mp2_label", "cpa.col.mp2"),
    Column("mdf_quota", "cpa.col.mdf", "money"),
]


def _actions(row) -> rx.Component:
    return rx.button(t("cpa.manage"), size="1", variant="soft", on_click=PartnersAdminState.open_edit(row["id"]),
                     aria_label=rx.cond(AuthState.lang == "zh", "管理 ", "Manage ") + row["name"])


def _kind_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("cpa.col.kind"), min_width="12rem"),
        rx.select.content(rx.select.item(t("cpa.all_kinds"), value="all"),
                          *[rx.select.item(t(f"kind.{k}"), value=k) for k in KINDS]),
        value=PartnersAdminState.status_filter, on_change=PartnersAdminState.set_status_filter,
    )


def _select(label_key: str, ident: str, value, on_change, items: list, error_key: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
        rx.select.root(rx.select.trigger(id=ident, aria_label=t(label_key), width="100%"),
                       rx.select.content(*items), value=value, on_change=on_change),
        rx.cond(PartnersAdminState.errors.contains(error_key),
                rx.text(PartnersAdminState.errors[error_key], color_scheme="red", size="1", role="alert")),
        spacing="1", width="100%", align="stretch",
    )


def _settings() -> rx.Component:
    S = PartnersAdminState
    return rx.vstack(
        rx.heading(t("cpa.settings"), size="3", as_="h3"),
        _select("cpa.col.kind", "f-kind", S.edit_kind, S.set_edit_kind,
                [rx.select.item(t(f"kind.{k}"), value=k) for k in KINDS], "kind"),
        rx.cond(S.edit_kind == "cloud_reseller",
                _select("cpa.col.distributor", "f-distributor", S.edit_distributor, S.set_edit_distributor,
                        [rx.foreach(S.distributor_options, lambda d: rx.select.item(d["name"], value=d["id"]))],
                        "distributor_id")),
        rx.cond(S.edit_kind == "distributor",
                _select("cpa.col.dstatus", "f-dstatus", S.edit_dstatus, S.set_edit_dstatus,
                        [rx.select.item(t("dstatus.active"), value="active"),
                         rx.select.item(t("dstatus.delisted"), value="delisted")], "distributor_status")),
        rx.el.label(rx.switch(checked=S.edit_mp2, on_change=S.set_edit_mp2, id="f-mp2"), t("cpa.col.mp2"),
                    html_for="f-mp2", style={"display": "flex", "gap": "0.5rem", "align_items": "center",
                                             "font_size": "var(--font-size-2)"}),
        rx.hstack(rx.button(t("cpa.save_settings"), on_click=S.save_settings), justify="end", width="100%"),
        spacing="3", width="100%",
    )


def _quota() -> rx.Component:
    S = PartnersAdminState
    return rx.vstack(
        rx.heading(t("cpa.quota"), size="3", as_="h3"),
        rx.cond(S.quotas.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(rx.table.column_header_cell(t("cpa.year")),
                                                 rx.table.column_header_cell(t("cpa.amount")))),
                    rx.table.body(rx.foreach(S.quotas, lambda q: rx.table.row(
                        rx.table.cell(q["year"]), rx.table.cell(q["amount"])))),
                    size="1", variant="surface", width="100%"),
                rx.text(t("cpa.no_quota"), size="2", color_scheme="gray")),
        rx.form(
            rx.hstack(
                rx.box(form_field("cpa.year", "year", S.quota_errors, default_value=S.this_year), width="7rem"),
                rx.box(form_field("cpa.amount", "amount", S.quota_errors, placeholder="100000.00"), flex="1"),
                rx.button(t("cpa.set_quota"), type="submit", margin_top="1.4rem"),
                spacing="3", align="start", width="100%",
            ),
            on_submit=S.set_quota, width="100%", key=S.edit_id,
        ),
        rx.text(t("cpa.col.currency"), ": ", S.edit_currency, size="1", color_scheme="gray"),
        spacing="3", width="100%",
    )


def _edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("cpa.edit_title")),
            rx.dialog.description(PartnersAdminState.edit_name, size="2", color_scheme="gray"),
            rx.vstack(_settings(), rx.divider(), _quota(),
                      rx.hstack(rx.dialog.close(rx.button(t("common.close"), variant="soft", color_scheme="gray")),
                                justify="end", width="100%"),
                      spacing="4", width="100%", margin_top="1rem"),
            max_width="34rem",
        ),
        open=PartnersAdminState.edit_open, on_open_change=PartnersAdminState.set_edit_open,
    )


@page(routes.CONSOLE_PARTNERS, "Partners", perm="console", on_load=PartnersAdminState.load_list)
def console_partners() -> rx.Component:
    return rx.vstack(
        page_header("cpa.title", rx.link(t("cpa.registrations"), href=routes.review_queue("partners"), size="2"),
                    subtitle_key="cpa.subtitle"),
        data_table(PartnersAdminState, COLUMNS, actions=_actions, toolbar=[_kind_filter()], empty_key="cpa.empty"),
        _edit_dialog(),
        spacing="4", width="100%",
    )
