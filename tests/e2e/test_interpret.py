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
    expect(page.get_by_role("alert")).to_contain_text("Please check the entries marked below")
    anc = page.get_by_label("Absolute neutrophil count (ANC)")
    expect(anc).to_have_value("1.2o7")
    expect(anc).to_have_attribute("aria-invalid", "true")
    expect(anc).to_have_attribute("aria-describedby", "id_anc_value_error")
    error = page.locator("#row-anc #id_anc_value_error")
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
        "Possible causes",
        "What happens next",
        "When to seek care now",
    ]:
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    references = page.get_by_role("region", name="References")
    expect(references.get_by_role("listitem").first).to_be_visible()
    expect(page.locator('sup a[href="#ref-1"]').first).to_be_visible()
    # The print button is shown by the page's own script (the CSP allows no inline script).
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()


def test_each_unit_is_read_aloud_with_its_box(demo, live_server, page):
    page.goto(live_server.url + "/interpret/")
    anc = page.locator("#id_anc_value")
    expect(anc).to_have_accessible_name("Absolute neutrophil count (ANC) ×10⁹/L (K/µL)")
    page.get_by_label("Unit (ANC)").select_option("/uL")
    expect(anc).to_have_accessible_name("Absolute neutrophil count (ANC) cells/µL (/mm³)")
    temperature = page.locator("#id_temperature")
    expect(temperature).to_have_accessible_name("Temperature, if you have measured it °C")
    # The chooser sits beside its box, on the same line.
    box, unit = anc.bounding_box(), page.get_by_label("Unit (ANC)").bounding_box()
    assert unit["x"] > box["x"] + box["width"] - 1
    assert abs((unit["y"] + unit["height"]) - (box["y"] + box["height"])) < 8


def test_a_reader_is_asked_did_you_mean_and_chooses_the_reading(demo, live_server, page):
    """ANC 1207 left in ×10⁹/L with a fever: never read as neutrophilia; the form asks,
    keeping every entry, with the instruction that already holds at the top."""
    page.goto(live_server.url + "/interpret/")
    page.get_by_label("White blood cells (WBC)").fill("3.4")
    page.get_by_label("Absolute neutrophil count (ANC)").fill("1207")
    page.get_by_label("Age (years)").fill("45")
    page.locator("#id_temperature").fill("37.2")
    page.get_by_role("button", name="Explain my results").click()

    question = page.get_by_role("group", name="Did you mean")
    expect(question).to_be_visible()
    expect(page.get_by_label("Absolute neutrophil count (ANC)")).to_have_value("1207")
    expect(page.get_by_label("White blood cells (WBC)")).to_have_value("3.4")
    expect(page.get_by_label("Age (years)")).to_have_value("45")
    expect(page.locator("#id_temperature")).to_have_value("37.2")
    expect(page.get_by_text("Neutrophilia")).to_have_count(0)

    question.get_by_label("1207 cells/µL = 1.207 ×10⁹/L").check()
    page.get_by_role("button", name="Explain my results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mild leukopenia with mild neutropenia"
    )
    values = page.get_by_role("table", name="Your values beside the ranges used")
    expect(values.get_by_role("row", name="Absolute neutrophil count")).to_contain_text(
        "you entered 1207 /µL"
    )


def test_an_urgent_instruction_leads_the_form_asked_again(demo, live_server, page):
    page.goto(live_server.url + "/interpret/")
    page.get_by_label("White blood cells (WBC)").fill("3.4")
    page.get_by_label("Absolute neutrophil count (ANC)").fill("1207")
    page.get_by_label("Age (years)").fill("45")
    page.locator("#id_temperature").fill("39")
    page.get_by_role("button", name="Explain my results").click()
    urgent = page.get_by_role("alert").filter(has_text="Seek care now")
    expect(urgent).to_be_visible()
    assert urgent.bounding_box()["y"] < page.get_by_role("heading", level=1).bounding_box()["y"]
