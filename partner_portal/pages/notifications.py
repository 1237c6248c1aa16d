"""The notification centre (`/notifications`): the bell's list, mark read / mark all read."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, data_table, page_header, t
from partner_portal.domain import accounts_admin, errors
from partner_portal.domain.paging import MAX_EXPORT, Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "nc.title": ("Notifications", "通知"),
    "nc.subtitle": ("Results of reviews, requests waiting for you and reminders.", "审核结果、待您处理的请求和提醒。"),
    "nc.col.at": ("Time", "时间"),
    "nc.col.title": ("Notification", "通知"),
    "nc.col.body": ("Details", "详情"),
    "nc.mark_read": ("Mark read", "标为已读"),
    "nc.open": ("Open", "打开"),
    "nc.unread_only": ("Unread only", "仅看未读"),
    "nc.empty": ("No notifications yet.", "暂无通知。"),
})


class NotificationsState(ListMixin, AuthState):
    _csv_name: str = "notifications.csv"
    unread_only: bool = False

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = accounts_admin.list_notifications(session, actor=actor, req=req, unread_only=self.unread_only)
        rows = [{**r.as_dict(), "state": "unread" if r.unread else "read"} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                    last_key=page.last_key)

    def _export(self, session, actor):
        page = accounts_admin.list_notifications(session, actor=actor, req=PageRequest(limit=MAX_EXPORT))
        return [r.as_dict() for r in page.rows]

    @rx.event
    async def set_unread_only(self, value: bool):
        self.unread_only = bool(value)
        self.page_no = 1
        return await self._reload()

    async def _after(self, unread: int):
        self.unread = unread
        return await self._reload()

    @rx.event
    async def mark_read(self, notification_id: str):
        try:
            unread = await self._call(accounts_admin.mark_notification_read, notification_id=notification_id)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return await self._after(unread)

    @rx.event
    async def mark_all_read(self):
        try:
            unread = await self._call(accounts_admin.mark_all_notifications_read)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return await self._after(unread)


COLUMNS = [
    Column("at", "nc.col.at"),
    Column("title", "nc.col.title"),
    Column("body", "nc.col.body"),
    Column("state", "table.status", "status"),
]


def _actions(row) -> rx.Component:
    return rx.hstack(
        rx.link(t("nc.open"), href=row["link"], size="2"),
        rx.cond(row["unread"] == "yes",
                rx.button(t("nc.mark_read"), size="1", variant="soft", on_click=NotificationsState.mark_read(row["id"]))),
        spacing="3", align="center",
    )


@page(routes.NOTIFICATIONS, "Notifications", on_load=NotificationsState.load_list)
def notifications() -> rx.Component:
    return rx.vstack(
        page_header("nc.title", rx.button(rx.icon("check-check", size=16), t("common.mark_all_read"),
                                          on_click=NotificationsState.mark_all_read, variant="soft",
                                          disabled=AuthState.unread == 0),
                    subtitle_key="nc.subtitle"),
        data_table(NotificationsState, COLUMNS, actions=_actions, search=False, empty_key="nc.empty", toolbar=[
            rx.el.label(rx.switch(checked=NotificationsState.unread_only, on_change=NotificationsState.set_unread_only,
                                  id="f-unread-only"),
                        t("nc.unread_only"), html_for="f-unread-only",
                        style={"display": "flex", "gap": "0.5rem", "align_items": "center",
                               "font_size": "var(--font-size-2)"}),
        ]),
        spacing="4", width="100%",
    )
