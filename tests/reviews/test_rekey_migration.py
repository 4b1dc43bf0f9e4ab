"""The migration that keys an existing, unkeyed audit chain says what it found.

Rows are written with the models as they were before the change (migration
0009), hashed the old way (plain SHA-256), then the migrations run forward.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.audit import verify_chain
from reviews.models import AuditCheckpoint, AuditEvent, ReviewDecision

BEFORE = [("reviews", "0011_policy_versions_enter_the_workflow")]


def unkeyed_hash(event) -> str:
    fields = {
        "sequence": event.sequence,
        "kind": event.kind,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "item_id": event.item_id,
        "revision_id": event.revision_id,
        "summary": event.summary,
        "data": event.data,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.fixture
def unkeyed_chain(transactional_db):
    """An approved revision recorded by a chain written before it was keyed."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    try:
        reviewer = get_user_model().objects.create(username="reviewer", first_name="Rita")
        editor = get_user_model().objects.create(username="editor")
        # An earlier test that flushed the database may have taken the content types.
        article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
        item = old.get_model("reviews", "ReviewItem").objects.create(
            content_type_id=article_type.pk, object_id=1, title="Old article"
        )
        snapshot = {"kind": "article", "title": "Old article"}
        digest = hashlib.sha256(
            json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        revision = old.get_model("reviews", "Revision").objects.create(
            item_id=item.pk,
            number=1,
            snapshot=snapshot,
            content_hash=digest,
            status="approved",
            submitted_by_id=editor.pk,
        )
        old.get_model("reviews", "ReviewDecision").objects.create(
            revision_id=revision.pk,
            reviewer_id=reviewer.pk,
            kind="approve",
            reviewer_credentials="MD",
            content_hash=digest,
        )
        Event = old.get_model("reviews", "AuditEvent")
        previous = "0" * 64
        for sequence, (kind, actor) in enumerate(
            [("submit", editor), ("start_review", reviewer), ("approve", reviewer)], start=1
        ):
            event = Event(
                sequence=sequence,
                kind=kind,
                occurred_at=datetime.datetime(2026, 1, sequence, tzinfo=datetime.UTC),
                actor_id=actor.pk,
                actor_name=actor.username,
                item_id=item.pk,
                revision_id=revision.pk,
                summary=f"{kind} of revision 1",
                data={"content_hash": digest} if kind == "submit" else {},
                previous_hash=previous,
            )
            event.entry_hash = previous = unkeyed_hash(event)
            event.save()
        old.get_model("reviews", "AuditChainHead").objects.update_or_create(
            pk=1, defaults={"last_sequence": 3, "last_hash": previous}
        )
        yield old
    finally:
        call_command("migrate", verbosity=0)


def test_an_unkeyed_chain_is_keyed_and_the_chain_says_so(unkeyed_chain):
    call_command("migrate", verbosity=0)
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked == 4
    rekey = AuditEvent.objects.get(sequence=4)
    assert rekey.kind == "rekey"
    assert rekey.data["unkeyed_chain_verified"] is True
    assert rekey.data["events_rekeyed"] == 3 and rekey.data["decisions_linked"] == 1
    assert "re-keyed by event #4; the unkeyed chain verified then." in report.notes[0]
    # The old sign-off is linked to its event, and a checkpoint lets a reader check it.
    decision = ReviewDecision.objects.get()
    assert decision.audit_sequence == 3
    assert set(AuditCheckpoint.objects.values_list("sequence", flat=True)) == {3, 4}


def test_an_unkeyed_chain_that_was_already_broken_stays_reported(unkeyed_chain):
    Event = unkeyed_chain.get_model("reviews", "AuditEvent")
    Event.objects.filter(sequence=2).update(summary="Nothing to see")
    call_command("migrate", verbosity=0)
    report = verify_chain()
    assert not report.ok
    assert "The chain was already broken when event #4 re-keyed it" in report.problem
    assert "Audit event #2 did not match its hash" in report.problem
