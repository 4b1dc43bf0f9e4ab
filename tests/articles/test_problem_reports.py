"""Report a problem: a short form on every article and on the result page, rate
limited, into the editors' inbox beside follow-up questions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import ProblemReport
from reviews import services as review
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(alice_editor):
    article = ArticleFactory(by=alice_editor, title="Is a low count bad?")
    review.submit(article, by=alice_editor)
    return article


def report_url(article) -> str:
    return reverse("articles:report", kwargs={"slug": article.slug})


def test_the_article_page_links_its_report_form(client, article):
    html = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    assert f'href="{report_url(article)}"' in html


def test_a_report_of_an_article_reaches_the_inbox(client, article):
    form = client.get(report_url(article))
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    action = re.search(r'<form method="post" action="([^"]+)"', form.content.decode()).group(1)
    assert action == report_url(article) + "#report-sent-heading"
    response = client.post(
        report_url(article),
        {"what_is_wrong": "The range is out of date.", "source": "https://example.org/g"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-sent-heading"' in html
    assert "The range is out of date." in html
    report = ProblemReport.objects.get()
    assert (report.page, report.article, report.status) == ("article", article, "new")
    assert report.source == "https://example.org/g"
    assert report.history.first().history_change_reason == "Reported by a reader"


def test_a_report_of_the_result_page_names_no_article(client):
    url = reverse("report-result")
    assert client.get(url).status_code == 200
    response = client.post(url, {"what_is_wrong": "The picture is hard to read."})
    assert response.status_code == 200
    report = ProblemReport.objects.get()
    assert (report.page, report.article, report.source) == ("result", None, "")


def test_an_empty_report_gets_a_clear_error_and_keeps_the_source(client, article):
    response = client.post(report_url(article), {"what_is_wrong": "  ", "source": "NICE CG151"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what is wrong before sending the report." in html
    assert 'value="NICE CG151"' in html
    assert 'aria-invalid="true"' in html
    assert ProblemReport.objects.count() == 0


def test_a_too_long_report_keeps_the_text(client, article):
    text = "Wrong " * 400
    response = client.post(report_url(article), {"what_is_wrong": text})
    assert response.status_code == 400
    assert "Keep the report to 2000 characters" in response.content.decode()
    assert text.strip() in response.content.decode()


def test_a_draft_takes_no_reports(client, draft_article):
    url = reverse("articles:report", kwargs={"slug": draft_article.slug})
    assert client.post(url, {"what_is_wrong": "Hello"}).status_code == 404


def test_reports_are_rate_limited(client, settings, article):
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "problem_report": "2/m"}
    assert client.post(report_url(article), {"what_is_wrong": "One"}).status_code == 200
    assert client.post(reverse("report-result"), {"what_is_wrong": "Two"}).status_code == 200
    limited = client.post(report_url(article), {"what_is_wrong": "Three"})
    assert limited.status_code == 429
    assert ProblemReport.objects.count() == 2


def test_editors_see_reports_with_status_and_article_and_mark_them(client, article, alice_editor):
    client.post(report_url(article), {"what_is_wrong": "A typo in the second paragraph."})
    client.force_login(alice_editor)
    inbox = client.get("/admin/articles/problemreport/").content.decode()
    assert "A typo in the second paragraph." in inbox
    assert "Is a low count bad?" in inbox and "New" in inbox
    report = ProblemReport.objects.get()
    response = client.post(
        "/admin/articles/problemreport/",
        {"action": "mark_corrected", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "corrected"
    assert report.history.first().history_user == alice_editor


def test_the_board_sees_reports_but_does_not_change_them(client, article, bob_reviewer):
    client.post(report_url(article), {"what_is_wrong": "Unclear."})
    client.force_login(bob_reviewer)
    assert client.get("/admin/articles/problemreport/").status_code == 200
    report = ProblemReport.objects.get()
    response = client.post(
        "/admin/articles/problemreport/",
        {"action": "mark_spam", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == "new"
    assert response.status_code in (200, 302, 403)


def test_the_report_form_needs_csrf(article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(report_url(article), {"what_is_wrong": "Hello"}).status_code == 403
    form = client.get(report_url(article)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    sent = client.post(report_url(article), {"what_is_wrong": "Hi", "csrfmiddlewaretoken": token})
    assert sent.status_code == 200
    assert ProblemReport.objects.count() == 1
