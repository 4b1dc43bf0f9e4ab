"""What the board judges and what readers see: an article's revision snapshot.

The snapshot holds the Markdown (what the reviewers read), the sanitized HTML
rendered when the content was saved, and the formatted reference list of each
audience's wording. A reader page is built from a snapshot alone, so it needs no
further queries however many sources or revisions an article has.
"""

from __future__ import annotations

from .citations import format_ama, format_ama_text
from .models import Article, Source

DEFAULT_WORDING = "default"


def _reference_list(keys: list[str], sources: dict[str, dict]) -> list[dict]:
    return [
        {
            "number": number,
            "key": key,
            "html": format_ama(sources[key]),
            "text": format_ama_text(sources[key]),
        }
        for number, key in enumerate(keys, start=1)
    ]


def _byline(user) -> dict:
    """How the article names one of its authors: their author profile, else their full
    name without credentials."""
    profile = getattr(user, "author_profile", None)
    if profile is not None:
        return profile.as_byline()
    return {"name": user.get_full_name() or user.get_username(), "credentials": ""}


def authors_of(snapshot: dict) -> list[dict]:
    """The snapshot's authors as ``{"name", "credentials"}`` each (earlier snapshots
    named them by a string alone)."""
    return [
        author if isinstance(author, dict) else {"name": str(author), "credentials": ""}
        for author in snapshot.get("authors", [])
    ]


def article_snapshot(article: Article) -> dict:
    variants = list(article.variants.order_by("audience"))
    cited = set(article.references)
    for variant in variants:
        cited.update(variant.references)
    sources = {
        source.key: source.as_citation_data() for source in Source.objects.filter(key__in=cited)
    }
    wordings = {
        DEFAULT_WORDING: {
            "short_answer": article.short_answer,
            "body_markdown": article.body_markdown,
            "short_answer_html": article.short_answer_html,
            "body_html": article.body_html,
            "references": _reference_list(article.references, sources),
        }
    }
    for variant in variants:
        wordings[variant.audience] = {
            "short_answer": variant.short_answer,
            "body_markdown": variant.body_markdown,
            "short_answer_html": variant.short_answer_html,
            "body_html": variant.body_html,
            "references": _reference_list(variant.references, sources),
        }
    return {
        "kind": "article",
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic.name if article.topic_id else "",
        "authors": sorted(
            (_byline(user) for user in article.authors.select_related("author_profile")),
            key=lambda author: author["name"],
        ),
        "wordings": wordings,
        "sources": {key: sources[key] for key in sorted(sources)},
    }
