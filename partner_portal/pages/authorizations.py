"""Account Center › Authorization Letters (`/account/authorizations`).

Customers answer requests (Process Now), revoke active authorizations and read what the partner did under
each one; partners request authorizations and see theirs; distributors approve their resellers' requests.
"""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n
from partner_portal.components.ui import Column, breadcrumb, card, data_table, empty_state, page_header, status_badge, t
from partner_portal.domain import errors, letters, letters_shell
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.routes import AUTHORIZATIONS
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

SCOPE_LABELS = {
    "view_bills": ("View bills", "查看账单"),
    "view_resources": ("View resources", "查看资源"),
    "manage_resources": ("Manage resources", "管理资源"),
    "issue_vouchers": ("Issue vouchers", "发放代金券"),
    "open_tickets": ("Open support tickets", "提交工单"),
}
CATEGORY_LABELS = {
    "reveal": ("Viewed your data", "查看了您的数据"),
    "voucher": ("Vouchers", "代金券"),
    "association": ("Association change", "关联变更"),
    "opportunity": ("Opportunity", "商机"),
    "other": ("Other operation", "其他操作"),
}

i18n.add({
    **{f"scope.{k}": v for k, v in SCOPE_LABELS.items()},
    **{f"activity.{k}": v for k, v in CATEGORY_LABELS.items()},
    "az.title": ("Authorization Letters", "授权书"),
    "az.subtitle_customer": ("Partners ask to operate on your account within a scope. Agree, reject, or revoke at any time.",
                             "合作伙伴申请在授权范围内操作您的账号。您可以同意、拒绝或随时撤销。"),
    "az.subtitle_partner": ("Ask your associated customers for authorization to operate on their accounts.",
                            "向已关联的客户申请授权，以便操作其账号。"),
    "az.letter": ("End-user authorization letter", "最终用户授权书"),
    "az.letter_version": ("Version {v}", "版本 {v}"),
    "az.published": ("Published", "发布于"),
    "az.new": ("New version", "新版本"),
    "az.waiting": ("Requests awaiting your answer", "待您答复的授权请求"),
    "az.active": ("Active authorizations", "生效中的授权"),
    "az.past": ("Earlier requests", "历史请求"),
    "az.none_waiting": ("No requests are waiting for you.", "暂无待您答复的请求。"),
    "az.none_active": ("No partner holds an authorization on your account.", "当前没有合作伙伴持有您账号的授权。"),
    "az.none_past": ("Nothing yet.", "暂无记录。"),
    "az.col.partner": ("Partner", "合作伙伴"),
    "az.col.scope": ("Scope", "授权范围"),
    "az.col.requested": ("Requested at", "申请时间"),
    "az.col.agreed": ("Agreed at", "同意时间"),
    "az.col.version": ("Letter", "授权书版本"),
    "az.col.reason": ("Reason", "原因"),
    "az.col.customer": ("Customer name", "客户名称"),
    "az.col.account": ("Account name", "账号名"),
    "az.col.reseller": ("Reseller", "经销商"),
    "az.process": ("Process Now", "立即处理"),
    "az.revoke": ("Revoke", "撤销"),
    "az.view_log": ("View log", "查看日志"),
    "az.hide_log": ("Hide log", "收起日志"),
    "az.log_title": ("What the partner did under authorization #{id}", "合作伙伴在授权 #{id} 下的操作"),
    "az.log_empty": ("The partner has done nothing concerning your account under this authorization yet.",
                     "合作伙伴尚未在此授权下对您的账号进行任何操作。"),
    "az.col.at": ("Time", "时间"),
    "az.col.action": ("Operation", "操作"),
    "az.col.by": ("By", "操作人"),
    "az.col.details": ("Details", "详情"),
    "az.answer_title": ("Process authorization request", "处理授权请求"),
    "az.revoke_title": ("Revoke authorization", "撤销授权"),
    "az.revoke_text": ("The partner loses the authorization at once and is told your reason.",
                       "撤销后合作伙伴将立即失去授权，并会看到您的原因。"),
    "az.decision": ("Decision", "处理结果"),
    "az.agree": ("Agree", "同意"),
    "az.reject": ("Reject", "拒绝"),
    "az.reason": ("Reason", "原因"),
    "az.reason_optional": ("Reason (optional)", "原因（选填）"),
    "az.send_code": ("Send code", "发送验证码"),
    "az.code": ("Verification code", "验证码"),
    "az.code_sent": ("A code was sent to your mobile and e-mail.", "验证码已发送至您的手机和邮箱。"),
    "az.ok": ("OK", "确定"),
    "az.agreed_toast": ("Authorization granted.", "已授权。"),
    "az.rejected_toast": ("Request rejected.", "已拒绝该请求。"),
    "az.revoked_toast": ("Authorization revoked.", "授权已撤销。"),
    # partner side
    "az.request": ("Request Authorization", "申请授权"),
    "az.mine": ("My authorization requests", "我的授权申请"),
    "az.mine_empty": ("No requests yet. Click Request Authorization to ask an associated customer.",
                      "暂无申请。点击“申请授权”向已关联的客户发起申请。"),
    "az.customer": ("Customer", "客户"),
    "az.choose_customer": ("Choose an associated customer", "选择已关联的客户"),
    "az.no_customers": ("You have no associated customers yet.", "您还没有已关联的客户。"),
    "az.scope": ("Scope", "授权范围"),
    "az.commitment": ("Partner commitment letter", "合作伙伴承诺函"),
    "az.commitment_hint": ("Your first request needs your company's acceptance of the commitment letter.",
                           "首次申请需要贵公司接受承诺函。"),
    "az.accept_commitment": ("I accept the partner commitment letter", "我接受合作伙伴承诺函"),
    "az.letter_preview": ("The customer will be asked to agree to this letter:", "客户将被要求同意以下授权书："),
    "az.reseller_note": ("As a cloud reseller, your request goes to your distributor for approval first.",
                         "作为云经销商，您的申请需先经总经销商审批。"),
    "az.sent_toast": ("Request sent.", "申请已发送。"),
    # distributor side
    "az.reseller_requests": ("Reseller authorization requests awaiting you", "待您审批的经销商授权申请"),
    "az.reseller_none": ("No reseller requests.", "暂无经销商申请。"),
    "az.approve": ("Approve", "通过"),
    "az.reject_title": ("Reject the reseller's request", "驳回经销商的申请"),
    "az.approved_toast": ("Approved: the request now awaits the customer.", "已通过，等待客户确认。"),
})

