"""Reads for the public pages. What a reader may see is decided by ``Article.objects.live()``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from reviews import selectors as review
from reviews.models import (
    PENDING_STATES,
    SIGN_OFF_KINDS,
    DecisionKind,
    EditorialPolicyVersion,
    PolicyTerms,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)

from .citations import format_ama_linked
from .models import Article, Audience
from .snapshots import DEFAULT_WORDING, authors_of

# The stepper's three public steps, and which step each workflow state stands at.
STEPS = [
    (ReviewState.SUBMITTED, "Submitted"),
    (ReviewState.UNDER_REVIEW, "Under Review"),
    (ReviewState.APPROVED, "Approved"),
]
STEP_OF_STATE = {
    ReviewState.SUBMITTED: ReviewState.SUBMITTED,
    ReviewState.UNDER_REVIEW: ReviewState.UNDER_REVIEW,
    ReviewState.CHANGES_REQUESTED: ReviewState.UNDER_REVIEW,
    ReviewState.APPROVED: ReviewState.APPROVED,
}


def get_article_for_reader(slug: str, terms: PolicyTerms) -> Article:
    """The article readers may see (under the policy ``terms``) at this address, the
    shown revision's slug, with its revisions joined; else 404. The working copy's
    slug is not an address until the board has seen it."""
    try:
        return Article.objects.live(terms).with_revisions().get(search_entry__slug=slug)
    except Article.DoesNotExist:
        raise Http404("No published article has this address.") from None


def parse_audience(value: str | None) -> str | None:
    return value if value in Audience.values else None


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    current: bool


@dataclass(frozen=True)
class SignOff:
    name: str
    credentials: str
    decided_at: datetime.datetime
    reconfirmed: bool
    conflict_of_interest: str
    policy_number: int | None
    literature_current_through: datetime.date | None
    # The receipt: the content hash signed off and the audit event that recorded it.
    content_hash: str = ""
    audit_sequence: int | None = None
    # The member's public page (empty for someone no longer on the board's records).
    profile_url: str = ""


@dataclass(frozen=True)
class Change:
    """One approved revision in an article's public change history."""

    number: int
    approved_at: datetime.datetime
    minor_edit: bool
    summary: str


# The change history shows this many approved revisions, newest first.
CHANGES_SHOWN = 20


def change_history(item) -> list[Change]:
    """The item's approved revisions, newest first, with whether the board approved
    each as a full review or a minor edit and the editor's summary: one query."""
    rows = (
        Revision.objects.filter(item_id=item.pk, status=ReviewState.APPROVED)
        .exclude(approved_at=None)
        .order_by("-approved_at", "-number")
        .values_list("number", "approved_at", "minor_edit", "note")[:CHANGES_SHOWN]
    )
    return [Change(number, at, minor, note) for number, at, minor, note in rows]


@dataclass(frozen=True)
class WithdrawnArticle:
    title: str
    reason: str
    withdrawn_at: datetime.datetime


def withdrawn_article(slug: str) -> WithdrawnArticle | None:
    """The article the board withdrew that readers knew at this address, if any."""
    item = (
        ReviewItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), withdrawn_at__isnull=False
        )
        .filter(Q(live_revision__snapshot__slug=slug) | Q(latest_revision__snapshot__slug=slug))
        .order_by("-withdrawn_at")
        .first()
    )
    if item is None:
        return None
    return WithdrawnArticle(item.title, item.withdrawal_reason, item.withdrawn_at)


