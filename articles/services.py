"""The only code that writes articles, sources, variants and follow-up questions.

Markdown is rendered and sanitized here, once, when content is saved. Citation
markers naming an unknown source are refused with a ValidationError naming the
field and the key. Every write records its user and reason in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from markup.bounds import markdown_problem
from markup.rendering import render_markdown
from reviews.history import save_recorded

from .citations import UnknownCitationError, number_citations
from .identifiers import IdentifierError, normalize_doi, normalize_pmid
from .models import (
    Article,
    ArticleVariant,
    Audience,
    AuthorProfile,
    FollowUpQuestion,
    ProblemReport,
    Source,
    Topic,
)
from .source_import import SourceImportError, parse_sources

ARTICLE_FIELDS = {"title", "slug", "topic", "short_answer", "body_markdown"}
SOURCE_FIELDS = frozenset(Source.CITATION_FIELDS)


@dataclass(frozen=True)
class RenderedWording:
    short_answer_html: str
    body_html: str
    references: list[str]


def render_wording(*, short_answer: str, body_markdown: str, known_keys: Iterable[str]):
    """Number the citations of one wording (short answer then body) and render both.

    Raises ValidationError naming the field that cites an unknown source, or whose
    Markdown is more than the renderer reads in bounded time (``markup.bounds``).
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
    for field, text in (("short_answer", short_html), ("body_markdown", body_html)):
        problem = markdown_problem(text)
        if problem is not None:
            errors[field] = [problem]
    if errors:
        raise ValidationError(errors)
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


def topic_named(name: str, *, by, reason: str = "Added with an article") -> Topic:
    """The topic of this name (case aside), added to the list if it is not there yet.

    For code that files content by name (the demo, imports, tests); editors choose
    from the list in the article form, so a typo there never starts a new topic.
    Raises ValidationError on ``topic`` for a name that cannot be one.
    """
    name = (name or "").strip()
    existing = Topic.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    topic = Topic(name=name, slug=_topic_slug(name))
    try:
        topic.full_clean()
    except ValidationError as invalid:
        raise ValidationError({"topic": invalid.messages}) from invalid
    save_recorded(topic, by=by, reason=reason)
    return topic


