"""Stateless UI pieces every page composes: one of each (STYLE.md rule 6)."""
from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from partner_portal import i18n
from partner_portal.state.auth import AuthState


def t(key: str, **params) -> rx.Var:
    """A catalogue string in the browser's current language (switches without a round trip)."""
    en, zh = i18n.tr("en", key, **params), i18n.tr("zh", key, **params)
    return rx.cond(AuthState.lang == "zh", zh, en) if en != zh else en


# ------------------------------------------------------------------ status badge
STATUS_COLORS = {
    "green": ("reported", "associated", "active", "accepted", "approved", "won", "available", "redemption_approved",
              "acceptance_approved", "payment_approved", "paid", "sent", "converted", "done"),
    "amber": ("pending", "waiting", "submitted", "redemption_submitted", "acceptance_submitted", "payment_submitted",
              "ready", "pending_review", "awaiting_distributor", "awaiting_customer", "queued", "following", "open", "draft"),
    "red": ("rejected", "redemption_rejected", "acceptance_rejected", "payment_rejected", "failed", "lost", "delisted", "revoked"),
}
_STATUS_EN = {k[7:]: v[0] for k, v in i18n.MESSAGES.items() if k.startswith("status.")}
_STATUS_ZH = {k[7:]: v[1] for k, v in i18n.MESSAGES.items() if k.startswith("status.")}


def status_label(status: rx.Var) -> rx.Var:
    en, zh = rx.Var.create(_STATUS_EN), rx.Var.create(_STATUS_ZH)
    return rx.cond(AuthState.lang == "zh", zh[status], en[status])


def status_badge(status: rx.Var) -> rx.Component:
    color = rx.match(
        status,
        *[(s, c) for c, names in STATUS_COLORS.items() for s in names],
        "gray",
    )
    return rx.badge(rx.cond(status_label(status), status_label(status), status), color_scheme=color, variant="soft",
                    radius="full", size="2", white_space="nowrap", high_contrast=True)


# ------------------------------------------------------------------ masked cell
FIELD_LABELS = {
    "name": ("Customer name", "客户名称"), "account": ("Account name", "账号名"),
    "mobile": ("Mobile", "手机号"), "email": ("E-mail", "邮箱"),
}


def masked_cell(state, row: rx.Var, field: str, masked_key: str | None = None) -> rx.Component:
    """Masked text with its own eye button. The full value comes from the server per click."""
    key = row["id"].to(str) + ":" + field
    shown = state.revealed.contains(key)
    en, zh = FIELD_LABELS[field]
    label = rx.cond(
        AuthState.lang == "zh",
        rx.cond(shown, "隐藏" + zh, "显示" + zh),
        rx.cond(shown, "Hide " + en, "Show " + en),
    )
    return rx.hstack(
        rx.text(rx.cond(shown, state.revealed[key], row[masked_key or field]), font_family="var(--code-font-family)",
                size="2", white_space="nowrap"),
        rx.icon_button(
            rx.cond(shown, rx.icon("eye-off", size=14), rx.icon("eye", size=14)),
            aria_label=label, title=label, variant="ghost", size="1", color_scheme="gray",
            on_click=state.toggle_reveal(key), type="button",
        ),
        spacing="1", align="center",
    )


# ------------------------------------------------------------------ data table
@dataclass(frozen=True)
class Column:
    key: str
    label: str  # catalogue key
    kind: str = "text"  # text | masked | status | money | date | id | link
    sortable: bool = False
    link_prefix: str = ""  # kind="link": href = prefix + row["id"]
    align: str = "left"


def _cell(state, row, c: Column) -> rx.Component:
    if c.kind == "masked":
        return masked_cell(state, row, c.key)
    if c.kind == "status":
        return status_badge(row[c.key])
    if c.kind == "id":
        return rx.text("#", row[c.key], color_scheme="gray", size="2", font_family="var(--code-font-family)")
    if c.kind == "link":
        return rx.link(row[c.key], href=c.link_prefix + row["id"].to(str), weight="medium", size="2")
    if c.kind == "money":
        return rx.text(row[c.key], size="2", white_space="nowrap", font_variant_numeric="tabular-nums")
    if c.kind == "date":
        return rx.text(row[c.key], size="2", white_space="nowrap")
    return rx.text(row[c.key], size="2")


def _header(state, c: Column) -> rx.Component:
    label = t(c.label)
    if not c.sortable:
        return rx.table.column_header_cell(label, white_space="nowrap", text_align=c.align)
    arrow = rx.cond(state.sort == c.key, rx.cond(state.descending, " ↓", " ↑"), "")
    return rx.table.column_header_cell(
        rx.button(label, arrow, variant="ghost", size="1", color_scheme="gray", on_click=state.sort_by(c.key),
                  high_contrast=True, style={"font_weight": "600"}),
        white_space="nowrap",
    )