@dataclass
class ReaderPage:
    """Everything the article page shows, built from one revision's snapshot."""

    article: Article
    revision: Revision
    title: str
    slug: str
    topic: str
    audience: str | None
    wording: dict
    wording_missing: bool
    status: str
    status_label: str
    steps: list[Step]
    approved: bool
    update_pending: bool
    update_goes_live_at: datetime.datetime | None
    last_updated: datetime.datetime
    signoffs: list[SignOff] = field(default_factory=list)
    authors: list[dict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    last_reviewed: datetime.datetime | None = None
    next_review_due: datetime.date | None = None
    review_due: bool = False
    policy: EditorialPolicyVersion | None = None
    # When the page stops being right with no event: a scheduled update's go-live time.
    valid_until: datetime.datetime | None = None

    @property
    def audience_label(self) -> str:
        return Audience(self.audience).label if self.audience else ""

    @property
    def url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def reviewer_count(self) -> int:
        """How many board members signed off the shown revision (each counted once)."""
        return len({(s.name, s.credentials) for s in self.signoffs})


def _profile_url(user) -> str:
    membership = getattr(user, "board_membership", None)
    return membership.get_absolute_url() if membership is not None else ""


def linked_references(wording: dict, sources: dict[str, dict]) -> list[dict]:
    """The wording's numbered references with their DOI, PMID and address linked,
    formatted from the snapshot's own source data (earlier snapshots stored the
    reference text without links)."""
    return [
        (
            {**ref, "html": format_ama_linked(sources[ref["key"]])}
            if ref.get("key") in sources
            else ref
        )
        for ref in wording.get("references", [])
    ]


def _steps(state: str) -> list[Step]:
    current = STEP_OF_STATE[ReviewState(state)]
    keys = [key for key, _ in STEPS]
    position = keys.index(current)
    return [
        Step(
            key=key,
            label=label,
            done=index < position or current == ReviewState.APPROVED,
            current=index == position,
        )
        for index, (key, label) in enumerate(STEPS)
    ]


def reader_page(
    article: Article, audience: str | None, policy: EditorialPolicyVersion | None
) -> ReaderPage:
    """Build the reader's view of an article from the revision readers are shown
    under ``policy``, the version in force (``ReviewItem.shown_revision``): approved,
    or never approved and marked so. Every field comes from that revision's snapshot."""
    item = article.review_item
    now = timezone.now()
    terms = review.terms_of(policy)
    revision = item.shown_revision(now, terms=terms)
    if revision is None:
        raise Http404("No published article has this address.")
    snapshot = revision.snapshot
    wordings = snapshot["wordings"]
    wording_missing = bool(audience) and audience not in wordings
    wording = wordings.get(audience) if audience in wordings else wordings[DEFAULT_WORDING]
    wording = {**wording, "references": linked_references(wording, snapshot.get("sources", {}))}
    approved = revision.status == ReviewState.APPROVED
    signoffs = []
    changes = []
    next_due = None
    review_due = False
    if approved:
        changes = change_history(item)
        decisions = (
            ReviewDecision.objects.filter(revision=revision, kind__in=SIGN_OFF_KINDS)
            .select_related("reviewer__board_membership", "policy_version", "audit_event")
            .order_by("decided_at")
        )
        signoffs = [
            SignOff(
                name=d.reviewer.get_full_name() or d.reviewer.get_username(),
                credentials=d.reviewer_credentials,
                decided_at=d.decided_at,
                reconfirmed=d.kind == DecisionKind.RECONFIRM,
                conflict_of_interest=d.conflict_of_interest,
                policy_number=d.policy_version.number if d.policy_version else None,
                literature_current_through=d.literature_current_through,
                content_hash=d.content_hash,
                audit_sequence=d.audit_sequence,
                profile_url=_profile_url(d.reviewer),
            )
            for d in decisions
        ]
        if item.last_reviewed_at:
            next_due = review.next_review_due(item, terms)
            review_due = review.is_rereview_due(item, terms)
    scheduled_later = bool(item.scheduled_revision_id) and item.go_live_at > now
    return ReaderPage(
        article=article,
        revision=revision,
        title=snapshot["title"],
        slug=snapshot["slug"],
        topic=snapshot.get("topic", ""),
        audience=audience,
        wording=wording,
        wording_missing=wording_missing,
        status=revision.status,
        status_label=ReviewState(revision.status).label,
        steps=_steps(revision.status),
        approved=approved,
        update_pending=approved
        and item.latest_revision_id != revision.pk
        and item.latest_revision.status in PENDING_STATES,
        update_goes_live_at=item.go_live_at if scheduled_later else None,
        last_updated=revision.submitted_at,
        signoffs=signoffs,
        authors=authors_of(snapshot),
        changes=changes,
        last_reviewed=item.last_reviewed_at if approved else None,
        next_review_due=next_due,
        review_due=review_due,
        policy=policy,
        valid_until=item.go_live_at
        if item.scheduled_revision_id and item.go_live_at > now
        else None,
    )


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    count: int


def topics(terms: PolicyTerms) -> list[Topic]:
    """Every topic readers are shown articles under, and how many (one grouped query)."""
    rows = (
        Article.objects.for_readers(terms)
        .exclude(search_entry__topic="")
        .values("search_entry__topic")
        .annotate(count=Count("pk"))
        .order_by("search_entry__topic")
    )
    return [
        Topic(row["search_entry__topic"], slugify(row["search_entry__topic"]), row["count"])
        for row in rows
    ]


def topic_by_slug(slug: str, terms: PolicyTerms) -> Topic:
    for topic in topics(terms):
        if topic.slug == slug:
            return topic
    raise Http404("No topic has this address.")


def articles_in_topic(topic: Topic, terms: PolicyTerms):
    """A topic's published articles with what readers are shown of each, by title."""
    return (
        Article.objects.for_readers(terms)
        .select_related("review_item")
        .filter(search_entry__topic=topic.name)
        .order_by("search_entry__title", "pk")
    )


@dataclass(frozen=True)
class TopicArticles:
    name: str
    slug: str
    articles: list


def articles_by_topic(terms: PolicyTerms) -> list[TopicArticles]:
    """Every article readers are shown, grouped by topic (by name, the articles of no
    topic last), each group by title: one query."""
    groups: dict[str, list] = {}
    rows = (
        Article.objects.for_readers(terms)
        .select_related("review_item")
        .order_by("search_entry__topic", "search_entry__title", "pk")
    )
    for article in rows:
        groups.setdefault(article.search_entry.topic, []).append(article)
    named = [TopicArticles(name, slugify(name), items) for name, items in groups.items() if name]
    if "" in groups:
        named.append(TopicArticles("", "", groups[""]))
    return named


def signed_off_by(user):
    """The approved articles whose revision readers are shown ``user`` signed off
    (approved or re-confirmed), by title: one query."""
    signed = ReviewDecision.objects.filter(
        revision_id=OuterRef("review_item__live_revision_id"),
        reviewer_id=user.pk,
        kind__in=SIGN_OFF_KINDS,
    )
    return (
        Article.objects.approved()
        .select_related("review_item")
        .filter(Exists(signed))
        .order_by("search_entry__title", "pk")
    )


def recently_reviewed(limit: int = 8):
    """The articles the board approved or re-confirmed most recently."""
    return (
        Article.objects.approved()
        .select_related("review_item")
        .order_by("-review_item__last_reviewed_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class QuestionGroup:
    """Readers' follow-up questions about one article: the editors' backlog of needs."""

    article_id: int
    title: str
    topic: str
    new: int
    answered: int
    total: int


def questions_by_article() -> list[QuestionGroup]:
    """Questions grouped by the article they were asked about (spam left out), the
    most unanswered first, with their topic: one grouped query."""
    from .models import FollowUpQuestion

    status = FollowUpQuestion.Status
    rows = (
        FollowUpQuestion.objects.exclude(status=status.SPAM)
        .values("article_id", "article__title", "article__topic__name")
        .annotate(
            new=Count("pk", filter=Q(status=status.NEW)),
            answered=Count("pk", filter=Q(status=status.ANSWERED)),
            total=Count("pk"),
        )
        .order_by("-new", "-total", "article__title")
    )
    return [
        QuestionGroup(
            r["article_id"],
            r["article__title"],
            r["article__topic__name"] or "",
            r["new"],
            r["answered"],
            r["total"],
        )
        for r in rows
    ]
