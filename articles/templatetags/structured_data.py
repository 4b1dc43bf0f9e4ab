"""Template tags for the article page's head: JSON-LD and Open Graph.

Usage, inside ``{% block head %}``::

    {% load structured_data %}
    {% article_open_graph page %}
    {% article_json_ld page %}
"""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import structured_data

register = template.Library()

# As django.utils.html.json_script does: with <, > and & escaped, no text in the
# data can close the script element or start a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element holding ``data``.

    A data block, not executable script: the Content-Security-Policy does not
    apply to it, and it needs no nonce.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 (escaped above for a script element)
    )


@register.simple_tag
def article_json_ld(page) -> str:
    return json_ld_script(structured_data.article_json_ld(page))


@register.simple_tag
def board_member_json_ld(member) -> str:
    return json_ld_script(structured_data.board_member_json_ld(member))


@register.inclusion_tag("articles/_open_graph.html")
def article_open_graph(page) -> dict:
    return {"og": structured_data.open_graph(page)}
