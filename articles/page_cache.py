"""The reader pages' cache: whole rendered pages, keyed by the audit chain's head.

Every change readers can see is a workflow event in the hash-chained audit log,
written in the same transaction: a revision submitted, taken under review,
approved, sent back, re-confirmed, scheduled or published, a new editorial policy
version, a bulk load. So the chain head's sequence number (one primary-key read)
is a stamp that moves, on commit, exactly when reader content may have changed,
and every process sees it without sharing a cache. Cached pages are keyed by it:
old keys become unreachable at once and nothing stale is served, whichever
cache backend is configured (Redis in production shares the rendered pages too).
Keys also hold the day, because "review due" and the policy in force depend on it.

A request reads the stamp before it reads content, so what it stores under a stamp
is never older than that stamp. Never cached here: anything holding a reader's lab
values or form input.
"""

from __future__ import annotations

from django.db.models import Subquery
from django.utils import timezone

from reviews.models import AuditChainHead, EditorialPolicyVersion

PAGE_SECONDS = 60 * 60


def _head():
    return AuditChainHead.objects.filter(pk=1)


# What reader pages use of the policy in force: its number and its review terms.
_POLICY_FIELDS = (
    "id",
    "number",
    "effective_date",
    "approvals_required",
    "rereview_interval_days",
    "review_turnaround_days",
)


def reader_state() -> tuple[int, EditorialPolicyVersion | None]:
    """The stamp and the policy in force (the fields pages use), in one query."""
    in_force = EditorialPolicyVersion.objects.in_force()
    row = (
        _head()
        .annotate(**{f"policy_{f}": Subquery(in_force.values(f)[:1]) for f in _POLICY_FIELDS})
        .values("last_sequence", *(f"policy_{f}" for f in _POLICY_FIELDS))
        .first()
    )
    if row is None:  # nothing has happened yet: no event, so no content and no policy
        return 0, None
    policy = None
    if row["policy_id"] is not None:
        policy = EditorialPolicyVersion(**{f: row[f"policy_{f}"] for f in _POLICY_FIELDS})
    return row["last_sequence"], policy


def page_key(kind: str, *parts, state: tuple | None = None) -> str:
    """The cache key of one rendered page under the current stamp and day."""
    stamp, _ = state or reader_state()
    fixed = [stamp, timezone.localdate().isoformat(), *parts]
    return f"reader-page:v1:{kind}:" + ":".join(map(str, fixed))
