"""Member › Projects: the member's own projects (editable) and platform-generated ones (read-only)."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, form_field, page_header, t
from partner_portal.domain import errors, members
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "projects.title": ("Projects", "项目"),
    "projects.subtitle": ("Projects you took part in. Platform-generated projects are recorded by your ecosystem manager.",
                          "您参与的项目。平台生成的项目由生态经理记录。"),
    "projects.add": ("Add Project", "添加项目"),
    "projects.edit_title": ("Edit project", "编辑项目"),
    "projects.col.name": ("Project", "项目名称"),
    "projects.col.customer": ("Customer", "客户"),
    "projects.col.role": ("Role", "角色"),
    "projects.col.period": ("Period", "项目周期"),
    "projects.col.source": ("Source", "来源"),
    "projects.source.own": ("Added by me", "本人添加"),
    "projects.source.platform": ("Platform-generated", "平台生成"),
    "projects.readonly": ("Read-only: contact your ecosystem manager", "只读：如需修改请联系生态经理"),
    "projects.f.name": ("Project name", "项目名称"),
    "projects.f.customer": ("Customer", "客户"),
    "projects.f.role": ("Your role", "担任角色"),
    "projects.f.start": ("Start date", "开始日期"),
    "projects.f.end": ("End date", "结束日期"),
    "projects.f.end_hint": ("Leave empty while the project is running.", "项目进行中可不填。"),
    "projects.f.description": ("Description", "项目描述"),
    "projects.delete_title": ("Delete this project?", "删除此项目？"),
    "projects.delete_text": ("The project is removed from your profile. This cannot be undone.",
                             "该项目将从您的资料中删除，且无法恢复。"),
    "projects.saved": ("Project saved.", "项目已保存。"),
    "projects.deleted": ("Project deleted.", "项目已删除。"),
    "projects.empty": ("No projects yet. Click Add Project to record one.", "暂无项目。点击“添加项目”记录您的项目。"),
    members.PLATFORM_PROJECT_NOTE: (members.PLATFORM_PROJECT_NOTE, "该项目由平台生成，如需修改请联系您的生态经理。"),
    # domain messages shown next to fields
    "Enter the project name.": ("Enter the project name.", "请输入项目名称。"),
    "Enter a date.": ("Enter a date.", "请输入日期。"),
    "Enter a date as YYYY-MM-DD.": ("Enter a date as YYYY-MM-DD.", "请按 YYYY-MM-DD 格式输入日期。"),
    "Enter a realistic date.": ("Enter a realistic date.", "请输入合理的日期。"),
    "The end date is before the start date.": ("The end date is before the start date.", "结束日期早于开始日期。"),
    "Use at most 100 characters.": ("Use at most 100 characters.", "最多 100 个字符。"),
    "Use at most 60 characters.": ("Use at most 60 characters.", "最多 60 个字符。"),
    "Use at most 1000 characters.": ("Use at most 1000 characters.", "最多 1000 个字符。"),
    "That project does not exist or is not yours.": ("That project does not exist or is not yours.",
                                                     "该项目不存在或不属于您。"),
})

EMPTY_FORM = {"name": "", "customer": "", "role": "", "start_date": "", "end_date": "", "description": ""}
FIELDS = tuple(EMPTY_FORM)


def clean_form(form: dict) -> dict[str, str]:
    return {k: str(form.get(k, ""))[:2000] for k in FIELDS}


def project_fields(errors_var, values) -> rx.Component:
    """The project form's fields (also used by the guide and the console)."""
    return rx.vstack(
        form_field("projects.f.name", "name", errors_var, required=True, default_value=values["name"]),
        rx.grid(
            form_field("projects.f.customer", "customer", errors_var, default_value=values["customer"]),
            form_field("projects.f.role", "role", errors_var, default_value=values["role"]),
            form_field("projects.f.start", "start_date", errors_var, type_="date", required=True,
                       default_value=values["start_date"]),
            form_field("projects.f.end", "end_date", errors_var, type_="date", hint_key="projects.f.end_hint",
                       default_value=values["end_date"]),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
        ),
        form_field("projects.f.description", "description", errors_var, default_value=values["description"],
                   control=rx.text_area(id="f-description", name="description", default_value=values["description"],
                                        rows="3", width="100%",
                                        aria_invalid=rx.cond(errors_var.contains("description"), "true", "false"),
                                        aria_describedby="f-description-msg")),
        spacing="3", width="100%",
    )


