"""Full-page screenshots of every public page on a desktop and a phone, for people to
look at (written to screenshots/, which git ignores). The test also checks what a
screenshot would show as broken: the stylesheet missing, or a page wider than the
phone's screen."""

from __future__ import annotations

import time

import pytest

from tests.e2e.helpers import SCREENSHOTS, SEED_ARTICLE, open_tab

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 390, 320)  # a laptop, a phone and the narrowest phone we support
PAGES = [
    ("home", "/"),
    ("topic", "/topics/blood-counts/"),
    ("article", SEED_ARTICLE),
    ("article-professional", f"{SEED_ARTICLE}?audience=professional"),
    ("editorial-policy", "/editorial-policy/"),
    ("transparency", "/transparency/"),
    ("interpret", "/interpret/"),
]


def too_wide(page) -> list[str]:
    """What makes the page wider than the window: the innermost elements whose content
    does not fit, with how far the page spills over (empty when it fits)."""
    return page.evaluate(
        """() => {
            const spill = document.documentElement.scrollWidth - window.innerWidth;
            if (spill <= 0) return [];
            const culprits = [...document.querySelectorAll("main *")].filter(el =>
                el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
                && ![...el.children].some(c => c.scrollWidth > c.clientWidth + 1)
            );
            return [`${spill}px too wide`, ...culprits.map(el =>
                `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                `${el.className ? "." + el.className : ""} ` +
                `(${el.clientWidth}px box, ${el.scrollWidth}px content)`)];
        }"""
    )


def test_screenshots_of_every_public_page_none_scrolling_sideways(demo, live_server, browser):
    SCREENSHOTS.mkdir(exist_ok=True)
    started = time.time()
    base = live_server.url
    spills = {}
    for width in WIDTHS:
        page = open_tab(browser, width=width)
        try:
            for name, path in PAGES:
                page.goto(base + path)
                assert page.evaluate(
                    "getComputedStyle(document.body).fontFamily.startsWith('system-ui')"
                ), "the site's stylesheet is applied"
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
                spills[f"{name}-{width}"] = too_wide(page)

            # The result page answers a POST: fill the form as a reader does.
            page.get_by_label("White blood cells (WBC)").fill("3.4")
            page.get_by_label("Absolute neutrophil count (ANC)").fill("1.207")
            page.get_by_label("Age (years)").fill("45")
            page.get_by_role("button", name="Explain my results").click()
            page.get_by_role(
                "heading", level=1, name="Mild leukopenia with mild neutropenia"
            ).wait_for()
            page.screenshot(path=SCREENSHOTS / f"result-{width}.png", full_page=True)
            spills[f"result-{width}"] = too_wide(page)
        finally:
            page.context.close()

    for name in [*(name for name, _ in PAGES), "result"]:
        for width in WIDTHS:
            assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_mtime >= started - 1
    spilling = {name: culprits for name, culprits in spills.items() if culprits}
    assert not spilling, f"pages that scroll sideways: {spilling}"


# The phone a patient most often has: 390 × 844 CSS pixels.
PHONE = {"width": 390, "height": 844}
URGENT_PAGES = {
    "result-febrile-neutropenia": {"anc_value": "0.3", "temperature": "38.6"},
    "result-fever-during-treatment": {"anc_value": "3.9", "temperature": "39"},
    "result-critical-platelets": {"plt_value": "15"},
    "result-fever-low-wbc-no-anc": {"wbc_value": "2.0", "temperature": "39.5"},
}


def test_on_a_phone_the_urgent_instruction_starts_on_the_first_screen(demo, live_server, browser):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        for name, fields in URGENT_PAGES.items():
            page.goto(live_server.url + "/interpret/")
            for field, value in fields.items():
                page.locator(f"#id_{field}").fill(value)
            if name == "result-fever-during-treatment":
                page.locator("#id_anticancer_treatment").check()
            page.locator("#id_age").fill("45")
            page.get_by_role("button", name="Explain my results").click()
            box = page.locator("#instruction-heading").bounding_box()
            page.screenshot(path=SCREENSHOTS / f"{name}-390.png", full_page=True)
            assert box is not None and box["y"] + box["height"] < PHONE["height"], (
                f"{name}: the instruction starts below the first screen ({box})"
            )
            assert box["y"] < page.locator("#result-title").bounding_box()["y"], name
            assert not too_wide(page), f"{name} scrolls sideways: {too_wide(page)}"
    finally:
        context.close()
