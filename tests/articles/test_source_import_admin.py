"""Editors paste BibTeX or RIS in the admin; every entry becomes a source, or none does."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.models import Source
from articles.source_import import AUTHORS_LIMIT, FIELD_LIMITS, KEY_LIMIT
from tests.articles.test_source_import import GIBSON_BIBTEX, HARRISON_BIBTEX, KLASTERSKY_RIS
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

SOURCES = "/admin/articles/source/"
IMPORT = "/admin/articles/source/import/"


def test_the_parsers_limits_are_the_models():
    assert Source._meta.get_field("key").max_length == KEY_LIMIT
    assert Source._meta.get_field("authors").max_length == AUTHORS_LIMIT
    for name, limit in FIELD_LIMITS.items():
        assert Source._meta.get_field(name).max_length == limit, name


def test_the_service_creates_every_source_with_its_history(alice_editor):
    created = services.import_sources(text=GIBSON_BIBTEX + HARRISON_BIBTEX, by=alice_editor)

    assert [source.key for source in created] == ["gibson2014", "harrison2022"]
    gibson = Source.objects.get(key="gibson2014")
    assert (gibson.doi, gibson.pmid, gibson.kind) == (
        "10.1182/blood-2014-02-482612",
        "24869938",
        "review",
    )
    for source in created:
        (row,) = source.history.all()
        assert row.history_user == alice_editor
        assert row.history_change_reason == "Imported from BibTeX"


def test_the_service_names_ris_in_the_history(alice_editor):
    (source,) = services.import_sources(text=KLASTERSKY_RIS, format="ris", by=alice_editor)
    assert source.history.get().history_change_reason == "Imported from RIS"


def test_an_existing_key_refuses_the_whole_import(alice_editor):
    SourceFactory(key="harrison2022", title="Harrison's, entered by hand", by=alice_editor)

    with pytest.raises(ValidationError) as refused:
        services.import_sources(text=GIBSON_BIBTEX + HARRISON_BIBTEX, by=alice_editor)

    assert refused.value.messages == [
        'Entry 2 ("harrison2022"): a source with the key "harrison2022" exists already'
    ]
    assert not Source.objects.filter(key="gibson2014").exists(), "nothing is saved"


def test_what_only_the_model_checks_is_named_too(alice_editor):
    text = "@misc{web2020, title = {A page}, url = {https://not a host/}}"
    with pytest.raises(ValidationError) as refused:
        services.import_sources(text=text, by=alice_editor)
    assert refused.value.messages == ['Entry 1 ("web2020"): URL: Enter a valid URL.']


# The admin page.


def test_the_sources_list_links_the_import_page_for_those_who_may_add(
    client, alice_editor, bob_reviewer
):
    client.force_login(alice_editor)
    assert f'<a href="{IMPORT}">Import BibTeX or RIS</a>' in client.get(SOURCES).content.decode()

    client.force_login(bob_reviewer)
    assert "Import BibTeX or RIS" not in client.get(SOURCES).content.decode()


def test_the_import_page_has_a_labelled_textarea_and_format_choice(client, alice_editor):
    client.force_login(alice_editor)
    response = client.get(IMPORT)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label class="required" for="id_text">Entries:</label>' in page
    assert '<textarea name="text"' in page
    for value, label in [("auto", "Detect automatically"), ("bibtex", "BibTeX"), ("ris", "RIS")]:
        assert re.search(rf'value="{value}"[^>]*>\s*{label}', page), label
    assert "<script>" not in page


def test_an_editor_imports_pasted_entries(client, alice_editor):
    client.force_login(alice_editor)

    response = client.post(IMPORT, {"text": GIBSON_BIBTEX + HARRISON_BIBTEX, "format": "auto"})

    assert response.status_code == 302
    assert response["Location"] == SOURCES
    listing = html.unescape(client.get(SOURCES).content.decode())
    assert "Imported 2 sources: gibson2014, harrison2022." in listing
    assert set(Source.objects.values_list("key", flat=True)) == {"gibson2014", "harrison2022"}
    harrison = Source.objects.get(key="harrison2022")
    assert harrison.kind == "textbook"
    row = harrison.history.get()
    assert (row.history_user, row.history_change_reason) == (alice_editor, "Imported from BibTeX")


def test_an_editor_imports_ris_chosen_by_hand(client, alice_editor):
    client.force_login(alice_editor)
    response = client.post(IMPORT, {"text": KLASTERSKY_RIS, "format": "ris"})
    assert response.status_code == 302
    source = Source.objects.get(key="klastersky-2016")
    assert source.authors.startswith("Klastersky J, de Naurois J, Rolston K")
    assert source.history.get().history_change_reason == "Imported from RIS"


def test_errors_answer_400_naming_the_entry_and_keep_the_text(client, alice_editor):
    client.force_login(alice_editor)
    pasted = GIBSON_BIBTEX + "\n@article{smith2020, author = {Smith, Anna}, year = {20x0}}\n"

    response = client.post(IMPORT, {"text": pasted, "format": "bibtex"})

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Nothing was imported." in page
    assert 'Entry 2 ("smith2020"): the year "20x0" is not a number' in page
    assert 'Entry 2 ("smith2020"): no title' in page
    assert pasted.strip() in page, "the pasted text is kept to fix"
    assert Source.objects.count() == 0


def test_a_key_that_exists_is_named_in_the_page(client, alice_editor):
    SourceFactory(key="gibson2014", by=alice_editor)
    client.force_login(alice_editor)

    response = client.post(IMPORT, {"text": GIBSON_BIBTEX, "format": "auto"})

    assert response.status_code == 400
    assert 'a source with the key "gibson2014" exists already' in html.unescape(
        response.content.decode()
    )


@pytest.mark.parametrize(
    "data",
    [{}, {"text": "", "format": "auto"}, {"text": GIBSON_BIBTEX, "format": "endnote"}],
)
def test_a_broken_form_is_400_not_500(client, alice_editor, data):
    client.force_login(alice_editor)
    response = client.post(IMPORT, data)
    assert response.status_code == 400
    assert "Nothing was imported." in response.content.decode()
    assert Source.objects.count() == 0


def test_board_members_may_not_import(client, bob_reviewer):
    client.force_login(bob_reviewer)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": GIBSON_BIBTEX, "format": "auto"}).status_code == 403
    assert Source.objects.count() == 0


def test_anonymous_people_are_sent_to_the_admin_login(client):
    response = client.post(IMPORT, {"text": GIBSON_BIBTEX, "format": "auto"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Source.objects.count() == 0
