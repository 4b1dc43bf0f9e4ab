"""The reader pages' cache: whole rendered pages, keyed by the audit chain's head.

Every change readers can see is a workflow event in the hash-chained audit log,
written in the same transaction: a revision submitted, taken under review,
approved, sent back, re-confirmed, scheduled or published, a new editorial policy
version, a bulk load. The chain head keeps the sequence of the last such event
(``reader_sequence``; a claim released or a citation ticked on the review desk
changes nothing a reader sees and leaves it alone). So that number (one
primary-key read) is a stamp that moves, on commit, exactly when reader content
may have changed, and every process sees it without sharing a cache. Cached
pages are keyed by it: old keys become unreachable at once and nothing stale is
served, whichever cache backend is configured (Redis in production shares the
rendered pages too). Keys also hold the day, because "review due" and the policy
in force depend on it.

A request reads the stamp before it reads content, so what it stores under a stamp
is never older than that stamp. Never cached here: anything holding a reader's lab
values or form input.
"""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.middleware.csrf import get_token
from django.utils import timezone

from reviews.models import EditorialPolicyVersion

PAGE_SECONDS = 60 * 60


# What reader pages use of the policy in force: its number and its review terms.
_POLICY_FIELDS = (
    "id",
    "number",
    "effective_date",
    "approvals_required",
    "rereview_interval_days",
    "review_turnaround_days",
)
# One small query on every page view, so written once as SQL rather than built by
# the ORM each time: the chain head's reader sequence beside the policy version in force
# (the same rule as EditorialPolicyVersion.objects.in_force()).
_STATE_SQL = (
    "SELECT head.reader_sequence, policy.id, policy.number, policy.effective_date, "
    "policy.approvals_required, policy.rereview_interval_days, "
    "policy.review_turnaround_days FROM reviews_auditchainhead AS head "
    "LEFT JOIN (SELECT * FROM reviews_editorialpolicyversion WHERE effective_date <= %s "
    "ORDER BY effective_date DESC, number DESC LIMIT 1) AS policy ON 1 = 1 "
    "WHERE head.id = 1"
)


def reader_state() -> tuple[int, EditorialPolicyVersion | None]:
    """The stamp and the policy in force (the fields pages use), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, [timezone.localdate()])
        row = cursor.fetchone()
    if row is None:  # nothing has happened yet: no event, so no content and no policy
        return 0, None
    stamp, *values = row
    if values[0] is None:
        return stamp, None
    fields = dict(zip(_POLICY_FIELDS, values, strict=True))
    if isinstance(fields["effective_date"], str):  # SQLite hands dates back as text
        fields["effective_date"] = datetime.date.fromisoformat(fields["effective_date"])
    return stamp, EditorialPolicyVersion(**fields)


def page_key(kind: str, *parts, state: tuple | None = None) -> str:
    """The cache key of one rendered page under the current stamp and day."""
    stamp, _ = state or reader_state()
    fixed = [stamp, timezone.localdate().isoformat(), *parts]
    return f"reader-page:v1:{kind}:" + ":".join(map(str, fixed))


# A cached page holds a placeholder where its form's CSRF token goes; each request
# gets its own token put back.
_TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_SLOT = "\x00csrf\x00"  # noqa: S105 (a placeholder, not a secret)


def without_token(html: str) -> str:
    return _TOKEN_FIELD.sub(rf"\g<1>{_TOKEN_SLOT}\g<2>", html)


def with_token(request, html: str) -> str:
    return html.replace(_TOKEN_SLOT, get_token(request))


def fresh_needed(request) -> bool:
    """A one-off message (e.g. "thank you") is part of the page: render it fresh."""
    return bool(request.COOKIES.get("messages"))
