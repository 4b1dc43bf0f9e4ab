"""The review workflow's services: the only code that changes workflow state.

``from reviews import services as review`` gives the transitions: ``submit``,
``start_review``, ``claim``, ``release``, ``approve``, ``request_changes``,
``reconfirm``, ``set_citation_checked``, scheduled publishing (``approve(go_live_at=...)``,
``reschedule``, ``publish_if_due``, ``publish_due``), policy versions and reminders, and
``TransitionRefused``. Reads are in ``reviews.selectors``.
"""

from .policy import add_policy_version
from .publishing import publish_due, publish_if_due, reschedule
from .reminders import send_review_reminders
from .steps import TransitionRefused
from .workflow import (
    approve,
    claim,
    content_hash,
    reconfirm,
    release,
    request_changes,
    set_citation_checked,
    start_review,
    submit,
)

__all__ = [
    "TransitionRefused",
    "add_policy_version",
    "approve",
    "claim",
    "content_hash",
    "publish_due",
    "publish_if_due",
    "reconfirm",
    "release",
    "request_changes",
    "reschedule",
    "send_review_reminders",
    "set_citation_checked",
    "start_review",
    "submit",
]
