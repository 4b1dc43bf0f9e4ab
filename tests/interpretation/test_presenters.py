"""The page in approved words: the one instruction, the headline, the FHIR conclusion, and
no sentence of ours when a block is missing (the tool says it is not available)."""

from __future__ import annotations

import dataclasses

import pytest

from interpretation import presenters
from interpretation.engine import Measurement, Patient, interpret


def page_for(reference, patient: Patient, *values: Measurement, audience=None):
    result = interpret(patient, list(values), reference.data)
    return presenters.build_page(result, reference, audience)


ADULT = Patient(age=40, sex="female")


def test_fever_with_a_very_low_anc_concludes_with_the_one_instruction_first(seeded_reference):
    page = page_for(
        seeded_reference,
        Patient(age=40, sex="female", temperature=38.6),
        Measurement("ANC", 0.3, "10*9/L"),
        audience="professional",
    )
    conclusion = presenters.conclusion(page)
    assert conclusion == (
        "Emergency assessment now: Fever with a very low neutrophil count; "
        "A very low neutrophil count. Severe neutropenia (ANC < 0.5 ×10⁹/L)."
    )
    assert conclusion.count("now") == 1 and "today" not in conclusion


def test_a_critical_platelet_count_alone_asks_for_today_and_names_the_platelets(seeded_reference):
    page = page_for(seeded_reference, ADULT, Measurement("PLT", 15, "10*9/L"))
    assert presenters.conclusion(page).startswith(
        "Contact a clinician today: A very low platelet count. "
    )
    (reason,) = page.instruction.reasons
    assert reason.values == ("Platelets: 15 ×10⁹/L",)
    assert "neutrophil" not in reason.html


def test_a_flag_without_a_finding_is_never_called_normal(seeded_reference):
    page = page_for(seeded_reference, ADULT, Measurement("ANC", 1.6, "10*9/L"))
    assert presenters.conclusion(page) == "Some of your values are outside the range used."


def test_a_declined_result_still_leads_with_the_instruction(seeded_reference):
    page = page_for(
        seeded_reference,
        Patient(age=17, sex="female", temperature=38.6),
        Measurement("ANC", 0.3, "10*9/L"),
    )
    assert page.declined.title == "We cannot interpret results for someone under 18"
    assert presenters.conclusion(page) == (
        "Seek care now: Fever with a very low neutrophil count; A very low neutrophil count. "
        "We cannot interpret results for someone under 18."
    )


def test_stacked_alerts_collapse_to_one_instruction(seeded_reference):
    page = page_for(
        seeded_reference,
        ADULT,
        Measurement("WBC", 150, "10*9/L"),
        Measurement("PLT", 15, "10*9/L"),
    )
    assert page.instruction.title == "Seek care now"
    assert [r.key for r in page.instruction.reasons] == ["critical_value.WBC.high"]


def test_a_missing_block_is_never_filled_with_words_of_ours(seeded_reference):
    guidance = {
        slot: text
        for slot, text in seeded_reference.guidance.items()
        if slot[0] != "critical_value.PLT.low"
    }
    incomplete = dataclasses.replace(seeded_reference, guidance=guidance)
    with pytest.raises(presenters.WordingMissing, match="critical_value.PLT.low"):
        page_for(incomplete, ADULT, Measurement("PLT", 15, "10*9/L"))


@pytest.mark.django_db
def test_the_page_says_the_tool_is_not_available_rather_than_fill_a_gap(
    client, seeded_reference, monkeypatch
):
    from interpretation import reference

    guidance = {
        s: t for s, t in seeded_reference.guidance.items() if s[0] != "instruction.same_day"
    }
    monkeypatch.setattr(
        reference,
        "live_reference",
        lambda: dataclasses.replace(seeded_reference, guidance=guidance),
    )
    response = client.post("/interpret/", {"plt_value": "15", "age": "40"})
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    api = client.post(
        "/api/v1/interpret",
        {"age": 40, "values": [{"analyte": "PLT", "value": 15, "unit": "10*9/L"}]},
        content_type="application/json",
    )
    assert api.status_code == 503
    assert "no-store" in api["Cache-Control"]


@pytest.mark.django_db
def test_djangos_own_500_on_the_interpretation_paths_is_never_stored(live_ref, monkeypatch):
    from django.test import Client

    from interpretation import engine

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine, "interpret", broken)
    client = Client(raise_request_exception=False)
    for response in (
        client.post("/interpret/", {"anc_value": "1.2", "age": "40"}),
        client.post(
            "/api/v1/interpret",
            {"age": 40, "values": [{"analyte": "ANC", "value": 1.2, "unit": "10*9/L"}]},
            content_type="application/json",
        ),
    ):
        assert response.status_code == 500
        assert "no-store" in response["Cache-Control"]
