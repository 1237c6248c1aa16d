"""`/sales/opportunities/<id>`: one opportunity, its review result, Submit (drafts) and Won / Lost (approved)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, status_badge, t
from partner_portal.domain import errors, opportunities
from partner_portal.layout import page
from partner_portal.pages.leads import error_text, label
from partner_portal.state.auth import AuthState

i18n.add({
    "od.title": ("Opportunity", "商机"),
    "od.back": ("Back to Opportunities", "返回商机列表"),
    "od.submit": ("Submit for review", "提交审核"),
    "od.won": ("Mark won", "标记赢单"),
    "od.lost": ("Mark lost", "标记丢单"),
    "od.lost_reason": ("Why was it lost?", "丢单原因"),
    "od.review_comment": ("Review comment", "审核意见"),
    "od.lost_label": ("Lost reason", "丢单原因"),
    "od.history": ("History", "历史"),
    "od.source_task": ("From marketing task #{id}", "来自营销任务 #{id}"),
    "od.source_lead": ("From lead", "来自线索"),
    "od.submitted_at": ("Submitted", "提交时间"),
    "od.no_history": ("No changes recorded yet.", "暂无变更记录。"),
    "od.submitted": ("Submitted for the platform's review.", "已提交平台审核。"),
    "od.closed": ("Saved.", "已保存。"),
    "Give the reason the opportunity was lost.": ("Give the reason the opportunity was lost.", "请填写丢单原因。"),
})


class OpportunityDetailState(AuthState):
    opp: dict[str, str] = {}
    history: list[dict[str, str]] = []
    can_submit: bool = False
    can_close: bool = False
    lost_open: bool = False
    errors: dict[str, str] = {}
    missing: str = ""
    revealed: dict[str, str] = {}

    def _opp_id(self) -> int:
        tail = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    async def _refresh(self):
        try:
            d = await self._call(opportunities.opportunity_detail, opportunity_id=self._opp_id())
        except errors.DomainError as e:
            self.opp, self.missing = {}, self._t(e.message)
            return
        self.missing = ""
        row = d.row.as_dict()
        row["title"], row["name"] = row["name"], row["customer"]
        row.update({"products": d.products, "region": d.region, "competitors": d.competitors or "—",
                    "description": d.description or "—", "review_comment": d.review_comment,
                    "lost_reason": d.lost_reason, "task_id": str(d.task_id or ""), "lead_id": str(d.lead_id or ""),
                    "submitted_at": d.submitted_at or "—"})
        self.opp = row
        self.history = d.history
        self.can_submit, self.can_close = d.can_submit, d.can_close

    @rx.event
    async def load(self):
        self.errors, self.revealed, self.lost_open = {}, {}, False
        await self._refresh()

    @rx.event
    async def toggle_reveal(self, key: str):
        if key in self.revealed:
            self.revealed = {k: v for k, v in self.revealed.items() if k != key}
            return
        try:
            value = await self._call(opportunities.reveal_opportunity_customer, opportunity_id=self._opp_id(),
                                     field=key.partition(":")[2])
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.revealed = {**self.revealed, key: value}

    @rx.event
    async def submit(self):
        try:
            await self._call(opportunities.submit_opportunity, opportunity_id=self._opp_id())
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._refresh()
        return rx.toast.success(self._t("od.submitted"))

    @rx.event
    async def mark_won(self):
        try:
            await self._call(opportunities.close_opportunity, opportunity_id=self._opp_id(), outcome="won")
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._refresh()
        return rx.toast.success(self._t("od.closed"))

    @rx.event
    def set_lost_open(self, value: bool):
        self.lost_open, self.errors = bool(value), {}

    @rx.event
    async def mark_lost(self, form: dict):
        self.errors = {}
        try:
            await self._call(opportunities.close_opportunity, opportunity_id=self._opp_id(), outcome="lost",
                             reason=str(form.get("reason", ""))[:600])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.lost_open = False
        await self._refresh()
        return rx.toast.success(self._t("od.closed"))


def _fact(label_key: str, value) -> rx.Component:
    return rx.vstack(rx.text(t(label_key), size="1", color_scheme="gray"),
                     value if isinstance(value, rx.Component) else rx.text(value, size="2"),
                     spacing="1", min_width="11rem")


def _customer() -> rx.Component:
    from partner_portal.components.ui import masked_cell
    return masked_cell(OpportunityDetailState, OpportunityDetailState.opp, "name")


def lost_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(t("od.lost"), color_scheme="red", variant="soft", high_contrast=True)),
        rx.dialog.content(
            rx.dialog.title(t("od.lost")),
            rx.form(
                rx.vstack(
                    label("od.lost_reason", "f-reason", True),
                    rx.text_area(id="f-reason", name="reason", rows="3", width="100%", max_length=500,
                                 aria_describedby="f-reason-msg"),
                    error_text(OpportunityDetailState.errors, "reason"),
                    rx.hstack(rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                        type="button")),
                              rx.button(t("od.lost"), color_scheme="red", type="submit"), justify="end", spacing="3",
                              width="100%"),
                    spacing="2", width="100%",
                ),
                on_submit=OpportunityDetailState.mark_lost, reset_on_submit=False,
            ),
            max_width="30rem",
        ),
        open=OpportunityDetailState.lost_open, on_open_change=OpportunityDetailState.set_lost_open,
    )


def detail() -> rx.Component:
    o = OpportunityDetailState.opp
    return rx.vstack(
        rx.hstack(
            rx.heading(o["title"], size="6", as_="h1"),
            rx.text("#", o["id"], color_scheme="gray", size="2"),
            status_badge(o["stage"]),
            rx.spacer(),
            rx.cond(OpportunityDetailState.can_submit,
                    rx.button(rx.icon("send", size=16), t("od.submit"), on_click=OpportunityDetailState.submit)),
            rx.cond(OpportunityDetailState.can_close,
                    rx.hstack(rx.button(rx.icon("trophy", size=16), t("od.won"),
                                        on_click=OpportunityDetailState.mark_won),
                              lost_dialog(), spacing="2")),
            align="center", spacing="3", width="100%", wrap="wrap",
        ),
        rx.cond(o["review_comment"] != "",
                rx.callout.root(rx.callout.icon(rx.icon("message-square", size=16)),
                                rx.callout.text(rx.text.strong(t("od.review_comment")), ": ", o["review_comment"]),
                                color_scheme=rx.cond(o["stage"] == "rejected", "red", "green"), high_contrast=True, width="100%")),
        rx.cond(o["lost_reason"] != "",
                rx.callout.root(rx.callout.icon(rx.icon("circle-x", size=16)),
                                rx.callout.text(rx.text.strong(t("od.lost_label")), ": ", o["lost_reason"]),
                                color_scheme="red", high_contrast=True, width="100%")),
        card(
            rx.heading(t("wiz.step1"), size="3", as_="h2"),
            rx.flex(
                _fact("opp.col.customer", _customer()),
                _fact("opp.col.amount", o["amount"]),
                _fact("opp.col.close", o["close_date"]),
                _fact("opp.col.owner", o["owner"]),
                _fact("opp.col.created", o["created_at"]),
                _fact("od.submitted_at", o["submitted_at"]),
                rx.cond(o["task_id"] != "", _fact("nav.tasks", rx.text("#", o["task_id"], size="2"))),
                rx.cond(o["lead_id"] != "", _fact("od.source_lead", rx.link("#" + o["lead_id"],
                                                                             href=routes.LEADS + "/" + o["lead_id"], size="2"))),
                wrap="wrap", spacing="5", width="100%",
            ),
        ),
        card(
            rx.heading(t("wiz.step2"), size="3", as_="h2"),
            rx.flex(
                _fact("wiz.products", o["products"]),
                _fact("wiz.region", o["region"]),
                _fact("wiz.competitors", o["competitors"]),
                wrap="wrap", spacing="5", width="100%",
            ),
            _fact("wiz.description", o["description"]),
        ),
        card(
            rx.heading(t("od.history"), size="3", as_="h2"),
            rx.cond(OpportunityDetailState.history.length() == 0, rx.text(t("od.no_history"), size="2", color_scheme="gray")),
            rx.vstack(rx.foreach(OpportunityDetailState.history, lambda h: rx.hstack(
                rx.badge(h["action"], variant="soft", color_scheme="gray", size="1"),
                rx.cond(h["stage"] != "", status_badge(h["stage"])),
                rx.text(h["note"], size="2", flex="1"),
                rx.text(h["by"], " · ", h["at"], size="1", color_scheme="gray", white_space="nowrap"),
                width="100%", spacing="3", align="center", padding_y="0.35rem", border_bottom="1px solid var(--gray-4)",
            )), spacing="0", width="100%"),
        ),
        spacing="4", width="100%",
    )


@page(routes.OPPORTUNITIES + "/[opportunity_id]", "Opportunity", perm="sales", on_load=OpportunityDetailState.load)
def opportunity_detail_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.opportunities", "od.title"),
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), t("od.back"), align="center", spacing="1"),
                href=routes.OPPORTUNITIES, size="2"),
        rx.cond(OpportunityDetailState.missing != "",
                rx.callout(OpportunityDetailState.missing, icon="circle-alert", color_scheme="red", width="100%"),
                rx.cond(OpportunityDetailState.opp.contains("id"), detail(), rx.center(rx.spinner(), width="100%"))),
        spacing="4", width="100%",
    )
