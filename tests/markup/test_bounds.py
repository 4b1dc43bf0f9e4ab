"""Markdown rendering is bounded for any text an editor can save.

Python-Markdown scans from each "[" to its "]" (and from "](" to its ")", from
each "<" to the next ">"): text full of open brackets took seconds. These tests
prove the bound by structure, never by the clock: what is refused, and that the
scans python-markdown really makes stay within a fixed multiple of the budget
``markup.bounds`` measures.
"""

from __future__ import annotations

import markdown
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article
from demo import texts
from markup.bounds import (
    MAX_MARKDOWN_LENGTH,
    MAX_QUOTE_DEPTH,
    SCAN_BUDGET,
    markdown_problem,
    scan_work,
)
from markup.rendering import MARKDOWN_EXTENSIONS, render_markdown
from tests.factories import ArticleFactory

# The link and image patterns (inline, reference, short reference) each scan once.
PATTERNS_THAT_SCAN = 8


class ScanCounter:
    """Counts the characters python-markdown's link processors step over."""

    def __init__(self, monkeypatch):
        self.scanned = 0
        processor = markdown.inlinepatterns.LinkInlineProcessor
        get_text, get_link = processor.getText, processor.getLink

        def counted_text(this, data, index):
            result = get_text(this, data, index)
            self.scanned += result[1] - index
            return result

        def counted_link(this, data, index):
            result = get_link(this, data, index)
            self.scanned += max(result[2] - index, 0)
            return result

        monkeypatch.setattr(processor, "getText", counted_text)
        monkeypatch.setattr(processor, "getLink", counted_link)

    def render(self, text: str) -> int:
        self.scanned = 0
        markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))
        return self.scanned


@pytest.mark.django_db
def test_eight_thousand_open_brackets_are_refused_at_save_naming_the_field(alice_editor):
    """Regression: 8,000 "[" took 7.6 s to render."""
    with pytest.raises(ValidationError) as refused:
        ArticleFactory(by=alice_editor, body_markdown="[" * 8000)
    [message] = refused.value.message_dict["body_markdown"]
    assert "too many square brackets “[”" in message
    assert "write “\\[”" in message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_variant_with_too_much_is_refused_naming_the_variant(alice_editor):
    with pytest.raises(ValidationError) as refused:
        ArticleFactory(
            by=alice_editor,
            variants={"patient": {"short_answer": "<a " * 3000, "body_markdown": "Fine."}},
        )
    assert "variants.patient.short_answer" in refused.value.message_dict


@pytest.mark.parametrize(
    "text, words",
    [
        ("[" * 8000, "square brackets"),
        ("![" * 4000, "square brackets"),
        ("[x](" * 3000, "square brackets"),
        ("<a " * 3000, "angle brackets"),
        ("x" * (MAX_MARKDOWN_LENGTH + 1), "characters or fewer"),
        ("".join(f"*[A{n}]: a\n" for n in range(40)), "abbreviations"),
        ("*[WBC]: white blood cells\n\n" + "WBC " * 500, "abbreviations 500 times"),
        (">" * (MAX_QUOTE_DEPTH + 1) + " deep", "nests quotes"),
    ],
)
def test_what_would_blow_up_is_refused_with_a_sentence(text, words):
    assert words in markdown_problem(text)


def test_the_renderer_itself_shows_refused_text_plainly_without_parsing_it(caplog):
    assert render_markdown("[" * 8000) == "<p>" + "[" * 8000 + "</p>"
    assert "Markdown not rendered" in caplog.text


def demo_texts():
    for article in texts.ARTICLES:
        yield article.get("short_answer", "")
        yield article["body"]
        for wording in article.get("variants", {}).values():
            yield wording["short_answer"]
            yield wording["body"]
    for version in texts.POLICY_VERSIONS:
        yield version["body"]
        yield version.get("about", "")
    for block in texts.GUIDANCE:
        yield block["body"]


def test_ordinary_markdown_is_accepted_and_far_inside_the_budget():
    texts = [t for t in demo_texts() if t]
    assert len(texts) > 10
    for text in texts:
        assert markdown_problem(text) is None
        assert scan_work(text) < SCAN_BUDGET / 10
    ordinary = (
        '## Links\n\nSee [the guideline](https://example.org/a_(b) "IDSA") and '
        "[nested [brackets]](https://example.org) and ![a chart](/static/x.png).\n\n"
        "ANC < 0.5 is severe; <b>bold</b> stays; \\[not a link\\].\n\n"
        "> quoted\n>> twice\n\n*[ANC]: absolute neutrophil count\n\nThe ANC matters."
    )
    assert markdown_problem(ordinary) is None


BRACKETS = st.text(alphabet='[]()!<>a "\\\n', max_size=400)


@settings(max_examples=300, deadline=None)
@given(BRACKETS)
def test_python_markdowns_scans_never_exceed_a_multiple_of_the_measured_work(
    monkeypatch_session, text
):
    """For any text, what python-markdown's link processors really scan is within
    a fixed multiple of ``scan_work``: refusing above the budget bounds rendering."""
    scanned = monkeypatch_session.render(text)
    assert scanned <= PATTERNS_THAT_SCAN * max(scan_work(text), len(text))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["[", "![", "[x](", "[[]"]))
def test_accepted_bracket_runs_scan_within_the_budget(monkeypatch_session, count, unit):
    text = unit * count
    if markdown_problem(text) is None:
        assert monkeypatch_session.render(text) <= PATTERNS_THAT_SCAN * SCAN_BUDGET
    else:
        assert scan_work(text) > SCAN_BUDGET


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_nested_brackets_cost_grows_with_depth_times_length(depth):
    text = "[" * depth + "x" + "]" * depth
    assert scan_work(text) == depth * (depth + 1)  # the k-th innermost spans 2k characters


@pytest.fixture(scope="module")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patcher:
        yield ScanCounter(patcher)
