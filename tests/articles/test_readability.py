"""The reading-level hint editors see for the patient wording."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import services
from articles.readability import plain_text, readability_hint, reading_grade
from tests.factories import ArticleFactory, SourceFactory

EASY = """\
## What it means

A low count is common. It is often not serious. Your doctor will check it again
in a few weeks [@gibson-2014].

- Wash your hands.
- Call us if you get a fever.
"""

DENSE = """\
Febrile neutropenia necessitates immediate empirical administration of
**broad-spectrum antipseudomonal** beta-lactam antibiotics, irrespective of
hemodynamic stability, given the substantial attributable mortality associated
with delayed initiation in immunocompromised oncology populations [@idsa-2011].
"""


def grade_in(hint: str) -> int:
    return int(re.search(r"about grade (\d+)", hint).group(1))


def test_easy_text_scores_lower_than_dense_clinical_text():
    assert reading_grade(EASY) < 6
    assert reading_grade(DENSE) > 16
    assert grade_in(readability_hint(EASY)) <= 8


def test_the_hint_says_the_grade_and_what_helps():
    wordy = (
        "Your white blood cells help your body fight germs, and when the number of these "
        "cells is lower than usual, your doctor may want to repeat the blood test and look "
        "for medicines or infections that could explain the change."
    )
    hint = readability_hint(wordy)
    assert re.fullmatch(
        r"Patient wording reads at about grade \d+\. Aim for grade 8 or below: "
        r"shorter sentences and everyday words help\.",
        hint,
    ), hint
    assert grade_in(hint) > 8
    assert readability_hint(EASY).endswith("within the grade 8 we aim for.")
    assert readability_hint(DENSE) == (
        "Patient wording reads beyond grade 16, at university level. Aim for grade 8 or "
        "below: shorter sentences and everyday words help."
    )


@pytest.mark.parametrize("text", ["", "   \n", "## \n\n[@gibson-2014]", "* * *", "12 / 34"])
def test_text_without_words_has_nothing_to_measure(text):
    assert reading_grade(text) is None
    assert readability_hint(text) == "Patient wording: nothing to measure yet."


def test_markup_and_citations_are_not_read():
    assert plain_text(EASY) == (
        "What it means. A low count is common. It is often not serious. Your doctor will "
        "check it again in a few weeks. Wash your hands. Call us if you get a fever."
    )
    assert plain_text("See [the guide](https://example.org/x) and `code`.") == "See the guide and."


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gets_a_hint_and_no_exception(text):
    assert readability_hint(text).startswith("Patient wording")


# On the article's admin page.


@pytest.mark.django_db
def test_the_change_page_shows_the_patient_wordings_grade(client, alice_editor):
    SourceFactory(key="gibson-2014", by=alice_editor)
    SourceFactory(key="idsa-2011", by=alice_editor)
    article = ArticleFactory(
        by=alice_editor,
        variants={"patient": {"short_answer": "Usually not serious.", "body_markdown": DENSE}},
    )
    client.force_login(alice_editor)
    url = f"/admin/articles/article/{article.pk}/change/"

    page = html.unescape(client.get(url).content.decode())
    assert "Reading level" in page
    assert "Patient wording reads beyond grade 16" in page

    services.edit_article(
        article,
        by=alice_editor,
        reason="Simpler words for patients",
        variants={"patient": {"short_answer": "Usually not serious.", "body_markdown": EASY}},
    )
    page = html.unescape(client.get(url).content.decode())
    assert re.search(r"Patient wording reads at about grade \d, within the grade 8", page)


@pytest.mark.django_db
def test_the_grade_follows_a_save_on_the_admin_page(client, alice_editor):
    article = ArticleFactory(by=alice_editor)
    client.force_login(alice_editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    page = html.unescape(client.get(url).content.decode())
    assert "No patient wording yet, so patients see the default wording." in page

    data = {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id or "",
        "short_answer": article.short_answer,
        "body_markdown": article.body_markdown,
        "authors": [alice_editor.pk],
        "patient_short_answer": "Usually not serious.",
        "patient_body_markdown": DENSE.replace(" [@idsa-2011]", ""),
        "change_reason": "Patient wording",
        "_continue": "Save and continue editing",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = html.unescape(client.get(url).content.decode())
    assert "Patient wording reads beyond grade 16" in page


@pytest.mark.django_db
def test_the_add_page_has_nothing_to_measure(client, alice_editor):
    client.force_login(alice_editor)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert "Patient wording: nothing to measure yet." in page
