"""The finishing touches readers asked for: linked references, every article listed
by topic, one date format, citation numbers that stay with their words, the thank-you
where the reader is."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.citations import format_ama, format_ama_linked
from reviews import services as review
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def publish(article, editor, reviewer, *, approve=True):
    revision = review.submit(article, by=editor)
    if approve:
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer)
    return revision


GIBSON = {
    "kind": "review",
    "authors": "Gibson C, Berliner N",
    "title": "How we evaluate and treat neutropenia in adults",
    "journal": "Blood",
    "year": 2014,
    "volume": "124",
    "issue": "8",
    "pages": "1251-1258",
    "doi": "https://doi.org/10.1182/blood-2014-02-482612",
    "pmid": "24869938",
    "url": "",
}


def test_a_linked_reference_links_its_doi_and_pmid_and_reads_the_same():
    linked = format_ama_linked(GIBSON)
    assert linked.endswith(
        '<a href="https://doi.org/10.1182/blood-2014-02-482612">'
        "doi:10.1182/blood-2014-02-482612</a> "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/24869938/">PMID: 24869938</a>'
    )
    assert re.sub(r"<a [^>]*>|</a>", "", linked) == format_ama(GIBSON)


def test_a_web_address_is_linked_only_when_it_is_one():
    assert format_ama_linked({"title": "NICE", "url": "https://www.nice.org.uk/cg151"}) == (
        '<i>NICE</i>. <a href="https://www.nice.org.uk/cg151">https://www.nice.org.uk/cg151</a>'
    )
    hostile = format_ama_linked({"url": "javascript:alert(1)", "pmid": "12 3"})
    assert "<a " not in hostile


def test_a_hostile_doi_is_escaped_in_the_link():
    linked = format_ama_linked({"doi": '10.1/"><svg onload=alert(1)>'})
    assert "<svg" not in linked and '"><' not in linked
    assert 'href="https://doi.org/10.1/%22%3E%3Csvg%20onload%3Dalert(1)%3E"' in linked


def test_the_article_page_links_its_references(client, alice_editor, bob_reviewer):
    SourceFactory(
        key="gibson-2014", doi="10.1182/blood-2014-02-482612", pmid="24869938", by=alice_editor
    )
    article = ArticleFactory(by=alice_editor, body_markdown="Mild is common [@gibson-2014].")
    publish(article, alice_editor, bob_reviewer)
    html = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    references = re.search(r'<ol id="references">(.*?)</ol>', html, re.S).group(1)
    assert 'href="https://doi.org/10.1182/blood-2014-02-482612"' in references
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/24869938/"' in references


def test_the_articles_page_lists_every_article_by_topic(client, alice_editor, bob_reviewer):
    publish(
        ArticleFactory(by=alice_editor, title="Is a low count bad?", topic="Blood counts"),
        alice_editor,
        bob_reviewer,
    )
    publish(
        ArticleFactory(by=alice_editor, title="What is a platelet?", topic="Blood counts"),
        alice_editor,
        bob_reviewer,
        approve=False,
    )
    publish(
        ArticleFactory(by=alice_editor, title="When is fever urgent?", topic="Fever"),
        alice_editor,
        bob_reviewer,
    )
    publish(
        ArticleFactory(by=alice_editor, title="Why ask questions?", topic=""),
        alice_editor,
        bob_reviewer,
    )
    ArticleFactory(by=alice_editor, title="A draft question?", topic="Secret topic")

    response = client.get("/articles/")
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 id="topic-([a-z-]+)">', html)
    assert headings == ["blood-counts", "fever", "other"]
    blood = html.split('id="topic-blood-counts"', 1)[1].split('id="topic-fever"')[0]
    assert blood.index("Is a low count bad?") < blood.index("What is a platelet?")
    assert "Pending review" in blood
    assert "When is fever urgent?" in html and "Why ask questions?" in html
    assert "A draft question?" not in html and "Secret topic" not in html
    # The header's "Articles" leads here, from every page.
    assert '<a href="/articles/">Articles</a>' in client.get("/").content.decode()


def test_dates_are_written_one_way_on_reader_pages(client, alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor)
    publish(article, alice_editor, bob_reviewer)
    today = timezone.localdate()
    html = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    assert f"{today.day} {today:%B} {today.year}" in html
    assert f"{today:%B} {today.day}, {today.year}" not in html


def test_reviewed_by_is_not_said_twice_in_a_row(client, alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor)
    publish(article, alice_editor, bob_reviewer)
    html = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"Reviewed by\s+Reviewed by", text)


def test_the_thank_you_is_where_the_reader_lands(client, alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor)
    publish(article, alice_editor, bob_reviewer)
    url = reverse("articles:ask", kwargs={"slug": article.slug})
    form = client.get(url).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)
    assert action.endswith("#sent-heading")
    sent = client.post(action.split("#")[0], {"question": "Can I swim?"}).content.decode()
    assert 'id="sent-heading"' in sent
