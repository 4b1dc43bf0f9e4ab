"""Reads of the review workflow: what readers are shown, the queue, the re-review schedule.

The rule "what readers see of an item" lives here once: :meth:`ReviewItem.shown_revision`
for one item and :func:`shown_to_readers_q` for a query. "What readers can see
changed" is :func:`reader_stamp`, which every cache of reader-facing content is
keyed by.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from .models import (
    PENDING_STATES,
    UNSEEN_BY_READERS,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    CitationCheck,
    DecisionKind,
    EditorialPolicyVersion,
    PolicyTerms,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)
from .registry import readable_before_approval, rereviewed_models

# --------------------------------------------------------------------------- one item


def review_item_of(obj) -> ReviewItem | None:
    """The object's review record, read fresh from the database (never a stale cache)."""
    return (
        ReviewItem.objects.select_related("latest_revision", "live_revision")
        .filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .first()
    )


def latest_revision(obj) -> Revision | None:
    item = review_item_of(obj)
    return item.latest_revision if item else None


def live_revision(obj) -> Revision | None:
    """The last approved revision put live."""
    item = review_item_of(obj)
    return item.live_revision if item else None


def status_of(obj) -> str:
    """The state of the object's newest revision, or ``draft`` before its first submit."""
    revision = latest_revision(obj)
    return revision.status if revision else ReviewState.DRAFT


# --------------------------------------------------------------------------- what readers see


def approved_q(prefix: str = "", *, now: datetime.datetime | None = None) -> Q:
    """Items whose approved revision readers see: live, or scheduled and due.

    Approved content is shown whatever the policy says about content never approved.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}live_revision__isnull": False}) | Q(
        **{
            f"{prefix}scheduled_revision__isnull": False,
            f"{prefix}go_live_at__lte": now,
        }
    )


def shown_to_readers_q(
    prefix: str = "", *, terms: PolicyTerms, now: datetime.datetime | None = None
) -> Q:
    """Items readers may see under the policy ``terms``: approved content (see
    :func:`approved_q`), or content never approved of a kind readers may read before
    approval (see the registry) in a state the policy shows
    (:meth:`PolicyTerms.never_approved_states_shown`).

    Never an item the board has withdrawn. ``prefix`` reaches the review item from
    another model (``"review_item__"``). The same rule as
    :meth:`ReviewItem.shown_revision`, for a query.
    """
    shown = approved_q(prefix, now=now)
    standing = Q(**{f"{prefix}withdrawn_at__isnull": True})
    states = terms.never_approved_states_shown()
    if not states:
        return shown & standing
    before_approval = [
        ct.pk for ct in ContentType.objects.get_for_models(*readable_before_approval()).values()
    ]
    # Found through revision_status_idx: the few revisions in these states, not a
    # join with every item's latest revision.
    waiting = Revision.objects.filter(status__in=states).values("pk")
    never_approved = Q(
        **{
            f"{prefix}content_type__in": before_approval,
            f"{prefix}latest_revision__in": waiting,
        }
    )
    return (shown | never_approved) & standing


def current_policy(on: datetime.date | None = None) -> EditorialPolicyVersion | None:
    """The approved version in force (``EditorialPolicyVersion.objects.in_force``)."""
    return EditorialPolicyVersion.objects.current(on)


def terms_of(policy: EditorialPolicyVersion | None) -> PolicyTerms:
    """The terms a policy version sets; the defaults before any version is in force."""
    return policy.terms if policy else PolicyTerms()


def current_terms() -> PolicyTerms:
    return terms_of(current_policy())


@dataclass(frozen=True)
class ReaderStamp:
    """Where readers stand: the last audit event whose effect they can see.

    ``token`` changes every time the stamp is written, so a cache entry made under
    an older token is never found again; ``changed_at`` is the time of that event
    (the ``Last-Modified`` of reader pages).
    """

    sequence: int
    changed_at: datetime.datetime | None
    token: str


READER_STAMP_KEY = "reviews:reader-stamp"


def _stamp_from_database() -> ReaderStamp:
    last = (
        AuditEvent.objects.exclude(kind__in=UNSEEN_BY_READERS)
        .order_by("-sequence")
        .values("sequence", "occurred_at")
        .first()
    )
    return ReaderStamp(
        sequence=last["sequence"] if last else 0,
        changed_at=last["occurred_at"] if last else None,
        token=uuid.uuid4().hex,
    )


def reader_stamp() -> ReaderStamp:
    """The stamp every cache of reader-facing content is keyed by.

    Kept in the shared cache, so a process answers from the cache without a query;
    rebuilt from the audit log when the cache has lost it. Moved by
    :func:`refresh_reader_stamp` after every commit readers can see the effect of.
    """
    stamp = cache.get(READER_STAMP_KEY)
    if stamp is None:
        cache.add(READER_STAMP_KEY, _stamp_from_database(), timeout=None)
        stamp = cache.get(READER_STAMP_KEY) or _stamp_from_database()
    return stamp


def refresh_reader_stamp() -> ReaderStamp:
    """Read the stamp from the audit log again, under a token never used before.

    Called once a change readers can see has committed. A new token (rather than
    only the new sequence) keeps this safe when two commits refresh in the other
    order: whatever is cached under a token was built after that token was written.
    """
    stamp = _stamp_from_database()
    cache.set(READER_STAMP_KEY, stamp, timeout=None)
    return stamp


# --------------------------------------------------------------------------- the queue


def workflow_stamp() -> str:
    """The audit chain's head: its length and last hash. Every workflow event moves it,
    in the event's transaction (appends are serialised), so what is built from the
    workflow's state and kept under it is never older than it says; the hash tells
    apart two chains of one length (a database restored or made anew)."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_sequence", "last_hash")
    sequence, last_hash = head.first() or (0, "")
    return f"{sequence}-{last_hash[:16]}"


