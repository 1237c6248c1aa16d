"""Platform Console › Outbox (`/console/outbox`): every e-mail and SMS with its delivery state, newest first,
searchable by recipient. Bodies are shown so a local run (no SMTP) can read its verification codes."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, data_table, page_header, t
from partner_portal.domain import accounts_admin
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "ob.title": ("Outbox", "发件箱"),
    "ob.subtitle": ("E-mails and SMS the portal sent. Without SMTP they are stored here, so local runs can read "
                    "their codes.", "系统发出的邮件和短信。未配置 SMTP 时保存在此，便于本地运行时查看验证码。"),
    "ob.col.at": ("Created", "创建时间"),
    "ob.col.channel": ("Channel", "渠道"),
    "ob.col.recipient": ("Recipient", "收件人"),
    "ob.col.subject": ("Subject", "主题"),
    "ob.col.body": ("Message", "内容"),
    "ob.col.sent_at": ("Sent", "发送时间"),
    "ob.all": ("E-mail and SMS", "邮件和短信"),
    "ob.email": ("E-mail", "邮件"),
    "ob.sms": ("SMS", "短信"),
    "ob.search": ("Search recipient (start of the address or number)", "搜索收件人（地址或号码开头）"),
    "ob.empty": ("No messages.", "暂无消息。"),
})


PREVIEW = 160


class OutboxState(ListMixin, AuthState):
    _csv_name: str = "outbox.csv"

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = accounts_admin.list_outbox(session, actor=actor, req=req, search=self.search, channel=self.status_filter)
        # a preview keeps the page light; codes sit at the start of every code message
        rows = [{**r.as_dict(), "body": r.body if len(r.body) <= PREVIEW else r.body[:PREVIEW].rstrip() + "…",
                 "channel_label": self._t(f"ob.{r.channel}")} for r in page.rows]
        return Page(rows=rows, has_next=page.has_next, has_prev=page.has_prev, first_key=page.first_key,
                    last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in accounts_admin.export_outbox(session, actor=actor, search=self.search,
                                                                  channel=self.status_filter)]


COLUMNS = [
    Column("id", "table.id", "id"),
    Column("created_at", "ob.col.at"),
    Column("channel_label", "ob.col.channel"),
    Column("recipient", "ob.col.recipient"),
    Column("subject", "ob.col.subject"),
    Column("body", "ob.col.body"),
    Column("status", "table.status", "status"),
    Column("sent_at", "ob.col.sent_at"),
]


def _channel_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("ob.col.channel"), min_width="10rem"),
        rx.select.content(rx.select.item(t("ob.all"), value="all"), rx.select.item(t("ob.email"), value="email"),
                          rx.select.item(t("ob.sms"), value="sms")),
        value=OutboxState.status_filter, on_change=OutboxState.set_status_filter,
    )


@page(routes.CONSOLE_OUTBOX, "Outbox", perm="console", on_load=OutboxState.load_list)
def console_outbox() -> rx.Component:
    return rx.vstack(
        page_header("ob.title", subtitle_key="ob.subtitle"),
        data_table(OutboxState, COLUMNS, toolbar=[_channel_filter()], empty_key="ob.empty"),
        spacing="4", width="100%",
    )
