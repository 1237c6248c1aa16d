"""Account Center › Invoice Management › Manage Invoice Information (the Invoice Information Management panel)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, t
from partner_portal.domain import errors, invoice_info
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "ii.title": ("Invoice Management", "发票管理"),
    "ii.subtitle": ("The invoice information the platform uses for your invoices.", "平台为您开具发票时使用的发票信息。"),
    "ii.manage": ("Manage Invoice Information", "管理发票信息"),
    "ii.manage_title": ("Invoice Information Management", "发票信息管理"),
    "ii.rule": ("Since 2020-08-01 each account may have only one valid invoice information, and it may not be changed at "
                "will: bank, bank account, address and phone can be edited; a new title or taxpayer ID is reviewed by "
                "the platform first. Accounts that already had several may keep them but cannot add more.",
                "自 2020-08-01 起，每个账号默认只能有一条有效发票信息，且不可随意修改：开户银行、银行账号、地址和电话可直接修改；"
                "修改发票抬头或纳税人识别号需经平台审核。已有多条的账号可保留，但不能再新增。"),
    "ii.add": ("Add Invoice Information", "新增发票信息"),
    "ii.edit": ("Edit", "编辑"),
    "ii.edit_title": ("Edit invoice information", "编辑发票信息"),
    "ii.none": ("You have no invoice information yet. Add it once; it is used for every invoice.",
                "您还没有发票信息。添加一次即可用于所有发票。"),
    "ii.f.title": ("Invoice title", "发票抬头"),
    "ii.f.taxpayer_id": ("Taxpayer ID", "纳税人识别号"),
    "ii.f.bank": ("Bank", "开户银行"),
    "ii.f.bank_account": ("Bank account", "银行账号"),
    "ii.f.address": ("Address", "地址"),
    "ii.f.phone": ("Phone", "电话"),
    "ii.account_hint": ("Leave empty to keep the current account number.", "留空则保留当前账号。"),
    "ii.review_note": ("Changing the title or taxpayer ID is reviewed by the platform; until it is approved the current "
                       "ones stay in force. Bank, account, address and phone change at once.",
                       "修改发票抬头或纳税人识别号需平台审核，审核通过前仍使用当前信息。开户银行、账号、地址和电话立即生效。"),
    "ii.pending": ("Change under review:", "审核中的修改："),
    "ii.rejected": ("The platform rejected the change of title / taxpayer ID:", "平台驳回了发票抬头/纳税人识别号的修改："),
    "ii.saved": ("Invoice information saved.", "发票信息已保存。"),
    "ii.sent_review": ("Saved. The new title / taxpayer ID was sent to the platform for review.",
                       "已保存。新的发票抬头/纳税人识别号已提交平台审核。"),
    "ii.added": ("Invoice information added.", "发票信息已添加。"),
    "ii.legacy": ("Your account was created before 2020-08-01: you keep the invoice informations you have.",
                  "您的账号创建于 2020-08-01 之前：可保留已有的多条发票信息。"),
    "ii.count": ("Valid invoice informations:", "有效发票信息："),
    invoice_info.ONE_INFO_MESSAGE: (invoice_info.ONE_INFO_MESSAGE, "每个账号只能有一条有效发票信息，请编辑现有信息。"),
    invoice_info.LEGACY_MESSAGE: (invoice_info.LEGACY_MESSAGE, "2020-08-01 之前创建的账号可保留已有发票信息，但不能再新增。"),
    "queue.invoice-title": ("Invoice title changes", "发票抬头变更"),
})

FIELDS = ("title", "taxpayer_id", "bank", "bank_account", "address", "phone")


class InvoiceInfoState(AuthState):
    infos: list[dict[str, str]] = []
    can_add: bool = False
    legacy: bool = False
    reason: str = ""
    managing: bool = False
    dialog_open: bool = False
    editing: bool = False
    form: dict[str, str] = {}
    form_key: int = 0
    errors: dict[str, str] = {}
    _edit_id: int = 0

    async def _refresh(self):
        s = await self._call(invoice_info.summary)
        self.infos = [i.as_dict() for i in s.infos]
        self.can_add, self.legacy = s.can_add, s.legacy
        self.reason = self._t(s.reason) if s.reason else ""

    @rx.event
    async def load(self):
        self.dialog_open, self.managing = False, False
        try:
            await self._refresh()
        except errors.DomainError:
            self.infos = []

    @rx.event
    def manage(self):
        self.managing = True

    @rx.event
    def open_add(self):
        self.errors, self.editing, self._edit_id = {}, False, 0
        self.form = {k: "" for k in FIELDS}
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def open_edit(self, info_id: str):
        row = next((r for r in self.infos if r["id"] == str(info_id)), None)
        if row is None:
            return
        self.errors, self.editing, self._edit_id = {}, True, int(row["id"])
        self.form = {k: ("" if k == "bank_account" else row[k]) for k in FIELDS}
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def save(self, form: dict):
        self.errors = {}
        data = {k: str(form.get(k, ""))[:300] for k in FIELDS}
        try:
            if self.editing:
                _, to_review = await self._call(invoice_info.update, info_id=self._edit_id, **data)
                message = "ii.sent_review" if to_review else "ii.saved"
            else:
                await self._call(invoice_info.add, **data)
                message = "ii.added"
        except errors.InvalidInput as e:
            self.form = data
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            self.dialog_open = False
            await self._refresh()
            return rx.toast.error(self._t(e.message))
        self.dialog_open = False
        await self._refresh()
        return rx.toast.success(self._t(message))


S = InvoiceInfoState


def _kv(label_key: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key), min_width="9rem"), rx.data_list.value(value))


def info_card(row) -> rx.Component:
    return card(
        rx.hstack(
            rx.heading(row["title"], size="4", as_="h3"),
            rx.spacer(),
            rx.cond(S.managing, rx.button(rx.icon("pencil", size=14), t("ii.edit"), size="1", variant="soft",
                                          on_click=S.open_edit(row["id"]),
                                          aria_label=rx.cond(AuthState.lang == "zh", "编辑 ", "Edit ") + row["title"])),
            align="center", width="100%",
        ),
        rx.data_list.root(
            _kv("ii.f.taxpayer_id", rx.text(row["taxpayer_id"], font_family="var(--code-font-family)")),
            _kv("ii.f.bank", row["bank"]),
            _kv("ii.f.bank_account", rx.text(row["bank_account"], font_family="var(--code-font-family)")),
            _kv("ii.f.address", row["address"]),
            _kv("ii.f.phone", row["phone"]),
            size="2",
        ),
        rx.cond(row["change_status"] == "pending_review",
                rx.callout.root(rx.callout.icon(rx.icon("hourglass", size=16)),
                                rx.callout.text(t("ii.pending"), " ", row["pending_title"], " · ", row["pending_taxpayer_id"]),
                                color_scheme="amber", size="1", width="100%", high_contrast=True)),
        rx.cond(row["change_status"] == "rejected",
                rx.callout.root(rx.callout.icon(rx.icon("circle-alert", size=16)),
                                rx.callout.text(t("ii.rejected"), " ", row["review_comment"]),
                                color_scheme="red", size="1", width="100%", high_contrast=True)),
    )


def info_dialog() -> rx.Component:
    e = S.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing, t("ii.edit_title"), t("ii.add"))),
            rx.dialog.description(t("ii.review_note"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    form_field("ii.f.title", "title", e, required=True, default_value=S.form["title"]),
                    form_field("ii.f.taxpayer_id", "taxpayer_id", e, required=True, default_value=S.form["taxpayer_id"]),
                    form_field("ii.f.bank", "bank", e, default_value=S.form["bank"]),
                    form_field("ii.f.bank_account", "bank_account", e, default_value=S.form["bank_account"],
                               hint_key="ii.account_hint", autocomplete="off"),
                    form_field("ii.f.address", "address", e, default_value=S.form["address"]),
                    form_field("ii.f.phone", "phone", e, type_="tel", default_value=S.form["phone"]),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("common.save"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                on_submit=S.save, key=S.form_key.to(str), width="100%",
            ),
            max_width="32rem",
        ),
        open=S.dialog_open, on_open_change=S.set_dialog_open,
    )


def management() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("ii.manage_title"), size="5", as_="h2"),
            rx.spacer(),
            rx.button(rx.icon("plus", size=16), t("ii.add"), on_click=S.open_add, disabled=~S.can_add,
                      aria_describedby="ii-add-reason"),
            align="center", width="100%",
        ),
        rx.callout(t("ii.rule"), icon="info", color_scheme="blue", size="1", width="100%", high_contrast=True),
        rx.cond(S.reason != "",
                rx.text(S.reason, id="ii-add-reason", size="2", role="status", weight="medium")),
        spacing="3", width="100%",
    )


@page(routes.INVOICE_INFO, "Invoice Management", perm="invoice_info", on_load=InvoiceInfoState.load)
def invoice_info_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.invoice_info"),
        page_header("ii.title", rx.cond(~S.managing, rx.button(rx.icon("settings", size=16), t("ii.manage"),
                                                               on_click=S.manage)),
                    subtitle_key="ii.subtitle"),
        rx.cond(S.managing, management()),
        rx.cond(S.legacy, rx.text(t("ii.legacy"), size="2", color_scheme="gray")),
        rx.cond(S.infos.length() == 0,
                rx.callout(t("ii.none"), icon="info", color_scheme="gray", width="100%", high_contrast=True),
                rx.grid(rx.foreach(S.infos, info_card), columns=rx.breakpoints(initial="1", md="2"), spacing="4",
                        width="100%")),
        info_dialog(),
        spacing="4", width="100%",
    )
