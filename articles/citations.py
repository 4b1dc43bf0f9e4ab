"""Citation markers in article Markdown, their numbering, and AMA references.

Pure Python, no Django: the rules here are tested without a database.

An author cites a source by its key, a slug: ``[@gibson-berliner-2014]``, or
several at once: ``[@gibson-berliner-2014; @nice-ng151]``. On a page, sources
are numbered in order of first use across every text shown together (the
short answer and the body share one numbering), and each marker becomes a
superscript link to the reference list (``#ref-1``, ``#ref-2``...).

What is guarded:

- A marker naming a key that is not a known source is refused, with every
  unknown key named, rather than rendered as a dangling number.
- Markers inside fenced code blocks and inline code spans are left alone, so
  an article can show the syntax itself. Indented code blocks are not
  detected (telling one from a list continuation needs a Markdown parser).
- ``[@name](https://...)`` is a Markdown link, not a citation.
- AMA references are built from escaped values only (``format_ama``), so a
  hostile title cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

__all__ = [
    "UnknownCitationError",
    "citation_keys",
    "format_ama",
    "format_ama_linked",
    "format_ama_text",
    "number_citations",
]

# Keys are lowercase slugs, but a marker with capitals is still read as a
# marker, so "[@Gibson-2014]" is reported as an unknown key instead of
# showing up in the article as literal text.
_KEY = r"[A-Za-z0-9_-]+"

# "[@key]" or "[@key1; @key2]", spaces optional around ";". Not followed by
# "(": "[@name](url)" is a link whose text happens to start with "@".
_MARKER = re.compile(rf"\[@{_KEY}(?:[ \t]*;[ \t]*@{_KEY})*\](?!\()")
_MARKER_KEY = re.compile(rf"@({_KEY})")

# Code, found the way Python-Markdown finds it: a fence of three or more
# backticks or tildes at the start of a line, closed by the same fence; a
# code span is a run of backticks closed by a run of the same length within
# the paragraph.
_FENCED_CODE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
_INLINE_CODE = re.compile(
    r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL
)

# AMA: list up to six authors; with more, the first three and "et al".
_AMA_MAX_AUTHORS = 6
_AMA_AUTHORS_BEFORE_ET_AL = 3

_DOI_RESOLVER = "https://doi.org/"
_DOI_SAFE = "/:;()[]"
_PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
_WEB_ADDRESS = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class UnknownCitationError(ValueError):
    """A citation marker names a key that is not among the known sources.

    ``keys`` lists every unknown key, in order of first appearance.
    """

    def __init__(self, keys: Sequence[str], markers: Sequence[str]) -> None:
        self.keys = list(keys)
        self.markers = list(markers)  # where each key first appears, as written
        named = _join_names(
            [f'"{key}" in {marker}' for key, marker in zip(self.keys, self.markers, strict=True)]
        )
        if len(self.keys) == 1:
            message = f"Unknown citation key {named}. Add the source first or correct the key."
        else:
            message = f"Unknown citation keys {named}. Add the sources first or correct the keys."
        super().__init__(message)


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    text: str  # as written, for messages
    keys: tuple[str, ...]  # in the order written, without repeats


def citation_keys(*texts: str) -> list[str]:
    """The keys cited in ``texts``, in order of first use, each once."""
    return _ordered_unique(
        key for text in texts for marker in _markers(text) for key in marker.keys
    )


def number_citations(
    texts: Sequence[str], known_keys: Collection[str]
) -> tuple[list[str], list[str]]:
    """Number the sources cited across ``texts`` and link each marker.

    Sources are numbered in order of first use across all the texts, taken in
    the order given. Each marker becomes ``<sup><a href="#ref-N">N</a></sup>``,
    several numbers in one marker in ascending order.

    Returns the texts with markers replaced, and the cited keys in number
    order (index 0 is source 1).

    Raises ``UnknownCitationError`` naming every key not in ``known_keys``;
    nothing is numbered then.
    """
    markers = [list(_markers(text)) for text in texts]
    all_markers = [marker for text_markers in markers for marker in text_markers]

    first_marker: dict[str, str] = {}
    for marker in all_markers:
        for key in marker.keys:
            first_marker.setdefault(key, marker.text)
    unknown = [key for key in first_marker if key not in known_keys]
    if unknown:
        raise UnknownCitationError(unknown, [first_marker[key] for key in unknown])

    order = list(first_marker)  # dicts keep insertion order: order of first use
    number = {key: position for position, key in enumerate(order, start=1)}
    linked = [
        _replace_markers(text, text_markers, number)
        for text, text_markers in zip(texts, markers, strict=True)
    ]
    return linked, order


def format_ama(source: Mapping[str, Any]) -> str:
    """An AMA (11th edition) reference for ``source`` as an HTML fragment.

    Every value is HTML-escaped; the only markup is ``<i>`` around the
    journal name or the book title.

    ``source`` may have: authors ("Gibson C, Berliner N"), title, journal
    (journal or publisher), year, volume, issue, pages, doi, pmid, url, and
    kind ("guideline", "review", "trial", "textbook", "other"). Missing or
    empty fields are left out with their punctuation.
    """
    return _format_ama(source, escaped=escape, italic=lambda text: f"<i>{text}</i>")


def format_ama_linked(source: Mapping[str, Any]) -> str:
    """The same reference as ``format_ama`` with its DOI, PMID and web address as
    links (to doi.org, PubMed and the address itself), for the page readers see.

    Only a PMID of digits and an http(s) address become links; every href is
    escaped like the text.
    """
    return _format_ama(
        source,
        escaped=escape,
        italic=lambda text: f"<i>{text}</i>",
        link=lambda href, text: f'<a href="{escape(href)}">{text}</a>',
    )


def format_ama_text(source: Mapping[str, Any]) -> str:
    """The same reference as ``format_ama``, as plain text (no HTML)."""
    return _format_ama(source, escaped=lambda text: text, italic=lambda text: text)


def _markers(text: str) -> Iterator[_Marker]:
    """The citation markers in ``text``, outside code."""
    for match in _MARKER.finditer(_mask_code(text)):
        keys = _ordered_unique(_MARKER_KEY.findall(match.group()))
        yield _Marker(match.start(), match.end(), match.group(), tuple(keys))


def _mask_code(text: str) -> str:
    """``text`` with code blanked out, same length, so positions still match."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    return _INLINE_CODE.sub(blank, _FENCED_CODE.sub(blank, text))


