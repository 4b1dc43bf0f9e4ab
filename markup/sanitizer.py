"""Sanitize HTML written by authors before it reaches a reader's page.

This is the only module that imports bleach, so the engine can be swapped
(for nh3, say) without touching callers or tests.

What is guarded:

- Only the tags and attributes in ``ALLOWED_TAGS`` and ``ALLOWED_ATTRIBUTES``
  survive. No ``style``, ``class``, ``id`` or event handler on anything.
- Disallowed tags are stripped and their text kept, escaped. The contents of
  ``script``, ``style``, ``iframe``, ``template`` and the like therefore come
  out as inert text, never as markup.
- Comments are removed (old Internet Explorer ran conditional comments).
- ``href`` keeps http, https, mailto and relative URLs (``#fragment``
  included). Any other scheme, ``javascript:`` in all its encodings included,
  loses the attribute. The scheme is checked here as well as by bleach,
  which lets ``javascript:123`` through (it reads the digits as a port).
- Links that leave the site get ``rel="nofollow noopener"``.
- The result is a fixed point: ``sanitize_html(sanitize_html(x)) ==
  sanitize_html(x)``, so HTML stored sanitized and sanitized again on the way
  out does not drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import bleach
from bleach.html5lib_shim import Filter

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "EXTERNAL_LINK_REL",
    "sanitize_html",
]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        # Text. No h1: the article title is the page's only h1.
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "strong", "em", "b", "i", "code", "sup", "sub", "abbr", "a",
        # Lists, definition lists included.
        "ul", "ol", "li", "dl", "dt", "dd",
        # Tables.
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    # href is also checked by _allowed_link_attribute.
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    # scope tells screen readers which cells a header cell labels.
    "th": frozenset({"scope"}),
}

# Relative URLs (no scheme), "#fragment" included, are allowed as well.
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})

EXTERNAL_LINK_REL = "nofollow noopener"

# Malformed markup can parse into a tree that HTML cannot express (a heading
# inside a heading, a link inside a link), so cleaning the output again moves
# it once more. Each pass leaves a tree closer to one that round-trips; the
# worst input known (in the tests) needs four, and a fifth to show it settled.
_MAX_PASSES = 5

# C0 control characters mean nothing in article text. bleach turns most of
# them into "?", but not where html5lib reads them as whitespace (form feed),
# which made a second pass differ. Vertical tab and form feed become a space,
# the others go.
_CONTROL_CHARACTERS: dict[int, str | None] = {
    **{code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]},
    0x0B: " ",
    0x0C: " ",
}

# Characters a browser ignores in a URL, or that could hide a scheme from a
# check: whitespace and control characters, anywhere (browsers drop tabs and
# newlines inside a URL and spaces and controls around it).
_URL_IGNORED_CHARACTERS = re.compile(r"[\s\x00-\x20\x7f-\xa0\u200b-\u200f\u2028-\u202f\ufeff]+")
_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")

_HREF = (None, "href")
_REL = (None, "rel")


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list, safe to insert into a page.

    Idempotent: sanitizing the result again returns it unchanged. Input whose
    markup does not settle within a few passes (none is known) comes back as
    escaped plain text rather than as something unstable.
    """
    cleaner = _cleaner()
    cleaned = cleaner.clean(html.translate(_CONTROL_CHARACTERS))
    for _ in range(_MAX_PASSES - 1):
        again = cleaner.clean(cleaned)
        if again == cleaned:
            return cleaned
        cleaned = again
    return _text_only(cleaned)


def _cleaner() -> bleach.Cleaner:
    """A cleaner for one piece of content. bleach's Cleaner keeps parser state between
    calls and is not thread-safe, so none is shared; building one costs far less than
    the cleaning, which happens when content is saved, never when it is read."""
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes={
            tag: _allowed_link_attribute if tag == "a" else list(names)
            for tag, names in ALLOWED_ATTRIBUTES.items()
        },
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        # Filters run after bleach's own sanitizing, in this order.
        filters=[_PreLeadingNewlineFilter, _AttributeQuoteFilter, _ExternalLinkRelFilter],
    )


def _text_only(markup: str) -> str:
    """The text of ``markup`` with every tag removed: a fixed point of cleaning."""
    # Only cleaned markup comes here, its comments already gone, so no test can
    # tell strip_comments apart from its opposite; it stays for safety's sake.
    return bleach.clean(markup, tags=set(), strip=True, strip_comments=True)  # pragma: no mutate


class _PreLeadingNewlineFilter(Filter):
    """Drop the newlines at the very start of a ``<pre>`` block.

    A newline right after ``<pre>`` is ambiguous: browsers drop one, html5lib
    drops it in most places but not inside a table cell. Left in, each pass
    would add or eat a newline. Blank lines at the top of a code block carry
    no meaning.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        after_pre = False
        for token in super().__iter__():
            if after_pre and token["type"] in ("Characters", "SpaceCharacters"):
                token["data"] = token["data"].lstrip("\n")
                after_pre = not token["data"]  # look past empty text tokens
            else:
                after_pre = token["type"] == "StartTag" and token["name"] == "pre"
            yield token


class _AttributeQuoteFilter(Filter):
    """Write ``"`` in attribute values as ``&quot;``.

    bleach keeps attribute values in source form, entities not decoded. When
    a value holds a ``"``, its serializer switches to single quotes and skips
    its ``&`` handling, so ``&amp;`` became ``&amp;amp;`` on each pass. With
    the quote written as an entity the value means the same and stays in
    double quotes.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag"):
                attrs = token["data"]
                for name, value in attrs.items():
                    if '"' in value:
                        attrs[name] = value.replace('"', "&quot;")
            yield token


class _ExternalLinkRelFilter(Filter):
    """Give links that leave the site ``rel="nofollow noopener"``.

    This runs after bleach has dropped any ``rel`` the author wrote (it is not
    an allowed attribute), so the value is always ours and depends on the
    href alone: a second pass drops it and adds the same value back.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = token["data"]
                if _leaves_site(attrs.get(_HREF, "")):
                    attrs[_REL] = EXTERNAL_LINK_REL
            yield token


def _allowed_link_attribute(tag: str, name: str, value: str) -> bool:
    """bleach's attribute check for ``<a>``: the allowed names, and a safe href."""
    if name == "href":
        scheme = _url_scheme(value)
        return scheme is None or scheme in ALLOWED_PROTOCOLS
    return name in ALLOWED_ATTRIBUTES["a"]


def _leaves_site(href: str) -> bool:
    """Whether ``href``, already allowed, points to another site.

    Every absolute http(s) URL counts (the sanitizer does not know the site's
    own host), and so does a scheme-relative ``//host/...``; browsers read a
    backslash there as a slash.
    """
    scheme = _url_scheme(href)
    if scheme is not None:
        return scheme in ("http", "https")
    return _normalized_url(href).replace("\\", "/").startswith("//")


def _url_scheme(url: str) -> str | None:
    """The scheme of ``url`` (as found in markup), lowercased; None if relative."""
    match = _URL_SCHEME.match(_normalized_url(url).lower())
    return match.group(1) if match else None


def _normalized_url(url: str) -> str:
    """``url`` with entities decoded and ignorable characters removed.

    bleach hands over attribute values with their entities still encoded.
    """
    return _URL_IGNORED_CHARACTERS.sub("", unescape(url))
