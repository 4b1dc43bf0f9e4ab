"""Citation markers are numbered per page and sources are formatted in AMA style."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from articles import citations
from articles.citations import (
    UnknownCitationError,
    citation_keys,
    format_ama,
    format_ama_text,
    number_citations,
)

KNOWN = {"gibson-2014", "nice-cg151", "klastersky-2016", "harrison-2022"}


def sup(*numbers: int) -> str:
    links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in numbers)
    return f"<sup>{links}</sup>"


# Which keys a text cites.


def test_keys_come_in_order_of_first_use_each_once():
    assert citation_keys(
        "Common [@nice-cg151]. Serious [@gibson-2014; @nice-cg151].",
        "Again [@gibson-2014], then [@klastersky-2016].",
    ) == ["nice-cg151", "gibson-2014", "klastersky-2016"]


def test_a_text_without_markers_cites_nothing():
    assert citation_keys("No sources [here] or @there.", "") == []


@pytest.mark.parametrize("marker", ["[@a;@b]", "[@a; @b]", "[@a ;@b]", "[@a  ;  @b]", "[@a;\t@b]"])
def test_spaces_around_the_semicolon_are_optional(marker):
    assert citation_keys(marker) == ["a", "b"]


@pytest.mark.parametrize(
    "text",
    [
        "`[@a]`",
        "``code with ` and [@a]``",
        "```\n[@a]\n```",
        "~~~markdown\nCite like this: [@a]\n~~~",
        "[@a](https://example.org/@a)",
        "[@ a]",
        "[a]",
        "[@a; b]",
    ],
)
def test_what_is_not_a_citation(text):
    assert citation_keys(text) == []


def test_markers_next_to_code_still_count():
    assert citation_keys("`x` [@a] `y`\n\n```\ncode\n```\n[@b]") == ["a", "b"]


# Numbering a page.


def test_the_short_answer_and_the_body_share_one_numbering():
    (short, body), order = number_citations(
        ["Usually benign [@gibson-2014].", "See [@nice-cg151], and [@gibson-2014] again."],
        KNOWN,
    )

    assert short == f"Usually benign {sup(1)}."
    assert body == f"See {sup(2)}, and {sup(1)} again."
    assert order == ["gibson-2014", "nice-cg151"]


def test_numbers_in_one_marker_are_in_ascending_order():
    (text,), order = number_citations(
        ["[@gibson-2014] [@nice-cg151] [@klastersky-2016] [@klastersky-2016; @gibson-2014]"],
        KNOWN,
    )

    assert text == f"{sup(1)} {sup(2)} {sup(3)} {sup(1, 3)}"
    assert order == ["gibson-2014", "nice-cg151", "klastersky-2016"]


def test_a_key_repeated_in_one_marker_is_linked_once():
    (text,), _ = number_citations(["[@nice-cg151; @nice-cg151]"], KNOWN)
    assert text == sup(1)


def test_keys_in_a_multi_key_marker_are_numbered_in_the_order_written():
    _, order = number_citations(["[@nice-cg151; @gibson-2014]"], KNOWN)
    assert order == ["nice-cg151", "gibson-2014"]


def test_text_around_markers_and_in_code_is_unchanged():
    texts = [
        "No markers.",
        "Cite with `[@key]`:\n\n```\n[@gibson-2014]\n```\n\nDone [@gibson-2014].",
    ]
    linked, order = number_citations(texts, KNOWN)

    assert linked == [
        "No markers.",
        f"Cite with `[@key]`:\n\n```\n[@gibson-2014]\n```\n\nDone {sup(1)}.",
    ]
    assert order == ["gibson-2014"]


def test_no_texts_no_sources():
    assert number_citations([], KNOWN) == ([], [])


def test_known_keys_can_be_any_collection():
    (text,), _ = number_citations(("[@gibson-2014]",), ["gibson-2014"])
    assert text == sup(1)


# Unknown keys.


def test_an_unknown_key_is_named_with_its_marker():
    with pytest.raises(UnknownCitationError) as refused:
        number_citations(["Fine [@gibson-2014]. Typo [@gibsn-2014]."], KNOWN)

    assert refused.value.keys == ["gibsn-2014"]
    assert str(refused.value) == (
        'Unknown citation key "gibsn-2014" in [@gibsn-2014]. '
        "Add the source first or correct the key."
    )


def test_every_unknown_key_is_named_in_order_of_appearance():
    with pytest.raises(UnknownCitationError) as refused:
        number_citations(
            ["[@zeta] [@gibson-2014; @alpha]", "[@zeta] [@Nice-CG151]"],
            KNOWN,
        )

    assert refused.value.keys == ["zeta", "alpha", "Nice-CG151"]
    assert str(refused.value) == (
        'Unknown citation keys "zeta" in [@zeta], "alpha" in [@gibson-2014; @alpha] '
        'and "Nice-CG151" in [@Nice-CG151]. Add the sources first or correct the keys.'
    )


def test_an_unknown_citation_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown citation key"):
        number_citations(["[@nowhere]"], set())


# AMA references.

GIBSON = {
    "kind": "review",
    "authors": "Gibson C, Berliner N",
    "title": "How we evaluate and treat neutropenia in adults",
    "journal": "Blood",
    "year": 2014,
    "volume": "124",
    "issue": "8",
    "pages": "1251-1258",
    "doi": "10.1182/blood-2014-02-482612",
    "pmid": "",
    "url": "",
}


def test_journal_article():
    assert format_ama(GIBSON) == (
        "Gibson C, Berliner N. How we evaluate and treat neutropenia in adults. "
        "<i>Blood</i>. 2014;124(8):1251-1258. doi:10.1182/blood-2014-02-482612"
    )
    assert format_ama_text(GIBSON) == (
        "Gibson C, Berliner N. How we evaluate and treat neutropenia in adults. "
        "Blood. 2014;124(8):1251-1258. doi:10.1182/blood-2014-02-482612"
    )


def test_journal_article_with_pmid():
    assert format_ama({**GIBSON, "pmid": "24869938"}).endswith(
        "doi:10.1182/blood-2014-02-482612 PMID: 24869938"
    )


def test_a_doi_given_as_a_link_is_written_as_doi():
    source = {**GIBSON, "doi": "https://doi.org/10.1182/blood-2014-02-482612"}
    assert format_ama(source).endswith(" doi:10.1182/blood-2014-02-482612")


def test_the_url_is_left_out_when_there_is_a_doi():
    assert "https://" not in format_ama({**GIBSON, "url": "https://example.org/gibson"})


def test_guideline_with_url():
    guideline = {
        "kind": "guideline",
        "authors": "National Institute for Health and Care Excellence",
        "title": "Neutropenic sepsis: prevention and management in people with cancer",
        "journal": "NICE",
        "year": 2012,
        "url": "https://www.nice.org.uk/guidance/cg151",
    }
    assert format_ama(guideline) == (
        "National Institute for Health and Care Excellence. "
        "<i>Neutropenic sepsis: prevention and management in people with cancer</i>. "
        "NICE; 2012. https://www.nice.org.uk/guidance/cg151"
    )


def test_guideline_published_in_a_journal_is_cited_as_an_article():
    guideline = {
        "kind": "guideline",
        "authors": "Klastersky J, de Naurois J, Rolston K, et al",
        "title": "Management of febrile neutropaenia: ESMO Clinical Practice Guidelines",
        "journal": "Ann Oncol",
        "year": 2016,
        "volume": "27",
        "issue": "suppl 5",
        "pages": "v111-v118",
    }
    assert format_ama_text(guideline) == (
        "Klastersky J, de Naurois J, Rolston K, et al. Management of febrile neutropaenia: "
        "ESMO Clinical Practice Guidelines. Ann Oncol. 2016;27(suppl 5):v111-v118."
    )


def test_textbook():
    textbook = {
        "kind": "textbook",
        "authors": "Loscalzo J, Fauci A, Kasper D, Hauser S, Longo D, Jameson J",
        "title": "Harrison's Principles of Internal Medicine",
        "journal": "McGraw Hill",
        "year": 2022,
        "volume": "1",
    }
    assert format_ama(textbook) == (
        "Loscalzo J, Fauci A, Kasper D, Hauser S, Longo D, Jameson J. "
        "<i>Harrison&#x27;s Principles of Internal Medicine</i>. Vol 1. McGraw Hill; 2022."
    )
    assert format_ama_text(textbook) == (
        "Loscalzo J, Fauci A, Kasper D, Hauser S, Longo D, Jameson J. "
        "Harrison's Principles of Internal Medicine. Vol 1. McGraw Hill; 2022."
    )


def test_more_than_six_authors_become_three_and_et_al():
    source = {**GIBSON, "authors": "Aa A, Bb B, Cc C, Dd D, Ee E, Ff F, Gg G"}
    assert format_ama(source).startswith("Aa A, Bb B, Cc C, et al. How we evaluate")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "Neutropenia"}, "<i>Neutropenia</i>."),
        ({"title": "Neutropenia", "year": 2020}, "<i>Neutropenia</i>. 2020."),
        ({"title": "Neutropenia", "journal": "WHO"}, "<i>Neutropenia</i>. WHO."),
        ({"kind": "trial", "title": "A trial", "journal": "Lancet"}, "A trial. <i>Lancet</i>."),
        (
            {"kind": "trial", "title": "Online first", "journal": "Lancet", "doi": "10.1/x"},
            "Online first. <i>Lancet</i>. doi:10.1/x",
        ),
        (
            {"title": "Neutropenia", "journal": "Blood", "volume": "124", "pages": "1251"},
            "Neutropenia. <i>Blood</i>. 124:1251.",
        ),
        ({"url": "https://example.org/anc", "pmid": 123}, "https://example.org/anc PMID: 123"),
        ({"title": "  ", "authors": "", "year": None, "doi": None}, ""),
        ({}, ""),
    ],
)
def test_missing_fields_leave_no_stray_punctuation(fields, expected):
    assert format_ama(fields) == expected


def test_a_title_ending_in_a_question_mark_takes_no_period():
    source = {**GIBSON, "title": "Is it neutropenia?"}
    assert "Berliner N. Is it neutropenia? <i>Blood</i>." in format_ama(source)


def test_an_en_dash_page_range_is_written_with_a_hyphen():
    assert "2014;124(8):1251-1258." in format_ama({**GIBSON, "pages": "1251–1258"})


def test_hostile_values_are_escaped_in_html_and_kept_in_text():
    hostile = {
        **GIBSON,
        "authors": "<b>Mallory M</b>",
        "title": '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        "journal": "</i><a href=javascript:alert(1)>J",
        "url": "",
        "doi": '10.1/"><svg onload=alert(1)>',
    }

    assert format_ama(hostile) == (
        "&lt;b&gt;Mallory M&lt;/b&gt;. "
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "&lt;img src=x onerror=alert(1)&gt;. "
        "<i>&lt;/i&gt;&lt;a href=javascript:alert(1)&gt;J</i>. 2014;124(8):1251-1258. "
        "doi:10.1/&quot;&gt;&lt;svg onload=alert(1)&gt;"
    )
    assert format_ama_text(hostile).startswith(
        '<b>Mallory M</b>. <script>alert("x")</script> & <img src=x onerror=alert(1)>. '
    )


# The module stays plain Python.


def test_citations_does_not_import_django():
    tree = ast.parse(Path(citations.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name == "django" or name.startswith("django.") for name in imported)
