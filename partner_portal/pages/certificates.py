"""Member › Certificates: Add Certificate (with attachment) → Confirm → platform review; status in the list."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, files, members
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.models import ReviewStatus
from partner_portal.state.auth import AuthState, in_thread
from partner_portal.state.listing import ListMixin

UPLOAD_ID = "certificate-file"

i18n.add({
    "certs.title": ("Certificates", "证书"),
    "Certificates": ("Certificates", "证书"),  # the review queue's title
    "certs.subtitle": ("Your professional certificates. The platform reviews each one; changing an approved certificate sends it back to review.",
                       "您的专业证书。平台会审核每一份证书；修改已通过的证书需重新审核。"),
    "certs.add": ("Add Certificate", "添加证书"),
    "certs.edit_title": ("Edit certificate", "修改证书"),
    "certs.confirm_title": ("Check and confirm", "核对并确认"),
    "certs.confirm_text": ("Check the details. After Confirm the certificate goes to the platform's review.",
                           "请核对信息。点击“确认”后证书将提交平台审核。"),
    "certs.rereview": ("This certificate is approved. Saving a change sends it back to review.",
                       "该证书已通过审核，修改后需重新审核。"),
    "certs.f.name": ("Certificate name", "证书名称"),
    "certs.f.number": ("Certificate number", "证书编号"),
    "certs.f.issuer": ("Issuer", "颁发机构"),
    "certs.f.issued_on": ("Issued on", "颁发日期"),
    "certs.f.expires_on": ("Expires on", "有效期至"),
    "certs.f.expires_hint": ("Leave empty if it never expires.", "长期有效可不填。"),
    "certs.f.attachment": ("Attachment", "附件"),
    "certs.upload_hint": ("Drop a PDF, PNG or JPEG here (at most 10 MB), or click to choose a file.",
                          "将 PDF、PNG 或 JPEG 文件拖到此处（不超过 10 MB），或点击选择文件。"),
    "certs.upload_label": ("Choose attachment", "选择附件"),
    "certs.uploaded": ("Attached:", "已上传："),
    "certs.no_file": ("No attachment", "无附件"),
    "certs.review": ("Review", "下一步"),
    "certs.col.name": ("Certificate", "证书名称"),
    "certs.col.number": ("Number", "编号"),
    "certs.col.issuer": ("Issuer", "颁发机构"),
    "certs.col.issued_on": ("Issued", "颁发日期"),
    "certs.col.expires_on": ("Expires", "有效期至"),
    "certs.col.comment": ("Review comment", "审核意见"),
    "certs.download": ("Download", "下载"),
    "certs.expiring": ("Expires soon", "即将过期"),
    "certs.expired": ("Expired", "已过期"),
    "certs.submitted": ("Certificate submitted for review.", "证书已提交审核。"),
    "certs.empty": ("No certificates yet. Click Add Certificate to submit one for review.",
                    "暂无证书。点击“添加证书”提交审核。"),
    "Enter the certificate name.": ("Enter the certificate name.", "请输入证书名称。"),
    "Enter the certificate number.": ("Enter the certificate number.", "请输入证书编号。"),
    "The issue date is in the future.": ("The issue date is in the future.", "颁发日期晚于今天。"),
    "The expiry date must be after the issue date.": ("The expiry date must be after the issue date.",
                                                      "有效期须晚于颁发日期。"),
    "Upload the attachment again.": ("Upload the attachment again.", "请重新上传附件。"),
    "The file is larger than 10 MB.": ("The file is larger than 10 MB.", "文件超过 10 MB。"),
    "The file is empty.": ("The file is empty.", "文件为空。"),
    "Upload a PDF, PNG or JPEG file.": ("Upload a PDF, PNG or JPEG file.", "请上传 PDF、PNG 或 JPEG 文件。"),
    "The file's content does not match its type (PDF, PNG or JPEG).": (
        "The file's content does not match its type (PDF, PNG or JPEG).", "文件内容与类型（PDF、PNG、JPEG）不符。"),
    "That certificate does not exist or is not yours.": ("That certificate does not exist or is not yours.",
                                                         "该证书不存在或不属于您。"),
})

EMPTY_FORM = {"name": "", "number": "", "issuer": "", "issued_on": "", "expires_on": ""}
FIELDS = tuple(EMPTY_FORM)


def certificate_fields(errors_var, values) -> rx.Component:
    return rx.vstack(
        form_field("certs.f.name", "name", errors_var, required=True, default_value=values["name"]),
        rx.grid(
            form_field("certs.f.number", "number", errors_var, required=True, default_value=values["number"]),
            form_field("certs.f.issuer", "issuer", errors_var, default_value=values["issuer"]),
            form_field("certs.f.issued_on", "issued_on", errors_var, type_="date", required=True,
                       default_value=values["issued_on"]),
            form_field("certs.f.expires_on", "expires_on", errors_var, type_="date", hint_key="certs.f.expires_hint",
                       default_value=values["expires_on"]),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
        ),
        spacing="3", width="100%",
    )


class CertificatesState(ListMixin, AuthState):
    _csv_name: str = "certificates.csv"
    errors: dict[str, str] = {}
    dialog_open: bool = False
    stage: str = "form"  # form | confirm
    editing: bool = False
    editing_approved: bool = False
    form: dict[str, str] = EMPTY_FORM
    form_key: int = 0
    draft: dict[str, str] = {}
    file_name: str = ""
    uploading: bool = False
    _file_id: int = 0
    _editing_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        return members.list_certificates(session, actor=actor, req=req, search=self.search, status=self.status_filter)

    def _export(self, session, actor):
        return members.export_certificates(session, actor=actor)

    def _open(self, values: dict, editing_id: int = 0, file_name: str = "", approved: bool = False):
        self.errors, self.form, self.stage, self.draft = {}, values, "form", {}
        self._editing_id, self.editing, self.editing_approved = editing_id, bool(editing_id), approved
        self._file_id, self.file_name = 0, file_name
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def open_add(self):
        self._open(dict(EMPTY_FORM))

    @rx.event
    async def open_edit(self, certificate_id: str):
        if not str(certificate_id).isdigit():
            return
        try:
            row = await self._call(members.get_certificate, certificate_id=int(certificate_id))
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        values = {k: ("" if row[k] == "—" else row[k]) for k in FIELDS}
        self._open(values, int(certificate_id), row["filename"], row["status"] == ReviewStatus.APPROVED)

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def handle_upload(self, uploads: list[rx.UploadFile]):
        """The attachment is checked and stored at once (outside the public folder); Confirm binds it."""
        if not uploads:
            return
        upload = uploads[0]
        self.uploading = True
        yield
        try:
            data = await in_thread(lambda: upload.file.read(files.MAX_BYTES + 1))
            ctype = upload.headers.get("content-type", "") if upload.headers else ""
            stored = await self._call(members.upload_certificate_file, filename=upload.filename or "",
                                      content_type=ctype, data=data)
        except errors.InvalidInput as e:
            self.errors = {**self.errors, "file": self._t(e.message)}
            self.uploading = False
            return
        except errors.DomainError as e:
            self.uploading = False
            yield rx.toast.error(self._t(e.message))
            return
        self._file_id, self.file_name = stored["id"], stored["filename"]
        self.errors = {k: v for k, v in self.errors.items() if k != "file"}
        self.uploading = False

    @rx.event
    async def review_form(self, form: dict):
        """Add Certificate → the Confirm step: the server validates, nothing is written yet."""
        self.errors = {}
        data = {k: str(form.get(k, ""))[:200] for k in FIELDS}
        self.form = data
        try:
            draft = await self._call(members.check_certificate, file_id=self._file_id or None, **data)
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.draft = {"name": draft.name, "number": draft.number, "issuer": draft.issuer or "—",
                      "issued_on": draft.issued_on, "expires_on": draft.expires_on or "—",
                      "file": draft.filename or self.file_name or ""}
        self.stage = "confirm"

    @rx.event
    def back_to_form(self):
        self.stage = "form"
        self.form_key += 1

    @rx.event
    async def confirm(self):
        data = dict(self.form)
        try:
            if self._editing_id:
                await self._call(members.update_certificate, certificate_id=self._editing_id,
                                 file_id=self._file_id or None, **data)
            else:
                await self._call(members.add_certificate, file_id=self._file_id or None, **data)
        except errors.InvalidInput as e:
            self.stage = "form"
            self.form_key += 1
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.dialog_open, self._editing_id, self._file_id = False, 0, 0
        await self._reload()
        return rx.toast.success(self._t("certs.submitted"))

    @rx.event
    async def download(self, certificate_id: str, filename: str):
        if not str(certificate_id).isdigit():
            return
        try:
            link = await self._call(members.certificate_link, certificate_id=int(certificate_id))
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        return rx.download(url=link, filename=str(filename)[:120])


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "certs.col.name"),
    Column("number", "certs.col.number"),
    Column("issuer", "certs.col.issuer"),
    Column("issued_on", "certs.col.issued_on", "date"),
    Column("expires_on", "certs.col.expires_on", "date", sortable=True),
    Column("status", "table.status", "status"),
    Column("review_comment", "certs.col.comment"),
]


def _actions(row) -> rx.Component:
    return rx.hstack(
        rx.match(row["expiry_note"],
                 ("soon", rx.badge(rx.icon("clock", size=12), t("certs.expiring"), color_scheme="amber", variant="soft",
                                   high_contrast=True)),
                 ("expired", rx.badge(t("certs.expired"), color_scheme="red", variant="soft", high_contrast=True)),
                 rx.fragment()),
        rx.cond(row["filename"] != "",
                rx.button(rx.icon("download", size=14), t("certs.download"), size="1", variant="soft",
                          color_scheme="gray", title=row["filename"],
                          on_click=CertificatesState.download(row["id"], row["filename"]))),
        rx.button(rx.icon("pencil", size=14), t("common.edit"), size="1", variant="soft",
                  on_click=CertificatesState.open_edit(row["id"])),
        spacing="2", align="center",
    )


def _labelled_upload(*children, label, **props) -> rx.Component:
    """rx.upload with an accessible name on its (visually hidden) file input."""
    zone = rx.upload.root(*children, **props)
    file_input = zone.children[0].children[0]
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": label}
    return zone


def _upload_box() -> rx.Component:
    return rx.vstack(
        rx.text(t("certs.f.attachment"), size="2", weight="medium"),
        _labelled_upload(
            rx.vstack(
                rx.icon("upload", size=20, color="var(--gray-10)"),
                rx.text(t("certs.upload_hint"), size="2", color_scheme="gray", text_align="center"),
                align="center", spacing="1",
            ),
            id=UPLOAD_ID, multiple=False, max_files=1,
            accept={"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]},
            on_drop=CertificatesState.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
            border="1px dashed var(--gray-7)", border_radius="var(--radius-3)", padding="1rem", width="100%",
            cursor="pointer", role="button", aria_label=t("certs.upload_label"), label=t("certs.upload_label"),
        ),
        rx.cond(CertificatesState.uploading, rx.hstack(rx.spinner(size="1"), rx.text(t("nav.loading"), size="1"))),
        rx.cond(CertificatesState.file_name != "",
                rx.hstack(rx.icon("paperclip", size=14), rx.text(t("certs.uploaded"), " ", CertificatesState.file_name,
                                                                  size="2"), align="center", spacing="1")),
        rx.cond(CertificatesState.errors.contains("file"),
                rx.text(CertificatesState.errors["file"], color_scheme="red", size="1", role="alert")),
        spacing="1", width="100%",
    )


def _summary_row(label_key: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key)), rx.data_list.value(value))


def certificate_dialog() -> rx.Component:
    form_stage = rx.form(
        rx.vstack(
            rx.cond(CertificatesState.editing_approved,
                    rx.callout(t("certs.rereview"), icon="info", color_scheme="amber", size="1", width="100%")),
            certificate_fields(CertificatesState.errors, CertificatesState.form),
            _upload_box(),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), type="button", variant="soft", color_scheme="gray")),
                rx.button(t("certs.review"), rx.icon("chevron-right", size=16), type="submit",
                          disabled=CertificatesState.uploading),
                justify="end", spacing="3", width="100%",
            ),
            spacing="4", width="100%", margin_top="1rem",
        ),
        on_submit=CertificatesState.review_form, key=CertificatesState.form_key, width="100%",
    )
    confirm_stage = rx.vstack(
        rx.text(t("certs.confirm_text"), size="2", color_scheme="gray"),
        rx.data_list.root(
            _summary_row("certs.f.name", CertificatesState.draft["name"]),
            _summary_row("certs.f.number", CertificatesState.draft["number"]),
            _summary_row("certs.f.issuer", CertificatesState.draft["issuer"]),
            _summary_row("certs.f.issued_on", CertificatesState.draft["issued_on"]),
            _summary_row("certs.f.expires_on", CertificatesState.draft["expires_on"]),
            _summary_row("certs.f.attachment", rx.cond(CertificatesState.draft["file"] != "",
                                                       CertificatesState.draft["file"], t("certs.no_file"))),
            size="2", width="100%",
        ),
        rx.hstack(
            rx.button(rx.icon("chevron-left", size=16), t("common.back"), variant="soft", color_scheme="gray",
                      on_click=CertificatesState.back_to_form),
            rx.button(rx.icon("check", size=16), t("common.confirm"), on_click=CertificatesState.confirm),
            justify="end", spacing="3", width="100%",
        ),
        spacing="4", width="100%", margin_top="1rem",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(CertificatesState.stage == "confirm", t("certs.confirm_title"),
                                    rx.cond(CertificatesState.editing, t("certs.edit_title"), t("certs.add")))),
            rx.dialog.description(t("certs.subtitle"), size="2", color_scheme="gray"),
            rx.cond(CertificatesState.stage == "confirm", confirm_stage, form_stage),
            max_width="40rem",
        ),
        open=CertificatesState.dialog_open, on_open_change=CertificatesState.set_dialog_open,
    )


@page(routes.CERTIFICATES, "Certificates", perm="member_area", on_load=CertificatesState.load_list)
def certificates_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.member", "nav.certificates"),
        page_header("certs.title",
                    rx.button(rx.icon("plus", size=16), t("certs.add"), on_click=CertificatesState.open_add),
                    subtitle_key="certs.subtitle"),
        data_table(CertificatesState, COLUMNS, actions=_actions, empty_key="certs.empty",
                   statuses=[s.value for s in ReviewStatus]),
        certificate_dialog(),
        spacing="4", width="100%",
    )
