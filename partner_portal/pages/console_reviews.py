"""The one review-queue page (`/console/reviews/<kind>`) used by every registered queue:
rows from the queue's ``list``, per row **Approve** / **Reject** through the review dialog."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, data_table, review_dialog, t
from partner_portal.domain import errors, reviews
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "rq.subject": ("Item", "事项"),
    "rq.partner": ("Partner", "伙伴"),
    "rq.submitted_at": ("Submitted", "提交时间"),
    "rq.details": ("Details", "详情"),
    "rq.empty": ("Nothing is waiting in this queue.", "此队列暂无待审核事项。"),
    "rq.back": ("All review queues", "全部审核队列"),
    "rq.unknown": ("There is no such review queue.", "不存在该审核队列。"),
    "rq.approved": ("Approved.", "已通过。"),
    "rq.rejected": ("Rejected.", "已驳回。"),
    "rq.conflict": ("Someone else decided on this item first; the list is refreshed.", "其他审核人已先处理此事项，列表已刷新。"),
})


class ReviewQueueState(ListMixin, AuthState):
    queue_kind: str = ""
    title_en: str = ""
    title_zh: str = ""
    unknown: bool = False
    review_open: bool = False
    review_decision: str = "approve"
    review_comment: str = ""
    review_error: str = ""
    review_subject: str = ""
    _review_id: int = 0

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        return reviews.list_items(session, actor=actor, kind=self.queue_kind, req=req)

    def _export(self, session, actor):
        return reviews.list_items(session, actor=actor, kind=self.queue_kind, req=PageRequest(limit=1000)).rows

    @rx.event
    async def load(self):
        kind = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        self.queue_kind, self.review_open, self.rows = kind, False, []
        queue = reviews.load_all().get(kind)
        self.unknown = queue is None
        if queue is None:
            self.title_en, self.title_zh = i18n.tr("en", "rq.unknown"), i18n.tr("zh", "rq.unknown")
            return
        self.title_en, self.title_zh = i18n.tr("en", queue.title), i18n.tr("zh", queue.title)
        self.page_no = 1
        return await self._reload()

    @rx.event
    def open_review(self, item_id: str, decision: str):
        row = next((r for r in self.rows if r.get("id") == str(item_id)), None)
        if row is None or decision not in ("approve", "reject"):
            return
        self._review_id = int(row["id"])
        self.review_subject = f"#{row['id']} · {row.get('subject', '')}"
        self.review_decision, self.review_comment, self.review_error = decision, "", ""
        self.review_open = True

    @rx.event
    def set_review_comment(self, value: str):
        self.review_comment = (value or "")[:1000]

    @rx.event
    def set_review_open(self, value: bool):
        self.review_open = bool(value)

    @rx.event
    def close_review(self):
        self.review_open = False

    @rx.event
    async def submit_review(self):
        self.review_error = ""
        try:
            await self._call(reviews.decide, kind=self.queue_kind, item_id=self._review_id,
                             decision=self.review_decision, comment=self.review_comment)
        except errors.InvalidInput as e:
            self.review_error = self._t(e.message)
            return
        except errors.Conflict:
            self.review_open = False
            await self._reload()
            return rx.toast.warning(self._t("rq.conflict"))
        except errors.DomainError as e:
            self.review_open = False
            return rx.toast.error(self._t(e.message))
        self.review_open = False
        await self._reload()
        return rx.toast.success(self._t("rq.approved" if self.review_decision == "approve" else "rq.rejected"))


COLUMNS = [
    Column("id", "table.id", "id"),
    Column("subject", "rq.subject"),
    Column("partner", "rq.partner"),
    Column("submitted_at", "rq.submitted_at"),
    Column("details", "rq.details"),
]


def _actions(row) -> rx.Component:
    return rx.hstack(
        rx.button(t("common.approve"), size="1", color_scheme="green", variant="soft", high_contrast=True,
                  on_click=ReviewQueueState.open_review(row["id"], "approve")),
        rx.button(t("common.reject"), size="1", color_scheme="red", variant="soft",
                  on_click=ReviewQueueState.open_review(row["id"], "reject")),
        spacing="2",
    )


@page(routes.CONSOLE_REVIEWS + "/[review_kind]", "Review queue", perm="review", on_load=ReviewQueueState.load)
def review_queue() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), t("rq.back"), spacing="1", align="center"),
                href=routes.CONSOLE, size="2"),
        rx.heading(rx.cond(AuthState.lang == "zh", ReviewQueueState.title_zh, ReviewQueueState.title_en),
                   size="6", as_="h1"),
        rx.cond(ReviewQueueState.unknown,
                rx.callout(t("rq.unknown"), icon="circle-x", color_scheme="red", width="100%"),
                data_table(ReviewQueueState, COLUMNS, actions=_actions, empty_key="rq.empty", search=False)),
        review_dialog(ReviewQueueState),
        spacing="4", width="100%",
    )
