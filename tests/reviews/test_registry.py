"""A new kind of reviewable content needs nothing in reviews/: the throwaway `Leaflet`
(tests/throwaway, installed for the tests only) declares itself on its AppConfig and
goes through the whole workflow, the board's queue and desk, and the export."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import ReviewItem, ReviewState
from reviews.registry import exported_apps, reviewable_models, role_permissions
from tests.throwaway.models import Leaflet
from transfer.document import content_models

pytestmark = pytest.mark.django_db

REVIEWS = Path(__file__).resolve().parents[2] / "reviews"


@pytest.fixture
def leaflet(alice_editor):
    return Leaflet.objects.create(
        heading="Looking after yourself after chemotherapy",
        text="Take your temperature if you feel unwell.",
        written_by=alice_editor,
    )


def test_the_kind_is_declared_on_its_own_app_only():
    assert Leaflet in reviewable_models()
    assert "throwaway" in [config.label for config in exported_apps()]
    assert ("throwaway", "add_leaflet") in role_permissions()["Editors"]
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="add_leaflet").exists()
    for path in REVIEWS.rglob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        assert "leaflet" not in text and "throwaway" not in text, path


def test_the_whole_workflow_queue_and_desk_work_for_it(
    client, leaflet, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    revision = review.submit(leaflet, by=alice_editor, note="First print run")
    item = ReviewItem.objects.get(pk=revision.item_id)
    # Never approved: readers see nothing of a kind that is not readable before approval.
    assert item.shown_revision() is None

    client.force_login(bob_reviewer)
    queue = client.get("/admin/reviews/reviewqueue/").content.decode()
    assert "Leaflet: Looking after yourself after chemotherapy" in queue
    desk = f"/admin/reviews/reviewqueue/{item.pk}/review/"
    assert "Take your temperature if you feel unwell." in client.get(desk).content.decode()
    client.post(desk, {"action": "claim"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            desk,
            {"action": "approve", "approve-conflict_of_interest": "none"},
            follow=True,
        )
    assert "This revision is now live." in response.content.decode()

    revision.refresh_from_db()
    item.refresh_from_db()
    assert revision.status == ReviewState.APPROVED
    assert item.shown_revision() == revision
    assert verify_chain().ok


def test_the_export_carries_it():
    carried = {model._meta.label for model in content_models()}
    assert {"throwaway.Leaflet", "throwaway.HistoricalLeaflet"} <= carried
