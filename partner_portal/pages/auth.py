"""Sign-in, registration and password reset (public pages)."""
from __future__ import annotations

import reflex as rx

from partner_portal import db, routes
from partner_portal.components.ui import form_field, t
from partner_portal.domain import accounts, errors, security
from partner_portal.layout import language_switch, page
from partner_portal.state.auth import AuthState, _home_for, in_thread, safe_next


class LoginState(AuthState):
    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False

    @rx.event
    async def sign_in(self, form: dict):
        self.errors, self.message = {}, ""
        email, password = str(form.get("email", ""))[:200], str(form.get("password", ""))[:200]
        browser = self.router.session.client_token

        def work():
            with db.session() as s:
                return security.sign_in(s, email=email, password=password, browser=browser)

        try:
            token, actor = await in_thread(work)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            self.message = self._t(e.message)
            return
        self.token = token
        self.lang = actor.language
        target = safe_next(self.router.url.query_parameters.get("next", ""))
        return rx.redirect(target or _home_for(actor.role))

    @rx.event
    async def redirect_if_signed_in(self):
        actor = await self._actor()
        if actor is not None:
            return rx.redirect(_home_for(actor.role))


class RegisterState(AuthState):
    errors: dict[str, str] = {}

    @rx.event
    async def register(self, form: dict):
        self.errors = {}
        kind = str(form.get("kind", ""))
        data = {k: str(form.get(k, ""))[:300] for k in ("name", "email", "password", "confirm")}

        def work():
            with db.session() as s:
                return accounts.register(s, kind=kind, **data)

        try:
            token, actor = await in_thread(work)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        self.token = token
        return rx.redirect(_home_for(actor.role))


class ResetState(AuthState):
    errors: dict[str, str] = {}
    email: str = ""
    code_sent: bool = False
    done: bool = False

    @rx.event
    async def send_code(self, form: dict):
        self.errors = {}
        email = str(form.get("email", ""))[:200]

        def work():
            with db.session() as s:
                security.request_password_reset(s, email=email)

        try:
            await in_thread(work)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        self.email, self.code_sent = security.normalize_email(email), True

    @rx.event
    async def reset_password(self, form: dict):
        self.errors = {}
        email = self.email
        data = {k: str(form.get(k, ""))[:200] for k in ("code", "new_password", "confirm_password")}

        def work():
            with db.session() as s:
                security.reset_password(s, email=email, code=data["code"], new=data["new_password"],
                                        confirm=data["confirm_password"])

        try:
            await in_thread(work)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        self.done, self.code_sent = True, False

    @rx.event
    def start_over(self):
        self.code_sent = self.done = False
        self.errors = {}


def auth_frame(*children) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.hstack(rx.hstack(rx.icon("cloud", size=26, color="var(--accent-9)"),
                                rx.text(t("app.name"), size="5", weight="bold"), align="center", spacing="2"),
                      rx.spacer(), language_switch(), width="100%", align="center"),
            rx.card(rx.vstack(*children, spacing="4", width="100%"), size="3", width="100%"),
            width="100%", max_width="26rem", spacing="4",
        ),
        min_height="100vh", padding="1.5rem", background="var(--gray-2)",
    )


def live_form(*children, on_submit) -> rx.Component:
    """A form whose controls are disabled until the page is connected to the server, so nothing typed
    before hydration is lost and no submit goes nowhere."""
    return rx.form(
        rx.el.fieldset(*children, disabled=~rx.State.is_hydrated,
                       style={"border": "none", "padding": "0", "margin": "0", "min_width": "0"}),
        on_submit=on_submit, width="100%",
    )


def submit_button(label_key: str) -> rx.Component:
    return rx.button(t(label_key), type="submit", size="3", width="100%")


