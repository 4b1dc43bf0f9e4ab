"""Email about the workflow, through Django's email framework.

Called after the transaction commits (``transaction.on_commit``), so nobody is
told about a change that was rolled back. Failures to send are logged, never
raised into the workflow: the decision stands whether or not the mail went out.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from .models import BoardMember, DecisionKind, ReviewDecision, ReviewItem, Revision, display_name
from .validators import one_line

logger = logging.getLogger(__name__)
_muted = contextvars.ContextVar("workflow_mail_muted", default=False)


@contextlib.contextmanager
def muted():
    """Send no workflow mail inside this block (loading demo or imported content)."""
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


SUBJECT_LENGTH = 200


def subject_line(text: str) -> str:
    """A mail subject from text people wrote: one line (a header may hold no line
    break, so Django would refuse it), at most SUBJECT_LENGTH characters."""
    line = one_line(text)
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1] + "…"


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients or _muted.get():
        return
    subject = subject_line(subject)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as exc:  # mail trouble must not undo a committed decision
        logger.exception(
            "Could not send workflow email %r to %d recipient(s): %s: %s",
            subject,
            len(recipients),
            type(exc).__name__,
            exc,
        )


def revision_submitted(revision_id: int) -> None:
    revision = Revision.objects.select_related("item", "submitted_by").get(pk=revision_id)
    item = revision.item
    body = (
        f"{display_name(revision.submitted_by)} submitted revision {revision.number} of "
        f"“{item.title}” for review.\n\n"
        + (f"Their note: {revision.note}\n\n" if revision.note else "")
        + f"Review it here: {_queue_link(item.pk)}\n"
    )
    _send(
        f"[Review] New revision waiting: {item.title}",
        body,
        _board_emails(exclude_ids=revision.contributor_ids),
    )


def decision_made(decision_id: int) -> None:
    decision = ReviewDecision.objects.select_related(
        "revision__item", "revision__submitted_by", "reviewer"
    ).get(pk=decision_id)
    revision = decision.revision
    author = revision.submitted_by
    if not author.email:
        return
    verdict = {
        DecisionKind.APPROVE: "approved",
        DecisionKind.REQUEST_CHANGES: "sent back with a request for changes",
        DecisionKind.RECONFIRM: "re-confirmed without changes",
    }[DecisionKind(decision.kind)]
    body = (
        f"Revision {revision.number} of “{revision.item.title}” was {verdict} by "
        f"{display_name(decision.reviewer)}, {decision.reviewer_credentials}.\n\n"
        + (f"Comment:\n{decision.comment}\n\n" if decision.comment else "")
        + f"Details: {_queue_link(revision.item_id)}\n"
    )
    _send(f"[Review] {revision.item.title}: {verdict}", body, [author.email])


def rereview_due(item_id: int, due_on) -> None:
    item = ReviewItem.objects.get(pk=item_id)
    body = (
        f"“{item.title}” is due for its periodic review on {due_on:%B %-d, %Y}. "
        "Re-confirm it if it is still accurate, or ask the editors for changes.\n\n"
        f"Open it here: {_queue_link(item.pk)}\n"
    )
    _send(f"[Review] Re-review due: {item.title}", body, _board_emails())