_SCOPE_EN = {k: v[0] for k, v in SCOPE_LABELS.items()}
_SCOPE_ZH = {k: v[1] for k, v in SCOPE_LABELS.items()}
_CAT_EN = {k: v[0] for k, v in CATEGORY_LABELS.items()}
_CAT_ZH = {k: v[1] for k, v in CATEGORY_LABELS.items()}


def _mapped(en: dict, zh: dict, key: rx.Var) -> rx.Var:
    return rx.cond(AuthState.lang == "zh", rx.Var.create(zh)[key], rx.Var.create(en)[key])


def scope_chips(scope: rx.Var) -> rx.Component:
    return rx.hstack(rx.foreach(scope.to(str).split(","), lambda s: rx.badge(
        _mapped(_SCOPE_EN, _SCOPE_ZH, s), variant="soft", color_scheme="indigo", radius="full")),
        spacing="1", wrap="wrap")


def _split(rows) -> tuple[list, list, list]:
    waiting = [r.as_dict() for r in rows if r.status == "awaiting_customer"]
    active = [r.as_dict() for r in rows if r.status == "active"]
    past = [r.as_dict() for r in rows if r.status not in ("awaiting_customer", "active")]
    return waiting, active, past


class AuthorizationsState(AuthState):
    # the current end-user letter (everyone) and, for partners, the commitment letter
    letter: dict[str, str] = {}
    letter_was_new: bool = False
    commitment: dict[str, str] = {}
    # customer
    waiting: list[dict[str, str]] = []
    active: list[dict[str, str]] = []
    past: list[dict[str, str]] = []
    log_id: str = ""
    log_rows: list[dict[str, str]] = []
    dlg_open: bool = False
    dlg_mode: str = "answer"  # answer | revoke
    dlg_id: str = ""
    dlg_partner: str = ""
    dlg_scope: str = ""
    decision: str = "agree"
    code: str = ""
    reason: str = ""
    code_sent: bool = False
    errors: dict[str, str] = {}
    # partner
    need_commitment: bool = False
    is_reseller: bool = False
    customers: list[dict[str, str]] = []
    req_open: bool = False
    req_customer: str = ""
    req_scopes: list[str] = []
    req_accept: bool = False
    req_errors: dict[str, str] = {}
    # distributor
    reseller_requests: list[dict[str, str]] = []
    rej_open: bool = False
    rej_id: str = ""
    rej_reason: str = ""
    rej_error: str = ""

    async def _load_customer(self):
        def fn(session, actor):
            was_new = letters_shell.new_letter_for(session, actor)
            letters.mark_letter_seen(session, actor=actor)
            return (letters.current_letter(session, actor=actor), was_new,
                    letters.customer_authorizations(session, actor=actor))

        letter, was_new, rows = await self._call(fn)
        self.letter = letter.as_dict() if letter else {}
        self.letter_was_new = was_new
        self.letter_notice = False  # the banner goes once the letter has been opened
        self.waiting, self.active, self.past = _split(rows)

    async def _load_partner(self):
        def fn(session, actor):
            reqs = letters.distributor_requests(session, actor=actor) if actor.role == "distributor_admin" else []
            commitment = letters.current_letter(session, actor=actor, kind="commitment")
            return (letters.current_letter(session, actor=actor), commitment,
                    letters.commitment_needed(session, actor=actor), actor.partner_kind == "cloud_reseller",
                    letters.requestable_customers(session, actor=actor), reqs)

        letter, commitment, need, reseller, customers, reqs = await self._call(fn)
        self.letter = letter.as_dict() if letter else {}
        self.commitment = commitment.as_dict() if commitment else {}
        self.need_commitment, self.is_reseller, self.customers = need, reseller, customers
        self.reseller_requests = [r.as_dict() for r in reqs]

    @rx.event
    async def load(self):
        self.dlg_open = self.req_open = self.rej_open = False
        self.log_id, self.log_rows = "", []
        try:
            if self.role == "customer":
                await self._load_customer()
            elif self.role in ("partner_admin", "partner_staff", "distributor_admin"):
                await self._load_partner()
        except errors.DomainError:
            return

    # ---------------------------------------------------------- customer: answer / revoke
    @rx.event
    def open_answer(self, auth_id: str, mode: str):
        rows = self.waiting if mode == "answer" else self.active
        row = next((r for r in rows if r["id"] == str(auth_id)), None)
        if row is None or mode not in ("answer", "revoke"):
            return
        self.dlg_mode, self.dlg_id, self.dlg_partner, self.dlg_scope = mode, row["id"], row["partner"], row["scope"]
        self.decision, self.code, self.reason, self.code_sent, self.errors = "agree", "", "", False, {}
        self.dlg_open = True

    @rx.event
    def set_dlg_open(self, value: bool):
        self.dlg_open = bool(value)

    @rx.event
    def set_decision(self, value: str):
        if value in ("agree", "reject"):
            self.decision = value

    @rx.event
    def set_code(self, value: str):
        self.code = str(value)[:12]

    @rx.event
    def set_reason(self, value: str):
        self.reason = str(value)[:500]

    @rx.event
    async def send_code(self):
        self.errors = {}
        try:
            await self._call(letters.send_code, authorization_id=int(self.dlg_id or 0),
                             purpose="revoke" if self.dlg_mode == "revoke" else "answer")
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.code_sent = True

    @rx.event
    async def confirm(self):
        self.errors = {}
        auth_id = int(self.dlg_id or 0)
        try:
            if self.dlg_mode == "revoke":
                await self._call(letters.revoke, authorization_id=auth_id, reason=self.reason, code=self.code)
                done = "az.revoked_toast"
            else:
                agree = self.decision == "agree"
                await self._call(letters.answer, authorization_id=auth_id, agree=agree, code=self.code,
                                 reason=self.reason)
                done = "az.agreed_toast" if agree else "az.rejected_toast"
        except errors.InvalidInput as e:
            self.errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.dlg_open = False
        await self._load_customer()
        return rx.toast.success(self._t(done))

    @rx.event
    async def toggle_log(self, auth_id: str):
        if self.log_id == str(auth_id):
            self.log_id, self.log_rows = "", []
            return
        try:
            rows = await self._call(letters.activity_log, authorization_id=int(auth_id) if str(auth_id).isdigit() else 0)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.log_id = str(auth_id)
        self.log_rows = [r.as_dict() for r in rows]

    # ---------------------------------------------------------- partner: request
    @rx.event
    def open_request(self):
        self.req_customer = self.customers[0]["id"] if self.customers else ""
        self.req_scopes, self.req_accept, self.req_errors = ["view_bills"], False, {}
        self.req_open = True

    @rx.event
    def set_req_open(self, value: bool):
        self.req_open = bool(value)

    @rx.event
    def set_req_customer(self, value: str):
        self.req_customer = str(value)[:12]

    @rx.event
    def toggle_scope(self, scope: str, checked: bool):
        if scope not in letters.SCOPES:
            return
        chosen = [s for s in self.req_scopes if s != scope]
        if checked:
            chosen.append(scope)
        self.req_scopes = [s for s in letters.SCOPES if s in chosen]

    @rx.event
    def set_req_accept(self, value: bool):
        self.req_accept = value is True

    @rx.event
    async def send_request(self):
        self.req_errors = {}
        try:
            await self._call(letters.request_authorization, customer_id=self.req_customer, scopes=list(self.req_scopes),
                             accept_commitment=self.req_accept)
        except errors.InvalidInput as e:
            self.req_errors = {e.field: self._t(e.message)}
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.req_open = False
        await self._load_partner()
        return [PartnerAuthorizationsList.load_list, rx.toast.success(self._t("az.sent_toast"))]

    # ---------------------------------------------------------- distributor: approve / reject
    @rx.event
    async def approve_reseller(self, auth_id: str):
        try:
            await self._call(letters.distributor_decide, authorization_id=int(auth_id) if str(auth_id).isdigit() else 0,
                             approve=True)
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        await self._load_partner()
        return rx.toast.success(self._t("az.approved_toast"))

    @rx.event
    def open_reject(self, auth_id: str):
        self.rej_id, self.rej_reason, self.rej_error, self.rej_open = str(auth_id), "", "", True

    @rx.event
    def set_rej_open(self, value: bool):
        self.rej_open = bool(value)

    @rx.event
    def set_rej_reason(self, value: str):
        self.rej_reason = str(value)[:500]

    @rx.event
    async def reject_reseller(self):
        self.rej_error = ""
        try:
            await self._call(letters.distributor_decide, authorization_id=int(self.rej_id) if self.rej_id.isdigit() else 0,
                             approve=False, reason=self.rej_reason)
        except errors.InvalidInput as e:
            self.rej_error = self._t(e.message)
            return
        except errors.DomainError as e:
            return rx.toast.error(self._t(e.message))
        self.rej_open = False
        await self._load_partner()


