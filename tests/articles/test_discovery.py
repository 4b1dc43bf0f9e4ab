"""How readers and search engines find articles: search, the Atom feed, the sitemap,
robots.txt, and what each article page says about itself (JSON-LD, Open Graph).

Everything here shows only what readers may see (``Article.objects.live()``), as
its shown revision says it, and runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, RESULTS_PER_PAGE
from reviews import services as review
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def approve(article, editor, reviewer):
    revision = review.submit(article, by=editor)
    review.start_review(revision, by=reviewer)
    review.approve(revision, by=reviewer, comment="Checked")
    revision.refresh_from_db()
    return revision


def page_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def search(client, query: str, **params):
    return client.get(reverse("search"), {"q": query, **params})


def result_titles(html: str) -> list[str]:
    """The result titles in order, as text (highlighting removed)."""
    titles = re.findall(r'<h3 class="search-result-title"><a href="[^"]+">(.*?)</a></h3>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def neutrophil_article(alice_editor, bob_reviewer):
    """Approved by Bob; a citation in the short answer, a rare word in the body."""
    SourceFactory(key="gibson-2014", title="How we evaluate neutropenia", by=alice_editor)
    article = ArticleFactory(
        by=alice_editor,
        title="Is a low neutrophil count dangerous?",
        slug="is-a-low-neutrophil-count-dangerous",
        topic="Neutropenia",
        short_answer="Mostly not when it is *mild* [@gibson-2014].",
        body_markdown="## Risk\n\nBelow 0.2 it is called agranulocytosis, which needs care.",
        variants={
            "professional": {
                "short_answer": "ANC 1.0–1.5 ×10⁹/L carries little added risk [@gibson-2014].",
                "body_markdown": "Grade per CTCAE v5.0.",
            }
        },
    )
    approve(article, alice_editor, bob_reviewer)
    return Article.objects.get(pk=article.pk)  # with its review item as it now is


@pytest.fixture
def fever_article(erin_editor):
    """Submitted, still waiting for the board: public, with the caution banner."""
    article = ArticleFactory(
        by=erin_editor,
        title="When is a fever an emergency?",
        slug="when-is-a-fever-an-emergency",
        topic="Infections",
        short_answer="When your neutrophil count is low.",
        body_markdown="Call your care team straight away.",
    )
    review.submit(article, by=erin_editor)
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def secret_draft(alice_editor):
    return ArticleFactory(
        by=alice_editor,
        title="Zymurgy and neutrophil counts",
        slug="zymurgy-and-neutrophil-counts",
        body_markdown="An unpublished zymurgy draft.",
    )


# Search ---------------------------------------------------------------------------


def test_search_finds_a_live_article_by_its_title(client, neutrophil_article, fever_article):
    response = search(client, "dangerous")
    html = response.content.decode()
    assert response.status_code == 200
    assert result_titles(html) == ["Is a low neutrophil count dangerous?"]
    assert f'<a href="{page_url(neutrophil_article)}">' in html
    assert "<mark>dangerous</mark>" in html
    assert "Approved by the board" in html
    assert "1 article found for “dangerous”" in html


def test_search_finds_words_in_the_body_and_shows_them_marked(client, neutrophil_article):
    html = search(client, "agranulocytosis").content.decode()
    assert result_titles(html) == ["Is a low neutrophil count dangerous?"]
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', html).group(1)
    assert "<mark>agranulocytosis</mark>" in snippet
    # A snippet is what a reader reads: no Markdown, no citation markers.
    assert "##" not in snippet and "[@" not in snippet and "*" not in snippet


def test_a_pending_article_is_found_with_its_pending_badge(client, fever_article):
    html = search(client, "fever").content.decode()
    assert result_titles(html) == ["When is a fever an emergency?"]
    assert "Pending review" in html
    assert "Approved by the board" not in html


def test_a_title_match_ranks_above_a_body_match(client, neutrophil_article, fever_article):
    # "neutrophil" is in the first article's title and only in the second one's short answer.
    html = search(client, "neutrophil").content.decode()
    assert result_titles(html) == [
        "Is a low neutrophil count dangerous?",
        "When is a fever an emergency?",
    ]


def test_drafts_never_appear(client, secret_draft, neutrophil_article):
    html = search(client, "zymurgy").content.decode()
    assert result_titles(html) == []
    assert "No articles found for “zymurgy”" in html
    html = search(client, "neutrophil").content.decode()
    assert "Zymurgy" not in html
    assert result_titles(html) == ["Is a low neutrophil count dangerous?"]


def test_search_reads_the_shown_revision_not_unreviewed_edits(
    client, neutrophil_article, alice_editor
):
    # An edit that is saved but not submitted, and one that is submitted but not
    # approved: readers see the approved text, so neither makes the article findable.
    article_services.edit_article(
        neutrophil_article, by=alice_editor, reason="Draft", body_markdown="Secret thrombocytes."
    )
    assert result_titles(search(client, "thrombocytes").content.decode()) == []
    review.submit(neutrophil_article, by=alice_editor)
    assert result_titles(search(client, "thrombocytes").content.decode()) == []
    html = search(client, "agranulocytosis").content.decode()
    assert result_titles(html) == ["Is a low neutrophil count dangerous?"]


def test_a_hostile_query_is_shown_escaped(client, neutrophil_article):
    response = search(client, '<script>alert("x")</script>')
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_hostile_article_text_is_escaped_in_the_snippet(client, alice_editor, bob_reviewer):
    article = ArticleFactory(
        by=alice_editor,
        body_markdown='Neutrophil <img src=x onerror="alert(1)"> & <b>bold</b> claims.',
    )
    approve(article, alice_editor, bob_reviewer)
    html = search(client, "neutrophil").content.decode()
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', html).group(1)
    # Shown as text (SQLite) or dropped (PostgreSQL's ts_headline skips tags): never markup.
    assert "<img" not in snippet and "<b>" not in snippet
    assert "&amp;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0, "only <mark> is markup"


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_shows_the_form_and_asks_nothing_of_the_database(
    client, query, django_assert_num_queries
):
    from reviews.selectors import reader_stamp

    reader_stamp()  # as on a running site, the reader stamp is in the cache already
    with django_assert_num_queries(0):
        response = search(client, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="search" name="q" id="search-q"' in html
    assert 'id="results-heading"' not in html


def test_a_too_long_query_gets_a_clear_error_and_keeps_the_text(client, neutrophil_article):
    query = "neutrophil " + "x" * MAX_QUERY_LENGTH
    response = search(client, query)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Keep it to {MAX_QUERY_LENGTH} characters or fewer" in html
    assert 'aria-invalid="true"' in html
    assert f'value="{query}"' in html
    assert 'id="results-heading"' not in html


@pytest.mark.parametrize(
    "raw", ["\x00abc", "neutrophil\x00", "a\x07b", "\x1b[31mneutrophil", "x\x7f", "\x01\x85x"]
)
def test_a_query_with_control_characters_gets_a_clear_error(client, neutrophil_article, raw):
    """Regression: /search/?q=%00abc was a 500 (PostgreSQL refuses NUL in a string)."""
    response = client.get("/search/", {"q": raw})
    html = response.content.decode()
    assert response.status_code == 400
    assert "control characters" in html
    assert 'aria-invalid="true"' in html
    assert 'id="results-heading"' not in html
    assert "\x00" not in html


def test_a_query_of_exactly_the_limit_is_searched(client, neutrophil_article):
    query = ("neutrophil " * 40)[:MAX_QUERY_LENGTH]
    assert len(query) == MAX_QUERY_LENGTH
    response = search(client, query)
    assert response.status_code == 200
    assert 'id="results-heading"' in response.content.decode()


@pytest.mark.parametrize("articles", [1, RESULTS_PER_PAGE + 5])
def test_search_costs_four_queries_at_most_however_many_results(
    client, alice_editor, django_assert_max_num_queries, articles
):
    for number in range(articles):
        review.submit(
            ArticleFactory(by=alice_editor, body_markdown=f"Neutrophil fact {number}."),
            by=alice_editor,
        )
    # The reader stamp is in the cache on a running site. Then 1: the policy in force
    # (what readers may see); 2: the candidates (FTS5's best on SQLite, the index's
    # matches on PostgreSQL), 3: those readers may see, ranked; then one page of
    # them, with the snippets computed in the same query (ts_headline on PostgreSQL)
    # or from the texts it returns (SQLite). Nothing is loaded per result.
    from reviews.selectors import reader_stamp

    reader_stamp()
    with django_assert_max_num_queries(4):
        html = search(client, "neutrophil").content.decode()
    assert len(result_titles(html)) == min(articles, RESULTS_PER_PAGE)
    assert f"{articles} article" in html
    if articles > RESULTS_PER_PAGE:
        assert "Page 1 of 2" in html
        html = search(client, "neutrophil", page=2).content.decode()
        assert len(result_titles(html)) == articles - RESULTS_PER_PAGE


@pytest.mark.skipif(not ON_POSTGRES, reason="stemming is PostgreSQL full-text search")
def test_on_postgres_search_understands_word_forms(client, neutrophil_article):
    html = search(client, "dangers").content.decode()
    assert result_titles(html) == ["Is a low neutrophil count dangerous?"]
    assert "<mark>dangerous</mark>" in html


def test_every_page_has_a_labelled_search_box_and_the_feed_link(client):
    html = client.get(reverse("home")).content.decode()
    assert '<form class="site-search" role="search"' in html
    assert '<label for="site-search-q" class="visually-hidden">Search articles</label>' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Newly approved articles" '
        'href="/feeds/articles.atom">'
    ) in html


# The Atom feed --------------------------------------------------------------------


def feed_entries(client):
    response = client.get(reverse("articles-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_feed_lists_approved_articles_only(
    client, neutrophil_article, fever_article, secret_draft
):
    root, entries = feed_entries(client)
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Is a low neutrophil count dangerous?"]
    entry = entries[0]
    approved_at = neutrophil_article.review_item.live_revision.approved_at
    assert entry.findtext(f"{ATOM}updated") == approved_at.isoformat()
    assert (
        entry.find(f"{ATOM}link").get("href") == f"http://testserver{page_url(neutrophil_article)}"
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Alice Editor"
    # The short answer as text: no tags, no citation number.
    assert entry.findtext(f"{ATOM}summary") == "Mostly not when it is mild."
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feeds/articles.atom")


def test_the_feed_is_newest_approval_first_and_an_approved_update_moves_up(
    client, neutrophil_article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    second = ArticleFactory(by=alice_editor, title="Does a cold lower the count?")
    with django_capture_on_commit_callbacks(execute=True):
        approve(second, alice_editor, bob_reviewer)
    _, entries = feed_entries(client)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Does a cold lower the count?",
        "Is a low neutrophil count dangerous?",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        article_services.edit_article(
            neutrophil_article, by=alice_editor, reason="Update", short_answer="Rarely."
        )
        update = approve(neutrophil_article, alice_editor, bob_reviewer)
    _, entries = feed_entries(client)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Is a low neutrophil count dangerous?",
        "Does a cold lower the count?",
    ]
    assert entries[0].findtext(f"{ATOM}updated") == update.approved_at.isoformat()
    assert entries[0].findtext(f"{ATOM}summary") == "Rarely."


def test_a_submitted_update_does_not_change_the_feed(client, neutrophil_article, alice_editor):
    article_services.edit_article(
        neutrophil_article, by=alice_editor, reason="Update", short_answer="UNREVIEWED"
    )
    review.submit(neutrophil_article, by=alice_editor)
    _, entries = feed_entries(client)
    assert entries[0].findtext(f"{ATOM}summary") == "Mostly not when it is mild."


# sitemap.xml and robots.txt -------------------------------------------------------


def test_the_sitemap_lists_live_articles_with_their_last_change(
    client, neutrophil_article, fever_article, secret_draft
):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    approved = neutrophil_article.review_item.live_revision
    pending = fever_article.review_item.latest_revision
    assert (
        urls[f"http://testserver{page_url(neutrophil_article)}"] == approved.approved_at.isoformat()
    )
    assert urls[f"http://testserver{page_url(fever_article)}"] == pending.submitted_at.isoformat()
    assert f"http://testserver{page_url(secret_draft)}" not in urls
    for static in (
        "/",
        "/articles/",
        "/board/",
        "/about/",
        "/editorial-policy/",
        "/transparency/",
        "/interpret/",
    ):
        assert f"http://testserver{static}" in urls
    # The board member who approved the article has a page of their own.
    assert "http://testserver/board/bob-reviewer/" in urls
    assert len(urls) == 10


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
    secure = client.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in secure


# JSON-LD and Open Graph -----------------------------------------------------------

# Written from schema.org's definitions: each object's @type, the properties this
# platform relies on as required, and for the page only properties MedicalWebPage
# has (its own, or WebPage's, CreativeWork's and Thing's). Ranges: lastReviewed is
# a Date; dateModified a Date or DateTime; reviewedBy a Person (or Organization);
# Person.hasCredential an EducationalOccupationalCredential, whose credentialCategory
# is Text (or DefinedTerm); medicalAudience a MedicalAudience (or MedicalAudienceType);
# about a Thing; citation a CreativeWork (or Text); publisher an Organization.
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def typed(type_name: str, required: list[str], properties: dict) -> dict:
    return {
        "type": "object",
        "required": ["@type", *required],
        "properties": {"@type": {"const": type_name}, **properties},
        "additionalProperties": False,
    }


TEXT = {"type": "string", "minLength": 1}
URL = {"type": "string", "pattern": r"^https?://"}
MEDICAL_WEB_PAGE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **typed(
        "MedicalWebPage",
        ["@context", "name", "headline", "url", "about", "medicalAudience", "dateModified"],
        {
            "@context": {"const": "https://schema.org"},
            "@id": URL,
            "url": URL,
            "name": TEXT,
            "headline": TEXT,
            "description": TEXT,
            "inLanguage": TEXT,
            "about": typed("MedicalCondition", ["name"], {"name": TEXT}),
            "medicalAudience": typed(
                "MedicalAudience",
                ["audienceType"],
                {"audienceType": {"enum": ["Patient", "Caregiver", "Clinician", "Student"]}},
            ),
            "lastReviewed": {"type": "string", "pattern": DATE},
            "dateModified": {"type": "string", "pattern": DATETIME},
            "reviewedBy": {
                "type": "array",
                "minItems": 1,
                "items": typed(
                    "Person",
                    ["name", "hasCredential"],
                    {
                        "name": TEXT,
                        "hasCredential": typed(
                            "EducationalOccupationalCredential",
                            ["credentialCategory"],
                            {"credentialCategory": TEXT},
                        ),
                    },
                ),
            },
            "author": {
                "type": "array",
                "minItems": 1,
                "items": typed(
                    "Person",
                    ["name"],
                    {
                        "name": TEXT,
                        "hasCredential": typed(
                            "EducationalOccupationalCredential",
                            ["credentialCategory"],
                            {"credentialCategory": TEXT},
                        ),
                    },
                ),
            },
            "citation": {
                "type": "array",
                "minItems": 1,
                "items": typed("CreativeWork", ["name"], {"name": TEXT, "url": URL}),
            },
            "publisher": typed("Organization", ["name"], {"name": TEXT, "url": URL}),
        },
    ),
    "dependentRequired": {"reviewedBy": ["lastReviewed"], "lastReviewed": ["reviewedBy"]},
}


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    jsonschema.validate(data, MEDICAL_WEB_PAGE_SCHEMA)
    return data


def test_an_approved_page_describes_itself_as_a_reviewed_medical_web_page(
    client, neutrophil_article
):
    html = client.get(page_url(neutrophil_article)).content.decode()
    data = json_ld(html)
    url = settings.SITE_URL.rstrip("/") + page_url(neutrophil_article)
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == url
    assert data["name"] == data["headline"] == "Is a low neutrophil count dangerous?"
    assert data["about"] == {"@type": "MedicalCondition", "name": "Neutropenia"}
    assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert data["lastReviewed"] == timezone.localdate().isoformat()
    assert data["reviewedBy"] == [
        {
            "@type": "Person",
            "name": "Bob Reviewer",
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "MD, Hematology",
            },
        }
    ]
    [citation] = data["citation"]
    assert citation["@type"] == "CreativeWork"
    assert citation["name"].startswith("Gibson C, Berliner N. How we evaluate neutropenia.")
    assert data["publisher"]["name"] == "Reviewed Medical Answers"
    approved_at = neutrophil_article.review_item.live_revision.approved_at
    assert data["dateModified"] == approved_at.isoformat()
    assert data["description"] == "Mostly not when it is mild."


def test_a_page_waiting_for_review_names_no_reviewer(client, fever_article):
    data = json_ld(client.get(page_url(fever_article)).content.decode())
    assert "reviewedBy" not in data
    assert "lastReviewed" not in data
    assert "citation" not in data  # it cites nothing
    submitted_at = fever_article.review_item.latest_revision.submitted_at
    assert data["dateModified"] == submitted_at.isoformat()


@pytest.mark.parametrize(
    ("audience", "audience_type"),
    [
        ("professional", "Clinician"),
        # No caregiver wording: the general one is shown, written for patients.
        ("caregiver", "Patient"),
    ],
)
def test_the_medical_audience_is_the_shown_wordings(
    client, neutrophil_article, audience, audience_type
):
    html = client.get(page_url(neutrophil_article), {"audience": audience}).content.decode()
    assert json_ld(html)["medicalAudience"]["audienceType"] == audience_type


def test_a_hostile_title_cannot_close_the_json_ld_script(client, alice_editor, bob_reviewer):
    title = 'Is </script><script>alert("x")</script> & <!-- safe?'
    article = ArticleFactory(by=alice_editor, title=title, slug="hostile-title")
    approve(article, alice_editor, bob_reviewer)
    html = client.get(page_url(article)).content.decode()
    assert "<script>alert" not in html
    head = html[: html.index("</head>")]
    assert head.count("</script>") == 1
    assert json_ld(html)["name"] == title


def test_open_graph_tags_and_the_canonical_address(client, neutrophil_article):
    html = client.get(page_url(neutrophil_article), {"audience": "professional"}).content.decode()
    head = html[: html.index("</head>")]
    url = settings.SITE_URL.rstrip("/") + page_url(neutrophil_article)
    meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', head))
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Is a low neutrophil count dangerous?"
    assert meta["og:url"] == url
    assert meta["og:site_name"] == "Reviewed Medical Answers"
    # The shown wording's short answer, as text.
    assert meta["og:description"] == "ANC 1.0–1.5 ×10⁹/L carries little added risk."
    assert f'<link rel="canonical" href="{url}">' in head


def test_the_head_costs_no_query(client, neutrophil_article, django_assert_num_queries):
    # The same five queries as the page without its head: the reader stamp (the
    # cache is empty), the policy in force, the article with its revisions, the
    # sign-offs, the change history. JSON-LD and Open Graph are built from what the
    # page already holds.
    with django_assert_num_queries(5):
        html = client.get(page_url(neutrophil_article)).content.decode()
    assert 'type="application/ld+json"' in html


def test_a_word_found_in_more_articles_than_are_ranked_asks_for_a_narrower_search(
    client, alice_editor, monkeypatch
):
    from articles import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    for number in range(5):
        review.submit(
            ArticleFactory(by=alice_editor, body_markdown=f"Neutrophil fact {number}."),
            by=alice_editor,
        )
    html = search(client, "neutrophil").content.decode()
    assert len(result_titles(html)) == 3
    assert "Add a word to narrow your search" in html
