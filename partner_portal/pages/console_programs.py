"""Platform Console › Plans and letters (`/console/plans`): plans, capabilities, letter versions."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import card, empty_state, form_field, page_header, status_badge, t
from partner_portal.domain import capabilities, errors, letters, plans
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

i18n.add({
    "nav.console_plans": ("Plans and letters", "计划与授权书"),
    "cp.title": ("Plans, capabilities and letters", "计划、能力与授权书"),
    "cp.subtitle": ("Open plans and capabilities to partners, and publish new versions of the authorization letters.",
                    "向伙伴开放计划和能力，并发布授权书的新版本。"),
    "cp.tab.plans": ("Plans", "计划"),
    "cp.tab.capabilities": ("Capabilities", "能力"),
    "cp.tab.letters": ("Letter versions", "授权书版本"),
    "cp.col.code": ("Code", "代码"),
    "cp.col.name": ("Name", "名称"),
    "cp.col.open": ("Under review", "审核中"),
    "cp.col.approved": ("Approved", "已通过"),
    "cp.col.rejected": ("Rejected", "已驳回"),
    "cp.col.requirements": ("Requirements", "认证要求"),
    "cp.col.kind": ("Letter", "授权书"),
    "cp.col.version": ("Version", "版本"),
    "cp.col.published": ("Published at", "发布时间"),
    "cp.col.text": ("Text", "正文"),
    "cp.active": ("Active", "有效"),
    "cp.inactive": ("Closed", "已关闭"),
    "cp.close": ("Close", "关闭"),
    "cp.open": ("Open", "开放"),
    "cp.review_queue": ("Open the review queue", "打开审核队列"),
    "cp.new_plan": ("New plan", "新建计划"),
    "cp.new_capability": ("New capability", "新建能力"),
    "cp.publish": ("Publish a new version", "发布新版本"),
    "cp.publish_button": ("Publish", "发布"),
    "cp.f.code": ("Code (e.g. co-expansion)", "代码（如 co-expansion）"),
    "cp.f.name": ("Name", "名称"),
    "cp.f.name_zh": ("Name (中文)", "名称（中文）"),
    "cp.f.description": ("Description", "说明"),
    "cp.f.description_zh": ("Description (中文)", "说明（中文）"),
    "cp.f.agreement": ("Commitment and agreement", "承诺与协议"),
    "cp.f.agreement_zh": ("Commitment and agreement (中文)", "承诺与协议（中文）"),
    "cp.f.requirements": ("Requirements", "认证要求"),
    "cp.f.requirements_zh": ("Requirements (中文)", "认证要求（中文）"),
    "cp.f.kind": ("Letter", "授权书"),
    "cp.f.text": ("Letter text", "授权书正文"),
    "cp.f.text_zh": ("Letter text (中文)", "授权书正文（中文）"),
    "cp.kind.end_user": ("End-user authorization letter", "最终用户授权书"),
    "cp.kind.commitment": ("Partner commitment letter", "合作伙伴承诺函"),
    "cp.letter_hint": ("Customers see a banner about a new end-user version at their next sign-in; partners accept a new "
                       "commitment version with their next request.",
                       "客户下次登录时会看到最终用户授权书新版本的提示；伙伴在下次申请时需接受新版承诺函。"),
    "cp.saved": ("Saved.", "已保存。"),
    "cp.published": ("Published version {v}.", "已发布版本 {v}。"),
})


class ConsoleProgramsState(AuthState):
    plans: list[dict[str, str]] = []
    capabilities: list[dict[str, str]] = []
    versions: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    letter_kind: str = "end_user"
    form_key: int = 0  # bumps to clear the uncontrolled forms after a save

    async def _refresh(self):
        def fn(session, actor):
            return (plans.list_all_plans(session, actor=actor), capabilities.list_all_capabilities(session, actor=actor),
                    letters.list_versions(session, actor=actor))

        ps, cs, vs = await self._call(fn)
        self.plans = [p.as_dict() for p in ps]
        self.capabilities = [c.as_dict() for c in cs]
        self.versions = [{**v.as_dict(), "excerpt": v.text[:160] + ("…" if len(v.text) > 160 else "")} for v in vs]

    @rx.event
    async def load(self):
        self.errors = {}
        try:
            await self._refresh()
        except errors.DomainError:
            self.plans, self.capabilities, self.versions = [], [], []

    async def _save(self, fn, ok: str, **kw):
        self.errors = {}
        try:
            result = await self._call(fn, **kw)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return None
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._refresh()
        self.form_key += 1
        return rx.toast.success(ok if not callable(ok) else ok(result))

    @rx.event
    async def create_plan(self, form: dict):
        fields = ("code", "name", "name_zh", "description", "description_zh", "agreement", "agreement_zh")
        return await self._save(plans.create_plan, self._t("cp.saved"),
                                **{k: str(form.get(k, ""))[:8000] for k in fields})

    @rx.event
    async def create_capability(self, form: dict):
        fields = ("name", "name_zh", "requirements", "requirements_zh")
        return await self._save(capabilities.create_capability, self._t("cp.saved"),
                                **{k: str(form.get(k, ""))[:4000] for k in fields})

    @rx.event
    def set_letter_kind(self, value: str):
        if value in letters.KINDS:
            self.letter_kind = value

    @rx.event
    async def publish(self, form: dict):
        return await self._save(letters.publish_version, lambda v: self._t("cp.published", v=v.version),
                                kind=self.letter_kind, text=str(form.get("text", ""))[:20000],
                                text_zh=str(form.get("text_zh", ""))[:20000])

    @rx.event
    async def toggle_plan(self, plan_id: str, active: str):
        return await self._save(plans.set_plan_active, self._t("cp.saved"),
                                plan_id=int(plan_id) if str(plan_id).isdigit() else 0, active=active == "True")

    @rx.event
    async def toggle_capability(self, cap_id: str, active: str):
        return await self._save(capabilities.set_capability_active, self._t("cp.saved"),
                                capability_id=int(cap_id) if str(cap_id).isdigit() else 0, active=active == "True")


S = ConsoleProgramsState


def _table(heads: list[str], rows, render) -> rx.Component:
    return rx.box(rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(h), white_space="nowrap") for h in heads])),
        rx.table.body(rx.foreach(rows, render)),
        variant="surface", size="2", width="100%",
    ), width="100%", overflow_x="auto")


def _active_badge(active: rx.Var) -> rx.Component:
    return rx.cond(active == "True", rx.badge(t("cp.active"), color_scheme="green", variant="soft", radius="full",
                                              size="2", high_contrast=True),
                   rx.badge(t("cp.inactive"), color_scheme="gray", variant="soft", radius="full", size="2",
                            high_contrast=True))


def _toggle(active: rx.Var, handler) -> rx.Component:
    return rx.button(rx.cond(active == "True", t("cp.close"), t("cp.open")), size="1", variant="soft",
                     color_scheme=rx.cond(active == "True", "gray", "green"),
                     on_click=handler)


def _area(label_key: str, name: str, rows: str = "3") -> rx.Component:
    return form_field(label_key, name, S.errors, control=rx.text_area(id=f"f-{name}", name=name, rows=rows, width="100%"))


def _submit(key: str) -> rx.Component:
    return rx.box(rx.button(t(key), type="submit"))


def plans_tab() -> rx.Component:
    return rx.vstack(
        rx.link(t("cp.review_queue"), href=routes.review_queue("plans"), size="2"),
        _table(["table.id", "cp.col.code", "cp.col.name", "table.status", "cp.col.open", "cp.col.approved",
                "cp.col.rejected", "table.operation"], S.plans, lambda p: rx.table.row(
            rx.table.cell("#", p["id"]), rx.table.cell(rx.code(p["code"])),
            rx.table.cell(rx.cond(AuthState.lang == "zh", rx.cond(p["name_zh"] != "", p["name_zh"], p["name"]), p["name"])),
            rx.table.cell(_active_badge(p["active"])), rx.table.cell(p["submitted"]), rx.table.cell(p["approved"]),
            rx.table.cell(p["rejected"]),
            rx.table.cell(_toggle(p["active"], S.toggle_plan(p["id"], rx.cond(p["active"] == "True", "False", "True")))),
        )),
        card(
            rx.heading(t("cp.new_plan"), size="3", as_="h2"),
            rx.form(rx.vstack(
                rx.grid(form_field("cp.f.code", "code", S.errors, required=True),
                        form_field("cp.f.name", "name", S.errors, required=True),
                        form_field("cp.f.name_zh", "name_zh", S.errors), columns="3", spacing="3", width="100%"),
                rx.grid(_area("cp.f.description", "description"), _area("cp.f.description_zh", "description_zh"),
                        _area("cp.f.agreement", "agreement", "4"), _area("cp.f.agreement_zh", "agreement_zh", "4"),
                        columns="2", spacing="3", width="100%"),
                _submit("common.save"),
                spacing="3", width="100%",
            ), on_submit=S.create_plan, reset_on_submit=False, key=S.form_key.to(str) + "-plan", width="100%"),
        ),
        spacing="3", width="100%", padding_top="1rem",
    )


def capabilities_tab() -> rx.Component:
    return rx.vstack(
        rx.link(t("cp.review_queue"), href=routes.review_queue("capabilities"), size="2"),
        _table(["table.id", "cp.col.name", "cp.col.requirements", "table.status", "cp.col.open", "cp.col.approved",
                "table.operation"], S.capabilities, lambda c: rx.table.row(
            rx.table.cell("#", c["id"]),
            rx.table.cell(rx.cond(AuthState.lang == "zh", rx.cond(c["name_zh"] != "", c["name_zh"], c["name"]), c["name"])),
            rx.table.cell(rx.text(c["requirements"], size="1", max_width="28rem")),
            rx.table.cell(_active_badge(c["active"])), rx.table.cell(c["submitted"]), rx.table.cell(c["approved"]),
            rx.table.cell(_toggle(c["active"], S.toggle_capability(c["id"], rx.cond(c["active"] == "True", "False",
                                                                                    "True")))),
        )),
        card(
            rx.heading(t("cp.new_capability"), size="3", as_="h2"),
            rx.form(rx.vstack(
                rx.grid(form_field("cp.f.name", "name", S.errors, required=True),
                        form_field("cp.f.name_zh", "name_zh", S.errors), columns="2", spacing="3", width="100%"),
                rx.grid(_area("cp.f.requirements", "requirements", "4"),
                        _area("cp.f.requirements_zh", "requirements_zh", "4"), columns="2", spacing="3", width="100%"),
                _submit("common.save"),
                spacing="3", width="100%",
            ), on_submit=S.create_capability, reset_on_submit=False, key=S.form_key.to(str) + "-cap", width="100%"),
        ),
        spacing="3", width="100%", padding_top="1rem",
    )


def letters_tab() -> rx.Component:
    kind_label = rx.cond(AuthState.lang == "zh", rx.Var.create({"end_user": "最终用户授权书", "commitment": "合作伙伴承诺函"}),
                         rx.Var.create({"end_user": "End-user authorization letter",
                                        "commitment": "Partner commitment letter"}))
    return rx.vstack(
        rx.cond(S.versions.length() > 0,
                _table(["cp.col.kind", "cp.col.version", "cp.col.published", "cp.col.text"], S.versions,
                       lambda v: rx.table.row(
                           rx.table.cell(kind_label[v["kind"]], white_space="nowrap"),
                           rx.table.cell("v", v["version"]), rx.table.cell(v["published_at"], white_space="nowrap"),
                           rx.table.cell(rx.text(v["excerpt"], size="1", max_width="36rem")),
                       )),
                empty_state("table.empty")),
        card(
            rx.heading(t("cp.publish"), size="3", as_="h2"),
            rx.text(t("cp.letter_hint"), size="2", color_scheme="gray"),
            rx.form(rx.vstack(
                rx.vstack(
                    rx.el.label(t("cp.f.kind"), html_for="cp-kind",
                                style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                    rx.select.root(
                        rx.select.trigger(id="cp-kind", aria_label=t("cp.f.kind"), min_width="16rem"),
                        rx.select.content(rx.select.item(t("cp.kind.end_user"), value="end_user"),
                                          rx.select.item(t("cp.kind.commitment"), value="commitment")),
                        value=S.letter_kind, on_change=S.set_letter_kind,
                    ),
                    spacing="1",
                ),
                rx.grid(_area("cp.f.text", "text", "8"), _area("cp.f.text_zh", "text_zh", "8"), columns="2", spacing="3",
                        width="100%"),
                _submit("cp.publish_button"),
                spacing="3", width="100%",
            ), on_submit=S.publish, reset_on_submit=False, key=S.form_key.to(str) + "-letter", width="100%"),
        ),
        spacing="3", width="100%", padding_top="1rem",
    )


@page(routes.CONSOLE_PLANS, "Plans and letters", perm="console", on_load=ConsoleProgramsState.load)
def console_programs() -> rx.Component:
    return rx.vstack(
        page_header("cp.title", subtitle_key="cp.subtitle"),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("cp.tab.plans"), value="plans"),
                         rx.tabs.trigger(t("cp.tab.capabilities"), value="capabilities"),
                         rx.tabs.trigger(t("cp.tab.letters"), value="letters")),
            rx.tabs.content(plans_tab(), value="plans"),
            rx.tabs.content(capabilities_tab(), value="capabilities"),
            rx.tabs.content(letters_tab(), value="letters"),
            default_value="plans", width="100%",
        ),
        spacing="4", width="100%",
    )
