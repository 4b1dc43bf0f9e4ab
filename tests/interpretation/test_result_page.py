"""The lab-values form and the personalized result page, as a reader uses them."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

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


def headline(html: str) -> str:
    return unescape(re.search(r'<h1 id="result-title">(.*?)</h1>', html).group(1))


def headings(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


# --------------------------------------------------------------------------- the form


def test_the_form_has_a_labelled_field_per_analyte_with_its_unit_beside_it(client, live_ref):
    response = client.get(URL)
    html = text(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for code, label in [
        ("wbc", "White blood cells (WBC)"),
        ("anc", "Absolute neutrophil count (ANC)"),
        ("neut_pct", "Neutrophils (%)"),
        ("bands_pct", "Bands (%)"),
        ("alc", "Lymphocytes"),
        ("hgb", "Hemoglobin"),
        ("plt", "Platelets"),
    ]:
        assert f'<label for="id_{code}_value" id="id_{code}_value-label">{label}</label>' in html
        # The box is named by its label and the unit chosen beside it (read aloud together).
        assert f'aria-labelledby="id_{code}_value-label id_{code}_unit"' in html
        assert re.search(rf'<select name="{code}_unit"[^>]*id="id_{code}_unit"', html)
    # Counts default to ×10⁹/L; the temperature has its own °C/°F chooser.
    assert re.search(r'<select name="wbc_unit"[^>]*>\s*<option value="10\*9/L"', html)
    assert re.search(r'<select name="temperature_unit"[^>]*>\s*<option value="Cel"', html)
    assert '<option value="[degF]">°F</option>' in html
    for label in [
        "I am having anticancer treatment (such as chemotherapy)",
        "Date of your last treatment",
        "Or: how many days ago",
        "I am pregnant",
        "A blood test has shown I am Duffy-null",
        "My temperature has stayed at this level for an hour or more",
    ]:
        assert f">{label}</label>" in html, label
    assert "When was your last treatment?" in html
    assert "never guessed from ancestry" in html
    assert 'method="post"' in html


# --------------------------------------------------------------------------- the result page


def test_the_seed_case_gives_mild_leukopenia_with_mild_neutropenia(client, live_ref):
    response = post(client)
    html = text(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert headline(html) == "Mild leukopenia with mild neutropenia"
    # The reader's values beside the ranges, with their flags.
    assert re.search(r"<strong>3\.4</strong> ×10⁹/L.*?4\.5–11 ×10⁹/L.*?Low", html, re.S)
    assert re.search(r"<strong>1\.207</strong> ×10⁹/L.*?1\.8–7\.7 ×10⁹/L.*?Low", html, re.S)
    # A picture per value with an accessible name and description.
    assert html.count('role="img"') == 2
    assert 'aria-labelledby="pic-ANC-title pic-ANC-desc"' in html
    assert '<title id="pic-ANC-title">Absolute neutrophil count (ANC): 1.207 ×10⁹/L</title>' in html
    # Each section once, titled in approved words; numbered citations; the print button.
    assert headings(html)[:7] == [
        "What we found",
        "Your numbers",
        "What this means",
        "Infection risk",
        "Possible causes",
        "What happens next",
        "When to seek care now",
    ]
    assert len(headings(html)) == len(set(headings(html))), "each section once"
    assert re.search(r'<sup><a href="#ref-1">1</a>', html)
    assert '<ol id="references">' in html and '<li id="ref-1">' in html
    assert 'class="print-button"' in html
    assert 'id="disclaimer"' in html
    # No instruction, no reassurance beside the flags, nothing pending review.
    assert 'id="instruction-heading"' not in html
    assert "within the usual ranges" not in html
    assert "Keeping track over time" not in html, "the demo's pending block is never shown"


def test_the_headline_is_in_the_readers_wording(client, live_ref):
    assert headline(text(post(client, audience="patient"))) == (
        "Your white cell and neutrophil counts are a little low"
    )
    professional = text(post(client, audience="professional"))
    assert headline(professional) == "Mild leukopenia with mild neutropenia"
    assert "ANC 1.207 ×10⁹/L, CTCAE v5.0 grade 2" in professional
    assert "CTCAE v5.0 grade 2" not in text(post(client, audience="patient"))
    assert "Note for healthcare professionals" in professional


def test_the_picture_marks_where_clinicians_become_concerned_with_a_legend_for_everyone(
    client, live_ref
):
    for audience in ("", "patient", "caregiver", "professional", "student"):
        html = text(post(client, audience=audience))
        # The harm anchor is the reviewed critical limit (ANC 0.5), drawn and named.
        assert 'class="anchor"' in html
        assert "clinicians usually become concerned below 0.5 ×10⁹/L" in html
        legend = re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)
        for label in ("Mild neutropenia", "Within the range", "Your value"):
            assert label in legend, (audience, label)
        assert "Where clinicians usually become concerned" in legend
    # Bands are told apart by pattern as well as colour.
    assert 'id="pattern-mild"' in html and "band band-mild" in html


def test_values_in_other_units_give_the_same_result(client, live_ref):
    html = text(post(client, wbc_value="3400", wbc_unit="/uL", anc_value="1207", anc_unit="/uL"))
    assert headline(html) == "Mild leukopenia with mild neutropenia"
    assert "you entered 1207 /µL" in html


def test_the_anc_is_computed_from_the_differential(client, live_ref):
    html = text(post(client, anc_value="", neut_pct_value="35.5"))
    assert headline(html) == "Mild leukopenia with mild neutropenia"
    assert "calculated from your white count and differential" in html
    assert "<strong>1.207</strong>" in html


def test_the_audience_changes_the_wording(client, live_ref):
    general = text(post(client))
    professional = text(post(client, audience="professional"))
    assert general != professional
    assert "CTCAE v5.0 grade 2" in professional


def test_within_the_usual_ranges_only_when_nothing_is_flagged(client, live_ref):
    normal = text(post(client, wbc_value="6.2", anc_value="3.9"))
    assert headline(normal) == "Your values are within the usual ranges"
    assert "nothing is flagged" in normal
    flagged = text(post(client, wbc_value="6.2", anc_value="1.6"))  # L, but not neutropenia
    assert headline(flagged) == "Some of your values are outside the range used"
    assert "within the usual ranges" not in flagged and "nothing is flagged" not in flagged
    fever = text(post(client, wbc_value="6.2", anc_value="3.9", temperature="38.6"))
    assert headline(fever) == "You have a fever"
    assert "within the usual ranges" not in fever


# --------------------------------------------------------------------------- the one instruction


def instruction(html: str) -> tuple[str, int]:
    """The instruction's heading and where it starts in the page."""
    match = re.search(r'<h2 id="instruction-heading">(.*?)</h2>', html)
    return unescape(match.group(1)), match.start()


