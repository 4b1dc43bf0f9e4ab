"""What a reader gets, in a real browser: the answer first on a phone, and the new
reader pages (every article by topic, the board, a board member, About, reporting a
problem, the answer at once after a question, a withdrawn article) pass axe and are
photographed at 1280, 390 and 320 px."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import SCREENSHOTS, axe_violations, describe_violations, open_tab
from tests.e2e.test_screenshots import too_wide

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_ARTICLES = [
    "/articles/what-does-leukopenia-with-neutropenia-indicate/",
    "/articles/what-is-a-normal-absolute-neutrophil-count/",
    "/articles/when-is-fever-with-neutropenia-an-emergency/",
]
AUDIENCES = [
    "",
    "?audience=patient",
    "?audience=caregiver",
    "?audience=professional",
    "?audience=student",
]
PHONE = {"width": 390, "height": 844}
FIRST_SCREEN = 700  # the short answer starts above this, under the browser's own bars

NEW_PAGES = [
    # Every reader list shows its articles as cards (components/article_card.html).
    ("home", "/"),
    ("topic", "/topics/blood-counts/"),
    ("articles", "/articles/"),
    ("board", "/board/"),
    ("board-member", "/board/samuel-okafor/"),
    ("about", "/about/"),
    ("report-article", "/articles/what-is-a-normal-absolute-neutrophil-count/report/"),
    ("report-result", "/results/report/"),
]


def assert_no_violations(found: dict[str, list[dict]]) -> None:
    report = "\n".join(describe_violations(where, v) for where, v in found.items() if v)
    assert not report, "axe found WCAG violations:\n" + report


def test_on_a_phone_every_demo_article_shows_its_short_answer_first(demo, live_server, browser):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    late = []
    try:
        for path in DEMO_ARTICLES:
            for audience in AUDIENCES:
                page.goto(live_server.url + path + audience)
                answer = page.locator("#short-answer-heading")
                box = answer.bounding_box()
                if box is None or box["y"] >= FIRST_SCREEN:
                    late.append((path + audience, box and box["y"]))
                state = page.locator(".review-state").bounding_box()
                assert state["y"] < box["y"], "the review state comes before the answer"
                # The full record follows, complete: the stepper and the sign-offs.
                assert page.locator("#review-details #review-status").count() == 1
            page.goto(live_server.url + path)
            name = path.strip("/").split("/")[-1]
            page.screenshot(path=SCREENSHOTS / f"answer-first-{name}-390.png", full_page=False)
    finally:
        context.close()
    assert not late, f"short answers starting below {FIRST_SCREEN} px on a phone: {late}"


def test_the_new_reader_pages_pass_axe_and_fit_every_screen(demo, live_server, browser):
    SCREENSHOTS.mkdir(exist_ok=True)
    base = live_server.url
    found, spills = {}, {}
    for width in (1280, 390, 320):
        page = open_tab(browser, width=width)
        try:
            for name, path in NEW_PAGES:
                page.goto(base + path)
                if width == 1280:
                    found[name] = axe_violations(page)
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
                spills[f"{name}-{width}"] = too_wide(page)

            # A report sent, from the article's own link.
            page.goto(base + "/articles/what-is-a-normal-absolute-neutrophil-count/")
            page.get_by_role("link", name="report a problem with this page").click()
            page.get_by_label("What is wrong?").fill("The second link is broken.")
            page.get_by_role("button", name="Send report").click()
            page.get_by_role(
                "heading", level=1, name="Thank you. Your report has been sent"
            ).wait_for()
            if width == 1280:
                found["report sent"] = axe_violations(page)
            page.screenshot(path=SCREENSHOTS / f"report-sent-{width}.png", full_page=True)

            # A follow-up question, answered at once from approved passages.
            page.goto(base + "/articles/what-is-a-normal-absolute-neutrophil-count/questions/")
            page.get_by_label("Your question").fill("Is a fever dangerous with low neutrophils?")
            page.get_by_role("button", name="Send question").click()
            heading = page.get_by_role("heading", level=1, name="Thank you. Your question")
            heading.wait_for()
            # The thank-you is where the reader lands, at the top of the screen.
            assert -1 <= heading.bounding_box()["y"] < 300
            assert page.locator(".passage").count() >= 1
            if width == 1280:
                found["question sent, with passages"] = axe_violations(page)
            page.screenshot(path=SCREENSHOTS / f"question-sent-{width}.png", full_page=True)
            spills[f"question-sent-{width}"] = too_wide(page)
        finally:
            page.context.close()
    assert_no_violations(found)
    spilling = {name: culprits for name, culprits in spills.items() if culprits}
    assert not spilling, f"pages that scroll sideways: {spilling}"


@pytest.fixture
def withdrawn_article(demo):
    """The board withdraws the normal-count article (before the browser starts)."""
    from django.contrib.auth import get_user_model

    from articles.models import Article
    from reviews import services as review

    article = Article.objects.get(slug="what-is-a-normal-absolute-neutrophil-count")
    review.withdraw(
        article.review_item,
        by=get_user_model().objects.get(username="reviewer2"),
        reason="Replaced by a page that covers the Duffy-null range more fully.",
    )
    return "/articles/what-is-a-normal-absolute-neutrophil-count/"


def test_a_withdrawn_article_says_why_and_passes_axe(demo, withdrawn_article, live_server, page):
    response = page.goto(live_server.url + withdrawn_article)
    assert response.status == 410
    page.get_by_role("heading", level=1, name="This article has been withdrawn").wait_for()
    assert "covers the Duffy-null range" in page.locator(".withdrawal-reason").inner_text()
    page.screenshot(path=SCREENSHOTS / "withdrawn-1280.png", full_page=True)
    assert_no_violations({"withdrawn article": axe_violations(page)})


def test_the_new_admin_pages_pass_axe(demo, live_server, page):
    """The editors' questions by article and the board's withdrawal form."""
    from tests.e2e.helpers import log_in

    base = live_server.url
    found = {}
    log_in(page, base, "editor", "editor-demo-2026")
    page.goto(base + "/admin/articles/followupquestion/by-article/")
    page.get_by_role("heading", name="By article", exact=True).wait_for()
    found["questions by article"] = axe_violations(page)
    page.goto(base + "/admin/articles/problemreport/")
    found["problem reports"] = axe_violations(page)
    page.goto(base + "/admin/articles/authorprofile/")
    found["author profiles"] = axe_violations(page)
    page.locator("#logout-form button").click()

    log_in(page, base, "reviewer1", "reviewer1-demo-2026")
    page.goto(base + "/admin/articles/article/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("withdraw_selected")
    page.locator("button[name=index]").click()
    page.get_by_label("Why the board withdraws these articles").wait_for()
    found["withdraw articles"] = axe_violations(page)
    assert_no_violations(found)
