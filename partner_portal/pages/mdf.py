"""Benefits › Market Development Fund (MDF), tab Application Records: apply, cancel, declare redemption,
View Invoicing List on redemption-approved rows."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, files, mdf
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState, in_thread
from partner_portal.state.listing import ListMixin

i18n.add({
    "mdf.title": ("Market Development Fund (MDF)", "市场发展基金（MDF）"),
    "mdf.records": ("Application Records", "申请记录"),
    "mdf.apply": ("Apply for Activity", "申请活动"),
    "mdf.quota": ("MDF quota {year}", "{year} 年 MDF 额度"),
    "mdf.quota_total": ("Quota", "额度"),
    "mdf.quota_committed": ("Committed", "已占用"),
    "mdf.quota_remaining": ("Remaining", "剩余"),
    "mdf.no_quota": ("The platform has not set your MDF quota for this year yet.", "平台尚未设置您本年度的 MDF 额度。"),
    "mdf.rules": ("Apply at least 10 working days before the activity starts. Declare the redemption within 90 days "
                  "after the activity ends; after a rejection, resubmit within 45 days. Send the invoice within 15 days "
                  "after the redemption is approved.",
                  "请至少在活动开始前 10 个工作日申请。活动结束后 90 天内进行兑现申报；被驳回后 45 天内重新提交。"
                  "兑现申报通过后 15 天内寄送发票。"),
    "mdf.earliest": ("Earliest start for a new application:", "新申请的最早开始日期："),
    "mdf.col.name": ("Activity name", "活动名称"),
    "mdf.col.type": ("Activity type", "活动类型"),
    "mdf.col.budget": ("Amount (tax incl.)", "金额（含税）"),
    "mdf.col.period": ("Activity period", "活动时间"),
    "mdf.col.actual": ("Actual amount", "实际金额"),
    "mdf.col.comment": ("Review comment", "审核意见"),
    "mdf.col.deadline": ("Declare by", "申报截止"),
    "mdf.empty": ("No MDF applications yet. Click Apply for Activity to request funds for a marketing activity.",
                  "暂无 MDF 申请。点击“申请活动”为营销活动申请资金。"),
    "mdf.cancel": ("Cancel", "取消申请"),
    "mdf.cancel_title": ("Cancel this application?", "确定取消此申请？"),
    "mdf.cancel_text": ("The amount returns to your MDF quota. This cannot be undone.", "金额将退回您的 MDF 额度，且无法撤销。"),
    "mdf.cancel_confirm": ("Cancel application", "取消申请"),
    "mdf.keep": ("Keep it", "保留"),
    "mdf.cancelled": ("Application cancelled.", "申请已取消。"),
    "mdf.declare": ("Declare Redemption", "兑现申报"),
    "mdf.redeclare": ("Resubmit Redemption", "重新兑现申报"),
    "mdf.view_list": ("View Invoicing List", "查看开票清单"),
    "mdf.f.name": ("Activity name", "活动名称"),
    "mdf.f.type": ("Activity type", "活动类型"),
    "mdf.f.budget": ("Amount (tax included)", "金额（含税）"),
    "mdf.f.start": ("Start date", "开始日期"),
    "mdf.f.end": ("End date", "结束日期"),
    "mdf.f.actual": ("Actual amount (tax included)", "实际金额（含税）"),
    "mdf.f.note": ("What was done", "活动执行说明"),
    "mdf.f.proofs": ("Proof files", "证明材料"),
    "mdf.proof_hint": ("Drop PDF, PNG or JPEG files here (at most 10 MB each), or click to choose.",
                       "将 PDF、PNG 或 JPEG 文件拖到此处（每个不超过 10 MB），或点击选择。"),
    "mdf.proof_label": ("Choose proof files", "选择证明材料"),
    "mdf.remove_file": ("Remove", "移除"),
    "mdf.budget_hint": ("In your settlement currency; at most what is left of your MDF quota.", "以结算币种计，不超过剩余 MDF 额度。"),
    "mdf.duplicate": ("An activity with the same name and dates already exists. Submit anyway?",
                      "已存在名称和日期相同的活动。仍要提交吗？"),
    "mdf.submit_anyway": ("Submit anyway", "仍然提交"),
    "mdf.applied": ("Application submitted for review.", "申请已提交审核。"),
    "mdf.declared": ("Redemption declaration submitted for review.", "兑现申报已提交审核。"),
    "mdf.declare_title": ("Redemption declaration", "兑现申报"),
    "mdf.declare_for": ("Activity: {name}", "活动：{name}"),
    "mdf.rejected_reason": ("Rejected: {comment}", "驳回原因：{comment}"),
    "mdf.kind": ("Kind of application", "申请类型"),
    **{f"mdf.type.{k}": v for k, v in {
        "seminar": ("Seminar", "研讨会"), "exhibition": ("Exhibition", "展会"), "online_campaign": ("Online campaign", "线上推广"),
        "customer_workshop": ("Customer workshop", "客户工作坊"), "training": ("Training", "培训"),
        "advertising": ("Advertising", "广告"),
    }.items()},
    "queue.mdf": ("MDF applications", "MDF 活动申请"),
    "queue.mdf-redemptions": ("MDF redemption declarations", "MDF 兑现申报"),
})

FORM_FIELDS = ("name", "activity_type", "budget", "start_date", "end_date")
UPLOAD_ID = "mdf-proofs"


class MdfState(ListMixin, AuthState):
    _csv_name: str = "mdf-applications.csv"
    quota: dict[str, str] = {}
    earliest: str = ""
    # apply dialog
    apply_open: bool = False
    errors: dict[str, str] = {}
    form: dict[str, str] = {}
    form_key: int = 0
    duplicate: bool = False
    # cancel dialog
    cancel_open: bool = False
    cancel_subject: str = ""
    _cancel_id: int = 0
    # redemption dialog
    declare_open: bool = False
    declare_subject: str = ""
    declare_comment: str = ""
    proof_names: list[str] = []
    _declare_id: int = 0
    _proofs: list[tuple[str, str, bytes]] = []

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = mdf.list_applications(session, actor=actor, req=req, search=self.search, status=self.status_filter)
        for row in page.rows:
            row["activity_type"] = self._t(f"mdf.type.{row['activity_type']}")
        return page

    def _export(self, session, actor):
        return mdf.export_applications(session, actor=actor, search=self.search, status=self.status_filter)

    async def _load_quota(self):
        def fn(session, actor):
            q = mdf.quota_summary(session, actor=actor)
            return q, mdf.earliest_start(session)

        try:
            q, first = await self._call(fn)
        except errors.DomainError:
            return
        self.quota = {"year": str(q.year), "quota": q.quota, "committed": q.committed, "remaining": q.remaining,
                      "has": "1" if q.has_quota else ""}
        self.earliest = first.isoformat()

    @rx.event
    async def load(self):
        self.apply_open = self.cancel_open = self.declare_open = False
        await self._load_quota()
        self.page_no = 1
        return await self._reload()

    # ---------------------------------------------------------- apply
    @rx.event
    def open_apply(self):
        self.errors, self.duplicate = {}, False
        self.form = {"name": "", "activity_type": "seminar", "budget": "", "start_date": self.earliest,
                     "end_date": self.earliest}
        self.form_key += 1
        self.apply_open = True

    @rx.event
    def set_apply_open(self, value: bool):
        self.apply_open = bool(value)

    async def _submit(self, confirm: bool):
        data = dict(self.form)
        try:
            res = await self._call(mdf.apply, confirm_duplicate=confirm, **data)
        except errors.InvalidInput as e:
            self.errors, self.duplicate = {e.field: self._t(e.message)}, False
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        if res.id is None:
            self.duplicate = True
            return
        self.apply_open, self.duplicate = False, False
        await self._load_quota()
        await self._reload()
        return rx.toast.success(self._t("mdf.applied"))

    @rx.event
    async def submit_apply(self, form: dict):
        self.errors = {}
        self.form = {k: str(form.get(k, ""))[:200] for k in FORM_FIELDS}
        return await self._submit(confirm=False)

    @rx.event
    async def confirm_duplicate(self):
        if not self.duplicate:
            return
        return await self._submit(confirm=True)

    # ---------------------------------------------------------- cancel
    @rx.event
    def open_cancel(self, application_id: str):
        row = next((r for r in self.rows if r.get("id") == str(application_id)), None)
        if row is None:
            return
        self._cancel_id, self.cancel_subject = int(row["id"]), f"#{row['id']} · {row['name']}"
        self.cancel_open = True

    @rx.event
    def set_cancel_open(self, value: bool):
        self.cancel_open = bool(value)

    @rx.event
    async def confirm_cancel(self):
        self.cancel_open = False
        try:
            await self._call(mdf.cancel, application_id=self._cancel_id)
        except errors.DomainError as e:
            await self._reload()
            return rx.toast.error(self._t(e.message))
        await self._load_quota()
        await self._reload()
        return rx.toast.success(self._t("mdf.cancelled"))

    # ---------------------------------------------------------- redemption
    @rx.event
    async def open_declare(self, application_id: str):
        if not str(application_id).isdigit():
            return
        try:
            row = await self._call(mdf.application_brief, application_id=int(application_id))
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self._declare_id = int(row["id"])
        self.declare_subject = f"#{row['id']} · {row['name']} · {row['period']} · {row['budget']}"
        self.declare_comment = row["review_comment"] if row["status"] == "redemption_rejected" else ""
        self._proofs, self.proof_names, self.errors = [], [], {}
        self.form_key += 1
        self.declare_open = True

    @rx.event
    def set_declare_open(self, value: bool):
        self.declare_open = bool(value)
        if not value:
            self._proofs, self.proof_names = [], []

    @rx.event
    async def add_proofs(self, uploads: list[rx.UploadFile]):
        """Each file is checked at once; the bytes stay on the server until the declaration is submitted."""
        errs = {k: v for k, v in self.errors.items() if k not in ("file", "files")}
        for upload in uploads or []:
            if len(self._proofs) >= mdf.MAX_PROOF_FILES:
                errs["files"] = self._t(f"Attach at most {mdf.MAX_PROOF_FILES} proof files.")
                break
            data = await in_thread(lambda u=upload: u.file.read(files.MAX_BYTES + 1))
            ctype = upload.headers.get("content-type", "") if upload.headers else ""
            try:
                name, ctype = files.check_upload(upload.filename or "", ctype, data)
            except errors.InvalidInput as e:
                errs["files"] = f"{upload.filename}: {self._t(e.message)}"
                continue
            self._proofs = [*self._proofs, (name, ctype, data)]
        self.proof_names = [p[0] for p in self._proofs]
        self.errors = errs

    @rx.event
    def remove_proof(self, index: int):
        if 0 <= int(index) < len(self._proofs):
            self._proofs = [p for i, p in enumerate(self._proofs) if i != int(index)]
            self.proof_names = [p[0] for p in self._proofs]

    @rx.event
    async def submit_declare(self, form: dict):
        self.errors = {}
        try:
            await self._call(mdf.declare_redemption, application_id=self._declare_id,
                             actual_amount=str(form.get("actual_amount", ""))[:40],
                             note=str(form.get("note", ""))[:2000], proofs=list(self._proofs))
        except errors.InvalidInput as e:
            self.errors = {("files" if e.field == "file" else e.field): self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.declare_open, self._proofs, self.proof_names = False, [], []
        await self._load_quota()
        await self._reload()
        return rx.toast.success(self._t("mdf.declared"))


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "mdf.col.name"),
    Column("activity_type", "mdf.col.type"),
    Column("budget", "mdf.col.budget", "money"),
    Column("period", "mdf.col.period"),
    Column("status", "table.status", "status"),
    Column("actual", "mdf.col.actual", "money"),
]


def _actions(row) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.cond(row["invoicing_id"] != "",
                    rx.link(rx.button(rx.icon("receipt", size=14), t("mdf.view_list"), size="1", white_space="nowrap"),
                            href=routes.INVOICING + "/" + row["invoicing_id"])),
            rx.cond(row["can_declare"] != "",
                    rx.button(rx.icon("file-check", size=14),
                              rx.cond(row["status"] == "redemption_rejected", t("mdf.redeclare"), t("mdf.declare")),
                              size="1", variant="soft", on_click=MdfState.open_declare(row["id"]))),
            rx.cond(row["can_cancel"] != "",
                    rx.button(t("mdf.cancel"), size="1", variant="soft", color_scheme="red",
                              on_click=MdfState.open_cancel(row["id"]))),
            spacing="2", align="center", wrap="wrap",
        ),
        rx.cond(row["deadline"] != "",
                rx.text(t("mdf.col.deadline"), ": ", row["deadline"], size="1", color_scheme="gray")),
        rx.cond(row["review_comment"] != "",
                rx.text(t("mdf.col.comment"), ": ", row["review_comment"], size="1", color_scheme="gray",
                        max_width="18rem")),
        spacing="1", align="start",
    )


def _table() -> rx.Component:
    return data_table(MdfState, COLUMNS, actions=_actions, empty_key="mdf.empty", statuses=mdf.STATUSES)


def _stat(label_key: str, value) -> rx.Component:
    return rx.vstack(rx.text(t(label_key), size="1", color_scheme="gray"),
                     rx.text(value, size="4", weight="bold", font_variant_numeric="tabular-nums"), spacing="0")


def quota_card() -> rx.Component:
    year = MdfState.quota["year"]
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(rx.cond(AuthState.lang == "zh", year + " 年 MDF 额度", "MDF quota " + year), size="2",
                        weight="medium"),
                rx.cond(MdfState.quota["has"] != "",
                        rx.hstack(_stat("mdf.quota_total", MdfState.quota["quota"]),
                                  _stat("mdf.quota_committed", MdfState.quota["committed"]),
                                  _stat("mdf.quota_remaining", MdfState.quota["remaining"]), spacing="6", wrap="wrap"),
                        rx.text(t("mdf.no_quota"), size="2", color_scheme="gray")),
                spacing="2",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text(t("mdf.rules"), size="1", color_scheme="gray"),
                rx.text(t("mdf.earliest"), " ", rx.text.strong(MdfState.earliest), size="2"),
                max_width="36rem", spacing="1",
            ),
            align="center", width="100%", wrap="wrap", spacing="4",
        ),
        width="100%",
    )


def _select(name: str, options: list[tuple[str, str]], value) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=f"f-{name}", width="100%"),
        rx.select.content(*[rx.select.item(t(label), value=v) for v, label in options]),
        name=name, default_value=value,
    )


def apply_dialog() -> rx.Component:
    e = MdfState.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("mdf.apply")),
            rx.dialog.description(t("mdf.budget_hint"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    form_field("mdf.f.name", "name", e, required=True, default_value=MdfState.form["name"]),
                    form_field("mdf.f.type", "activity_type", e, required=True,
                               control=_select("activity_type", [(k, f"mdf.type.{k}") for k in mdf.ACTIVITY_TYPES],
                                               MdfState.form["activity_type"])),
                    form_field("mdf.f.budget", "budget", e, required=True, default_value=MdfState.form["budget"],
                               placeholder="10000.00"),
                    rx.hstack(
                        form_field("mdf.f.start", "start_date", e, type_="date", required=True,
                                   default_value=MdfState.form["start_date"]),
                        form_field("mdf.f.end", "end_date", e, type_="date", required=True,
                                   default_value=MdfState.form["end_date"]),
                        spacing="3", width="100%",
                    ),
                    rx.cond(MdfState.duplicate,
                            rx.callout.root(
                                rx.callout.icon(rx.icon("triangle-alert", size=16)),
                                rx.callout.text(t("mdf.duplicate")),
                                color_scheme="amber", width="100%", role="alert", high_contrast=True,
                            )),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.cond(MdfState.duplicate,
                                rx.button(t("mdf.submit_anyway"), type="button", color_scheme="amber",
                                          on_click=MdfState.confirm_duplicate),
                                rx.button(t("common.submit"), type="submit")),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=MdfState.submit_apply, key=MdfState.form_key.to(str), width="100%",
            ),
            max_width="34rem",
        ),
        open=MdfState.apply_open, on_open_change=MdfState.set_apply_open,
    )


def cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("mdf.cancel_title")),
            rx.alert_dialog.description(rx.vstack(rx.text(MdfState.cancel_subject, weight="medium"),
                                                  rx.text(t("mdf.cancel_text")), spacing="2"), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("mdf.keep"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("mdf.cancel_confirm"), color_scheme="red",
                                                 on_click=MdfState.confirm_cancel)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=MdfState.cancel_open, on_open_change=MdfState.set_cancel_open,
    )


def _proof_upload() -> rx.Component:
    return rx.vstack(
        rx.text(t("mdf.f.proofs"), rx.el.span(" *", style={"color": "var(--red-10)"}), size="2", weight="medium"),
        rx.upload.root(
            rx.vstack(rx.icon("upload", size=20, color="var(--gray-10)"),
                      rx.text(t("mdf.proof_hint"), size="2", color_scheme="gray", text_align="center"),
                      align="center", spacing="1"),
            id=UPLOAD_ID, multiple=True, max_files=mdf.MAX_PROOF_FILES,
            accept={"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]},
            on_drop=MdfState.add_proofs(rx.upload_files(upload_id=UPLOAD_ID)),
            border="1px dashed var(--gray-7)", border_radius="var(--radius-3)", padding="1rem", width="100%",
            cursor="pointer", role="button", aria_label=t("mdf.proof_label"),
        ),
        rx.foreach(MdfState.proof_names, lambda name, i: rx.hstack(
            rx.icon("paperclip", size=14), rx.text(name, size="2"), rx.spacer(),
            rx.button(t("mdf.remove_file"), size="1", variant="ghost", color_scheme="red", type="button",
                      on_click=MdfState.remove_proof(i)),
            align="center", width="100%")),
        rx.cond(MdfState.errors.contains("files"),
                rx.text(MdfState.errors["files"], color_scheme="red", size="1", role="alert")),
        spacing="1", width="100%",
    )


def declare_dialog() -> rx.Component:
    e = MdfState.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("mdf.declare_title")),
            rx.dialog.description(MdfState.declare_subject, size="2", color_scheme="gray"),
            rx.cond(MdfState.declare_comment != "",
                    rx.callout.root(rx.callout.icon(rx.icon("message-square-warning", size=16)),
                                    rx.callout.text(MdfState.declare_comment), color_scheme="red", width="100%", high_contrast=True,
                                    margin_top="0.75rem")),
            rx.form(
                rx.vstack(
                    form_field("mdf.f.actual", "actual_amount", e, required=True, placeholder="9800.00"),
                    rx.vstack(
                        rx.el.label(t("mdf.f.note"), rx.el.span(" *", style={"color": "var(--red-10)"}), html_for="f-note",
                                    style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                        rx.text_area(id="f-note", name="note", rows="3", width="100%"),
                        rx.cond(e.contains("note"), rx.text(e["note"], color_scheme="red", size="1", role="alert")),
                        spacing="1", width="100%",
                    ),
                    _proof_upload(),
                    rx.cond(e.contains("status"), rx.text(e["status"], color_scheme="red", size="2", role="alert")),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("common.submit"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                on_submit=MdfState.submit_declare, key=MdfState.form_key.to(str), width="100%",
            ),
            max_width="36rem",
        ),
        open=MdfState.declare_open, on_open_change=MdfState.set_declare_open,
    )


@page(routes.MDF, "Market Development Fund", perm="benefits", on_load=MdfState.load)
def mdf_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.benefits", "nav.mdf"),
        page_header("mdf.title", rx.button(rx.icon("plus", size=16), t("mdf.apply"), on_click=MdfState.open_apply)),
        quota_card(),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(t("mdf.records"), value="records")),
            rx.tabs.content(rx.box(_table(), padding_top="1rem"), value="records"),
            default_value="records", width="100%",
        ),
        apply_dialog(), cancel_dialog(), declare_dialog(),
        spacing="4", width="100%",
    )
