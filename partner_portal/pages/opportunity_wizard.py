"""`/sales/opportunities/new`: the Create Opportunity wizard (Basic information → Requirements → Confirm → Submit).

Opened plain, from a marketing task (``?task=<id>&step=2``: step 1 filled from the task) or from a lead
(``?lead=<id>``). The draft is kept on the server (``OpportunityDraft``), so steps and reloads keep it.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, t, wizard_steps
from partner_portal.domain import customers, errors, money, opportunities
from partner_portal.layout import page
from partner_portal.pages.leads import error_text, label, select_field, textarea_field
from partner_portal.state.auth import AuthState

i18n.add({
    "wiz.title": ("Create Opportunity", "创建商机"),
    "wiz.step1": ("Basic information", "基本信息"),
    "wiz.step2": ("Requirements", "需求信息"),
    "wiz.step3": ("Confirm", "确认"),
    "wiz.customer": ("Customer", "客户"),
    "wiz.name": ("Opportunity name", "商机名称"),
    "wiz.amount": ("Expected amount", "预计金额"),
    "wiz.currency": ("Currency", "币种"),
    "wiz.close_date": ("Expected close date", "预计成交日期"),
    "wiz.products": ("Products", "产品"),
    "wiz.products_hint": ("For example: Elastic Cloud Server, RDS for MySQL", "例如：弹性云服务器、云数据库 RDS"),
    "wiz.region": ("Deployment region", "部署区域"),
    "wiz.competitors": ("Competitors", "竞争对手"),
    "wiz.description": ("Description", "描述"),
    "wiz.save_draft": ("Save as draft", "保存草稿"),
    "wiz.discard": ("Discard draft", "放弃草稿"),
    "wiz.customer_hint": ("Only customers reported (still valid) or associated with your company can be chosen.",
                          "只能选择已报备（仍在有效期）或已与贵司关联的客户。"),
    "wiz.no_customers": ("You have no reported or associated customers yet. Report one below.",
                         "您还没有已报备或已关联的客户，请在下方报备。"),
    "wiz.report_new": ("Report a new customer", "报备新客户"),
    "wiz.report_hint": ("The same conflict check and rules as Report Customer apply.", "适用与“报备客户”相同的冲突检查和规则。"),
    "wiz.check": ("Check", "检查"),
    "wiz.report": ("Report customer", "报备客户"),
    "wiz.needs_report_task": ("The customer of this marketing task is neither reported nor associated with your company "
                              "yet. Report it to continue.", "该营销任务的客户尚未被贵司报备或关联，请先报备。"),
    "wiz.needs_report_lead": ("This lead's customer is neither reported nor associated with your company yet. Choose "
                              "a customer, or report it to continue.", "该线索的客户尚未被贵司报备或关联，请选择客户或先报备。"),
    "wiz.report_source": ("Report this customer", "报备该客户"),
    "wiz.reported": ("Customer reported and selected.", "客户已报备并已选中。"),
    "wiz.in_review": ("The report went to the platform's manual review. You can create the opportunity once it is approved.",
                      "报备已进入平台人工审核，审核通过后即可创建商机。"),
    "wiz.from": ("Started from", "来源"),
    "wiz.invalid": ("Check the marked fields.", "请检查标记的字段。"),
    "wiz.created": ("Opportunity submitted for the platform's review.", "商机已提交平台审核。"),
    "wiz.saved": ("Opportunity saved as a draft.", "商机已保存为草稿。"),
    "wiz.confirm_hint": ("Check the details. Submit sends the opportunity to the platform's review.",
                         "请核对信息。提交后商机将进入平台审核。"),
    "wiz.type": ("Intended association type", "意向关联类型"),
    "The expected close date cannot be in the past.": ("The expected close date cannot be in the past.", "预计成交日期不能早于今天。"),
    "Choose a reported or associated customer, or report a new one.": (
        "Choose a reported or associated customer, or report a new one.", "请选择已报备或已关联的客户，或报备新客户。"),
    "Enter an opportunity name (at least 2 characters).": ("Enter an opportunity name (at least 2 characters).",
                                                           "请输入商机名称（至少 2 个字符）。"),
    "Enter an amount.": ("Enter an amount.", "请输入金额。"),
    "Enter a date as YYYY-MM-DD.": ("Enter a date as YYYY-MM-DD.", "请按 YYYY-MM-DD 输入日期。"),
    "Name the products the customer needs.": ("Name the products the customer needs.", "请填写客户需要的产品。"),
    "Choose a deployment region.": ("Choose a deployment region.", "请选择部署区域。"),
})

STEP_KEYS = ["wiz.step1", "wiz.step2", "wiz.step3"]
INLINE_FIELDS = ("name", "account_name", "mobile", "email", "association_type")


class WizardState(AuthState):
    step: int = 1
    data: dict[str, str] = {}
    customer_options: list[list[str]] = []
    region_options: list[list[str]] = [[r, r] for r in opportunities.DEPLOYMENT_REGIONS]
    source: str = ""
    source_kind: str = ""  # task | lead
    needs_report: bool = False
    customer_label: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    ready: bool = False
    form_key: int = 0  # remounts the step's uncontrolled inputs when the draft changes
    busy: bool = False
    inline_open: bool = False
    inline_errors: dict[str, str] = {}
    check_message: str = ""
    check_ok: bool = False
    # what the user types into the inline report (their own input; nothing fetched from the server)
    in_name: str = ""
    in_account: str = ""
    in_mobile: str = ""

    def _apply(self, v) -> None:
        self.step, self.data = v.step, dict(v.data)
        self.customer_options = [[i, label] for i, label in v.customers]
        self.source = v.source
        self.source_kind = "task" if v.task_id else ("lead" if v.lead_id else "")
        self.needs_report, self.customer_label = v.needs_report, v.customer_label
        self.form_key += 1
        self.ready = True

    def _field_errors(self, e: errors.InvalidInput) -> None:
        fields = getattr(e, "errors", None) or {e.field: e.message}
        self.errors = {k: self._t(v) for k, v in fields.items()}
        self.message = self._t("wiz.invalid") + " " + e.message

    @rx.event
    async def load(self):
        self.errors, self.message, self.inline_open, self.inline_errors = {}, "", False, {}
        self.check_message, self.check_ok, self.ready = "", False, False
        q = self.router.url.query_parameters
        try:
            v = await self._call(opportunities.start_draft, task_id=q.get("task"), lead_id=q.get("lead"),
                                 step=q.get("step"))
        except errors.DomainError as e:
            self.ready = True
            self.message = self._t(e.message)
            return rx.toast.error(self._t(e.message))
        self._apply(v)
        if q.get("task") or q.get("lead"):  # the draft is saved; a reload continues it instead of restarting
            return rx.call_script(f"window.history.replaceState(null, '', '{routes.NEW_OPPORTUNITY}')")

    async def _save(self, step: int, form: dict, advance: bool):
        self.errors, self.message = {}, ""
        values = {k: str(form.get(k, "") or "")[:2100] for k in opportunities.STEP_FIELDS[step]}
        try:
            v = await self._call(opportunities.save_step, step=step, values=values, advance=advance)
        except errors.InvalidInput as e:
            self._field_errors(e)
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._apply(v)

    @rx.event
    async def next_from_1(self, form: dict):
        return await self._save(1, form, True)

    @rx.event
    async def next_from_2(self, form: dict):
        return await self._save(2, form, True)

    @rx.event
    async def back_to(self, step: int):
        self.errors, self.message = {}, ""
        try:
            v = await self._call(opportunities.go_to_step, step=int(step))
        except (errors.DomainError, ValueError, TypeError):
            return
        self._apply(v)

    async def _finish(self, as_draft: bool):
        if self.busy:
            return
        self.busy, self.errors, self.message = True, {}, ""
        try:
            opp_id = await self._call(opportunities.submit_draft, as_draft=as_draft)
        except opportunities.StepInvalid as e:
            v = await self._call(opportunities.go_to_step, step=e.step)
            self._apply(v)
            self._field_errors(e)
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        finally:
            self.busy = False
        return [rx.toast.success(self._t("wiz.saved" if as_draft else "wiz.created")),
                rx.redirect(routes.opportunity(opp_id))]

    @rx.event
    async def submit(self):
        return await self._finish(False)

    @rx.event
    async def save_as_draft(self):
        return await self._finish(True)

    @rx.event
    async def discard(self):
        await self._call(opportunities.discard_draft)
        return rx.redirect(routes.OPPORTUNITIES)

    # ---- inline report (step 1)
    @rx.event
    def toggle_inline(self):
        self.inline_open = not self.inline_open
        self.inline_errors, self.check_message, self.check_ok = {}, "", False

    @rx.event
    def set_in_name(self, value: str):
        self.in_name, self.check_message = str(value or "")[:120], ""

    @rx.event
    def set_in_account(self, value: str):
        self.in_account, self.check_message = str(value or "")[:60], ""

    @rx.event
    def set_in_mobile(self, value: str):
        self.in_mobile, self.check_message = str(value or "")[:30], ""

    @rx.event
    async def inline_check(self):
        self.inline_errors, self.check_message = {}, ""
        data = {"name": self.in_name, "account_name": self.in_account, "mobile": self.in_mobile}
        try:
            result = await self._call(opportunities.conflict_check, **data)
        except errors.InvalidInput as e:
            self.inline_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.check_message, self.check_ok = self._t(result.reason), result.ok

    @rx.event
    async def inline_report(self, form: dict):
        self.inline_errors = {}
        data = {k: str(form.get(k, "") or "")[:300] for k in INLINE_FIELDS}
        data.update(name=self.in_name, account_name=self.in_account, mobile=self.in_mobile)
        try:
            v = await self._call(opportunities.report_inline, form=data)
        except errors.InvalidInput as e:
            self.inline_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return self._after_report(v)

    @rx.event
    async def report_source(self):
        try:
            v = await self._call(opportunities.report_source_customer)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return self._after_report(v)

    def _after_report(self, v):
        self._apply(v)
        self.inline_open = False
        self.in_name = self.in_account = self.in_mobile = ""
        if v.data.get("customer_id"):
            return rx.toast.success(self._t("wiz.reported"))
        return rx.toast.info(self._t("wiz.in_review"))


# ---------------------------------------------------------------- steps
def _buttons(*children) -> rx.Component:
    return rx.hstack(
        rx.button(t("wiz.discard"), variant="ghost", color_scheme="gray", type="button", on_click=WizardState.discard),
        rx.spacer(), *children, width="100%", align="center", spacing="3",
    )


def inline_report() -> rx.Component:
    errs = WizardState.inline_errors
    types = rx.radio_group.root(
        rx.hstack(*[rx.el.label(rx.radio_group.item(value=v, id=f"wtype-{v}"), t(f"ce.type.{v}"), html_for=f"wtype-{v}",
                                style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                       "font_size": "var(--font-size-2)"})
                    for v in customers.ASSOCIATION_TYPES], spacing="4"),
        name="association_type", default_value="referral", aria_labelledby="wtype-label",
    )
    def controlled(label_key, name, value, on_change, type_="text"):
        ident = f"f-in-{name}"
        return rx.vstack(
            label(label_key, ident, True),
            rx.input(id=ident, name=f"in_{name}", type=type_, value=value, on_change=on_change, width="100%", auto_complete="off",
                     aria_describedby=f"{ident}-msg"),
            rx.text(rx.cond(errs.contains(name), errs[name], ""), id=f"{ident}-msg", color_scheme="red", size="1",
                    role=rx.cond(errs.contains(name), "alert", "none"),
                    display=rx.cond(errs.contains(name), "block", "none")),
            spacing="1", width="100%", align="stretch")

    fields = rx.grid(
        controlled("rc.name", "name", WizardState.in_name, WizardState.set_in_name),
        controlled("rc.account", "account_name", WizardState.in_account, WizardState.set_in_account),
        controlled("rc.mobile", "mobile", WizardState.in_mobile, WizardState.set_in_mobile, "tel"),
        rx.vstack(label("rc.email", "f-in-email"),
                  rx.input(id="f-in-email", name="email", type="email", width="100%", auto_complete="off"),
                  rx.text(rx.cond(errs.contains("email"), errs["email"], ""), color_scheme="red", size="1"),
                  spacing="1", width="100%", align="stretch"),
        columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
    )
    return rx.box(
        rx.form(
            rx.vstack(
                rx.heading(t("wiz.report_new"), size="3", as_="h3"),
                rx.text(t("wiz.report_hint"), size="2", color_scheme="gray"),
                fields,
                rx.vstack(rx.text(t("wiz.type"), id="wtype-label", size="2", weight="medium"), types, spacing="1"),
                rx.cond(WizardState.check_message != "",
                        rx.callout(WizardState.check_message, icon="info",
                                   color_scheme=rx.cond(WizardState.check_ok, "green", "red"), high_contrast=True, width="100%",
                                   role="status")),
                rx.hstack(
                    rx.button(rx.icon("search-check", size=16), t("wiz.check"), type="button", variant="soft", high_contrast=True,
                              on_click=WizardState.inline_check),
                    rx.button(t("wiz.report"), type="submit"),
                    justify="end", spacing="3", width="100%",
                ),
                spacing="3", width="100%",
            ),
            on_submit=WizardState.inline_report, reset_on_submit=False, width="100%",
        ),
        padding="1rem", border="1px solid var(--gray-5)", border_radius="var(--radius-3)", width="100%",
    )


def step1() -> rx.Component:
    d, errs = WizardState.data, WizardState.errors
    return rx.vstack(
        rx.cond(WizardState.needs_report,
                rx.callout.root(
                    rx.callout.icon(rx.icon("user-plus", size=16)),
                    rx.hstack(
                        rx.callout.text(rx.cond(WizardState.source_kind == "task", t("wiz.needs_report_task"),
                                                t("wiz.needs_report_lead"))),
                        rx.spacer(),
                        rx.cond(WizardState.source_kind == "task",
                                rx.button(t("wiz.report_source"), size="1", on_click=WizardState.report_source),
                                rx.button(t("wiz.report_new"), size="1", variant="soft", high_contrast=True, on_click=WizardState.toggle_inline)),
                        width="100%", align="center", wrap="wrap", spacing="3",
                    ),
                    color_scheme="amber", high_contrast=True, width="100%", role="status",
                )),
        rx.form(
            rx.vstack(
                select_field("wiz.customer", "customer_id", errs, foreach=WizardState.customer_options,
                             default_value=d["customer_id"], required=True),
                rx.text(rx.cond(WizardState.customer_options.length() > 0, t("wiz.customer_hint"), t("wiz.no_customers")),
                        size="1", color_scheme="gray"),
                form_field("wiz.name", "name", errs, required=True, default_value=d["name"], autocomplete="off"),
                rx.grid(
                    form_field("wiz.amount", "amount", errs, required=True, default_value=d["amount"],
                               placeholder="120000.00", autocomplete="off"),
                    select_field("wiz.currency", "currency", errs, [(c, c) for c in money.CURRENCIES],
                                 default_value=rx.cond(d["currency"] != "", d["currency"], "CNY"), required=True),
                    form_field("wiz.close_date", "close_date", errs, type_="date", required=True,
                               default_value=d["close_date"]),
                    columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
                ),
                _buttons(rx.button(t("common.next"), rx.icon("arrow-right", size=16), type="submit")),
                spacing="3", width="100%",
            ),
            on_submit=WizardState.next_from_1, reset_on_submit=False, width="100%", key=WizardState.form_key.to(str),
        ),
        rx.cond(~WizardState.needs_report | (WizardState.source_kind == "lead"),
                rx.button(rx.cond(WizardState.inline_open, rx.icon("chevron-up", size=14), rx.icon("chevron-down", size=14)),
                          t("wiz.report_new"), variant="ghost", size="2", on_click=WizardState.toggle_inline,
                          type="button", aria_expanded=rx.cond(WizardState.inline_open, "true", "false"))),
        rx.cond(WizardState.inline_open, inline_report()),
        spacing="3", width="100%",
    )


def step2() -> rx.Component:
    d, errs = WizardState.data, WizardState.errors
    return rx.form(
        rx.vstack(
            form_field("wiz.products", "products", errs, required=True, default_value=d["products"],
                       hint_key="wiz.products_hint", autocomplete="off"),
            select_field("wiz.region", "region", errs, foreach=WizardState.region_options, default_value=d["region"],
                         required=True),
            form_field("wiz.competitors", "competitors", errs, default_value=d["competitors"], autocomplete="off"),
            textarea_field("wiz.description", "description", errs, default_value=d["description"], rows="4"),
            _buttons(
                rx.button(rx.icon("arrow-left", size=16), t("common.back"), variant="soft", color_scheme="gray",
                          type="button", on_click=WizardState.back_to(1)),
                rx.button(t("common.next"), rx.icon("arrow-right", size=16), type="submit"),
            ),
            spacing="3", width="100%",
        ),
        on_submit=WizardState.next_from_2, reset_on_submit=False, width="100%", key=WizardState.form_key.to(str),
    )


def _row(label_key: str, value) -> rx.Component:
    return rx.el.div(
        rx.el.dt(t(label_key), style={"color": "var(--gray-11)", "font_size": "var(--font-size-2)"}),
        rx.el.dd(rx.cond(value != "", value, "—"), style={"margin": "0", "font_size": "var(--font-size-2)",
                                                           "font_weight": "500", "white_space": "pre-wrap"}),
        style={"display": "grid", "grid_template_columns": "12rem 1fr", "gap": "1rem", "padding": "0.5rem 0",
               "border_bottom": "1px solid var(--gray-4)"},
    )


def step3() -> rx.Component:
    d = WizardState.data
    return rx.vstack(
        rx.text(t("wiz.confirm_hint"), size="2", color_scheme="gray"),
        rx.el.dl(
            _row("wiz.customer", WizardState.customer_label),
            _row("wiz.name", d["name"]),
            _row("wiz.amount", d["currency"] + " " + d["amount"]),
            _row("wiz.close_date", d["close_date"]),
            _row("wiz.products", d["products"]),
            _row("wiz.region", d["region"]),
            _row("wiz.competitors", d["competitors"]),
            _row("wiz.description", d["description"]),
            style={"margin": "0", "width": "100%"},
        ),
        _buttons(
            rx.button(rx.icon("arrow-left", size=16), t("common.back"), variant="soft", color_scheme="gray",
                      type="button", on_click=WizardState.back_to(2)),
            rx.button(t("wiz.save_draft"), variant="soft", high_contrast=True, type="button", on_click=WizardState.save_as_draft,
                      disabled=WizardState.busy),
            rx.button(rx.icon("send", size=16), t("common.submit"), type="button", on_click=WizardState.submit,
                      loading=WizardState.busy),
        ),
        spacing="3", width="100%",
    )


@page(routes.NEW_OPPORTUNITY, "Create Opportunity", perm="sales", on_load=WizardState.load)
def opportunity_wizard_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.opportunities", "wiz.title"),
        page_header("wiz.title"),
        rx.cond(WizardState.source != "",
                rx.text(t("wiz.from"), ": ", WizardState.source, size="2", color_scheme="gray")),
        card(
            wizard_steps(STEP_KEYS, WizardState.step),
            rx.cond(WizardState.message != "",
                    rx.callout(WizardState.message, icon="triangle-alert", color_scheme="red", role="alert", width="100%")),
            rx.heading(rx.match(WizardState.step, (1, t("wiz.step1")), (2, t("wiz.step2")), t("wiz.step3")),
                       size="4", as_="h2", margin_top="0.5rem"),
            rx.cond(~WizardState.ready, rx.center(rx.spinner(), padding="2rem", width="100%"),
                    rx.match(WizardState.step, (1, step1()), (2, step2()), step3())),
        ),
        spacing="4", width="100%", max_width="56rem",
    )
