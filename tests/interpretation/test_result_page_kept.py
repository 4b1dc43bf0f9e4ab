"""The result page keeps what is the same for every reader and renders only the reader's part.

Everything around a reader's values (layout, guidance, references, policy,
disclaimer) is rendered once per reference build, audience, set of guidance
blocks and reader-state stamp; the reader's headline, findings, values and the
date go into it per request. These tests hold that the kept page never holds a
value, that each reader sees their own numbers, and that it follows changes.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest

from interpretation.forms import InterpretForm
from reviews import services as review
from reviews.services.policy import draft_policy_version

pytestmark = pytest.mark.django_db

URL = "/interpret/"


def post(client, **values):
    data = {"age": "45", "sex": "female", "wbc_unit": "10*9/L", "anc_unit": "10*9/L", **values}
    return client.post(URL, data)


def value_cells(html: str) -> list[str]:
    return re.findall(r"<td><strong>([^<]*)</strong>", html)


def test_each_reader_sees_their_own_numbers_and_the_kept_page_holds_none(client, live_ref):
    first = post(client, wbc_value="3.37", anc_value="1.207")
    second = post(client, wbc_value="3.29", anc_value="1.161")

    assert first.status_code == second.status_code == 200
    first_html, second_html = first.content.decode(), second.content.decode()
    # The same findings, so the same kept page: one entry, used twice.
    assert len(live_ref.fragments) == 1
    assert value_cells(first_html) == ["3.37", "1.207"]
    assert value_cells(second_html) == ["3.29", "1.161"]
    assert "3.37" not in second_html
    (kept,) = live_ref.fragments.values()
    for number in ("3.37", "1.207", "3.29", "1.161"):
        assert number not in kept
    assert "<h1" in kept and "What this means" in kept  # the guidance is in it

    # Apart from their numbers and the time, both readers got the same page.
    def without_numbers(html):
        html = re.sub(
            r'<section aria-labelledby="values-heading".*?</section>', "", html, flags=re.S
        )
        return re.sub(r"<time [^>]*>[^<]*</time>", "", html)

    assert without_numbers(first_html) == without_numbers(second_html)


def test_findings_and_audience_each_get_their_own_guidance(client, live_ref):
    mild = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    severe = post(client, wbc_value="1.2", anc_value="0.3").content.decode()
    professional = post(
        client, wbc_value="3.4", anc_value="1.207", audience="professional"
    ).content.decode()

    assert len(live_ref.fragments) == 3

    def guidance(html):
        return re.findall(r'<section class="guidance.*?</section>', html, flags=re.S)

    assert re.search(r"<h1[^>]*>Severe", severe) and re.search(r"<h1[^>]*>Mild", mild)
    assert guidance(severe) != guidance(mild)
    assert len(set(live_ref.fragments.values())) == 3
    assert "Note for healthcare professionals" in professional
    assert "Note for healthcare professionals" not in mild


def test_a_refused_form_keeps_nothing(client, live_ref):
    response = post(client, wbc_value="3.4\x00", anc_value="1.207")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert live_ref.fragments == {}


def test_a_new_policy_version_shows_once_the_board_approves_it(
    client, live_ref, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    before = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    assert "(version" not in before

    with django_capture_on_commit_callbacks(execute=True):
        version = draft_policy_version(
            by=alice_editor,
            effective_date=datetime.date.today(),
            body_markdown="We cite primary sources.",
            change_note="First version",
        )
        revision = review.submit(version, by=alice_editor)
    waiting = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    assert "(version" not in waiting, "a version waiting for the board is not in force"

    with django_capture_on_commit_callbacks(execute=True):
        review.claim(revision.item, by=bob_reviewer)
        review.approve(revision, by=bob_reviewer)

    after = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    assert "(version 1)" in after


def test_the_result_date_is_todays_in_the_site_time_zone(client, live_ref):
    html = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    made_on = re.search(r'Made on <time datetime="([^"]+)">([^<]+)</time>', html)
    assert made_on
    moment = datetime.datetime.fromisoformat(made_on.group(1))
    assert abs(datetime.datetime.now(datetime.UTC) - moment) < datetime.timedelta(minutes=5)
    assert made_on.group(2) == f"{moment:%B} {moment.day}, {moment.year}"


def test_value_pictures_place_the_marker_in_its_band(client, live_ref):
    html = post(client, wbc_value="3.4", anc_value="1.207").content.decode()
    pictures = re.findall(r'<svg viewBox="0 0 300 44".*?</svg>', html, flags=re.S)
    assert len(pictures) == 2
    wbc = pictures[0]
    assert 'aria-labelledby="pic-WBC-title pic-WBC-desc"' in wbc
    assert re.search(r'<title id="pic-WBC-title">White blood cells[^<]*: 3.4', wbc)
    marker = float(re.search(r'<line x1="([\d.]+)"', wbc).group(1))
    normal = re.search(
        r'<rect x="([\d.]+)" y="14" width="([\d.]+)"[^>]*class="band band-normal"', wbc
    )
    low_end = float(normal.group(1))
    assert marker < low_end  # 3.4 is below the range, so left of the normal band
    for segment in re.findall(r'<rect x="([^"]+)" y="14" width="([^"]+)"', wbc):
        for number in segment:
            assert re.fullmatch(r"\d+(\.\d{1,2})?", number), number  # no float noise


def test_forms_share_fields_but_never_errors_or_values():
    rejected = InterpretForm({"age": "two hundred", "wbc_value": "3.4"})
    assert not rejected.is_valid()
    fresh = InterpretForm()

    assert fresh.fields is not rejected.fields
    assert 'aria-invalid="true"' in str(rejected["age"])
    assert "aria-invalid" not in str(fresh["age"])
    assert 'value="3.4"' not in str(fresh["wbc_value"])
    assert fresh.errors == {}
    # A change to one form's field list stays with that form.
    del rejected.fields["pregnant"]
    assert "pregnant" in InterpretForm().fields


def test_a_result_page_costs_one_query_kept_or_not(client, live_ref, django_assert_num_queries):
    # The reader stamp (from the audit log the first time, the cache after) and the
    # policy in force. The reference data is built once per stamp (here served by
    # the fixture), and the page around the values is kept, so neither adds a query.
    with django_assert_num_queries(2):
        first = post(client, wbc_value="3.4", anc_value="1.207")
    with django_assert_num_queries(1):
        second = post(client, wbc_value="3.3", anc_value="1.2")
    assert first.status_code == second.status_code == 200


def test_reviewed_text_is_escaped_in_both_parts_of_the_page(client, live_ref, monkeypatch):
    """Band labels reach the reader's part (Jinja2) and guidance titles the kept part
    (Django): both engines escape them, so markup typed into reference data stays text."""
    from interpretation import reference

    hostile = '<img src=x onerror="alert(1)">'
    bands = tuple(
        dataclasses.replace(band, label=hostile + band.label) if band.analyte == "ANC" else band
        for band in live_ref.data.bands
    )
    guidance = {
        key: dataclasses.replace(text, title=hostile + text.title)
        for key, text in live_ref.guidance.items()
    }
    tampered = dataclasses.replace(
        live_ref, data=dataclasses.replace(live_ref.data, bands=bands), guidance=guidance
    )
    monkeypatch.setattr(reference, "live_reference", lambda: tampered)

    html = post(client, wbc_value="3.4", anc_value="1.207").content.decode()

    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=") >= 3  # band label, picture bands, a title