def search_box(state, placeholder_key: str = "table.search") -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder=t(placeholder_key), aria_label=t("table.search"), default_value=state.search,
        on_change=state.set_search.debounce(350), width="18rem", max_width="100%",
    )


def status_filter(state, statuses: list[str]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("table.status"), min_width="11rem"),
        rx.select.content(
            rx.select.item(t("table.all"), value="all"),
            *[rx.select.item(t(f"status.{s}"), value=s) for s in statuses],
        ),
        value=state.status_filter, on_change=state.set_status_filter,
    )


def export_button(state) -> rx.Component:
    return rx.button(rx.icon("download", size=16), t("table.export"), variant="soft", color_scheme="gray",
                     on_click=state.export_csv, type="button")


def pager(state) -> rx.Component:
    return rx.hstack(
        rx.text(rx.cond(AuthState.lang == "zh", "第 " + state.page_no.to(str) + " 页", "Page " + state.page_no.to(str)),
                size="2", color_scheme="gray"),
        rx.button(rx.icon("chevron-left", size=16), t("table.prev"), variant="soft", color_scheme="gray", size="2",
                  disabled=~state.has_prev, on_click=state.prev_page, aria_label=t("table.prev")),
        rx.button(t("table.next"), rx.icon("chevron-right", size=16), variant="soft", color_scheme="gray", size="2",
                  disabled=~state.has_next, on_click=state.next_page, aria_label=t("table.next")),
        spacing="3", align="center", justify="end", width="100%",
    )


def data_table(state, columns: list[Column], *, actions=None, toolbar: list[rx.Component] | None = None,
               empty_key: str = "table.empty", search: bool = True, export: bool = True,
               statuses: list[str] | None = None) -> rx.Component:
    """The one data table: toolbar (search, filters, export), rows of the current page, paging."""
    heads = [_header(state, c) for c in columns]
    if actions is not None:
        heads.append(rx.table.column_header_cell(t("table.operation"), white_space="nowrap"))

    def render_row(row):
        cells = [rx.table.cell(_cell(state, row, c), vertical_align="middle") for c in columns]
        if actions is not None:
            cells.append(rx.table.cell(rx.hstack(actions(row), spacing="2", wrap="wrap"), vertical_align="middle"))
        return rx.table.row(*cells)

    tools = []
    if search:
        tools.append(search_box(state))
    if statuses:
        tools.append(status_filter(state, statuses))
    tools.extend(toolbar or [])
    tools.append(rx.spacer())
    if export:
        tools.append(export_button(state))
    return rx.vstack(
        rx.hstack(*tools, spacing="3", align="center", width="100%", wrap="wrap"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*heads)),
                rx.table.body(rx.foreach(state.rows, render_row)),
                variant="surface", size="2", width="100%",
            ),
            width="100%", overflow_x="auto",
        ),
        rx.cond(
            state.rows.length() == 0,
            empty_state(empty_key),
        ),
        pager(state),
        spacing="3", width="100%",
    )


def empty_state(key: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("inbox", size=28, color="var(--gray-9)"),
            rx.text(t(key), color_scheme="gray", size="2", text_align="center"),
            align="center", spacing="2",
        ),
        padding="2rem", width="100%", border="1px dashed var(--gray-6)", border_radius="var(--radius-3)",
    )


# ------------------------------------------------------------------ forms
def field(label_key: str, control: rx.Component, error: rx.Var | str = "", hint_key: str = "",
          required: bool = False) -> rx.Component:
    """A labelled form control with its message right below it."""
    return rx.vstack(
        rx.text(t(label_key), rx.cond(required, rx.text.span(" *", color="var(--red-10)"), ""), as_="label",
                size="2", weight="medium", html_for=control.id if getattr(control, "id", None) else None),
        control,
        rx.cond(error != "", rx.text(error, color_scheme="red", size="1", role="alert"), rx.fragment()),
        rx.cond(hint_key != "", rx.text(t(hint_key) if hint_key else "", color_scheme="gray", size="1"), rx.fragment()),
        spacing="1", width="100%", align="stretch",
    )


def text_field(label_key: str, name: str, state_value: rx.Var, on_change, error: rx.Var | str = "", *,
               type_: str = "text", required: bool = False, hint_key: str = "", placeholder: str = "",
               input_id: str = "") -> rx.Component:
    ident = input_id or f"f-{name}"
    control = rx.input(id=ident, name=name, type=type_, value=state_value, on_change=on_change,
                       placeholder=placeholder, aria_invalid=rx.cond(error != "", "true", "false"), width="100%")
    return rx.vstack(
        rx.el.label(t(label_key), rx.cond(required, rx.el.span(" *", color="var(--red-10)"), ""), html_for=ident,
                    style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
        control,
        rx.cond(error != "", rx.text(error, color_scheme="red", size="1", role="alert"), rx.fragment()),
        rx.text(t(hint_key), color_scheme="gray", size="1") if hint_key else rx.fragment(),
        spacing="1", width="100%", align="stretch",
    )


def page_header(title_key: str, *actions: rx.Component, subtitle_key: str = "") -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(t(title_key), size="6", weight="bold", as_="h1"),
            rx.text(t(subtitle_key), color_scheme="gray", size="2") if subtitle_key else rx.fragment(),
            spacing="1",
        ),
        rx.spacer(),
        *actions,
        align="center", width="100%", wrap="wrap", spacing="3",
    )


