"""Plans › Partner Program (`/plans/partner-program`) and its application page (`.../apply`)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, empty_state, page_header, status_badge, t
from partner_portal.domain import errors, plans
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

CO_EXPANSION = plans.CO_EXPANSION

i18n.add({
    "pp.title": ("Partner Program", "华为云伙伴计划"),
    "pp.subtitle": ("Choose a plan, read what it offers and join it. The platform reviews every application.",
                    "选择计划，了解权益并申请加入。平台会审核每一份申请。"),
    "pp.plans": ("Plans", "计划"),
    "pp.join": ("Join Now", "立即加入"),
    "pp.my_status": ("Your application", "您的申请"),
    "pp.under_review": ("Your application is under review. You will be notified of the result.",
                        "您的申请正在审核中，结果将通知您。"),
    "pp.joined": ("Your company has joined this plan.", "贵公司已加入此计划。"),
    "pp.rejected_note": ("The platform rejected your last application. Review comments:",
                         "平台驳回了您上一次的申请。审核意见："),
    "pp.reapply": ("You can correct what the comments say and apply again.", "您可按意见修改后重新申请。"),
    "pp.history": ("My applications", "我的申请"),
    "pp.col.plan": ("Plan", "计划"),
    "pp.col.submitted": ("Submitted at", "提交时间"),
    "pp.col.reviewed": ("Reviewed at", "审核时间"),
    "pp.col.comment": ("Review comments", "审核意见"),
    "pp.no_applications": ("No applications yet. Choose a plan above and click Join Now.",
                           "暂无申请。请在上方选择计划并点击“立即加入”。"),
    "pp.no_plans": ("No plans are open at the moment.", "当前没有开放的计划。"),
    "pp.apply_title": ("Apply to join the plan", "申请加入计划"),
    "pp.about": ("About the plan", "计划简介"),
    "pp.agreement": ("Commitment and agreement", "承诺与协议"),
    "pp.agree": ("I have read and agree to the commitment and agreement", "我已阅读并同意承诺与协议"),
    "pp.submit": ("Submit Application", "提交申请"),
    "pp.submit_hint": ("Tick the box above to submit.", "勾选上方复选框后才能提交。"),
    "pp.done_title": ("Application submitted", "申请已提交"),
    "pp.back": ("Back to Partner Program", "返回伙伴计划"),
    "pp.cannot_apply": ("You cannot submit a new application for this plan now.", "您目前无法为此计划提交新的申请。"),
    "pp.not_found": ("This plan does not exist or is closed.", "该计划不存在或已关闭。"),
})


def _lang(row, key: str) -> rx.Var:
    return rx.cond(AuthState.lang == "zh", row[f"{key}_zh"], row[key])


class ProgramState(AuthState):
    plans: list[dict[str, str]] = []
    applications: list[dict[str, str]] = []
    selected: str = CO_EXPANSION

    @rx.event
    async def load(self):
        def fn(session, actor):
            return plans.list_plans(session, actor=actor), plans.my_applications(session, actor=actor)

        try:
            found, apps = await self._call(fn)
        except errors.DomainError:
            self.plans, self.applications = [], []
            return
        self.plans = [p.as_dict() for p in found]
        self.applications = [a.as_dict() for a in apps]
        codes = [p.code for p in found]
        if self.selected not in codes and codes:
            self.selected = plans.CO_EXPANSION if plans.CO_EXPANSION in codes else codes[0]

    @rx.event
    def select_plan(self, code: str):
        if any(p["code"] == code for p in self.plans):
            self.selected = code


def _plan_panel(p) -> rx.Component:
    join = rx.link(rx.button(rx.icon("log-in", size=16), t("pp.join"), size="3"),
                   href=routes.PROGRAM_APPLY + "?plan=" + p["code"])
    return rx.tabs.content(
        card(
            rx.heading(_lang(p, "name"), size="5", as_="h2"),
            rx.text(_lang(p, "description"), size="3", color_scheme="gray", white_space="pre-wrap"),
            rx.cond(
                p["my_status"] != "",
                rx.hstack(rx.text(t("pp.my_status"), size="2", weight="medium"), status_badge(p["my_status"]),
                          rx.text("#", p["my_application_id"], size="2", color_scheme="gray"),
                          spacing="2", align="center"),
            ),
            rx.match(
                p["my_status"],
                ("submitted", rx.callout(t("pp.under_review"), icon="clock", color_scheme="amber", width="100%", high_contrast=True)),
                ("approved", rx.callout(t("pp.joined"), icon="badge-check", color_scheme="green", width="100%", high_contrast=True)),
                ("rejected", rx.callout(rx.text(t("pp.rejected_note"), " ", rx.text.strong(p["my_comment"]), " ",
                                                t("pp.reapply")), icon="info", color_scheme="red", width="100%", high_contrast=True)),
                rx.fragment(),
            ),
            rx.cond(p["can_apply"] == "True", rx.box(join)),
        ),
        value=p["code"], padding_top="1rem",
    )


def _history() -> rx.Component:
    return card(
        rx.heading(t("pp.history"), size="4", as_="h2"),
        rx.cond(
            ProgramState.applications.length() > 0,
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                    "table.id", "pp.col.plan", "table.status", "pp.col.submitted", "pp.col.reviewed", "pp.col.comment")])),
                rx.table.body(rx.foreach(ProgramState.applications, lambda a: rx.table.row(
                    rx.table.cell(rx.text("#", a["id"], color_scheme="gray", size="2")),
                    rx.table.cell(_lang(a, "plan_name")),
                    rx.table.cell(status_badge(a["status"])),
                    rx.table.cell(a["submitted_at"]),
                    rx.table.cell(a["reviewed_at"]),
                    rx.table.cell(a["review_comment"]),
                ))),
                variant="surface", size="2", width="100%",
            ), width="100%", overflow_x="auto"),
            empty_state("pp.no_applications"),
        ),
    )


@page(routes.PARTNER_PROGRAM, "Partner Program", perm="plans", on_load=ProgramState.load)
def partner_program() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.plans", "nav.partner_program"),
        page_header("pp.title", subtitle_key="pp.subtitle"),
        rx.cond(
            ProgramState.plans.length() > 0,
            rx.tabs.root(
                rx.tabs.list(rx.foreach(ProgramState.plans, lambda p: rx.tabs.trigger(_lang(p, "name"), value=p["code"])),
                             aria_label=t("pp.plans"), wrap="wrap"),
                rx.foreach(ProgramState.plans, _plan_panel),
                value=ProgramState.selected, on_change=ProgramState.select_plan, width="100%",
            ),
            empty_state("pp.no_plans"),
        ),
        _history(),
        spacing="4", width="100%",
    )


# ---------------------------------------------------------------- the application page
class ApplyState(AuthState):
    plan: dict[str, str] = {}
    agreed: bool = False
    submitted_id: str = ""
    error: str = ""
    missing: bool = False

    @rx.event
    async def load(self):
        self.agreed, self.submitted_id, self.error, self.missing = False, "", "", False
        code = self.router.url.query_parameters.get("plan", plans.CO_EXPANSION)[:40]
        try:
            view = await self._call(plans.get_plan, code=code)
        except errors.NotFound:
            self.plan, self.missing = {}, True
            return
        except errors.DomainError:
            self.plan = {}
            return
        self.plan = view.as_dict()

    @rx.event
    def set_agreed(self, value: bool):
        self.agreed = value is True
        if self.agreed:
            self.error = ""

    @rx.event
    async def submit(self):
        self.error = ""
        code = self.plan.get("code", "")
        try:
            view = await self._call(plans.apply_to_plan, plan_code=code, agreed=self.agreed)
        except errors.InvalidInput as e:
            self.error = self._t(e.message)
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.submitted_id = str(view.id)
        self.plan = {**self.plan, "can_apply": "False", "my_status": "submitted"}


def _done() -> rx.Component:
    return card(
        rx.hstack(rx.icon("circle-check", size=28, color="var(--green-9)"),
                  rx.heading(t("pp.done_title"), size="5", as_="h2"), spacing="3", align="center"),
        rx.text(rx.cond(AuthState.lang == "zh", "您的申请 #" + ApplyState.submitted_id + " 已提交。平台审核后会通知您结果。",
                        "Your application #" + ApplyState.submitted_id
                        + " has been submitted. The platform will review it and notify you of the result."),
                size="3", role="status"),
        rx.hstack(status_badge("submitted"), spacing="2"),
        rx.link(t("pp.back"), href=routes.PARTNER_PROGRAM, size="2"),
    )


def _form() -> rx.Component:
    return rx.vstack(
        card(
            rx.heading(t("pp.about"), size="4", as_="h2"),
            rx.text(_lang(ApplyState.plan, "description"), size="2", white_space="pre-wrap"),
        ),
        card(
            rx.heading(t("pp.agreement"), size="4", as_="h2"),
            rx.box(
                rx.text(_lang(ApplyState.plan, "agreement"), size="2", white_space="pre-wrap"),
                max_height="16rem", overflow_y="auto", padding="1rem", border="1px solid var(--gray-6)",
                border_radius="var(--radius-3)", background="var(--gray-1)", tab_index=0, role="region",
                aria_label=t("pp.agreement"),
            ),
            # uncontrolled: the box toggles at once; the server keeps its own copy and refuses without it
            rx.checkbox(t("pp.agree"), default_checked=False, on_change=ApplyState.set_agreed, size="2",
                        id="pp-agree"),
            rx.cond(ApplyState.error != "", rx.text(ApplyState.error, color_scheme="red", size="2", role="alert")),
            rx.hstack(
                rx.button(t("pp.submit"), size="3", disabled=~ApplyState.agreed, on_click=ApplyState.submit),
                rx.cond(~ApplyState.agreed, rx.text(t("pp.submit_hint"), size="2", color_scheme="gray")),
                rx.spacer(),
                rx.link(t("common.cancel"), href=routes.PARTNER_PROGRAM, size="2"),
                align="center", spacing="3", width="100%", wrap="wrap",
            ),
        ),
        spacing="4", width="100%",
    )


@page(routes.PROGRAM_APPLY, "Apply to a plan", perm="plans", on_load=ApplyState.load)
def program_apply() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.plans", "nav.partner_program", "pp.apply_title"),
        rx.vstack(
            rx.heading(t("pp.apply_title"), size="6", as_="h1"),
            rx.text(_lang(ApplyState.plan, "name"), size="4", color_scheme="gray"),
            spacing="1",
        ),
        rx.cond(
            ApplyState.submitted_id != "",
            _done(),
            rx.cond(
                ApplyState.missing,
                rx.callout(t("pp.not_found"), icon="circle-alert", color_scheme="red", width="100%", high_contrast=True),
                rx.cond(
                    ApplyState.plan["can_apply"] == "False",
                    rx.vstack(
                        rx.callout(rx.match(ApplyState.plan["my_status"],
                                            ("submitted", t("pp.under_review")),
                                            ("approved", t("pp.joined")),
                                            t("pp.cannot_apply")),
                                   icon="info", color_scheme="amber", width="100%", high_contrast=True),
                        rx.link(t("pp.back"), href=routes.PARTNER_PROGRAM, size="2"),
                        spacing="3", width="100%",
                    ),
                    _form(),
                ),
            ),
        ),
        spacing="4", width="100%", max_width="52rem",
    )
