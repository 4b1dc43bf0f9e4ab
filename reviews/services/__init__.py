"""The review workflow's services: the only code that changes workflow state.

``from reviews import services as review`` gives the transitions: ``submit``,
``start_review``, ``claim``, ``release``, ``approve``, ``request_changes``,
``reconfirm``, ``set_citation_checked``; scheduled publishing
(``approve(go_live_at=...)``, ``reschedule``, ``publish_if_due``, ``publish_due``);
drafts of policy versions (``draft_policy_version``, ``edit_policy_draft``: the board
approves them through the same workflow); board membership (``add_board_member``,
``change_credentials``, ``change_declared_interests``, ``deactivate_board_member``,
``reactivate_board_member``); reminders; claiming and deciding in one step from the
desk (``decide``); comments on a passage (``add_comment``, ``resolve_comment``,
``withdraw_comment``); ``withdraw`` (a board decision that takes content off the
site); and ``TransitionRefused``. Reads are in ``reviews.selectors``.
"""

from .board import (
    add_board_member,
    add_specialty,
    change_credentials,
    change_declared_interests,
    deactivate_board_member,
    reactivate_board_member,
    set_board_member_active,
    set_specialties,
)
from .comments import add_comment, resolve_comment, withdraw_comment
from .desk import decide
from .policy import draft_policy_version, edit_policy_draft
from .publishing import publish_due, publish_if_due, reschedule
from .reminders import send_review_reminders
from .steps import TransitionRefused
from .withdrawal import withdraw
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
    "add_board_member",
    "add_comment",
    "add_specialty",
    "approve",
    "change_credentials",
    "change_declared_interests",
    "claim",
    "content_hash",
    "deactivate_board_member",
    "decide",
    "draft_policy_version",
    "edit_policy_draft",
    "publish_due",
    "reactivate_board_member",
    "publish_if_due",
    "reconfirm",
    "release",
    "request_changes",
    "resolve_comment",
    "reschedule",
    "send_review_reminders",
    "set_board_member_active",
    "set_citation_checked",
    "set_specialties",
    "start_review",
    "submit",
    "withdraw",
    "withdraw_comment",
]
