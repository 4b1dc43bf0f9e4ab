"""A reader enters blood count values with the keyboard, fixes a typo the form points
out, and reads the result page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import focus_is_visible, tab_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def type_into(page, field_id: str, text: str) -> list[dict]:
    """Tab to the field, as a keyboard user does, and type; return the stops on the way."""
    path = tab_until(page, lambda el: el["id"] == field_id)
    assert focus_is_visible(page), f"#{field_id} shows where the focus is"
    page.keyboard.type(text)
    return path


def test_a_reader_enters_values_by_keyboard_fixes_a_typo_and_reads_the_result(
    demo, live_server, page
):
    page.goto(live_server.url + "/interpret/")
    type_into(page, "id_wbc_value", "3.4")
    # From WBC to ANC: the WBC unit, the optional lab range, then the ANC.
    stops = type_into(page, "id_anc_value", "1.2o7")
    assert [el["name"] or el["tag"] for el in stops] == ["wbc_unit", "summary", "anc_value"]
    type_into(page, "id_age", "45")
    page.keyboard.press("Enter")

    # The typo is shown beside its field, and nothing else the reader typed is lost.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    anc = page.get_by_label("Absolute neutrophil count (ANC)")
    expect(anc).to_have_value("1.2o7")
    expect(anc).to_have_attribute("aria-invalid", "true")
    expect(anc).to_have_attribute("aria-describedby", "id_anc_value-error")
    error = page.locator("#row-anc #id_anc_value-error")
    expect(error).to_have_text("Enter a number.")
    error_box, field_box = error.bounding_box(), anc.bounding_box()
    assert 0 <= field_box["y"] - (error_box["y"] + error_box["height"]) < 16, "right above it"
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(155, 28, 28)"
    expect(page.get_by_label("White blood cells (WBC)")).to_have_value("3.4")
    expect(page.get_by_label("Age (years)")).to_have_value("45")
    expect(page.locator("#row-wbc .error")).to_have_count(0)

    tab_until(page, lambda el: el["id"] == "id_anc_value")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("1.207")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mild leukopenia with mild neutropenia"
    )
    values = page.get_by_role("table", name="Your values beside the ranges used")
    expect(values.get_by_role("row", name="White blood cells")).to_contain_text("3.4")
    expect(values.get_by_role("row", name="Absolute neutrophil count")).to_contain_text("1.207")

    # A picture per value, each with a name and a description for screen readers.
    expect(page.locator("figure.value-picture svg[role=img]")).to_have_count(2)
    anc_picture = page.get_by_role("img", name="Absolute neutrophil count (ANC): 1.207 ×10⁹/L")
    expect(anc_picture).to_be_visible()
    assert anc_picture.bounding_box()["width"] > 200, "the picture is drawn, not collapsed"
    expect(anc_picture.locator("rect.band")).not_to_have_count(0)

    for section in [
        "What this means",
        "Infection risk",
        "Causes to investigate",
        "Next steps",
        "When to seek care now",
    ]:
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    references = page.get_by_role("region", name="References")
    expect(references.get_by_role("listitem").first).to_be_visible()
    expect(page.locator('sup a[href="#ref-1"]').first).to_be_visible()
    # The print button is shown by the page's own script (the CSP allows no inline script).
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
