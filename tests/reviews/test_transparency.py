"""The audit record's public face: signed checkpoints, the transparency page and feed,
and a receipt under each public sign-off that a reader can check on their own."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command

from reviews import integrity
from reviews import services as review
from reviews.models import AuditCheckpoint, AuditEvent
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor)
    revision = review.submit(article, by=alice_editor)
    review.start_review(revision, by=bob_reviewer)
    decision = review.approve(revision, by=bob_reviewer, comment="Checked against IDSA.")
    return article, revision, decision


def check_receipt_as_a_reader(receipt: dict, number: int, public_key: str) -> None:
    """The steps the transparency page and the README give a reader, word for word."""
    checkpoint = receipt["checkpoint"]
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    key.verify(base64.b64decode(checkpoint["signature"]), checkpoint["statement"].encode())
    statement = json.loads(checkpoint["statement"])
    assert statement["sequence"] == number
    assert statement["event"]["content_hash"] == receipt["content_hash"]
    content = json.dumps(
        receipt["snapshot"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert hashlib.sha256(content.encode()).hexdigest() == receipt["content_hash"]


def test_every_event_readers_see_is_followed_by_a_signed_checkpoint(approved):
    events = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "entry_hash"))
    checkpoints = {c.sequence: c for c in AuditCheckpoint.objects.all()}
    assert set(checkpoints) == {sequence for sequence, _ in events}
    from reviews.audit import signing_key

    public = signing_key().public_key()
    for sequence, entry_hash in events:
        signed = integrity.Checkpoint(
            checkpoints[sequence].statement, checkpoints[sequence].signature
        )
        assert signed.signed_by(public)
        assert (signed.sequence, signed.head_hash) == (sequence, entry_hash)


def test_desk_work_readers_cannot_see_is_not_checkpointed(approved, alice_editor, bob_reviewer):
    article, revision, _ = approved
    before = AuditCheckpoint.objects.count()
    from articles import services as article_services

    article_services.edit_article(article, by=alice_editor, reason="Update", topic="Blood")
    update = review.submit(article, by=alice_editor)  # a checkpoint (readers see the note)
    review.claim(update.item, by=bob_reviewer)  # another
    review.release(update.item, by=bob_reviewer)  # none
    assert AuditCheckpoint.objects.count() == before + 2


def test_the_cron_command_signs_a_checkpoint_of_the_head(approved):
    out = StringIO()
    call_command("write_audit_checkpoint", stdout=out)
    head = AuditEvent.objects.order_by("-sequence").first()
    latest = AuditCheckpoint.objects.order_by("-pk").first()
    assert (latest.sequence, latest.head_hash) == (head.sequence, head.entry_hash)
    assert f"Signed a checkpoint at #{head.sequence}" in out.getvalue()


def test_an_empty_chain_can_be_checkpointed():
    call_command("write_audit_checkpoint", stdout=StringIO())
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.sequence == 0
    assert json.loads(checkpoint.statement)["event"] is None


def test_the_transparency_page_publishes_the_key_and_the_latest_checkpoints(client, approved):
    from reviews.audit import public_key_base64

    page = client.get("/transparency/").content.decode()
    assert public_key_base64() in page
    assert "BEGIN PUBLIC KEY" in page
    for checkpoint in AuditCheckpoint.objects.all():
        assert f'href="/transparency/checkpoints/{checkpoint.sequence}.json"' in page
    assert 'href="/transparency/checkpoints.atom"' in page
    assert 'id="check-a-sign-off"' in page
    # The tests run on the published development key, and the page says so.
    assert "Development keys." in page


def test_the_checkpoint_feed_carries_each_signed_statement(client, approved):
    response = client.get("/transparency/checkpoints.atom")
    assert response.status_code == 200
    entries = ET.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == AuditCheckpoint.objects.count()
    summary = entries[0].find("{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html"  # the JSON, escaped as HTML text
    published = json.loads(html.unescape(summary.text))
    assert published["sequence"] == AuditEvent.objects.count()
    assert integrity.Checkpoint.from_published(published).sequence == published["sequence"]


def test_a_checkpoint_json_is_what_verify_audit_takes(client, approved, tmp_path):
    response = client.get("/transparency/checkpoints/1.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    path = tmp_path / "kept.json"
    path.write_bytes(response.content)
    out = StringIO()
    call_command("verify_audit", checkpoint=str(path), stdout=out)
    assert "It still holds the checkpoint at #1." in out.getvalue()
    assert client.get("/transparency/checkpoints/999.json").status_code == 404


def test_the_article_page_shows_a_receipt_a_reader_can_check(client, approved):
    article, revision, decision = approved
    event = AuditEvent.objects.get(decision=decision)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="/transparency/receipts/{event.sequence}.json">#{event.sequence}</a>' in page
    assert f"<code>{revision.content_hash}</code>" in page
    assert 'href="/transparency/#check-a-sign-off"' in page

    receipt = client.get(f"/transparency/receipts/{event.sequence}.json").json()
    assert receipt["content_hash"] == revision.content_hash
    assert receipt["snapshot"]["title"] == revision.snapshot["title"]
    from reviews.audit import public_key_base64

    check_receipt_as_a_reader(receipt, event.sequence, public_key_base64())


def test_a_re_confirmation_has_a_receipt_of_its_own(client, approved, carol_reviewer):
    article, revision, _ = approved
    decision = review.reconfirm(revision.item, by=carol_reviewer)
    sequence = decision.audit_sequence
    assert sequence == AuditEvent.objects.get(kind="reconfirm").sequence
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"/transparency/receipts/{sequence}.json" in page
    from reviews.audit import public_key_base64

    receipt = client.get(f"/transparency/receipts/{sequence}.json").json()
    check_receipt_as_a_reader(receipt, sequence, public_key_base64())


def test_a_forged_receipt_fails_the_readers_check(client, approved):
    _, revision, decision = approved
    sequence = decision.audit_sequence
    receipt = client.get(f"/transparency/receipts/{sequence}.json").json()
    from reviews.audit import public_key_base64

    tampered = {**receipt, "snapshot": {**receipt["snapshot"], "title": "Something else"}}
    with pytest.raises(AssertionError):
        check_receipt_as_a_reader(tampered, sequence, public_key_base64())
    from cryptography.exceptions import InvalidSignature

    statement = receipt["checkpoint"]["statement"].replace(revision.content_hash, "0" * 64)
    forged = {**receipt, "checkpoint": {**receipt["checkpoint"], "statement": statement}}
    with pytest.raises(InvalidSignature):
        check_receipt_as_a_reader(forged, sequence, public_key_base64())


def test_receipts_are_only_for_sign_offs_readers_are_shown(
    client, approved, alice_editor, carol_reviewer
):
    article, revision, decision = approved
    submit = AuditEvent.objects.get(kind="submit")
    assert client.get(f"/transparency/receipts/{submit.sequence}.json").status_code == 404
    assert client.get("/transparency/receipts/999.json").status_code == 404
    assert client.get(f"/transparency/receipts/{decision.audit_sequence}.json").status_code == 200

    from articles import services as article_services

    article_services.edit_article(article, by=alice_editor, reason="Update", topic="Blood")
    update = review.submit(article, by=alice_editor)
    review.start_review(update, by=carol_reviewer)
    newer = review.approve(update, by=carol_reviewer)
    # Readers now see the update: its sign-off has a receipt, the superseded one not.
    assert client.get(f"/transparency/receipts/{newer.audit_sequence}.json").status_code == 200
    assert client.get(f"/transparency/receipts/{decision.audit_sequence}.json").status_code == 404
