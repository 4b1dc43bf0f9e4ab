"""An editor writes and submits an article in the admin; a board member reviews and
approves it at the review desk; readers then see it as reviewed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import log_in, open_tab

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Can a viral infection lower the neutrophil count?"
SLUG = "can-a-viral-infection-lower-the-neutrophil-count"
BODY = (
    "Yes. Many common viral infections lower the neutrophil count for a few weeks; "
    "a repeat count after recovery usually shows it back in range [@gibson-berliner-2014].\n"
)


def editor_writes_and_submits(page, base: str) -> None:
    log_in(page, base, "editor", "editor-demo-2026")
    page.locator("tr.model-article").get_by_role("link", name="Add").click()
    page.get_by_label("Question:", exact=True).press_sequentially(TITLE)
    # As the title is typed, the admin's script fills in the slug.
    expect(page.get_by_label("Slug:", exact=True)).to_have_value(SLUG)
    # The default wording (the audience wordings below it are optional).
    page.get_by_label("Body (Markdown):", exact=True).fill(BODY)
    page.get_by_label("Reason for this change").fill("New question from reader mail")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    row = page.locator("#result_list tbody tr", has_text=TITLE)
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Submit selected items for medical review")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"{TITLE}: revision 1 submitted for review."
    )


def board_member_approves(page, base: str) -> None:
    log_in(page, base, "reviewer1", "reviewer1-demo-2026")
    page.locator("#review-queue-link").get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE, exact=True)).to_be_visible()

    page.get_by_role("button", name="Claim this item").click()
    expect(page.get_by_role("region", name="Claim")).to_contain_text("Held by Samuel Okafor since")
    citations = page.get_by_role("region", name="Citations (0 of 1 checked)")
    citations.get_by_role("button", name="Tick gibson-berliner-2014 as checked").click()
    expect(page.get_by_role("heading", name="Citations (1 of 1 checked)")).to_be_visible()

    approval = page.locator("form.desk-form", has=page.get_by_role("heading", name="Approve"))
    approval.get_by_label("Comment (optional)").fill("Matches Gibson and Berliner.")
    approval.get_by_label("Conflict of interest declaration").fill("none")
    approval.get_by_label("Literature current through").fill(timezone.localdate().isoformat())
    approval.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("This revision is now live.")


def test_an_article_goes_from_the_editor_through_the_board_to_readers(demo, live_server, browser):
    base = live_server.url
    people = {}
    try:
        for person in ["editor", "reviewer1", "reader"]:
            people[person] = open_tab(browser)

        editor_writes_and_submits(people["editor"], base)
        board_member_approves(people["reviewer1"], base)

        reader = people["reader"]
        reader.goto(f"{base}/articles/{SLUG}/")
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.locator(".signoffs")).to_contain_text(
            "Reviewed by Samuel Okafor, MD, Hematology"
        )
        expect(reader.locator(".signoffs")).to_contain_text("Conflicts of interest: none declared")
        expect(reader.get_by_role("note", name="Pending review")).to_have_count(0)
        expect(reader.locator(".caution-banner")).to_have_count(0)
        expect(reader.locator('[aria-current="step"]')).to_contain_text("Approved")
        expect(reader.get_by_role("region", name="References")).to_contain_text(
            "How we evaluate and treat neutropenia in adults"
        )
    finally:
        for tab in people.values():
            tab.context.close()
