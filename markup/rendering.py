"""Turn an author's Markdown into HTML that is safe to show to readers.

What is guarded:

- Raw HTML in the Markdown is not trusted: everything python-markdown
  produces goes through ``sanitize_html``.
- Only extensions that cannot put attributes of the author's choosing on an
  element are enabled. ``attr_list`` (``{: onclick=... }``) and
  ``md_in_html`` stay off.
- ``render_markdown`` never raises: if python-markdown fails on some input
  (it recurses on very deeply nested lists), the text is shown escaped, in
  plain paragraphs, and the failure is logged.
- ``render_markdown`` takes bounded time on any input: text that
  ``markup.bounds.markdown_problem`` finds too much for python-markdown (whose
  bracket and tag scans grow with the square of the text) is shown escaped, in
  plain paragraphs, and logged. The services refuse such text when it is saved,
  with that sentence, so this is only a second line.
"""

from __future__ import annotations

import logging
import re
from html import escape

import markdown

from markup.bounds import markdown_problem
from markup.sanitizer import sanitize_html

__all__ = ["MARKDOWN_EXTENSIONS", "render_markdown"]

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "sane_lists",
    "def_list",
    "abbr",
)

_BLANK_LINES = re.compile(r"\n\s*\n")


def render_markdown(text: str) -> str:
    """Return the sanitized HTML for Markdown ``text``. Never raises."""
    problem = markdown_problem(text)
    if problem is not None:
        logger.warning("Markdown not rendered, shown unformatted: %s", problem)
        return sanitize_html(_plain_paragraphs(text))
    try:
        # A new Markdown instance per call: instances keep state between
        # conversions and are not safe to share between threads.
        html = markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    except Exception:
        # A bug or limit in the Markdown library must not take the page
        # down; the author still sees their words and the log says why.
        logger.exception("Markdown rendering failed; showing the text unformatted")
        html = _plain_paragraphs(text)
    return sanitize_html(html)


def _plain_paragraphs(text: str) -> str:
    """``text`` escaped, with blank lines separating paragraphs."""
    blocks = (block.strip() for block in _BLANK_LINES.split(text))
    return "".join(f"<p>{escape(block)}</p>" for block in blocks if block)
