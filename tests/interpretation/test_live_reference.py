"""The engine applies approved data only: drafts, working copies and revisions waiting
for the board never reach a reader."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from interpretation import engine, reference, services
from interpretation.models import (
    Analyte,
    FeverRule,
    GuidanceBlock,
    PlausibilityLimit,
    ReferenceRange,
    SeverityScale,
)
from reviews import services as review
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db


def publish(obj, editor, reviewer, approve=True):
    revision = review.submit(obj, by=editor)
    if approve:
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer)
    return revision


@pytest.fixture
def minimal(alice_editor, bob_reviewer, django_capture_on_commit_callbacks):
    """One analyte, its range and plausibility limits and a fever rule, approved by the board."""
    with django_capture_on_commit_callbacks(execute=True):
        wbc = services.create(
            Analyte,
            by=alice_editor,
            code="WBC",
            name="White blood cells",
            loinc="6690-2",
            kind="count",
        )
        publish(wbc, alice_editor, bob_reviewer)
        rng = services.create(ReferenceRange, by=alice_editor, analyte=wbc, low=4.5, high=11.0)
        publish(rng, alice_editor, bob_reviewer)
        limits = services.create(PlausibilityLimit, by=alice_editor, analyte=wbc, low=0, high=440)
        publish(limits, alice_editor, bob_reviewer)
        rule = services.create(
            FeverRule,
            by=alice_editor,
            name="IDSA",
            single_c=38.3,
            sustained_c=38.0,
            anc_below=0.5,
            urgent_anc_below=1.0,
            treatment_window_days=42,
        )
        publish(rule, alice_editor, bob_reviewer)
    return {"wbc": wbc, "range": rng}


def wbc_flag(value: float) -> str:
    data = reference.live_reference().data
    result = engine.interpret(
        engine.Patient(age=40, sex="female"), [engine.Measurement("WBC", value, "10*9/L")], data
    )
    return result.values[0].interpretation


def test_without_approved_data_the_tool_says_it_is_not_available(client):
    with pytest.raises(reference.ReferenceDataMissing):
        reference.live_reference()
    response = client.post("/interpret/", {"wbc_value": "3.4", "age": "40"})
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    assert 'value="3.4"' in response.content.decode(), "what the reader typed is kept"
    api = client.post(
        "/api/v1/interpret",
        {"age": 40, "values": [{"analyte": "WBC", "value": 3.4, "unit": "10*9/L"}]},
        content_type="application/json",
    )
    assert api.status_code == 503
    assert api.json()["errors"][0]["code"] == "unavailable"


def test_an_approved_revision_without_its_new_fields_is_refused_not_guessed(minimal):
    """A critical limit approved before limits carried an action: the engine refuses the
    data (and manage.py check says why) rather than picking an action itself."""
    snapshots = list(reference.approved_snapshots().values())
    snapshots.append(
        {"kind": "critical_limit", "analyte": "WBC", "low": None, "high": 100.0, "sources": {}}
    )
    with pytest.raises(reference.ReferenceDataMissing) as missing:
        reference.build_live_reference(snapshots)
    assert any("needs an action" in problem for problem in missing.value.problems)


def test_an_unapproved_edit_does_not_change_what_readers_get(
    minimal, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    assert wbc_flag(4.0) == "L"
    services.save_reference(minimal["range"], by=alice_editor, reason="Lab change", low=3.5)
    assert wbc_flag(4.0) == "L", "a working copy is not applied"
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(minimal["range"], by=alice_editor)
    assert wbc_flag(4.0) == "L", "a submitted change to approved data is not applied"
    with django_capture_on_commit_callbacks(execute=True):
        review.start_review(revision, by=bob_reviewer)
        review.approve(revision, by=bob_reviewer)
    assert wbc_flag(4.0) == "N", "the approval reaches the engine at once"


def test_submitted_but_unapproved_data_never_reaches_the_engine(
    minimal, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plt = services.create(
            Analyte, by=alice_editor, code="PLT", name="Platelets", loinc="777-3", kind="count"
        )
        revision = review.submit(plt, by=alice_editor)
        review.start_review(revision, by=bob_reviewer)
    live = reference.live_reference()
    assert live.data.analyte_by_code("PLT") is None
    with django_capture_on_commit_callbacks(execute=True):
        limits = services.create(PlausibilityLimit, by=alice_editor, analyte=plt, low=0, high=5000)
        publish(limits, alice_editor, bob_reviewer)
        review.approve(revision, by=bob_reviewer)
    assert reference.live_reference().data.analyte_by_code("PLT") is not None


def test_drafts_never_reach_the_engine(minimal, alice_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create(
            Analyte, by=alice_editor, code="PLT", name="Platelets", loinc="777-3", kind="count"
        )
    assert reference.live_reference().data.analyte_by_code("PLT") is None


def test_a_band_table_with_a_gap_is_refused(minimal, alice_editor):
    anc = services.create(
        Analyte, by=alice_editor, code="ANC", name="ANC", loinc="751-8", kind="count"
    )
    with pytest.raises(ValidationError) as error:
        services.create(
            SeverityScale,
            by=alice_editor,
            analyte=anc,
            name="Broken",
            bands=[
                {"code": "severe", "label": "Severe", "lower": None, "upper": 0.5},
                {"code": "mild", "label": "Mild", "lower": 1.0, "upper": None},
            ],
        )
    assert "bands" in error.value.message_dict
    assert not SeverityScale.objects.exists()


def test_a_guidance_block_citing_an_unknown_source_is_refused(alice_editor):
    with pytest.raises(ValidationError) as error:
        services.create(
            GuidanceBlock,
            by=alice_editor,
            finding="neutropenia",
            severity="mild",
            section="meaning",
            title="Meaning",
            body_markdown="Text [@nobody-2020].",
        )
    assert "nobody-2020" in str(error.value)


def test_a_range_with_low_above_high_is_refused(minimal, alice_editor):
    with pytest.raises(ValidationError) as error:
        services.save_reference(minimal["range"], by=alice_editor, reason="Typo", low=12.0)
    assert "high" in error.value.message_dict


def test_the_new_user_story_through_the_page_the_api_and_fhir(client):
    """Seed the demo, then: the form, the JSON API and a FHIR Bundle agree."""
    import json

    load_demo()
    response = client.post(
        "/interpret/",
        {
            "wbc_value": "3.4",
            "wbc_unit": "10*9/L",
            "anc_value": "1.207",
            "anc_unit": "10*9/L",
            "age": "45",
            "sex": "female",
        },
    )
    html = response.content.decode()
    assert '<h1 id="result-title">Mild leukopenia with mild neutropenia</h1>' in html
    assert 'role="img"' in html and '<ol id="references">' in html
    api = client.post(
        "/api/v1/interpret",
        data=json.dumps(
            {
                "age": 45,
                "sex": "female",
                "values": [
                    {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
                    {"analyte": "ANC", "value": 1207, "unit": "/uL"},
                ],
            }
        ),
        content_type="application/json",
    ).json()
    found = {(f["code"], f["severity"]) for f in api["findings"]}
    assert found == {("leukopenia", "mild"), ("neutropenia", "mild")}