def breadcrumb(*keys: str) -> rx.Component:
    parts = []
    for i, k in enumerate(keys):
        if i:
            parts.append(rx.text("›", color_scheme="gray", size="1"))
        parts.append(rx.text(t(k), color_scheme="gray", size="1"))
    return rx.hstack(*parts, spacing="1", align="center")


def card(*children, **props) -> rx.Component:
    return rx.card(rx.vstack(*children, spacing="3", width="100%"), width="100%", size="2", **props)


# ------------------------------------------------------------------ wizard
def wizard_steps(step_keys: list[str], current: rx.Var) -> rx.Component:
    """Progress header of a wizard: numbered steps, the current one highlighted."""
    items = []
    for i, key in enumerate(step_keys, start=1):
        active = current == i
        done = current > i
        items.append(rx.hstack(
            rx.center(
                rx.cond(done, rx.icon("check", size=14), rx.text(str(i), size="1", weight="bold")),
                width="24px", height="24px", border_radius="999px",
                background=rx.cond(active | done, "var(--accent-9)", "var(--gray-4)"),
                color=rx.cond(active | done, "white", "var(--gray-11)"),
            ),
            rx.text(t(key), size="2", weight=rx.cond(active, "bold", "regular"),
                    color=rx.cond(active, "var(--gray-12)", "var(--gray-11)")),
            spacing="2", align="center", aria_current=rx.cond(active, "step", ""), role="listitem",
        ))
        if i < len(step_keys):
            items.append(rx.box(height="1px", flex="1", min_width="2rem", background="var(--gray-6)", aria_hidden="true"))
    return rx.hstack(*items, align="center", width="100%", spacing="3", role="list", aria_label="Progress")


# ------------------------------------------------------------------ review dialog
def review_dialog(state) -> rx.Component:
    """Approve / Reject with a Comment. ``state`` has review_open, review_comment, review_error,
    review_decision and events open_review(id, decision), set_review_comment, close_review, submit_review."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(state.review_decision == "approve", t("common.approve"), t("common.reject"))),
            rx.dialog.description(state.review_subject, size="2", color_scheme="gray"),
            rx.vstack(
                rx.el.label(t("common.comment"), html_for="review-comment",
                            style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
                rx.text_area(id="review-comment", value=state.review_comment, on_change=state.set_review_comment,
                             rows="4", width="100%"),
                rx.cond(state.review_error != "", rx.text(state.review_error, color_scheme="red", size="1", role="alert")),
                spacing="1", width="100%", margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", on_click=state.close_review)),
                rx.button(rx.cond(state.review_decision == "approve", t("common.approve"), t("common.reject")),
                          color_scheme=rx.cond(state.review_decision == "approve", "green", "red"),
                          on_click=state.submit_review),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="32rem",
        ),
        open=state.review_open,
        on_open_change=state.set_review_open,
    )


def form_field(label_key: str, name: str, errors: rx.Var, *, type_: str = "text", required: bool = False,
               hint_key: str = "", default_value: rx.Var | str = "", placeholder: str = "", control=None,
               autocomplete: str = "") -> rx.Component:
    """A labelled, uncontrolled form input (read by the form's on_submit) with its error below it.

    ``errors`` is the state's ``dict[str, str]`` of field → message.
    """
    ident = f"f-{name}"
    has_error = errors.contains(name)
    if control is None:
        control = rx.input(id=ident, name=name, type=type_, default_value=default_value, placeholder=placeholder,
                           aria_invalid=rx.cond(has_error, "true", "false"), aria_describedby=f"{ident}-msg",
                           auto_complete=autocomplete or None, width="100%", size="2")
    return rx.vstack(
        rx.el.label(t(label_key), rx.el.span(" *", style={"color": "var(--red-10)"}) if required else "",
                    html_for=ident, style={"font_size": "var(--font-size-2)", "font_weight": "500"}),
        control,
        rx.text(rx.cond(has_error, errors[name], ""), id=f"{ident}-msg", color_scheme="red", size="1",
                role=rx.cond(has_error, "alert", "none"), display=rx.cond(has_error, "block", "none")),
        rx.text(t(hint_key), color_scheme="gray", size="1") if hint_key else rx.fragment(),
        spacing="1", width="100%", align="stretch",
    )
