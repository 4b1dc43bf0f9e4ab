"""DOIs and PMIDs: one normalisation and check for the form, the services and the importer."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.identifiers import IdentifierError, normalize_doi, normalize_pmid
from articles.models import Source
from tests.factories import SourceFactory

BARE = "10.1182/blood-2014-02-482612"


@pytest.mark.parametrize(
    "pasted",
    [
        BARE,
        f"https://doi.org/{BARE}",
        f"http://dx.doi.org/{BARE}",
        f"https://www.doi.org/{BARE}/",
        f"doi:{BARE}",
        f"DOI: {BARE}",
        f"  doi {BARE}  ",
    ],
)
def test_a_doi_however_pasted_is_stored_bare(pasted):
    assert normalize_doi(pasted) == BARE


@pytest.mark.parametrize(
    "nonsense",
    ["not-a-doi", "10.1/x", "10.1182", "10.1182/", "https://example.org/10.1182/x", "10.1182/a b"],
)
def test_nonsense_is_refused_naming_the_doi(nonsense):
    with pytest.raises(IdentifierError) as refused:
        normalize_doi(nonsense)
    assert str(refused.value).startswith(f'The DOI "{nonsense.strip()}" is not a DOI')
    assert refused.value.field == "doi"


@pytest.mark.parametrize(
    "pasted",
    [
        "24869938",
        "PMID: 24869938",
        "pmid24869938",
        "https://pubmed.ncbi.nlm.nih.gov/24869938/",
        24869938,
    ],
)
def test_a_pmid_however_pasted_is_stored_as_its_digits(pasted):
    assert normalize_pmid(pasted) == "24869938"


@pytest.mark.parametrize("nonsense", ["PMC123", "12 34", "0123", "1234567890", "abc"])
def test_a_pmid_that_is_not_one_is_refused_naming_the_pmid(nonsense):
    with pytest.raises(IdentifierError, match='^The PMID ".*" is not a PubMed ID'):
        normalize_pmid(nonsense)


def test_empty_identifiers_stay_empty():
    assert normalize_doi("  ") == normalize_pmid(None) == ""


@pytest.mark.django_db
def test_the_services_store_the_bare_doi_and_refuse_nonsense(alice_editor):
    source = SourceFactory(by=alice_editor, doi=f"https://doi.org/{BARE}", pmid="PMID: 24869938")
    assert (source.doi, source.pmid) == (BARE, "24869938")
    with pytest.raises(ValidationError) as refused:
        services.edit_source(source, by=alice_editor, reason="Typo", doi="not-a-doi", pmid="x")
    assert set(refused.value.message_dict) == {"doi", "pmid"}
    assert Source.objects.get(pk=source.pk).doi == BARE


@pytest.mark.django_db
def test_the_source_form_stores_a_doi_link_bare_and_names_a_bad_one(client, alice_editor):
    """Regression: the form accepted DOIs that the importer refused."""
    client.force_login(alice_editor)
    form = {
        "key": "gibson-2014",
        "kind": "review",
        "title": "Neutropenia in clinical practice",
        "doi": f"https://doi.org/{BARE}",
        "pmid": "",
        "change_reason": "New source",
    }
    response = client.post("/admin/articles/source/add/", form)
    assert response.status_code == 302
    assert Source.objects.get(key="gibson-2014").doi == BARE

    response = client.post(
        "/admin/articles/source/add/", {**form, "key": "other", "doi": "doi:banana"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The DOI &quot;doi:banana&quot; is not a DOI" in html
    assert not Source.objects.filter(key="other").exists()


def test_the_importer_uses_the_same_rule():
    from articles.source_import import SourceImportError, parse_sources

    entry = "@article{k, title={T}, doi={https://doi.org/%s}, year={2020}}"
    parsed = parse_sources(entry % BARE, "bibtex")
    assert parsed.entries[0].fields["doi"] == BARE
    with pytest.raises(SourceImportError) as refused:
        parse_sources(entry % "10.1", "bibtex")
    assert 'the DOI "https://doi.org/10.1" is not a DOI' in refused.value.errors[0]
