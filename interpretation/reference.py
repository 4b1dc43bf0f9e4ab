"""The engine's reference data and the page's wording, read from approved revisions only.

Each reviewable row contributes the snapshot of the revision readers are shown
(``ReviewItem.shown_revision``): for reference data and guidance that is an
approved revision, never one waiting for the board, and drafts contribute
nothing. Nothing else is read: no working copy, no default in code.

The built data is kept once per process and reader stamp
(``reviews.selectors.reader_stamp``), which every approval moves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from articles.citations import format_ama_linked, format_ama_text
from reviews.models import ReviewItem
from reviews.selectors import reader_stamp

from . import engine
from .models import READER_MODELS, ClinicalTestCase


@dataclass(frozen=True)
class GuidanceText:
    """An approved block's title, rendered text and the source keys it cites."""

    title: str
    html: str
    references: tuple[str, ...]


Slot = tuple[str, str, str, str]  # (key, severity, section, audience): see interpretation.wording


@dataclass(frozen=True)
class LiveReference:
    data: engine.ReferenceData
    guidance: dict[Slot, GuidanceText]
    sources: dict[str, dict]
    # Each source's AMA citation as (html, text), formatted once per build.
    citations: dict[str, tuple[str, str]]
    # Approved rows left out, and why: an analyte is read only once its plausibility
    # limits are approved too, and rows of an analyte not read are not applied.
    left_out: tuple[str, ...] = ()


class ReferenceDataMissing(RuntimeError):
    """No usable approved reference data: the tool answers that it is not available.

    ``problems`` lists what is wrong (for ``manage.py check`` and the logs);
    ``str()`` is a sentence for the person.
    """

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def _number(value):
    return None if value is None else float(value)


def _critical_limit(snapshot: dict) -> engine.CriticalLimit:
    return engine.CriticalLimit(
        snapshot["analyte"],
        _number(snapshot["low"]),
        _number(snapshot["high"]),
        # A revision approved before limits carried actions has none: the engine refuses it.
        low_action=snapshot.get("low_action"),
        high_action=snapshot.get("high_action"),
    )


def _fever_rule(snapshot: dict) -> engine.FeverRule:
    return engine.FeverRule(
        single_c=snapshot["single_c"],
        sustained_c=snapshot["sustained_c"],
        anc_below=snapshot["anc_below"],
        urgent_anc_below=snapshot["urgent_anc_below"],
        treatment_window_days=snapshot.get("treatment_window_days"),
        source=snapshot.get("source") or "",
        treatment_window_source=snapshot.get("treatment_window_source") or "",
    )


