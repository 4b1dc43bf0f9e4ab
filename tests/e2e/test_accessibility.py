"""axe-core finds no WCAG 2.2 A/AA failure on the pages readers and the board use.

Each test visits its pages in turn and reports every violation of every page at once,
so one run says all that needs fixing.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import SEED_ARTICLE, axe_violations, describe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def enter_the_seed_case(page, *, anc: str = "1.207") -> None:
    page.get_by_label("White blood cells (WBC)").fill("3.4")
    page.get_by_label("Absolute neutrophil count (ANC)").fill(anc)
    page.get_by_label("Age (years)").fill("45")
    page.get_by_role("button", name="Explain my results").click()


def assert_no_violations(found: dict[str, list[dict]]) -> None:
    report = "\n".join(describe_violations(where, v) for where, v in found.items() if v)
    assert not report, "axe found WCAG violations:\n" + report


def test_the_public_pages_have_no_wcag_violation(demo, live_server, page):
    base = live_server.url
    found = {}
    for where, path in [
        ("home", "/"),
        ("seed article", SEED_ARTICLE),
        ("seed article, professional wording", f"{SEED_ARTICLE}?audience=professional"),
        ("editorial policy", "/editorial-policy/"),
        ("interpret form", "/interpret/"),
    ]:
        page.goto(base + path)
        found[where] = axe_violations(page)

    enter_the_seed_case(page, anc="lots")
    page.get_by_role("alert").wait_for()
    found["interpret form with errors"] = axe_violations(page)

    page.goto(f"{base}/interpret/")
    enter_the_seed_case(page)
    page.get_by_role("heading", level=1, name="Mild leukopenia with mild neutropenia").wait_for()
    found["result page"] = axe_violations(page)

    assert_no_violations(found)


def test_the_review_queue_and_desk_have_no_wcag_violation(demo, live_server, page):
    base = live_server.url
    found = {}
    log_in(page, base, "reviewer1", "reviewer1-demo-2026")
    page.locator("#review-queue-link").get_by_role("link", name="Review queue").click()
    page.get_by_role("heading", level=1, name="Review queue").wait_for()
    found["admin review queue"] = axe_violations(page)

    page.get_by_role("link", name="What does leukopenia with neutropenia indicate?").click()
    page.get_by_role("heading", level=2, name="Decision").wait_for()
    found["admin review desk"] = axe_violations(page)

    assert_no_violations(found)
