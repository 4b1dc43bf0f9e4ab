"""The review desk's impact preview: what a pending change does to the clinical test set.

This module is the interpretation app's ``review_desk`` (see
``reviews.registry``). For a pending change to reference data or guidance,
every approved case of the clinical test set is run twice, with the approved
(live) content and with the same content but this revision in place of the
live one, and the cases whose outcome changes (findings, bands, grades, flags,
alerts, the instruction, or the words a reader is shown) are listed side by
side. Approving such a change needs the reviewer to confirm each changed case.
A pending test case is run against the live content: whether it passes, and,
when it does not, a confirmation that the case is meant to fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from reviews.registry import ApprovalRequirement, DeskPanel

from . import clinical_cases, engine, presenters
from .models import READER_MODELS, ClinicalTestCase
from .reference import (
    LiveReference,
    ReferenceDataMissing,
    approved_snapshots,
    approved_test_cases,
    build_live_reference,
)

TEMPLATE = "interpretation/review_impact.html"


@dataclass(frozen=True)
class CaseImpact:
    name: str
    rule: str
    changes: tuple[str, ...]  # what differs, live → pending
    live: dict
    pending: dict
    failures: tuple[str, ...] = ()  # where the pending outcome misses what the case expects


@dataclass
class Impact:
    kind: str  # "reference" (a change to data or wording) or "case" (a test case)
    checked: int = 0
    changed: list[CaseImpact] = field(default_factory=list)
    problem: str = ""  # why no comparison could be made, or what the pending data breaks

    def requirements(self) -> list[ApprovalRequirement]:
        found = [
            ApprovalRequirement(
                f"case:{case.name}",
                f"Case “{case.name}” changes: {'; '.join(case.changes)}.",
            )
            for case in self.changed
            if case.changes
        ]
        found += [
            ApprovalRequirement(
                f"fails:{case.name}",
                f"Case “{case.name}” does not pass with the live data: {'; '.join(case.failures)}.",
            )
            for case in self.changed
            if self.kind == "case" and case.failures
        ]
        return found


def outcome(case: dict, reference: LiveReference) -> dict:
    """A case's outcome with ``reference``: the engine's, and the words a reader is shown
    (headline, instruction and alert titles, default audience)."""
    answer = clinical_cases.run(case, reference.data)
    got = clinical_cases.outcome(answer)
    try:
        if isinstance(answer, engine.InputErrors):
            box = presenters.provisional_instruction(answer, reference, None)
            got["wording"] = {"instruction": box.title if box else None}
        else:
            page = presenters.build_page(answer, reference, None)
            got["wording"] = {
                "headline": page.headline,
                "instruction": page.instruction.title if page.instruction else None,
                "alerts": [r.title for r in page.instruction.reasons] if page.instruction else [],
            }
    except presenters.WordingMissing as missing:
        got["wording"] = {"missing": str(missing)}
    return got


def _build(snapshots) -> LiveReference | str:
    try:
        return build_live_reference(snapshots)
    except ReferenceDataMissing as missing:
        return "; ".join(missing.problems) or str(missing)


def impact_of(item, revision) -> Impact | None:
    """What approving ``revision`` of ``item`` would change, or None for content the
    clinical test set does not judge."""
    model = ContentType.objects.get_for_id(item.content_type_id).model_class()
    if model is ClinicalTestCase:
        return _case_impact(revision)
    if model not in READER_MODELS:
        return None
    cases = approved_test_cases()
    result = Impact("reference", checked=len(cases))
    if not cases:
        return result
    snapshots = approved_snapshots()
    live = _build(snapshots.values())
    if isinstance(live, str):
        result.problem = f"No comparison: the live content cannot be applied yet ({live})."
        return result
    pending = _build({**snapshots, item.pk: revision.snapshot}.values())
    if isinstance(pending, str):
        result.problem = f"With this revision the engine refuses the data: {pending}"
        return result
    for case in cases:
        before, after = outcome(case, live), outcome(case, pending)
        changes = clinical_cases.differences(before, after)
        if changes:
            result.changed.append(
                CaseImpact(
                    case["id"],
                    case["rule"],
                    tuple(changes),
                    before,
                    after,
                    tuple(clinical_cases.failures(case["expect"], after)),
                )
            )
    return result


def _case_impact(revision) -> Impact:
    snapshot = revision.snapshot
    case = {
        "id": snapshot["name"],
        "rule": snapshot["rule"],
        "patient": snapshot["patient"],
        "values": snapshot["values"],
        "expect": snapshot["expected"],
    }
    result = Impact("case", checked=1)
    live = _build(approved_snapshots().values())
    if isinstance(live, str):
        result.problem = f"No comparison: the live content cannot be applied yet ({live})."
        return result
    got = outcome(case, live)
    failures = tuple(clinical_cases.failures(case["expect"], got))
    result.changed.append(CaseImpact(case["id"], case["rule"], (), got, got, failures))
    return result


# --------------------------------------------------------------------------- the desk's hooks


def desk_panels(item, pending, live) -> list[DeskPanel]:
    if pending is None:
        return []
    found = impact_of(item, pending)
    if found is None:
        return []
    return [DeskPanel(TEMPLATE, {"impact": found})]


def approval_requirements(item, revision) -> list[ApprovalRequirement]:
    found = impact_of(item, revision)
    return [] if found is None else found.requirements()