class PartnerAuthorizationsList(ListMixin, AuthState):
    _csv_name: str = "authorizations.csv"

    def _with_scope_text(self, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**r, "scope_text": ", ".join(self._t(f"scope.{s}") for s in r["scope"].split(",") if s)} for r in rows]

    def _fetch(self, session, actor, req: PageRequest):
        page = letters.list_partner_authorizations(session, actor=actor, req=req, status=self.status_filter)
        return Page(rows=self._with_scope_text(page.rows), has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return self._with_scope_text(letters.export_partner_authorizations(session, actor=actor,
                                                                           status=self.status_filter))

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return letters.reveal_customer_field(session, actor=actor, authorization_id=row_id, field=field)

    @rx.event
    async def load_if_partner(self):
        if self.role in ("partner_admin", "partner_staff", "distributor_admin"):
            return await self._reload()


S = AuthorizationsState


# ---------------------------------------------------------------- pieces
def _label(key: str, html_for: str) -> rx.Component:
    return rx.el.label(t(key), html_for=html_for, style={"font_size": "var(--font-size-2)", "font_weight": "500"})


def _err(errs, name: str) -> rx.Component:
    return rx.cond(errs.contains(name), rx.text(errs[name], color_scheme="red", size="1", role="alert"))


def _letter_box(text: rx.Var, label_key: str, height: str = "12rem") -> rx.Component:
    return rx.box(rx.text(text, size="2", white_space="pre-wrap"), max_height=height, overflow_y="auto", padding="0.9rem",
                  border="1px solid var(--gray-6)", border_radius="var(--radius-3)", background="var(--gray-1)",
                  tab_index=0, role="region", aria_label=t(label_key), width="100%")


def _letter_text(row) -> rx.Var:
    return rx.cond(AuthState.lang == "zh", row["text_zh"], row["text"])


def letter_card() -> rx.Component:
    return card(
        rx.hstack(
            rx.heading(t("az.letter"), size="4", as_="h2"),
            rx.badge(rx.cond(AuthState.lang == "zh", "版本 ", "Version "), S.letter["version"], variant="soft",
                     radius="full"),
            rx.cond(S.letter_was_new, rx.badge(t("az.new"), color_scheme="amber", variant="solid", radius="full")),
            rx.spacer(),
            rx.text(t("az.published"), " ", S.letter["published_at"], size="1", color_scheme="gray"),
            align="center", width="100%", wrap="wrap",
        ),
        _letter_box(_letter_text(S.letter), "az.letter"),
    )


def _table(heads: list[str], rows, render) -> rx.Component:
    return rx.box(rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(h), white_space="nowrap") for h in heads])),
        rx.table.body(rx.foreach(rows, render)),
        variant="surface", size="2", width="100%",
    ), width="100%", overflow_x="auto")


