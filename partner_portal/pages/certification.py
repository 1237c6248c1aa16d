"""Capabilities › Capability Certification (`/capabilities/certification`): capabilities and their requirements,
Apply for Certification (capability, description, evidence files), Download Materials (the guide PDF)."""
from __future__ import annotations

import dataclasses

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import breadcrumb, card, empty_state, page_header, status_badge, t
from partner_portal.domain import capabilities, errors
from partner_portal.layout import page
from partner_portal.state.auth import AuthState

UPLOAD_ID = "capability-evidence"

i18n.add({
    "cert.title": ("Capability Certification", "能力认证"),
    "cert.subtitle": ("Get your company certified for the capabilities you deliver. Read the requirements and the guide, "
                      "then apply with your evidence.", "为贵公司交付的能力申请认证。请先阅读要求和指南，再提交证明材料。"),
    "cert.apply": ("Apply for Certification", "申请认证"),
    "cert.download": ("Download Materials", "下载资料"),
    "cert.capabilities": ("Capabilities", "能力"),
    "cert.requirements": ("Requirements", "认证要求"),
    "cert.not_applied": ("Not applied", "未申请"),
    "cert.history": ("My applications", "我的申请"),
    "cert.no_applications": ("No applications yet. Click Apply for Certification to send your first one.",
                             "暂无申请。点击“申请认证”提交第一份申请。"),
    "cert.no_capabilities": ("No capabilities are open for certification.", "当前没有开放认证的能力。"),
    "cert.capability": ("Capability", "能力"),
    "cert.choose": ("Choose a capability", "选择能力"),
    "cert.description": ("Description", "说明"),
    "cert.description_hint": ("How your company meets each requirement: people, certificates, projects, references.",
                              "说明贵公司如何满足每项要求：人员、证书、项目、客户案例。"),
    "cert.evidence": ("Evidence files", "证明材料"),
    "cert.evidence_hint": ("PDF, PNG or JPEG; at most 10 MB each and 5 files.", "PDF、PNG 或 JPEG；每个不超过 10 MB，最多 5 个。"),
    "cert.choose_files": ("Choose files", "选择文件"),
    "cert.drop": ("or drop them here", "或拖放到此处"),
    "cert.selected": ("Selected:", "已选择："),
    "cert.dialog_text": ("The platform reviews your application and notifies you of the result.",
                         "平台将审核您的申请并通知您结果。"),
    "cert.submitted": ("Application submitted. The platform will review it.", "申请已提交，平台将进行审核。"),
    "cert.col.capability": ("Capability", "能力"),
    "cert.col.submitted": ("Submitted at", "提交时间"),
    "cert.col.evidence": ("Evidence", "证明材料"),
    "cert.col.comment": ("Review comments", "审核意见"),
    "cert.guide_hint": ("The certification guide explains the process and the evidence to prepare.",
                        "认证指南介绍了流程以及需要准备的材料。"),
})


@dataclasses.dataclass
class EvidenceRow:
    filename: str = ""
    size: str = ""
    link: str = ""


@dataclasses.dataclass
class ApplicationRow:
    id: str = ""
    capability: str = ""
    capability_zh: str = ""
    status: str = ""
    submitted_at: str = ""
    review_comment: str = ""
    evidence: list[EvidenceRow] = dataclasses.field(default_factory=list)


