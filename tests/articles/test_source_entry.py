"""Sources entered by hand or imported: identifiers normalised from pasted links,
a title alone refused, and references formatted in AMA style without authors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.citations import format_ama_text
from articles.models import Source

pytestmark = pytest.mark.django_db

TITLE_ONLY = "@misc{ctcae, title = {Common Terminology Criteria for Adverse Events}}\n"
SAID = (
    "A title alone does not let readers find the work: add its authors, journal or "
    "publisher, year, DOI, PMID or URL."
)


def test_a_title_only_bibtex_entry_is_refused_and_nothing_is_saved(alice_editor):
    with pytest.raises(ValidationError) as refused:
        services.import_sources(text=TITLE_ONLY, by=alice_editor)
    assert refused.value.messages == [f'Entry 1 ("ctcae"): {SAID}']
    assert not Source.objects.exists()


def test_the_source_form_refuses_a_title_alone_and_keeps_it(client, alice_editor):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/articles/source/add/",
        {"key": "ctcae", "kind": "guideline", "title": "Criteria", "change_reason": "New"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert SAID in html and 'value="Criteria"' in html
    assert not Source.objects.exists()


def test_the_source_form_normalises_pasted_links(client, alice_editor):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/articles/source/add/",
        {
            "key": "gibson2014",
            "kind": "review",
            "title": "How we evaluate and treat neutropenia in adults",
            "journal": "Blood",
            "year": "2014",
            "doi": "https://doi.org/10.1182/blood-2014-02-482612",
            "pmid": "https://pubmed.ncbi.nlm.nih.gov/24869938/",
            "change_reason": "New",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.doi, source.pmid) == ("10.1182/blood-2014-02-482612", "24869938")


def test_the_source_form_names_a_doi_that_is_not_one(client, alice_editor):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/articles/source/add/",
        {
            "key": "x",
            "kind": "review",
            "title": "T",
            "journal": "Blood",
            "doi": "https://doi.org/https://doi.org/10.1182/x",
            "change_reason": "New",
        },
    )
    assert response.status_code == 200
    assert "is not a DOI" in response.content.decode()
    assert not Source.objects.exists()


def test_a_reference_without_authors_starts_with_its_title():
    reference = format_ama_text(
        {
            "title": "Common Terminology Criteria for Adverse Events (CTCAE) v5.0",
            "journal": "National Cancer Institute",
            "year": 2017,
            "kind": "guideline",
        }
    )
    assert reference == (
        "Common Terminology Criteria for Adverse Events (CTCAE) v5.0. "
        "National Cancer Institute; 2017."
    )
