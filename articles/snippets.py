"""Plain text and highlighted snippets for search results, the feed and page metadata.

Pure Python, no Django: the rules here are tested without a database.

What is guarded:

- Text reaches HTML escaped. The only markup these functions produce is their
  own ``<mark>`` and ``</mark>``, always balanced, so a hostile query or a
  hostile article cannot inject anything (escape first, then mark).
- Matches are found in the original text, not in the escaped text, so a term
  such as ``amp`` or ``lt`` can never cut an HTML entity in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

__all__ = [
    "MARK_START",
    "MARK_STOP",
    "excerpt",
    "highlight",
    "html_to_text",
    "markdown_to_text",
    "marks_to_html",
    "without_marks",
]

# Private-use characters that stand for <mark> and </mark> until the text is
# escaped: PostgreSQL's ts_headline puts them around the words it matched.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

_SPACE = re.compile(r"\s+")
# The space a removed citation marker leaves before punctuation: "an hour [1]." -> "an hour."
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")


def _collapse(text: str) -> str:
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACE.sub(" ", text)).strip()


class _TextCollector(HTMLParser):
    """Collect the text of sanitized HTML, skipping citation superscripts."""

    SKIPPED = frozenset({"sup", "script", "style"})
    BLOCKS = frozenset({"p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of rendered HTML: tags and citation numbers removed,
    entities decoded, whitespace collapsed. The result is plain text, not HTML."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return _collapse("".join(collector.parts))


# Markdown syntax a snippet shows better without. Citation markers go entirely;
# a link or an image keeps its text.
_MARKDOWN_CLEANUPS = [
    (re.compile(r"\[@[^\]\n]*\]"), ""),  # [@key] and [@a; @b]
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # [text](url), ![alt](src)
    (re.compile(r"^[ \t]*#{1,6}[ \t]*", re.MULTILINE), ""),  # headings
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])[ \t]+", re.MULTILINE), ""),  # list markers
    (re.compile(r"\*{1,3}|`+|~{2,}|(?<!\w)_{1,3}|_{1,3}(?!\w)"), ""),  # emphasis, code
]


def markdown_to_text(markdown: str) -> str:
    """Markdown as a reader would read it aloud: no citation markers, link
    targets or formatting characters, whitespace collapsed. Plain text, not HTML."""
    text = markdown or ""
    for pattern, replacement in _MARKDOWN_CLEANUPS:
        text = pattern.sub(replacement, text)
    return _collapse(text)


def without_marks(text: str) -> str:
    """``text`` with any mark placeholders removed, so only ours stand for <mark>."""
    return (text or "").replace(MARK_START, "").replace(MARK_STOP, "")


def _terms_pattern(terms: Iterable[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def excerpt(text: str, terms: Iterable[str], width: int = 240) -> str:
    """About ``width`` characters of ``text`` around the first term found (or
    its beginning), cut at word boundaries, with an ellipsis where text was cut."""
    if len(text) <= width:
        return text
    pattern = _terms_pattern(terms)
    found = pattern.search(text) if pattern else None
    # Start a third of the window before the match, but never leave the window short.
    start = min(max(0, found.start() - width // 3) if found else 0, len(text) - width)
    end = start + width
    if start > 0:  # begin at a word, and never after the match
        space = text.find(" ", start, found.start() if found else end)
        start = space + 1 if space != -1 else start
    if end < len(text):  # end at a word
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML: ``text`` escaped, with each occurrence of a term (any case) in <mark>."""
    text = without_marks(text)
    pattern = _terms_pattern(terms)
    if pattern is not None:
        text = pattern.sub(lambda m: MARK_START + m.group(0) + MARK_STOP, text)
    return marks_to_html(text)


def marks_to_html(text: str) -> str:
    """HTML: ``text`` escaped, its mark placeholders turned into balanced <mark> tags.

    A stray placeholder (a stop with no start, a start inside a mark) is
    dropped, and a mark still open at the end is closed.
    """
    out: list[str] = []
    open_mark = False
    for part in re.split(f"([{MARK_START}{MARK_STOP}])", text or ""):
        if part == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif part == MARK_STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif part:
            out.append(escape(part, quote=True))
    if open_mark:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")
