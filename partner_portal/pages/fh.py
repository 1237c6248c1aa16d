"""Benefits › Full-time Personnel Incentive (FH): tabs Acceptance Application and Payment Application
(payment-status filter, View Invoicing List on payment-approved rows)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, fh
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "fh.title": ("Full-time Personnel Incentive (FH)", "专职人员激励（FH）"),
    "fh.acceptance": ("Acceptance Application", "验收申请"),
    "fh.payment": ("Payment Application", "付款申请"),
    "fh.apply": ("Apply for Acceptance", "申请验收"),
    "fh.intro": ("Apply for acceptance per quarter for each full-time person (full-time staff and affiliated members). "
                 "Once the acceptance is approved, apply for payment on the Payment Application tab; when the payment "
                 "application is approved, open its invoicing list and send your invoice within 15 days.",
                 "按季度为每位专职人员（专职员工及挂靠个人）申请验收。验收通过后，在“付款申请”页签申请付款；"
                 "付款申请通过后，查看开票清单并在 15 天内寄送发票。"),
    "fh.col.quarter": ("Quarter", "季度"),
    "fh.col.person": ("Full-time person", "专职人员"),
    "fh.col.amount": ("Incentive amount", "激励金额"),
    "fh.col.created": ("Applied at", "申请时间"),
    "fh.col.comment": ("Review comment", "审核意见"),
    "fh.col.invoice": ("Invoice", "发票"),
    "fh.empty_acceptance": ("No acceptance applications yet. Click Apply for Acceptance.", "暂无验收申请。点击“申请验收”。"),
    "fh.empty_payment": ("No accepted incentives yet. Payment can be applied for once an acceptance is approved.",
                         "暂无已验收的激励。验收通过后即可申请付款。"),
    "fh.pay": ("Apply for Payment", "申请付款"),
    "fh.paid_applied": ("Payment application submitted.", "付款申请已提交。"),
    "fh.applied": ("Acceptance application submitted.", "验收申请已提交。"),
    "fh.view_list": ("View Invoicing List", "查看开票清单"),
    "fh.f.quarter": ("Quarter", "季度"),
    "fh.f.person": ("Full-time person", "专职人员"),
    "fh.f.amount": ("Incentive amount", "激励金额"),
    "fh.no_people": ("You have no full-time staff or affiliated members yet. Mark staff as full-time on Account Center › Users.",
                     "您还没有专职员工或挂靠个人。请在“账号中心 › 用户”中将员工标记为专职。"),
    "fh.amount_hint": ("In your settlement currency.", "以结算币种计。"),
    "queue.fh-acceptance": ("FH acceptance applications", "FH 验收申请"),
    "queue.fh-payment": ("FH payment applications", "FH 付款申请"),
})


class FhAcceptanceState(ListMixin, AuthState):
    _csv_name: str = "fh-acceptance.csv"
    apply_open: bool = False
    errors: dict[str, str] = {}
    quarters: list[str] = []
    people: list[dict[str, str]] = []
    form_key: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        return fh.list_applications(session, actor=actor, req=req, tab="acceptance", search=self.search,
                                    status=self.status_filter)

    def _export(self, session, actor):
        return fh.export_applications(session, actor=actor, tab="acceptance", search=self.search,
                                      status=self.status_filter)

    @rx.event
    async def load(self):
        self.apply_open = False
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def open_apply(self):
        try:
            self.people = await self._call(fh.eligible_people)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.quarters = fh.open_quarters()
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
            await self._call(fh.apply_acceptance, quarter=str(form.get("quarter", ""))[:10],
                             person_id=str(form.get("person_id", ""))[:12], amount=str(form.get("amount", ""))[:40])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.apply_open = False
        await self._reload()
        return rx.toast.success(self._t("fh.applied"))


class FhPaymentState(ListMixin, AuthState):
    _csv_name: str = "fh-payment.csv"

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = fh.list_applications(session, actor=actor, req=req, tab="payment", search=self.search,
                                    status=self.status_filter)
        for row in page.rows:
            row["invoice"] = self._t(f"status.{row['invoicing_status']}") if row["invoicing_status"] else ""
        return page

    def _export(self, session, actor):
        return fh.export_applications(session, actor=actor, tab="payment", search=self.search, status=self.status_filter)

    @rx.event
    async def load(self):
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def apply_payment(self, application_id: str):
        if not str(application_id).isdigit():
            return
        try:
            await self._call(fh.apply_payment, application_id=int(application_id))
        except errors.DomainError as e:
            await self._reload()
            return rx.toast.error(self._t(e.message))
        await self._reload()
        return rx.toast.success(self._t("fh.paid_applied"))


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("quarter", "fh.col.quarter"),
    Column("person", "fh.col.person"),
    Column("amount", "fh.col.amount", "money"),
    Column("status", "table.status", "status"),
    Column("created_at", "fh.col.created", sortable=True),
    Column("review_comment", "fh.col.comment"),
]


PAYMENT_COLUMNS = [*COLUMNS[:5], Column("invoice", "fh.col.invoice"), *COLUMNS[5:]]


def _payment_actions(row) -> rx.Component:
    return rx.hstack(
        rx.cond(row["invoicing_id"] != "",
                rx.link(rx.button(rx.icon("receipt", size=14), t("fh.view_list"), size="1", white_space="nowrap"),
                        href=routes.INVOICING + "/" + row["invoicing_id"])),
        rx.cond(row["can_pay"] != "",
                rx.button(rx.icon("banknote", size=14), t("fh.pay"), size="1", variant="soft",
                          on_click=FhPaymentState.apply_payment(row["id"]))),
        spacing="2", align="center",
    )


def apply_dialog() -> rx.Component:
    e = FhAcceptanceState.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("fh.apply")),
            rx.dialog.description(t("fh.amount_hint"), size="2", color_scheme="gray"),
            rx.cond(
                FhAcceptanceState.people.length() == 0,
                rx.callout(t("fh.no_people"), icon="info", color_scheme="amber", width="100%", margin_top="0.75rem", high_contrast=True),
                rx.form(
                    rx.vstack(
                        form_field("fh.f.quarter", "quarter", e, required=True, control=rx.select.root(
                            rx.select.trigger(id="f-quarter", width="100%"),
                            rx.select.content(rx.foreach(FhAcceptanceState.quarters,
                                                         lambda q: rx.select.item(q, value=q))),
                            name="quarter", default_value=FhAcceptanceState.quarters[0])),
                        form_field("fh.f.person", "person_id", e, required=True, control=rx.select.root(
                            rx.select.trigger(id="f-person_id", width="100%"),
                            rx.select.content(rx.foreach(FhAcceptanceState.people,
                                                         lambda p: rx.select.item(p["name"], value=p["id"]))),
                            name="person_id", default_value=FhAcceptanceState.people[0]["id"])),
                        form_field("fh.f.amount", "amount", e, required=True, placeholder="3000.00"),
                        rx.hstack(
                            rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                      type="button")),
                            rx.button(t("common.submit"), type="submit"),
                            justify="end", spacing="3", width="100%",
                        ),
                        spacing="3", width="100%", margin_top="0.75rem",
                    ),
                    on_submit=FhAcceptanceState.submit_apply, key=FhAcceptanceState.form_key.to(str), width="100%",
                ),
            ),
            max_width="30rem",
        ),
        open=FhAcceptanceState.apply_open, on_open_change=FhAcceptanceState.set_apply_open,
    )


@page(routes.FH, "Full-time Personnel Incentive", perm="benefits", on_load=[FhAcceptanceState.load, FhPaymentState.load])
def fh_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.benefits", "nav.fh"),
        page_header("fh.title", rx.button(rx.icon("plus", size=16), t("fh.apply"), on_click=FhAcceptanceState.open_apply)),
        rx.text(t("fh.intro"), size="2", color_scheme="gray", max_width="60rem"),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("fh.acceptance"), value="acceptance"),
                         rx.tabs.trigger(t("fh.payment"), value="payment")),
            rx.tabs.content(rx.box(data_table(FhAcceptanceState, COLUMNS, empty_key="fh.empty_acceptance",
                                              statuses=fh.ACCEPTANCE_STATUSES), padding_top="1rem"), value="acceptance"),
            rx.tabs.content(rx.box(data_table(FhPaymentState, PAYMENT_COLUMNS, actions=_payment_actions,
                                              empty_key="fh.empty_payment", statuses=fh.PAYMENT_STATUSES),
                                   padding_top="1rem"), value="payment"),
            default_value="acceptance", width="100%",
        ),
        apply_dialog(),
        spacing="4", width="100%",
    )
