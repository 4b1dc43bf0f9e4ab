"""The editorial policy: editors draft versions; the board approves them.

A version is content under the one review workflow (``submit``, then the board's
``approve``), approved by the number of approvals the policy *in force* sets. It
takes effect once approved and its effective date has come
(``EditorialPolicyVersion.objects.in_force``). Nothing here makes a version take
effect. A draft may change until it is submitted; after that a change is a new
version. Earlier versions are kept as they are.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import policy_text
from ..history import save_recorded
from ..models import EditorialPolicyVersion

DRAFT_FIELDS = (
    "effective_date",
    "change_note",
    "body_markdown",
    "about_markdown",
    "approvals_required",
    "rereview_interval_days",
    "review_turnaround_days",
    "show_waiting_for_review",
    "show_sent_back",
    "required_specialties",
)


def _require_future(effective_date: datetime.date | None) -> None:
    if effective_date is not None and effective_date < timezone.localdate():
        raise ValidationError(
            {
                "effective_date": [
                    "The effective date has passed: a version takes effect only once the "
                    "board has approved it, so choose today or a later day."
                ]
            }
        )


def _apply(version: EditorialPolicyVersion, fields: dict[str, Any]) -> None:
    from markup.rendering import render_markdown

    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown policy fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(version, name, value)
    version.change_note = (version.change_note or "").strip()
    _require_future(version.effective_date)
    version.full_clean(exclude=["review_item"])
    values = version.settings_values()
    version.body_html = render_markdown(
        policy_text.fill_placeholders(version.body_markdown, values)
    )
    about = (version.about_markdown or "").strip()
    version.about_markdown = about
    version.about_html = (
        render_markdown(policy_text.fill_placeholders(about, values)) if about else ""
    )


def _reason(reason: str, fallback: str) -> str:
    return (reason or "").strip() or fallback


def draft_policy_version(*, by, reason: str = "", **fields: Any) -> EditorialPolicyVersion:
    """Start the next version of the editorial policy, as a draft.

    Guarded: the effective date is today or later; the text states no numbers of
    its own and names only known placeholders; the settings are at least 1 and the
    approvals can be given by the board (``EditorialPolicyVersion.clean``). The
    draft has no effect until the board approves it.
    """
    with transaction.atomic():
        last = EditorialPolicyVersion.objects.select_for_update().order_by("-number").first()
        version = EditorialPolicyVersion(
            number=(last.number + 1) if last else 1,
            created_by=by if getattr(by, "pk", None) else None,
        )
        _apply(version, fields)
        save_recorded(
            version,
            by=by,
            reason=_reason(reason, f"Drafted policy version {version.number}"),
        )
        return version


def edit_policy_draft(
    version: EditorialPolicyVersion, *, by, reason: str = "", **changes: Any
) -> EditorialPolicyVersion:
    """Change a draft that has not been submitted.

    Guarded: the version was never submitted (a submitted version is what the
    board judges, and never changes); the same checks as a new draft.
    """
    with transaction.atomic():
        version = EditorialPolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.review_item_id is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        f"Version {version.number} was submitted for review, so it cannot "
                        "change. Add a new version with the changes instead."
                    ]
                }
            )
        _apply(version, changes)
        save_recorded(
            version, by=by, reason=_reason(reason, f"Edited draft version {version.number}")
        )
        return version
