"""The review queue and desk in the admin, used the way a board member uses them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import services as article_services
from articles.models import Article
from reviews import services as review
from reviews.history import save_recorded
from reviews.models import CitationCheck, ReviewDecision, ReviewItem, ReviewState, Revision
from tests.factories import ArticleFactory, SourceFactory, UserFactory
from tests.helpers import load_demo, log_in

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueue/"


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


def rows(html: str) -> list[str]:
    """The titles in the queue's result table, in order."""
    return re.findall(r'<td class="field-title_link"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def queue_items(alice_editor):
    """Three waiting articles submitted 10, 5 and 1 days ago."""
    items = []
    for days, title in [(10, "Oldest question?"), (5, "Middle question?"), (1, "Newest question?")]:
        article = ArticleFactory(by=alice_editor, title=title, slug=slugify(title))
        revision = review.submit(article, by=alice_editor)
        revision.submitted_at = timezone.now() - datetime.timedelta(days=days)
        save_recorded(revision, by=alice_editor, reason="Test: submitted earlier")
        items.append(revision.item)
    return items


def test_the_admin_index_links_the_queue_with_a_count(client, queue_items, bob_reviewer):
    client.force_login(bob_reviewer)
    html = client.get("/admin/").content.decode()
    assert f'<a href="{QUEUE}">Review queue</a>' in html
    assert "3 waiting for you" in html


def test_editors_see_the_queue_link_without_a_count(client, queue_items, alice_editor):
    client.force_login(alice_editor)
    html = client.get("/admin/").content.decode()
    assert f'<a href="{QUEUE}">Review queue</a>' in html
    assert "waiting for you" not in html


def test_the_queue_is_a_full_width_list_and_other_pages_keep_the_sidebar(
    client, queue_items, bob_reviewer
):
    client.force_login(bob_reviewer)
    queue = client.get(QUEUE).content.decode()
    assert 'id="nav-sidebar"' not in queue
    assert rows(queue)  # the list itself is there
    for page in ("/admin/articles/article/", "/admin/articles/source/"):
        html = client.get(page).content.decode()
        assert 'id="nav-sidebar"' in html, page
        assert f'href="{QUEUE}"' in html, page  # the sidebar's menu lists the queue


def test_the_queue_lists_waiting_items_oldest_first(client, queue_items, bob_reviewer):
    client.force_login(bob_reviewer)
    html = client.get(QUEUE).content.decode()
    assert rows(html) == ["Oldest question?", "Middle question?", "Newest question?"]
    assert "1 week, 3 days" in html.replace("\xa0", " ")
    assert "(overdue)" in html, "the 10-day-old item is past the 7-day turnaround"
    assert html.count("(overdue)") == 1


def test_the_queue_filters(client, queue_items, bob_reviewer, carol_reviewer):
    review.claim(queue_items[1], by=bob_reviewer)
    review.claim(queue_items[2], by=carol_reviewer)
    client.force_login(bob_reviewer)
    assert rows(client.get(QUEUE + "?show=mine").content.decode()) == ["Middle question?"]
    assert rows(client.get(QUEUE + "?show=unclaimed").content.decode()) == ["Oldest question?"]
    assert rows(client.get(QUEUE + "?show=overdue").content.decode()) == ["Oldest question?"]
    assert rows(client.get(QUEUE + "?show=rereview").content.decode()) == []
    html = client.get(QUEUE).content.decode()
    assert "Carol Reviewer" in html, "others see who holds an item"


def test_the_rereview_filter(client, queue_items, bob_reviewer):
    item = queue_items[0]
    review.claim(item, by=bob_reviewer)
    review.approve(item.latest_revision, by=bob_reviewer)
    item.refresh_from_db()
    item.last_reviewed_at = timezone.now() - datetime.timedelta(days=400)
    save_recorded(item, by=None, reason="Test: reviewed long ago")
    client.force_login(bob_reviewer)
    html = client.get(QUEUE + "?show=rereview").content.decode()
    assert rows(html) == ["Oldest question?"]
    assert "Re-review due" in html


def test_anonymous_visitors_go_to_the_login_page(client, queue_items):
    for url in (QUEUE, desk(queue_items[0].pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_non_board_staff_may_look_but_not_act(client, queue_items, erin_editor):
    client.force_login(erin_editor)
    html = client.get(desk(queue_items[0].pk)).content.decode()
    assert "only board members can claim it or decide" in html
    assert 'value="claim"' not in html
    response = client.post(desk(queue_items[0].pk), {"action": "claim"}, follow=True)
    assert "Only active members of the medical board" in response.content.decode()
    assert ReviewItem.objects.get(pk=queue_items[0].pk).claimed_by is None


def test_readers_without_staff_access_cannot_see_the_queue(client, queue_items, dave_reader):
    client.force_login(dave_reader)
    assert client.get(QUEUE).status_code == 302
    assert client.get(desk(queue_items[0].pk)).status_code == 302


@pytest.fixture
def updated_article(alice_editor, bob_reviewer):
    """An approved article with an update pending: one sentence and one citation changed."""
    SourceFactory(key="old-source", title="The old review", by=alice_editor)
    SourceFactory(key="new-guideline", title="The new guideline", by=alice_editor)
    article = ArticleFactory(
        by=alice_editor, body_markdown="Counts below 1.5 are low [@old-source]."
    )
    first = review.submit(article, by=alice_editor)
    review.claim(first.item, by=bob_reviewer)
    review.approve(first, by=bob_reviewer)
    article_services.edit_article(
        article,
        by=alice_editor,
        reason="Follow the new guideline",
        body_markdown="Counts below 1.8 are low [@new-guideline].",
    )
    review.submit(article, by=alice_editor)
    return Article.objects.get(pk=article.pk)


def test_the_desk_shows_a_word_level_diff_and_citation_changes(
    client, updated_article, carol_reviewer
):
    client.force_login(carol_reviewer)
    html = client.get(desk(updated_article.review_item_id)).content.decode()
    assert "revision 2 against the live revision 1" in html
    assert "<del>1.5</del>" in html and "<ins>1.8</ins>" in html
    assert "Counts below" in html  # unchanged words are shown plainly
    assert "Added: new-guideline." in html
    assert "Removed: old-source." in html
    assert "Citations (0 of 1 checked)" in html


def test_ticking_citations_and_approving_from_the_desk(client, updated_article, carol_reviewer):
    client.force_login(carol_reviewer)
    url = desk(updated_article.review_item_id)
    client.post(url, {"action": "claim"})
    response = client.post(url, {"action": "check", "source_key": "new-guideline"}, follow=True)
    assert "Citations (1 of 1 checked)" in response.content.decode()
    check = CitationCheck.objects.get()
    assert (check.source_key, check.checked, check.checked_by) == (
        "new-guideline",
        True,
        carol_reviewer,
    )
    response = client.post(
        url,
        {
            "action": "approve",
            "approve-comment": "Matches the guideline.",
            "approve-conflict_of_interest": "none",
            "approve-literature_current_through": "2026-11-01",
        },
        follow=True,
    )
    assert "This revision is now live." in response.content.decode()
    revision = Revision.objects.get(item_id=updated_article.review_item_id, number=2)
    assert revision.status == ReviewState.APPROVED
    decision = ReviewDecision.objects.get(revision=revision)
    assert decision.literature_current_through == datetime.date(2026, 11, 1)


def test_reconfirming_the_live_text_while_an_update_is_pending(
    client, updated_article, carol_reviewer
):
    """Regression: the approve form's go-live field was passed to reconfirm (a 500)."""
    client.force_login(carol_reviewer)
    url = desk(updated_article.review_item_id)
    form = {
        "action": "reconfirm",
        "approve-comment": "The live text is still right.",
        "approve-conflict_of_interest": "none",
    }
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    assert "Re-confirmed: the review date is renewed." in response.content.decode()
    decision = ReviewDecision.objects.get(reviewer=carol_reviewer)
    assert (decision.kind, decision.revision.number) == ("reconfirm", 1)

    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {**form, "approve-go_live_at": later})
    assert response.status_code == 400
    assert "A go-live time belongs to an approval" in response.content.decode()
    assert ReviewDecision.objects.filter(reviewer=carol_reviewer).count() == 1


def test_bad_decision_input_names_the_field_and_keeps_the_text(
    client, updated_article, carol_reviewer
):
    client.force_login(carol_reviewer)
    url = desk(updated_article.review_item_id)
    client.post(url, {"action": "claim"})
    response = client.post(
        url,
        {
            "action": "approve",
            "approve-comment": "My careful comment",
            "approve-conflict_of_interest": "none",
            "approve-literature_current_through": "next tuesday",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in html
    assert "My careful comment" in html
    assert Revision.objects.get(item_id=updated_article.review_item_id, number=2).status == (
        ReviewState.UNDER_REVIEW
    )

    response = client.post(url, {"action": "request_changes", "changes-comment": "  "})
    assert response.status_code == 400
    assert "a comment is required" in response.content.decode()


def test_a_refusal_shows_its_sentence_and_changes_nothing(
    client, updated_article, bob_reviewer, carol_reviewer
):
    review.claim(updated_article.review_item, by=bob_reviewer)
    client.force_login(carol_reviewer)
    response = client.post(
        desk(updated_article.review_item_id),
        {"action": "approve", "approve-conflict_of_interest": "none"},
        follow=True,
    )
    assert "has claimed this item; only they can decide" in response.content.decode()
    assert not ReviewDecision.objects.filter(reviewer=carol_reviewer).exists()


def test_the_desk_tells_the_full_story(client, updated_article, carol_reviewer):
    client.force_login(carol_reviewer)
    html = client.get(desk(updated_article.review_item_id)).content.decode()
    assert "Revision 1: Approved" in html
    assert "Revision 2: Submitted" in html
    assert "Approved (revision 1) by Bob Reviewer, MD, Hematology" in html
    assert "#1 " in html and "submitted" in html
    assert "Revision 2 submitted" in html  # a history row of the review record


def test_the_queue_page_query_count_does_not_grow_with_items(
    client, alice_editor, bob_reviewer, django_assert_num_queries
):
    def first_look_after_an_event(slug: str) -> None:
        client.force_login(bob_reviewer)
        client.get(QUEUE)  # fills the process's own caches (content types), paid once
        # A submission is an event: the list must be built again.
        review.submit(ArticleFactory(by=alice_editor, slug=slug), by=alice_editor)
        # The session, the user, the second-factor device, the user's and groups'
        # permissions, the audit chain's head, the policy's terms, the ids of the
        # waiting items (pending revisions, re-reviews due: one index scan each), the
        # count of the items shown, then one page of items with their revisions,
        # submitters and claim holders joined: 11, for 3 items or 23.
        with django_assert_num_queries(11):
            assert client.get(QUEUE).status_code == 200

    for n in range(2):
        review.submit(ArticleFactory(by=alice_editor, slug=f"few-{n}"), by=alice_editor)
    first_look_after_an_event("few-last")
    for n in range(20):
        review.submit(ArticleFactory(by=alice_editor, slug=f"many-{n}"), by=alice_editor)
    first_look_after_an_event("many-last")


def test_a_new_user_walks_through_the_demo(client):
    """reviewer1 opens the queue from the admin index, finds the demo article,
    claims it, reads the diff, ticks the citations and approves; the public page
    then shows the sign-off and no caution banner."""
    load_demo()
    assert log_in(client, "reviewer1", "reviewer1-demo-2026")
    index = client.get("/admin/").content.decode()
    queue_url = re.search(r'<a href="([^"]+)">Review queue</a>', index).group(1)
    queue = client.get(queue_url).content.decode()
    title = "What does leukopenia with neutropenia indicate?"
    link = re.search(rf'<a href="([^"]+)">{re.escape(title)}</a>', queue).group(1)

    client.post(link, {"action": "claim"})
    html = client.get(link).content.decode()
    assert "Held by <strong>Samuel Okafor</strong>" in html
    assert "Markdown of revision 1" in html and "The page as readers will see it" in html
    keys = re.findall(r'name="source_key" value="([^"]+)"', html)
    assert len(keys) >= 5
    for key in keys:
        client.post(link, {"action": "check", "source_key": key})
    html = client.get(link).content.decode()
    assert f"Citations ({len(keys)} of {len(keys)} checked)" in html

    response = client.post(
        link,
        {
            "action": "approve",
            "approve-comment": "Accurate; thresholds match the sources.",
            "approve-conflict_of_interest": "none",
            "approve-literature_current_through": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert "This revision is now live." in response.content.decode()

    public = client.get("/articles/what-does-leukopenia-with-neutropenia-indicate/")
    html = public.content.decode()
    assert "Educational purpose only" not in html
    assert "Reviewed by Samuel Okafor, MD, Hematology" in html
    assert "Conflicts of interest: none declared" in html
    assert "Next review due" in html


def test_people_without_any_role_cannot_act(client, queue_items):
    stranger = UserFactory(username="stranger", is_staff=True)
    client.force_login(stranger)
    assert client.get(QUEUE).status_code == 403
    assert client.get(desk(queue_items[0].pk)).status_code == 403
