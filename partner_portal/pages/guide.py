"""Member › Newcomer Guide: profile → projects → certificates, with progress; resumable and skippable."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components import affiliation
from partner_portal.components.ui import breadcrumb, card, form_field, page_header, status_badge, t, wizard_steps
from partner_portal.domain import errors, members
from partner_portal.domain.paging import PageRequest
from partner_portal.layout import page
from partner_portal.pages.certificates import EMPTY_FORM as EMPTY_CERT
from partner_portal.pages.certificates import certificate_fields
from partner_portal.pages.projects import EMPTY_FORM as EMPTY_PROJECT
from partner_portal.pages.projects import clean_form, project_fields
from partner_portal.state.auth import AuthState

i18n.add({
    "guide.title": ("Newcomer Guide", "新手指引"),
    "guide.subtitle": ("Three short steps to complete your member profile. Your progress is kept; you can come back any time from the Member menu.",
                       "三个简单步骤完善您的个人资料。进度会自动保存，您可随时从“个人”菜单回来继续。"),
    "guide.step.profile": ("Profile", "个人资料"),
    "guide.step.projects": ("Projects", "项目"),
    "guide.step.certificates": ("Certificates", "证书"),
    "guide.skip": ("Skip the guide", "跳过指引"),
    "guide.finish": ("Finish", "完成"),
    "guide.profile_text": ("Tell partners and the platform who you are.", "让伙伴和平台了解您。"),
    "guide.f.name": ("Your name", "您的姓名"),
    "guide.f.language": ("Preferred language", "首选语言"),
    "guide.projects_text": ("Add at least one project you took part in. Projects the platform recorded for you are listed too.",
                            "请至少添加一个您参与过的项目。平台为您记录的项目也会列出。"),
    "guide.certs_text": ("Add at least one professional certificate; the platform reviews it. Attach the scan on the Certificates page.",
                         "请至少添加一个专业证书，平台将进行审核。可在“证书”页面上传扫描件。"),
    "guide.your_projects": ("Your projects", "您的项目"),
    "guide.your_certs": ("Your certificates", "您的证书"),
    "guide.none_yet": ("None yet.", "暂无。"),
    "guide.added_project": ("Project added.", "项目已添加。"),
    "guide.added_cert": ("Certificate submitted for review.", "证书已提交审核。"),
    "guide.done_title": ("All set!", "全部完成！"),
    "guide.done_text": ("Your profile, projects and certificates are in. Keep them up to date from the Member menu.",
                        "您的资料、项目和证书都已完善。可随时通过“个人”菜单更新。"),
    "guide.skipped_note": ("You skipped the guide earlier. Pick up where you left off.", "您之前跳过了指引，可从上次的位置继续。"),
    "guide.to_projects": ("Open Projects", "打开项目"),
    "guide.to_certs": ("Open Certificates", "打开证书"),
    "guide.to_home": ("Go to Partner Center", "前往伙伴中心"),
    "Enter your name.": ("Enter your name.", "请输入您的姓名。"),
    "Add at least one project, or skip the guide for now.": ("Add at least one project, or skip the guide for now.",
                                                             "请至少添加一个项目，或暂时跳过指引。"),
    "Add at least one certificate, or skip the guide for now.": (
        "Add at least one certificate, or skip the guide for now.", "请至少添加一个证书，或暂时跳过指引。"),
    "Finish the earlier steps first.": ("Finish the earlier steps first.", "请先完成前面的步骤。"),
})


class GuideState(AuthState):
    step: int = 0  # progress on the account: 0..3
    view: int = 1  # the step on screen: 1..3, 4 = done
    skipped: bool = False
    name: str = ""
    language: str = "en"
    projects: list[str] = []
    certificates: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    form_key: int = 0
    project_form: dict[str, str] = EMPTY_PROJECT
    cert_form: dict[str, str] = EMPTY_CERT

    def _apply(self, g: members.GuideView):
        self.step, self.skipped, self.name, self.language = g.step, g.skipped, g.name, g.language
        self.view = min(g.step + 1, 4)

    async def _refresh_lists(self):
        projects = await self._call(members.list_projects, req=PageRequest(limit=10))
        certs = await self._call(members.list_certificates, req=PageRequest(limit=10))
        self.projects = [r["name"] for r in projects.rows]
        self.certificates = [{"name": r["name"], "status": r["status"]} for r in certs.rows]

    @rx.event
    async def load(self):
        try:
            g = await self._call(members.guide)
            await self._refresh_lists()
        except errors.DomainError:
            return  # the shell shows No access or sends the visitor to sign in
        self.errors = {}
        self._apply(g)

    @rx.event
    async def save_profile(self, form: dict):
        self.errors = {}
        try:
            g = await self._call(members.save_guide_profile, name=str(form.get("name", ""))[:200],
                                 language=str(form.get("language", "")) or self.language)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._apply(g)
        self.user_name = g.name
        self.lang = g.language

    @rx.event
    def set_language_choice(self, value: str):
        if value in i18n.LANGUAGES:
            self.language = value

    @rx.event
    async def add_project(self, form: dict):
        self.errors = {}
        data = clean_form(form)
        try:
            await self._call(members.add_project, **data)
        except errors.InvalidInput as e:
            self.project_form = data
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.project_form = dict(EMPTY_PROJECT)
        self.form_key += 1
        await self._refresh_lists()
        return rx.toast.success(self._t("guide.added_project"))

    @rx.event
    async def add_certificate(self, form: dict):
        self.errors = {}
        data = {k: str(form.get(k, ""))[:200] for k in EMPTY_CERT}
        try:
            await self._call(members.add_certificate, **data)
        except errors.InvalidInput as e:
            self.cert_form = data
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.cert_form = dict(EMPTY_CERT)
        self.form_key += 1
        await self._refresh_lists()
        return rx.toast.success(self._t("guide.added_cert"))

    @rx.event
    async def next_step(self):
        self.errors = {}
        try:
            g = await self._call(members.complete_guide_step, step=self.view - 1)
        except errors.InvalidInput as e:
            self.errors = {"step": self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._apply(g)

    @rx.event
    def back(self):
        self.errors = {}
        self.view = max(1, self.view - 1)
        self.form_key += 1

    @rx.event
    async def skip(self):
        try:
            await self._call(members.skip_guide)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return rx.redirect(routes.PARTNER_CENTER)


def _step_error() -> rx.Component:
    return rx.cond(GuideState.errors.contains("step"),
                   rx.callout(GuideState.errors["step"], icon="triangle-alert", color_scheme="red", size="1",
                              role="alert", width="100%"))


def _nav(next_label_key: str = "common.next", next_event=GuideState.next_step, first: bool = False) -> rx.Component:
    return rx.hstack(
        rx.button(t("guide.skip"), variant="ghost", color_scheme="gray", on_click=GuideState.skip, type="button"),
        rx.spacer(),
        rx.fragment() if first else rx.button(rx.icon("chevron-left", size=16), t("common.back"), variant="soft",
                                              color_scheme="gray", on_click=GuideState.back, type="button"),
        rx.button(t(next_label_key), rx.icon("chevron-right", size=16), on_click=next_event, type="button")
        if next_event is not None else rx.fragment(),
        width="100%", align="center", spacing="3",
    )


def _profile_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("guide.step.profile"), size="4", as_="h2"),
            rx.text(t("guide.profile_text"), size="2", color_scheme="gray"),
            form_field("guide.f.name", "name", GuideState.errors, required=True, default_value=GuideState.name,
                       autocomplete="name"),
            rx.vstack(
                rx.el.label(t("guide.f.language"), html_for="f-language",
                            style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                rx.select.root(
                    rx.select.trigger(id="f-language", aria_label=t("guide.f.language"), width="100%"),
                    rx.select.content(rx.select.item("English", value="en"), rx.select.item("中文", value="zh")),
                    name="language", value=GuideState.language, on_change=GuideState.set_language_choice,
                ),
                spacing="1", width="100%",
            ),
            rx.hstack(
                rx.button(t("guide.skip"), variant="ghost", color_scheme="gray", on_click=GuideState.skip,
                          type="button"),
                rx.spacer(),
                rx.button(t("common.next"), rx.icon("chevron-right", size=16), type="submit"),
                width="100%", align="center",
            ),
            spacing="4", width="100%",
        ),
        on_submit=GuideState.save_profile, key=GuideState.form_key, width="100%",
    )


def _projects_step() -> rx.Component:
    return rx.vstack(
        rx.heading(t("guide.step.projects"), size="4", as_="h2"),
        rx.text(t("guide.projects_text"), size="2", color_scheme="gray"),
        rx.box(
            rx.text(t("guide.your_projects"), size="2", weight="bold"),
            rx.cond(GuideState.projects.length() > 0,
                    rx.el.ul(rx.foreach(GuideState.projects, lambda n: rx.el.li(rx.text(n, size="2"))),
                             style={"padding_left": "1.2rem", "margin": "0.3rem 0 0"}),
                    rx.text(t("guide.none_yet"), size="2", color_scheme="gray")),
            width="100%",
        ),
        rx.form(
            rx.vstack(
                project_fields(GuideState.errors, GuideState.project_form),
                rx.button(rx.icon("plus", size=16), t("projects.add"), type="submit", variant="soft"),
                spacing="3", width="100%", align="start",
            ),
            on_submit=GuideState.add_project, key=GuideState.form_key, width="100%",
            padding="1rem", border="1px solid var(--gray-5)", border_radius="var(--radius-3)",
        ),
        _step_error(),
        _nav(),
        spacing="4", width="100%",
    )


def _certificates_step() -> rx.Component:
    return rx.vstack(
        rx.heading(t("guide.step.certificates"), size="4", as_="h2"),
        rx.text(t("guide.certs_text"), size="2", color_scheme="gray"),
        rx.box(
            rx.text(t("guide.your_certs"), size="2", weight="bold"),
            rx.cond(GuideState.certificates.length() > 0,
                    rx.el.ul(rx.foreach(GuideState.certificates, lambda c: rx.el.li(
                        rx.hstack(rx.text(c["name"], size="2"),
                                  status_badge(c["status"]), spacing="2", align="center"))),
                             style={"padding_left": "1.2rem", "margin": "0.3rem 0 0"}),
                    rx.text(t("guide.none_yet"), size="2", color_scheme="gray")),
            width="100%",
        ),
        rx.form(
            rx.vstack(
                certificate_fields(GuideState.errors, GuideState.cert_form),
                rx.button(rx.icon("plus", size=16), t("certs.add"), type="submit", variant="soft"),
                spacing="3", width="100%", align="start",
            ),
            on_submit=GuideState.add_certificate, key=GuideState.form_key, width="100%",
            padding="1rem", border="1px solid var(--gray-5)", border_radius="var(--radius-3)",
        ),
        _step_error(),
        _nav("guide.finish"),
        spacing="4", width="100%",
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.icon("party-popper", size=36, color="var(--accent-9)"),
        rx.heading(t("guide.done_title"), size="5", as_="h2"),
        rx.text(t("guide.done_text"), size="2", color_scheme="gray", text_align="center"),
        rx.hstack(
            rx.link(rx.button(t("guide.to_projects"), variant="soft"), href=routes.PROJECTS),
            rx.link(rx.button(t("guide.to_certs"), variant="soft"), href=routes.CERTIFICATES),
            rx.link(rx.button(t("guide.to_home")), href=routes.PARTNER_CENTER),
            spacing="3", wrap="wrap", justify="center",
        ),
        align="center", spacing="3", padding_y="1.5rem", width="100%",
    )


def _progress() -> rx.Component:
    done = rx.cond(GuideState.step > 3, 3, GuideState.step)
    return rx.vstack(
        wizard_steps(["guide.step.profile", "guide.step.projects", "guide.step.certificates"], GuideState.view),
        rx.hstack(
            rx.progress(value=done * 100 // 3, max=100, width="100%", aria_label="Guide progress"),
            rx.text(rx.cond(AuthState.lang == "zh", "已完成 " + done.to(str) + "/3 步", done.to(str) + " of 3 steps done"),
                    size="1", color_scheme="gray", white_space="nowrap"),
            width="100%", align="center", spacing="3",
        ),
        spacing="3", width="100%",
    )


@page(routes.GUIDE, "Newcomer Guide", perm="member_area", on_load=GuideState.load)
def guide_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.member", "nav.guide"),
        page_header("guide.title", subtitle_key="guide.subtitle"),
        rx.cond(GuideState.skipped & (GuideState.step < 3),
                rx.callout(t("guide.skipped_note"), icon="info", color_scheme="blue", size="1", width="100%")),
        card(
            _progress(),
            rx.separator(size="4"),
            rx.match(GuideState.view, (1, _profile_step()), (2, _projects_step()), (3, _certificates_step()), _done()),
        ),
        spacing="4", width="100%", max_width="48rem", margin_x="auto",
    )


affiliation.register()  # the affiliation card on Account Center › Profile
