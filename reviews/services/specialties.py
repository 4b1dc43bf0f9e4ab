"""The editorial policy's specialty rule: content on some topics goes live only with
an approval from a board member in a given specialty (e.g. a hematologist for
blood-count content). ``approve`` refuses the final approval without one."""

from __future__ import annotations

from ..models import BoardMember, DecisionKind, PolicyTerms, Revision
from .steps import TransitionRefused


def required_specialty(revision: Revision, terms: PolicyTerms) -> str | None:
    """The specialty the policy requires among the approvals of ``revision``, if any."""
    return terms.specialty_for(str(revision.snapshot.get("topic") or ""))


def require_specialty(revision: Revision, *, by, terms: PolicyTerms) -> None:
    """Refuse the approval that would put ``revision`` live without an approval from
    the specialty its topic needs (``by``'s own counts)."""
    specialty = required_specialty(revision, terms)
    if specialty is None:
        return
    approvers = set(
        revision.decisions.filter(kind=DecisionKind.APPROVE).values_list("reviewer_id", flat=True)
    )
    if len(approvers) + 1 < terms.approvals_required:
        return  # not the final approval: a specialist may still give a later one
    if BoardMember.objects.filter(
        user_id__in=approvers | {by.pk}, is_active=True, specialties__name__iexact=specialty
    ).exists():
        return
    raise TransitionRefused(
        f"This would be the last approval needed, but the editorial policy needs one from "
        f"a board member in {specialty} for “{revision.snapshot.get('topic')}” content, and "
        "none of the approvals is. Leave it for a board member in that specialty."
    )