def _id(row) -> rx.Component:
    return rx.text("#", row["id"], color_scheme="gray", size="2", font_family="var(--code-font-family)")


def _log() -> rx.Component:
    return rx.cond(S.log_id != "", card(
        rx.heading(rx.cond(AuthState.lang == "zh", "合作伙伴在授权 #" + S.log_id + " 下的操作",
                           "What the partner did under authorization #" + S.log_id), size="3", as_="h3"),
        rx.cond(S.log_rows.length() > 0,
                _table(["az.col.at", "az.col.action", "az.col.by", "az.col.details"], S.log_rows, lambda r: rx.table.row(
                    rx.table.cell(r["at"], white_space="nowrap"),
                    rx.table.cell(_mapped(_CAT_EN, _CAT_ZH, r["category"]),
                                  rx.text(" · ", r["action"], as_="span", color_scheme="gray", size="1")),
                    rx.table.cell(r["actor"]),
                    rx.table.cell(r["details"]),
                )),
                empty_state("az.log_empty")),
    ))


def customer_dialog() -> rx.Component:
    revoke = S.dlg_mode == "revoke"
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(revoke, t("az.revoke_title"), t("az.answer_title"))),
            rx.dialog.description(rx.cond(revoke, t("az.revoke_text"), rx.text(S.dlg_partner)), size="2",
                                  color_scheme="gray"),
            rx.vstack(
                rx.hstack(rx.text(t("az.col.partner"), size="2", weight="medium"), rx.text(S.dlg_partner, size="2"),
                          spacing="2", wrap="wrap"),
                rx.hstack(rx.text(t("az.col.scope"), size="2", weight="medium"), scope_chips(S.dlg_scope), spacing="2",
                          align="center", wrap="wrap"),
                rx.cond(~revoke, rx.vstack(
                    _letter_box(_letter_text(S.letter), "az.letter", "9rem"),
                    rx.el.fieldset(
                        rx.el.legend(t("az.decision"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                                               "margin_bottom": "0.3rem"}),
                        rx.radio_group.root(
                            rx.hstack(
                                rx.el.label(rx.radio_group.item(value="agree", id="az-agree"), t("az.agree"),
                                            html_for="az-agree", style={"display": "flex", "gap": "0.4rem",
                                                                        "align_items": "center"}),
                                rx.el.label(rx.radio_group.item(value="reject", id="az-reject"), t("az.reject"),
                                            html_for="az-reject", style={"display": "flex", "gap": "0.4rem",
                                                                         "align_items": "center"}),
                                spacing="4"),
                            default_value="agree", on_change=S.set_decision, aria_label=t("az.decision"),
                        ),
                        style={"border": "none", "padding": "0", "margin": "0"},
                    ),
                    spacing="3", width="100%",
                )),
                rx.cond(revoke | (S.decision == "reject"), rx.vstack(
                    _label("az.reason", "az-reason"),
                    rx.text_area(id="az-reason", value=S.reason, on_change=S.set_reason, rows="3", width="100%"),
                    _err(S.errors, "reason"),
                    spacing="1", width="100%",
                )),
                rx.vstack(
                    _label("az.code", "az-code"),
                    rx.hstack(
                        rx.input(id="az-code", value=S.code, on_change=S.set_code, inputmode="numeric",
                                 auto_complete="one-time-code", max_length=6, width="10rem"),
                        rx.button(t("az.send_code"), variant="soft", type="button", on_click=S.send_code),
                        spacing="2", align="center",
                    ),
                    rx.cond(S.code_sent, rx.text(t("az.code_sent"), size="1", color_scheme="green", role="status")),
                    _err(S.errors, "code"),
                    spacing="1", width="100%",
                ),
                spacing="3", width="100%", margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                rx.button(t("az.ok"), on_click=S.confirm, color_scheme=rx.cond(revoke, "red", "indigo")),
                justify="end", spacing="3", margin_top="1.25rem",
            ),
            max_width="34rem",
        ),
        open=S.dlg_open, on_open_change=S.set_dlg_open,
    )


