"""An attacker with the database but not the keys cannot rewrite the record unseen.

Each test tampers with raw SQL, as someone holding database credentials would,
and without AUDIT_HMAC_KEY or AUDIT_SIGNING_KEY (they guess). ``verify_audit``
(and, for cut-back chains, a checkpoint someone kept from the transparency page)
must name what was done.
"""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import connection

from articles import services as article_services
from reviews import integrity
from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import AuditCheckpoint, AuditEvent, ReviewDecision
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GUESSED_KEY = b"the attacker's best guess"


@pytest.fixture
def signed_off(alice_editor, bob_reviewer, carol_reviewer):
    """An article sent back once, then approved and re-confirmed: two public sign-offs.
    The chain ends with another article's review starting (no revision or decision)."""
    article = ArticleFactory(by=alice_editor)
    first = review.submit(article, by=alice_editor)
    review.start_review(first, by=carol_reviewer)
    review.request_changes(
        first, by=carol_reviewer, comment="Add a source.", conflict_of_interest="none"
    )
    article_services.edit_article(article, by=alice_editor, reason="Source", topic="Blood")
    second = review.submit(article, by=alice_editor)
    review.start_review(second, by=bob_reviewer)
    review.approve(second, by=bob_reviewer, comment="Accurate.")
    review.reconfirm(second.item, by=carol_reviewer)
    other = review.submit(ArticleFactory(by=alice_editor), by=alice_editor)
    review.start_review(other, by=bob_reviewer)
    assert verify_chain().ok
    return second


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def rehash_from(sequence: int) -> None:
    """What an attacker does after an edit: re-hash every later event and the head,
    with the only key they have (a guess)."""
    previous = (
        AuditEvent.objects.get(sequence=sequence - 1).entry_hash
        if sequence > 1
        else integrity.GENESIS
    )
    rows = AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence")
    for row in rows.values(*integrity.EVENT_FIELDS, "id"):
        row["previous_hash"] = previous
        forged = integrity.event_hash(row, GUESSED_KEY)
        sql(
            "UPDATE reviews_auditevent SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [previous, forged, row["id"]],
        )
        previous = forged
    set_head(AuditEvent.objects.order_by("-sequence").first())


def set_head(event: AuditEvent | None) -> None:
    sql(
        "UPDATE reviews_auditchainhead SET last_sequence = %s, last_hash = %s WHERE id = 1",
        [event.sequence if event else 0, event.entry_hash if event else ""],
    )


def drop_events_from(sequence: int) -> None:
    """Delete events from ``sequence`` on, the checkpoints that name them, and fix the head."""
    sql("DELETE FROM reviews_auditcheckpoint WHERE sequence >= %s", [sequence])
    sql("DELETE FROM reviews_auditevent WHERE sequence >= %s", [sequence])
    set_head(AuditEvent.objects.filter(sequence__lt=sequence).order_by("-sequence").first())


def held_checkpoint(client, tmp_path, sequence: int):
    """A checkpoint a reader saved from the transparency page."""
    response = client.get(f"/transparency/checkpoints/{sequence}.json")
    assert response.status_code == 200
    path = tmp_path / f"checkpoint-{sequence}.json"
    path.write_bytes(response.content)
    return path


def assert_detected(expected: str, **options) -> None:
    """verify_chain and verify_audit both name the tampering."""
    if not options:
        assert expected in verify_chain().problem
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", verbosity=0, **options)
    assert expected in str(error.value)


# 1 ------------------------------------------------------------------------------------


def test_an_edited_event_rehashed_to_the_end_is_detected(signed_off):
    approval = AuditEvent.objects.get(kind="approve")
    sql(
        "UPDATE reviews_auditevent SET summary = %s WHERE id = %s",
        ["Revision 2 approved by the chief of medicine", approval.pk],
    )
    rehash_from(approval.sequence)
    assert_detected(f"Audit event #{approval.sequence} (approve")
    assert "does not match its keyed hash" in verify_chain().problem


# 2 ------------------------------------------------------------------------------------


def test_the_last_sign_off_deleted_with_its_checkpoint_and_the_head_fixed_is_detected(
    signed_off, bob_reviewer
):
    pending = AuditEvent.objects.order_by("-sequence").first().revision
    decision = review.approve(pending, by=bob_reviewer)
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last.decision == decision
    drop_events_from(last.sequence)
    # The approval is still there (and on the public page), but no event vouches for it.
    assert_detected(f"Decision #{decision.pk} (approve")


def test_the_last_event_deleted_and_the_head_fixed_is_caught_by_a_held_checkpoint(
    signed_off, client, tmp_path
):
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last.kind == "start_review"
    kept = held_checkpoint(client, tmp_path, last.sequence)
    drop_events_from(last.sequence)
    assert verify_chain().ok, "without an outside anchor this cut is invisible"
    assert_detected(
        f"The checkpoint you hold says the chain had {last.sequence} events, but it has "
        f"{last.sequence - 1} now",
        checkpoint=str(kept),
    )


# 3 ------------------------------------------------------------------------------------


