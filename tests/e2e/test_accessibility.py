"""axe-core finds no WCAG 2.2 A/AA failure on the pages readers and the board use.

Each test visits its pages in turn and reports every violation of every page at once,
so one run says all that needs fixing.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import SEED_ARTICLE, axe_violations, describe_violations, log_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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
        ("topic page", "/topics/blood-counts/"),
        ("seed article", SEED_ARTICLE),
        ("seed article, professional wording", f"{SEED_ARTICLE}?audience=professional"),
        ("editorial policy", "/editorial-policy/"),
        ("transparency page", "/transparency/"),
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

    page.goto(f"{base}/interpret/")
    enter_the_seed_case(page, anc="1207")
    page.get_by_role("group", name="Did you mean").wait_for()
    found["did you mean page"] = axe_violations(page)

    assert_no_violations(found)


# One result page per alert (and a decline, and nothing flagged): what the form is given.
RESULT_PAGES = {
    "febrile neutropenia": {"anc": "0.3", "temperature": "38.6"},
    "fever with a low ANC": {"anc": "0.8", "temperature": "38.6"},
    "fever during anticancer treatment": {
        "anc": "3.9",
        "temperature": "101",
        "temperature_unit": "[degF]",
        "anticancer_treatment": True,
    },
    "fever with a low WBC and no ANC": {"wbc": "2.0", "temperature": "39.5"},
    "fever with normal counts (guidance)": {"anc": "3.9", "temperature": "38.6"},
    "critical platelets": {"plt": "15"},
    "critical hemoglobin": {"hgb": "6.5"},
    "critical high WBC, for a professional": {"wbc": "150", "audience": "professional"},
    "declined: under 18": {"anc": "1.2", "age": "15"},
    "nothing flagged, for a patient": {"anc": "3.9", "audience": "patient"},
}


def enter(page, base: str, fields: dict) -> None:
    page.goto(f"{base}/interpret/")
    for code in ("wbc", "anc", "hgb", "plt"):
        if code in fields:
            page.locator(f"#id_{code}_value").fill(fields[code])
    page.locator("#id_age").fill(fields.get("age", "45"))
    if "temperature" in fields:
        page.locator("#id_temperature").fill(fields["temperature"])
        page.locator("#id_temperature_unit").select_option(fields.get("temperature_unit", "Cel"))
    if fields.get("anticancer_treatment"):
        page.locator("#id_anticancer_treatment").check()
    if "audience" in fields:
        page.locator(f"input[name=audience][value={fields['audience']}]").check()
    page.get_by_role("button", name="Explain my results").click()
    page.locator("#result-title").wait_for()


def test_result_pages_with_each_alert_have_no_wcag_violation(demo, live_server, page):
    found = {}
    for name, fields in RESULT_PAGES.items():
        enter(page, live_server.url, fields)
        found[name] = axe_violations(page)
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


@pytest.fixture
def pending_fever_change(demo):
    """An editor proposes the older ESMO fever figure (before the browser starts): the
    review desk then shows its impact on the clinical test set."""
    from interpretation import services
    from interpretation.models import FeverRule
    from reviews import services as review
    from tests.factories import make_editor

    editor = make_editor("erin_editor")
    rule = services.save_reference(
        FeverRule.objects.get(), by=editor, reason="ESMO figure", single_c=38.5
    )
    revision = review.submit(rule, by=editor)
    return f"/admin/reviews/reviewqueue/{revision.item_id}/review/"


def test_the_desk_with_the_impact_on_the_test_set_has_no_wcag_violation(
    demo, pending_fever_change, live_server, page
):
    log_in(page, live_server.url, "reviewer1", "reviewer1-demo-2026")
    page.goto(live_server.url + pending_fever_change)
    page.get_by_role("heading", level=2, name="Impact on the clinical test set").wait_for()
    page.get_by_role("checkbox").first.wait_for()
    assert_no_violations({"review desk with the impact panel": axe_violations(page)})


@pytest.fixture
def reviewer2_with_a_new_phone(demo):
    """reviewer2 has no authenticator app registered (before the browser starts)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="reviewer2").delete()


def test_the_second_factor_pages_have_no_wcag_violation(
    demo, reviewer2_with_a_new_phone, live_server, page
):
    """A member of staff registers an authenticator app, as a person would; another
    logs in with the code from theirs."""
    import re
    from base64 import b32decode

    from tests.helpers import code_for

    base = live_server.url
    found = {}
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("reviewer2")
    page.get_by_label("Password").fill("reviewer2-demo-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", level=1, name="Set up your authenticator app").wait_for()
    found["authenticator set-up"] = axe_violations(page)

    page.get_by_label("Six-digit code").fill("12")
    page.get_by_role("button", name="Finish setting up").click()
    page.get_by_text("Enter the six digits").wait_for()
    found["authenticator set-up with an error"] = axe_violations(page)

    secret = re.sub(r"\s", "", page.locator(".mfa-secret").inner_text())
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Six-digit code").fill(code_for(key))
    page.get_by_role("button", name="Finish setting up").click()
    page.wait_for_url(f"{base}/admin/")
    page.locator("#logout-form button").click()

    log_in(page, base, "reviewer1", "reviewer1-demo-2026")
    assert_no_violations(found)
