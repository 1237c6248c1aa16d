"""Account Center › My Partners (`/account/partners`): a customer's partners and the requests waiting for it.

Process Now opens a dialog showing the request, Send code, the Verification code field, Accept / Reject and OK.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, card, data_table, page_header, t
from partner_portal.domain import associations, errors
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.pages.my_customers import confirm_dialog
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "mp.title": ("My Partners", "我的合作伙伴"),
    "mp.subtitle": ("Partners associated with your account, and the requests they sent you.",
                    "与您账号关联的合作伙伴，以及他们向您发起的请求。"),
    "mp.waiting": ("Requests waiting for you", "待您处理的请求"),
    "mp.none_waiting": ("No partner requests are waiting for you.", "暂无待您处理的伙伴请求。"),
    "mp.process": ("Process Now", "立即处理"),
    "mp.partners": ("Associated partners", "已关联的合作伙伴"),
    "mp.col.partner": ("Partner", "合作伙伴"),
    "mp.col.since": ("Associated since", "关联时间"),
    "mp.col.pending": ("Request waiting", "待处理请求"),
    "mp.empty": ("You are not associated with any partner.", "您尚未与任何合作伙伴关联。"),
    "mp.dissociate": ("Request dissociation", "申请解除关联"),
    "mp.confirm_dissociate": ("Ask this partner to end the association? The partner processes your request; you may "
                              "file at most 3 dissociations in any 3 months.",
                              "确定申请与该合作伙伴解除关联吗？由合作伙伴处理您的申请；任意 3 个月内最多申请 3 次。"),
    "mp.req.associate": ("{partner} asks to associate with your account as your {type} partner.",
                         "{partner} 请求以{type}方式与您的账号关联。"),
    "mp.req.dissociate": ("{partner} asks to dissociate from your account.", "{partner} 请求与您的账号解除关联。"),
    "mp.req.switch_type": ("{partner} asks to switch the association type from {current} to {type}.",
                           "{partner} 请求将关联类型从{current}切换为{type}。"),
    "mp.filed": ("Sent on {at}", "发起于 {at}"),
    "mp.dialog_title": ("Process the partner's request", "处理伙伴请求"),
    "mp.send_code": ("Send code", "发送验证码"),
    "mp.code": ("Verification code", "验证码"),
    "mp.code_hint": ("We send a 6-digit code to your mobile and e-mail. It expires in 10 minutes.",
                     "我们会向您的手机和邮箱发送 6 位验证码，10 分钟内有效。"),
    "mp.code_sent": ("Code sent. Check your mobile or e-mail.", "验证码已发送，请查看手机或邮箱。"),
    "mp.decision": ("Your decision", "您的决定"),
    "mp.accept": ("Accept", "接受"),
    "mp.reject": ("Reject", "拒绝"),
    "mp.ok": ("OK", "确定"),
    "mp.done.accepted": ("You accepted the request. The partner has been notified.", "您已接受该请求，已通知合作伙伴。"),
    "mp.done.rejected": ("You rejected the request. The partner has been notified.", "您已拒绝该请求，已通知合作伙伴。"),
    associations.SUBMITTED: (associations.SUBMITTED, "您的解除关联申请已提交，合作伙伴处理后将第一时间通知您，请耐心等待。"),
    associations.R_LIMIT_CUSTOMER: (associations.R_LIMIT_CUSTOMER, "您近 3 个月内已申请 3 次解除关联，请稍后再试。"),
    "Choose Accept or Reject.": ("Choose Accept or Reject.", "请选择接受或拒绝。"),
    "Enter the 6-digit verification code.": ("Enter the 6-digit verification code.", "请输入 6 位验证码。"),
    "Send a code first.": ("Send a code first.", "请先发送验证码。"),
    "The code has expired. Send a new one.": ("The code has expired. Send a new one.", "验证码已过期，请重新发送。"),
    "This association request has expired.": ("This association request has expired.", "该关联请求已过期。"),
})


class MyPartnersState(ListMixin, AuthState):
    _csv_name: str = "my-partners.csv"
    waiting: list[dict[str, str]] = []
    submitted_message: str = ""
    # the Process Now dialog
    dlg_open: bool = False
    dlg_text: str = ""
    dlg_when: str = ""
    code: str = ""
    decision: str = ""
    code_info: str = ""
    errors: dict[str, str] = {}
    busy: bool = False
    _req_id: int = 0
    # the dissociation confirmation
    diss_open: bool = False
    _diss_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = associations.my_partners(session, actor=actor, req=req)
        rows = [{**r.as_dict(), "type_label": self._t(f"ce.type.{r.association_type}"),
                 "pending_label": self._t(f"mc.kind.{r.pending}") if r.pending else ""} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in associations.my_partners(session, actor=actor, req=PageRequest(limit=500)).rows]

    def _describe(self, r) -> str:
        return self._t(f"mp.req.{r.kind}", partner=r.partner,
                       type=self._t(f"ce.type.{r.new_type}") if r.new_type else "",
                       current=self._t(f"ce.type.{r.current_type}") if r.current_type else "")

    @rx.event
    async def load(self):
        self.submitted_message = ""
        try:
            rows = await self._call(associations.waiting_requests)
        except errors.DomainError:
            rows = []
        self.waiting = [{"id": str(r.id), "text": self._describe(r), "when": self._t("mp.filed", at=r.created_at)}
                        for r in rows]
        return MyPartnersState.load_list

    @rx.event
    def open_process(self, request_id: str):
        match = next((w for w in self.waiting if w["id"] == str(request_id)), None)
        if match is None:
            return
        self._req_id = int(match["id"])
        self.dlg_text, self.dlg_when = match["text"], match["when"]
        self.code, self.decision, self.code_info, self.errors = "", "", "", {}
        self.dlg_open = True

    @rx.event
    def set_dlg_open(self, value: bool):
        self.dlg_open = bool(value)

    @rx.event
    def set_code(self, value: str):
        self.code = "".join(ch for ch in str(value or "") if ch.isdigit())[:6]

    @rx.event
    def set_decision(self, value: str):
        if value in ("accept", "reject"):
            self.decision = value

    @rx.event
    async def send_code(self):
        self.errors, self.code_info = {}, ""
        try:
            await self._call(associations.send_request_code, request_id=self._req_id)
        except errors.InvalidInput as e:
            self.errors = {"code": self._t(e.message)}
            return
        except errors.DomainError as e:
            self.errors = {"form": self._t(e.message)}
            return
        self.code_info = self._t("mp.code_sent")

    @rx.event
    async def submit(self):
        if self.busy:
            return
        self.errors = {}
        self.busy = True
        try:
            status = await self._call(associations.answer_request, request_id=self._req_id, decision=self.decision,
                                      code=self.code)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            self.errors = {"form": self._t(e.message)}
            return
        finally:
            self.busy = False
        self.dlg_open = False
        return [rx.toast.success(self._t(f"mp.done.{status}")), MyPartnersState.load]

    @rx.event
    def ask_dissociation(self, association_id: str):
        if str(association_id).isdigit():
            self._diss_id = int(association_id)
            self.diss_open = True

    @rx.event
    def set_diss_open(self, value: bool):
        self.diss_open = bool(value)

    @rx.event
    async def dissociate(self):
        self.diss_open = False
        try:
            message = await self._call(associations.customer_request_dissociation, association_id=self._diss_id)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.submitted_message = self._t(message)
        await self._reload()


COLUMNS = [
    Column("id", "table.id", "id"),
    Column("partner", "mp.col.partner"),
    Column("type_label", "ce.col.type"),
    Column("since", "mp.col.since"),
    Column("pending_label", "mp.col.pending"),
]


def partner_actions(row) -> rx.Component:
    return rx.button(t("mp.dissociate"), size="1", variant="soft", color_scheme="red", disabled=row["pending"] != "",
                     on_click=MyPartnersState.ask_dissociation(row["id"]))


def waiting_card(row) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon("bell-ring", size=18, color="var(--amber-10)"),
            rx.vstack(rx.text(row["text"], size="2", weight="medium"), rx.text(row["when"], size="1", color_scheme="gray"),
                      spacing="1"),
            rx.spacer(),
            rx.button(t("mp.process"), size="2", on_click=MyPartnersState.open_process(row["id"])),
            align="center", spacing="3", width="100%",
        ),
        width="100%",
    )


def process_dialog() -> rx.Component:
    s = MyPartnersState
    has_code_error = s.errors.contains("code")
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("mp.dialog_title")),
            rx.dialog.description(rx.vstack(rx.text(s.dlg_text, size="2"), rx.text(s.dlg_when, size="1", color_scheme="gray"),
                                            spacing="1")),
            rx.vstack(
                rx.el.label(t("mp.code"), html_for="pn-code",
                            style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                rx.hstack(
                    rx.input(id="pn-code", value=s.code, on_change=s.set_code, input_mode="numeric",
                             auto_complete="one-time-code", max_length=6, width="10rem",
                             aria_invalid=rx.cond(has_code_error, "true", "false"), aria_describedby="pn-code-msg"),
                    rx.button(t("mp.send_code"), variant="soft", type="button", on_click=s.send_code),
                    spacing="2", align="center",
                ),
                rx.text(rx.cond(has_code_error, s.errors["code"], s.code_info), id="pn-code-msg", size="1",
                        color_scheme=rx.cond(has_code_error, "red", "gray"),
                        role=rx.cond(has_code_error, "alert", "status")),
                rx.text(t("mp.code_hint"), size="1", color_scheme="gray"),
                rx.text(t("mp.decision"), id="pn-decision-label", size="2", weight="medium", margin_top="0.5rem"),
                rx.radio_group.root(
                    rx.hstack(*[rx.el.label(rx.radio_group.item(value=v, id=f"pn-{v}"), t(f"mp.{v}"), html_for=f"pn-{v}",
                                            style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                                   "font_size": "var(--font-size-2)"})
                                for v in ("accept", "reject")], spacing="4"),
                    # uncontrolled: the dialog's content mounts fresh each time it opens
                    default_value="", on_change=s.set_decision, aria_labelledby="pn-decision-label",
                ),
                rx.cond(s.errors.contains("decision"), rx.text(s.errors["decision"], size="1", color_scheme="red",
                                                                role="alert")),
                rx.cond(s.errors.contains("form"), rx.callout(s.errors["form"], icon="triangle-alert", color_scheme="red", high_contrast=True,
                                                              role="alert", width="100%")),
                spacing="2", width="100%", margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                rx.button(t("mp.ok"), on_click=s.submit, loading=s.busy),
                justify="end", spacing="3", margin_top="1.25rem",
            ),
            max_width="32rem",
        ),
        open=s.dlg_open, on_open_change=s.set_dlg_open,
    )


@page(routes.MY_PARTNERS, "My Partners", perm="my_partners", on_load=MyPartnersState.load)
def my_partners_page() -> rx.Component:
    s = MyPartnersState
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.my_partners"),
        page_header("mp.title", subtitle_key="mp.subtitle"),
        rx.cond(s.submitted_message != "",
                rx.callout.root(rx.callout.icon(rx.icon("circle-check", size=16)), rx.callout.text(s.submitted_message),
                                color_scheme="green", role="status", width="100%", high_contrast=True)),
        rx.heading(t("mp.waiting"), size="4", as_="h2"),
        rx.cond(s.waiting.length() > 0,
                rx.vstack(rx.foreach(s.waiting, waiting_card), spacing="2", width="100%"),
                rx.text(t("mp.none_waiting"), size="2", color_scheme="gray")),
        rx.heading(t("mp.partners"), size="4", as_="h2", margin_top="1rem"),
        data_table(s, COLUMNS, actions=partner_actions, empty_key="mp.empty", search=False),
        process_dialog(),
        confirm_dialog(s.diss_open, s.set_diss_open, t("mp.confirm_dissociate"), s.dissociate, t("mp.dissociate")),
        spacing="4", width="100%", id="area-content",
    )
