"""HEAD on every public page answers as GET does, without a body (RFC 9110 §9.3.2).

Link checkers, monitors and caches send HEAD; a 405 there made the site look down.
"""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from reviews import services as review
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(alice_editor, bob_reviewer):
    article = ArticleFactory(by=alice_editor, topic="Blood counts")
    revision = review.submit(article, by=alice_editor)
    review.claim(revision.item, by=bob_reviewer)
    review.approve(revision, by=bob_reviewer)
    return article


def public_pages(article) -> list[str]:
    return [
        "/",
        f"/articles/{article.slug}/",
        f"/articles/{article.slug}/questions/",
        f"/articles/{article.slug}/report/",
        "/articles/",
        "/board/",
        "/board/bob-reviewer/",
        "/about/",
        "/results/report/",
        f"/topics/{slugify(article.topic)}/",
        "/search/?q=count",
        "/search/",
        "/editorial-policy/",
        "/interpret/",
        "/api/v1/openapi.json",
        "/api/v1/interpret",
        "/feeds/articles.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/articles/no-such-article/",
    ]


def test_head_answers_like_get_without_a_body(client, article):
    mismatches = []
    for url in public_pages(article):
        got = client.get(url)
        head = client.head(url)
        if head.status_code != got.status_code or head.content != b"":
            mismatches.append(f"{url}: GET {got.status_code}, HEAD {head.status_code}")
        elif head.get("Content-Type") != got.get("Content-Type"):
            mismatches.append(f"{url}: HEAD has another Content-Type")
    assert mismatches == []
