"""The editorial policy: versions are added, never edited or removed."""

from __future__ import annotations

from django.db import transaction

from ..audit import record_event
from ..history import save_recorded
from ..models import AuditEventKind, EditorialPolicyVersion


def add_policy_version(
    *,
    by,
    effective_date,
    body_markdown: str,
    change_note: str,
    approvals_required: int = 1,
    rereview_interval_days: int = 365,
    review_turnaround_days: int = 7,
) -> EditorialPolicyVersion:
    """Add the next version of the editorial policy. Earlier versions are kept as they are."""
    from markup.rendering import render_markdown

    with transaction.atomic():
        last = EditorialPolicyVersion.objects.select_for_update().order_by("-number").first()
        version = EditorialPolicyVersion(
            number=(last.number + 1) if last else 1,
            effective_date=effective_date,
            body_markdown=body_markdown,
            body_html=render_markdown(body_markdown),
            change_note=(change_note or "").strip(),
            approvals_required=approvals_required,
            rereview_interval_days=rereview_interval_days,
            review_turnaround_days=review_turnaround_days,
            created_by=by if getattr(by, "pk", None) else None,
        )
        version.full_clean()
        save_recorded(version, by=by, reason=f"Policy version {version.number}: {change_note}")
        record_event(
            AuditEventKind.POLICY_CHANGE,
            actor=by,
            summary=f"Editorial policy version {version.number}: {version.change_note}",
            data={
                "number": version.number,
                "effective_date": version.effective_date.isoformat(),
                "approvals_required": version.approvals_required,
                "rereview_interval_days": version.rereview_interval_days,
                "review_turnaround_days": version.review_turnaround_days,
            },
        )
        return version
