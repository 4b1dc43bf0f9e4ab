"""At most one rule of each kind is in force, and the database holds that: a second fever
rule, critical limit, plausibility limit, range or guidance block for the same slot is
refused with a sentence, through the services and in the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interpretation import services
from interpretation.models import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GuidanceBlock,
    PlausibilityLimit,
    ReferenceRange,
)

pytestmark = pytest.mark.django_db

FEVER = {
    "name": "IDSA",
    "single_c": 38.3,
    "sustained_c": 38.0,
    "anc_below": 0.5,
    "urgent_anc_below": 1.0,
    "treatment_window_days": 42,
}


@pytest.fixture
def wbc(alice_editor):
    return services.create(
        Analyte, by=alice_editor, code="WBC", name="White blood cells", loinc="6690-2", kind="count"
    )


def refusal(model, by, **fields) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        services.create(model, by=by, **fields)
    return refused.value.messages


def test_there_is_one_fever_rule_ever(alice_editor):
    services.create(FeverRule, by=alice_editor, **FEVER)
    assert refusal(FeverRule, alice_editor, **{**FEVER, "name": "ESMO"}) == [
        "There is already a fever rule. Change it instead: the change is reviewed as a new "
        "revision of the one rule."
    ]
    # The database holds it even for code that skips the services' checks.
    with pytest.raises(IntegrityError), transaction.atomic():
        FeverRule(**{**FEVER, "name": "ESMO"}, created_by=alice_editor).save()
    assert FeverRule.objects.count() == 1


def test_the_fever_rule_needs_its_treatment_window(alice_editor):
    without = {k: v for k, v in FEVER.items() if k != "treatment_window_days"}
    assert refusal(FeverRule, alice_editor, **without) == [
        "Say how many days after a treatment a fever counts."
    ]


def test_one_critical_limit_and_one_plausibility_limit_per_analyte(alice_editor, wbc):
    services.create(
        CriticalLimit, by=alice_editor, analyte=wbc, high=100.0, high_action="emergency"
    )
    assert refusal(CriticalLimit, alice_editor, analyte=wbc, low=1.0, low_action="same_day") == [
        "This analyte already has critical limits: change those instead."
    ]
    services.create(PlausibilityLimit, by=alice_editor, analyte=wbc, low=0, high=440)
    assert refusal(PlausibilityLimit, alice_editor, analyte=wbc, low=0, high=500) == [
        "This analyte already has plausibility limits: change those instead."
    ]


def test_a_critical_limit_says_what_it_asks_of_the_reader(alice_editor, wbc):
    messages = refusal(CriticalLimit, alice_editor, analyte=wbc, high=100.0)
    assert messages == ["Say what a value beyond this limit asks of the reader."]


def test_one_range_per_analyte_sex_and_population(alice_editor, wbc):
    services.create(ReferenceRange, by=alice_editor, analyte=wbc, low=4.5, high=11.0)
    assert refusal(ReferenceRange, alice_editor, analyte=wbc, low=4.0, high=10.0) == [
        "This analyte already has a range for this sex and population: change that range "
        "instead (the change is reviewed as a new revision)."
    ]


def test_one_guidance_block_per_slot_and_blocks_only_where_they_belong(alice_editor):
    slot = {"finding": "instruction.emergency", "section": "instruction", "title": "Seek care now"}
    services.create(GuidanceBlock, by=alice_editor, body_markdown="Go now.", **slot)
    assert refusal(GuidanceBlock, alice_editor, body_markdown="Go.", **slot) == [
        "A block for this key, severity, section and audience already exists: change that "
        "block instead."
    ]
    wrong = {"finding": "instruction.emergency", "section": "meaning", "title": "Now"}
    assert refusal(GuidanceBlock, alice_editor, body_markdown="Go.", **wrong) == [
        "A block for “Seek care now” goes in one of: The one instruction."
    ]
    headline = {"finding": "neutropenia", "section": "headline", "title": "Mild neutropenia"}
    services.create(GuidanceBlock, by=alice_editor, severity="mild", **headline)  # no text needed


def test_the_admin_shows_a_second_fever_rule_as_a_sentence(client, alice_editor):
    services.create(FeverRule, by=alice_editor, **FEVER)
    client.force_login(alice_editor)
    assert client.get("/admin/interpretation/feverrule/add/").status_code == 403
    rule = FeverRule.objects.get()
    response = client.post(
        f"/admin/interpretation/feverrule/{rule.pk}/change/",
        {
            **FEVER,
            "single_c": "38.5",
            "source": "",
            "treatment_window_source": "",
            "note": "",
            "change_reason": "ESMO figure",
        },
    )
    assert response.status_code == 302, "changing the one rule is fine"


def test_the_admin_shows_a_gap_between_bands_as_a_sentence_beside_the_field(
    client, alice_editor, wbc
):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/interpretation/severityscale/add/",
        {
            "analyte": wbc.pk,
            "name": "Broken",
            "bands": '[{"code": "severe", "label": "Severe", "lower": null, "upper": 0.5},'
            ' {"code": "mild", "label": "Mild", "lower": 1.0, "upper": null}]',
            "source": "",
            "note": "",
            "change_reason": "Trying",
        },
    )
    assert response.status_code == 200, "shown again, not a server error"
    assert "bands must meet with no gap or overlap" in response.content.decode()
