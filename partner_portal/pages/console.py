"""Platform Console home (`/console`): a card per registered review queue with its count, and the
console's other pages (every item of the Platform Console menu in ``routes.TOP_NAV``)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import card, empty_state, page_header, t
from partner_portal.domain import errors, reviews
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "console.title": ("Platform Console", "平台控制台"),
    "console.subtitle": ("Everything waiting for the platform's decision, and the tools to run the partner programme.",
                         "所有等待平台决定的事项，以及运营伙伴计划的工具。"),
    "console.queues": ("Review queues", "审核队列"),
    "console.waiting": ("waiting", "待审核"),
    "console.tools": ("Console pages", "控制台页面"),
    "console.no_queues": ("No review queues are registered.", "暂无审核队列。"),
    "queue.partners": ("Partner registrations", "伙伴注册"),
    "queue.business_info": ("Business information", "企业信息认证"),
})


class ConsoleState(AuthState):
    queues: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        def fn(session, actor):
            counts = reviews.counts(session, actor=actor)
            return [(q.kind, q.title, counts.get(q.kind, 0)) for q in reviews.load_all().values()]

        try:
            found = await self._call(fn)
        except errors.DomainError:
            self.queues = []
            return
        self.queues = [{"kind": kind, "href": routes.review_queue(kind), "title_en": i18n.tr("en", title),
                        "title_zh": i18n.tr("zh", title), "count": str(n), "busy": "yes" if n else ""}
                       for kind, title, n in found]


def _queue_card(q) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.vstack(
                    rx.text(rx.cond(AuthState.lang == "zh", q["title_zh"], q["title_en"]), weight="bold", size="3",
                            color="var(--gray-12)"),
                    rx.text(q["count"], " ", t("console.waiting"), size="2", color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.badge(q["count"], color_scheme=rx.cond(q["busy"] == "yes", "amber", "gray"), radius="full",
                         size="3", aria_hidden="true"),
                align="center", width="100%",
            ),
            size="2", width="100%",
        ),
        href=q["href"], underline="none", width="100%",
    )


def _tool_links() -> rx.Component:
    console_menu = next(m for m in routes.TOP_NAV if m.label == "nav.console")
    items = [i for i in console_menu.items if i.route != routes.CONSOLE]
    return rx.hstack(
        *[rx.link(rx.hstack(rx.icon("arrow-right", size=14), t(i.label), spacing="1", align="center"),
                  href=i.route, weight="medium", size="2",
                  style={"padding": "0.35rem 0.75rem", "border_radius": "var(--radius-3)",
                         "background": "var(--accent-3)"})
          for i in items],
        spacing="3", wrap="wrap",
    )


@page(routes.CONSOLE, "Platform Console", perm="console", on_load=ConsoleState.load)
def console_home() -> rx.Component:
    return rx.vstack(
        page_header("console.title", subtitle_key="console.subtitle"),
        card(rx.heading(t("console.tools"), size="4", as_="h2"), _tool_links()),
        rx.heading(t("console.queues"), size="4", as_="h2"),
        rx.cond(ConsoleState.queues.length() > 0,
                rx.grid(rx.foreach(ConsoleState.queues, _queue_card),
                        columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="4", width="100%"),
                empty_state("console.no_queues")),
        spacing="4", width="100%",
    )
