"""Sales › Expand › Lead Management: the lead list and the New lead form.

Marketing Plan 2.0 partners see the word *Anonymised* for mobile and e-mail,
with no eye button; the others get masked values with eye toggles. The small
form helpers at the bottom are shared by the other sales pages.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, leads
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "leads.title": ("Lead Management", "线索管理"),
    "leads.subtitle": ("Leads you found and leads the platform distributed to you. Follow each one up, then convert it "
                       "into an opportunity or close it.", "您自己录入的线索和平台分配的线索。跟进每条线索，转化为商机或关闭。"),
    "leads.new": ("New", "新建"),
    "leads.new_title": ("New lead", "新建线索"),
    "leads.col.name": ("Name", "姓名"),
    "leads.col.company": ("Company", "公司"),
    "leads.col.mobile": ("Mobile", "手机号"),
    "leads.col.email": ("E-mail", "邮箱"),
    "leads.col.source": ("Source", "来源"),
    "leads.col.product": ("Product interest", "意向产品"),
    "leads.col.sla": ("Follow-up SLA", "跟进时限"),
    "leads.col.created": ("Created", "创建时间"),
    "leads.empty": ("No leads yet. Click New to add one.", "暂无线索。点击“新建”添加。"),
    "leads.anonymised_note": ("Your company is in Marketing Plan 2.0: lead phone numbers and e-mails are anonymised. "
                              "Reach a lead with Outbound Call on its detail page.",
                              "贵司已加入营销计划2.0：线索的电话和邮箱已匿名化，请在线索详情页使用“外呼”联系客户。"),
    "leads.created": ("Lead created.", "线索已创建。"),
    "leads.contact_hint": ("Enter a mobile number or an e-mail address (or both).", "请填写手机号或邮箱（至少一项）。"),
    "leads.choose": ("Choose…", "请选择…"),
    **{f"leads.source.{s}": v for s, v in {
        "website": ("Website", "官网"), "event": ("Event", "活动"), "referral": ("Referral", "推荐"),
        "campaign": ("Campaign", "营销活动"), "platform": ("Platform", "平台分配"), "other": ("Other", "其他")}.items()},
    "Anonymised": ("Anonymised", "已匿名"),
    "Enter the lead's name.": ("Enter the lead's name.", "请输入线索姓名。"),
    "Enter a mobile number or an e-mail address.": ("Enter a mobile number or an e-mail address.", "请填写手机号或邮箱。"),
    "Enter a valid e-mail address.": ("Enter a valid e-mail address.", "请输入有效的邮箱地址。"),
    "Enter a phone number of digits (6 to 20), e.g. 13812345678.": (
        "Enter a phone number of digits (6 to 20), e.g. 13812345678.", "请输入 6 到 20 位数字的电话号码，例如 13812345678。"),
    "Lead contacts are anonymised under Marketing Plan 2.0. Use Outbound Call.": (
        "Lead contacts are anonymised under Marketing Plan 2.0. Use Outbound Call.", "营销计划2.0下线索联系方式已匿名化，请使用外呼。"),
})

LEAD_FIELDS = ("name", "company", "mobile", "email", "source", "product_interest")


class LeadsState(ListMixin, AuthState):
    _csv_name: str = "leads.csv"
    anonymised: bool = False
    new_open: bool = False
    errors: dict[str, str] = {}
    busy: bool = False

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = leads.list_leads(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        return Page(rows=[_localised(r.as_dict(), self) for r in page.rows], has_next=page.has_next,
                    has_prev=page.has_prev, first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in leads.export_leads(session, actor=actor, search=self.search,
                                                         status=self.status_filter)]

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return leads.reveal_lead_field(session, actor=actor, lead_id=row_id, field=field)

    @rx.event
    async def load(self):
        self.new_open, self.errors = False, {}
        try:
            self.anonymised = await self._call(leads.is_anonymised)
        except errors.DomainError:
            self.anonymised = False
        return await self._reload()

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open, self.errors = bool(value), {}

    @rx.event
    async def create(self, form: dict):
        if self.busy:
            return
        self.errors = {}
        data = {k: str(form.get(k, "") or "")[:300] for k in LEAD_FIELDS}
        self.busy = True
        try:
            lead_id = await self._call(leads.create_lead, form=data)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        finally:
            self.busy = False
        self.new_open = False
        return [rx.toast.success(self._t("leads.created")), rx.redirect(routes.lead(lead_id))]


def _localised(row: dict, state) -> dict:
    """Words the domain puts into cells, in the viewer's language."""
    row = dict(row)
    for k in ("mobile", "email"):
        if row[k] == leads.ANONYMISED:
            row[k] = state._t(leads.ANONYMISED)
    row["source"] = state._t(f"leads.source.{row['source']}") if row["source"] in leads.SOURCES else row["source"]
    row["sla"] = sla_text(row["sla"], state)
    return row


def sla_text(sla: str, state) -> str:
    if sla == "overdue":
        return "已超时" if state.lang == "zh" else "Overdue"
    if sla == "escalated":
        return "已升级至生态经理" if state.lang == "zh" else "Escalated to ecosystem manager"
    if sla.startswith("due "):
        return ("截止 " if state.lang == "zh" else "Due ") + sla[4:]
    return sla