def _replace_markers(text: str, markers: Sequence[_Marker], number: Mapping[str, int]) -> str:
    parts: list[str] = []
    position = 0
    for marker in markers:
        numbers = sorted({number[key] for key in marker.keys})
        links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in numbers)
        parts += [text[position : marker.start], f"<sup>{links}</sup>"]
        position = marker.end
    parts.append(text[position:])
    return "".join(parts)


def _ordered_unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# AMA reference building.


def _format_ama(
    source: Mapping[str, Any],
    *,
    escaped: Callable[[str], str],
    italic: Callable[[str], str],
    link: Callable[[str, str], str] | None = None,
) -> str:
    """The reference, with ``escaped`` applied to every value and ``italic``
    to the journal or book title (identity functions for plain text); ``link``
    (href, shown text) makes the DOI, PMID and address links when given."""
    link = link or (lambda href, text: text)

    def field(name: str) -> str:
        value = source.get(name)
        return "" if value is None else str(value).strip()

    authors = _ama_authors(field("authors"))
    title = field("title")
    journal = field("journal")  # the publisher, for a book or a report
    year = field("year")
    volume = field("volume")
    issue = field("issue")
    # AMA page ranges use a hyphen; authors often paste an en dash.
    pages = field("pages").replace("\N{EN DASH}", "-")
    doi = _DOI_PREFIX.sub("", field("doi"))
    pmid = field("pmid")
    url = field("url")

    elements: list[str] = []  # each already escaped and punctuated

    def sentence(text: str, *, italic_text: bool = False) -> None:
        """Add ``text`` followed by a period, unless it already ends a sentence."""
        if text:
            shown = italic(escaped(text)) if italic_text else escaped(text)
            elements.append(shown if text.endswith((".", "?", "!")) else f"{shown}.")

    sentence(authors)
    if _is_journal_article(field("kind").lower(), volume=volume, issue=issue):
        # Title. Journal. Year;Volume(Issue):Pages.
        sentence(title)
        sentence(journal, italic_text=True)
        location = volume + (f"({issue})" if issue else "")
        sentence(_joined(_joined(year, location, ";"), pages, ":"))
    else:
        # Title. Vol 2. Publisher; Year:Pages.
        sentence(title, italic_text=True)
        sentence(f"Vol {volume}" if volume else "")
        sentence(_joined(_joined(journal, year, "; "), pages, ":"))

    # AMA gives the URL only when there is no DOI; neither takes a period.
    if doi:
        elements.append(link(_DOI_RESOLVER + quote(doi, safe=_DOI_SAFE), f"doi:{escaped(doi)}"))
    elif url:
        web = _WEB_ADDRESS.match(url) is not None
        elements.append(link(url, escaped(url)) if web else escaped(url))
    if pmid:
        shown = f"PMID: {escaped(pmid)}"
        elements.append(link(_PUBMED + pmid + "/", shown) if pmid.isdigit() else shown)
    return " ".join(elements)


def _ama_authors(authors: str) -> str:
    """Authors in AMA form: up to six names, else the first three and "et al"."""
    names = [name.strip() for name in re.split(r"[,;]", authors) if name.strip()]
    if len(names) > _AMA_MAX_AUTHORS:
        names = [*names[:_AMA_AUTHORS_BEFORE_ET_AL], "et al"]
    return ", ".join(names)


def _is_journal_article(kind: str, *, volume: str, issue: str) -> bool:
    """Whether to cite as a journal article rather than a book, report or web page."""
    if kind == "textbook":
        return False
    return kind in ("review", "trial") or bool(volume or issue)


def _joined(first: str, second: str, separator: str) -> str:
    """``first`` and ``second`` joined by ``separator``, or whichever is present."""
    return separator.join(part for part in (first, second) if part)


_CITATION_LINK = re.compile(r'<a href="#ref-(\d+)">(\d+)</a>')


def renumber_citations(
    html: str, local_keys: Sequence[str], page_numbers: Mapping[str, int]
) -> str:
    """Renumber a rendered fragment's citation links for the page it is shown on.

    A fragment rendered on its own numbers its sources 1..n (``local_keys[0]`` is
    1); a page that shows several fragments numbers sources in order of first use
    across them. This rewrites only the citation links, so no Markdown is
    rendered per view.
    """

    def replace(match: re.Match[str]) -> str:
        local = int(match.group(1))
        if not 1 <= local <= len(local_keys):
            return match.group(0)
        number = page_numbers[local_keys[local - 1]]
        return f'<a href="#ref-{number}">{number}</a>'

    return _CITATION_LINK.sub(replace, html)