def rereview_cutoff(terms: PolicyTerms) -> datetime.datetime:
    """Content last reviewed at or before this moment is due for review again."""
    return timezone.now() - datetime.timedelta(days=terms.rereview_interval_days)


def _rereviewed(item: ReviewItem) -> bool:
    return ContentType.objects.get_for_id(item.content_type_id).model_class() in rereviewed_models()


def _rereviewed_type_ids() -> list[int]:
    return [ct.pk for ct in ContentType.objects.get_for_models(*rereviewed_models()).values()]


def next_review_due(item: ReviewItem, terms: PolicyTerms | None = None) -> datetime.date | None:
    """When approved content must be reviewed again under the policy in force."""
    if item.last_reviewed_at is None or not _rereviewed(item):
        return None
    terms = terms or current_terms()
    return timezone.localdate(item.last_reviewed_at) + datetime.timedelta(
        days=terms.rereview_interval_days
    )


def is_rereview_due(item: ReviewItem, terms: PolicyTerms | None = None) -> bool:
    """Approved content whose last review is older than the policy's interval."""
    terms = terms or current_terms()
    return (
        bool(item.live_revision_id)
        and item.withdrawn_at is None
        and item.last_reviewed_at is not None
        and item.last_reviewed_at <= rereview_cutoff(terms)
        and _rereviewed(item)
    )


def pending_q() -> Q:
    """Items whose latest revision waits for the board (found through revision_status_idx
    among however many approved revisions, then the items by their own index).

    Never an item the board has withdrawn: nothing of it waits for a decision any more
    (``withdraw`` closes its pending revision; this also holds for any left open).
    """
    pending = Revision.objects.filter(status__in=PENDING_STATES).values("pk")
    return Q(latest_revision__in=pending, withdrawn_at__isnull=True)


def rereview_due_q(terms: PolicyTerms) -> Q:
    """Approved content due for review again; never an item the board has withdrawn."""
    return Q(
        withdrawn_at__isnull=True,
        live_revision__isnull=False,
        last_reviewed_at__lte=rereview_cutoff(terms),
        content_type__in=_rereviewed_type_ids(),
    )