def customer_view() -> rx.Component:
    return rx.vstack(
        page_header("az.title", subtitle_key="az.subtitle_customer"),
        letter_card(),
        card(
            rx.heading(t("az.waiting"), size="4", as_="h2"),
            rx.cond(S.waiting.length() > 0, _table(
                ["table.id", "az.col.partner", "az.col.scope", "az.col.requested", "table.operation"], S.waiting,
                lambda r: rx.table.row(
                    rx.table.cell(_id(r)), rx.table.cell(r["partner"]), rx.table.cell(scope_chips(r["scope"])),
                    rx.table.cell(r["requested_at"], white_space="nowrap"),
                    rx.table.cell(rx.button(t("az.process"), size="1", on_click=S.open_answer(r["id"], "answer"))),
                )), empty_state("az.none_waiting")),
        ),
        card(
            rx.heading(t("az.active"), size="4", as_="h2"),
            rx.cond(S.active.length() > 0, _table(
                ["table.id", "az.col.partner", "az.col.scope", "az.col.agreed", "az.col.version", "table.operation"],
                S.active,
                lambda r: rx.table.row(
                    rx.table.cell(_id(r)), rx.table.cell(r["partner"]), rx.table.cell(scope_chips(r["scope"])),
                    rx.table.cell(r["agreed_at"], white_space="nowrap"), rx.table.cell("v", r["letter_version"]),
                    rx.table.cell(rx.hstack(
                        rx.button(rx.cond(S.log_id == r["id"], t("az.hide_log"), t("az.view_log")), size="1",
                                  variant="soft", on_click=S.toggle_log(r["id"])),
                        rx.button(t("az.revoke"), size="1", color_scheme="red", variant="soft",
                                  on_click=S.open_answer(r["id"], "revoke")),
                        spacing="2")),
                )), empty_state("az.none_active")),
        ),
        _log(),
        card(
            rx.heading(t("az.past"), size="4", as_="h2"),
            rx.cond(S.past.length() > 0, _table(
                ["table.id", "az.col.partner", "az.col.scope", "table.status", "az.col.reason", "table.operation"], S.past,
                lambda r: rx.table.row(
                    rx.table.cell(_id(r)), rx.table.cell(r["partner"]), rx.table.cell(scope_chips(r["scope"])),
                    rx.table.cell(status_badge(r["status"])), rx.table.cell(r["reason"]),
                    rx.table.cell(rx.cond(r["agreed_at"] != "", rx.button(
                        rx.cond(S.log_id == r["id"], t("az.hide_log"), t("az.view_log")), size="1", variant="soft",
                        on_click=S.toggle_log(r["id"])))),
                )), empty_state("az.none_past")),
        ),
        customer_dialog(),
        spacing="4", width="100%",
    )


