"""The page template: header, top navigation, banners, account menu; and page registration.

A page module declares itself with ``@page(route, title_key, perm=...)``;
``partner_portal.py`` adds every registered page to the app.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import reflex as rx

from partner_portal import routes
from partner_portal.components.ui import t
from partner_portal.state.auth import AuthState


@dataclass
class PageSpec:
    route: str
    title: str
    component: Callable[[], rx.Component]
    on_load: list = field(default_factory=list)


PAGES: list[PageSpec] = []


def _menu(menu: routes.Menu) -> rx.Component:
    children: list[rx.Component] = []
    group = None
    for item in menu.items:
        if item.group != group and item.group:
            if group is not None:
                children.append(rx.menu.separator())
            children.append(rx.text(t(item.group), size="1", color_scheme="gray", weight="medium", padding="4px 12px"))
            group = item.group
        entry = rx.menu.item(rx.link(t(item.label), href=item.route, underline="none", color="inherit"), as_child=True)
        children.append(rx.cond(AuthState.perms.contains(item.perm), entry) if item.perm != menu.perm else entry)
    return rx.cond(
        AuthState.perms.contains(menu.perm),
        rx.menu.root(
            rx.menu.trigger(rx.button(t(menu.label), rx.icon("chevron-down", size=14), variant="ghost",
                                      color_scheme="gray", high_contrast=True, size="2")),
            rx.menu.content(*children, size="2"),
        ),
    )


def language_switch() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Language", variant="ghost", color_scheme="gray"),
        rx.select.content(rx.select.item("English", value="en"), rx.select.item("中文", value="zh")),
        value=AuthState.lang, on_change=AuthState.set_language, size="2",
    )


def bell() -> rx.Component:
    """The notification bell: a button named Notifications with the unread count on it."""
    return rx.box(
        rx.icon_button(rx.icon("bell", size=18), variant="ghost", color_scheme="gray", aria_label="Notifications",
                       title=t("nav.notifications"), size="2", on_click=rx.redirect(routes.NOTIFICATIONS)),
        rx.cond(AuthState.unread > 0, rx.badge(AuthState.unread, color_scheme="red", variant="solid", radius="full", high_contrast=True,
                                               size="1", position="absolute", top="-4px", right="-6px",
                                               aria_hidden="true", pointer_events="none")),
        position="relative",
    )


def account_menu() -> rx.Component:
    role = AuthState.role
    is_work = (role == "partner_admin") | (role == "partner_staff") | (role == "distributor_admin") | (role == "member")
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.icon("circle-user", size=18), rx.text(AuthState.user_name, size="2", max_width="12rem",
                                                                          overflow="hidden", text_overflow="ellipsis",
                                                                          white_space="nowrap"),
                                  rx.icon("chevron-down", size=14), variant="soft", color_scheme="gray", aria_label="Account",
                                  size="2")),
        rx.menu.content(
            rx.cond(is_work, rx.menu.item(t("nav.partner_center"), on_click=rx.redirect(routes.PARTNER_CENTER))),
            rx.cond(role != "manager", rx.menu.item(t("nav.account_center"), on_click=rx.redirect(routes.ACCOUNT))),
            rx.menu.separator(),
            rx.menu.item(t("nav.sign_out"), on_click=AuthState.sign_out, color="red"),
            align="end",
        ),
    )


def header() -> rx.Component:
    home = rx.cond(AuthState.role == "customer", routes.MY_PARTNERS,
                   rx.cond(AuthState.role == "manager", routes.CONSOLE, routes.PARTNER_CENTER))
    return rx.el.header(
        rx.hstack(
            rx.link(rx.hstack(rx.icon("cloud", size=22, color="var(--accent-9)"),
                              rx.text(t("app.name"), size="4", weight="bold", white_space="nowrap"),
                              align="center", spacing="2"),
                    href=home, underline="none", color="inherit"),
            rx.el.nav(rx.hstack(*[_menu(m) for m in routes.TOP_NAV], spacing="1", wrap="wrap", align="center"),
                      aria_label="Top navigation", style={"flex": "1", "min_width": "0"}),
            rx.hstack(language_switch(), bell(), account_menu(), spacing="3", align="center"),
            align="center", spacing="5", width="100%", max_width="1280px", margin_x="auto",
            padding_x="1.5rem", padding_y="0.6rem",
        ),
        style={"border_bottom": "1px solid var(--gray-5)", "background": "var(--color-panel-solid)",
               "position": "sticky", "top": "0", "z_index": "10"},
        class_name="no-print",
    )


def banners() -> rx.Component:
    return rx.vstack(
        rx.cond(
            AuthState.show_intl,
            rx.callout.root(
                rx.callout.icon(rx.icon("globe", size=16)),
                rx.hstack(
                    rx.callout.text(t("intl.notice"), " ",
                                    rx.link(t("intl.link"), href="https://www.example.com/intl", is_external=True, underline="always"), "."),
                    rx.spacer(),
                    rx.button(t("intl.dismiss"), size="1", variant="solid", on_click=AuthState.dismiss_intl),
                    align="center", width="100%", wrap="wrap", spacing="3",
                ),
                color_scheme="blue", width="100%", role="status", high_contrast=True,
            ),
        ),
        rx.cond(
            AuthState.letter_notice,
            rx.callout.root(
                rx.callout.icon(rx.icon("file-text", size=16)),
                rx.callout.text(t("letter.banner"), " ", rx.link(t("letter.read"), href=routes.AUTHORIZATIONS, underline="always", high_contrast=True)),
                color_scheme="amber", width="100%", high_contrast=True,
            ),
        ),
        rx.cond(
            AuthState.partner_notice != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("info", size=16)),
                rx.callout.text(rx.match(AuthState.partner_notice,
                                         ("home.pending_partner", t("home.pending_partner")),
                                         ("home.distributor_exited", t("home.distributor_exited")),
                                         ("home.rejected_partner",
                                          rx.cond(AuthState.lang == "zh", "平台驳回了您的伙伴注册：",
                                                  "The platform rejected your partner registration: ")
                                          + AuthState.partner_comment),
                                         "")),
                color_scheme="amber", width="100%", high_contrast=True,
            ),
        ),
        spacing="2", width="100%", class_name="no-print",
    )


def no_access() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("shield-x", size=40, color="var(--red-9)"),
            rx.heading(t("nav.no_access"), size="6"),
            rx.text(t("nav.no_access_text"), color_scheme="gray", text_align="center"),
            rx.link(t("nav.home"), href="/"),
            align="center", spacing="3", max_width="28rem",
        ),
        padding_y="5rem", width="100%",
    )


def shell(content: rx.Component, perm: str | None) -> rx.Component:
    body = content if perm is None else rx.cond(AuthState.perms.contains(perm), content, no_access())
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(),
        rx.el.main(
            rx.vstack(
                banners(),
                rx.cond(AuthState.checked, body,
                        rx.center(rx.spinner(size="3"), padding_y="4rem", width="100%", aria_label=t("nav.loading"))),
                spacing="4", width="100%",
            ),
            id="main", style={"max_width": "1280px", "margin": "0 auto", "padding": "1.5rem", "width": "100%"},
        ),
        min_height="100vh", background="var(--gray-2)",
    )


def page(route: str, title: str, *, perm: str | None = None, on_load=None, public: bool = False):
    """Register a page. Signed-in pages get the shell and the server-side guard before their own on_load."""
    def deco(fn: Callable[[], rx.Component]):
        loads = [] if public else [AuthState.guard]
        if on_load is not None:
            loads.extend(on_load if isinstance(on_load, list) else [on_load])

        def component() -> rx.Component:
            return fn() if public else shell(fn(), perm)

        PAGES.append(PageSpec(route=route, title=title, component=component, on_load=loads))
        return fn
    return deco
