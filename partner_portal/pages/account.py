"""Account Center: the overview (`/account`) and Profile (`/account/profile`)."""
from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, t
from partner_portal.domain import accounts_admin, errors
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "account.title": ("Account Center", "账号中心"),
    "account.subtitle": ("Your account, your company and the records the platform keeps for you.",
                         "您的账号、企业以及平台为您保存的信息。"),
    "account.desc.profile": ("Name, language and password", "姓名、语言和密码"),
    "account.desc.my_partners": ("Partners associated with you and their requests", "与您关联的伙伴及其请求"),
    "account.desc.my_vouchers": ("Vouchers partners issued to you", "伙伴向您发放的代金券"),
    "account.desc.invoice_info": ("Invoice information for your invoices", "开票所用的发票信息"),
    "account.desc.authorizations": ("End-user authorization letters", "最终用户授权书"),
    "account.desc.users": ("Your company's staff users", "企业的员工子用户"),
    "account.desc.business_info": ("Company data and settlement currency, certified by the platform",
                                   "企业资料与结算币种，由平台认证"),
    "account.onboarding": ("Partner registration", "伙伴注册"),
    "account.onboarding.pending": ("Your partner company is waiting for the platform's approval. Until then you can "
                                   "only use your profile and invoice information.",
                                   "您的伙伴企业正在等待平台审核。审核通过前，您只能使用个人资料和发票信息。"),
    "account.onboarding.rejected": ("The platform rejected your partner registration.", "平台驳回了您的伙伴注册。"),
    "account.onboarding.active": ("Your partner company is approved.", "您的伙伴企业已通过审核。"),
    "account.reason": ("Reason", "原因"),
    "profile.title": ("Profile", "个人资料"),
    "profile.details": ("Personal details", "个人信息"),
    "profile.name": ("Name", "姓名"),
    "profile.email": ("E-mail", "邮箱"),
    "profile.role": ("Role", "角色"),
    "profile.company": ("Company", "企业"),
    "profile.language": ("Language", "语言"),
    "profile.saved": ("Profile saved.", "个人资料已保存。"),
    "profile.password": ("Change password", "修改密码"),
    "profile.password_text": ("Enter your current password. Your other signed-in sessions end when it changes.",
                              "请输入当前密码。修改后，您在其他设备上的登录将失效。"),
    "profile.current_password": ("Current password", "当前密码"),
    "profile.password_changed": ("Password changed. Your other sessions were signed out.",
                                 "密码已修改，其他会话已退出登录。"),
    "role.partner_admin": ("Partner administrator", "伙伴管理员"),
    "role.partner_staff": ("Partner staff", "伙伴员工"),
    "role.distributor_admin": ("Distributor administrator", "总经销商管理员"),
    "role.member": ("Individual member", "个人会员"),
    "role.customer": ("Customer", "客户"),
    "role.manager": ("Ecosystem manager", "生态经理"),
})

ROLES = ("partner_admin", "partner_staff", "distributor_admin", "member", "customer", "manager")


def role_label(role: rx.Var) -> rx.Var:
    return rx.match(role, *[(r, t(f"role.{r}")) for r in ROLES], role)


# Other areas add cards to the Profile page (e.g. the members' affiliation card):
# ``profile_sections.append(fn)`` at import, where ``fn()`` returns a component.
profile_sections: list[Callable[[], rx.Component]] = []


class AccountState(AuthState):
    onboarding_status: str = ""
    onboarding_comment: str = ""

    @rx.event
    async def load(self):
        try:
            status, comment = await self._call(accounts_admin.onboarding_state)
        except errors.DomainError:
            return
        self.onboarding_status, self.onboarding_comment = status, comment


def _onboarding_card() -> rx.Component:
    status = AccountState.onboarding_status
    return rx.cond(
        (status == "pending") | (status == "rejected"),
        rx.callout.root(
            rx.callout.icon(rx.cond(status == "pending", rx.icon("hourglass", size=16), rx.icon("circle-x", size=16))),
            rx.vstack(
                rx.text(t("account.onboarding"), weight="bold", size="2"),
                rx.callout.text(rx.cond(status == "pending", t("account.onboarding.pending"),
                                        t("account.onboarding.rejected"))),
                rx.cond(AccountState.onboarding_comment != "",
                        rx.text(t("account.reason"), ": ", AccountState.onboarding_comment, size="2")),
                spacing="1",
            ),
            color_scheme=rx.cond(status == "pending", "amber", "red"), width="100%", role="status",
        ),
    )


ICONS = {"nav.profile": "user-round", "nav.my_partners": "handshake", "nav.my_vouchers": "ticket",
         "nav.invoice_info": "receipt", "nav.authorizations": "signature", "nav.users": "users",
         "nav.business_info": "building-2"}


def _tile(item: routes.NavItem) -> rx.Component:
    key = item.label.removeprefix("nav.")
    tile = rx.link(
        rx.card(
            rx.hstack(
                rx.center(rx.icon(ICONS.get(item.label, "circle"), size=20), width="40px", height="40px",
                          border_radius="var(--radius-3)", background="var(--accent-3)", color="var(--accent-11)",
                          flex_shrink="0"),
                rx.vstack(rx.text(t(item.label), weight="bold", size="3", color="var(--gray-12)"),
                          rx.text(t(f"account.desc.{key}"), size="2", color_scheme="gray"), spacing="1"),
                spacing="3", align="center",
            ),
            width="100%", size="2",
        ),
        href=item.route, underline="none", width="100%",
    )
    return rx.cond(AuthState.perms.contains(item.perm), tile)