def test_fever_with_neutropenia_leads_with_seek_care_now(client, live_ref):
    html = text(post(client, anc_value="0.4", temperature="38.4"))
    title, where = instruction(html)
    assert title == "Seek care now"
    assert where < html.index('id="result-title"'), "the instruction comes first"
    assert html.count('id="instruction-heading"') == 1, "one box"
    assert "today" not in html[where : html.index('id="result-title"')].lower()
    # The reasons name the values that raised them.
    assert "Fever with a very low neutrophil count" in html
    assert "<strong>Temperature: 38.4 °C</strong>" in html
    assert "38.3" in html, "the page says which fever threshold it follows"
    assert "38.5" in html, "and why it does not use the older figure"


def test_fever_in_fahrenheit_is_understood(client, live_ref):
    html = text(post(client, anc_value="0.4", temperature="101", temperature_unit="[degF]"))
    assert instruction(html)[0] == "Seek care now"
    assert "Temperature: 101 °F" in html


def test_fever_with_anc_below_one_is_urgent_even_when_the_rest_is_normal(client, live_ref):
    html = text(
        post(client, wbc_value="6.0", anc_value="0.9", temperature="38.0", fever_sustained_1h="on")
    )
    assert instruction(html)[0] == "Seek care now"
    assert "Fever with a low neutrophil count" in html


def test_fever_with_a_low_white_count_and_no_anc_leads_with_seek_care_now(client, live_ref):
    html = text(post(client, wbc_value="2.0", anc_value="", temperature="39.5"))
    assert instruction(html)[0] == "Seek care now"
    assert "Fever with a low white cell count" in html


