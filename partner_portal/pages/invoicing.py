"""The invoicing list (one page for MDF, FH and other incentives): payee, lines and total in the settlement
currency, the platform's mailing address and public mailbox, invoice type, Invoice number, Print, Submit."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import card, status_badge, t
from partner_portal.domain import errors, invoicing
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "inv.title": ("Invoicing List", "开票清单"),
    "inv.back": ("Back to Application Records", "返回申请记录"),
    "inv.print": ("Print", "打印"),
    "inv.submit": ("Submit", "提交"),
    "inv.number": ("Invoice number", "发票号码"),
    "inv.number_hint": ("8 to 24 letters, digits or dashes, exactly as printed on the invoice.",
                        "8 至 24 位字母、数字或短横线，与发票上印刷的一致。"),
    "inv.type": ("Invoice type", "发票类型"),
    "inv.type.paper": ("Paper invoice", "纸质发票"),
    "inv.type.e_special_vat": ("Electronic special VAT invoice", "电子专票"),
    "inv.do.paper": ("Print this invoicing list and mail it together with the paper invoice to the mailing address.",
                     "打印本开票清单，与纸质发票一并邮寄至邮寄地址。"),
    "inv.do.e_special_vat": ("E-mail the electronic special VAT invoice together with this invoicing list "
                             "(print it to PDF) to the public mailbox.",
                             "将电子专票与本开票清单（打印为 PDF）一并发送至公共邮箱。"),
    "inv.payee": ("Payee", "收款方"),
    "inv.payee_reg": ("Registration no.", "统一社会信用代码"),
    "inv.payee_addr": ("Address", "地址"),
    "inv.source": ("Application", "申请"),
    "inv.created": ("Issued at", "生成时间"),
    "inv.due": ("Invoice due by", "开票截止日期"),
    "inv.overdue": ("overdue", "已逾期"),
    "inv.currency": ("Settlement currency", "结算币种"),
    "inv.col.no": ("No.", "序号"),
    "inv.col.description": ("Description", "说明"),
    "inv.col.amount": ("Amount", "金额"),
    "inv.total": ("Total", "合计"),
    "inv.mail_to": ("Mailing address", "邮寄地址"),
    "inv.mailbox": ("Public mailbox", "公共邮箱"),
    "inv.send": ("Send your invoice", "寄送发票"),
    "inv.rejected": ("The platform rejected your invoice. Correct it as the review comments say and resubmit:",
                     "平台驳回了您的发票。请按审核意见修改后重新提交："),
    "inv.submitted_note": ("Your invoice was submitted and is being reviewed by the platform.", "发票已提交，平台审核中。"),
    "inv.paid_note": ("The invoice was approved and the payment released.", "发票已审核通过，款项已支付。"),
    "inv.history": ("Submission history", "提交记录"),
    "inv.h.number": ("Invoice number", "发票号码"),
    "inv.h.type": ("Type", "类型"),
    "inv.h.at": ("Submitted at", "提交时间"),
    "inv.h.result": ("Result", "结果"),
    "inv.h.comment": ("Review comment", "审核意见"),
    "inv.done": ("Invoice submitted. The platform will review it.", "发票已提交，等待平台审核。"),
    "inv.missing": ("This invoicing list does not exist or is not yours.", "该开票清单不存在或不属于您。"),
    "inv.number_print": ("Invoice number:", "发票号码："),
    "queue.invoices": ("Invoices", "发票"),
})


class InvoicingState(AuthState):
    inv: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    missing: str = ""
    invoice_type: str = "paper"
    invoice_number: str = ""
    errors: dict[str, str] = {}
    busy: bool = False

    def _list_id(self) -> int:
        tail = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    def _apply(self, view: invoicing.InvoicingView):
        d = view.as_dict()
        self.lines, self.history = d.pop("lines"), d.pop("history")
        self.inv = {k: (("1" if v else "") if isinstance(v, bool) else str(v)) for k, v in d.items()}
        self.invoice_type = view.invoice_type
        self.invoice_number = view.invoice_number

    @rx.event
    async def load(self):
        self.errors, self.missing, self.inv, self.lines, self.history = {}, "", {}, [], []
        try:
            view = await self._call(invoicing.get_list, list_id=self._list_id())
        except errors.PermissionDenied:
            self.missing = "no_access"
            return
        except errors.DomainError:
            self.missing = "missing"
            return
        self._apply(view)

    @rx.event
    def set_invoice_type(self, value: str):
        if value in invoicing.INVOICE_TYPES:
            self.invoice_type = value

    @rx.event
    def set_invoice_number(self, value: str):
        self.invoice_number = (value or "")[:40]

    @rx.event
    async def submit(self):
        self.errors = {}
        try:
            view = await self._call(invoicing.submit_invoice, list_id=self._list_id(), invoice_type=self.invoice_type,
                                    invoice_number=self.invoice_number)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._apply(view)
        return rx.toast.success(self._t("inv.done"))


S = InvoicingState


def _kv(label_key: str, value, **props) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key), min_width="9rem"), rx.data_list.value(value, **props))


def _type_label(value) -> rx.Component:
    return rx.match(value, ("paper", t("inv.type.paper")), ("e_special_vat", t("inv.type.e_special_vat")), value)


def printable() -> rx.Component:
    """The list itself: the only part that goes on paper."""
    return card(
        rx.hstack(
            rx.vstack(
                rx.heading(t("inv.title"), " #", S.inv["id"], size="5", as_="h2"),
                rx.text(S.inv["title"], size="3", weight="medium"),
                spacing="1",
            ),
            rx.spacer(),
            rx.box(status_badge(S.inv["status"]), class_name="no-print"),
            align="start", width="100%",
        ),
        rx.grid(
            rx.data_list.root(
                _kv("inv.payee", rx.text(S.inv["payee"], weight="bold")),
                _kv("inv.payee_reg", S.inv["payee_registration_no"]),
                _kv("inv.payee_addr", S.inv["payee_address"]),
                _kv("inv.currency", S.inv["currency"]),
                size="2",
            ),
            rx.data_list.root(
                _kv("inv.source", S.inv["source_ref"]),
                _kv("inv.created", S.inv["created_at"]),
                _kv("inv.due", rx.hstack(rx.text(S.inv["due_date"]),
                                         rx.cond(S.inv["overdue"] != "", rx.badge(t("inv.overdue"), color_scheme="red", variant="solid")),
                                         spacing="2")),
                _kv("inv.type", _type_label(S.invoice_type)),
                _kv("inv.number", rx.text(rx.cond(S.invoice_number != "", S.invoice_number, "________________"),
                                          font_family="var(--code-font-family)")),
                size="2",
            ),
            columns=rx.breakpoints(initial="1", md="2"), spacing="5", width="100%",
        ),
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell(t("inv.col.no"), width="4rem"),
                rx.table.column_header_cell(t("inv.col.description")),
                rx.table.column_header_cell(t("inv.col.amount"), text_align="right"),
            )),
            rx.table.body(
                rx.foreach(S.lines, lambda ln: rx.table.row(
                    rx.table.cell(ln["no"]), rx.table.cell(ln["description"]),
                    rx.table.cell(ln["amount"], text_align="right", white_space="nowrap",
                                  font_variant_numeric="tabular-nums"),
                )),
                rx.table.row(
                    rx.table.cell(""),
                    rx.table.cell(rx.text(t("inv.total"), weight="bold")),
                    rx.table.cell(rx.text(S.inv["total"], weight="bold"), text_align="right", white_space="nowrap",
                                  font_variant_numeric="tabular-nums"),
                ),
            ),
            variant="surface", size="2", width="100%",
        ),
        rx.hstack(
            rx.icon("mail", size=18, color="var(--gray-11)", flex_shrink="0", margin_top="2px"),
            rx.vstack(
                rx.text(rx.text.strong(t("inv.mail_to"), ": "), S.inv["mailing_address"], size="2"),
                rx.text(rx.text.strong(t("inv.mailbox"), ": "),
                        rx.link(S.inv["mailbox"], href="mailto:" + S.inv["mailbox"], high_contrast=True,
                                underline="always"), size="2"),
                rx.text(rx.cond(S.invoice_type == "paper", t("inv.do.paper"), t("inv.do.e_special_vat")), size="2"),
                spacing="1",
            ),
            spacing="3", align="start", width="100%", padding="0.75rem 1rem", border="1px solid var(--gray-6)",
            border_radius="var(--radius-3)", background="var(--gray-2)",
        ),
        class_name="invoicing-list",
    )


def _type_choice(value: str) -> rx.Component:
    return rx.el.label(
        rx.radio_group.item(value=value, id=f"inv-type-{value}"),
        rx.vstack(rx.text(t(f"inv.type.{value}"), size="2", weight="medium"),
                  rx.text(t(f"inv.do.{value}"), size="1", color_scheme="gray"), spacing="0"),
        html_for=f"inv-type-{value}",
        style={"display": "flex", "gap": "0.6rem", "align_items": "flex-start", "cursor": "pointer"},
    )


def send_form() -> rx.Component:
    has_error = S.errors.contains("invoice_number")
    return card(
        rx.heading(t("inv.send"), size="4", as_="h2"),
        rx.cond(S.inv["status"] == "rejected",
                rx.callout.root(rx.callout.icon(rx.icon("circle-alert", size=16)),
                                rx.callout.text(t("inv.rejected"), " ", rx.text.strong(S.inv["review_comment"])),
                                color_scheme="red", width="100%", role="alert", high_contrast=True)),
        rx.el.fieldset(
            rx.el.legend(t("inv.type"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                               "margin_bottom": "0.4rem"}),
            rx.radio_group.root(
                rx.vstack(_type_choice("paper"), _type_choice("e_special_vat"), spacing="3"),
                value=S.invoice_type, on_change=S.set_invoice_type, aria_label=t("inv.type"),
            ),
            style={"border": "none", "padding": "0", "margin": "0"},
        ),
        rx.vstack(
            rx.el.label(t("inv.number"), html_for="f-invoice_number",
                        style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
            rx.input(id="f-invoice_number", value=S.invoice_number, on_change=S.set_invoice_number,
                     aria_invalid=rx.cond(has_error, "true", "false"), aria_describedby="f-invoice_number-msg",
                     max_width="22rem", width="100%", auto_complete="off"),
            rx.text(rx.cond(has_error, S.errors["invoice_number"], t("inv.number_hint")), id="f-invoice_number-msg",
                    color_scheme=rx.cond(has_error, "red", "gray"), size="1", role=rx.cond(has_error, "alert", "none")),
            spacing="1", width="100%",
        ),
        rx.cond(S.errors.contains("invoice_type"),
                rx.text(S.errors["invoice_type"], color_scheme="red", size="1", role="alert")),
        rx.hstack(rx.button(rx.icon("send", size=16), t("inv.submit"), on_click=S.submit), justify="end", width="100%"),
        class_name="no-print",
    )


def history() -> rx.Component:
    return card(
        rx.heading(t("inv.history"), size="4", as_="h2"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in
                                           ("inv.h.number", "inv.h.type", "inv.h.at", "inv.h.result", "inv.h.comment")])),
            rx.table.body(rx.foreach(S.history, lambda h: rx.table.row(
                rx.table.cell(rx.text(h["invoice_number"], font_family="var(--code-font-family)")),
                rx.table.cell(_type_label(h["invoice_type"])),
                rx.table.cell(h["submitted_at"]),
                rx.table.cell(status_badge(h["result"])),
                rx.table.cell(h["review_comment"]),
            ))),
            variant="surface", size="1", width="100%",
        ),
        class_name="no-print",
    )


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("shield-x", size=40, color="var(--red-9)"),
            rx.heading(rx.cond(S.missing == "no_access", t("nav.no_access"), t("inv.missing")), size="5"),
            rx.link(t("nav.home"), href="/"),
            align="center", spacing="3",
        ),
        padding_y="4rem", width="100%",
    )


@page(routes.INVOICING + "/[list_id]", "Invoicing List", on_load=InvoicingState.load)
def invoicing_page() -> rx.Component:
    return rx.cond(
        S.missing != "",
        _not_found(),
        rx.cond(
            S.inv.contains("id"),
            rx.vstack(
                rx.hstack(
                    rx.link(rx.hstack(rx.icon("arrow-left", size=14), t("inv.back"), spacing="1", align="center"),
                            href=routes.INCENTIVES, size="2"),
                    rx.spacer(),
                    rx.button(rx.icon("printer", size=16), t("inv.print"), variant="soft", on_click=rx.call_script("window.print()")),
                    width="100%", align="center", class_name="no-print",
                ),
                printable(),
                rx.cond(S.inv["can_submit"] != "", send_form(),
                        rx.cond(AuthState.role != "manager",
                                rx.callout(rx.cond(S.inv["status"] == "paid", t("inv.paid_note"), t("inv.submitted_note")),
                                           icon="info", color_scheme=rx.cond(S.inv["status"] == "paid", "green", "blue"), high_contrast=True,
                                           width="100%", class_name="no-print"))),
                rx.cond(S.history.length() > 0, history()),
                spacing="4", width="100%", max_width="60rem", margin_x="auto",
            ),
            rx.center(rx.spinner(size="3"), padding_y="4rem", width="100%"),
        ),
    )
