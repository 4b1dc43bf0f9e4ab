"""The only code that writes articles, sources, variants and follow-up questions.

Markdown is rendered and sanitized here, once, when content is saved. Citation
markers naming an unknown source are refused with a ValidationError naming the
field and the key. Every write records its user and reason in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reviews.history import save_recorded

from .citations import UnknownCitationError, number_citations
from .models import Article, ArticleVariant, Audience, FollowUpQuestion, Source
from .rendering import render_markdown

ARTICLE_FIELDS = {"title", "slug", "topic", "short_answer", "body_markdown"}
SOURCE_FIELDS = {
    "key",
    "kind",
    "authors",
    "title",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
}


@dataclass(frozen=True)
class RenderedWording:
    short_answer_html: str
    body_html: str
    references: list[str]


def render_wording(*, short_answer: str, body_markdown: str, known_keys: Iterable[str]):
    """Number the citations of one wording (short answer then body) and render both.

    Raises ValidationError naming the field that cites an unknown source.
    """
    known = set(known_keys)
    errors: dict[str, list[str]] = {}
    for field, text in (("short_answer", short_answer), ("body_markdown", body_markdown)):
        try:
            number_citations([text], known)
        except UnknownCitationError as exc:
            errors[field] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    (short_html, body_html), order = number_citations([short_answer, body_markdown], known)
    return RenderedWording(render_markdown(short_html), render_markdown(body_html), order)


def _known_keys() -> set[str]:
    return set(Source.objects.values_list("key", flat=True))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why you are making this change."]})
    return reason


def _sync_citations(article: Article) -> None:
    keys = set(article.references)
    for variant in article.variants.all():
        keys.update(variant.references)
    article.sources.set(Source.objects.filter(key__in=keys))


def _save_variant(article: Article, audience: str, texts: Mapping[str, str], *, by, reason, known):
    if audience not in Audience.values:
        raise ValidationError({"variants": [f'"{audience}" is not an audience we write for.']})
    variant = ArticleVariant.objects.filter(article=article, audience=audience).first()
    variant = variant or ArticleVariant(article=article, audience=audience)
    variant.short_answer = texts.get("short_answer", variant.short_answer or "")
    variant.body_markdown = texts.get("body_markdown", texts.get("body", variant.body_markdown))
    try:
        rendered = render_wording(
            short_answer=variant.short_answer,
            body_markdown=variant.body_markdown,
            known_keys=known,
        )
    except ValidationError as exc:
        raise ValidationError(
            {f"variants.{audience}.{field}": msgs for field, msgs in exc.message_dict.items()}
        ) from exc
    variant.short_answer_html = rendered.short_answer_html
    variant.body_html = rendered.body_html
    variant.references = rendered.references
    variant.full_clean(exclude=["article"])
    save_recorded(variant, by=by, reason=reason)


def _apply(article: Article, *, by, reason: str, fields: dict, authors, variants) -> Article:
    unknown = set(fields) - ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown article fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(article, name, value)
    known = _known_keys()
    rendered = render_wording(
        short_answer=article.short_answer, body_markdown=article.body_markdown, known_keys=known
    )
    article.short_answer_html = rendered.short_answer_html
    article.body_html = rendered.body_html
    article.references = rendered.references
    article.full_clean(exclude=["review_item"])
    save_recorded(article, by=by, reason=reason)
    if authors is not None:
        article.authors.set(authors)
    for audience, texts in (variants or {}).items():
        _save_variant(article, audience, texts, by=by, reason=reason, known=known)
    _sync_citations(article)
    return article


def create_article(
    *,
    by,
    title: str,
    slug: str,
    body_markdown: str,
    authors: Iterable | None = None,
    variants: Mapping[str, Mapping[str, str]] | None = None,
    reason: str = "Created",
    **fields: Any,
) -> Article:
    """Create an article (a draft until submitted for review)."""
    with transaction.atomic():
        article = Article(created_by=by)
        return _apply(
            article,
            by=by,
            reason=_require_reason(reason),
            fields={"title": title, "slug": slug, "body_markdown": body_markdown, **fields},
            authors=list(authors) if authors is not None else [by],
            variants=variants,
        )


def edit_article(
    article: Article,
    *,
    by,
    reason: str,
    authors: Iterable | None = None,
    variants: Mapping[str, Mapping[str, str]] | None = None,
    **changes: Any,
) -> Article:
    """Change an article's working copy. Readers keep seeing its live revision
    until a new revision is submitted and approved."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        return _apply(
            article,
            by=by,
            reason=_require_reason(reason),
            fields=changes,
            authors=list(authors) if authors is not None else None,
            variants=variants,
        )


def create_source(*, by, key: str, title: str, reason: str = "Created", **fields: Any) -> Source:
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise TypeError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    source = Source(key=key, title=title, **fields)
    source.full_clean()
    save_recorded(source, by=by, reason=_require_reason(reason))
    return source


def edit_source(source: Source, *, by, reason: str, **changes: Any) -> Source:
    """Correct a source. Revisions already submitted keep the reference as it was."""
    unknown = set(changes) - SOURCE_FIELDS
    if unknown:
        raise TypeError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    if "key" in changes and changes["key"] != source.key and source.citations.exists():
        raise ValidationError({"key": ["This source is cited; its key cannot change."]})
    for name, value in changes.items():
        setattr(source, name, value)
    source.full_clean()
    save_recorded(source, by=by, reason=_require_reason(reason))
    return source


def ask_follow_up(*, article: Article, question: str, audience: str = "") -> FollowUpQuestion:
    """Store a reader's follow-up question for the editors."""
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": ["Write your question before sending it."]})
    if len(question) > FollowUpQuestion.MAX_LENGTH:
        raise ValidationError(
            {
                "question": [
                    f"Keep your question to {FollowUpQuestion.MAX_LENGTH} characters "
                    f"(it has {len(question)})."
                ]
            }
        )
    entry = FollowUpQuestion(
        article=article, question=question, audience=audience if audience in Audience.values else ""
    )
    save_recorded(entry, by=None, reason="Asked by a reader")
    return entry


def set_question_status(entry: FollowUpQuestion, *, status: str, by) -> FollowUpQuestion:
    """An editor marks a reader's question as new, answered or spam."""
    if status not in FollowUpQuestion.Status.values:
        raise ValidationError({"status": [f'"{status}" is not a question status.']})
    entry.status = status
    save_recorded(entry, by=by, reason=f"Marked {FollowUpQuestion.Status(status).label.lower()}")
    return entry
