"""``manage.py check`` reports any finding, alert, instruction or decline the approved data
can give without an approved block to say it: a configuration error, never a fallback."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from interpretation import services, wording
from interpretation.checks import approved_wording_is_complete
from interpretation.models import Analyte, FeverRule, GuidanceBlock, PlausibilityLimit
from reviews import services as review
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def publish(obj, editor, reviewer, *, approve=True):
    revision = review.submit(obj, by=editor)
    if approve:
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer)
    return revision


@pytest.fixture
def wbc_and_fever(alice_editor, bob_reviewer):
    """Reference data for one analyte, approved; no guidance at all."""
    wbc = services.create(
        Analyte, by=alice_editor, code="WBC", name="White blood cells", loinc="6690-2", kind="count"
    )
    publish(wbc, alice_editor, bob_reviewer)
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


def test_with_nothing_approved_the_check_warns_that_the_tool_is_not_available():
    assert ids(approved_wording_is_complete()) == {"interpretation.W001"}


def test_every_slot_without_an_approved_block_is_an_error(wbc_and_fever):
    messages = approved_wording_is_complete()
    assert ids(messages) == {"interpretation.E001"}
    text = "\n".join(message.msg for message in messages)
    for slot in (
        "the finding leukopenia: key “leukopenia”",
        "the alert febrile_neutropenia: key “febrile_neutropenia”, severity “any”, section “alert”",
        "the instruction at level emergency: key “instruction.emergency”",
        "a result declined for pregnancy",
        "the heading of the part values",
    ):
        assert slot in text, slot
    with pytest.raises(SystemCheckError, match="interpretation.E001"):
        call_command("check")


def test_a_block_waiting_for_the_board_fills_no_slot(wbc_and_fever, alice_editor, bob_reviewer):
    def missing():
        return {m.msg for m in approved_wording_is_complete() if "instruction.emergency" in m.msg}

    assert missing()
    block = services.create(
        GuidanceBlock,
        by=alice_editor,
        finding="instruction.emergency",
        section="instruction",
        title="Seek care now",
        body_markdown="Go to an emergency department now.",
    )
    revision = publish(block, alice_editor, bob_reviewer, approve=False)
    assert missing(), "submitted is not approved"
    review.start_review(revision, by=bob_reviewer)
    review.approve(revision, by=bob_reviewer)
    assert not missing()


def test_the_demo_content_is_complete(client):
    load_demo()
    assert approved_wording_is_complete() == []
    call_command("check")  # raises on any error


def test_the_slots_follow_the_approved_data():
    """Required slots come from the data: a critical limit's alert and its action's instruction."""
    from tests.interpretation.factories import build_cbc_reference_data

    slots = {(s.key, s.section) for s in wording.required_slots(build_cbc_reference_data())}
    assert ("critical_value.PLT.low", "alert") in slots
    assert ("critical_value.WBC.high", "alert") in slots
    assert ("critical_value.WBC.low", "alert") not in slots
    assert ("instruction.same_day", "instruction") in slots  # PLT and HGB ask for today
    assert ("leukopenia_with_neutropenia", "headline") in slots
