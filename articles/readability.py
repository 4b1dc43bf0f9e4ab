"""How hard a wording is to read, as a hint for editors.

Pure Python, no Django. The Flesch-Kincaid grade (textstat) is measured on
the plain text a reader sees: Markdown markup and citation markers are
removed first, and each heading, list item and paragraph counts as its own
sentence. It is a rough guide (it counts syllables and sentence lengths,
not meaning), so it is shown as a hint and never blocks a save.

``readability_hint`` never raises: empty or unusual text gets "nothing to
measure yet".
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import markdown
import textstat

__all__ = ["TARGET_GRADE", "plain_text", "reading_grade", "readability_hint"]

logger = logging.getLogger(__name__)

# Patient information is commonly aimed at a US school grade of 6 to 8.
TARGET_GRADE = 8
# Past the last school years a grade number says little more.
_HIGHEST_GRADE = 16

_CITATION = re.compile(r"\[@[^\]\n]*\]")
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote"}
_HIDDEN = {"pre", "code", "script", "style"}
_SENTENCE_END = (".", "?", "!", ":", ";")


def plain_text(markdown_text: str) -> str:
    """What a reader reads of ``markdown_text``: words and sentences, no markup."""
    text = _CITATION.sub("", markdown_text or "")
    try:
        html = markdown.markdown(text, extensions=["tables"])
    except Exception:  # python-markdown recurses on very deep nesting; measure the raw text
        logger.warning("Markdown could not be rendered for the reading level", exc_info=True)
        return " ".join(re.sub(r"[#*_>`|\[\]()]", " ", text).split())
    reader = _TextOfHtml()
    reader.feed(html)
    reader.close()
    return reader.text()


def reading_grade(markdown_text: str) -> float | None:
    """The Flesch-Kincaid grade of the text, or None when there are no words to measure."""
    text = plain_text(markdown_text)
    if not re.search(r"[^\W\d_]", text):
        return None
    try:
        return float(textstat.flesch_kincaid_grade(text))
    except Exception:  # a hint is not worth an error page
        logger.warning("The reading level could not be measured", exc_info=True)
        return None


def readability_hint(markdown_text: str, subject: str = "Patient wording") -> str:
    """A sentence for editors, e.g. "Patient wording reads at about grade 9. Aim for
    grade 8 or below: shorter sentences and everyday words help." """
    grade = reading_grade(markdown_text)
    if grade is None:
        return f"{subject}: nothing to measure yet."
    shown = max(1, round(grade))
    if shown > _HIGHEST_GRADE:
        return (
            f"{subject} reads beyond grade {_HIGHEST_GRADE}, at university level. Aim for "
            f"grade {TARGET_GRADE} or below: shorter sentences and everyday words help."
        )
    if shown <= TARGET_GRADE:
        return (
            f"{subject} reads at about grade {shown}, within the grade {TARGET_GRADE} we aim for."
        )
    return (
        f"{subject} reads at about grade {shown}. Aim for grade {TARGET_GRADE} or below: "
        "shorter sentences and everyday words help."
    )


class _TextOfHtml(HTMLParser):
    """The text of rendered Markdown, each block ending as a sentence."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._blocks: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)

    def _end_block(self) -> None:
        block = " ".join("".join(self._current).split())
        self._current = []
        if block:
            self._blocks.append(block if block.endswith(_SENTENCE_END) else f"{block}.")

    def text(self) -> str:
        self._end_block()
        # A removed citation marker leaves a space before the full stop.
        return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(self._blocks))
