"""Board membership is a service: a reason, a history row and an audit event for
every change; only administrators make changes, and never to their own membership."""

from __future__ import annotations

import datetime

import pytest

from reviews import selectors
from reviews import services as review
from reviews.models import AuditEvent, AuditEventKind, BoardMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(db):
    return UserFactory(username="sam", first_name="Samuel", last_name="Okafor", is_staff=True)


def board_state():
    return (
        sorted(BoardMember.objects.values_list("user_id", "credentials", "is_active")),
        BoardMember.history.count(),
        AuditEvent.objects.count(),
    )


def refused(call, words: str):
    before = board_state()
    with pytest.raises(review.TransitionRefused) as refusal:
        call()
    assert words in str(refusal.value)
    assert board_state() == before, "a refused change changes nothing"


def test_adding_a_member_records_who_why_and_an_audit_event(
    ada_admin, sam, django_capture_on_commit_callbacks
):
    stamp = selectors.reader_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        member = review.add_board_member(
            user=sam, credentials="MD, Hematology", by=ada_admin, reason="Elected in May"
        )
    assert (member.credentials, member.is_active) == ("MD, Hematology", True)
    assert member.joined_on == datetime.date.today()
    row = member.history.get()
    assert (row.history_user, row.history_change_reason) == (
        ada_admin,
        "Joined the board: Elected in May",
    )
    event = AuditEvent.objects.get(kind=AuditEventKind.BOARD_CHANGE)
    assert event.actor == ada_admin
    assert event.summary == (
        "Samuel Okafor, MD, Hematology, joined the medical board (Elected in May)"
    )
    assert event.data["change"] == "added" and event.data["member_user_id"] == sam.pk
    assert selectors.reader_stamp() != stamp, "readers see credentials: their pages move on"


def test_changing_credentials_and_deactivating_and_reactivating(ada_admin, bob_reviewer):
    member = bob_reviewer.board_membership
    review.change_credentials(member, credentials="MD, PhD, Hematology", by=ada_admin, reason="PhD")
    review.deactivate_board_member(member, by=ada_admin, reason="Left the hospital")
    member.refresh_from_db()
    assert (member.credentials, member.is_active) == ("MD, PhD, Hematology", False)
    review.reactivate_board_member(member, by=ada_admin, reason="Back from leave")
    member.refresh_from_db()
    assert member.is_active
    events = AuditEvent.objects.filter(kind=AuditEventKind.BOARD_CHANGE).order_by("sequence")
    assert [e.data["change"] for e in events] == ["credentials", "deactivated", "reactivated"]
    assert events[0].data["previous_credentials"] == "MD, Hematology"
    reasons = list(member.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons[-3:] == [
        ("Credentials changed: PhD",),
        ("Membership deactivated: Left the hospital",),
        ("Membership reactivated: Back from leave",),
    ]


def test_a_reason_is_required(ada_admin, sam, bob_reviewer):
    refused(
        lambda: review.add_board_member(user=sam, credentials="MD", by=ada_admin, reason=" "),
        "Say why",
    )
    refused(
        lambda: review.deactivate_board_member(
            bob_reviewer.board_membership, by=ada_admin, reason=""
        ),
        "Say why",
    )


def test_only_people_with_the_permission_change_the_board(
    sam, alice_editor, carol_reviewer, bob_reviewer, dave_reader
):
    for person in (alice_editor, carol_reviewer, dave_reader):
        refused(
            lambda p=person: review.add_board_member(
                user=sam, credentials="MD", by=p, reason="Why not"
            ),
            "Only administrators",
        )
        refused(
            lambda p=person: review.deactivate_board_member(
                bob_reviewer.board_membership, by=p, reason="Why not"
            ),
            "Only administrators",
        )


def test_nobody_adds_themselves_to_the_board(ada_admin):
    refused(
        lambda: review.add_board_member(
            user=ada_admin, credentials="MD", by=ada_admin, reason="I am a doctor"
        ),
        "Nobody changes their own board membership",
    )


def test_nobody_reactivates_or_changes_their_own_lapsed_membership(ada_admin):
    from tests.factories import UserFactory

    other_admin = UserFactory(username="otto_admin", is_staff=True, groups=["Administrators"])
    member = review.add_board_member(
        user=ada_admin, credentials="MD", by=other_admin, reason="Medical director"
    )
    review.deactivate_board_member(member, by=other_admin, reason="Term ended")
    refused(
        lambda: review.reactivate_board_member(member, by=ada_admin, reason="Still here"),
        "Nobody changes their own board membership",
    )
    refused(
        lambda: review.change_credentials(
            member, credentials="MD, PhD", by=ada_admin, reason="Upgrade"
        ),
        "Nobody changes their own board membership",
    )


def test_credentials_are_one_line_and_required(ada_admin, sam):
    refused(
        lambda: review.add_board_member(user=sam, credentials="", by=ada_admin, reason="New"),
        "Give the credentials",
    )
    refused(
        lambda: review.add_board_member(
            user=sam, credentials="MD\r\nFake: header", by=ada_admin, reason="New"
        ),
        "one line",
    )


def test_a_member_is_added_once(ada_admin, bob_reviewer):
    refused(
        lambda: review.add_board_member(
            user=bob_reviewer, credentials="MD", by=ada_admin, reason="Again"
        ),
        "already on the board",
    )


def test_the_installation_itself_may_add_members_for_the_demo(sam):
    member = review.add_board_member(user=sam, credentials="MD", by=None, reason="Demo")
    assert member.history.get().history_user is None
    assert AuditEvent.objects.get(kind=AuditEventKind.BOARD_CHANGE).actor is None
