"""The lab-values form and the personalized result page, as a reader uses them."""

from __future__ import annotations

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db

URL = "/interpret/"

SEED_CASE = {
    "wbc_value": "3.4",
    "wbc_unit": "10*9/L",
    "anc_value": "1.207",
    "anc_unit": "10*9/L",
    "age": "45",
    "sex": "female",
}


def post(client, **changes):
    data = {**SEED_CASE, **changes}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def text(response) -> str:
    return response.content.decode()


def test_the_form_has_a_labelled_field_per_analyte(client, live_ref):
    response = client.get(URL)
    html = text(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for label in [
        "White blood cells (WBC)",
        "Absolute neutrophil count (ANC)",
        "Neutrophils (%)",
        "Bands (%)",
        "Lymphocytes",
        "Hemoglobin",
        "Platelets",
    ]:
        field_id = re.search(rf'<label for="(id_\w+_value)">{re.escape(label)}</label>', html)
        assert field_id, label
        assert f'id="{field_id.group(1)}"' in html
    # Counts default to ×10⁹/L.
    assert re.search(r'<select name="wbc_unit"[^>]*>\s*<option value="10\*9/L"', html)
    assert "Which best describes you?" in html
    assert "never guessed from ancestry" in html
    assert 'method="post"' in html


def test_the_seed_case_gives_mild_leukopenia_with_mild_neutropenia(client, live_ref):
    response = post(client)
    html = text(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<h1 id="result-title">Mild leukopenia with mild neutropenia</h1>' in html
    # The reader's values beside the ranges, with their flags.
    assert re.search(r"<strong>3\.4</strong> ×10⁹/L.*?4\.5–11 ×10⁹/L.*?Low", html, re.S)
    assert re.search(r"<strong>1\.207</strong> ×10⁹/L.*?1\.8–7\.7 ×10⁹/L.*?Low", html, re.S)
    # A picture per value with an accessible name and description.
    assert html.count('role="img"') == 2
    assert 'aria-labelledby="pic-ANC-title pic-ANC-desc"' in html
    assert '<title id="pic-ANC-title">Absolute neutrophil count (ANC): 1.207 ×10⁹/L</title>' in html
    # The guidance sections, numbered citations and the print button.
    for section in [
        "What this means",
        "Infection risk",
        "Causes to investigate",
        "Next steps",
        "When to seek care now",
    ]:
        assert f">{section}</h2>" in html, section
    assert re.search(r'<sup><a href="#ref-1">1</a>', html)
    assert '<ol id="references">' in html and '<li id="ref-1">' in html
    assert 'class="print-button"' in html
    assert 'id="disclaimer"' in html
    # One guidance block of this case is still pending review: readers never see it.
    assert "Educational purpose only" not in html
    assert "pending review by the medical board" not in html


def test_values_in_other_units_give_the_same_result(client, live_ref):
    html = text(post(client, wbc_value="3400", wbc_unit="/uL", anc_value="1207", anc_unit="/uL"))
    assert "Mild leukopenia with mild neutropenia" in html
    assert "you entered 1207 cells/µL" in html or "you entered 1207" in html


def test_the_anc_is_computed_from_the_differential(client, live_ref):
    html = text(post(client, anc_value="", neut_pct_value="35.5"))
    assert "Mild leukopenia with mild neutropenia" in html
    assert "calculated from your white count and differential" in html
    assert "<strong>1.207</strong>" in html


def test_the_audience_changes_the_wording(client, live_ref):
    general = text(post(client))
    professional = text(post(client, audience="professional"))
    assert general != professional
    assert "CTCAE v5.0 grade 2" in professional
    assert "Note for healthcare professionals" in professional


def test_fever_with_neutropenia_leads_with_the_urgent_box(client, live_ref):
    html = text(post(client, anc_value="0.4", temperature_c="38.4"))
    urgent = html.index('class="urgent-box"')
    assert urgent < html.index('id="values-heading"')
    assert "seek emergency care now" in html
    assert "38.3" in html, "the page says which fever threshold it follows"
    assert "38.5" in html, "and why it does not use the older figure"


def test_fever_with_anc_below_one_is_urgent_even_when_the_rest_is_normal(client, live_ref):
    html = text(
        post(
            client, wbc_value="6.0", anc_value="0.9", temperature_c="38.0", fever_sustained_1h="on"
        )
    )
    assert 'class="urgent-box"' in html
    assert "get urgent care today" in html or "seek emergency care now" in html


def test_children_are_declined_with_a_reason(client, live_ref):
    html = text(post(client, age="15"))
    assert "We cannot interpret these results" in html
    assert "under 18" in html
    assert "What we found" not in html


def test_pregnancy_is_declined_with_a_reason(client, live_ref):
    html = text(post(client, pregnant="on"))
    assert "during pregnancy" in html


def test_duffy_null_ranges_are_used_only_when_stated(client, live_ref):
    plain = text(post(client, wbc_value="3.4", anc_value="1.3"))
    assert "Mild neutropenia" in plain
    duffy = text(post(client, wbc_value="3.4", anc_value="1.3", duffy_null="on"))
    assert "Duffy-null range" in duffy
    assert "1.21–7.7 ×10⁹/L" in duffy  # the Duffy-null lower limit, the general upper one
    assert "Your values are within the usual ranges" in duffy
    assert "What we found" not in duffy


def test_a_lab_printed_range_overrides_the_default(client, live_ref):
    html = text(post(client, wbc_lab_low="3.0", wbc_lab_high="10.0"))
    assert "3–10 ×10⁹/L (your lab's range)" in unescape(html)


def test_field_errors_are_shown_beside_the_field_and_entries_kept(client, live_ref):
    response = post(client, anc_value="lots", wbc_unit="10*9/L", age="")
    html = text(response)
    assert response.status_code == 400
    assert "Enter your age in years." in html
    assert 'value="lots"' in html, "what the reader typed is kept"
    assert 'value="3.4"' in html
    assert "no-store" in response["Cache-Control"]


def test_an_engine_error_lands_on_its_field(client, live_ref):
    response = post(client, anc_value="5.1")  # ANC above the WBC
    html = text(response)
    assert response.status_code == 400
    assert "cannot be higher than the white cell count" in html
    response = post(client, neut_pct_value="150", anc_value="")
    assert "A percentage cannot be more than 100." in text(response)
    assert re.search(r'id="row-neut_pct"[^>]*>', text(response))


def test_an_empty_form_says_what_to_do(client, live_ref):
    response = client.post(URL, {"age": "40"})
    assert response.status_code == 400
    assert "Enter at least one value from your blood count." in text(response)


def test_lab_values_never_go_into_the_url(client, live_ref):
    response = client.get(URL, {"wbc_value": "3.4", "age": "45"})
    assert response.status_code == 200
    assert "Mild leukopenia" not in text(response), "a GET never interprets values"


def test_the_result_page_needs_csrf(live_ref):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, SEED_CASE).status_code == 403


def test_the_blank_form_gives_each_reader_a_working_token(live_ref):
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    response = reader.get(URL)
    assert response["Cache-Control"].startswith("no-store")
    html = text(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    answer = reader.post(URL, {**SEED_CASE, "csrfmiddlewaretoken": token})
    assert answer.status_code == 200
    assert "Mild leukopenia with mild neutropenia" in text(answer)


def test_a_thousands_comma_is_asked_about_not_guessed(client, live_ref):
    """1,207 cells/µL could be read as 1207 (mild) or 1.207 (severe): the form asks."""
    response = post(client, anc_value="1,207", anc_unit="/uL")
    html = text(response)
    assert response.status_code == 400
    assert "Write it without a comma (1207) or with a point (1.207)" in html
    assert "Severe neutropenia" not in html


def test_a_decimal_comma_is_understood(client, live_ref):
    assert "Mild leukopenia with mild neutropenia" in text(post(client, wbc_value="3,4"))


def test_an_empty_post_says_what_is_missing(client, live_ref):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Enter your age in years." in text(response)
