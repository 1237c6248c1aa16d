"""Sales › Expand › Customer Expansion › Report Customer: the conflict check first, then the form."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, t
from partner_portal.domain import customers, errors
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "rc.title": ("Report Customer", "报备客户"),
    "rc.subtitle": ("Check first whether the customer can be reported, then fill in the report.",
                    "先检查客户能否报备，再填写报备信息。"),
    "rc.step_check": ("1. Conflict check", "1. 冲突检查"),
    "rc.step_check_hint": ("Enter the customer's account name, mobile number or exact name. We tell you whether your "
                           "company can report it, and if not, why.",
                           "输入客户的账号名、手机号或完整名称，系统会告诉您能否报备；如不能，说明原因。"),
    "rc.check": ("Check", "检查"),
    "rc.step_form": ("2. Report details", "2. 报备信息"),
    "rc.name": ("Customer name", "客户名称"),
    "rc.account": ("Account name", "账号名"),
    "rc.mobile": ("Mobile", "手机号"),
    "rc.email": ("E-mail", "邮箱"),
    "rc.industry": ("Industry", "行业"),
    "rc.region": ("Region", "区域"),
    "rc.type": ("Intended association type", "意向关联类型"),
    "rc.remark": ("Remark", "备注"),
    "rc.submit": ("Submit report", "提交报备"),
    "rc.back": ("Back to Customer Expansion", "返回客户拓展"),
    "rc.choose": ("Choose…", "请选择…"),
    "rc.done_reported": ("Customer reported. It is protected for your company for 15 days, and the customer has been "
                         "asked to associate with you.", "报备成功。该客户在 15 天内受您企业保护，并已向客户发送关联请求。"),
    "rc.done_review": ("Report submitted. It goes to the platform's manual review; you will be notified of the result.",
                       "报备已提交，进入平台人工审核，结果将通知您。"),
    "rc.blocked": ("You cannot report customers", "您不能报备客户"),
    "rc.check_again": ("Check another customer", "检查其他客户"),
    **{f"rc.industry.{x}": (x, zh) for x, zh in zip(customers.INDUSTRIES, [
        "零售", "制造", "金融", "医疗", "教育", "物流", "传媒", "能源", "政府", "互联网", "其他"])},
    # domain messages shown on this page
    customers.R_CAP: (customers.R_CAP, "您的企业已持有 100 个待审核或已报备客户，请等待部分客户关联或到期。"),
    customers.R_ASSOCIATED_OURS: (customers.R_ASSOCIATED_OURS, "该客户已与您的企业关联。"),
    customers.R_ASSOCIATED: (customers.R_ASSOCIATED, "该客户已与伙伴关联，不能报备。"),
    customers.R_REPORTED_OURS: (customers.R_REPORTED_OURS, "您的企业已报备过该客户。"),
    customers.R_REPORTED_ELSEWHERE: (customers.R_REPORTED_ELSEWHERE, "该客户已被其他伙伴报备，仍在保护期内。"),
    customers.R_ACCOUNT_MISMATCH: (customers.R_ACCOUNT_MISMATCH, "该手机号属于另一个客户账号。"),
    customers.OK_NEW: (customers.OK_NEW, "该客户可以报备。"),
    customers.OK_REVIEW: (customers.OK_REVIEW, "该客户可以报备。由于客户注册已超过 7 天或已有消费，报备将进入人工审核。"),
    "Enter the customer's name.": ("Enter the customer's name.", "请输入客户名称。"),
    "Enter the customer's account name.": ("Enter the customer's account name.", "请输入客户账号名。"),
    "Enter the customer's mobile number.": ("Enter the customer's mobile number.", "请输入客户手机号。"),
    "Enter the customer's name, account name or mobile number.": (
        "Enter the customer's name, account name or mobile number.", "请输入客户名称、账号名或手机号。"),
    "Use 3 to 50 letters, digits, dots, dashes or underscores.": (
        "Use 3 to 50 letters, digits, dots, dashes or underscores.", "请使用 3 到 50 位字母、数字、点、短横线或下划线。"),
    "Enter an 11-digit mobile number (or + and country code).": (
        "Enter an 11-digit mobile number (or + and country code).", "请输入 11 位手机号（或 + 加国家代码）。"),
    "Enter a valid e-mail address.": ("Enter a valid e-mail address.", "请输入有效的邮箱地址。"),
    "Choose an industry from the list.": ("Choose an industry from the list.", "请从列表中选择行业。"),
    "Choose referral or resale.": ("Choose referral or resale.", "请选择推荐或转售。"),
    "Use at most 100 characters.": ("Use at most 100 characters.", "最多 100 个字符。"),
    "Use at most 50 characters.": ("Use at most 50 characters.", "最多 50 个字符。"),
    "Use at most 500 characters.": ("Use at most 500 characters.", "最多 500 个字符。"),
})

FIELDS = ("name", "account_name", "mobile", "email", "industry", "region", "association_type", "remark")


class ReportState(AuthState):
    errors: dict[str, str] = {}
    block_reason: str = ""
    checked_ok: bool = False
    check_message: str = ""
    check_failed: bool = False
    # what the user typed into the check; prefilled into the form (their own input, nothing fetched)
    name: str = ""
    account_name: str = ""
    mobile: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        self.errors, self.checked_ok, self.check_message, self.check_failed = {}, False, "", False
        self.name = self.account_name = self.mobile = ""
        try:
            reason = await self._call(customers.report_block_reason)
        except errors.DomainError as e:
            reason = e.message
        self.block_reason = self._t(reason) if reason else ""

    @rx.event
    async def check(self, form: dict):
        self.errors, self.check_message, self.check_failed, self.checked_ok = {}, "", False, False
        data = {k: str(form.get(k, "") or "")[:120] for k in ("name", "account_name", "mobile")}
        try:
            result = await self._call(customers.conflict_check, **data)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.check_message = self._t(result.reason)
        self.check_failed = not result.ok
        self.checked_ok = result.ok
        if result.ok:
            self.name, self.account_name, self.mobile = data["name"], data["account_name"], data["mobile"]

    @rx.event
    def check_another(self):
        self.checked_ok, self.check_message, self.check_failed, self.errors = False, "", False, {}

    @rx.event
    async def submit(self, form: dict):
        if self.busy:
            return
        self.errors = {}
        data = {k: str(form.get(k, "") or "")[:600] for k in FIELDS}
        self.busy = True
        try:
            report_id = await self._call(customers.report_customer, form=data)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        finally:
            self.busy = False
        status = await self._call(_status_of, report_id=report_id)
        self.checked_ok = False
        return [rx.toast.success(self._t("rc.done_review" if status == "pending" else "rc.done_reported")),
                rx.redirect(routes.CUSTOMER_EXPANSION)]


def _status_of(session, actor, report_id: int) -> str:
    from partner_portal.domain.permissions import access_partner_row
    from partner_portal.models import CustomerReport
    return access_partner_row(session, actor, CustomerReport, report_id, "customer report").status


def _label(key: str, ident: str, required: bool = False) -> rx.Component:
    return rx.el.label(t(key), rx.el.span(" *", style={"color": "var(--red-10)"}) if required else "",
                       html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"})


def _error(name: str) -> rx.Component:
    has = ReportState.errors.contains(name)
    return rx.text(rx.cond(has, ReportState.errors[name], ""), id=f"f-{name}-msg", color_scheme="red", size="1",
                   role=rx.cond(has, "alert", "none"), display=rx.cond(has, "block", "none"))


def check_step() -> rx.Component:
    return card(
        rx.heading(t("rc.step_check"), size="4", as_="h2"),
        rx.text(t("rc.step_check_hint"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                rx.grid(
                    form_field("rc.account", "account_name", ReportState.errors),
                    form_field("rc.mobile", "mobile", ReportState.errors, type_="tel"),
                    form_field("rc.name", "name", ReportState.errors),
                    columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
                ),
                rx.hstack(rx.button(rx.icon("search-check", size=16), t("rc.check"), type="submit"), justify="end",
                          width="100%"),
                spacing="3", width="100%",
            ),
            on_submit=ReportState.check, reset_on_submit=False, width="100%",
        ),
        rx.cond(
            ReportState.check_message != "",
            rx.callout.root(
                rx.callout.icon(rx.cond(ReportState.check_failed, rx.icon("circle-x", size=16), rx.icon("circle-check", size=16))),
                rx.callout.text(ReportState.check_message),
                color_scheme=rx.cond(ReportState.check_failed, "red", "green"), role="status", width="100%",
                high_contrast=True,
            ),
        ),
    )


def report_form() -> rx.Component:
    industry = rx.select.root(
        rx.select.trigger(id="f-industry", placeholder=t("rc.choose"), width="100%"),
        rx.select.content(*[rx.select.item(t(f"rc.industry.{x}"), value=x) for x in customers.INDUSTRIES]),
        name="industry",
    )
    types = rx.radio_group.root(
        rx.hstack(*[rx.el.label(rx.radio_group.item(value=v, id=f"type-{v}"), t(f"ce.type.{v}"), html_for=f"type-{v}",
                                style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                       "font_size": "var(--font-size-2)"})
                    for v in customers.ASSOCIATION_TYPES], spacing="4"),
        name="association_type", default_value="referral", aria_labelledby="type-label",
    )
    return card(
        rx.hstack(rx.heading(t("rc.step_form"), size="4", as_="h2"), rx.spacer(),
                  rx.button(t("rc.check_again"), variant="ghost", size="1", on_click=ReportState.check_another,
                            type="button"), width="100%", align="center"),
        rx.callout.root(rx.callout.icon(rx.icon("circle-check", size=16)), rx.callout.text(ReportState.check_message),
                        color_scheme="green", size="1", width="100%", role="status", high_contrast=True),
        rx.form(
            rx.vstack(
                rx.grid(
                    form_field("rc.name", "name", ReportState.errors, required=True, default_value=ReportState.name),
                    form_field("rc.account", "account_name", ReportState.errors, required=True,
                               default_value=ReportState.account_name),
                    form_field("rc.mobile", "mobile", ReportState.errors, type_="tel", required=True,
                               default_value=ReportState.mobile),
                    form_field("rc.email", "email", ReportState.errors, type_="email"),
                    rx.vstack(_label("rc.industry", "f-industry"), industry, _error("industry"), spacing="1",
                              width="100%", align="stretch"),
                    form_field("rc.region", "region", ReportState.errors),
                    columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
                ),
                rx.vstack(rx.text(t("rc.type"), id="type-label", size="2", weight="medium"), types,
                          _error("association_type"), spacing="1", width="100%"),
                rx.vstack(_label("rc.remark", "f-remark"),
                          rx.text_area(id="f-remark", name="remark", rows="3", width="100%", max_length=500),
                          _error("remark"), spacing="1", width="100%"),
                rx.hstack(
                    rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button",
                              on_click=rx.redirect(routes.CUSTOMER_EXPANSION)),
                    rx.button(t("rc.submit"), type="submit", loading=ReportState.busy),
                    justify="end", spacing="3", width="100%",
                ),
                spacing="4", width="100%",
            ),
            on_submit=ReportState.submit, reset_on_submit=False, width="100%",
        ),
    )


@page(routes.REPORT_CUSTOMER, "Report Customer", perm="report_customer", on_load=ReportState.load)
def report_customer_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.customer_expansion", "rc.title"),
        page_header("rc.title", rx.link(t("rc.back"), href=routes.CUSTOMER_EXPANSION, size="2"),
                    subtitle_key="rc.subtitle"),
        rx.cond(
            ReportState.block_reason != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("ban", size=16)),
                rx.callout.text(rx.text.strong(t("rc.blocked")), " — ", ReportState.block_reason),
                color_scheme="red", role="alert", width="100%", high_contrast=True,
            ),
            rx.box(rx.cond(ReportState.checked_ok, report_form(), check_step()), width="100%", max_width="56rem"),
        ),
        spacing="4", width="100%", id="area-content",
    )
