"""Search snippets and plain text: escape first, then mark. No database."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.snippets import (
    MARK_START,
    MARK_STOP,
    excerpt,
    highlight,
    html_to_text,
    markdown_to_text,
    marks_to_html,
)

MARKUP = st.sampled_from(
    ["<", ">", "&", '"', "'", "<script>", "&amp;", "&lt;", MARK_START, MARK_STOP]
)
TEXT = st.lists(st.one_of(st.text(max_size=8), MARKUP), max_size=12).map("".join)
TERMS = st.lists(st.one_of(st.text(min_size=1, max_size=5), MARKUP), max_size=3)


def unmarked(html: str) -> str:
    return unescape(re.sub(r"</?mark>", "", html))


def test_matches_are_marked_in_any_case():
    assert highlight("Low Neutrophil counts", ["neutrophil", "COUNT"]) == (
        "Low <mark>Neutrophil</mark> <mark>count</mark>s"
    )


def test_text_is_escaped_and_a_term_never_cuts_an_entity():
    assert highlight('<b>ANC</b> < 0.5 & "low"', ["amp", "lt", "anc"]) == (
        "&lt;b&gt;<mark>ANC</mark>&lt;/b&gt; &lt; 0.5 &amp; &quot;low&quot;"
    )


def test_a_hostile_term_is_text():
    assert highlight("a <script> tag", ["<script>"]) == "a <mark>&lt;script&gt;</mark> tag"


def test_stray_placeholders_make_balanced_marks():
    text = f"{MARK_STOP}a{MARK_START}b{MARK_START}c{MARK_STOP}d{MARK_START}e"
    assert marks_to_html(text) == "a<mark>bc</mark>d<mark>e</mark>"


@settings(max_examples=300, deadline=None)
@given(TEXT, TERMS)
def test_highlighting_only_adds_balanced_marks(text, terms):
    html = highlight(text, terms)
    assert re.sub(r"</?mark>", "", html).count("<") == 0
    assert re.findall(r"</?mark>", html) == ["<mark>", "</mark>"] * (html.count("<mark>"))
    assert unmarked(html) == text.replace(MARK_START, "").replace(MARK_STOP, "")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_placeholders_give_balanced_escaped_html(text):
    html = marks_to_html(text)
    assert re.sub(r"</?mark>", "", html).count("<") == 0
    assert re.findall(r"</?mark>", html) == ["<mark>", "</mark>"] * (html.count("<mark>"))


def test_html_to_text_drops_tags_and_citation_numbers():
    html = '<p>Mostly <em>not</em> when mild<sup><a href="#ref-1">1</a></sup>.</p><p>A &amp; B</p>'
    assert html_to_text(html) == "Mostly not when mild. A & B"


def test_markdown_to_text_reads_as_a_reader_would():
    markdown = (
        "## Risk\n\nRisk rises below 0.5 [@idsa-2011; @gibson-2014].\n\n"
        "- **Mild:** see [the guideline](https://example.org).\n"
    )
    assert markdown_to_text(markdown) == "Risk Risk rises below 0.5. Mild: see the guideline."


def test_an_excerpt_is_cut_at_words_around_the_first_match():
    text = " ".join(f"word{n}" for n in range(100)) + " neutrophil " + "tail " * 100
    cut = excerpt(text, ["neutrophil"], width=80)
    assert cut.startswith("…word") and cut.endswith("…")
    assert "neutrophil" in cut
    assert len(cut) <= 82
    assert excerpt("short text", ["x"], width=80) == "short text"
    assert excerpt(text, ["absent"], width=80).startswith("word0 ")
