"""Reads for the editors' workspace in the admin: drafts, the citation helper, the preview.

Nothing here is shown to readers: it reads the working copy, which readers never see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.urls import reverse

from reviews import selectors as review_selectors
from reviews.models import (
    CommentStatus,
    DecisionKind,
    ReviewComment,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)

from .citations import format_ama, format_ama_text
from .models import Article, Audience, Citation, Source
from .services import render_wording

DRAFTS_SHOWN = 20


def drafts_of(user) -> list[Article]:
    """Articles ``user`` created or last edited whose working copy the board has not
    seen: never submitted, or edited since the latest submission."""
    return list(
        Article.objects.filter(
            Q(created_by=user) | Q(pk__in=Article.history.filter(history_user=user).values("id"))
        )
        .filter(
            Q(review_item__isnull=True)
            | Q(updated_at__gt=F("review_item__latest_revision__submitted_at"))
        )
        .select_related("review_item__latest_revision")
        .defer("review_item__latest_revision__snapshot")
        .order_by("-updated_at")[:DRAFTS_SHOWN]
    )


# --------------------------------------------------------------------------- review state


@dataclass(frozen=True)
class ReviewSummary:
    """Where an article stands in the review workflow, for its editor."""

    state: str
    edited_since: bool
    desk_url: str | None
    revisions: list
    change_requests: list
    approvals: list
    open_comments: list = ()


def review_summary(article: Article) -> ReviewSummary:
    """The article's review state in a sentence, its revisions with their notes, and
    the board's decisions with their comments (newest first)."""
    item = (
        ReviewItem.objects.select_related("latest_revision", "live_revision", "scheduled_revision")
        .filter(pk=article.review_item_id)
        .first()
    )
    if item is None or item.latest_revision is None:
        return ReviewSummary(
            "Draft: never submitted. Readers see nothing of it.", True, None, [], [], []
        )
    latest = item.latest_revision
    edited_since = article.updated_at > latest.submitted_at
    revisions = list(
        Revision.objects.filter(item=item).select_related("submitted_by").order_by("-number")
    )
    decisions = list(
        ReviewDecision.objects.filter(revision__item=item)
        .select_related("reviewer", "revision")
        .order_by("-decided_at", "-pk")
    )
    approvals = [
        d for d in decisions if d.revision_id == latest.pk and d.kind == DecisionKind.APPROVE
    ]
    required = review_selectors.current_terms().approvals_required
    state = {
        ReviewState.SUBMITTED: f"Revision {latest.number} waits for the board "
        f"({len(approvals)} of {required} approvals recorded).",
        ReviewState.UNDER_REVIEW: f"Revision {latest.number} is under review "
        f"({len(approvals)} of {required} approvals recorded).",
        ReviewState.CHANGES_REQUESTED: f"Revision {latest.number} was sent back: the board "
        "asks for changes (their comments are below). Edit, then submit again.",
        ReviewState.APPROVED: f"Revision {latest.number} is approved"
        + (
            " and scheduled to go live."
            if item.scheduled_revision_id == latest.pk
            else " and live."
        ),
        ReviewState.WITHDRAWN: f"Revision {latest.number} was closed without a decision: "
        "the board withdrew this article while it waited.",
    }[ReviewState(latest.status)]
    if edited_since:
        state += " The text here was edited since: submit it for the board to see the changes."
    return ReviewSummary(
        state=state,
        edited_since=edited_since,
        desk_url=reverse("admin:reviews_reviewqueue_review", args=[item.pk]),
        revisions=revisions,
        change_requests=[d for d in decisions if d.kind == DecisionKind.REQUEST_CHANGES],
        approvals=approvals,
        open_comments=list(
            ReviewComment.objects.filter(item=item, status=CommentStatus.OPEN).select_related(
                "author", "revision"
            )
        ),
    )


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class CitableSource:
    key: str
    reference: str
    cited_here: list[str]
    cited_elsewhere: list[str]


def citation_helper(article: Article | None) -> list[CitableSource]:
    """Every source an editor can cite, with where this article cites it (by wording)
    and which other articles do. Three queries, whatever the number of sources."""
    here: dict[str, list[str]] = {}
    if article is not None and article.pk:
        for key in article.references:
            here.setdefault(key, []).append("Default wording")
        for variant in article.variants.all():
            for key in variant.references:
                here.setdefault(key, []).append(variant.get_audience_display())
    elsewhere: dict[str, list[str]] = {}
    others = Citation.objects.select_related("article", "source").order_by("article__title")
    if article is not None and article.pk:
        others = others.exclude(article=article)
    for citation in others:
        elsewhere.setdefault(citation.source.key, []).append(citation.article.title)
    return [
        CitableSource(
            key=source.key,
            reference=format_ama_text(source.as_citation_data()),
            cited_here=here.get(source.key, []),
            cited_elsewhere=elsewhere.get(source.key, []),
        )
        for source in Source.objects.order_by("key")
    ]


# --------------------------------------------------------------------------- preview

DEFAULT = "default"
PREVIEW_AUDIENCES = [(DEFAULT, "Default wording"), *Audience.choices]


@dataclass(frozen=True)
class Preview:
    audience: str
    audience_label: str
    falls_back: bool
    title: str
    short_answer_html: str
    body_html: str
    references: list[dict]
    errors: list[str]


def preview(*, title: str, wordings: dict[str, dict[str, str]], audience: str) -> Preview:
    """The page readers would see in ``audience``'s wording, rendered from the typed
    (unsaved) text by the renderer and sanitizer every save uses
    (``articles.services.render_wording``); a wording left empty falls back to the
    default, as on the reader page. Unknown citation keys are named, not rendered."""
    labels = dict(PREVIEW_AUDIENCES)
    audience = audience if audience in labels else DEFAULT
    texts = wordings.get(audience) or {}
    falls_back = audience != DEFAULT and not (texts.get("body_markdown") or "").strip()
    if falls_back:
        texts = wordings.get(DEFAULT) or {}
    sources = {source.key: source for source in Source.objects.all()}
    try:
        rendered = render_wording(
            short_answer=texts.get("short_answer", ""),
            body_markdown=texts.get("body_markdown", ""),
            known_keys=sources,
        )
    except ValidationError as invalid:
        return Preview(audience, labels[audience], falls_back, title, "", "", [], invalid.messages)
    references = [
        {"number": n, "key": key, "html": format_ama(sources[key].as_citation_data())}
        for n, key in enumerate(rendered.references, start=1)
    ]
    return Preview(
        audience,
        labels[audience],
        falls_back,
        title,
        rendered.short_answer_html,
        rendered.body_html,
        references,
        [],
    )
