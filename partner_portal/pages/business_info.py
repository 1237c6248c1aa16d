"""Account Center › Business Information (`/account/business-info`): company data and settlement currency,
certified by the platform. The certified values stay in force until a change is approved."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, status_badge, t
from partner_portal.domain import accounts_admin, errors, money
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "bi.title": ("Business Information", "企业信息"),
    "bi.subtitle": ("Your company data and settlement currency. Every invoicing list uses the certified currency.",
                    "企业资料和结算币种。所有开票清单均使用已认证的结算币种。"),
    "bi.certified": ("Certified information (in force)", "已认证信息（生效中）"),
    "bi.none_certified": ("Not certified yet. Submit your company data for certification.",
                          "尚未认证。请提交企业资料进行认证。"),
    "bi.change": ("Change waiting for review", "待审核的变更"),
    "bi.rejected": ("Your last change was rejected", "您上次提交的变更被驳回"),
    "bi.pending_note": ("The certified values above stay in force until the platform approves this change.",
                        "在平台审核通过此变更之前，上方已认证信息继续生效。"),
    "bi.form": ("Submit for certification", "提交认证"),
    "bi.form_hint": ("Submitting again while a change waits for review replaces that change.",
                     "若已有待审核的变更，再次提交将替换该变更。"),
    "bi.company_name": ("Company name", "企业名称"),
    "bi.registration_no": ("Registration number", "统一社会信用代码"),
    "bi.address": ("Address", "地址"),
    "bi.contact_name": ("Contact person", "联系人"),
    "bi.contact_phone": ("Contact phone", "联系电话"),
    "bi.currency": ("Settlement currency", "结算币种"),
    "bi.submitted_at": ("Submitted", "提交时间"),
    "bi.reviewed_at": ("Certified", "认证时间"),
    "bi.comment": ("Review comment", "审核意见"),
    "bi.submitted": ("Submitted for certification.", "已提交认证。"),
})

FIELDS = ("company_name", "registration_no", "address", "contact_name", "contact_phone")


class BusinessInfoState(AuthState):
    certified: dict[str, str] = {}
    change: dict[str, str] = {}
    form_values: dict[str, str] = {}
    currency: str = "CNY"
    errors: dict[str, str] = {}
    loaded: bool = False
    form_key: int = 0

    @rx.event
    async def load(self):
        self.errors = {}
        try:
            cert, latest = await self._call(accounts_admin.get_business_info)
        except errors.DomainError:
            return
        self.certified = cert.as_dict() if cert else {}
        self.change = latest.as_dict() if latest else {}
        base = self.change if self.change.get("status") == "pending_review" else self.certified
        self.form_values = {k: base.get(k, "") for k in FIELDS}
        self.currency = base.get("settlement_currency", "CNY") or "CNY"
        self.form_key += 1
        self.loaded = True

    @rx.event
    def set_currency(self, value: str):
        if value in money.CURRENCIES:
            self.currency = value

    @rx.event
    async def submit(self, form: dict):
        self.errors = {}
        data = {k: str(form.get(k, ""))[:500] for k in FIELDS}
        try:
            await self._call(accounts_admin.submit_business_info, **data, settlement_currency=self.currency)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self.load()
        return rx.toast.success(self._t("bi.submitted"))


def _facts(values: rx.Var) -> rx.Component:
    def fact(label_key: str, value: rx.Var, **props) -> rx.Component:
        return rx.vstack(rx.text(t(label_key), size="1", color_scheme="gray", weight="medium"),
                         rx.text(rx.cond(value != "", value, "—"), **props), spacing="0")
    return rx.grid(*[fact(f"bi.{k}", values[k], size="2") for k in FIELDS],
                   fact("bi.currency", values["settlement_currency"], size="3", weight="bold"),
                   columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%")


def _certified_card() -> rx.Component:
    c = BusinessInfoState.certified
    return card(
        rx.hstack(rx.icon("badge-check", size=20, color="var(--green-10)"),
                  rx.heading(t("bi.certified"), size="4", as_="h2"), spacing="2", align="center"),
        rx.cond(c.contains("id"),
                rx.vstack(_facts(c),
                          rx.text(t("bi.reviewed_at"), ": ", c["reviewed_at"], size="1", color_scheme="gray"),
                          spacing="3", width="100%"),
                rx.text(t("bi.none_certified"), size="2", color_scheme="gray")),
    )


def _change_card() -> rx.Component:
    ch = BusinessInfoState.change
    pending = ch["status"] == "pending_review"
    return rx.cond(
        ch.contains("id"),
        card(
            rx.hstack(rx.heading(rx.cond(pending, t("bi.change"), t("bi.rejected")), size="4", as_="h2"),
                      status_badge(ch["status"]), spacing="3", align="center", wrap="wrap"),
            _facts(ch),
            rx.text(t("bi.submitted_at"), ": ", ch["submitted_at"], size="1", color_scheme="gray"),
            rx.cond(pending,
                    rx.callout(t("bi.pending_note"), icon="info", color_scheme="amber", size="1", width="100%"),
                    rx.callout(rx.text(t("bi.comment"), ": ", ch["review_comment"]), icon="circle-x",
                               color_scheme="red", size="1", width="100%")),
        ),
    )


def _form() -> rx.Component:
    v = BusinessInfoState.form_values
    return card(
        rx.heading(t("bi.form"), size="4", as_="h2"),
        rx.text(t("bi.form_hint"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                rx.grid(
                    form_field("bi.company_name", "company_name", BusinessInfoState.errors, required=True,
                               default_value=v["company_name"], autocomplete="organization"),
                    form_field("bi.registration_no", "registration_no", BusinessInfoState.errors, required=True,
                               default_value=v["registration_no"]),
                    form_field("bi.address", "address", BusinessInfoState.errors, default_value=v["address"],
                               autocomplete="street-address"),
                    form_field("bi.contact_name", "contact_name", BusinessInfoState.errors,
                               default_value=v["contact_name"], autocomplete="name"),
                    form_field("bi.contact_phone", "contact_phone", BusinessInfoState.errors, type_="tel",
                               default_value=v["contact_phone"], autocomplete="tel"),
                    rx.vstack(
                        rx.el.label(t("bi.currency"), rx.el.span(" *", style={"color": "var(--red-10)"}),
                                    html_for="f-settlement_currency",
                                    style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                        rx.select.root(
                            rx.select.trigger(id="f-settlement_currency", aria_label=t("bi.currency"), width="100%"),
                            rx.select.content(*[rx.select.item(c, value=c) for c in money.CURRENCIES]),
                            value=BusinessInfoState.currency, on_change=BusinessInfoState.set_currency,
                        ),
                        rx.cond(BusinessInfoState.errors.contains("settlement_currency"),
                                rx.text(BusinessInfoState.errors["settlement_currency"], color_scheme="red", size="1",
                                        role="alert")),
                        spacing="1", width="100%", align="stretch",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
                ),
                rx.hstack(rx.button(t("bi.form"), type="submit"), justify="end", width="100%"),
                spacing="3", width="100%",
            ),
            on_submit=BusinessInfoState.submit, width="100%", key=BusinessInfoState.form_key,
        ),
    )


@page(routes.BUSINESS_INFO, "Business Information", perm="business_info", on_load=BusinessInfoState.load)
def business_info() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.business_info"),
        page_header("bi.title", subtitle_key="bi.subtitle"),
        rx.cond(BusinessInfoState.loaded,
                rx.vstack(_certified_card(), _change_card(), _form(), spacing="4", width="100%"),
                rx.center(rx.spinner(size="3"), padding="3rem", width="100%")),
        spacing="4", width="100%",
    )