def _columns(anonymised: bool) -> list[Column]:
    contact = "text" if anonymised else "masked"
    return [
        Column("id", "table.id", "id", sortable=True),
        Column("name", "leads.col.name", "link", link_prefix=routes.LEADS + "/"),
        Column("company", "leads.col.company"),
        Column("mobile", "leads.col.mobile", contact),
        Column("email", "leads.col.email", contact),
        Column("source", "leads.col.source"),
        Column("product_interest", "leads.col.product"),
        Column("status", "table.status", "status"),
        Column("sla", "leads.col.sla"),
        Column("created_at", "leads.col.created", sortable=False),
    ]


# ---------------------------------------------------------------- shared form helpers (sales pages)
def label(key: str, ident: str, required: bool = False) -> rx.Component:
    return rx.el.label(t(key), rx.el.span(" *", style={"color": "var(--red-10)"}) if required else "",
                       html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"})


def error_text(errors_var, name: str) -> rx.Component:
    has = errors_var.contains(name)
    return rx.text(rx.cond(has, errors_var[name], ""), id=f"f-{name}-msg", color_scheme="red", size="1",
                   role=rx.cond(has, "alert", "none"), display=rx.cond(has, "block", "none"))


def select_field(label_key: str, name: str, errors_var, items: list[tuple[str, str]] | None = None, *,
                 foreach=None, default_value=None, required: bool = False) -> rx.Component:
    """A labelled Radix select read by the form (``name``); items are (value, catalogue key) or a foreach Var of
    [value, label] pairs."""
    ident = f"f-{name}"
    content = (rx.select.content(rx.foreach(foreach, lambda o: rx.select.item(o[1], value=o[0])))
               if foreach is not None else rx.select.content(*[rx.select.item(t(k), value=v) for v, k in items]))
    root_kw = {"name": name}
    if default_value is not None:
        root_kw["default_value"] = default_value
    return rx.vstack(
        label(label_key, ident, required),
        rx.select.root(rx.select.trigger(id=ident, placeholder=t("leads.choose"), width="100%",
                                         aria_describedby=f"{ident}-msg"), content, **root_kw),
        error_text(errors_var, name),
        spacing="1", width="100%", align="stretch",
    )


def textarea_field(label_key: str, name: str, errors_var, *, default_value="", rows: str = "3",
                   max_length: int = 2000) -> rx.Component:
    ident = f"f-{name}"
    return rx.vstack(
        label(label_key, ident),
        rx.text_area(id=ident, name=name, rows=rows, width="100%", max_length=max_length, default_value=default_value,
                     aria_describedby=f"{ident}-msg"),
        error_text(errors_var, name),
        spacing="1", width="100%", align="stretch",
    )


def lead_form_fields(errors_var, *, with_source: bool = True) -> list[rx.Component]:
    fields = [
        form_field("leads.col.name", "name", errors_var, required=True, autocomplete="off"),
        form_field("leads.col.company", "company", errors_var, autocomplete="off"),
        form_field("leads.col.mobile", "mobile", errors_var, type_="tel", hint_key="leads.contact_hint",
                   autocomplete="off"),
        form_field("leads.col.email", "email", errors_var, type_="email", autocomplete="off"),
    ]
    if with_source:
        fields.append(select_field("leads.col.source", "source", errors_var,
                                   [(s, f"leads.source.{s}") for s in leads.SOURCES if s != "platform"],
                                   default_value="website"))
    fields.append(form_field("leads.col.product", "product_interest", errors_var, autocomplete="off"))
    return fields


def new_lead_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), t("leads.new"), size="2")),
        rx.dialog.content(
            rx.dialog.title(t("leads.new_title")),
            rx.dialog.description(t("leads.contact_hint"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.grid(*lead_form_fields(LeadsState.errors), columns=rx.breakpoints(initial="1", sm="2"),
                            spacing="3", width="100%"),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("common.save"), type="submit", loading=LeadsState.busy),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="4", width="100%", margin_top="1rem",
                ),
                on_submit=LeadsState.create, reset_on_submit=False, width="100%",
            ),
            max_width="40rem",
        ),
        open=LeadsState.new_open, on_open_change=LeadsState.set_new_open,
    )


@page(routes.LEADS, "Lead Management", perm="sales", on_load=LeadsState.load)
def leads_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.leads"),
        page_header("leads.title", new_lead_dialog(), subtitle_key="leads.subtitle"),
        rx.cond(LeadsState.anonymised,
                rx.callout.root(rx.callout.icon(rx.icon("shield-check", size=16)),
                                rx.callout.text(t("leads.anonymised_note")), color_scheme="blue", high_contrast=True,
                                width="100%")),
        rx.cond(
            LeadsState.anonymised,
            data_table(LeadsState, _columns(True), empty_key="leads.empty", statuses=leads.LEAD_STATUSES),
            data_table(LeadsState, _columns(False), empty_key="leads.empty", statuses=leads.LEAD_STATUSES),
        ),
        spacing="4", width="100%",
    )
