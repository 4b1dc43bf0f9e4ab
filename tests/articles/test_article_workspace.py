"""The article form as an editor's workspace: the review state and the board's
comments, "Save and submit for review" with a note, a preview of the typed text in
each wording (rendered as readers would see it), and the sources one can cite."""

from __future__ import annotations

import html

import pytest

from reviews import services as review
from reviews.models import Revision
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/articles/article/preview/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(article, **changes) -> dict:
    return {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id or "",
        "short_answer": article.short_answer,
        "body_markdown": article.body_markdown,
        "authors": list(article.authors.values_list("pk", flat=True)),
        "change_reason": "Clearer wording",
        **changes,
    }


@pytest.fixture
def cited(alice_editor):
    SourceFactory(key="gibson-2014", title="How we evaluate neutropenia", by=alice_editor)
    SourceFactory(key="idsa-2011", title="Fever and neutropenia guideline", by=alice_editor)
    return ArticleFactory(
        by=alice_editor,
        title="Is a low neutrophil count serious?",
        body_markdown="Counts below 1.5 are low [@gibson-2014].",
    )


def test_save_and_submit_sends_the_note_to_the_board(client, cited, alice_editor):
    client.force_login(alice_editor)
    response = client.post(
        change_url(cited),
        form_data(
            cited,
            body_markdown="Counts below 1.5 are low [@gibson-2014] [@idsa-2011].",
            note_to_board="Added the IDSA guideline for fever.",
            _submit="1",
        ),
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "Saved and submitted: revision 1 waits for the board." in page
    assert "Revision 1 waits for the board (0 of 1 approvals recorded)." in page
    revision = Revision.objects.get()
    assert revision.note == "Added the IDSA guideline for fever."
    assert "Open it on the review desk" in page


def test_the_form_shows_the_comments_of_a_request_for_changes(
    client, cited, alice_editor, bob_reviewer
):
    revision = review.submit(cited, by=alice_editor, note="First version")
    review.decide(
        revision.item, by=bob_reviewer, action="request_changes", comment="Say what 1.5 means."
    )
    client.force_login(alice_editor)
    page = html.unescape(client.get(change_url(cited)).content.decode())
    assert "Revision 1 was sent back: the board asks for changes" in page
    assert "Say what 1.5 means." in page and "Bob Reviewer, MD, Hematology" in page
    assert "with the note “First version”" in page


def test_an_edit_after_approval_is_marked_in_the_list_and_on_the_form(
    client, cited, alice_editor, bob_reviewer
):
    from articles import services

    revision = review.submit(cited, by=alice_editor)
    review.decide(revision.item, by=bob_reviewer, action="approve")
    client.force_login(alice_editor)
    listing = client.get("/admin/articles/article/").content.decode()
    assert ">approved<" in listing
    services.edit_article(cited, by=alice_editor, reason="Later", body_markdown="New text.")
    listing = client.get("/admin/articles/article/").content.decode()
    assert "approved; edited since, not submitted" in listing
    page = html.unescape(client.get(change_url(cited)).content.decode())
    assert "Revision 1 is approved and live. The text here was edited since" in page


def test_a_refused_submission_still_saves_and_says_why(client, cited, alice_editor):
    review.submit(cited, by=alice_editor)
    client.force_login(alice_editor)
    response = client.post(change_url(cited), form_data(cited, _submit="1"), follow=True)
    page = html.unescape(response.content.decode())
    assert "Saved, but not submitted: This content is already waiting for review" in page


def test_the_preview_renders_the_typed_text_in_each_wording(client, cited, alice_editor):
    client.force_login(alice_editor)
    data = form_data(
        cited,
        body_markdown="Counts below **1.5** are low [@idsa-2011].",
        patient_body_markdown="Your count is a little low [@gibson-2014].",
    )
    page = client.post(PREVIEW, data).content.decode()
    assert "Preview of unsaved text." in page
    assert "<strong>1.5</strong>" in page
    assert '<a href="#ref-1">1</a>' in page and "Fever and neutropenia guideline" in page
    page = client.post(PREVIEW, {**data, "_preview_audience": "patient"}).content.decode()
    assert "Your count is a little low" in page and "How we evaluate neutropenia" in page
    page = client.post(PREVIEW, {**data, "_preview_audience": "caregiver"}).content.decode()
    assert "these readers see the default wording" in page
    assert "<strong>1.5</strong>" in page
    cited.refresh_from_db()
    assert "**1.5**" not in cited.body_markdown, "a preview saves nothing"


def test_the_preview_sanitizes_and_names_unknown_keys(client, cited, alice_editor):
    client.force_login(alice_editor)
    data = form_data(cited, body_markdown="Hi <script>alert(1)</script> [@nobody-2020]")
    page = client.post(PREVIEW, data).content.decode()
    assert "<script>alert(1)" not in page
    assert "nobody-2020" in page and "cannot be shown yet" in page
    data = form_data(cited, body_markdown="Hi <script>alert(1)</script> there")
    page = client.post(PREVIEW, data).content.decode()
    assert "<script>alert(1)" not in page and "there" in page


def test_the_preview_needs_an_editor(client, cited, dave_reader, bob_reviewer):
    client.force_login(bob_reviewer)
    assert client.post(PREVIEW, form_data(cited)).status_code == 403


def test_the_citation_helper_lists_keys_and_where_each_is_cited(client, cited, alice_editor):
    ArticleFactory(by=alice_editor, title="Another question?", body_markdown="See [@idsa-2011].")
    client.force_login(alice_editor)
    page = html.unescape(client.get(change_url(cited)).content.decode())
    assert "Sources you can cite (2)" in page
    assert "[@gibson-2014]" in page and "Cited here in: Default wording." in page
    assert "Also cited by: Another question?." in page
    assert 'id="citation-search"' in page
    assert "Patient wording: nothing" in page or "reading level" in page.lower()