def test_every_event_deleted_and_the_head_reset_is_detected(signed_off, client, tmp_path):
    kept = held_checkpoint(client, tmp_path, AuditEvent.objects.count())
    drop_events_from(1)
    assert AuditEvent.objects.count() == 0
    # The revisions and decisions are still there, and nothing vouches for them.
    assert_detected("Revision #")
    assert "is in no audit event" in verify_chain().problem
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", checkpoint=str(kept), verbosity=0)
    assert "is in no audit event" in str(error.value)


# 4 ------------------------------------------------------------------------------------


def test_a_live_revisions_snapshot_edited_is_detected(signed_off):
    snapshot = {**signed_off.snapshot, "title": "Stop all antibiotics now"}
    sql(
        "UPDATE reviews_revision SET snapshot = %s WHERE id = %s",
        [json.dumps(snapshot), signed_off.pk],
    )
    assert_detected(f"Revision #{signed_off.pk}'s snapshot does not match its content hash")


def test_a_snapshot_edited_with_its_content_hash_recomputed_is_detected(signed_off):
    """The content hash needs no key; the submit event's record of it does."""
    snapshot = {**signed_off.snapshot, "title": "Stop all antibiotics now"}
    sql(
        "UPDATE reviews_revision SET snapshot = %s, content_hash = %s WHERE id = %s",
        [json.dumps(snapshot), integrity.content_hash(snapshot), signed_off.pk],
    )
    assert_detected(f"Revision #{signed_off.pk}'s content hash is not the one audit event #")


# 5 ------------------------------------------------------------------------------------


def test_a_sign_offs_credentials_edited_are_detected(signed_off, client):
    approval = ReviewDecision.objects.get(kind="approve")
    sql(
        "UPDATE reviews_reviewdecision SET reviewer_credentials = %s WHERE id = %s",
        ["MD, PhD, Chief of Medicine", approval.pk],
    )
    assert_detected(
        f"Decision #{approval.pk} (approve of revision #{signed_off.pk}) does not match what "
        f"audit event #{approval.audit_event.sequence} recorded"
    )


# 6 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [("comment", "Looks fine to me."), ("conflict_of_interest", "Consultant to the maker")],
)
def test_a_decisions_comment_or_declaration_edited_is_detected(signed_off, column, value):
    sent_back = ReviewDecision.objects.get(kind="request_changes")
    sql(f"UPDATE reviews_reviewdecision SET {column} = %s WHERE id = %s", [value, sent_back.pk])
    assert_detected(f"Decision #{sent_back.pk} (request_changes")


# 7 ------------------------------------------------------------------------------------


def forged_checkpoint(sequence: int, head_hash: str) -> dict:
    statement = integrity.checkpoint_statement(
        sequence=sequence,
        head_hash=head_hash,
        time=datetime.datetime.now(datetime.UTC),
        event=None,
    )
    signature = base64.b64encode(Ed25519PrivateKey.generate().sign(statement.encode())).decode()
    return {"statement": statement, "signature": signature}


def test_a_forged_checkpoint_in_the_database_is_detected(signed_off):
    head = AuditEvent.objects.order_by("-sequence").first()
    forged = forged_checkpoint(head.sequence, head.entry_hash)
    sql(
        "INSERT INTO reviews_auditcheckpoint (sequence, head_hash, signed_at, statement, "
        "signature) VALUES (%s, %s, %s, %s, %s)",
        [head.sequence, head.entry_hash, head.occurred_at, *forged.values()],
    )
    assert_detected(f"A stored checkpoint (#{head.sequence}) does not carry a valid signature")


def test_a_forged_checkpoint_brought_to_verify_audit_is_refused(signed_off, tmp_path):
    head = AuditEvent.objects.order_by("-sequence").first()
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged_checkpoint(head.sequence, head.entry_hash)))
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", checkpoint=str(path), verbosity=0)
    assert f"The checkpoint you hold (#{head.sequence}) does not carry a valid signature" in str(
        error.value
    )


def test_a_chain_rewound_below_a_held_checkpoint_is_detected(
    signed_off, client, tmp_path, carol_reviewer
):
    """The attacker cuts back to before the last review started and lets the workflow
    go on: the chain is as long as before, whole, but not the one the checkpoint was
    signed for."""
    last = AuditEvent.objects.order_by("-sequence").first()
    kept = held_checkpoint(client, tmp_path, last.sequence)
    drop_events_from(last.sequence)
    review.claim(last.item, by=carol_reviewer)
    assert AuditEvent.objects.count() == last.sequence
    call_command("verify_audit", verbosity=0)  # whole by itself
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", checkpoint=str(kept), verbosity=0)
    assert f"The checkpoint you hold says event #{last.sequence} had hash" in str(error.value)
    assert "the chain was rewritten" in str(error.value)


def test_a_held_checkpoint_the_chain_still_contains_verifies(signed_off, client, tmp_path):
    kept = held_checkpoint(client, tmp_path, 2)
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", checkpoint=str(kept), stdout=out)
    assert "It still holds the checkpoint at #2." in out.getvalue()
    assert AuditCheckpoint.objects.filter(sequence=2).exists()


def test_a_file_that_is_not_a_checkpoint_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "not-a-checkpoint.json"
    path.write_text('{"sequence": 3}')
    with pytest.raises(CommandError, match="is not a saved audit checkpoint"):
        call_command("verify_audit", checkpoint=str(path), verbosity=0)