class CertificationState(AuthState):
    capabilities: list[dict[str, str]] = []
    applications: list[ApplicationRow] = []
    dialog_open: bool = False
    capability_id: str = ""
    description: str = ""
    errors: dict[str, str] = {}
    busy: bool = False

    async def _refresh(self):
        def fn(session, actor):
            return (capabilities.list_capabilities(session, actor=actor),
                    capabilities.my_applications(session, actor=actor))

        caps, apps = await self._call(fn)
        self.capabilities = [c.as_dict() for c in caps]
        self.applications = [ApplicationRow(
            id=str(a.id), capability=a.capability, capability_zh=a.capability_zh, status=a.status,
            submitted_at=a.submitted_at, review_comment=a.review_comment,
            evidence=[EvidenceRow(filename=e.filename, size=e.size, link=e.link) for e in a.evidence],
        ) for a in apps]

    @rx.event
    async def load(self):
        self.dialog_open = False
        try:
            await self._refresh()
        except errors.DomainError:
            self.capabilities, self.applications = [], []

    @rx.event
    def open_apply(self):
        self.errors, self.description = {}, ""
        open_caps = [c["id"] for c in self.capabilities if c["can_apply"] == "True"]
        self.capability_id = open_caps[0] if open_caps else ""
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    def set_capability_id(self, value: str):
        self.capability_id = str(value)[:12]

    @rx.event
    def set_description(self, value: str):
        self.description = str(value)[:4000]

    @rx.event
    async def submit_application(self, files: list[rx.UploadFile]):
        self.errors = {}
        evidence = []
        for f in (files or [])[: capabilities.MAX_FILES + 1]:
            data = await f.read()
            evidence.append((f.name or "file", f.content_type or "", data))
        cap_id = int(self.capability_id) if self.capability_id.isdigit() else 0
        self.busy = True
        try:
            await self._call(capabilities.apply_for_certification, capability_id=cap_id,
                             description=self.description, evidence=evidence)
        except errors.InvalidInput as e:
            self.busy = False
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            self.busy = False
            return rx.toast.error(self._t(e.message))
        self.busy = False
        self.dialog_open = False
        await self._refresh()
        return [rx.clear_selected_files(UPLOAD_ID), rx.toast.success(self._t("cert.submitted"))]


def _lang(row, key: str) -> rx.Var:
    return rx.cond(AuthState.lang == "zh", row[f"{key}_zh"], row[key])


def _error(name: str) -> rx.Component:
    has = CertificationState.errors.contains(name)
    return rx.cond(has, rx.text(CertificationState.errors[name], color_scheme="red", size="1", role="alert"))


def _label(key: str, html_for: str) -> rx.Component:
    return rx.el.label(t(key), html_for=html_for, style={"font_size": "var(--font-size-2)", "font_weight": "500"})


def apply_dialog() -> rx.Component:
    selected = rx.selected_files(UPLOAD_ID)
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("cert.apply")),
            rx.dialog.description(t("cert.dialog_text"), size="2", color_scheme="gray"),
            rx.vstack(
                rx.vstack(
                    _label("cert.capability", "cert-capability"),
                    rx.select.root(
                        rx.select.trigger(id="cert-capability", placeholder=t("cert.choose"), width="100%",
                                          aria_label=t("cert.capability")),
                        rx.select.content(rx.foreach(CertificationState.capabilities, lambda c: rx.select.item(
                            _lang(c, "name"), value=c["id"], disabled=c["can_apply"] != "True"))),
                        value=CertificationState.capability_id, on_change=CertificationState.set_capability_id,
                    ),
                    _error("capability"),
                    spacing="1", width="100%",
                ),
                rx.vstack(
                    _label("cert.description", "cert-description"),
                    rx.text_area(id="cert-description", value=CertificationState.description,
                                 on_change=CertificationState.set_description, rows="5", width="100%",
                                 aria_describedby="cert-description-hint"),
                    rx.text(t("cert.description_hint"), id="cert-description-hint", size="1", color_scheme="gray"),
                    _error("description"),
                    spacing="1", width="100%",
                ),
                rx.vstack(
                    rx.text(t("cert.evidence"), size="2", weight="medium", id="cert-evidence-label"),
                    rx.upload(
                        rx.vstack(
                            rx.icon("file-up", size=24, color="var(--gray-10)"),
                            rx.hstack(rx.button(t("cert.choose_files"), type="button", variant="soft", size="2"),
                                      rx.text(t("cert.drop"), size="2", color_scheme="gray"), align="center"),
                            rx.text(t("cert.evidence_hint"), size="1", color_scheme="gray"),
                            align="center", spacing="2",
                        ),
                        id=UPLOAD_ID, multiple=True, max_files=capabilities.MAX_FILES, max_size=10 * 1024 * 1024,
                        accept={"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]},
                        border="1px dashed var(--gray-7)", border_radius="var(--radius-3)", padding="1rem",
                        width="100%", aria_labelledby="cert-evidence-label",
                    ),
                    rx.cond(selected.length() > 0, rx.hstack(
                        rx.text(t("cert.selected"), size="1", color_scheme="gray"),
                        rx.foreach(selected, lambda name: rx.badge(name, variant="soft", color_scheme="gray")),
                        wrap="wrap", spacing="1", align="center")),
                    _error("file"),
                    spacing="1", width="100%",
                ),
                spacing="4", width="100%", margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                rx.button(t("common.submit"), loading=CertificationState.busy,
                          on_click=CertificationState.submit_application(rx.upload_files(upload_id=UPLOAD_ID))),
                justify="end", spacing="3", margin_top="1.25rem",
            ),
            max_width="36rem",
        ),
        open=CertificationState.dialog_open, on_open_change=CertificationState.set_dialog_open,
    )