def _account_items() -> tuple[routes.NavItem, ...]:
    return next(m for m in routes.TOP_NAV if m.label == "nav.account_center").items


@page(routes.ACCOUNT, "Account Center", perm="account_center", on_load=AccountState.load)
def account_overview() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center"),
        page_header("account.title", subtitle_key="account.subtitle"),
        _onboarding_card(),
        rx.el.nav(
            rx.grid(*[_tile(i) for i in _account_items()], columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="4", width="100%"),
            aria_label=t("account.title"), style={"width": "100%"},
        ),
        spacing="4", width="100%",
    )


class ProfileState(AuthState):
    p_name: str = ""
    p_email: str = ""
    p_role: str = ""
    p_company: str = ""
    p_language: str = "en"
    loaded: bool = False
    errors: dict[str, str] = {}
    pw_errors: dict[str, str] = {}
    saved: bool = False
    pw_changed: bool = False

    def _apply(self, view) -> None:
        self.p_name, self.p_email, self.p_role = view.name, view.email, view.role
        self.p_company, self.p_language = view.company, view.language

    @rx.event
    async def load(self):
        self.errors, self.pw_errors, self.saved, self.pw_changed = {}, {}, False, False
        try:
            view = await self._call(accounts_admin.get_profile)
        except errors.DomainError:
            return
        self._apply(view)
        self.loaded = True

    @rx.event
    def set_p_language(self, value: str):
        if value in ("en", "zh"):
            self.p_language = value

    @rx.event
    async def save_profile(self, form: dict):
        self.errors, self.saved = {}, False
        try:
            view = await self._call(accounts_admin.update_profile, name=str(form.get("name", ""))[:300],
                                    language=self.p_language)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._apply(view)
        self.user_name, self.lang, self.saved = view.name, view.language, True

    @rx.event
    async def change_password(self, form: dict):
        self.pw_errors, self.pw_changed = {}, False
        data = {k: str(form.get(k, ""))[:200] for k in ("current_password", "new_password", "confirm_password")}
        try:
            await self._call(accounts_admin.change_password, current=data["current_password"],
                             new=data["new_password"], confirm=data["confirm_password"], token=self.token)
        except errors.InvalidInput as e:
            self.pw_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.pw_changed = True


def _readonly(label_key: str, value) -> rx.Component:
    return rx.vstack(rx.text(t(label_key), size="1", color_scheme="gray", weight="medium"),
                     rx.text(value, size="2"), spacing="0")


def _details_card() -> rx.Component:
    return card(
        rx.heading(t("profile.details"), size="4", as_="h2"),
        rx.grid(
            _readonly("profile.email", ProfileState.p_email),
            _readonly("profile.role", role_label(ProfileState.p_role)),
            rx.cond(ProfileState.p_company != "", _readonly("profile.company", ProfileState.p_company)),
            columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
        ),
        rx.divider(),
        rx.form(
            rx.vstack(
                form_field("profile.name", "name", ProfileState.errors, required=True,
                           default_value=ProfileState.p_name, autocomplete="name"),
                rx.vstack(
                    rx.el.label(t("profile.language"), html_for="f-language",
                                style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                    rx.select.root(
                        rx.select.trigger(id="f-language", aria_label=t("profile.language"), width="100%"),
                        rx.select.content(rx.select.item("English", value="en"), rx.select.item("中文", value="zh")),
                        value=ProfileState.p_language, on_change=ProfileState.set_p_language,
                    ),
                    rx.cond(ProfileState.errors.contains("language"),
                            rx.text(ProfileState.errors["language"], color_scheme="red", size="1", role="alert")),
                    spacing="1", width="100%", align="stretch",
                ),
                rx.hstack(
                    rx.button(t("common.save"), type="submit"),
                    rx.cond(ProfileState.saved, rx.text(t("profile.saved"), color_scheme="green", size="2",
                                                        role="status")),
                    align="center", spacing="3",
                ),
                spacing="3", width="100%", max_width="28rem",
            ),
            on_submit=ProfileState.save_profile, width="100%",
        ),
    )


def _password_card() -> rx.Component:
    return card(
        rx.heading(t("profile.password"), size="4", as_="h2"),
        rx.text(t("profile.password_text"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                form_field("profile.current_password", "current_password", ProfileState.pw_errors, type_="password",
                           required=True, autocomplete="current-password"),
                form_field("auth.new_password", "new_password", ProfileState.pw_errors, type_="password",
                           required=True, hint_key="auth.password_hint", autocomplete="new-password"),
                form_field("auth.confirm_password", "confirm_password", ProfileState.pw_errors, type_="password",
                           required=True, autocomplete="new-password"),
                rx.hstack(
                    rx.button(t("profile.password"), type="submit"),
                    rx.cond(ProfileState.pw_changed, rx.text(t("profile.password_changed"), color_scheme="green",
                                                             size="2", role="status")),
                    align="center", spacing="3", wrap="wrap",
                ),
                spacing="3", width="100%", max_width="28rem",
            ),
            on_submit=ProfileState.change_password, reset_on_submit=True, width="100%",
        ),
    )


@page(routes.PROFILE, "Profile", perm="account_center", on_load=ProfileState.load)
def profile() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.profile"),
        page_header("profile.title"),
        rx.cond(
            ProfileState.loaded,
            rx.vstack(_details_card(), *[fn() for fn in profile_sections], _password_card(), spacing="4",
                      width="100%"),
            rx.center(rx.spinner(size="3"), padding="3rem", width="100%"),
        ),
        spacing="4", width="100%",
    )
