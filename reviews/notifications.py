"""Email about the workflow, written to the outbox with the change that causes it.

Each function is called inside the service's transaction: the emails are queued
(``outbox.services.queue_email``) in the same transaction as the decision, so
nobody is told about a change that was rolled back, and no committed change goes
untold. The worker delivers them; a mail server that is down delays the mail,
never the decision. Each email is keyed by its event and recipient, so it is
sent once however often its delivery runs.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.urls import reverse

from outbox.services import queue_email

from .models import (
    BoardMember,
    DecisionKind,
    PolicyTerms,
    ReviewDecision,
    ReviewItem,
    Revision,
    display_name,
)
from .services.steps import format_day, format_when

_muted = contextvars.ContextVar("workflow_mail_muted", default=False)


@contextlib.contextmanager
def muted():
    """Queue no workflow mail inside this block (loading demo or imported content)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _queue_link(item_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "admin:reviews_reviewqueue_review", args=[item_id]
    )


def _board_emails(exclude_ids=()) -> list[str]:
    return sorted(
        email
        for email in BoardMember.objects.filter(is_active=True, user__is_active=True)
        .exclude(user_id__in=list(exclude_ids))
        .values_list("user__email", flat=True)
        if email
    )


def _queue(event: str, recipients: list[str], subject: str, body: str) -> None:
    if _muted.get():
        return
    for recipient in recipients:
        queue_email(
            key=f"{event}:{recipient}", event=event, to=recipient, subject=subject, body=body
        )


def revision_submitted(revision: Revision) -> None:
    """Tell the board (but the revision's own contributors) that a revision waits."""
    item = revision.item
    body = (
        f"{display_name(revision.submitted_by)} submitted revision {revision.number} of "
        f"“{item.title}” for review.\n\n"
        + (f"Their note: {revision.note}\n\n" if revision.note else "")
        + f"Review it here: {_queue_link(item.pk)}\n"
    )
    _queue(
        f"revision-submitted:{revision.pk}",
        _board_emails(exclude_ids=revision.contributor_ids),
        f"[Review] New revision waiting: {item.title}",
        body,
    )


def _approval(decision: ReviewDecision, item: ReviewItem, who: str) -> tuple[str, str]:
    """(how the subject ends, the opening) of an approval's email: "approved" only
    when the revision is live, otherwise the approvals recorded so far."""
    revision = decision.revision
    if item.live_revision_id == revision.pk:
        return "approved", (
            f"Revision {revision.number} of “{item.title}” was approved by {who}. It is now live."
        )
    terms = decision.policy_version.terms if decision.policy_version else PolicyTerms()
    count = revision.decisions.filter(kind=DecisionKind.APPROVE, pk__lte=decision.pk).count()
    recorded = f"approval {count} of {terms.approvals_required} recorded"
    opening = f"{who} approved revision {revision.number} of “{item.title}”: {recorded}."
    if item.scheduled_revision_id == revision.pk:
        when = format_when(item.go_live_at)
        return f"{recorded}, goes live {when}", (
            f"{opening} It goes live at {when}; you will get another message when it does."
        )
    return recorded, (
        f"{opening} It goes live once {terms.approvals_required} board members have approved it."
    )


def decision_made(decision: ReviewDecision) -> None:
    """Tell the revision's submitter what a board member decided, and where it stands."""
    revision = decision.revision
    author = revision.submitted_by
    if not author.email:
        return
    item = ReviewItem.objects.get(pk=revision.item_id)  # as the decision left it
    who = f"{display_name(decision.reviewer)}, {decision.reviewer_credentials}"
    if decision.kind == DecisionKind.APPROVE:
        outcome, opening = _approval(decision, item, who)
    else:
        outcome = {
            DecisionKind.REQUEST_CHANGES: "sent back with a request for changes",
            DecisionKind.RECONFIRM: "re-confirmed without changes",
        }[DecisionKind(decision.kind)]
        opening = f"Revision {revision.number} of “{item.title}” was {outcome} by {who}."
    body = (
        f"{opening}\n\n"
        + (f"Comment:\n{decision.comment}\n\n" if decision.comment else "")
        + f"Details: {_queue_link(item.pk)}\n"
    )
    _queue(f"decision:{decision.pk}", [author.email], f"[Review] {item.title}: {outcome}", body)


def revision_published(item: ReviewItem, revision: Revision, *, how: str) -> None:
    """Tell the submitter that their approved, scheduled revision is now live."""
    author = revision.submitted_by
    if not author.email:
        return
    body = (
        f"Revision {revision.number} of “{item.title}” was approved by the board and is "
        f"now live ({how.lower()}).\n\n"
        f"Details: {_queue_link(item.pk)}\n"
    )
    _queue(
        f"published:{revision.pk}",
        [author.email],
        f"[Review] {item.title}: approved and now live",
        body,
    )


def rereview_due(item: ReviewItem, due_on: datetime.date) -> None:
    """Tell the board that approved content is due for its periodic review."""
    body = (
        f"“{item.title}” is due for its periodic review on {format_day(due_on)}. "
        "Re-confirm it if it is still accurate, or ask the editors for changes.\n\n"
        f"Open it here: {_queue_link(item.pk)}\n"
    )
    _queue(
        f"rereview-due:{item.pk}:{due_on.isoformat()}",
        _board_emails(),
        f"[Review] Re-review due: {item.title}",
        body,
    )