def test_a_low_platelet_count_is_named_as_such_and_asks_for_today(client, live_ref):
    html = text(post(client, wbc_value="", anc_value="", plt_value="15"))
    title, where = instruction(html)
    assert title == "Contact a clinician today"
    box = html[where : html.index('id="result-title"')]
    assert "A very low platelet count" in box
    assert "<strong>Platelets: 15 ×10⁹/L</strong>" in box
    assert "neutrophil" not in box.lower(), "an alert speaks of the value that raised it"
    assert not re.search(r"\bnow\b", re.sub(r"<[^>]+>", "", box)), "never 'now' beside 'today'"


def test_fever_with_normal_counts_gives_fever_guidance_not_an_emergency(client, live_ref):
    html = text(post(client, wbc_value="6.2", anc_value="3.9", temperature="38.6"))
    title, where = instruction(html)
    assert title == "A fever: when to get care"
    assert where > html.index('id="result-title"'), "guidance, after the headline"
    assert "urgent-box" not in html


def test_fever_during_anticancer_treatment_leads_with_seek_care_now_even_when_declined(
    client, live_ref
):
    html = text(
        post(client, wbc_value="6.2", anc_value="3.9", temperature="39", anticancer_treatment="on")
    )
    assert instruction(html)[0] == "Seek care now"
    assert "Fever during anticancer treatment" in html
    assert headline(html) == "During anticancer treatment we show the grades only"


@pytest.mark.parametrize(("days", "urgent"), [("10", True), ("60", False)])
def test_the_last_treatment_date_or_days_decides_the_treatment_window(
    client, live_ref, days, urgent
):
    by_days = text(
        post(client, wbc_value="6.2", anc_value="3.9", temperature="39", last_treatment_days=days)
    )
    when = (timezone.localdate() - datetime.timedelta(days=int(days))).isoformat()
    by_date = text(
        post(client, wbc_value="6.2", anc_value="3.9", temperature="39", last_treatment_date=when)
    )
    for html in (by_days, by_date):
        assert (instruction(html)[0] == "Seek care now") is urgent


def test_a_treatment_date_in_the_future_is_asked_about(client, live_ref):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(client, last_treatment_date=tomorrow)
    assert response.status_code == 400
    assert "The last treatment cannot be after today." in text(response)


# --------------------------------------------------------------------------- declines


def test_children_are_declined_with_a_reason(client, live_ref):
    html = text(post(client, age="15"))
    assert headline(html) == "We cannot interpret results for someone under 18"
    assert "ranges that change with age" in html
    assert "What we found" not in html


def test_pregnancy_is_declined_with_a_reason(client, live_ref):
    html = text(post(client, pregnant="on"))
    assert headline(html) == "We cannot interpret results during pregnancy"


def test_duffy_null_ranges_are_used_only_when_stated(client, live_ref):
    plain = text(post(client, wbc_value="3.4", anc_value="1.3"))
    assert "Mild neutropenia" in plain
    duffy = text(post(client, wbc_value="3.4", anc_value="1.3", duffy_null="on"))
    assert "Duffy-null lower limit" in duffy
    assert "1.21–7.7 ×10⁹/L" in duffy  # the Duffy-null lower limit, the general upper one
    assert headline(duffy) == "Your values are within the usual ranges"
    assert "What we found" not in duffy


def test_a_lab_printed_range_overrides_the_default(client, live_ref):
    html = text(post(client, wbc_lab_low="3.0", wbc_lab_high="10.0"))
    assert "3–10 ×10⁹/L (your lab's range)" in unescape(html)


# --------------------------------------------------------------------------- asking again


def test_field_errors_are_shown_beside_the_field_and_entries_kept(client, live_ref):
    response = post(client, anc_value="lots", wbc_unit="10*9/L", age="")
    html = text(response)
    assert response.status_code == 400
    assert "Enter your age in years." in html
    assert 'value="lots"' in html, "what the reader typed is kept"
    assert 'value="3.4"' in html
    assert 'href="#id_age"' in html, "the summary links to the field"
    assert "no-store" in response["Cache-Control"]