def build_live_reference(snapshots: Iterable[dict]) -> LiveReference:
    """Build the engine's data and the page's wording from approved snapshots. Plain Python.

    Raises :class:`ReferenceDataMissing` when the snapshots cannot make reference
    data the engine can apply (none yet, or the engine's checks refuse them).
    """
    analytes, ranges, bands, grades, critical, plausibility = [], [], [], [], [], []
    fevers = []
    guidance: dict[Slot, GuidanceText] = {}
    sources: dict[str, dict] = {}
    for snapshot in snapshots:
        sources.update(snapshot.get("sources", {}))
        match snapshot["kind"]:
            case "analyte":
                analytes.append(
                    (
                        snapshot["display_order"],
                        engine.Analyte(
                            snapshot["code"],
                            snapshot["name"],
                            snapshot["loinc"],
                            snapshot["unit_kind"],
                            snapshot["unit"],
                            tuple(snapshot["loinc_aliases"]),
                        ),
                    )
                )
            case "reference_range":
                ranges.append(
                    engine.ReferenceRange(
                        snapshot["analyte"],
                        _number(snapshot["low"]),
                        _number(snapshot["high"]),
                        snapshot["sex"],
                        snapshot["population"],
                    )
                )
            case "severity_scale":
                bands += [
                    engine.SeverityBand(
                        snapshot["analyte"],
                        band["code"],
                        band["label"],
                        _number(band.get("lower")),
                        _number(band.get("upper")),
                        band.get("parent"),
                    )
                    for band in snapshot["bands"]
                ]
            case "grading_table":
                grades += [
                    engine.GradeBand(
                        snapshot["analyte"],
                        snapshot["table"],
                        snapshot["version"],
                        int(grade["grade"]),
                        _number(grade.get("lower")),
                        _number(grade.get("upper")),
                    )
                    for grade in snapshot["grades"]
                ]
            case "critical_limit":
                critical.append(_critical_limit(snapshot))
            case "plausibility_limit":
                plausibility.append(
                    engine.PlausibilityLimit(
                        snapshot["analyte"], _number(snapshot["low"]), _number(snapshot["high"])
                    )
                )
            case "fever_rule":
                fevers.append(_fever_rule(snapshot))
            case "guidance_block":
                slot = (
                    snapshot["finding"],
                    snapshot["severity"],
                    snapshot["section"],
                    snapshot["audience"],
                )
                guidance[slot] = GuidanceText(
                    snapshot["title"], snapshot["body_html"], tuple(snapshot["references"])
                )
    if not analytes or not fevers:
        raise ReferenceDataMissing(
            "The interpretation tool is not available yet: it has no approved reference data.",
            ["No approved analytes and fever rule: approve them first."],
        )
    if len(fevers) > 1:
        raise ReferenceDataMissing(
            "The interpretation tool is not available right now.",
            ["More than one fever rule is approved; one must be in force."],
        )
    ordered, left_out = _readable(analytes, plausibility)
    readable = {analyte.code for analyte in ordered}
    for kind, rows in (
        ("range", ranges),
        ("severity band", bands),
        ("grade", grades),
        ("critical limit", critical),
        ("plausibility limit", plausibility),
    ):
        unread = sorted({row.analyte for row in rows if row.analyte not in readable})
        left_out += [f"The approved {kind} rows of {code} are not applied." for code in unread]
    try:
        data = engine.ReferenceData(
            analytes=ordered,
            ranges=tuple(r for r in ranges if r.analyte in readable),
            bands=tuple(b for b in bands if b.analyte in readable),
            grades=tuple(g for g in grades if g.analyte in readable),
            critical_limits=tuple(c for c in critical if c.analyte in readable),
            plausibility_limits=tuple(p for p in plausibility if p.analyte in readable),
            fever_rule=fevers[0],
        )
    except engine.ReferenceDataError as error:
        raise ReferenceDataMissing(
            "The interpretation tool is not available right now.", error.problems
        ) from error
    citations = {
        key: (format_ama_linked(source), format_ama_text(source)) for key, source in sources.items()
    }
    return LiveReference(data, guidance, sources, citations, tuple(left_out))


def _readable(analytes, plausibility) -> tuple[tuple[engine.Analyte, ...], list[str]]:
    """The analytes the engine may read, in panel order: those with approved plausibility
    limits (nothing is interpreted without them). Adding an analyte takes two approvals,
    and the tool keeps working, without it, between them."""
    limited = {limit.analyte for limit in plausibility}
    ordered = [a for _, a in sorted(analytes, key=lambda pair: pair[0])]
    left_out = [
        f"The analyte {a.code} is not read: it has no approved plausibility limits."
        for a in ordered
        if a.code not in limited
    ]
    return tuple(a for a in ordered if a.code in limited), left_out


def shown_items(models=READER_MODELS):
    """Review items of ``models`` that have a revision, with what readers may be shown."""
    content_types = ContentType.objects.get_for_models(*models).values()
    return ReviewItem.objects.filter(
        content_type__in=list(content_types), latest_revision__isnull=False
    ).select_related("content_type", "live_revision", "latest_revision", "scheduled_revision")


def approved_snapshots(models=READER_MODELS) -> dict[int, dict]:
    """The snapshot readers are shown of each item of ``models``, by review item id."""
    found = {}
    for item in shown_items(models):
        revision = item.shown_revision()
        if revision is not None:
            found[item.pk] = revision.snapshot
    return found


@functools.lru_cache(maxsize=1)
def _built_for(stamp_token: str) -> LiveReference:
    return build_live_reference(approved_snapshots().values())


def live_reference() -> LiveReference:
    """The reference data readers get now: built once per reader stamp, per process."""
    return _built_for(reader_stamp().token)


def approved_test_cases() -> list[dict]:
    """The approved cases of the clinical test set, as cases (see interpretation.clinical_cases)."""
    cases = []
    for snapshot in approved_snapshots((ClinicalTestCase,)).values():
        cases.append(
            {
                "id": snapshot["name"],
                "rule": snapshot["rule"],
                "patient": snapshot["patient"],
                "values": snapshot["values"],
                "expect": snapshot["expected"],
            }
        )
    return sorted(cases, key=lambda case: case["id"])