def _topic_slug(name: str, *, instead_of: Topic | None = None) -> str:
    base = slugify(name)[:90] or "topic"
    taken = set(
        Topic.objects.exclude(pk=getattr(instead_of, "pk", None)).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_topic(*, name: str, by, reason: str = "Added") -> Topic:
    """Add a topic to the list. Guarded: a name already on the list (case aside) is refused."""
    name = (name or "").strip()
    if Topic.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": [f"“{name}” is on the list already."]})
    topic = Topic(name=name, slug=_topic_slug(name))
    topic.full_clean()
    save_recorded(topic, by=by, reason=_require_reason(reason))
    return topic


def rename_topic(topic: Topic, *, name: str, by, reason: str) -> Topic:
    """Rename a topic. Readers see the new name once a revision naming it is approved."""
    name = (name or "").strip()
    if Topic.objects.filter(name__iexact=name).exclude(pk=topic.pk).exists():
        raise ValidationError({"name": [f"“{name}” is on the list already."]})
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        topic.name = name
        topic.slug = _topic_slug(name, instead_of=topic)
        topic.full_clean()
        save_recorded(topic, by=by, reason=_require_reason(reason))
    return topic


def _apply(article: Article, *, by, reason: str, fields: dict, authors, variants) -> Article:
    unknown = set(fields) - ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown article fields: {', '.join(sorted(unknown))}")
    if isinstance(fields.get("topic"), str):
        text = fields["topic"]
        fields["topic"] = topic_named(text, by=by) if text.strip() else None
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


def _normalized_identifiers(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the DOI and PMID as stored (``articles.identifiers``);
    a ValidationError naming each that is not one."""
    errors: dict[str, list[str]] = {}
    for name, normalize in (("doi", normalize_doi), ("pmid", normalize_pmid)):
        if name in fields:
            try:
                fields[name] = normalize(fields[name])
            except IdentifierError as exc:
                errors[name] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return fields


def create_source(*, by, key: str, title: str, reason: str = "Created", **fields: Any) -> Source:
    """Add a source. Guarded: a DOI or PMID that is not one is refused, naming it."""
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise TypeError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    source = Source(key=key, title=title, **_normalized_identifiers(fields))
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
    for name, value in _normalized_identifiers(dict(changes)).items():
        setattr(source, name, value)
    source.full_clean()
    save_recorded(source, by=by, reason=_require_reason(reason))
    return source


def import_sources(*, text: str, format: str = "auto", by) -> list[Source]:
    """Create a source for each BibTeX or RIS entry in ``text``, all or none.

    Guarded: every entry must be readable and complete, and no key may exist
    already; otherwise a ValidationError lists every problem, each naming its
    entry, and nothing is saved.
    """
    try:
        parsed = parse_sources(text, format)
    except SourceImportError as exc:
        raise ValidationError(exc.errors) from exc
    reason = f"Imported from {parsed.format}"
    with transaction.atomic():
        keys = [entry.fields["key"] for entry in parsed.entries]
        existing = set(Source.objects.filter(key__in=keys).values_list("key", flat=True))
        errors: list[str] = []
        sources: list[Source] = []
        for entry in parsed.entries:
            key = entry.fields["key"]
            if key in existing:
                errors.append(f'{entry.label}: a source with the key "{key}" exists already')
                continue
            source = Source(**entry.fields)
            try:
                source.full_clean()
            except ValidationError as exc:
                errors += [
                    f"{entry.label}: {_field_label(Source, name)}{message}"
                    for name, messages in exc.message_dict.items()
                    for message in messages
                ]
            sources.append(source)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                for source in sources:
                    save_recorded(source, by=by, reason=reason)
        except IntegrityError as exc:
            raise ValidationError(
                [
                    "Someone added a source with one of these keys meanwhile. "
                    "Paste the entries again to see which."
                ]
            ) from exc
    return sources


def _field_label(model, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    return f"{model._meta.get_field(name).verbose_name}: "


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


def answer_follow_up(question: FollowUpQuestion, *, article: Article, by) -> FollowUpQuestion:
    """An editor records which article answers a reader's question.

    Guarded: the article must be published (``Article.objects.live()``); a refusal
    is a ValidationError on ``answered_by`` and changes nothing.
    """
    with transaction.atomic():
        entry = FollowUpQuestion.objects.select_for_update().get(pk=question.pk)
        entry.status = FollowUpQuestion.Status.ANSWERED
        entry.answered_by = article
        entry.full_clean()
        save_recorded(entry, by=by, reason=f'Answered by "{article}"')
    return entry


def mark_follow_up(question: FollowUpQuestion, *, status: str, by) -> FollowUpQuestion:
    """An editor moves a reader's question back to new, or to spam.

    Guarded: "answered" goes through ``answer_follow_up``, which names the article;
    here it is refused with a ValidationError on ``answered_by``. A question that is
    no longer answered no longer names an article (its history keeps the old one).
    """
    if status == FollowUpQuestion.Status.ANSWERED:
        raise ValidationError(
            {"answered_by": ["Choose the published article that answers this question."]}
        )
    if status not in FollowUpQuestion.Status.values:
        raise ValidationError({"status": [f'"{status}" is not a question status.']})
    with transaction.atomic():
        entry = FollowUpQuestion.objects.select_for_update().get(pk=question.pk)
        entry.status = status
        entry.answered_by = None
        entry.full_clean()
        save_recorded(
            entry, by=by, reason=f"Marked {FollowUpQuestion.Status(status).label.lower()}"
        )
    return entry


def save_author_profile(*, user, display_name: str, credentials: str, by, reason: str):
    """Name ``user`` as an author: the name and credentials readers see on the articles
    they write (from each article's next submitted revision on; a revision already
    submitted keeps the byline it was judged with).

    Refused with a ValidationError naming the field: an empty or multi-line name or
    credentials, or no reason.
    """
    reason = _require_reason(reason)
    with transaction.atomic():
        profile = AuthorProfile.objects.select_for_update().filter(user_id=user.pk).first()
        profile = profile or AuthorProfile(user_id=user.pk)
        profile.display_name = " ".join((display_name or "").split())
        profile.credentials = " ".join((credentials or "").split())
        errors = {}
        if not profile.display_name:
            errors["display_name"] = ["Give the name readers see, e.g. “Elena Marsh”."]
        if not profile.credentials:
            errors["credentials"] = ["Give the credentials shown beside the name, e.g. “RN”."]
        if errors:
            raise ValidationError(errors)
        profile.full_clean()
        save_recorded(profile, by=by, reason=reason)
        return profile


def report_problem(
    *, article: Article | None, what_is_wrong: str, source: str = ""
) -> ProblemReport:
    """Store a reader's report of a problem with an article (or, with no article, the
    result page) in the editors' inbox. Refused with a ValidationError naming the field."""
    what_is_wrong = (what_is_wrong or "").strip()
    source = (source or "").strip()
    errors: dict[str, list[str]] = {}
    if not what_is_wrong:
        errors["what_is_wrong"] = ["Say what is wrong before sending the report."]
    elif len(what_is_wrong) > ProblemReport.MAX_LENGTH:
        errors["what_is_wrong"] = [
            f"Keep the report to {ProblemReport.MAX_LENGTH} characters "
            f"(it has {len(what_is_wrong)})."
        ]
    if len(source) > ProblemReport.SOURCE_MAX_LENGTH:
        errors["source"] = [
            f"Keep the source to {ProblemReport.SOURCE_MAX_LENGTH} characters "
            f"(it has {len(source)})."
        ]
    if errors:
        raise ValidationError(errors)
    page = ProblemReport.Page.ARTICLE if article is not None else ProblemReport.Page.RESULT
    report = ProblemReport(page=page, article=article, what_is_wrong=what_is_wrong, source=source)
    save_recorded(report, by=None, reason="Reported by a reader")
    return report


def mark_problem_report(report: ProblemReport, *, status: str, by) -> ProblemReport:
    """An editor records where a reader's report stands (being checked, corrected,
    no change needed, spam, or new again)."""
    if status not in ProblemReport.Status.values:
        raise ValidationError({"status": [f"“{status}” is not a report status."]})
    with transaction.atomic():
        entry = ProblemReport.objects.select_for_update().get(pk=report.pk)
        if entry.status == status:
            return entry
        entry.status = status
        save_recorded(entry, by=by, reason=f"Marked {ProblemReport.Status(status).label.lower()}")
    return entry