@page(routes.LOGIN, "Sign in", public=True, on_load=LoginState.redirect_if_signed_in)
def login_page() -> rx.Component:
    return rx.el.main(auth_frame(
        rx.heading(t("auth.sign_in_title"), size="5", as_="h1"),
        rx.cond(LoginState.message != "", rx.callout(LoginState.message, icon="triangle-alert", color_scheme="red",
                                                     role="alert", width="100%")),
        live_form(
            rx.vstack(
                form_field("auth.email", "email", LoginState.errors, type_="email", autocomplete="username"),
                form_field("auth.password", "password", LoginState.errors, type_="password",
                           autocomplete="current-password"),
                submit_button("auth.sign_in"),
                spacing="3", width="100%",
            ),
            on_submit=LoginState.sign_in,
        ),
        rx.hstack(
            rx.link(t("auth.forgot"), href=routes.FORGOT, size="2"),
            rx.spacer(),
            rx.text(t("auth.no_account"), " ", rx.link(t("auth.register"), href=routes.REGISTER, underline="always"), size="2"),
            width="100%", wrap="wrap",
        ),
    ))


@page(routes.REGISTER, "Register", public=True)
def register_page() -> rx.Component:
    kinds = [("partner", "auth.kind_partner"), ("personal", "auth.kind_personal"), ("customer", "auth.kind_customer")]
    return rx.el.main(auth_frame(
        rx.heading(t("auth.register_title"), size="5", as_="h1"),
        live_form(
            rx.vstack(
                rx.el.fieldset(
                    rx.el.legend(t("auth.account_kind"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                                                "margin_bottom": "0.4rem"}),
                    rx.radio_group.root(
                        rx.hstack(*[rx.el.label(rx.radio_group.item(value=v, id=f"kind-{v}"), t(k),
                                                html_for=f"kind-{v}",
                                                style={"display": "flex", "gap": "0.4rem", "align_items": "center",
                                                       "font_size": "var(--font-size-2)"})
                                    for v, k in kinds], spacing="4", wrap="wrap"),
                        default_value="partner", name="kind", aria_label="Account kind",
                    ),
                    style={"border": "none", "padding": "0", "margin": "0"},
                ),
                form_field("auth.name", "name", RegisterState.errors, autocomplete="name"),
                form_field("auth.email", "email", RegisterState.errors, type_="email", autocomplete="email"),
                form_field("auth.password", "password", RegisterState.errors, type_="password",
                           hint_key="auth.password_hint", autocomplete="new-password"),
                form_field("auth.confirm_password", "confirm", RegisterState.errors, type_="password",
                           autocomplete="new-password"),
                submit_button("auth.register"),
                spacing="3", width="100%",
            ),
            on_submit=RegisterState.register,
        ),
        rx.text(t("auth.have_account"), " ", rx.link(t("auth.sign_in"), href=routes.LOGIN, underline="always"), size="2"),
    ))


@page(routes.FORGOT, "Reset password", public=True, on_load=ResetState.start_over)
def forgot_page() -> rx.Component:
    return rx.el.main(auth_frame(
        rx.heading(t("auth.reset_title"), size="5", as_="h1"),
        rx.cond(
            ResetState.done,
            rx.vstack(rx.callout(t("auth.reset_done"), icon="check", color_scheme="green", width="100%"),
                      rx.link(t("auth.back_to_sign_in"), href=routes.LOGIN), width="100%"),
            rx.cond(
                ResetState.code_sent,
                live_form(
                    rx.vstack(
                        rx.callout(t("auth.code_sent"), icon="mail", color_scheme="blue", width="100%"),
                        form_field("auth.code", "code", ResetState.errors, autocomplete="one-time-code"),
                        form_field("auth.new_password", "new_password", ResetState.errors, type_="password",
                                   hint_key="auth.password_hint", autocomplete="new-password"),
                        form_field("auth.confirm_password", "confirm_password", ResetState.errors, type_="password",
                                   autocomplete="new-password"),
                        submit_button("auth.reset"),
                        spacing="3", width="100%",
                    ),
                    on_submit=ResetState.reset_password,
                ),
                live_form(
                    rx.vstack(
                        form_field("auth.email", "email", ResetState.errors, type_="email", autocomplete="username"),
                        submit_button("auth.send_code"),
                        spacing="3", width="100%",
                    ),
                    on_submit=ResetState.send_code,
                ),
            ),
        ),
        rx.link(t("auth.back_to_sign_in"), href=routes.LOGIN, size="2"),
    ))
