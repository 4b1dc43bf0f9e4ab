"""`manage.py seed_demo` loads the demo, through the services, and is idempotent."""

from __future__ import annotations

import pytest

from articles.models import Article, Source
from reviews import selectors as review_selectors
from reviews.models import BoardMember, EditorialPolicyVersion, ReviewState, Revision
from tests.helpers import load_demo, log_in

pytestmark = pytest.mark.django_db

SEED_SLUG = "what-does-leukopenia-with-neutropenia-indicate"


def counts():
    return (
        Article.objects.count(),
        Source.objects.count(),
        Revision.objects.count(),
        EditorialPolicyVersion.objects.count(),
        Article.history.count(),
        Revision.history.count(),
    )


def test_seed_demo_loads_the_demo_and_is_idempotent(client):
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first

    seed = Article.objects.get(slug=SEED_SLUG)
    assert seed.title == "What does leukopenia with neutropenia indicate?"
    assert review_selectors.status_of(seed) == ReviewState.SUBMITTED
    assert len(seed.references) >= 5
    assert {v.audience for v in seed.variants.all()} == {
        "patient",
        "caregiver",
        "professional",
        "student",
    }
    bodies = {v.body_markdown for v in seed.variants.all()} | {seed.body_markdown}
    assert len(bodies) == 5, "each audience has its own wording"

    others = Article.objects.exclude(slug=SEED_SLUG)
    assert others.count() == 2
    assert all(review_selectors.live_revision(a) is not None for a in others)
    pending = [a for a in others if review_selectors.status_of(a) == ReviewState.SUBMITTED]
    assert len(pending) == 1, "one approved article has an update pending review"

    assert list(
        EditorialPolicyVersion.objects.order_by("number").values_list("number", flat=True)
    ) == [1, 2, 3]
    # All approved by the board through the workflow; the newest one is in force, and
    # its About section is the About page's words.
    assert list(EditorialPolicyVersion.objects.approved().order_by("number")) == list(
        EditorialPolicyVersion.objects.order_by("number")
    )
    assert review_selectors.current_policy().number == 3
    about = client.get("/about/").content.decode()
    assert "What this site cannot do" in about and "get urgent care" in about
    assert "has not yet approved the words" not in about
    assert BoardMember.objects.filter(user__username__in=["reviewer1", "reviewer2"]).count() == 2

    response = client.get(f"/articles/{SEED_SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Educational purpose only" in html
    assert html.count('<li id="ref-') >= 5


def test_demo_users_can_log_in(client):
    load_demo()
    from demo.seed_articles import DEMO_USERS

    for spec in DEMO_USERS:
        assert log_in(client, spec.username, spec.password), spec.username
        assert client.get("/admin/").status_code == 200
        client.logout()


def test_seed_demo_refuses_with_debug_off_and_writes_nothing(settings):
    """Regression: with DEBUG off it created superuser `admin` with the published demo
    password and a TOTP key anyone can compute."""
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs on a development installation"):
        call_command("seed_demo", verbosity=0)
    assert get_user_model().objects.count() == 0
    assert TOTPDevice.objects.count() == 0
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_seed_demo_never_touches_an_existing_account(client):
    """An `admin` that exists already keeps its password, groups, device and flags;
    the demo creates only the accounts that are missing."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import UserFactory

    admin = UserFactory(username="admin", password="my-own-long-password", is_staff=True)
    own_device = TOTPDevice.objects.create(user=admin, name="My phone", confirmed=True)
    load_demo()
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("my-own-long-password")
    assert not admin.check_password("admin-demo-2026")
    assert (admin.is_superuser, admin.is_staff) == (False, True)
    assert list(admin.groups.all()) == []
    assert list(TOTPDevice.objects.filter(user=admin)) == [own_device]
    assert TOTPDevice.objects.get(pk=own_device.pk).key == own_device.key
    assert not BoardMember.objects.filter(user=admin).exists()
    # The missing demo accounts were created, with their roles.
    assert BoardMember.objects.filter(user__username__in=["reviewer1", "reviewer2"]).count() == 2
    assert log_in(client, "editor", "editor-demo-2026")


FEVER_SLUG = "when-is-fever-with-neutropenia-an-emergency"


def test_the_live_demo_content_carries_the_clinical_fixes():
    load_demo()
    from articles.models import Article
    from interpretation.reference import approved_snapshots

    fever = review_selectors.live_revision(Article.objects.get(slug=FEVER_SLUG)).snapshot
    body = fever["wordings"]["default"]["body_markdown"]
    assert "expected to fall below 0.5 within the next 48 hours" in body
    assert "38.3 °C (101 °F)" in body and "100.9" not in body
    assert "same-day" not in " ".join(w["body_markdown"] for w in fever["wordings"].values())
    for snapshot in approved_snapshots().values():
        text = snapshot.get("body_markdown", "")
        assert "100.9" not in text
        if "3.00 to 9.66" in text:
            assert "hibbs" not in text.split("3.00 to 9.66")[1].split("]")[0], snapshot["title"]
        if "ctcae-v5" in text:
            assert "same day" not in text


def test_seed_demo_brings_an_earlier_demo_up_to_date_through_the_workflow(
    django_capture_on_commit_callbacks,
):
    """An earlier demo database (the Duffy-null WBC range cited to Hibbs, the fever article
    without its fixes) gets corrected revisions with their reasons, approved by a demo
    board member; nothing is edited in place."""
    from articles import services as article_services
    from articles.models import Article
    from demo.texts import ARTICLES, CHANGE_REASONS
    from interpretation import services
    from interpretation.models import GuidanceBlock
    from reviews import registry
    from reviews import services as review

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    editor, earlier_reviewer = (
        get_user("editor"),
        get_user("reviewer2"),
    )

    def approve_earlier(obj, reason):
        revision = review.submit(obj, by=editor, note=reason)
        review.start_review(revision, by=earlier_reviewer)
        keys = [r.key for r in registry.approval_requirements(revision.item, revision)]
        review.approve(revision, by=earlier_reviewer, confirmed=keys)
        return revision

    slot = {"finding": "leukopenia", "severity": "", "section": "causes", "audience": ""}
    block = GuidanceBlock.objects.get(**slot)
    corrected = block.body_markdown
    services.save_reference(
        block,
        by=editor,
        reason="The earlier wording",
        body_markdown=corrected.replace("[@merz-2023]", "[@merz-2023; @hibbs-2025]"),
    )
    earlier_block = approve_earlier(block, "The earlier wording")
    article = Article.objects.get(slug=FEVER_SLUG)
    data = next(a for a in ARTICLES if a["slug"] == FEVER_SLUG)
    article_services.edit_article(
        article,
        by=editor,
        reason="The earlier wording",
        body_markdown=data["body"].replace("101 °F", "100.9 °F"),
    )
    earlier_article = approve_earlier(article, "The earlier wording")

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    block.refresh_from_db()
    live = review_selectors.live_revision(block)
    assert live.number == earlier_block.number + 1, "a new revision, not an edit in place"
    assert live.note == CHANGE_REASONS[tuple(slot.values())]
    assert live.snapshot["body_markdown"] == corrected
    assert live.decisions.get().reviewer.username == "reviewer1"
    assert block.history.first().history_change_reason == CHANGE_REASONS[tuple(slot.values())]

    item = review_selectors.review_item_of(article)
    live = item.live_revision
    assert live.number > earlier_article.number
    assert live.note == data["correction"]
    assert "101 °F" in live.snapshot["wordings"]["default"]["body_markdown"]
    assert item.latest_revision.status == ReviewState.SUBMITTED, "its update waits for the board"
    assert item.latest_revision.note == data["update"]["reason"]

    again = counts()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    assert counts() == again, "up to date: nothing more to do"


def get_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