def test_an_impossible_value_asks_did_you_mean_keeping_every_entry(client, live_ref):
    response = post(client, anc_value="1207", temperature="37.2", pregnant=None)
    html = text(response)
    assert response.status_code == 400
    assert "Did you mean…?" in html
    assert '<label for="id_anc_unit-1">1207 cells/µL = 1.207 ×10⁹/L</label>' in html
    assert '<input type="radio" name="anc_unit" value="/uL" id="id_anc_unit-1">' in html
    for kept in ('value="1207"', 'value="3.4"', 'value="45"', 'value="37.2"'):
        assert kept in html, kept
    assert "Neutrophilia" not in html, "an impossible value is never interpreted"
    # Choosing the reading gives the result.
    html = text(post(client, anc_value="1207", anc_unit="/uL"))
    assert headline(html) == "Mild leukopenia with mild neutropenia"


def test_an_impossible_temperature_offers_the_other_unit(client, live_ref):
    html = text(post(client, temperature="101"))
    assert "101 °F = 38.33 °C" in html
    assert '<input type="radio" name="temperature_unit" value="[degF]"' in html


def test_an_urgent_instruction_leads_the_form_asked_again(client, live_ref):
    # 39 °C, and an ANC that contradicts WBC × %: the lower of the two decides the alert.
    response = post(client, wbc_value="3.4", anc_value="2.0", neut_pct_value="12", temperature="39")
    html = text(response)
    assert response.status_code == 400
    title, where = instruction(html)
    assert title == "Seek care now"
    assert where < html.index("<h1>Understand your blood count</h1>")
    assert '<li id="ref-1">' in html, "the instruction's citations are listed on the form too"
    # The contradiction is asked about, naming both fields.
    assert "does not match the one your white cell count and differential give" in html
    for field in ("id_anc_value_error", "id_wbc_value_error", "id_neut_pct_value_error"):
        assert f'id="{field}"' in html, field


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


def test_the_result_page_needs_csrf_and_that_refusal_is_not_stored_either(live_ref):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(URL, SEED_CASE)
    assert refused.status_code == 403
    assert "no-store" in refused["Cache-Control"]


def test_the_blank_form_gives_each_reader_a_working_token(live_ref):
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    response = reader.get(URL)
    assert "no-store" in response["Cache-Control"]
    html = text(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    answer = reader.post(URL, {**SEED_CASE, "csrfmiddlewaretoken": token})
    assert answer.status_code == 200
    assert headline(text(answer)) == "Mild leukopenia with mild neutropenia"


def test_a_thousands_comma_is_asked_about_not_guessed(client, live_ref):
    """1,207 cells/µL could be read as 1207 (mild) or 1.207 (severe): the form asks."""
    response = post(client, anc_value="1,207", anc_unit="/uL")
    html = text(response)
    assert response.status_code == 400
    assert "Write it without a comma (1207) or with a point (1.207)" in html
    assert "Severe neutropenia" not in html


def test_a_decimal_comma_is_understood(client, live_ref):
    assert headline(text(post(client, wbc_value="3,4"))) == "Mild leukopenia with mild neutropenia"


def test_an_empty_post_says_what_is_missing(client, live_ref):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Enter your age in years." in text(response)


def test_djangos_own_400_on_the_form_is_never_stored_either(client, live_ref):
    too_many_fields = {f"field{i}": "1" for i in range(1100)}  # Django refuses over 1000
    response = client.post(URL, {**SEED_CASE, **too_many_fields})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"audience": "patient"},
        {"wbc_value": "2.5", "anc_value": "", "hgb_value": "9.0", "plt_value": "90"},
    ],
)
def test_no_heading_is_repeated_on_a_page(client, live_ref, changes):
    html = text(post(client, **changes))
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    assert len(found) == len(set(found)), sorted(h for h in found if found.count(h) > 1)


def test_a_result_has_no_address_of_its_own(client, live_ref):
    """A result page is only ever the answer to a POST, never stored: no address shows
    one, so there is nothing for a search engine or a shared link to keep (and the page
    needs no robots tag, which would only cost it its search-engine check)."""
    result = post(client)
    assert result.status_code == 200
    assert "no-store" in result["Cache-Control"]
    assert headline(text(result))
    values = "&".join(f"{k}={v}" for k, v in SEED_CASE.items())
    for address in (f"{URL}?{values}", f"{URL}result/?{values}"):
        page = client.get(address)
        assert 'id="result-title"' not in text(page)
        assert "1.207" not in text(page) and "3.4" not in text(page)
