"""The public article page: its anatomy, what readers may see, and its query count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import FollowUpQuestion
from reviews import services as review
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def page_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


@pytest.fixture
def cited_article(alice_editor):
    SourceFactory(key="gibson-2014", title="How we evaluate neutropenia", by=alice_editor)
    SourceFactory(key="idsa-2011", title="Fever and neutropenia guideline", by=alice_editor)
    return ArticleFactory(
        by=alice_editor,
        title="Is a low neutrophil count dangerous?",
        slug="is-a-low-neutrophil-count-dangerous",
        short_answer="Mostly not when it is mild [@gibson-2014].",
        body_markdown=(
            "## Risk\n\nRisk rises below 0.5 [@idsa-2011; @gibson-2014].\n\n"
            "Fever needs care now [@idsa-2011]."
        ),
        variants={
            "patient": {
                "short_answer": "A slightly low count is usually not dangerous [@idsa-2011].",
                "body_markdown": "Call your doctor if you have a fever [@idsa-2011].",
            },
            "professional": {
                "short_answer": "ANC 1.0–1.5 ×10⁹/L carries little added risk [@gibson-2014].",
                "body_markdown": (
                    "Grade per CTCAE v5.0 [@gibson-2014]; IDSA fever rule [@idsa-2011]."
                ),
            },
        },
    )


def approve(article, editor, reviewer):
    revision = review.submit(article, by=editor)
    review.start_review(revision, by=reviewer)
    review.approve(revision, by=reviewer, comment="Checked")
    return revision


def test_a_draft_is_never_public(client, draft_article):
    assert client.get(page_url(draft_article)).status_code == 404
    assert draft_article.title not in client.get(reverse("home")).content.decode()


def test_an_unknown_slug_is_404(client):
    assert client.get("/articles/no-such-question/").status_code == 404


def test_submitted_content_is_public_with_the_caution_banner(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    response = client.get(page_url(cited_article))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="article-title">Is a low neutrophil count dangerous?</h1>' in html
    assert "Educational purpose only" in html
    assert "pending review" in html
    assert "Reviewed by" not in html
    stepper = re.search(r'<section id="review-status".*?</section>', html, re.S).group(0)
    steps = re.findall(r"<li class=\"step[^\"]*\"([^>]*)>.*?step-label\">([^<]+)<", stepper, re.S)
    assert [label for _, label in steps] == ["Submitted", "Under Review", "Approved"]
    assert [('aria-current="step"' in attrs) for attrs, _ in steps] == [True, False, False]


def test_the_stepper_follows_the_review(
    client, cited_article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    revision = review.submit(cited_article, by=alice_editor)
    review.start_review(revision, by=bob_reviewer)
    html = client.get(page_url(cited_article)).content.decode()
    assert re.search(
        r'aria-current="step">\s*<span class="step-marker"[^>]*>2</span>\s*'
        r'<span class="step-label">Under Review',
        html,
    )
    # The cached page changes when the approval commits (the reader stamp moves).
    with django_capture_on_commit_callbacks(execute=True):
        review.approve(revision, by=bob_reviewer)
    html = client.get(page_url(cited_article)).content.decode()
    assert re.search(r'aria-current="step">.*?Approved', html, re.S)
    assert "Educational purpose only" not in html


def test_an_approved_page_shows_the_sign_off(client, cited_article, alice_editor, bob_reviewer):
    approve(cited_article, alice_editor, bob_reviewer)
    html = client.get(page_url(cited_article)).content.decode()
    assert "Reviewed by" in html
    assert "Reviewed by Bob Reviewer, MD, Hematology" in html
    assert "Reviewed by 1 board member" in html
    assert re.search(r'Last updated</dt>\s*<dd><time datetime="\d{4}-\d\d-\d\dT', html)
    assert re.search(r'on <time datetime="\d{4}-\d\d-\d\dT[^"]+">', html)
    assert 'href="/editorial-policy/"' in html


def test_readers_keep_the_live_revision_while_an_update_is_reviewed(
    client, cited_article, alice_editor, bob_reviewer
):
    approve(cited_article, alice_editor, bob_reviewer)
    article_services.edit_article(
        cited_article, by=alice_editor, reason="Rewrite", short_answer="NEW UNREVIEWED WORDING"
    )
    review.submit(cited_article, by=alice_editor)
    html = client.get(page_url(cited_article)).content.decode()
    assert "NEW UNREVIEWED WORDING" not in html
    assert "Mostly not when it is mild" in html
    assert "Educational purpose only" not in html
    assert "updated version of this article is with the medical board" in html


def test_citations_are_numbered_in_order_of_first_use(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    html = client.get(page_url(cited_article)).content.decode()
    # gibson-2014 is cited first (in the short answer), so it is number 1.
    assert '<sup><a href="#ref-1">1</a></sup>' in html
    assert '<sup><a href="#ref-1">1</a>, <a href="#ref-2">2</a></sup>' in html
    references = re.search(r'<ol id="references">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r'<li id="ref-(\d+)">', references) == ["1", "2"]
    assert references.index("How we evaluate neutropenia") < references.index("Fever and")


def test_the_audience_chooser_changes_the_wording_and_is_remembered(
    client, cited_article, alice_editor
):
    review.submit(cited_article, by=alice_editor)
    choose = reverse(
        "articles:audience", kwargs={"slug": cited_article.slug, "audience": "professional"}
    )
    assert f'href="{choose}"' in client.get(page_url(cited_article)).content.decode()
    chosen = client.get(choose)
    assert chosen.status_code == 302
    assert chosen.cookies["audience"].value == "professional"
    assert "no-store" in chosen["Cache-Control"]
    response = client.get(chosen["Location"])
    assert "Set-Cookie" not in response, "an article page is the same for everyone at its address"
    html = response.content.decode()
    assert "ANC 1.0–1.5 ×10⁹/L carries little added risk" in html
    assert "Note for healthcare professionals" in html
    assert f'href="{choose}" aria-current="true"' in html
    # In the professional wording, gibson-2014 comes first and idsa-2011 second.
    assert "Grade per CTCAE v5.0" in html

    # The remembered wording has its own address: the reader is sent there.
    again = client.get(page_url(cited_article))
    assert again.status_code == 302
    assert again["Location"] == page_url(cited_article) + "?audience=professional"
    assert "no-store" in again["Cache-Control"], "a redirect made from a cookie is private"
    html = client.get(again["Location"]).content.decode()
    assert "ANC 1.0–1.5 ×10⁹/L carries little added risk" in html, "the cookie is remembered"

    html = client.get(page_url(cited_article) + "?audience=patient").content.decode()
    assert "A slightly low count is usually not dangerous" in html
    # In the patient wording only idsa-2011 is cited: it becomes number 1.
    assert '<li id="ref-1">' in html and '<li id="ref-2">' not in html


def test_a_missing_wording_falls_back_and_says_so(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    html = client.get(page_url(cited_article) + "?audience=caregiver").content.decode()
    assert "Mostly not when it is mild" in html
    assert "not yet written a version of this answer for the caregiver audience" in html
    assert "the person you look after" in html  # the caregiver disclaimer


def test_an_unknown_audience_is_ignored(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    response = client.get(page_url(cited_article) + "?audience=<script>")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert "Mostly not when it is mild" in response.content.decode()


def test_the_follow_up_question_is_stored(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    url = reverse("articles:ask", kwargs={"slug": cited_article.slug})
    assert url in client.get(page_url(cited_article)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()
    response = client.post(url, {"question": "Can I still exercise?"})
    assert response.status_code == 200
    question = FollowUpQuestion.objects.get()
    assert question.question == "Can I still exercise?"
    assert question.article == cited_article
    html = response.content.decode()
    assert "sent to our editors" in html
    assert "Can I still exercise?" in html


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "Write your question before sending it."), ("   ", "Write your question")],
)
def test_an_empty_follow_up_question_gets_a_clear_error(
    client, cited_article, alice_editor, question, message
):
    review.submit(cited_article, by=alice_editor)
    url = reverse("articles:ask", kwargs={"slug": cited_article.slug})
    response = client.post(url, {"question": question})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert FollowUpQuestion.objects.count() == 0


def test_a_too_long_follow_up_question_keeps_the_text(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    url = reverse("articles:ask", kwargs={"slug": cited_article.slug})
    text = "Why " + "x" * 1200
    response = client.post(url, {"question": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Keep your question to 1000 characters" in html
    assert text in html, "the reader's text is kept"
    assert FollowUpQuestion.objects.count() == 0


def test_the_follow_up_form_needs_csrf(cited_article, alice_editor):
    from django.test import Client

    review.submit(cited_article, by=alice_editor)
    client = Client(enforce_csrf_checks=True)
    url = reverse("articles:ask", kwargs={"slug": cited_article.slug})
    assert client.post(url, {"question": "Hello?"}).status_code == 403
    form = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert client.post(url, {"question": "Hello?", "csrfmiddlewaretoken": token}).status_code == 200
    # The article page itself holds no token: it is the same for every reader.
    assert "csrfmiddlewaretoken" not in client.get(page_url(cited_article)).content.decode()


def test_a_draft_takes_no_questions(client, draft_article):
    url = reverse("articles:ask", kwargs={"slug": draft_article.slug})
    assert client.post(url, {"question": "Hello?"}).status_code == 404


def many_sources_article(editor, reviewer, *, citations: int, revisions: int):
    keys = [SourceFactory(by=editor).key for _ in range(citations)]
    body = " ".join(f"Fact {i} [@{key}]." for i, key in enumerate(keys))
    article = ArticleFactory(by=editor, body_markdown=body)
    for number in range(revisions):
        if number:
            article_services.edit_article(
                article, by=editor, reason="Update", short_answer=f"Version {number}"
            )
        approve(article, editor, reviewer)
    return article


@pytest.mark.parametrize(("citations", "revisions"), [(1, 1), (50, 1), (1, 50), (50, 50)])
def test_the_reader_page_query_count_is_constant(
    client, alice_editor, bob_reviewer, django_assert_num_queries, citations, revisions
):
    article = many_sources_article(
        alice_editor, bob_reviewer, citations=citations, revisions=revisions
    )
    # 1: the reader stamp (the cache key; the cache starts empty, so from the audit log);
    # 2: the editorial policy version in force;
    # 3: the article joined with its review item and its revisions (the snapshot
    #    carries the rendered text and formatted references);
    # 4: the sign-offs of the shown revision with their reviewers (and board pages);
    # 5: the change history, the article's approved revisions (the newest 20).
    with django_assert_num_queries(5):
        response = client.get(page_url(article))
    assert response.status_code == 200
    assert response.content.decode().count('<li id="ref-') == citations


def test_a_cached_page_costs_no_query(cited_article, alice_editor, django_assert_num_queries):
    from django.test import Client

    review.submit(cited_article, by=alice_editor)
    first = Client().get(page_url(cited_article)).content.decode()  # fills the cache
    # The whole page comes from the cache, found by the reader stamp (kept in the
    # cache too): no query at all.
    with django_assert_num_queries(0):
        again = Client().get(page_url(cited_article)).content.decode()
    assert again == first


def test_desk_work_readers_cannot_see_keeps_the_cached_page(
    client,
    cited_article,
    alice_editor,
    bob_reviewer,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """Ticking citations and giving up a claim change nothing on the page, so the
    cached page stays; the approval that follows is seen as soon as it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(cited_article, by=alice_editor)
        item = review.claim(revision.item, by=bob_reviewer)  # starts the review: readers see it
    html = client.get(page_url(cited_article)).content.decode()
    assert "Reviewed by" not in html

    with django_capture_on_commit_callbacks(execute=True):
        review.set_citation_checked(revision, source_key="idsa-2011", by=bob_reviewer)
        review.set_citation_checked(revision, source_key="gibson-2014", by=bob_reviewer)
        review.release(item, by=bob_reviewer)
    with django_assert_num_queries(0):  # still the cached page
        again = client.get(page_url(cited_article)).content.decode()
    assert again == html

    with django_capture_on_commit_callbacks(execute=True):
        review.approve(revision, by=bob_reviewer, comment="Checked")
    # A new stamp (kept in the cache): built again, with the policy, the article,
    # the sign-offs and the change history.
    with django_assert_num_queries(4):
        html = client.get(page_url(cited_article)).content.decode()
    assert "Reviewed by" in html