def _capability_card(c) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_lang(c, "name"), size="4", as_="h3"),
                rx.spacer(),
                rx.cond(c["my_status"] != "", status_badge(c["my_status"]),
                        rx.badge(t("cert.not_applied"), color_scheme="gray", variant="soft", radius="full", size="2")),
                align="center", width="100%",
            ),
            rx.text(t("cert.requirements"), size="2", weight="medium", color_scheme="gray"),
            rx.text(_lang(c, "requirements"), size="2", white_space="pre-wrap"),
            spacing="2", width="100%",
        ),
        size="2", width="100%",
    )


def _evidence(e) -> rx.Component:
    return rx.el.a(rx.hstack(rx.icon("paperclip", size=12), e.filename, rx.text("(", e.size, ")", color_scheme="gray"),
                             spacing="1", align="center"),
                   href=e.link, target="_blank", rel="noopener", reload_document=True, style={"font_size": "var(--font-size-2)",
                                                                        "color": "var(--accent-11)"})


def _history() -> rx.Component:
    return card(
        rx.heading(t("cert.history"), size="4", as_="h2"),
        rx.cond(
            CertificationState.applications.length() > 0,
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                    "table.id", "cert.col.capability", "table.status", "cert.col.submitted", "cert.col.evidence",
                    "cert.col.comment")])),
                rx.table.body(rx.foreach(CertificationState.applications, lambda a: rx.table.row(
                    rx.table.cell(rx.text("#", a.id, color_scheme="gray", size="2")),
                    rx.table.cell(rx.cond(AuthState.lang == "zh", a.capability_zh, a.capability)),
                    rx.table.cell(status_badge(a.status)),
                    rx.table.cell(a.submitted_at, white_space="nowrap"),
                    rx.table.cell(rx.vstack(rx.foreach(a.evidence, _evidence), spacing="1")),
                    rx.table.cell(a.review_comment),
                ))),
                variant="surface", size="2", width="100%",
            ), width="100%", overflow_x="auto"),
            empty_state("cert.no_applications"),
        ),
    )


@page(routes.CERTIFICATION, "Capability Certification", perm="capabilities", on_load=CertificationState.load)
def certification() -> rx.Component:
    download = rx.el.a(
        rx.hstack(rx.icon("download", size=16), t("cert.download"), spacing="2", align="center"),
        href=capabilities.GUIDE_URL, download="certification-guide.pdf", reload_document=True,  # a file, not a route
        style={"display": "inline-flex", "align_items": "center", "height": "var(--space-6)", "padding": "0 0.9rem",
               "border_radius": "var(--radius-2)", "background": "var(--accent-3)", "color": "var(--accent-11)",
               "font_weight": "500", "font_size": "var(--font-size-2)", "text_decoration": "none"},
    )
    apply = rx.button(rx.icon("badge-check", size=16), t("cert.apply"), on_click=CertificationState.open_apply)
    return rx.vstack(
        breadcrumb("nav.capabilities", "nav.certification"),
        page_header("cert.title", download, apply, subtitle_key="cert.subtitle"),
        rx.text(t("cert.guide_hint"), size="2", color_scheme="gray"),
        rx.heading(t("cert.capabilities"), size="4", as_="h2"),
        rx.cond(
            CertificationState.capabilities.length() > 0,
            rx.grid(rx.foreach(CertificationState.capabilities, _capability_card),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
            empty_state("cert.no_capabilities"),
        ),
        _history(),
        apply_dialog(),
        spacing="4", width="100%",
    )
