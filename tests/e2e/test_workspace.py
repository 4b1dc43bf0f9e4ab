"""The editors' and the board's workspace, end to end in a real browser.

An editor writes a blood-count article with the preview and the citation helper and
submits it with a note; a board member (not a hematologist) reads the page as readers
will see it and comments on a passage; the editor resolves the comment and submits
again; two board members approve (the policy needs two, one of them a hematologist);
the editor's dashboard and the public page show the result. Each step is
photographed at 1280 and 390 px and checked with axe (WCAG 2.2 AA).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviews import notifications
from tests.e2e.helpers import (
    SCREENSHOTS,
    axe_violations,
    describe_violations,
    log_in,
    open_tab,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Can a viral infection lower the neutrophil count?"
SLUG = "can-a-viral-infection-lower-the-neutrophil-count"
BODY = (
    "Yes. Many common viral infections lower the neutrophil count for a few weeks "
    "[@gibson-berliner-2014].\n\nRest and drink plenty of fluids.\n"
)
BETTER = (
    "Yes. Many common viral infections lower the neutrophil count for a few weeks "
    "[@gibson-berliner-2014].\n\nA repeat count after recovery usually shows it back in "
    "range.\n"
)


@pytest.fixture
def two_approvals_with_a_hematologist(demo):
    """The policy in force needs two approvals, one from Hematology for blood counts
    (reviewer1 is the demo's hematologist). Set up before the browser starts."""
    from django.contrib.auth import get_user_model

    from tests.factories import approved_policy

    users = get_user_model().objects.in_bulk(["editor", "reviewer1"], field_name="username")
    with notifications.muted():
        approved_policy(
            editor=users["editor"],
            approvers=[users["reviewer1"]],
            body_markdown="{approvals_required} board members approve every answer.",
            change_note="Two approvals; a hematologist for blood counts",
            approvals_required=2,
            required_specialties="Blood counts: Hematology",
        )


def shoot(page, name: str) -> None:
    """A screenshot at 1280 and at 390 px, and none of them scrolls sideways."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.screenshot(path=SCREENSHOTS / f"workspace-{name}-{width}.png", full_page=True)
        if name.startswith("desk"):
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{name} scrolls sideways at {width} px ({wide} px wide)"
    page.set_viewport_size({"width": 1280, "height": 900})


def no_violations(page, where: str, found: dict) -> None:
    found[where] = axe_violations(page)


def test_the_workspace_journey(two_approvals_with_a_hematologist, live_server, browser):
    base = live_server.url
    found: dict[str, list] = {}
    editor, reviewer2, reviewer1 = (open_tab(browser) for _ in range(3))
    try:
        # The editor's dashboard, then a new article with the helper and the preview.
        log_in(editor, base, "editor", "editor-demo-2026")
        expect(editor).to_have_title("Your workspace | Reviewed Medical Answers")
        expect(editor.get_by_role("heading", name="Your drafts (0)")).to_be_visible()
        no_violations(editor, "editor dashboard", found)
        shoot(editor, "dashboard-editor")

        editor.locator("tr.model-article").get_by_role("link", name="Add").click()
        editor.get_by_label("Question:", exact=True).press_sequentially(TITLE)
        editor.get_by_label("Topic:").select_option(label="Blood counts")
        helper = editor.locator("#citation-list")
        editor.get_by_label("Find a source").fill("gibson")
        expect(helper.locator("li:visible")).to_have_count(1)
        expect(helper.locator("li:visible")).to_contain_text("[@gibson-berliner-2014]")
        editor.get_by_label("Body (Markdown):", exact=True).fill(BODY)
        editor.get_by_label("Reason for this change").fill("New question from reader mail")
        editor.get_by_label("Note to the board (optional)").fill("Written from reader mail.")
        no_violations(editor, "article form", found)
        shoot(editor, "article-form")

        with editor.context.expect_page() as opened:
            editor.get_by_role("button", name="Preview (opens in a new tab)").click()
        preview = opened.value
        expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(preview.locator(".article-body")).to_contain_text("Rest and drink plenty")
        expect(preview.locator("#references")).to_contain_text("Gibson")
        no_violations(preview, "preview", found)
        shoot(preview, "preview")
        preview.close()

        editor.get_by_role("button", name="Save and submit for review").click()
        expect(editor.locator(".messagelist")).to_contain_text(
            "Saved and submitted: revision 1 waits for the board."
        )

        # A board member who is not a hematologist reads the page and comments.
        log_in(reviewer2, base, "reviewer2", "reviewer2-demo-2026")
        waiting = reviewer2.get_by_role("region", name="Waiting for you")
        expect(waiting).to_contain_text(TITLE)
        no_violations(reviewer2, "board dashboard", found)
        shoot(reviewer2, "dashboard-board")
        reviewer2.get_by_role("link", name="Review queue", exact=True).first.click()
        expect(reviewer2.locator("#result_list")).to_contain_text("0 of 2")
        expect(reviewer2.locator("#result_list")).to_contain_text("needs one from Hematology")
        no_violations(reviewer2, "queue", found)
        shoot(reviewer2, "queue")
        reviewer2.get_by_role("link", name=TITLE, exact=True).click()
        page_panel = reviewer2.get_by_role("region", name="The page as readers will see it")
        expect(page_panel).to_contain_text("Rest and drink plenty of fluids.")
        reviewer2.get_by_label("The passage").fill("Rest and drink plenty of fluids.")
        reviewer2.get_by_label("Your comment").fill("Say what the count does after recovery.")
        reviewer2.get_by_role("button", name="Add the comment").click()
        expect(
            reviewer2.get_by_role("heading", name="Comments on passages (1 open)")
        ).to_be_visible()
        citations = reviewer2.get_by_role("region", name="Citations (0 of 1 checked)")
        citations.get_by_role("button", name="Tick gibson-berliner-2014 as checked").click()
        expect(reviewer2.get_by_role("heading", name="Citations (1 of 1 checked)")).to_be_visible()
        no_violations(reviewer2, "desk", found)
        shoot(reviewer2, "desk-comment")

        # The editor resolves the comment and submits again.
        editor.goto(f"{base}/admin/")
        editor.get_by_role("region", name="Waiting for the board").get_by_role(
            "link", name=TITLE, exact=True
        ).click()
        editor.get_by_label("How it was resolved (optional)").fill("Replaced with the recovery.")
        editor.get_by_role("button", name="Mark resolved").click()
        expect(editor.get_by_role("heading", name="Comments on passages (0 open)")).to_be_visible()
        editor.goto(f"{base}/admin/articles/article/")
        editor.get_by_role("link", name=TITLE, exact=True).click()
        editor.get_by_label("Body (Markdown):", exact=True).fill(BETTER)
        editor.get_by_label("Reason for this change").fill("The board's comment")
        editor.get_by_label("Note to the board (optional)").fill("Says what happens after.")
        editor.get_by_role("button", name="Save and submit for review").click()
        expect(editor.locator(".messagelist")).to_contain_text("revision 2 waits for the board")
        expect(editor.get_by_role("region", name="Review")).to_contain_text(
            "Revision 2 waits for the board (0 of 2 approvals recorded)."
        )
        no_violations(editor, "article form with its review state", found)
        shoot(editor, "article-form-submitted")

        # Two approvals: the first from Infectious Diseases, the last from Hematology.
        reviewer2.reload()
        expect(reviewer2.locator(".desk-rendered").first).to_contain_text("A repeat count")
        expect(reviewer2.locator(".desk-rendered ins").first).to_be_visible()
        reviewer2.get_by_role("button", name="Approve").click()
        expect(reviewer2.locator(".messagelist")).to_contain_text("Approval 1 of 2 recorded")
        expect(reviewer2.locator(".desk-state")).to_contain_text("You approved this revision.")
        expect(reviewer2.locator(".desk-state")).to_contain_text(
            "It still needs an approval from a board member in Hematology"
        )
        shoot(reviewer2, "desk-approved-1-of-2")

        log_in(reviewer1, base, "reviewer1", "reviewer1-demo-2026")
        reviewer1.get_by_role("region", name="Waiting for you").get_by_role(
            "link", name=TITLE, exact=True
        ).click()
        reviewer1.get_by_role("button", name="Approve").click()
        expect(reviewer1.locator(".messagelist")).to_contain_text("This revision is now live.")
        expect(reviewer1.locator(".desk-state")).to_contain_text("is approved and live")
        shoot(reviewer1, "desk-live")

        # What the editor and readers see.
        editor.goto(f"{base}/admin/")
        expect(editor.get_by_role("region", name="Waiting for the board")).not_to_contain_text(
            TITLE
        )
        expect(editor.get_by_role("region", name="Recently approved")).to_contain_text(TITLE)
        shoot(editor, "dashboard-editor-after")
        reader = open_tab(browser)
        reader.goto(f"{base}/articles/{SLUG}/")
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.locator(".signoffs")).to_contain_text("Samuel Okafor")
        expect(reader.locator(".signoffs")).to_contain_text("Priya Raman")
        expect(reader.locator("main")).to_contain_text("A repeat count after recovery")
        reader.context.close()
    finally:
        for tab in (editor, reviewer2, reviewer1):
            tab.context.close()
    problems = {where: v for where, v in found.items() if v}
    assert not problems, "\n".join(describe_violations(w, v) for w, v in problems.items())