def test_an_approval_is_visible_at_once_despite_the_cache(
    client, cited_article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.submit(cited_article, by=alice_editor)
    assert "Educational purpose only" in client.get(page_url(cited_article)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        review.start_review(revision, by=bob_reviewer)
    assert 'aria-current="step">' in client.get(page_url(cited_article)).content.decode()
    html = client.get(page_url(cited_article)).content.decode()
    assert re.search(r'aria-current="step">\s*<span class="step-marker"[^>]*>2', html)
    with django_capture_on_commit_callbacks(execute=True):
        review.approve(revision, by=bob_reviewer)
    html = client.get(page_url(cited_article)).content.decode()
    assert "Educational purpose only" not in html
    assert "Reviewed by" in html


def test_reader_pages_carry_validators_and_surrogate_keys_and_answer_304(
    client, cited_article, alice_editor, bob_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(cited_article, alice_editor, bob_reviewer)
    url = page_url(cited_article)
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control and "max-age=0" in cache_control
    assert response["Surrogate-Key"].split() == [f"article-{cited_article.pk}", "policy"]
    assert response["Last-Modified"]
    etag = response["ETag"]

    current = client.get(url, headers={"If-None-Match": etag})
    assert current.status_code == 304
    assert current.content == b""
    assert current["ETag"] == etag
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""

    with django_capture_on_commit_callbacks(execute=True):
        article_services.edit_article(
            cited_article, by=alice_editor, reason="Clearer", short_answer="Rarely dangerous."
        )
        approve(cited_article, alice_editor, bob_reviewer)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200, "an approval changes the page, so the old copy is stale"
    assert changed["ETag"] != etag
    assert "Rarely dangerous." in changed.content.decode()


def test_the_follow_up_form_page_is_private(client, cited_article, alice_editor):
    review.submit(cited_article, by=alice_editor)
    response = client.get(reverse("articles:ask", kwargs={"slug": cited_article.slug}))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response
