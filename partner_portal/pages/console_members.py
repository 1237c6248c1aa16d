"""Platform Console › Members: the ecosystem manager records platform-generated projects for a member."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, page_header, t
from partner_portal.domain import errors, members
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.pages.projects import EMPTY_FORM, clean_form, project_fields
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "nav.console_members": ("Members", "个人会员"),
    "cm.title": ("Members", "个人会员"),
    "cm.subtitle": ("Personal accounts. Record platform projects a member took part in; the member sees them read-only.",
                    "个人账号。为会员记录其参与的平台项目；会员只能查看，不能修改。"),
    "cm.col.name": ("Member", "会员"),
    "cm.col.email": ("E-mail", "邮箱"),
    "cm.col.partner": ("Partner", "所属伙伴"),
    "cm.col.projects": ("Projects", "项目数"),
    "cm.col.platform": ("Platform-generated", "平台生成"),
    "cm.add": ("Add platform project", "添加平台项目"),
    "cm.existing": ("Platform projects already recorded", "已记录的平台项目"),
    "cm.created": ("Platform project recorded; the member was notified.", "平台项目已记录，并已通知会员。"),
    "cm.empty": ("No personal accounts yet.", "暂无个人账号。"),
})


class ConsoleMembersState(ListMixin, AuthState):
    _csv_name: str = "members.csv"
    errors: dict[str, str] = {}
    dialog_open: bool = False
    member_name: str = ""
    existing: list[dict[str, str]] = []
    form: dict[str, str] = EMPTY_FORM
    form_key: int = 0
    _member_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        return members.list_members(session, actor=actor, req=req, search=self.search)

    def _export(self, session, actor):
        return members.list_members(session, actor=actor, req=PageRequest(limit=10_000), search=self.search).rows

    @rx.event
    async def open_add(self, member_id: str, name: str):
        if not str(member_id).isdigit():
            return
        try:
            self.existing = await self._call(members.platform_projects_of, member_id=int(member_id))
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._member_id, self.member_name = int(member_id), str(name)[:100]
        self.errors, self.form = {}, dict(EMPTY_FORM)
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def create(self, form: dict):
        self.errors = {}
        data = clean_form(form)
        try:
            await self._call(members.create_platform_project, member_id=self._member_id, **data)
        except errors.InvalidInput as e:
            self.form = data
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.dialog_open = False
        await self._reload()
        return rx.toast.success(self._t("cm.created"))


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "cm.col.name"),
    Column("email", "cm.col.email"),
    Column("partner", "cm.col.partner"),
    Column("projects", "cm.col.projects"),
    Column("platform_projects", "cm.col.platform"),
]


def _dialog() -> rx.Component:
    title = rx.cond(AuthState.lang == "zh", "为 " + ConsoleMembersState.member_name + " 添加平台项目",
                    "Platform project for " + ConsoleMembersState.member_name)
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(t("cm.subtitle"), size="2", color_scheme="gray"),
            rx.cond(ConsoleMembersState.existing.length() > 0,
                    rx.box(rx.text(t("cm.existing"), size="2", weight="bold"),
                           rx.el.ul(rx.foreach(ConsoleMembersState.existing,
                                               lambda p: rx.el.li(rx.text(p["name"], " · ", p["period"], size="2"))),
                                    style={"padding_left": "1.2rem", "margin": "0.3rem 0 0"}),
                           margin_top="0.75rem")),
            rx.form(
                rx.vstack(
                    project_fields(ConsoleMembersState.errors, ConsoleMembersState.form),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("common.save"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="4", width="100%", margin_top="1rem",
                ),
                on_submit=ConsoleMembersState.create, key=ConsoleMembersState.form_key, width="100%",
            ),
            max_width="40rem",
        ),
        open=ConsoleMembersState.dialog_open, on_open_change=ConsoleMembersState.set_dialog_open,
    )


@page(routes.CONSOLE_MEMBERS, "Members", perm="console", on_load=ConsoleMembersState.load_list)
def console_members() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.console", "nav.console_members"),
        page_header("cm.title", subtitle_key="cm.subtitle"),
        data_table(ConsoleMembersState, COLUMNS, empty_key="cm.empty", actions=lambda row: rx.button(
            rx.icon("folder-plus", size=14), t("cm.add"), size="1", variant="soft",
            on_click=ConsoleMembersState.open_add(row["id"], row["name"]))),
        _dialog(),
        spacing="4", width="100%",
    )
