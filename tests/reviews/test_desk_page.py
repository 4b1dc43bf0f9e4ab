"""The desk shows the page as readers will see it, with changes marked in the text;
citations with links and where each is used; ticks without a reload, kept for a
source that did not change between revisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import Article
from reviews import services as review
from reviews.diffing import rendered_diff
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def desk(item_id: int) -> str:
    return reverse("admin:reviews_reviewqueue_review", args=[item_id])


def test_rendered_diff_marks_words_and_keeps_the_markup():
    old = "<p>Counts below <strong>1.5</strong> are low.</p>"
    new = "<p>Counts below <strong>1.8</strong> are low. Ask a doctor.</p>"
    assert rendered_diff(old, new) == (
        "<p>Counts below <strong><del>1.5</del><ins>1.8</ins></strong> are low."
        "<ins> Ask a doctor.</ins></p>"
    )
    assert rendered_diff("", "<p>New</p>") == "<p><ins>New</ins></p>"


@pytest.fixture
def updated(alice_editor, bob_reviewer):
    SourceFactory(
        key="gibson-2014",
        title="How we evaluate neutropenia",
        doi="10.1182/blood-2014-02-482612",
        pmid="24869938",
        by=alice_editor,
    )
    SourceFactory(key="idsa-2011", title="Fever guideline", authors="", by=alice_editor)
    article = ArticleFactory(
        by=alice_editor,
        body_markdown="Counts below **1.5** are low [@gibson-2014] [@idsa-2011].",
    )
    first = review.submit(article, by=alice_editor)
    review.claim(first.item, by=bob_reviewer)
    for key in ("gibson-2014", "idsa-2011"):
        review.set_citation_checked(first, source_key=key, by=bob_reviewer)
    review.approve(first, by=bob_reviewer)
    article_services.edit_article(
        article,
        by=alice_editor,
        reason="New threshold",
        body_markdown="Counts below **1.8** are low [@gibson-2014] [@idsa-2011].",
        variants={"patient": {"body_markdown": "Your count is a bit low [@gibson-2014]."}},
    )
    review.submit(article, by=alice_editor)
    return Article.objects.get(pk=article.pk)


def test_the_desk_shows_the_rendered_page_with_changes_marked(client, updated, carol_reviewer):
    client.force_login(carol_reviewer)
    html = client.get(desk(updated.review_item_id)).content.decode()
    assert "The page as readers will see it: changes since revision 1 marked" in html
    assert "<strong><del>1.5</del><ins>1.8</ins></strong>" in html
    assert "Patient (new wording)" in html
    assert '<details class="desk-text-diff">' in html, "the Markdown diff is a click away"
    assert "Markdown changes: revision 2 against the live revision 1" in html


def test_a_new_article_shows_its_page_not_an_empty_column(client, alice_editor, carol_reviewer):
    article = ArticleFactory(by=alice_editor, body_markdown="A **new** answer.")
    revision = review.submit(article, by=alice_editor)
    client.force_login(carol_reviewer)
    html = client.get(desk(revision.item_id)).content.decode()
    assert "The page as readers will see it</h2>" in html
    assert "A <strong>new</strong> answer." in html
    assert ">Before<" not in html


def test_citations_link_their_dois_say_where_they_are_used_and_keep_unchanged_checks(
    client, updated, carol_reviewer
):
    client.force_login(carol_reviewer)
    html = client.get(desk(updated.review_item_id)).content.decode()
    assert '<a href="https://doi.org/10.1182/blood-2014-02-482612"' in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/24869938/"' in html
    assert "Default [1], Patient [1]" in html
    assert "(on revision 1; the source is unchanged)" in html
    assert "Citations (2 of 2 checked)" in html
    assert ". Fever guideline" not in html, "no stray period without authors"


def test_a_changed_source_needs_a_new_check(client, updated, alice_editor, carol_reviewer):
    from articles.models import Source

    source = Source.objects.get(key="idsa-2011")
    article_services.edit_source(
        source, by=alice_editor, reason="Year", year=2010, journal="Clin Infect Dis"
    )
    article_services.edit_article(
        updated, by=alice_editor, reason="Source", body_markdown="X [@idsa-2011] [@gibson-2014]."
    )
    review.submit(Article.objects.get(pk=updated.pk), by=alice_editor)
    client.force_login(carol_reviewer)
    html = client.get(desk(updated.review_item_id)).content.decode()
    assert "Citations (1 of 2 checked)" in html


def test_a_tick_answers_json_for_the_script_and_a_row_anchor_without_it(
    client, updated, carol_reviewer
):
    client.force_login(carol_reviewer)
    url = desk(updated.review_item_id)
    response = client.post(
        url,
        {"action": "uncheck", "source_key": "gibson-2014"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"key": "gibson-2014", "checked": False}
    html = client.get(url).content.decode()
    assert "Citations (1 of 2 checked)" in html, "a carried check can be withdrawn for this one"
    response = client.post(
        url,
        {"action": "check", "source_key": "gibson-2014"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"key": "gibson-2014", "checked": True}
    response = client.post(url, {"action": "uncheck", "source_key": "gibson-2014"})
    assert response.status_code == 302
    assert response["Location"].endswith("#citation-gibson-2014")
