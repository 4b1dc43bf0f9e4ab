"""The engine's reference data and guidance, read from reviewed content.

Each reviewable row contributes the snapshot of the revision readers are shown
(``ReviewItem.shown_revision``): for reference data and guidance that is an
approved revision only, never one waiting for review. Drafts contribute nothing.

The built data is kept once per process and reader stamp
(``reviews.selectors.reader_stamp``), which every approval moves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from articles.citations import format_ama, format_ama_text
from demo import reference_data as demo_data
from reviews.models import ReviewItem, ReviewState
from reviews.selectors import reader_stamp

from . import engine
from .models import REVIEWABLE_MODELS

# Kept result pages per process and reference build (about 20 KB each).
FRAGMENT_LIMIT = 512


@dataclass(frozen=True)
class GuidanceText:
    title: str
    html: str
    references: tuple[str, ...]
    approved: bool


@dataclass(frozen=True)
class LiveReference:
    data: engine.ReferenceData
    guidance: dict[tuple[str, str, str, str], GuidanceText]
    sources: dict[str, dict]
    unapproved: tuple[str, ...]
    # Each source's AMA citation as (html, text), formatted once per build: formatting
    # the references per request was most of the result page's assembly time.
    citations: dict[str, tuple[str, str]]
    # Rendered parts of the result page that hold no reader's values (the page
    # around them), kept with this build: see fragment().
    fragments: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def fragment(self, key: tuple, render: Callable[[], str]) -> str:
        """The markup ``render`` makes for ``key``, made once per reference build.

        For parts of the result page that never hold a reader's values (the key
        says what they depend on: audience, guidance blocks, reader-state stamp).
        The whole memo is dropped with this build when any interpretation content
        is approved or submitted (a new stamp builds a new LiveReference).
        """
        html = self.fragments.get(key)
        if html is None:
            if len(self.fragments) >= FRAGMENT_LIMIT:
                self.fragments.clear()
            html = self.fragments[key] = render()
        return html

    def analyte(self, code: str) -> engine.Analyte | None:
        return self.data.analyte_by_code(code)


class ReferenceDataMissing(RuntimeError):
    """No reviewed reference data has been submitted yet."""


def _number(value):
    return None if value is None else float(value)


# The models cannot hold these kinds of reference data yet (plausibility limits,
# the action of a critical limit, the fever rule's treatment window): until they
# can, the engine gets them from the reviewed demo data, the same as the seed.


def _critical_limit(snapshot: dict) -> engine.CriticalLimit:
    code, low, high = snapshot["analyte"], _number(snapshot["low"]), _number(snapshot["high"])
    actions = demo_data.CRITICAL_ACTIONS
    return engine.CriticalLimit(
        code,
        low,
        high,
        # A limit the defaults do not know raises the most urgent action rather than none.
        low_action=None if low is None else actions.get((code, "low"), engine.EMERGENCY),
        high_action=None if high is None else actions.get((code, "high"), engine.EMERGENCY),
    )


def _fever_rule(snapshot: dict) -> engine.FeverRule:
    window = demo_data.FEVER_TREATMENT_WINDOW
    return engine.FeverRule(
        single_c=snapshot["single_c"],
        sustained_c=snapshot["sustained_c"],
        anc_below=snapshot["anc_below"],
        urgent_anc_below=snapshot["urgent_anc_below"],
        treatment_window_days=window["days"],
        source=next(iter(snapshot.get("sources", {})), ""),
        treatment_window_source=window["source"],
    )


def _plausibility(analytes) -> tuple[engine.PlausibilityLimit, ...]:
    return tuple(
        engine.PlausibilityLimit(a.code, *demo_data.PLAUSIBILITY[a.code])
        for a in analytes
        if a.code in demo_data.PLAUSIBILITY
    )


def build_live_reference(rows: Iterable[tuple[dict, bool, str]]) -> LiveReference:
    """Build the engine's data from (snapshot, approved, title) rows. Plain Python."""
    analytes, ranges, bands, grades, critical = [], [], [], [], []
    fever = None
    guidance: dict[tuple[str, str, str, str], GuidanceText] = {}
    sources: dict[str, dict] = {}
    unapproved: list[str] = []
    for snapshot, approved, title in rows:
        kind = snapshot["kind"]
        sources.update(snapshot.get("sources", {}))
        if not approved and kind != "guidance_block":
            unapproved.append(title)  # guidance is judged block by block, as shown
        match kind:
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
            case "fever_rule":
                fever = _fever_rule(snapshot)
            case "guidance_block":
                key = (
                    snapshot["finding"],
                    snapshot["severity"],
                    snapshot["section"],
                    snapshot["audience"],
                )
                guidance[key] = GuidanceText(
                    snapshot["title"],
                    snapshot["body_html"],
                    tuple(snapshot["references"]),
                    approved,
                )
    if not analytes or fever is None:
        raise ReferenceDataMissing(
            "The interpretation tool has no reviewed reference data yet "
            "(analytes and a fever rule are needed)."
        )
    ordered = tuple(a for _, a in sorted(analytes, key=lambda pair: pair[0]))
    data = engine.ReferenceData(
        analytes=ordered,
        ranges=tuple(ranges),
        bands=tuple(bands),
        grades=tuple(grades),
        critical_limits=tuple(critical),
        plausibility_limits=_plausibility(ordered),
        fever_rule=fever,
    )
    citations = {
        key: (format_ama(source), format_ama_text(source)) for key, source in sources.items()
    }
    return LiveReference(data, guidance, sources, tuple(sorted(unapproved)), citations)


def _rows():
    content_types = ContentType.objects.get_for_models(*REVIEWABLE_MODELS).values()
    items = ReviewItem.objects.filter(
        content_type__in=list(content_types), latest_revision__isnull=False
    ).select_related("content_type", "live_revision", "latest_revision", "scheduled_revision")
    for item in items:
        revision = item.shown_revision()
        if revision is not None:
            yield revision.snapshot, revision.status == ReviewState.APPROVED, item.title


@functools.lru_cache(maxsize=1)
def _built_for(stamp_token: str) -> LiveReference:
    return build_live_reference(_rows())


def live_reference() -> LiveReference:
    """The reference data readers get now: built once per reader stamp, per process."""
    return _built_for(reader_stamp().token)
