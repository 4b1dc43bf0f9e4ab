"""Markdown becomes the HTML an article needs, and nothing an author could abuse."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.citations import number_citations
from markup.rendering import render_markdown
from markup.sanitizer import sanitize_html
from tests.markup.test_sanitizer import XSS_PAYLOADS, executable_constructs


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_rendered_as_markdown_comes_out_inert(payload):
    assert executable_constructs(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rendered_payload_is_already_sanitized(payload):
    rendered = render_markdown(payload)
    assert sanitize_html(rendered) == rendered


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_renders_to_inert_html(text):
    rendered = render_markdown(text)
    assert executable_constructs(rendered) == []
    assert sanitize_html(rendered) == rendered


# What authors write survives.


def test_headings_from_level_two_down():
    assert render_markdown("## Dose\n\n### Children\n\n###### Note") == (
        "<h2>Dose</h2>\n<h3>Children</h3>\n<h6>Note</h6>"
    )


def test_a_level_one_heading_is_kept_as_text_only():
    # The article title is the page's only h1.
    assert render_markdown("# Neutropenia") == "Neutropenia"


def test_emphasis_and_inline_code():
    assert render_markdown("**Stop** the drug, *then* check `ANC`.") == (
        "<p><strong>Stop</strong> the drug, <em>then</em> check <code>ANC</code>.</p>"
    )


def test_lists():
    assert render_markdown("- fever\n- chills\n\n1. call\n2. wait") == (
        "<ul>\n<li>fever</li>\n<li>chills</li>\n</ul>\n<ol>\n<li>call</li>\n<li>wait</li>\n</ol>"
    )


def test_tables_lose_only_their_alignment_styles():
    rendered = render_markdown("| Grade | ANC |\n|:--|--:|\n| 1 | 1.5 |")
    assert rendered == (
        "<table>\n<thead>\n<tr>\n<th>Grade</th>\n<th>ANC</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>1.5</td>\n</tr>\n</tbody>\n</table>"
    )


def test_links_inside_and_outside_the_site():
    rendered = render_markdown(
        'See [the guideline](https://www.nice.org.uk/guidance/cg151 "NICE") '
        "and [our page](/articles/fever/)."
    )
    assert rendered == (
        '<p>See <a href="https://www.nice.org.uk/guidance/cg151" title="NICE" '
        'rel="nofollow noopener">the guideline</a> and <a href="/articles/fever/">our page</a>.</p>'
    )


def test_fenced_code_is_escaped_and_loses_its_class():
    assert render_markdown("```python\nif anc < 0.5:\n    admit()\n```") == (
        "<pre><code>if anc &lt; 0.5:\n    admit()\n</code></pre>"
    )


def test_definition_lists_and_abbreviations():
    rendered = render_markdown(
        "ANC\n:   Absolute neutrophil count\n\n*[ANC]: Absolute neutrophil count\n"
    )
    assert rendered == (
        '<dl>\n<dt><abbr title="Absolute neutrophil count">ANC</abbr></dt>\n'
        "<dd>Absolute neutrophil count</dd>\n</dl>"
    )


def test_citation_links_survive():
    markdown = "Neutropenia is common [@gibson-2014; @nice-cg151]."
    (text,), _ = number_citations([markdown], {"gibson-2014", "nice-cg151"})
    assert render_markdown(text) == (
        '<p>Neutropenia is common <sup><a href="#ref-1">1</a>, <a href="#ref-2">2</a></sup>.</p>'
    )


def test_unicode_text_is_kept():
    assert render_markdown("ANC < 0.5 × 10⁹/L – β-lactam ≥ 5 µg") == (
        "<p>ANC &lt; 0.5 × 10⁹/L – β-lactam ≥ 5 µg</p>"
    )


def test_empty_text_renders_to_nothing():
    assert render_markdown("") == ""


# Raw HTML and attribute syntax are not trusted.


def test_raw_html_is_sanitized():
    rendered = render_markdown(
        '<div onmouseover="alert(1)">\n\n*text*\n\n</div>\n\n<script>alert(1)</script>'
    )
    # Without md_in_html, Markdown inside an HTML block stays as written.
    assert rendered == "\n\n*text*\n\n\n\nalert(1)"


def test_attribute_lists_are_not_enabled():
    rendered = render_markdown('## Dose {: #dose .big onclick="alert(1)" }')
    assert rendered == '<h2>Dose {: #dose .big onclick="alert(1)" }</h2>'


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt&#58;alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x][bad]\n\n[bad]: javascript:alert(1)",
    ],
)
def test_dangerous_links_lose_their_href(markdown):
    assert render_markdown(markdown) == "<p><a>x</a></p>"


def test_a_title_cannot_break_out_into_an_attribute():
    rendered = render_markdown('[x](https://example.org "a" onclick="alert(1)")')
    assert rendered == (
        '<p><a href="https://example.org" title="a&quot; onclick=&quot;alert(1)" '
        'rel="nofollow noopener">x</a></p>'
    )


# Rendering never fails.


def test_markdown_too_deep_for_the_parser_is_shown_as_escaped_text(caplog):
    # Python-Markdown recurses once per nested definition (within the length limit).
    deep = "<b>a</b>\n: b\n" * 1400

    with caplog.at_level(logging.ERROR, logger="markup.rendering"):
        rendered = render_markdown(deep)

    assert rendered.startswith("<p>&lt;b&gt;a&lt;/b&gt;\n: b\n&lt;b&gt;a")
    assert executable_constructs(rendered) == []
    assert "Markdown rendering failed" in caplog.text


def test_markdown_too_long_for_the_renderer_is_shown_as_escaped_text(caplog):
    deep_list = "".join("  " * level + "- <b>item</b>\n" for level in range(800))

    with caplog.at_level(logging.WARNING, logger="markup.rendering"):
        rendered = render_markdown(deep_list)

    assert rendered.startswith("<p>- &lt;b&gt;item&lt;/b&gt;\n  - &lt;b&gt;item")
    assert executable_constructs(rendered) == []
    assert "Markdown not rendered" in caplog.text
