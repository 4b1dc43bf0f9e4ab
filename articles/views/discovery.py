"""How readers and search engines find articles: search and robots.txt.

The Atom feed is ``articles.feeds``, the sitemap ``articles.sitemaps``. Like the
other public views, these parse input, call one selector and render; reader
pages are rendered without the request (no reader's state can enter a page that
is kept and shared: see ``reviews.reader_cache``).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from reviews.reader_cache import shared_reader_view
from reviews.selectors import current_terms

from ..apps import ARTICLE_LISTS
from ..search import (
    MAX_QUERY_LENGTH,
    QueryNotSearchable,
    normalize_query,
    search_articles,
    visible_query,
)


@shared_reader_view(ARTICLE_LISTS)
def search(request):
    raw = request.GET.get("q", "")
    context = {
        "query": visible_query(raw),
        "error": "",
        "results": None,
        "max_length": MAX_QUERY_LENGTH,
    }
    try:
        query = normalize_query(raw)
    except QueryNotSearchable as exc:
        context["error"] = str(exc)
        return HttpResponse(render_to_string("articles/search.html", context), status=400)
    if query:
        context["query"] = query
        context["results"] = search_articles(
            query, page=request.GET.get("page"), policy_terms=current_terms()
        )
    return HttpResponse(render_to_string("articles/search.html", context))


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