# ---------------------------------------------------------------- partner and distributor
def request_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("az.request")),
            rx.dialog.description(t("az.subtitle_partner"), size="2", color_scheme="gray"),
            rx.vstack(
                rx.cond(S.is_reseller, rx.callout(t("az.reseller_note"), icon="info", size="1", width="100%",
                                                  high_contrast=True)),
                rx.vstack(
                    _label("az.customer", "az-customer"),
                    rx.cond(S.customers.length() > 0,
                            rx.select.root(
                                rx.select.trigger(id="az-customer", placeholder=t("az.choose_customer"), width="100%",
                                                  aria_label=t("az.customer")),
                                rx.select.content(rx.foreach(S.customers, lambda c: rx.select.item(c["label"],
                                                                                                   value=c["id"]))),
                                value=S.req_customer, on_change=S.set_req_customer),
                            rx.text(t("az.no_customers"), size="2", color_scheme="gray")),
                    _err(S.req_errors, "customer"),
                    spacing="1", width="100%",
                ),
                rx.el.fieldset(
                    rx.el.legend(t("az.scope"), style={"font_size": "var(--font-size-2)", "font_weight": "500",
                                                        "margin_bottom": "0.3rem"}),
                    rx.grid(*[rx.checkbox(t(f"scope.{s}"), default_checked=s == "view_bills",
                                          on_change=lambda v, s=s: S.toggle_scope(s, v)) for s in letters.SCOPES],
                            columns="2", spacing="2"),
                    style={"border": "none", "padding": "0", "margin": "0"},
                ),
                _err(S.req_errors, "scope"),
                rx.text(t("az.letter_preview"), size="2", weight="medium"),
                _letter_box(_letter_text(S.letter), "az.letter", "7rem"),
                rx.cond(S.need_commitment, rx.vstack(
                    rx.text(t("az.commitment"), size="2", weight="medium"),
                    rx.text(t("az.commitment_hint"), size="1", color_scheme="gray"),
                    _letter_box(_letter_text(S.commitment), "az.commitment", "7rem"),
                    rx.checkbox(t("az.accept_commitment"), default_checked=False, on_change=S.set_req_accept),
                    _err(S.req_errors, "commitment"),
                    spacing="2", width="100%",
                )),
                spacing="3", width="100%", margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                rx.button(t("common.submit"), on_click=S.send_request,
                          disabled=S.need_commitment & ~S.req_accept),
                justify="end", spacing="3", margin_top="1.25rem",
            ),
            max_width="36rem",
        ),
        open=S.req_open, on_open_change=S.set_req_open,
    )


