"""Sales › Expand › Opportunities: the list (staff see their own, admins the company's) and Create Opportunity."""
from __future__ import annotations

import reflex as rx

from partner_portal import i18n, routes
from partner_portal.components.ui import Column, breadcrumb, data_table, page_header, t
from partner_portal.domain import opportunities
from partner_portal.domain.paging import Page, PageRequest
from partner_portal.layout import page
from partner_portal.state.auth import AuthState
from partner_portal.state.listing import ListMixin

i18n.add({
    "opp.title": ("Opportunities", "商机"),
    "opp.subtitle": ("Opportunities for your reported and associated customers. The platform reviews each submitted "
                     "one; once approved, mark it won or lost.", "为已报备或已关联客户创建的商机。提交后由平台审核，通过后可标记赢单或丢单。"),
    "opp.create": ("Create Opportunity", "创建商机"),
    "opp.col.name": ("Opportunity", "商机名称"),
    "opp.col.customer": ("Customer name", "客户名称"),
    "opp.col.amount": ("Expected amount", "预计金额"),
    "opp.col.close": ("Expected close", "预计成交日期"),
    "opp.col.owner": ("Owner", "负责人"),
    "opp.col.created": ("Created", "创建时间"),
    "opp.empty": ("No opportunities yet. Click Create Opportunity to start one.", "暂无商机。点击“创建商机”开始。"),
})


class OpportunitiesState(ListMixin, AuthState):
    _csv_name: str = "opportunities.csv"

    def _fetch(self, session, actor, req: PageRequest) -> Page:
        page = opportunities.list_opportunities(session, actor=actor, req=req, search=self.search,
                                                status=self.status_filter)
        return Page(rows=[_cells(r) for r in page.rows], has_next=page.has_next, has_prev=page.has_prev,
                    first_key=page.first_key, last_key=page.last_key)

    def _export(self, session, actor):
        return [r.as_dict() for r in opportunities.export_opportunities(session, actor=actor, search=self.search,
                                                                         status=self.status_filter)]

    def _reveal(self, session, actor, row_id: int, field: str) -> str:
        return opportunities.reveal_opportunity_customer(session, actor=actor, opportunity_id=row_id, field=field)

    @rx.event
    def create(self):
        return rx.redirect(routes.NEW_OPPORTUNITY)


def _cells(r) -> dict[str, str]:
    """The masked cell reads the customer's masked name from "name"; the opportunity's own name goes to "title"."""
    d = r.as_dict()
    d["title"], d["name"] = d["name"], d["customer"]
    return d


COLUMNS = [
    Column("id", "table.id", "id", sortable=True),
    Column("title", "opp.col.name", "link", link_prefix=routes.OPPORTUNITIES + "/"),
    Column("name", "opp.col.customer", "masked"),
    Column("amount", "opp.col.amount", "money", sortable=True),
    Column("stage", "table.status", "status"),
    Column("close_date", "opp.col.close", sortable=True),
    Column("owner", "opp.col.owner"),
    Column("created_at", "opp.col.created"),
]


@page(routes.OPPORTUNITIES, "Opportunities", perm="sales", on_load=OpportunitiesState.load_list)
def opportunities_page() -> rx.Component:
    return rx.vstack(
        breadcrumb("nav.sales", "nav.expand", "nav.opportunities"),
        page_header("opp.title", rx.button(rx.icon("plus", size=16), t("opp.create"), on_click=OpportunitiesState.create),
                    subtitle_key="opp.subtitle"),
        data_table(OpportunitiesState, COLUMNS, empty_key="opp.empty", statuses=opportunities.STAGES),
        spacing="4", width="100%",
    )
