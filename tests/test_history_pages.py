"""History pages cost the same number of queries however long the history is.

The board reads history to see who changed what, when and why; an article that
has been edited a hundred times must not make its page a hundred queries slower
(no N+1). Each test pins the queries of a page, lengthens the history the page
shows, and pins the same number again.

Every admin page starts with the same five reads, counted as ``ADMIN_PAGE``: the
session, the user, the second-factor device the session was verified with, and
the user's own and their groups' permissions (once per request).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services as article_services
from articles.models import Source
from interpretation import services as reference_services
from interpretation.models import GuidanceBlock
from reviews import services as review
from reviews.history import save_recorded
from reviews.history_admin import HistoryAdmin
from reviews.models import ReviewItem
from tests.factories import ArticleFactory, SourceFactory, approved_policy
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db


ADMIN_PAGE = 5
# A simple-history page: the object, the number of history rows (for paging) and
# one page of rows with their authors joined.
HISTORY_PAGE = ADMIN_PAGE + 3


@pytest.fixture
def pinned(client, django_assert_num_queries):
    """pinned(url, n): the page answers 200 in exactly n queries (after a first
    request that fills the process's own caches, paid once per server, not per page)."""

    def check(url: str, expected: int) -> None:
        client.get(url)
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

    return check


def pinned_as_it_grows(pinned, url: str, expected: int, edit) -> None:
    """The page costs ``expected`` queries after two edits and after twenty more."""
    edit(2)
    pinned(url, expected)
    edit(20)
    pinned(url, expected)


def queries_for(client, url: str) -> int:
    """Queries of one request, after a first one that fills the process's own caches
    (content types, the session), which a server pays once, not per page."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def edit_article(article, editor, co_author, times: int) -> None:
    """Edits that change the text and, every other time, the authors (a many-to-many
    field the history page diffs too)."""
    for n in range(times):
        article_services.edit_article(
            article,
            by=editor,
            reason=f"Edit {n}",
            short_answer=f"Short answer, take {n}.",
            authors=[editor, co_author] if n % 2 else [editor],
        )


def test_an_article_history_page_does_not_grow_with_its_edits(
    client, pinned, alice_editor, erin_editor, bob_reviewer
):
    article = ArticleFactory(by=alice_editor)
    url = f"/admin/articles/article/{article.pk}/history/"
    client.force_login(bob_reviewer)
    # The history page, then the authors of every row on the page in one query, and
    # the articles and users those rows name (diffed in memory, not per row).
    pinned_as_it_grows(
        pinned,
        url,
        HISTORY_PAGE + 3,
        lambda times: edit_article(article, alice_editor, erin_editor, times),
    )


def test_a_source_history_page_does_not_grow_with_its_edits(
    client, pinned, alice_editor, bob_reviewer
):
    SourceFactory(key="who2023", by=alice_editor)
    source = Source.objects.get(key="who2023")
    url = f"/admin/articles/source/{source.pk}/history/"
    client.force_login(bob_reviewer)

    def edit(times: int) -> None:
        for n in range(times):
            article_services.edit_source(
                source, by=alice_editor, reason=f"Fix {n}", title=f"Guideline, edition {n}"
            )

    pinned_as_it_grows(pinned, url, HISTORY_PAGE, edit)


def cycle(item_obj, editor, reviewer, times: int) -> None:
    """Submit, have changes requested and edit again: one revision and a handful of
    item, revision and decision history rows per round."""
    for n in range(times):
        revision = review.submit(item_obj, by=editor, note=f"Round {n}")
        review.start_review(revision, by=reviewer)
        review.request_changes(
            revision, by=reviewer, comment=f"Please clarify point {n}.", conflict_of_interest="none"
        )
        item_obj.refresh_from_db()
        article_services.edit_article(
            item_obj, by=editor, reason=f"Answer round {n}", short_answer=f"Clearer, take {n}."
        )


def test_the_review_desk_and_item_history_do_not_grow_with_rounds_of_review(
    client, pinned, alice_editor, bob_reviewer, carol_reviewer
):
    article = ArticleFactory(by=alice_editor)
    client.force_login(carol_reviewer)

    def pages() -> None:
        item = ReviewItem.objects.get(pk=article.review_item_id)
        # The desk tells the item's whole story: the item (its revisions and claim
        # holder joined), the citation checks, the reviewer's board membership, the
        # policy's terms, then the revisions, the decisions, the three history tables,
        # the audit events, the comments on passages and the next item waiting for this
        # board member, one query each however many there are.
        pinned(f"/admin/reviews/reviewqueue/{item.pk}/review/", ADMIN_PAGE + 12)
        pinned(f"/admin/reviews/reviewitem/{item.pk}/history/", HISTORY_PAGE)
        pinned(f"/admin/reviews/revision/{item.latest_revision_id}/history/", HISTORY_PAGE)

    cycle(article, alice_editor, bob_reviewer, 1)
    pages()
    cycle(article, alice_editor, bob_reviewer, 9)
    assert ReviewItem.objects.get(pk=article.review_item_id).latest_revision.number == 10
    pages()


def test_a_guidance_block_history_page_does_not_grow_with_its_edits(
    client, pinned, alice_editor, bob_reviewer
):
    load_demo()
    block = GuidanceBlock.objects.order_by("pk").first()
    url = f"/admin/interpretation/guidanceblock/{block.pk}/history/"
    client.force_login(bob_reviewer)

    text = block.body_markdown

    def edit(times: int) -> None:
        for n in range(times):
            reference_services.save_reference(
                block,
                by=alice_editor,
                reason=f"Plainer words {n}",
                body_markdown=f"{text}\n\nA plainer sentence, take {n}.",
            )

    pinned_as_it_grows(pinned, url, HISTORY_PAGE, edit)


def test_the_public_policy_change_log_does_not_grow_with_versions(
    client, alice_editor, django_assert_num_queries
):
    def add(times: int, start: int) -> None:
        for n in range(start, start + times):
            approved_policy(
                editor=alice_editor,
                effective_date=timezone.localdate() + datetime.timedelta(days=n % 3),
                change_note=f"Change {n}",
            )

    def built_and_kept(django_assert_num_queries=django_assert_num_queries) -> None:
        # Built: the reader stamp (the cache was emptied), every approved version for
        # the change log in one query, the version in force. Then kept: no query.
        cache.clear()
        with django_assert_num_queries(3):
            assert client.get("/editorial-policy/").status_code == 200
        with django_assert_num_queries(0):
            assert client.get("/editorial-policy/").status_code == 200

    add(2, 1)
    built_and_kept()
    add(10, 3)
    built_and_kept()


def test_every_history_page_in_the_admin_costs_the_same_for_few_or_many_rows(client):
    """Each model's history page, on the demo content, before and after twenty more
    recorded saves: the "Object" column names each row through the model's own
    ``__str__``, which must not fetch a related object per row."""
    load_demo()
    admin_user = get_user_model().objects.get(username="admin")
    client.force_login(admin_user)
    grew = {}
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, HistoryAdmin):
            continue
        obj = model.history.order_by("-history_date").first().instance
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/history/"
        few = queries_for(client, url)
        for n in range(20):
            save_recorded(obj, by=admin_user, reason=f"Checked {n}")
        many = queries_for(client, url)
        if many != few:
            grew[model._meta.label] = (few, many)
    assert len(grew) == 0, f"history pages whose queries grew with their rows: {grew}"


def test_the_article_history_shows_the_same_changes_as_simple_history_computes(
    rf, alice_editor, erin_editor
):
    """The in-memory diff gives what django-simple-history's own (query per row) gives,
    authors included."""
    from simple_history.admin import SimpleHistoryAdmin

    from articles.models import Article

    article = ArticleFactory(by=alice_editor)
    edit_article(article, alice_editor, erin_editor, 5)
    model_admin = admin.site._registry[Article]
    request = rf.get("/")

    def deltas(set_changes) -> list:
        records = list(model_admin.get_history_queryset(request, Article.history, "id", article.pk))
        set_changes(request, records)
        return [getattr(record, "history_delta_changes", None) for record in records]

    ours = deltas(model_admin.set_history_delta_changes)
    theirs = deltas(
        lambda request, records: SimpleHistoryAdmin.set_history_delta_changes(
            model_admin, request, records
        )
    )
    assert ours == theirs
    authors_changes = [c for changes in ours if changes for c in changes if c["field"] == "Authors"]
    assert authors_changes, "the edits changed the authors"
    assert "erin_editor" in str(authors_changes[0]["old"]) + str(authors_changes[0]["new"])
