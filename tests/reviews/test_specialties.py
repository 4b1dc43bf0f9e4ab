"""Specialties: board members hold them (set through the board services, with an
audit event), the editorial policy can require one per topic, the queue shows what
each item still needs, and the final approval is refused without it."""

from __future__ import annotations

import pytest

from reviews import notifications
from reviews import services as review
from reviews.models import AuditEvent, BoardMember, Specialty
from tests.factories import ArticleFactory, approved_policy

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueue/"


@pytest.fixture
def hematology(ada_admin, bob_reviewer, alice_editor, carol_reviewer):
    """Bob is a hematologist; the policy needs one for "Blood counts" and two approvals."""
    specialty = review.add_specialty(name="Hematology", by=ada_admin, reason="The board's list")
    review.set_specialties(
        BoardMember.objects.get(user=bob_reviewer),
        specialties=[specialty],
        by=ada_admin,
        reason="Board certified",
    )
    with notifications.muted():
        approved_policy(
            editor=alice_editor,
            approvers=[bob_reviewer],
            body_markdown="Board members approve every answer.",
            change_note="A hematologist for blood counts",
            approvals_required=2,
            required_specialties="Blood counts: Hematology",
        )
    return specialty


def test_specialties_are_set_through_the_board_services_with_an_audit_event(
    hematology, bob_reviewer, ada_admin
):
    member = BoardMember.objects.get(user=bob_reviewer)
    assert list(member.specialties.all()) == [hematology]
    event = AuditEvent.objects.filter(kind="board_change").latest("sequence")
    assert event.data["specialties"] == ["Hematology"]
    assert "Specialties of Bob Reviewer set to Hematology" in event.summary
    with pytest.raises(review.TransitionRefused, match="already"):
        review.set_specialties(member, specialties=[hematology], by=ada_admin, reason="Again")
    with pytest.raises(review.TransitionRefused, match="Only administrators"):
        review.set_specialties(member, specialties=[], by=bob_reviewer, reason="Mine")


def test_the_final_approval_needs_the_specialty_the_topic_requires(
    client, hematology, alice_editor, bob_reviewer, carol_reviewer, dave_reader
):
    from tests.factories import make_board_member

    erin = make_board_member("erin_reviewer", credentials="MD, Oncology")
    article = ArticleFactory(by=alice_editor, topic="Blood counts")
    revision = review.submit(article, by=alice_editor)
    review.decide(revision.item, by=carol_reviewer, action="approve")

    client.force_login(carol_reviewer)
    html = client.get(QUEUE).content.decode()
    assert "1 of 2" in html and "needs one from Hematology" in html
    desk = client.get(f"/admin/reviews/reviewqueue/{revision.item_id}/review/").content.decode()
    assert "It still needs an approval from a board member in Hematology" in desk

    with pytest.raises(review.TransitionRefused) as refused:
        review.decide(revision.item, by=erin, action="approve")
    assert "needs one from a board member in Hematology for “Blood counts” content" in str(
        refused.value
    )
    decision = review.decide(revision.item, by=bob_reviewer, action="approve")
    decision.revision.refresh_from_db()
    assert decision.revision.status == "approved"


def test_a_hematologist_first_lets_anyone_give_the_last_approval(
    hematology, alice_editor, bob_reviewer, carol_reviewer
):
    revision = review.submit(ArticleFactory(by=alice_editor, topic="Blood counts"), by=alice_editor)
    review.decide(revision.item, by=bob_reviewer, action="approve")
    review.decide(revision.item, by=carol_reviewer, action="approve")
    revision.refresh_from_db()
    assert revision.status == "approved"


def test_other_topics_need_no_specialty(hematology, alice_editor, carol_reviewer):
    from tests.factories import make_board_member

    erin = make_board_member("erin_reviewer", credentials="MD, Oncology")
    revision = review.submit(ArticleFactory(by=alice_editor, topic="Fever"), by=alice_editor)
    review.decide(revision.item, by=erin, action="approve")
    review.decide(revision.item, by=carol_reviewer, action="approve")
    revision.refresh_from_db()
    assert revision.status == "approved"


def test_a_policy_naming_an_unknown_specialty_is_refused(alice_editor):
    from django.core.exceptions import ValidationError

    Specialty.objects.all()
    with pytest.raises(ValidationError) as refused:
        review.draft_policy_version(
            by=alice_editor,
            effective_date=__import__("datetime").date.today(),
            body_markdown="Text.",
            change_note="x",
            required_specialties="Blood counts: Cardiologie",
        )
    assert "No specialty is called Cardiologie" in str(refused.value)