class ProjectsState(ListMixin, AuthState):
    _csv_name: str = "projects.csv"
    errors: dict[str, str] = {}
    dialog_open: bool = False
    editing: bool = False
    form: dict[str, str] = EMPTY_FORM
    form_key: int = 0
    confirm_delete_open: bool = False
    delete_name: str = ""
    _editing_id: int = 0
    _delete_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        return members.list_projects(session, actor=actor, req=req, search=self.search)

    def _export(self, session, actor):
        return members.export_projects(session, actor=actor)

    @rx.event
    def open_add(self):
        self.errors, self.form, self.editing, self._editing_id = {}, dict(EMPTY_FORM), False, 0
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    async def open_edit(self, project_id: str):
        if not str(project_id).isdigit():
            return
        try:
            row = await self._call(members.get_project, project_id=int(project_id))
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        if row["editable"] != "yes":
            return rx.toast.error(self._t(members.PLATFORM_PROJECT_NOTE))
        self.errors, self.editing, self._editing_id = {}, True, int(project_id)
        self.form = {k: row[k] for k in FIELDS}
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def save(self, form: dict):
        self.errors = {}
        data = clean_form(form)
        try:
            if self._editing_id:
                await self._call(members.update_project, project_id=self._editing_id, **data)
            else:
                await self._call(members.add_project, **data)
        except errors.InvalidInput as e:
            self.form = data
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.dialog_open = False
        self._editing_id = 0
        await self._reload()
        return rx.toast.success(self._t("projects.saved"))

    @rx.event
    def ask_delete(self, project_id: str, name: str):
        if not str(project_id).isdigit():
            return
        self._delete_id, self.delete_name = int(project_id), str(name)[:100]
        self.confirm_delete_open = True

    @rx.event
    def set_confirm_delete_open(self, value: bool):
        self.confirm_delete_open = bool(value)

    @rx.event
    async def delete(self):
        project_id, self._delete_id = self._delete_id, 0
        self.confirm_delete_open = False
        try:
            await self._call(members.delete_project, project_id=project_id)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._reload()
        return rx.toast.success(self._t("projects.deleted"))


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "projects.col.name"),
    Column("customer", "projects.col.customer"),
    Column("role", "projects.col.role"),
    Column("period", "projects.col.period"),
]


def _source(row) -> rx.Component:
    return rx.cond(row["source"] == "platform",
                   rx.badge(rx.icon("building-2", size=12), t("projects.source.platform"), color_scheme="violet",
                            variant="soft", radius="full"),
                   rx.badge(rx.icon("user", size=12), t("projects.source.own"), color_scheme="gray", variant="soft",
                            radius="full"))


def _actions(row) -> rx.Component:
    return rx.cond(
        row["editable"] == "yes",
        rx.hstack(
            rx.button(rx.icon("pencil", size=14), t("common.edit"), size="1", variant="soft",
                      on_click=ProjectsState.open_edit(row["id"])),
            rx.button(rx.icon("trash-2", size=14), t("common.delete"), size="1", variant="soft", color_scheme="red",
                      on_click=ProjectsState.ask_delete(row["id"], row["name"])),
            spacing="2",
        ),
        rx.hstack(_source(row), rx.text(t("projects.readonly"), size="1", color_scheme="gray"), spacing="2",
                  align="center", wrap="wrap"),
    )


def project_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(ProjectsState.editing, t("projects.edit_title"), t("projects.add"))),
            rx.dialog.description(t("projects.subtitle"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    project_fields(ProjectsState.errors, ProjectsState.form),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("common.cancel"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("common.save"), type="submit"),
                        justify="end", spacing="3", width="100%",
                    ),
                    spacing="4", width="100%", margin_top="1rem",
                ),
                on_submit=ProjectsState.save, key=ProjectsState.form_key, width="100%",
            ),
            max_width="40rem",
        ),
        open=ProjectsState.dialog_open, on_open_change=ProjectsState.set_dialog_open,
    )


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("projects.delete_title")),
            rx.alert_dialog.description(rx.text(rx.text.strong(ProjectsState.delete_name)),
                                        rx.text(t("projects.delete_text"), size="2", color_scheme="gray")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("common.delete"), color_scheme="red", on_click=ProjectsState.delete)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=ProjectsState.confirm_delete_open, on_open_change=ProjectsState.set_confirm_delete_open,
    )


def projects_table() -> rx.Component:
    cols = COLUMNS
    return data_table(ProjectsState, cols, actions=lambda row: rx.hstack(
        rx.cond(row["source"] == "own", _source(row)), _actions(row), spacing="2", align="center", wrap="wrap"),
        empty_key="projects.empty")


@page(routes.PROJECTS, "Projects", perm="member_area", on_load=ProjectsState.load_list)
def projects_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.member", "nav.projects"),
        page_header("projects.title",
                    rx.button(rx.icon("plus", size=16), t("projects.add"), on_click=ProjectsState.open_add),
                    subtitle_key="projects.subtitle"),
        projects_table(),
        project_dialog(),
        delete_dialog(),
        spacing="4", width="100%",
    )
