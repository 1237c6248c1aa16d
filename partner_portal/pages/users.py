"""Account Center › Users (`/account/users`): a partner admin's staff users."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import accounts_admin, errors
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "users.title": ("Users", "用户"),
    "users.subtitle": ("Staff of your company see its data but cannot do admin-only actions.",
                       "企业员工可查看企业数据，但不能执行仅限管理员的操作。"),
    "users.add": ("Add user", "添加用户"),
    "users.add_title": ("Add a staff user", "添加员工用户"),
    "users.mode": ("How the user gets a password", "用户如何获得密码"),
    "users.mode_password": ("Set an initial password", "设置初始密码"),
    "users.mode_invite": ("Send an invitation by e-mail", "通过邮件邀请"),
    "users.initial_password": ("Initial password", "初始密码"),
    "users.full_time": ("Full-time", "专职"),
    "users.full_time_hint": ("Full-time staff can be declared for the Full-time Personnel Incentive.",
                             "专职员工可申报专职人员激励。"),
    "users.mark_full_time": ("Mark full-time", "标为专职"),
    "users.unmark_full_time": ("Not full-time", "取消专职"),
    "users.deactivate": ("Deactivate", "停用"),
    "users.reactivate": ("Reactivate", "启用"),
    "users.added": ("User added.", "用户已添加。"),
    "users.col.name": ("Name", "姓名"),
    "users.col.email": ("E-mail", "邮箱"),
    "users.col.role": ("Role", "角色"),
    "users.col.created": ("Added", "添加时间"),
    "users.you": ("(you)", "（我）"),
    "users.yes": ("Yes", "是"),
    "users.empty": ("No users yet.", "暂无用户。"),
    "users.deactivated_toast": ("User deactivated; their sessions have ended.", "用户已停用，其登录会话已结束。"),
})


class UsersState(ListMixin, AuthState):
    _csv_name: str = "users.csv"
    add_open: bool = False
    add_mode: str = "password"
    add_full_time: bool = False
    errors: dict[str, str] = {}

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = accounts_admin.list_users(session, actor=actor, req=req, search=self.search)
        rows = [{**r.as_dict(), "role_label": self._t(f"role.{r.role}") + (" " + self._t("users.you") if r.is_me else ""),
                 "full_time_label": self._t("users.yes") if r.full_time else ""} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [{k: v for k, v in r.as_dict().items() if k != "is_me"}
                for r in accounts_admin.export_users(session, actor=actor, search=self.search)]

    @rx.event
    def open_add(self):
        self.add_open, self.add_mode, self.add_full_time, self.errors = True, "password", False, {}

    @rx.event
    def set_add_open(self, value: bool):
        self.add_open = bool(value)

    @rx.event
    def set_add_mode(self, value: str):
        if value in ("password", "invite"):
            self.add_mode = value

    @rx.event
    def set_add_full_time(self, value: bool):
        self.add_full_time = bool(value)

    @rx.event
    async def add_user(self, form: dict):
        self.errors = {}
        try:
            await self._call(accounts_admin.add_staff, name=str(form.get("name", ""))[:300],
                             email=str(form.get("email", ""))[:300], password=str(form.get("password", ""))[:200],
                             invite=self.add_mode == "invite", full_time=self.add_full_time)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.add_open = False
        await self._reload()
        return rx.toast.success(self._t("users.added"))

    async def _change(self, fn, **kw):
        try:
            await self._call(fn, **kw)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.page_no = 1
        return await self._reload()

    @rx.event
    async def toggle_full_time(self, user_id: str, make_full_time: bool):
        return await self._change(accounts_admin.set_full_time, user_id=user_id, full_time=bool(make_full_time))

    @rx.event
    async def deactivate(self, user_id: str):
        result = await self._change(accounts_admin.set_active, user_id=user_id, active=False)
        return result or rx.toast.success(self._t("users.deactivated_toast"))

    @rx.event
    async def reactivate(self, user_id: str):
        return await self._change(accounts_admin.set_active, user_id=user_id, active=True)


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "users.col.name"),
    Column("email", "users.col.email"),
    Column("role_label", "users.col.role"),
    Column("full_time_label", "users.full_time"),
    Column("status", "table.status", "status"),
    Column("created_at", "users.col.created", sortable=False),
]


def _actions(row) -> rx.Component:
    is_staff = row["role"] == "partner_staff"
    return rx.cond(
        is_staff & (row["is_me"] == ""),
        rx.hstack(
            rx.button(rx.cond(row["full_time"] == "yes", t("users.unmark_full_time"), t("users.mark_full_time")),
                      size="1", variant="soft",
                      on_click=UsersState.toggle_full_time(row["id"], row["full_time"] != "yes")),
            rx.cond(row["status"] == "active",
                    rx.button(t("users.deactivate"), size="1", variant="soft", color_scheme="red",
                              on_click=UsersState.deactivate(row["id"])),
                    rx.button(t("users.reactivate"), size="1", variant="soft", color_scheme="green", high_contrast=True,
                              on_click=UsersState.reactivate(row["id"]))),
            spacing="2", wrap="wrap",
        ),
        rx.text("—", color_scheme="gray", size="2"),
    )


def _add_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("users.add_title")),
            rx.dialog.description(t("users.subtitle"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    form_field("users.col.name", "name", UsersState.errors, required=True),
                    form_field("users.col.email", "email", UsersState.errors, type_="email", required=True),
                    rx.el.fieldset(
                        rx.el.legend(t("users.mode"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                                             "margin_bottom": "0.4rem"}),
                        rx.radio_group.root(
                            rx.vstack(*[rx.el.label(rx.radio_group.item(value=v, id=f"mode-{v}"), t(k),
                                                    html_for=f"mode-{v}",
                                                    style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                                           "font_size": "var(--font-size-2)"})
                                        for v, k in (("password", "users.mode_password"),
                                                     ("invite", "users.mode_invite"))], spacing="2"),
                            value=UsersState.add_mode, on_change=UsersState.set_add_mode,
                        ),
                        style={"border": "none", "padding": "0", "margin": "0"},
                    ),
                    rx.cond(UsersState.add_mode == "password",
                            form_field("users.initial_password", "password", UsersState.errors, type_="password",
                                       required=True, hint_key="auth.password_hint", autocomplete="new-password")),
                    rx.el.label(
                        rx.checkbox(checked=UsersState.add_full_time, on_change=UsersState.set_add_full_time,
                                    id="f-full_time"),
                        t("users.full_time"), html_for="f-full_time",
                        style={"display": "flex", "gap": "0.5rem", "align_items": "center",
                               "font_size": "var(--font-size-2)"},
                    ),
                    rx.text(t("users.full_time_hint"), size="1", color_scheme="gray"),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray",
                                                  type="button")),
                        rx.button(t("users.add"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="1rem",
                ),
                on_submit=UsersState.add_user, width="100%",
            ),
            max_width="30rem",
        ),
        open=UsersState.add_open, on_open_change=UsersState.set_add_open,
    )


@page(routes.USERS, "Users", perm="manage_users", on_load=UsersState.load_list)
def users() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.users"),
        page_header("users.title", rx.button(rx.icon("user-plus", size=16), t("users.add"),
                                             on_click=UsersState.open_add),
                    subtitle_key="users.subtitle"),
        data_table(UsersState, COLUMNS, actions=_actions, empty_key="users.empty"),
        _add_dialog(),
        spacing="4", width="100%",
    )

