"""Pasted BibTeX and RIS become source fields; anything else gets sentences naming the entry."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.source_import import FIELD_LIMITS, SourceImportError, parse_sources

GIBSON_BIBTEX = r"""
@article{Gibson2014,
  author  = {Gibson, Carolyn and Berliner, Nancy},
  title   = {How we evaluate and treat neutropenia in adults},
  journal = {Blood},
  year    = {2014},
  volume  = {124},
  number  = {8},
  pages   = {1251--1258},
  doi     = {10.1182/blood-2014-02-482612},
  pmid    = {24869938},
}
"""

HARRISON_BIBTEX = r"""
@book{harrison2022,
  author    = {Loscalzo, Joseph and Fauci, Anthony S. and Kasper, Dennis L.
               and Hauser, Stephen and Longo, Dan and Jameson, J. Larry},
  title     = {Harrison's Principles of Internal Medicine},
  edition   = {21},
  publisher = {McGraw Hill},
  year      = 2022,
}
"""

KLASTERSKY_RIS = """\
TY  - JOUR
ID  - klastersky-2016
AU  - Klastersky, Jean
AU  - de Naurois, J.
AU  - Rolston, K.
AU  - Rapoport, B.
AU  - Maschmeyer, G.
AU  - Aapro, M.
AU  - Herrstedt, J.
TI  - Management of febrile neutropaenia: ESMO Clinical Practice Guidelines
JO  - Ann Oncol
PY  - 2016/09/01/
VL  - 27
IS  - suppl 5
SP  - v111
EP  - v118
DO  - https://doi.org/10.1093/annonc/mdw325
AN  - 27664247
UR  - https://academic.oup.com/annonc/article/27/suppl_5/v111/2741404
ER  -
"""


def only(text: str, format: str = "auto") -> dict:
    parsed = parse_sources(text, format)
    assert len(parsed.entries) == 1
    return parsed.entries[0].fields


def errors_for(text: str, format: str = "auto") -> list[str]:
    with pytest.raises(SourceImportError) as refused:
        parse_sources(text, format)
    return refused.value.errors


# What good entries become.


def test_a_journal_article_in_bibtex_with_doi_and_pmid():
    parsed = parse_sources(GIBSON_BIBTEX)
    assert parsed.format == "BibTeX"
    assert parsed.entries[0].label == 'Entry 1 ("Gibson2014")'
    assert parsed.entries[0].fields == {
        "key": "gibson2014",
        "kind": "review",
        "authors": "Gibson C, Berliner N",
        "title": "How we evaluate and treat neutropenia in adults",
        "journal": "Blood",
        "year": 2014,
        "volume": "124",
        "issue": "8",
        "pages": "1251-1258",
        "doi": "10.1182/blood-2014-02-482612",
        "pmid": "24869938",
        "url": "",
    }


def test_a_book_in_bibtex_is_a_textbook_with_its_publisher():
    fields = only(HARRISON_BIBTEX)
    assert fields["kind"] == "textbook"
    assert fields["key"] == "harrison2022"
    assert fields["journal"] == "McGraw Hill"
    assert fields["year"] == 2022, "an unbraced number is read too"
    assert fields["authors"] == ("Loscalzo J, Fauci AS, Kasper DL, Hauser S, Longo D, Jameson JL")


def test_a_ris_record_with_several_author_lines():
    parsed = parse_sources(KLASTERSKY_RIS)
    assert parsed.format == "RIS"
    fields = parsed.entries[0].fields
    assert fields == {
        "key": "klastersky-2016",
        "kind": "guideline",
        "authors": (
            "Klastersky J, de Naurois J, Rolston K, Rapoport B, Maschmeyer G, Aapro M, Herrstedt J"
        ),
        "title": "Management of febrile neutropaenia: ESMO Clinical Practice Guidelines",
        "journal": "Ann Oncol",
        "year": 2016,
        "volume": "27",
        "issue": "suppl 5",
        "pages": "v111-v118",
        "doi": "10.1093/annonc/mdw325",
        "pmid": "27664247",
        "url": "https://academic.oup.com/annonc/article/27/suppl_5/v111/2741404",
    }


def test_ris_records_without_an_id_get_the_first_authors_surname_and_year():
    text = """\
TY  - BOOK
AU  - Hoffman, Ronald
AU  - Benz, Edward J. Jr.
TI  - Hematology: Basic Principles and Practice
PB  - Elsevier
PY  - 2022
ER  -

TY  - CHAP
AU  - Hoffman, R
TI  - Neutropenia
T2  - Hematology: Basic Principles and Practice
PB  - Elsevier
PY  - 2022
SP  - 650
"""
    first, second = parse_sources(text).entries
    assert first.label == "Entry 1"
    assert (first.fields["key"], second.fields["key"]) == ("hoffman-2022", "hoffman-2022-2")
    assert first.fields["authors"] == "Hoffman R, Benz EJ Jr"
    assert first.fields["kind"] == second.fields["kind"] == "textbook"
    assert second.fields["journal"] == "Elsevier", "a chapter's publisher, not the book title"
    assert second.fields["pages"] == "650"


def test_names_in_every_common_bibtex_form():
    fields = only(
        r"""@article{names2020, title = {Names}, year = {2020},
        author = {M{\"u}ller, J{\"o}rg and Jean-Pierre Dupont and van der Berg, Jan
                  and Smith, Jr., John and Gibson CA and {World Health Organization}}}"""
    )
    assert fields["authors"] == (
        "Müller J, Dupont JP, van der Berg J, Smith J Jr, Gibson CA, World Health Organization"
    )


def test_an_entry_without_a_citekey_a_group_author_and_a_guideline_title():
    fields = only(
        """@misc{,
          author = {{National Institute for Health and Care Excellence}},
          title  = {Neutropenic sepsis: prevention and management in people with cancer},
          note   = {Clinical guideline CG151},
          year   = {2012},
          url    = {https://www.nice.org.uk/guidance/cg151},
        }"""
    )
    assert fields["key"] == "national-institute-for-health-and-care-excellence-2012"
    assert fields["kind"] == "other"
    assert fields["authors"] == "National Institute for Health and Care Excellence"


def test_the_kind_is_guessed_from_the_type_and_the_title():
    def kind(entry_type: str, title: str) -> str:
        return only(f"@{entry_type}{{k, title = {{{title}}}}}")["kind"]

    assert kind("article", "Neutropenia in adults") == "review"
    assert kind("article", "A randomized trial of G-CSF") == "trial"
    assert kind("article", "Updated guidelines for febrile neutropenia") == "guideline"
    assert kind("techreport", "Practice guideline on sepsis") == "guideline"
    assert kind("incollection", "Neutropenia") == "textbook"
    assert kind("online", "A web page") == "other"


def test_biblatex_fields_and_string_macros():
    fields = only(
        r"""@string{blood = {Blood Advances}}
        @article{merz2023, author = {Merz, Lauren E.}, title = {Absolute neutrophil count},
          journaltitle = blood, date = {2023-05-09}, eprinttype = {pubmed}, eprint = {36512345}}"""
    )
    assert (fields["journal"], fields["year"], fields["pmid"]) == (
        "Blood Advances",
        2023,
        "36512345",
    )


def test_a_long_author_list_is_cut_to_the_first_three_and_et_al():
    names = " and ".join(f"Author{n:03d}, Firstname" for n in range(60))
    fields = only(f"@article{{consortium2024, title = {{Big study}}, author = {{{names}}}}}")
    assert fields["authors"] == "Author000 F, Author001 F, Author002 F, et al"


def test_keys_are_made_slugs_for_citation_markers():
    assert only("@article{Smith2020:Neutropenia, title = {T}}")["key"] == "smith2020-neutropenia"


def test_format_can_be_chosen_or_detected():
    assert parse_sources(KLASTERSKY_RIS, "ris").format == "RIS"
    assert parse_sources(GIBSON_BIBTEX, "bibtex").format == "BibTeX"
    assert errors_for(GIBSON_BIBTEX, "ris") == [
        'No RIS records found: each one starts with a line like "TY  - JOUR".'
    ]


# What bad entries get: every problem at once, each naming its entry.


def test_every_bad_entry_is_named_at_once():
    errors = errors_for(
        GIBSON_BIBTEX
        + r"""
@article{smith2020, author = {Smith, Anna}, title = {Fever}, year = {20x0}}
@article{jones2019, author = {Jones, Bo}, year = {2019}}
@article{broken2018, title = {Unclosed, year = {2018}
@article{macro2017, title = {Macro}, journal = bloodd}
@article{gibson2014, title = {Same key again}}
"""
    )
    assert errors == [
        'Entry 2 ("smith2020"): the year "20x0" is not a number',
        'Entry 3 ("jones2019"): no title',
        'Entry 4 ("broken2018"): could not be read as BibTeX; check its braces and commas',
        'Entry 5 ("macro2017"): put the value bloodd in braces, like {bloodd}',
        'Entry 6 ("gibson2014"): the key "gibson2014" is used by entry 1 as well',
    ]


def test_ris_errors_name_the_record():
    errors = errors_for(
        KLASTERSKY_RIS
        + """
TY  - JOUR
AU  - Nobody, A
PY  - 2020
ER  -

TY  - JOUR
ID  - bad-values
TI  - Values
PY  - soon
DO  - not-a-doi
AN  - 123
UR  - ftp://example.org/file
ER  -
"""
    )
    assert errors == [
        "Entry 2: no title",
        'Entry 3 ("bad-values"): the year "soon" is not a number',
        'Entry 3 ("bad-values"): the DOI "not-a-doi" is not a DOI: write it as 10., the '
        "registrant number, a slash and the rest, e.g. 10.1182/blood-2014-02-482612 "
        "(a doi.org link works too)",
        'Entry 3 ("bad-values"): the URL "ftp://example.org/file" does not start with '
        "http:// or https://",
    ]


def test_values_too_long_for_a_source_are_named():
    errors = errors_for(f"@article{{long2020, title = {{T}}, pages = {{{'1' * 31}}}}}")
    assert errors == ['Entry 1 ("long2020"): the pages field is longer than 30 characters']


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Paste one or more BibTeX or RIS entries."),
        ("   \n ", "Paste one or more BibTeX or RIS entries."),
        (
            "Gibson C, Berliner N. How we evaluate neutropenia. Blood. 2014.",
            "This is neither BibTeX (entries start like @article{key,) nor RIS "
            '(records start with a line "TY  - JOUR").',
        ),
        ("x" * 200_001, "Paste at most 200,000 characters at a time (this has 200,001)."),
    ],
)
def test_text_that_holds_no_entries(text, error):
    assert errors_for(text) == [error]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_raises_nothing_but_an_import_error(text):
    try:
        parsed = parse_sources(text)
    except SourceImportError as refused:
        assert refused.errors and all(isinstance(error, str) for error in refused.errors)
    else:
        assert_valid(parsed)


FRAGMENTS = st.sampled_from(
    [
        "@article{",
        "@book(",
        "@string{x = {y}}",
        "@comment{",
        "key,",
        "title = {A title}",
        "author = {Smith, Anna and Jones, B.}",
        "author = {{",
        "year = {2020}",
        "year = 20x0",
        "journal = macro",
        "pages = {1--2}",
        "doi = {10.1/x}",
        "}",
        "{",
        ",",
        '"',
        "\n",
        "TY  - JOUR",
        "ER  - ",
        "AU  - Gibson, C",
        "AU  - ",
        "TI  - A title",
        "PY  - 2016///",
        "ID  - k",
        "SP  - 1",
        "  ",
        "é",
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join),
    st.sampled_from(["auto", "bibtex", "ris"]),
)
def test_near_bibtex_and_ris_raise_nothing_but_an_import_error(text, format):
    try:
        parsed = parse_sources(text, format)
    except SourceImportError:
        pass
    else:
        assert_valid(parsed)


def assert_valid(parsed) -> None:
    """What every parsed entry holds fits a Source and can be cited."""
    keys = [entry.fields["key"] for entry in parsed.entries]
    assert len(keys) == len(set(keys))
    for entry in parsed.entries:
        fields = entry.fields
        assert re.fullmatch(r"[a-z0-9_-]{1,80}", fields["key"])
        assert fields["title"]
        assert fields["year"] is None or 1000 <= fields["year"] <= 2999
        assert fields["kind"] in {"guideline", "review", "trial", "textbook", "other"}
        assert len(fields["authors"]) <= 500
        for name, limit in FIELD_LIMITS.items():
            assert len(fields[name]) <= limit
