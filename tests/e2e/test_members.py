"""Individual members in the browser: newcomer guide, read-only platform projects, certificate review, affiliation."""
from __future__ import annotations

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PASSWORD, sign_in, sign_out

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def serious_violations(page) -> list[str]:
    # transient toasts (the shared sonner theme) are not part of the page under test
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=10_000)
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def register_member(page, base: str, name: str = "New Member") -> str:
    email = f"m-{uuid.uuid4().hex[:10]}@person.example"
    page.goto(base + "/register")
    page.get_by_text("Personal", exact=True).click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    return email


def test_newcomer_guide_from_start_to_finish_resumes_after_sign_out(page, portal):
    email = register_member(page, portal, "Guide Newcomer")
    # first sign-in of a personal account: the guide opens
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    expect(page.get_by_role("heading", name="Newcomer Guide")).to_be_visible()
    expect(page.get_by_text("0 of 3 steps done")).to_be_visible()

    page.get_by_label("Your name").fill("Guide Newcomer 新人")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    expect(page.get_by_text("1 of 3 steps done")).to_be_visible()
    page.get_by_role("button", name="Next").click()  # no project yet: refused with a reason
    expect(page.get_by_role("alert")).to_contain_text("Add at least one project")
    page.get_by_label("Project name").fill("Warehouse IoT pilot")
    page.get_by_label("Start date").fill("2026-02-01")
    page.get_by_role("button", name="Add Project").click()
    expect(page.get_by_role("listitem").filter(has_text="Warehouse IoT pilot")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Certificates", exact=True)).to_be_visible()

    # resumable: after signing out and in, a begun guide does not block the Partner Center;
    # its to-do and the Member menu reopen it on the certificates step
    sign_out(page)
    sign_in(page, portal, email)
    page.wait_for_url(re.compile(r"/partner-center/?$"), timeout=40_000)
    expect(page.get_by_role("link").filter(has_text="Newcomer guide steps left")).to_contain_text("1")
    page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="Member").click()
    page.get_by_role("menuitem", name="Newcomer Guide").click()
    page.wait_for_url(re.compile(r"/member/guide/?$"))
    expect(page.get_by_role("heading", name="Certificates", exact=True)).to_be_visible()
    expect(page.get_by_text("2 of 3 steps done")).to_be_visible()

    page.get_by_label("Certificate name").fill("Cloud Practitioner")
    page.get_by_label("Certificate number").fill("CP-2026-77")
    page.get_by_label("Issued on").fill("2026-03-10")
    page.get_by_role("button", name="Add Certificate").click()
    expect(page.get_by_role("listitem").filter(has_text="Cloud Practitioner")).to_contain_text("Pending review")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="All set!")).to_be_visible()
    expect(page.get_by_text("3 of 3 steps done")).to_be_visible()
    assert serious_violations(page) == []

    # done: the Partner Center no longer sends the member to the guide
    page.goto(portal + "/partner-center")
    expect(page.get_by_role("heading", name="Partner Center")).to_be_visible()
    page.wait_for_timeout(1000)
    assert page.url.rstrip("/").endswith("/partner-center")


def test_skipped_guide_stays_closed_and_is_reachable_from_the_member_menu(page, portal):
    register_member(page, portal, "Guide Skipper")
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    page.get_by_role("button", name="Skip the guide").click()
    page.wait_for_url(re.compile(r"/partner-center/?$"))
    expect(page.get_by_role("heading", name="Partner Center")).to_be_visible()
    page.get_by_role("navigation", name="Top navigation").get_by_role("button", name="Member").click()
    page.get_by_role("menuitem", name="Newcomer Guide").click()
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    expect(page.get_by_text("You skipped the guide earlier")).to_be_visible()


def test_platform_generated_project_offers_no_edit_or_delete(page, portal):
    sign_in(page, portal, "member@person.example")
    page.goto(portal + "/member/projects")
    platform_row = page.get_by_role("row").filter(has_text="Cloud Migration Bootcamp")
    expect(platform_row).to_contain_text("contact your ecosystem manager")
    expect(platform_row.get_by_role("button", name="Edit")).to_have_count(0)
    expect(platform_row.get_by_role("button", name="Delete")).to_have_count(0)
    own_row = page.get_by_role("row").filter(has_text="Smart warehouse IoT pilot")
    expect(own_row.get_by_role("button", name="Edit")).to_be_visible()
    expect(own_row.get_by_role("button", name="Delete")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Add Project").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert serious_violations(page) == []


def test_member_adds_edits_and_deletes_own_project(page, portal):
    register_member(page, portal, "Project Owner")
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    page.goto(portal + "/member/projects")
    page.get_by_role("button", name="Add Project").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Project name").fill("Data lake design")
    dialog.get_by_label("Start date").fill("2026-04-01")
    dialog.get_by_label("End date").fill("2026-03-01")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_text("The end date is before the start date.")).to_be_visible()
    dialog.get_by_label("End date").fill("2026-05-01")
    dialog.get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text="Data lake design")
    expect(row).to_contain_text("2026-04-01 – 2026-05-01")
    row.get_by_role("button", name="Edit").click()
    page.get_by_role("dialog").get_by_label("Project name").fill("Data lake design v2")
    page.get_by_role("dialog").get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text="Data lake design v2")
    row.get_by_role("button", name="Delete").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("row").filter(has_text="Data lake design")).to_have_count(0)


