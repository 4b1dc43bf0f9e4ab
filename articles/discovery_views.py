"""How readers and search engines find articles: search and robots.txt.

The Atom feed is ``articles.feeds``, the sitemap ``articles.sitemaps``. Like the
other public views, these parse input, call one selector and render.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviews.selectors import current_terms

from .search import MAX_QUERY_LENGTH, QueryTooLong, normalize_query, search_articles


@require_GET
def search(request):
    raw = request.GET.get("q", "")
    context = {"query": raw.strip(), "error": "", "results": None, "max_length": MAX_QUERY_LENGTH}
    try:
        query = normalize_query(raw)
    except QueryTooLong as exc:
        context["error"] = str(exc)
        return render(request, "articles/search.html", context, status=400)
    if query:
        context["query"] = query
        context["results"] = search_articles(
            query, page=request.GET.get("page"), policy_terms=current_terms()
        )
    return render(request, "articles/search.html", context)


@require_GET
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
