"""The editorial policy is the board's: editors draft versions, the board approves them
under the policy in force, and only approved versions take effect or reach readers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews import selectors as review_selectors
from reviews import services as review
from reviews.history import ImmutableRecord
from reviews.models import EditorialPolicyVersion, ReviewItem
from tests.factories import ArticleFactory, approved_policy, make_board_member
from tests.reviews.test_workflow import assert_refused

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/reviews/editorialpolicyversion/add/"
TEXT = "Every answer needs {approvals_required} from different board members."


def draft(by, **fields) -> EditorialPolicyVersion:
    values = {
        "effective_date": timezone.localdate(),
        "body_markdown": TEXT,
        "change_note": "Stricter review",
        **fields,
    }
    return review.draft_policy_version(by=by, **values)


def form_data(**overrides) -> dict:
    data = {
        "effective_date": timezone.localdate().isoformat(),
        "change_note": "Two approvals for every answer",
        "body_markdown": TEXT,
        "approvals_required": "2",
        "rereview_interval_days": "365",
        "review_turnaround_days": "7",
        "show_waiting_for_review": "on",
        "change_reason": "Board asked for a second reviewer",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


# Editors draft; nothing takes effect until the board approves --------------------------


def test_an_editor_adds_a_draft_that_changes_nothing(client, alice_editor, bob_reviewer):
    client.force_login(alice_editor)
    response = client.post(
        ADD_URL, form_data(approvals_required="1", rereview_interval_days="36500")
    )
    assert response.status_code == 302, response.content.decode()
    version = EditorialPolicyVersion.objects.get()
    assert (version.number, version.approvals_required) == (1, 1)
    assert version.rereview_interval_days == 36500
    assert review_selectors.current_policy() is None
    assert review_selectors.current_terms().rereview_interval_days == 365
    html = client.get("/editorial-policy/").content.decode()
    assert "36500" not in html and "No version has been approved yet" in html


def test_an_editor_cannot_make_a_version_take_effect(alice_editor, bob_reviewer, carol_reviewer):
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], approvals_required=2)
    weaker = draft(alice_editor, approvals_required=1, change_note="Back to one approval")
    revision = review.submit(weaker, by=alice_editor)
    assert_refused(lambda: review.claim(revision.item, by=alice_editor), "Only active members")
    assert_refused(lambda: review.approve(revision, by=alice_editor), "Only active members")
    assert review_selectors.current_terms().approvals_required == 2
    # The direct path is gone: the editor's role holds no way to approve.
    assert not alice_editor.has_perm("reviews.review_content")


def test_the_policy_in_force_sets_the_approvals_a_new_version_needs(
    alice_editor, bob_reviewer, carol_reviewer
):
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], approvals_required=2)
    lenient = draft(alice_editor, approvals_required=1, change_note="One approval is enough")
    revision = review.submit(lenient, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.approve(revision, by=bob_reviewer)
    # The version under review asks for one approval; the policy in force needs two.
    assert review_selectors.current_policy().number == 1
    review.claim(revision.item, by=carol_reviewer)
    review.approve(revision, by=carol_reviewer)
    assert review_selectors.current_policy() == lenient
    assert review_selectors.current_terms().approvals_required == 1


def test_an_approved_version_waits_for_its_effective_date(alice_editor, bob_reviewer):
    later = approved_policy(
        editor=alice_editor,
        approvers=[bob_reviewer],
        effective_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert review_selectors.current_policy() is None
    assert review_selectors.current_policy(on=later.effective_date) == later


# A submitted version never changes ---------------------------------------------------


def test_a_submitted_version_cannot_be_edited(client, alice_editor):
    version = draft(alice_editor)
    review.submit(version, by=alice_editor)
    with pytest.raises(ValidationError, match="was submitted for review"):
        review.edit_policy_draft(version, by=alice_editor, approvals_required=1)
    version.refresh_from_db()
    version.rereview_interval_days = 36500
    with pytest.raises(ImmutableRecord):
        version.save()
    # In the admin the editor may look at it, not change it.
    client.force_login(alice_editor)
    url = f"/admin/reviews/editorialpolicyversion/{version.pk}/change/"
    assert 'name="rereview_interval_days"' not in client.get(url).content.decode()
    assert client.post(url, form_data(rereview_interval_days="36500")).status_code == 403
    assert EditorialPolicyVersion.objects.get().rereview_interval_days == 365


def test_a_draft_can_change_until_it_is_submitted(client, alice_editor, bob_reviewer):
    version = draft(alice_editor)
    client.force_login(alice_editor)
    url = f"/admin/reviews/editorialpolicyversion/{version.pk}/change/"
    response = client.post(url, form_data(approvals_required="1", review_turnaround_days="5"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.review_turnaround_days == 5


def test_a_version_sent_back_is_replaced_by_a_new_one(alice_editor, bob_reviewer):
    version = draft(alice_editor)
    revision = review.submit(version, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.request_changes(revision, by=bob_reviewer, comment="Keep one approval.")
    assert_refused(lambda: review.submit(version, by=alice_editor), "Add a new version")
    assert draft(alice_editor, approvals_required=1).number == 2


def test_a_version_whose_date_has_passed_is_not_submitted(alice_editor):
    version = draft(alice_editor)
    with pytest.raises(ValidationError, match="effective date has passed"):
        draft(alice_editor, effective_date=timezone.localdate() - datetime.timedelta(days=1))
    # A draft left lying until its date passed is refused at submission.
    stale = EditorialPolicyVersion.objects.get(pk=version.pk)
    stale.effective_date = timezone.localdate() - datetime.timedelta(days=1)
    stale.save()
    assert_refused(lambda: review.submit(stale, by=alice_editor), "has passed")


# Sentences, not constraint names -----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("approvals_required", "0", "The number of approvals must be at least 1."),
        ("rereview_interval_days", "0", "The re-review interval must be at least 1."),
        ("review_turnaround_days", "0", "The review turnaround must be at least 1."),
        ("approvals_required", "5", "The board has 2 active members"),
        ("effective_date", "2020-01-01", "The effective date has passed"),
    ],
)
def test_bad_settings_are_form_errors_with_sentences(
    client, alice_editor, bob_reviewer, carol_reviewer, field, value, message
):
    client.force_login(alice_editor)
    response = client.post(ADD_URL, form_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "onstraint" not in html
    assert TEXT in html, "what the editor typed is kept"
    assert not EditorialPolicyVersion.objects.exists()


def test_the_text_cannot_contradict_the_settings(client, alice_editor, bob_reviewer):
    client.force_login(alice_editor)
    contradiction = "Each answer needs 2 board approvals (currently one)."
    response = client.post(ADD_URL, form_data(body_markdown=contradiction))
    html = response.content.decode()
    assert response.status_code == 200
    assert "states numbers of its own (“2”, “one”)" in html
    response = client.post(ADD_URL, form_data(body_markdown="Within {turnaround} of it."))
    assert "Unknown placeholder {turnaround}" in response.content.decode()
    assert not EditorialPolicyVersion.objects.exists()


def test_placeholders_become_the_settings(alice_editor, bob_reviewer, carol_reviewer):
    version = approved_policy(
        editor=alice_editor,
        approvers=[bob_reviewer],
        body_markdown=(
            "A page needs {approvals_required}. We decide within {review_turnaround_days} "
            "and review again every {rereview_interval_days}.\n\n1. Submit\n2. Review"
        ),
        approvals_required=2,
        review_turnaround_days=1,
        rereview_interval_days=730,
    )
    assert "A page needs 2 approvals. We decide within 1 day" in version.body_html
    assert "every 730 days" in version.body_html
    assert "{" not in version.body_html


# What readers see of the policy --------------------------------------------------------


def test_the_public_page_shows_the_settings_from_the_fields(client, alice_editor, bob_reviewer):
    approved_policy(
        editor=alice_editor,
        approvers=[bob_reviewer],
        body_markdown="Every answer needs {approvals_required}.",
        change_note="First version",
        rereview_interval_days=730,
        show_sent_back=True,
    )
    html = client.get("/editorial-policy/").content.decode()
    settings_box = re.search(r'<section class="policy-settings".*?</section>', html, re.S)[0]
    assert "<dd>1, from different board members</dd>" in settings_box
    assert "at least every 730 days" in settings_box
    assert "within</dt>\n      <dd>7 days" in settings_box
    assert "shown, under a caution banner" in settings_box
    assert "stays public, under a caution banner" in settings_box
    assert "Every answer needs 1 approval." in html


def test_the_change_log_lists_approved_versions_only(
    client, alice_editor, bob_reviewer, carol_reviewer
):
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], change_note="Approved one")
    sent_back = draft(alice_editor, change_note="Sent back one")
    revision = review.submit(sent_back, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.request_changes(revision, by=bob_reviewer, comment="No.")
    review.submit(draft(alice_editor, change_note="Waiting one"), by=alice_editor)
    draft(alice_editor, change_note="Draft one")
    html = client.get("/editorial-policy/").content.decode()
    assert "Approved one" in html and "approved by the medical board on" in html
    for hidden in ("Sent back one", "Waiting one", "Draft one"):
        assert hidden not in html
    assert 'id="v1"' in html and 'id="v2"' not in html


def test_a_rereview_interval_no_board_approved_moves_no_due_date(
    client, alice_editor, bob_reviewer, carol_reviewer
):
    """The finding: an editor's 100-year interval moved every "next review due"."""
    article = ArticleFactory(by=alice_editor, slug="low")
    revision = review.submit(article, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.approve(revision, by=bob_reviewer)
    version = draft(alice_editor, rereview_interval_days=36500, change_note="Century")
    review.submit(version, by=alice_editor)
    due = timezone.localdate() + datetime.timedelta(days=365)
    assert f'<time datetime="{due:%Y-%m-%d}">' in client.get("/articles/low/").content.decode()


# The board's queue and desk --------------------------------------------------------------


def test_the_board_approves_a_version_from_its_queue(
    client, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], change_note="First")
    version = draft(alice_editor, rereview_interval_days=180, change_note="Half-yearly")
    with django_capture_on_commit_callbacks(execute=True):
        review.submit(version, by=alice_editor)
    item = ReviewItem.objects.get(pk=version.review_item_id)
    carol = make_board_member("carol_reviewer", first_name="Carol", last_name="Reviewer")
    client.force_login(carol)
    queue = client.get(reverse("admin:reviews_reviewqueue_changelist")).content.decode()
    assert "Editorial policy version 2" in queue and "Editorial policy version" in queue
    html = client.get(desk(item.pk)).content.decode()
    assert "against Editorial policy version 1 (in force)" in html
    assert "<del>365</del>" in html and "<ins>180</ins>" in html
    assert "Citations (" not in html
    client.post(desk(item.pk), {"action": "claim"})
    response = client.post(
        desk(item.pk),
        {"action": "approve", "approve-conflict_of_interest": "none"},
        follow=True,
    )
    assert "This revision is now live." in response.content.decode()
    assert review_selectors.current_policy() == version
    assert "at least every 180 days" in client.get("/editorial-policy/").content.decode()


def test_policy_versions_are_never_due_for_rereview(alice_editor, bob_reviewer):
    from reviews.history import save_recorded

    version = approved_policy(editor=alice_editor, approvers=[bob_reviewer])
    item = ReviewItem.objects.get(pk=version.review_item_id)
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=4000)
    save_recorded(item, by=None, reason="Test: a long time ago")
    terms = review_selectors.current_terms()
    assert not review_selectors.queue(terms).filter(pk=item.pk).exists()
    assert not review_selectors.is_rereview_due(item, terms)