def overdue_q(terms: PolicyTerms) -> Q:
    cutoff = timezone.now() - datetime.timedelta(days=terms.review_turnaround_days)
    return pending_q() & Q(latest_revision__submitted_at__lt=cutoff)


def waiting_item_ids(terms: PolicyTerms) -> list[int]:
    """The ids of every item waiting for the board: a pending revision, or a re-review due.

    Two small index scans (revision_status_idx, reviewitem_last_reviewed_idx). The
    queue then reads those rows by primary key, so its cost follows the number of
    waiting items, not the number of items or revisions.
    """
    pending = ReviewItem.objects.filter(pending_q()).values_list("pk", flat=True)
    due = ReviewItem.objects.filter(rereview_due_q(terms)).values_list("pk", flat=True)
    return sorted({*pending, *due})


def queue(terms: PolicyTerms) -> QuerySet[ReviewItem]:
    """Every item waiting for the board: a pending revision, or a re-review due; oldest first.

    The revisions' snapshots (the whole texts) are not loaded: the queue shows their
    number, state, author and dates.
    """
    return (
        ReviewItem.objects.filter(pk__in=waiting_item_ids(terms))
        .select_related(
            "content_type",
            "latest_revision__submitted_by",
            "live_revision",
            "claimed_by",
        )
        .defer(
            "latest_revision__snapshot",
            "latest_revision__contributor_ids",
            "live_revision__snapshot",
            "live_revision__contributor_ids",
        )
        .order_by("latest_revision__submitted_at", "pk")
    )


def rereview_due_items(terms: PolicyTerms) -> QuerySet[ReviewItem]:
    return ReviewItem.objects.filter(rereview_due_q(terms)).order_by("last_reviewed_at", "pk")


def waiting_for(user, terms: PolicyTerms) -> int:
    """How many queue items a board member could pick up now (free or held by them)."""
    return queue(terms).filter(Q(claimed_by__isnull=True) | Q(claimed_by=user)).count()


# --------------------------------------------------------------------------- transparency

# Sign-offs: the events that put a board member's name under published content.
SIGN_OFF_EVENT_KINDS = ("approve", "reconfirm")


def latest_checkpoints(count: int = 20) -> list[AuditCheckpoint]:
    """The newest signed checkpoints of the audit chain, newest first."""
    return list(AuditCheckpoint.objects.order_by("-sequence", "-signed_at", "-pk")[:count])