PARTNER_COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("name", "az.col.customer", "masked"),
    Column("account", "az.col.account", "masked"),
    Column("scope_text", "az.col.scope"),
    Column("status", "table.status", "status"),
    Column("requested_at", "az.col.requested"),
    Column("agreed_at", "az.col.agreed"),
    Column("reason", "az.col.reason"),
]


def reseller_requests_section() -> rx.Component:
    """Requests of the distributor's resellers; also shown on My Resellers."""
    return card(
        rx.heading(t("az.reseller_requests"), size="4", as_="h2"),
        rx.cond(S.reseller_requests.length() > 0, _table(
            ["table.id", "az.col.reseller", "az.col.customer", "az.col.scope", "table.status", "az.col.requested",
             "table.operation"], S.reseller_requests,
            lambda r: rx.table.row(
                rx.table.cell(_id(r)), rx.table.cell(r["partner"]),
                rx.table.cell(rx.text(r["customer"], font_family="var(--code-font-family)", size="2")),
                rx.table.cell(scope_chips(r["scope"])), rx.table.cell(status_badge(r["status"])),
                rx.table.cell(r["requested_at"], white_space="nowrap"),
                rx.table.cell(rx.cond(r["status"] == "awaiting_distributor", rx.hstack(
                    rx.button(t("az.approve"), size="1", color_scheme="green", on_click=S.approve_reseller(r["id"])),
                    rx.button(t("az.reject"), size="1", color_scheme="red", variant="soft",
                              on_click=S.open_reject(r["id"])),
                    spacing="2"))),
            )), empty_state("az.reseller_none")),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(t("az.reject_title")),
                rx.vstack(
                    _label("az.reason", "az-rej-reason"),
                    rx.text_area(id="az-rej-reason", value=S.rej_reason, on_change=S.set_rej_reason, rows="3",
                                 width="100%"),
                    rx.cond(S.rej_error != "", rx.text(S.rej_error, color_scheme="red", size="1", role="alert")),
                    spacing="1", width="100%", margin_top="1rem",
                ),
                rx.hstack(
                    rx.dialog.close(rx.button(t("common.cancel"), variant="soft", color_scheme="gray", type="button")),
                    rx.button(t("az.reject"), color_scheme="red", on_click=S.reject_reseller),
                    justify="end", spacing="3", margin_top="1rem",
                ),
                max_width="30rem",
            ),
            open=S.rej_open, on_open_change=S.set_rej_open,
        ),
    )


def partner_view() -> rx.Component:
    return rx.vstack(
        page_header("az.title", rx.button(rx.icon("signature", size=16), t("az.request"), on_click=S.open_request),
                    subtitle_key="az.subtitle_partner"),
        rx.cond(AuthState.role == "distributor_admin", reseller_requests_section()),
        card(
            rx.heading(t("az.mine"), size="4", as_="h2"),
            data_table(PartnerAuthorizationsList, PARTNER_COLUMNS, search=False, statuses=list(letters.LIST_STATUSES),
                       empty_key="az.mine_empty"),
        ),
        letter_card(),
        request_dialog(),
        spacing="4", width="100%",
    )


@page(AUTHORIZATIONS, "Authorization Letters", perm="authorizations",
      on_load=[AuthorizationsState.load, PartnerAuthorizationsList.load_if_partner])
def authorizations() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.account_center", "nav.authorizations"),
        rx.cond(AuthState.role == "customer", customer_view(), partner_view()),
        spacing="4", width="100%",
    )
