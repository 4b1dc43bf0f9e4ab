"""How much Markdown python-markdown is asked to read: bounded, so rendering is.

Python-Markdown reads some input in time that grows with the square of its
length. The cause is in its inline patterns: for each ``[`` the link and image
processors scan forward for the matching ``]`` (``LinkInlineProcessor.getText``),
and after a ``](`` for the matching ``)`` (``getLink``), to the end of the
paragraph when there is none; 8,000 ``[`` in a row cost about 32 million steps
per pattern. The raw-HTML reader (the standard library's ``html.parser``) does
the same from each ``<`` to the next ``>``, over the whole text. The
abbreviation extension matches every word against every abbreviation defined.

:func:`markdown_problem` measures those scans in one linear pass and refuses
text whose scans would exceed a fixed budget, with a sentence saying what to
change. Ordinary Markdown (links, citations, inline HTML, nested brackets a few
deep) stays far inside the budget and renders exactly as before. Plain Python,
no Django.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_ABBREVIATIONS",
    "MAX_ABBREVIATION_USES",
    "MAX_MARKDOWN_LENGTH",
    "MAX_QUOTE_DEPTH",
    "SCAN_BUDGET",
    "markdown_problem",
    "scan_work",
]

MAX_MARKDOWN_LENGTH = 20_000
# Characters the bracket and tag scans may step over, summed over the text. An
# article of ordinary Markdown uses a few thousand; 8,000 "[" in a row use 32 million.
SCAN_BUDGET = 250_000
MAX_ABBREVIATIONS = 30
# The abbreviation extension inserts one element per use, each insertion costing
# the uses before it in the same paragraph.
MAX_ABBREVIATION_USES = 400

_TAG_START = re.compile(r"[A-Za-z/!?]")
# A backslash escape ("\\[") is replaced by a placeholder of up to this many
# characters before the link patterns run.
ESCAPE_WIDTH = 16
MAX_QUOTE_DEPTH = 10
_DEEP_QUOTE = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# The abbreviation extension's own definition syntax: "*[HTML]: Hyper Text Markup Language".
_ABBREVIATION = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:.*$", re.MULTILINE)


def _paragraph_work(text: str, start: int, end: int) -> int:
    """Characters scanned for closing ``]`` and ``)`` from each ``[`` and ``](``
    between ``start`` and ``end`` (one paragraph: inline patterns never cross a
    blank line). An opener with no closer costs the rest of the paragraph.

    Distances are counted as python-markdown sees the text: a backslash escape is
    never an opener or a closer, and has become a placeholder of ESCAPE_WIDTH
    characters by the time the link patterns scan.
    """
    work = 0
    open_brackets: list[int] = []  # where each open "[" is, as python-markdown sees it
    seen = 0  # characters before ``position``, as python-markdown sees them
    position = start
    while position < end:
        c = text[position]
        if c == "\\" and position + 1 < end:
            position += 2
            seen += ESCAPE_WIDTH
            continue
        if c == "[":
            open_brackets.append(seen)
        elif c == "]" and open_brackets:
            work += seen - open_brackets.pop()
            if position + 1 < end and text[position + 1] == "(":
                work += _link_target_work(text, position + 1, end)
        position += 1
        seen += 1
    work += sum(seen - opened for opened in open_brackets)
    return work


def _link_target_work(text: str, opening: int, end: int) -> int:
    """Characters scanned from a link's ``(`` to its matching ``)``. A quote or an
    escape inside changes how python-markdown counts, so then the rest of the
    paragraph is counted (escapes at their placeholder width)."""
    depth = 0
    for position in range(opening, end):
        c = text[position]
        if c in "\"'\\":
            break
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return position - opening
    return (end - opening) * ESCAPE_WIDTH


def _tag_work(text: str) -> int:
    """Characters scanned from each ``<`` that may open a tag (``<a``, ``</``, ``<!``,
    ``<?``) to the next ``>``, or the end of the text. A ``<`` before a space or a
    digit ("ANC < 0.5", "<1%") is plain text to the HTML reader and costs nothing."""
    work = 0
    next_close = len(text)
    for position in range(len(text) - 1, -1, -1):
        c = text[position]
        if c == ">":
            next_close = position
        elif c == "<" and _TAG_START.match(text, position + 1):
            work += next_close - position
    return work


def scan_work(text: str) -> int:
    """The characters python-markdown's bracket and tag scans step over for ``text``
    (an upper bound: escapes are honoured, code spans are counted like text)."""
    work = _tag_work(text)
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        work += _paragraph_work(text, start, blank.start())
        start = blank.end()
    return work + _paragraph_work(text, start, len(text))


def markdown_problem(text: str) -> str | None:
    """A sentence saying why ``text`` is too much for the Markdown renderer, or None.

    Refused: more than MAX_MARKDOWN_LENGTH characters; more than MAX_ABBREVIATIONS
    abbreviation definitions or MAX_ABBREVIATION_USES uses of them; quotes nested
    more than MAX_QUOTE_DEPTH deep; brackets or tags left open (or nested) so that
    finding where they close would take more than SCAN_BUDGET steps.
    """
    if len(text) > MAX_MARKDOWN_LENGTH:
        return (
            f"This text is {len(text):,} characters long; keep it to "
            f"{MAX_MARKDOWN_LENGTH:,} characters or fewer."
        )
    abbreviations = {m.group("abbr") for m in _ABBREVIATION.finditer(text)}
    if len(abbreviations) > MAX_ABBREVIATIONS:
        return (
            f"This text defines {len(abbreviations)} abbreviations; keep it to "
            f"{MAX_ABBREVIATIONS} or fewer."
        )
    if abbreviations:
        used = re.compile(rf"\b(?:{'|'.join(re.escape(a) for a in abbreviations if a)})\b")
        uses = sum(1 for _ in used.finditer(_ABBREVIATION.sub("", text)))
        if uses > MAX_ABBREVIATION_USES:
            return (
                f"This text uses its abbreviations {uses:,} times; keep it to "
                f"{MAX_ABBREVIATION_USES} or fewer, or drop the abbreviation definitions."
            )
    if _DEEP_QUOTE.search(text):
        return f"This text nests quotes (“>”) more than {MAX_QUOTE_DEPTH} deep; nest them less."
    if scan_work(text) > SCAN_BUDGET:
        return (
            "This text has too many square brackets “[” or angle brackets “<” that are "
            "left open or nested deeply: close each “[” with “]” and each “<” with “>”, "
            "or write “\\[” and “\\<” for a bracket meant as a character."
        )
    return None