def test_certificate_approved_then_edited_goes_back_to_review(page, portal, tmp_path):
    email = register_member(page, portal, "Cert Holder")
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    page.goto(portal + "/member/certificates")
    page.get_by_role("button", name="Add Certificate").click()
    dialog = page.get_by_role("dialog")
    number = f"HC-{uuid.uuid4().hex[:6].upper()}"
    dialog.get_by_label("Certificate name").fill("Cloud Developer Associate")
    dialog.get_by_label("Certificate number").fill(number)
    dialog.get_by_label("Issuer").fill("Cloud Academy")
    dialog.get_by_label("Issued on").fill("2026-01-15")
    # a file that only pretends to be a PDF is refused by the server
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"MZ this is not a pdf")
    dialog.locator("input[type=file]").set_input_files(str(fake))
    expect(dialog.get_by_role("alert")).to_contain_text("does not match its type")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    dialog.locator("input[type=file]").set_input_files(str(scan))
    expect(dialog.get_by_text("scan.pdf")).to_be_visible()
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Review").click()
    expect(dialog.get_by_text("Check the details")).to_be_visible()
    expect(dialog).to_contain_text(number)
    dialog.get_by_role("button", name="Confirm").click()
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Pending review")

    # the attachment downloads through a short-lived signed link
    with page.expect_download() as dl:
        row.get_by_role("button", name="Download").click()
    path = dl.value.path()
    assert open(path, "rb").read() == PDF
    assert "/files/" in dl.value.url

    sign_out(page)
    sign_in(page, portal, "manager@platform.example")
    page.goto(portal + "/console/reviews/certificates")
    queue_row = page.get_by_role("row").filter(has_text="Cloud Developer Associate").filter(has_text=number)
    queue_row.get_by_role("button", name="Approve").click()
    page.get_by_role("dialog").get_by_role("button", name="Approve").click()
    expect(page.get_by_role("row").filter(has_text=number)).to_have_count(0)
    sign_out(page)

    sign_in(page, portal, email)
    page.goto(portal + "/member/certificates")
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Approved")
    row.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Saving a change sends it back to review")).to_be_visible()
    dialog.get_by_label("Certificate number").fill(number + "-R")
    dialog.get_by_role("button", name="Review").click()
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("row").filter(has_text=number + "-R")).to_contain_text("Pending review")


def test_member_joins_a_partner_with_its_code_and_leaves(page, portal):
    register_member(page, portal, "Joining Member")
    page.wait_for_url(re.compile(r"/member/guide/?$"), timeout=40_000)
    page.goto(portal + "/account/profile")
    expect(page.get_by_role("heading", name="Partner affiliation")).to_be_visible()
    page.get_by_label("Invitation code").fill("NOSUCHCODE")
    page.get_by_role("button", name="Join partner").click()
    expect(page.get_by_text("No partner has this invitation code.")).to_be_visible()
    page.get_by_label("Invitation code").fill("cds2026")
    page.get_by_role("button", name="Join partner").click()
    expect(page.get_by_text("Civic Digital Services").first).to_be_visible()
    expect(page.get_by_text("Joins in the last 12 months: 1 / 3")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Leave partner").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Leave partner").click()
    expect(page.get_by_label("Invitation code")).to_be_visible()


@pytest.mark.parametrize("path", ["/member/guide", "/member/certificates", "/account/profile"])
def test_member_pages_are_axe_clean(page, portal, path):
    sign_in(page, portal, "member@person.example")
    page.goto(portal + path)
    expect(page.get_by_role("heading").first).to_be_visible()
    page.wait_for_timeout(500)
    assert serious_violations(page) == []


def test_console_members_page_creates_a_platform_project(page, portal):
    sign_in(page, portal, "manager@platform.example")
    page.goto(portal + "/console/members")
    row = page.get_by_role("row").filter(has_text="Chen Jing")
    row.get_by_role("button", name="Add platform project").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Project name").fill("Platform hackathon 2026")
    dialog.get_by_label("Start date").fill("2026-05-20")
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Platform project recorded")).to_be_visible()
    page.get_by_role("row").filter(has_text="Chen Jing").get_by_role("button", name="Add platform project").click()
    expect(page.get_by_role("dialog")).to_contain_text("Platform hackathon 2026")
