"""`/` and the Partner Center home: to-dos, quota left, pipeline, recent notifications."""
from __future__ import annotations

import reflex as rx

from partner_portal import routes
from partner_portal.components.ui import card, empty_state, page_header, t
from partner_portal.domain import dashboard, errors
from partner_portal.layout import page
from partner_portal.state.auth import AuthState


class HomeState(AuthState):
    todos: list[dict[str, str]] = []
    quota_left: str = ""
    pipeline: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        from partner_portal.domain import members
        try:  # a member's newcomer guide opens until it is done or skipped
            if await self._call(members.should_open_guide):
                return rx.redirect(routes.GUIDE)
        except errors.DomainError:
            return
        try:
            view = await self._call(dashboard.partner_home)
        except errors.DomainError:
            return
        self.todos = [{"label": self._t(d.label), "count": str(d.count), "link": d.link} for d in view.todos]
        self.quota_left = view.quota_left
        self.pipeline = [{"stage": s.stage, "count": str(s.count), "width": f"{s.percent}%", "amount": s.amount}
                         for s in view.pipeline]
        self.recent = [{"title": n.title, "at": n.at, "link": n.link} for n in view.recent]


@page("/", "Home")
def index() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="4rem")


def _todo(item) -> rx.Component:
    return rx.link(
        rx.hstack(rx.text(item["label"], size="2"), rx.spacer(),
                  rx.badge(item["count"], color_scheme="amber", radius="full", size="2"),
                  width="100%", align="center", padding_y="0.4rem"),
        href=item["link"], underline="none", color="inherit", width="100%",
    )


def _stage(item) -> rx.Component:
    from partner_portal.components.ui import status_label
    return rx.vstack(
        rx.hstack(rx.text(status_label(item["stage"]), size="2"), rx.spacer(),
                  rx.text(item["count"], " · ", item["amount"], size="2", color_scheme="gray"), width="100%"),
        rx.box(rx.box(width=item["width"], height="100%", background="var(--accent-9)", border_radius="4px"),
               width="100%", height="8px", background="var(--gray-4)", border_radius="4px",
               role="img", aria_label=item["stage"] + ": " + item["count"]),
        spacing="1", width="100%",
    )


@page(routes.PARTNER_CENTER, "Partner Center", on_load=HomeState.load)
def partner_center() -> rx.Component:
    return rx.vstack(
        page_header("home.title"),
        rx.text(rx.cond(AuthState.lang == "zh", "欢迎，", "Welcome, "), AuthState.user_name, size="3",
                color_scheme="gray"),
        rx.grid(
            card(rx.heading(t("home.todo"), size="3", as_="h2"),
                 rx.cond(HomeState.todos.length() > 0,
                         rx.vstack(rx.foreach(HomeState.todos, _todo), spacing="0", width="100%",
                                   divide_y="1px"),
                         rx.text(t("home.nothing"), color_scheme="gray", size="2"))),
            card(rx.heading(t("home.quota_left"), size="3", as_="h2"),
                 rx.text(HomeState.quota_left, size="7", weight="bold", font_variant_numeric="tabular-nums"),
                 rx.link(t("nav.coupons"), href=routes.COUPONS, size="2")),
            card(rx.heading(t("home.pipeline"), size="3", as_="h2"),
                 rx.cond(HomeState.pipeline.length() > 0,
                         rx.vstack(rx.foreach(HomeState.pipeline, _stage), spacing="3", width="100%"),
                         empty_state("table.empty"))),
            card(rx.heading(t("home.recent"), size="3", as_="h2"),
                 rx.cond(HomeState.recent.length() > 0,
                         rx.vstack(rx.foreach(HomeState.recent, lambda n: rx.hstack(
                             rx.link(n["title"], href=n["link"], size="2"), rx.spacer(),
                             rx.text(n["at"], size="1", color_scheme="gray", white_space="nowrap"), width="100%")),
                             spacing="2", width="100%"),
                         rx.text(t("home.no_notifications"), color_scheme="gray", size="2")),
                 rx.link(t("nav.notifications"), href=routes.NOTIFICATIONS, size="2")),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
        ),
        spacing="4", width="100%",
    )