def checkpoint_at(sequence: int) -> AuditCheckpoint | None:
    """The first checkpoint signed at ``sequence``, else the first one after it."""
    return (
        AuditCheckpoint.objects.filter(sequence__gte=sequence)
        .order_by("sequence", "signed_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class SignOffReceipt:
    """What a reader needs to check a public sign-off: the event, its checkpoint, the content."""

    event: AuditEvent
    checkpoint: AuditCheckpoint | None
    snapshot: dict


def sign_off_receipt(sequence: int) -> SignOffReceipt | None:
    """The receipt of the sign-off recorded by event ``sequence``, while readers are shown
    the revision it signed off; None for any other event."""
    event = (
        AuditEvent.objects.filter(sequence=sequence, kind__in=SIGN_OFF_EVENT_KINDS)
        .select_related("revision", "item")
        .first()
    )
    if event is None or event.item is None or event.revision_id is None:
        return None
    if getattr(event.item.shown_revision(), "pk", None) != event.revision_id:
        return None
    return SignOffReceipt(
        event=event, checkpoint=checkpoint_at(sequence), snapshot=event.revision.snapshot
    )


def with_approvals(items: QuerySet[ReviewItem], user) -> QuerySet[ReviewItem]:
    """``items`` with ``approval_count`` (approvals of each latest revision) and
    ``you_approved`` (whether ``user`` gave one), in the same query."""
    approvals = ReviewDecision.objects.filter(
        revision=OuterRef("latest_revision"), kind=DecisionKind.APPROVE
    )
    count = approvals.values("revision").annotate(n=Count("pk")).values("n")
    return items.annotate(
        approval_count=Coalesce(Subquery(count), 0),
        you_approved=Exists(approvals.filter(reviewer_id=user.pk)),
    )


def with_needs(items: QuerySet[ReviewItem], terms: PolicyTerms) -> QuerySet[ReviewItem]:
    """``items`` with ``needed_specialty`` (the specialty the policy requires for the
    latest revision's topic, else None) and ``specialty_met`` (an approval of the
    latest revision comes from it), in the same query."""
    if not terms.specialty_rules:
        return items.annotate(
            needed_specialty=Value(None, output_field=CharField()), specialty_met=Value(True)
        )
    topic = Lower(KeyTextTransform("topic", "latest_revision__snapshot"))
    needed, met = [], []
    for rule_topic, specialty in terms.specialty_rules:
        given = ReviewDecision.objects.filter(
            revision=OuterRef("latest_revision"),
            kind=DecisionKind.APPROVE,
            reviewer__board_membership__specialties__name__iexact=specialty,
        )
        when = Q(needs_topic=rule_topic.casefold())
        needed.append(When(when, then=Value(specialty)))
        met.append(When(when, then=Exists(given)))
    return items.annotate(needs_topic=topic).annotate(
        needed_specialty=Case(*needed, default=Value(None), output_field=CharField()),
        specialty_met=Case(*met, default=Value(True), output_field=BooleanField()),
    )


def next_waiting_for(user, terms: PolicyTerms, *, after: ReviewItem) -> ReviewItem | None:
    """The oldest other queue item ``user`` could act on now: free or held by them,
    not their own content, and not already approved by them. One query."""
    candidates = (
        with_approvals(ReviewItem.objects.filter(pending_q() | rereview_due_q(terms)), user)
        .filter(Q(claimed_by__isnull=True) | Q(claimed_by=user))
        .exclude(pk=after.pk)
        .exclude(latest_revision__submitted_by=user)
        .select_related("latest_revision")
        .defer("latest_revision__snapshot")
        .order_by("latest_revision__submitted_at", "pk")
    )
    for item in candidates[:20]:
        pending = item.latest_revision.status in PENDING_STATES
        if user.pk in item.latest_revision.contributor_ids or (pending and item.you_approved):
            continue
        return item
    return None


def desk_citations(shown, revisions, checks) -> list[dict]:
    """Each source ``shown`` cites: its data, the wordings that cite it, and its check.

    A tick on this revision counts; else a tick on an earlier revision of the same
    item is carried over when the source's reference is unchanged since (``carried``
    names that revision), so an unchanged citation need not be checked again.
    """
    ticks: dict[tuple[int, str], CitationCheck] = {
        (c.revision_id, c.source_key): c for c in checks.select_related("checked_by")
    }
    usage: dict[str, list[str]] = {}
    for wording, text in shown.snapshot.get("wordings", {}).items():
        for reference in text.get("references", []):
            usage.setdefault(reference["key"], []).append(
                f"{wording.replace('_', ' ').capitalize()} [{reference['number']}]"
            )
    earlier = [r for r in revisions if r.number < shown.number]
    result = []
    for key, data in sorted(shown.snapshot.get("sources", {}).items()):
        check, carried = ticks.get((shown.pk, key)), None
        if check is None:
            for revision in earlier:  # newest first
                if revision.snapshot.get("sources", {}).get(key) != data:
                    break
                tick = ticks.get((revision.pk, key))
                if tick is not None:
                    check, carried = (tick, revision) if tick.checked else (None, None)
                    break
        result.append(
            {
                "key": key,
                "data": data,
                "check": check,
                "checked": bool(check and check.checked),
                "carried": carried,
                "used_in": usage.get(key, []),
            }
        )
    return result
