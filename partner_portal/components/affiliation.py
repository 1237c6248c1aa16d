"""The affiliation card on Account Center › Profile.

Members: the partner they belong to, join with an invitation code, leave, history
(one partner at a time, at most 3 joins in any 12 months). Partner admins: the
invitation code to give members, and the members affiliated now.
Registered into ``pages.account.profile_sections`` at import.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n
from partner_portal.components.ui import card, form_field, t
from partner_portal.domain import errors, members
from partner_portal.models import Role
from partner_portal.state.auth import AuthState

i18n.add({
    "aff.title": ("Partner affiliation", "所属伙伴"),
    "aff.current": ("You belong to", "您当前所属"),
    "aff.none": ("You do not belong to a partner. Ask a partner's administrator for its invitation code.",
                 "您尚未加入任何伙伴。请向伙伴管理员索取邀请码。"),
    "aff.code": ("Invitation code", "邀请码"),
    "aff.join": ("Join partner", "加入伙伴"),
    "aff.leave": ("Leave partner", "退出伙伴"),
    "aff.leave_title": ("Leave this partner?", "退出该伙伴？"),
    "aff.leave_text": ("You can join at most 3 partners in any 12 months.", "任意 12 个月内最多可加入 3 个伙伴。"),
    "aff.limit": ("Joins in the last 12 months", "近 12 个月加入次数"),
    "aff.history": ("History", "历史记录"),
    "aff.partner": ("Partner", "伙伴"),
    "aff.joined": ("Joined", "加入"),
    "aff.left": ("Left", "退出"),
    "aff.joined_ok": ("You joined {name}.", "您已加入 {name}。"),
    "aff.left_ok": ("You left the partner.", "您已退出该伙伴。"),
    "aff.admin_text": ("Give this code to individual members who should join your company.",
                       "将此邀请码提供给需要加入贵公司的个人会员。"),
    "aff.members": ("Members affiliated now", "当前关联的个人会员"),
    "aff.no_members": ("No members yet.", "暂无个人会员。"),
    "Enter the invitation code from the partner's administrator.": (
        "Enter the invitation code from the partner's administrator.", "请输入伙伴管理员提供的邀请码。"),
    "No partner has this invitation code.": ("No partner has this invitation code.", "没有伙伴使用此邀请码。"),
    "You belong to a partner already. Leave it before joining another.": (
        "You belong to a partner already. Leave it before joining another.", "您已属于一个伙伴，请先退出再加入其他伙伴。"),
    "You do not belong to a partner.": ("You do not belong to a partner.", "您尚未加入任何伙伴。"),
})


class AffiliationState(AuthState):
    kind: str = ""  # member | admin | ""
    partner_name: str = ""
    joined_at: str = ""
    joins: str = "0"
    next_join: str = ""
    history: list[dict[str, str]] = []
    code: str = ""
    affiliated: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    leave_open: bool = False

    async def _load(self):
        actor = await self._actor()
        if actor is None:
            return
        if actor.role == Role.MEMBER:
            v = await self._call(members.affiliation)
            self.kind = "member"
            self.partner_name, self.joined_at = v.partner_name, v.joined_at
            self.joins, self.next_join, self.history = str(v.joins_in_window), v.next_join_possible, v.history
        elif actor.is_partner_admin:
            self.kind = "admin"
            self.code = await self._call(members.invitation_code)
            self.affiliated = await self._call(members.affiliated_members)
        else:
            self.kind = ""

    @rx.event
    async def load(self):
        try:
            await self._load()
        except errors.DomainError:
            self.kind = ""

    @rx.event
    async def join(self, form: dict):
        self.errors = {}
        try:
            name = await self._call(members.join_partner, invitation_code=str(form.get("invitation_code", ""))[:100])
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._load()
        return rx.toast.success(self._t("aff.joined_ok", name=name))

    @rx.event
    def set_leave_open(self, value: bool):
        self.leave_open = bool(value)

    @rx.event
    async def leave(self):
        self.leave_open = False
        try:
            await self._call(members.leave_partner)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._load()
        return rx.toast.success(self._t("aff.left_ok"))


def _history() -> rx.Component:
    return rx.cond(
        AffiliationState.history.length() > 0,
        rx.vstack(
            rx.text(t("aff.history"), size="2", weight="bold"),
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell(t("aff.partner")), rx.table.column_header_cell(t("aff.joined")),
                    rx.table.column_header_cell(t("aff.left")))),
                rx.table.body(rx.foreach(AffiliationState.history, lambda h: rx.table.row(
                    rx.table.cell(h["partner"]), rx.table.cell(h["joined_at"]),
                    rx.table.cell(rx.cond(h["left_at"] != "", h["left_at"], "—"))))),
                size="1", variant="surface", width="100%",
            ),
            spacing="2", width="100%",
        ),
    )


def _leave_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("log-out", size=14), t("aff.leave"), variant="soft", color_scheme="red",
                                          size="2")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("aff.leave_title")),
            rx.alert_dialog.description(AffiliationState.partner_name, " — ", t("aff.leave_text")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("aff.leave"), color_scheme="red", on_click=AffiliationState.leave)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=AffiliationState.leave_open, on_open_change=AffiliationState.set_leave_open,
    )


def _member_card() -> rx.Component:
    since = rx.cond(AuthState.lang == "zh", "自 " + AffiliationState.joined_at + " 起",
                    "since " + AffiliationState.joined_at)
    return card(
        rx.heading(t("aff.title"), size="3", as_="h2"),
        rx.cond(
            AffiliationState.partner_name != "",
            rx.hstack(
                rx.vstack(rx.text(t("aff.current"), size="1", color_scheme="gray"),
                          rx.text(AffiliationState.partner_name, size="3", weight="bold"),
                          rx.text(since, size="1", color_scheme="gray"), spacing="0"),
                rx.spacer(), _leave_dialog(), width="100%", align="center", wrap="wrap",
            ),
            rx.vstack(
                rx.text(t("aff.none"), size="2", color_scheme="gray"),
                rx.form(
                    rx.hstack(
                        rx.box(form_field("aff.code", "invitation_code", AffiliationState.errors, required=True),
                               flex="1", min_width="14rem"),
                        rx.button(t("aff.join"), type="submit", margin_top="1.4rem"),
                        align="start", spacing="3", width="100%", wrap="wrap",
                    ),
                    on_submit=AffiliationState.join, reset_on_submit=False, width="100%",
                ),
                spacing="2", width="100%",
            ),
        ),
        rx.text(t("aff.limit"), ": ", AffiliationState.joins, " / 3",
                rx.cond(AffiliationState.next_join != "", rx.text.span(" · ", AffiliationState.next_join)),
                size="1", color_scheme="gray"),
        _history(),
    )


def _admin_card() -> rx.Component:
    return card(
        rx.heading(t("aff.title"), size="3", as_="h2"),
        rx.text(t("aff.admin_text"), size="2", color_scheme="gray"),
        rx.hstack(rx.text(t("aff.code"), size="2", weight="medium"),
                  rx.code(AffiliationState.code, size="4", variant="soft"), align="center", spacing="3"),
        rx.text(t("aff.members"), size="2", weight="bold"),
        rx.cond(AffiliationState.affiliated.length() > 0,
                rx.el.ul(rx.foreach(AffiliationState.affiliated, lambda m: rx.el.li(
                    rx.text(m["name"], " · ", m["joined_at"], size="2"))),
                    style={"padding_left": "1.2rem", "margin": "0"}),
                rx.text(t("aff.no_members"), size="2", color_scheme="gray")),
    )


def affiliation_card() -> rx.Component:
    return rx.box(
        rx.match(AffiliationState.kind, ("member", _member_card()), ("admin", _admin_card()), rx.fragment()),
        on_mount=AffiliationState.load, width="100%",
    )


def register() -> None:
    from partner_portal.pages import account
    if affiliation_card not in account.profile_sections:
        account.profile_sections.append(affiliation_card)
