"""A reader on the seed article: the review status, the audience chooser by keyboard,
the follow-up box, and citation links big enough to hit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import SEED_ARTICLE, focus_is_visible, tab_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_switches_to_the_professional_wording_by_keyboard_and_asks(
    demo, live_server, page
):
    page.goto(live_server.url + SEED_ARTICLE)
    # The stylesheet is served and applied: the caution banner has its amber background.
    banner = page.get_by_role("note", name="Pending review")
    expect(banner).to_contain_text("Educational purpose only.")
    assert banner.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 244, 214)"
    stepper = page.get_by_role("region", name="Review status")
    expect(stepper.locator(".step-label")).to_have_text(["Submitted", "Under Review", "Approved"])
    expect(page.get_by_role("heading", name="Please note")).to_be_visible()

    tab_until(page, lambda el: el["text"] == "Healthcare professional")
    assert focus_is_visible(page), "the focused audience link shows a focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url("**?audience=professional")

    chooser = page.get_by_role("navigation", name="Which best describes you?")
    expect(chooser.get_by_role("link", name="Healthcare professional")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("region", name="Short answer")).to_contain_text("CTCAE v5.0")
    expect(page.get_by_role("heading", name="Definitions and grading")).to_be_visible()
    disclaimer = page.get_by_role("complementary", name="Note for healthcare professionals")
    expect(disclaimer).to_contain_text("does not replace, clinical judgement")

    follow_up = page.get_by_role("region", name="Have a follow-up question?")
    follow_up.get_by_role("link", name="Ask a question about this article").click()
    page.get_by_label("Your question").fill("Should the repeat count include a peripheral smear?")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you. Your question has been sent to our editors."
    )
    # The choice is remembered: back on the article, it is still worded for professionals.
    page.get_by_role("link", name="Back to").click()
    expect(page.get_by_role("heading", name="Definitions and grading")).to_be_visible()


def test_the_stepper_is_announced_and_citations_are_big_enough_to_tap(demo, live_server, page):
    page.goto(live_server.url + SEED_ARTICLE)
    stepper = page.get_by_role("region", name="Review status")
    # What a screen reader announces: a labelled region, its heading and three steps,
    # without the decorative numbers and ticks.
    expect(stepper).to_match_aria_snapshot(
        """
        - region "Review status":
          - heading "Review status" [level=2]
          - list:
            - listitem: Submitted
            - listitem: Under Review
            - listitem: Approved
        """
    )
    current = stepper.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    # Submitted and waiting: nobody on the board has started the review yet.
    expect(current.locator(".step-label")).to_have_text("Submitted")
    for marker in stepper.locator(".step-marker").all():
        expect(marker).to_have_attribute("aria-hidden", "true")
    # Not by colour alone: the current step is also bold.
    assert current.evaluate("e => getComputedStyle(e).fontWeight") == "700"

    # Heading navigation reaches the short answer right after the title; the full
    # review record (with the stepper) follows the article.
    headings = page.locator("main").get_by_role("heading").all_inner_texts()
    assert headings[:2] == ["What does leukopenia with neutropenia indicate?", "Short answer"]
    assert headings.index("How this answer was reviewed") < headings.index("Review status")
    expect(page.locator(".review-state")).to_contain_text("Waiting for review by our medical board")
    # The steps are status, not controls: the keyboard passes over them, from the
    # header straight on to the article's links.
    assert stepper.locator("a, button, input, [tabindex]").count() == 0
    path = tab_until(page, lambda el: el["text"] == "Patient")
    assert not any(el["text"] in {"Submitted", "Under Review", "Approved"} for el in path)

    # Citation numbers are links in the sentence (WCAG 2.5.8 exempts inline targets),
    # at least 24 px tall to tap, and they stay with their words: a marker never
    # breaks across lines ("1," and "2" apart) and the full stop after it never
    # starts a line of its own.
    problems = []
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + SEED_ARTICLE)
        links = page.locator("sup a")
        assert links.count() >= 5
        for link in links.all():
            box = link.bounding_box()
            if box["height"] < 24:
                problems.append((width, link.get_attribute("href"), "height", box["height"]))
            if link.evaluate("e => getComputedStyle(e).display") != "inline":
                problems.append((width, link.get_attribute("href"), "not inline"))
        for sup in page.locator("sup").all():
            tops = sup.evaluate(
                "e => [...e.querySelectorAll('a')]"
                ".map(a => Math.round(a.getBoundingClientRect().top))"
            )
            if len(set(tops)) != 1:
                problems.append((width, sup.inner_text(), "split over lines"))
    assert not problems, f"citation markers: {problems}"
