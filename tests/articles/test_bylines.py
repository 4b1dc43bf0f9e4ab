"""Bylines: the people who wrote an article, named with their credentials on the page
and in its JSON-LD, as the revision readers are shown names them."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import services as article_services
from articles.models import AuthorProfile
from articles.snapshots import authors_of
from reviews import services as review
from tests.factories import ArticleFactory, make_editor

pytestmark = pytest.mark.django_db


def page_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def alice_author(alice_editor):
    article_services.save_author_profile(
        user=alice_editor,
        display_name="Alice Editor",
        credentials="RN, MSc Nursing",
        by=alice_editor,
        reason="Named as an author",
    )
    return alice_editor


def publish(article, editor, reviewer):
    revision = review.submit(article, by=editor)
    review.start_review(revision, by=reviewer)
    review.approve(revision, by=reviewer)
    return revision


def test_the_page_names_its_authors_with_credentials(client, alice_author, bob_reviewer):
    erin = make_editor("erin_editor", first_name="Erin", last_name="Writer")
    article_services.save_author_profile(
        user=erin, display_name="Dr Erin Writer", credentials="MB BS", by=erin, reason="Joined"
    )
    article = ArticleFactory(by=alice_author, authors=[alice_author, erin])
    publish(article, alice_author, bob_reviewer)
    html = client.get(page_url(article)).content.decode()
    byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", byline)
    assert text == "Written by Alice Editor, RN, MSc Nursing and Dr Erin Writer, MB BS"
    assert "alice_editor" not in html and "erin_editor" not in html
    # The byline comes before the short answer.
    assert html.index('class="byline"') < html.index('id="short-answer-heading"')
    assert json_ld(html)["author"] == [
        {
            "@type": "Person",
            "name": "Alice Editor",
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "RN, MSc Nursing",
            },
        },
        {
            "@type": "Person",
            "name": "Dr Erin Writer",
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "MB BS",
            },
        },
    ]


def test_the_byline_comes_from_the_revision_readers_are_shown(
    client, alice_author, bob_reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory(by=alice_author)
    publish(article, alice_author, bob_reviewer)
    article_services.save_author_profile(
        user=alice_author,
        display_name="Alice Q. Editor",
        credentials="RN, PhD",
        by=alice_author,
        reason="New degree",
    )
    html = client.get(page_url(article)).content.decode()
    assert "Alice Editor, RN, MSc Nursing" in html and "Alice Q. Editor" not in html
    article_services.edit_article(article, by=alice_author, reason="Clearer", short_answer="New.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(article, alice_author, bob_reviewer)
    html = client.get(page_url(article)).content.decode()
    assert "Alice Q. Editor, RN, PhD" in html


def test_an_earlier_snapshot_naming_authors_by_string_still_reads():
    assert authors_of({"authors": ["Elena Marsh"]}) == [{"name": "Elena Marsh", "credentials": ""}]
    assert authors_of({}) == []


def test_an_author_profile_needs_a_name_credentials_and_a_reason(alice_editor):
    with pytest.raises(ValidationError) as refused:
        article_services.save_author_profile(
            user=alice_editor, display_name=" ", credentials="", by=alice_editor, reason="x"
        )
    assert set(refused.value.message_dict) == {"display_name", "credentials"}
    with pytest.raises(ValidationError) as refused:
        article_services.save_author_profile(
            user=alice_editor, display_name="A", credentials="RN", by=alice_editor, reason=""
        )
    assert "reason" in refused.value.message_dict
    assert not AuthorProfile.objects.filter(user=alice_editor).exists()


def test_the_author_picker_names_authors_and_leaves_out_the_board(
    client, alice_author, bob_reviewer
):
    article_services.save_author_profile(
        user=bob_reviewer,
        display_name="Bob Reviewer",
        credentials="MD",
        by=bob_reviewer,
        reason="Also writes",
    )
    client.force_login(alice_author)
    page = client.get("/admin/articles/article/add/").content.decode()
    picker = re.search(r'<select name="authors".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option [^>]*>([^<]+)</option>", picker) == [
        "Alice Editor, RN, MSc Nursing"
    ]
    assert "Bob Reviewer" not in picker and "alice_editor" not in picker


def test_an_author_already_named_stays_offered(client, alice_author, bob_reviewer):
    article = ArticleFactory(by=alice_author, authors=[alice_author, bob_reviewer])
    client.force_login(alice_author)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    picker = re.search(r'<select name="authors".*?</select>', page, re.S).group(0)
    assert "Bob Reviewer (no author profile" in picker
