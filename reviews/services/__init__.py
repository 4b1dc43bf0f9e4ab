"""The review workflow's services: the only code that changes workflow state.

``from reviews import services as review`` gives the whole API: ``submit``,
``start_review``, ``claim``, ``release``, ``approve``, ``request_changes``,
``reconfirm``, ``set_citation_checked``, the reads ``status_of``,
``latest_revision``, ``live_revision``, and ``TransitionRefused``; scheduled
publishing: ``approve(go_live_at=...)``, ``reschedule``, ``publish_due``.
"""

from .policy import add_policy_version
from .publishing import publish_due, publish_due_item, reschedule
from .reminders import send_review_reminders
from .workflow import (
    TransitionRefused,
    approve,
    claim,
    content_hash,
    current_policy,
    current_terms,
    is_rereview_due,
    latest_revision,
    live_revision,
    next_review_due,
    reconfirm,
    release,
    request_changes,
    review_item_of,
    set_citation_checked,
    start_review,
    status_of,
    submit,
)

__all__ = [
    "publish_due",
    "publish_due_item",
    "reschedule",
    "TransitionRefused",
    "add_policy_version",
    "approve",
    "claim",
    "content_hash",
    "current_policy",
    "current_terms",
    "is_rereview_due",
    "latest_revision",
    "live_revision",
    "next_review_due",
    "reconfirm",
    "release",
    "request_changes",
    "review_item_of",
    "send_review_reminders",
    "set_citation_checked",
    "start_review",
    "status_of",
    "submit",
]
