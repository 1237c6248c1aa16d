"""`/sales/leads/<id>`: one lead with its history, calls and notes; Outbound Call through the platform's bridge."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import FIELD_LABELS, breadcrumb, card, empty_state, status_badge, t
from partner_portal.domain import callbridge, errors, leads
from partner_portal.layout import page
from partner_portal.pages.leads import error_text, label, sla_text
from partner_portal.state.auth import AuthState

i18n.add({
    "ld.title": ("Lead", "线索"),
    "ld.back": ("Back to Lead Management", "返回线索管理"),
    "ld.call": ("Outbound Call", "外呼"),
    "ld.call_title": ("Outbound call", "外呼"),
    "ld.calling": ("The platform's call bridge is connecting you with {name}. The number stays hidden.",
                   "平台呼叫桥正在为您接通 {name}，号码全程保密。"),
    "ld.calling_plain": ("The platform's call bridge is connecting you with the lead.", "平台呼叫桥正在为您接通客户。"),
    "ld.outcome": ("How did the call go?", "通话结果"),
    "ld.end_call": ("End call", "结束通话"),
    "ld.call_ended": ("Call logged.", "通话已记录。"),
    "ld.calls": ("Call log", "通话记录"),
    "ld.notes": ("Notes", "备注"),
    "ld.history": ("History", "历史"),
    "ld.add_note": ("Add note", "添加备注"),
    "ld.note": ("Note", "备注"),
    "ld.follow": ("Start following", "开始跟进"),
    "ld.close": ("Close lead", "关闭线索"),
    "ld.close_reason": ("Reason", "原因"),
    "ld.convert": ("Convert to opportunity", "转为商机"),
    "ld.opportunity": ("Opportunity #{id}", "商机 #{id}"),
    "ld.no_calls": ("No calls yet.", "暂无通话。"),
    "ld.no_notes": ("No notes yet.", "暂无备注。"),
    "ld.col.caller": ("Caller", "呼叫人"),
    "ld.col.started": ("Started", "开始时间"),
    "ld.col.duration": ("Duration", "时长"),
    "ld.col.outcome": ("Outcome", "结果"),
    "ld.anonymised": ("Anonymised (Marketing Plan 2.0)", "已匿名（营销计划2.0）"),
    "ld.distributed": ("Distributed by the platform", "平台分配"),
    **{f"ld.kind.{k}": v for k, v in {"created": ("created", "创建"), "status": ("status", "状态"), "note": ("note", "备注"),
                                      "call": ("call", "通话"), "distributed": ("distributed", "分配"),
                                      "escalated": ("escalated", "升级")}.items()},
    **{f"ld.outcome.{o}": v for o, v in {"connected": ("Connected", "已接通"), "no_answer": ("No answer", "无人接听"),
                                         "busy": ("Busy", "占线"), "failed": ("Failed", "失败"),
                                         "in_progress": ("In progress", "通话中")}.items()},
    "Write the note first.": ("Write the note first.", "请先填写备注。"),
    "Give the reason for closing the lead.": ("Give the reason for closing the lead.", "请填写关闭线索的原因。"),
    "You already have a call to this lead in progress. End it first.": (
        "You already have a call to this lead in progress. End it first.", "您与该线索的通话仍在进行中，请先结束。"),
})


class LeadDetailState(AuthState):
    lead: dict[str, str] = {}
    anonymised: bool = False
    can_follow: bool = False
    can_close: bool = False
    can_convert: bool = False
    can_call: bool = False
    opportunity_id: str = ""
    history: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    calls: list[dict[str, str]] = []
    call_id: int = 0  # this viewer's call in progress (its own record id, nothing secret)
    call_open: bool = False
    outcome: str = "connected"
    close_open: bool = False
    errors: dict[str, str] = {}
    missing: str = ""
    revealed: dict[str, str] = {}

    def _lead_id(self) -> int:
        tail = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    async def _refresh(self):
        lead_id = self._lead_id()
        try:
            d = await self._call(leads.lead_detail, lead_id=lead_id)
        except errors.DomainError as e:
            self.lead, self.missing = {}, self._t(e.message)
            return
        self.missing = ""
        row = d.lead.as_dict()
        for k in ("mobile", "email"):
            if row[k] == leads.ANONYMISED:
                row[k] = self._t("ld.anonymised")
        row["sla"] = sla_text(row["sla"], self)
        if row["source"] in leads.SOURCES:
            row["source"] = self._t(f"leads.source.{row['source']}")
        self.lead = row
        self.anonymised, self.can_follow, self.can_close = d.anonymised, d.can_follow, d.can_close
        self.can_convert, self.can_call = d.can_convert, d.can_call
        self.opportunity_id = str(d.opportunity_id or "")
        ev = lambda e: {"kind": self._t(f"ld.kind.{e.kind}"), "text": e.text, "actor": e.actor, "at": e.at}  # noqa: E731
        self.history = [ev(e) for e in d.history]
        self.notes = [ev(e) for e in d.notes]
        self.calls = [{"caller": c.caller, "started": c.started_at, "duration": c.duration,
                       "outcome": self._t(f"ld.outcome.{c.outcome}")} for c in d.calls]
        self.call_id = d.open_call_id or 0
        self.call_open = bool(d.open_call_id)

    @rx.event
    async def load(self):
        self.errors, self.revealed, self.close_open, self.outcome = {}, {}, False, "connected"
        await self._refresh()

    @rx.event
    async def toggle_reveal(self, key: str):
        """The eye toggle for partners outside Marketing Plan 2.0; the domain refuses anonymised leads."""
        if key in self.revealed:
            self.revealed = {k: v for k, v in self.revealed.items() if k != key}
            return
        _, _, field = key.partition(":")
        try:
            value = await self._call(leads.reveal_lead_field, lead_id=self._lead_id(), field=field)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.revealed = {**self.revealed, key: value}

    @rx.event
    async def place_call(self):
        try:
            self.call_id = await self._call(leads.place_call, lead_id=self._lead_id())
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.outcome, self.call_open = "connected", True
        await self._refresh()

    @rx.event
    def set_outcome(self, value: str):
        if value in callbridge.OUTCOMES:
            self.outcome = value

    @rx.event
    def set_call_open(self, value: bool):
        # The dialog closes only by ending the call, so every call gets its outcome.
        if value:
            self.call_open = True

    @rx.event
    async def end_call(self):
        try:
            await self._call(leads.end_call, call_id=self.call_id, outcome=self.outcome)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.call_open, self.call_id = False, 0
        await self._refresh()
        return rx.toast.success(self._t("ld.call_ended"))

    @rx.event
    async def add_note(self, form: dict):
        self.errors = {}
        try:
            await self._call(leads.add_note, lead_id=self._lead_id(), text=str(form.get("note", ""))[:2100])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._refresh()
        return rx.set_value("f-note", "")

    @rx.event
    async def follow(self):
        try:
            await self._call(leads.set_status, lead_id=self._lead_id(), status="following")
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._refresh()

    @rx.event
    def set_close_open(self, value: bool):
        self.close_open, self.errors = bool(value), {}

    @rx.event
    async def close_lead(self, form: dict):
        self.errors = {}
        try:
            await self._call(leads.set_status, lead_id=self._lead_id(), status="closed",
                             reason=str(form.get("reason", ""))[:600])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.close_open = False
        await self._refresh()

    @rx.event
    def convert(self):
        return rx.redirect(f"{routes.NEW_OPPORTUNITY}?lead={self._lead_id()}")


def _contact(field: str) -> rx.Component:
    """Anonymised: plain text, no eye. Otherwise the masked value with its eye toggle."""
    key = LeadDetailState.lead["id"] + ":" + field
    shown = LeadDetailState.revealed.contains(key)
    en, zh = FIELD_LABELS[field]
    name = rx.cond(AuthState.lang == "zh", rx.cond(shown, "隐藏" + zh, "显示" + zh),
                   rx.cond(shown, "Hide " + en, "Show " + en))
    return rx.cond(
        LeadDetailState.anonymised,
        rx.text(LeadDetailState.lead[field], size="2", color_scheme="gray"),
        rx.hstack(
            rx.text(rx.cond(shown, LeadDetailState.revealed[key], LeadDetailState.lead[field]), size="2",
                    font_family="var(--code-font-family)"),
            rx.icon_button(rx.cond(shown, rx.icon("eye-off", size=14), rx.icon("eye", size=14)), aria_label=name,
                           title=name, variant="ghost", size="1", color_scheme="gray", type="button",
                           on_click=LeadDetailState.toggle_reveal(key)),
            spacing="1", align="center",
        ),
    )


def _fact(label_key: str, value) -> rx.Component:
    return rx.vstack(rx.text(t(label_key), size="1", color_scheme="gray"), value if isinstance(value, rx.Component)
                     else rx.text(value, size="2"), spacing="1", min_width="10rem")


def call_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("ld.call_title")),
            rx.dialog.description(
                rx.cond(AuthState.lang == "zh", "平台呼叫桥正在为您接通 " + LeadDetailState.lead["name"] + "，号码全程保密。",
                        "The platform's call bridge is connecting you with " + LeadDetailState.lead["name"]
                        + ". The number stays hidden."), size="2"),
            rx.hstack(rx.icon("phone-call", size=28, color="var(--green-9)"), rx.spinner(size="2"),
                      align="center", spacing="3", padding_y="1rem"),
            rx.el.fieldset(
                rx.el.legend(t("ld.outcome"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                                     "margin_bottom": "0.4rem"}),
                rx.radio_group.root(
                    rx.hstack(*[rx.el.label(rx.radio_group.item(value=o, id=f"outcome-{o}"), t(f"ld.outcome.{o}"),
                                            html_for=f"outcome-{o}",
                                            style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                                   "font_size": "var(--font-size-2)"})
                                for o in callbridge.OUTCOMES], spacing="4", wrap="wrap"),
                    value=LeadDetailState.outcome, on_change=LeadDetailState.set_outcome, aria_label=t("ld.outcome"),
                ),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            rx.hstack(rx.button(rx.icon("phone-off", size=16), t("ld.end_call"), color_scheme="red",
                                on_click=LeadDetailState.end_call), justify="end", margin_top="1rem"),
            max_width="30rem",
        ),
        open=LeadDetailState.call_open, on_open_change=LeadDetailState.set_call_open,
    )


def close_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(t("ld.close"), variant="soft", color_scheme="gray", high_contrast=True,
                                    disabled=~LeadDetailState.can_close)),
        rx.dialog.content(
            rx.dialog.title(t("ld.close")),
            rx.form(
                rx.vstack(
                    label("ld.close_reason", "f-reason", True),
                    rx.text_area(id="f-reason", name="reason", rows="3", width="100%", max_length=500,
                                 aria_describedby="f-reason-msg"),
                    error_text(LeadDetailState.errors, "reason"),
                    rx.hstack(rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                        type="button")),
                              rx.button(t("ld.close"), color_scheme="red", type="submit"), justify="end", spacing="3",
                              width="100%"),
                    spacing="2", width="100%",
                ),
                on_submit=LeadDetailState.close_lead, reset_on_submit=False,
            ),
            max_width="30rem",
        ),
        open=LeadDetailState.close_open, on_open_change=LeadDetailState.set_close_open,
    )


def _event_row(e) -> rx.Component:
    return rx.hstack(
        rx.badge(e["kind"], variant="soft", color_scheme="gray", size="1"),
        rx.text(e["text"], size="2", flex="1"),
        rx.text(e["actor"], " · ", e["at"], size="1", color_scheme="gray", white_space="nowrap"),
        width="100%", align="start", spacing="3", padding_y="0.35rem", border_bottom="1px solid var(--gray-4)",
    )


def calls_table() -> rx.Component:
    return rx.cond(
        LeadDetailState.calls.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in
                                           ("ld.col.started", "ld.col.caller", "ld.col.duration", "ld.col.outcome")])),
            rx.table.body(rx.foreach(LeadDetailState.calls, lambda c: rx.table.row(
                rx.table.cell(c["started"]), rx.table.cell(c["caller"]), rx.table.cell(c["duration"]),
                rx.table.cell(c["outcome"])))),
            variant="surface", size="1", width="100%",
        ),
        empty_state("ld.no_calls"),
    )


def detail() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(LeadDetailState.lead["name"], size="6", as_="h1"),
            rx.text("#", LeadDetailState.lead["id"], color_scheme="gray", size="2"),
            status_badge(LeadDetailState.lead["status"]),
            rx.cond(LeadDetailState.lead["distributed"] == "yes", rx.badge(t("ld.distributed"), color_scheme="blue",
                                                                            variant="soft", high_contrast=True)),
            rx.spacer(),
            rx.button(rx.icon("phone-outgoing", size=16), t("ld.call"), on_click=LeadDetailState.place_call,
                      disabled=~LeadDetailState.can_call),
            rx.cond(LeadDetailState.can_follow, rx.button(t("ld.follow"), variant="soft", high_contrast=True, on_click=LeadDetailState.follow)),
            rx.button(t("ld.convert"), variant="soft", high_contrast=True, on_click=LeadDetailState.convert,
                      disabled=~LeadDetailState.can_convert),
            close_dialog(),
            align="center", spacing="3", width="100%", wrap="wrap",
        ),
        card(
            rx.flex(
                _fact("leads.col.company", LeadDetailState.lead["company"]),
                _fact("leads.col.mobile", _contact("mobile")),
                _fact("leads.col.email", _contact("email")),
                _fact("leads.col.source", LeadDetailState.lead["source"]),
                _fact("leads.col.product", LeadDetailState.lead["product_interest"]),
                _fact("leads.col.created", LeadDetailState.lead["created_at"]),
                rx.cond(LeadDetailState.lead["sla"] != "", _fact("leads.col.sla", LeadDetailState.lead["sla"])),
                rx.cond(LeadDetailState.opportunity_id != "",
                        _fact("nav.opportunities", rx.link("#" + LeadDetailState.opportunity_id,
                                                           href=routes.OPPORTUNITIES + "/" + LeadDetailState.opportunity_id))),
                wrap="wrap", spacing="5", width="100%",
            ),
        ),
        rx.grid(
            card(rx.heading(t("ld.calls"), size="3", as_="h2"), calls_table()),
            card(
                rx.heading(t("ld.notes"), size="3", as_="h2"),
                rx.form(
                    rx.vstack(
                        label("ld.note", "f-note"),
                        rx.text_area(id="f-note", name="note", rows="2", width="100%", max_length=2000,
                                     aria_describedby="f-note-msg"),
                        error_text(LeadDetailState.errors, "note"),
                        rx.hstack(rx.button(t("ld.add_note"), type="submit", size="2", variant="soft", high_contrast=True), justify="end",
                                  width="100%"),
                        spacing="1", width="100%",
                    ),
                    on_submit=LeadDetailState.add_note, reset_on_submit=False, width="100%",
                ),
                rx.cond(LeadDetailState.notes.length() > 0,
                        rx.vstack(rx.foreach(LeadDetailState.notes, _event_row), spacing="0", width="100%"),
                        rx.text(t("ld.no_notes"), size="2", color_scheme="gray")),
            ),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
        ),
        card(rx.heading(t("ld.history"), size="3", as_="h2"),
             rx.vstack(rx.foreach(LeadDetailState.history, _event_row), spacing="0", width="100%")),
        call_dialog(),
        spacing="4", width="100%",
    )


@page(routes.LEADS + "/[lead_id]", "Lead", perm="sales", on_load=LeadDetailState.load)
def lead_detail_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.leads", "ld.title"),
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), t("ld.back"), align="center", spacing="1"), href=routes.LEADS,
                size="2"),
        rx.cond(LeadDetailState.missing != "",
                rx.callout(LeadDetailState.missing, icon="circle-alert", color_scheme="red", width="100%"),
                rx.cond(LeadDetailState.lead.contains("id"), detail(), rx.center(rx.spinner(), width="100%"))),
        spacing="4", width="100%",
    )
