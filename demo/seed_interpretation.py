"""Load the reviewed reference data, the page's wording and the clinical test set
(part of ``manage.py seed_demo``).

Everything goes through the services and the review workflow, so the demo has a
real audit trail: each row is submitted by the demo editor and approved by a
demo board member (guidance blocks the demo leaves waiting stay submitted).

Safe to run again, and it brings an existing database up to date: a row whose
content differs from the demo's is changed through the services and submitted
as a new revision with the reason for the change, then approved, never edited
in place behind the board's back. A row that already says what the demo says
is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction

from articles.models import Source
from interpretation import services
from interpretation.models import (
    Analyte,
    ClinicalTestCase,
    CriticalLimit,
    FeverRule,
    GradingTable,
    GuidanceBlock,
    PlausibilityLimit,
    ReferenceRange,
    SeverityScale,
)
from reviews import registry
from reviews import services as review
from reviews.models import PENDING_STATES, ReviewState
from reviews.selectors import review_item_of

from . import clinical_cases, reference_data, texts

FIRST_VERSION = "First version from the clinical facts."
UP_TO_DATE = "Brings the values up to date with the clinical facts."


def _source(key: str | None):
    return Source.objects.get(key=key) if key else None


class _Loader:
    """Puts the demo's content in place, each row as a reviewed revision."""

    def __init__(self, *, editor, reviewer, log: Callable[[str], None]) -> None:
        self.editor, self.reviewer, self.log = editor, reviewer, log
        self.added = self.corrected = 0

    def ensure(self, obj, fields: dict, *, reason: str = UP_TO_DATE, approve: bool = True):
        """Make ``obj`` (None: a new ``model`` row) hold ``fields`` and have the board see it.

        A new row is submitted as its first version; a changed one as a new revision
        with ``reason``. Either is approved by the demo board member when ``approve``.
        """
        new = obj.pk is None
        if new or any(getattr(obj, name) != value for name, value in fields.items()):
            obj = services.save_reference(
                obj, by=self.editor, reason=FIRST_VERSION if new else reason, **fields
            )
        item = review_item_of(obj)
        latest = item.latest_revision if item else None
        if latest is None or latest.content_hash != review.content_hash(obj.review_snapshot()):
            latest = review.submit(obj, by=self.editor, note=FIRST_VERSION if new else reason)
            if new:
                self.added += 1
            else:
                self.corrected += 1
                self.log(f"Submitted a corrected revision of “{latest.item.title}”: {reason}")
        if approve and latest.status in PENDING_STATES:
            if latest.status == ReviewState.SUBMITTED:
                review.start_review(latest, by=self.reviewer)
            # The board member confirms each test case the change alters (the demo's
            # corrections are meant to alter them).
            confirmed = [r.key for r in registry.approval_requirements(latest.item, latest)]
            review.approve(
                latest,
                by=self.reviewer,
                comment="Checked against the cited source.",
                confirmed=confirmed,
            )
        return obj


def seed_interpretation(*, editor, reviewer, log=lambda message: None) -> None:
    loader = _Loader(editor=editor, reviewer=reviewer, log=log)
    with transaction.atomic():
        _seed_reference(loader)
        _seed_guidance(loader)
        _seed_test_cases(loader)
    if loader.added:
        log(f"Added {loader.added} pieces of reviewed interpretation content")


def _seed_reference(loader: _Loader) -> dict[str, Analyte]:
    analytes = {}
    for order, (code, name, loinc, aliases, kind) in enumerate(reference_data.ANALYTES):
        analytes[code] = loader.ensure(
            Analyte.objects.filter(code=code).first() or Analyte(),
            {
                "code": code,
                "name": name,
                "loinc": loinc,
                "loinc_aliases": aliases,
                "kind": kind,
                "display_order": order,
                "source": _source(reference_data.MERCK),
            },
        )
    for code, low, high, sex, population, source in reference_data.RANGES:
        analyte = analytes[code]
        found = ReferenceRange.objects.filter(analyte=analyte, sex=sex, population=population)
        loader.ensure(
            found.first() or ReferenceRange(),
            {
                "analyte": analyte,
                "low": low,
                "high": high,
                "sex": sex,
                "population": population,
                "source": _source(source),
            },
        )
    bands = reference_data.NEUTROPENIA_BANDS
    analyte = analytes[bands["analyte"]]
    loader.ensure(
        SeverityScale.objects.filter(analyte=analyte).first() or SeverityScale(),
        {
            "analyte": analyte,
            "name": bands["name"],
            "bands": bands["bands"],
            "source": _source(bands["source"]),
        },
    )
    for code, term, grades in reference_data.CTCAE_V5:
        analyte = analytes[code]
        found = GradingTable.objects.filter(analyte=analyte, table="CTCAE", version="5.0")
        loader.ensure(
            found.first() or GradingTable(),
            {
                "analyte": analyte,
                "table": "CTCAE",
                "version": "5.0",
                "term": term,
                "grades": grades,
                "source": _source("ctcae-v5"),
            },
        )
    for code, low, low_action, high, high_action, source in reference_data.CRITICAL:
        analyte = analytes[code]
        loader.ensure(
            CriticalLimit.objects.filter(analyte=analyte).first() or CriticalLimit(),
            {
                "analyte": analyte,
                "low": low,
                "low_action": low_action,
                "high": high,
                "high_action": high_action,
                "source": _source(source),
                "note": reference_data.CRITICAL_NOTE,
            },
            reason="Adds the action each critical limit asks of the reader: seek care now, "
            "or contact a clinician today.",
        )
    for code, (low, high) in reference_data.PLAUSIBILITY.items():
        analyte = analytes[code]
        loader.ensure(
            PlausibilityLimit.objects.filter(analyte=analyte).first() or PlausibilityLimit(),
            {
                "analyte": analyte,
                "low": low,
                "high": high,
                "note": reference_data.PLAUSIBILITY_NOTE,
            },
        )
    fever = reference_data.FEVER_RULE
    loader.ensure(
        FeverRule.objects.first() or FeverRule(),
        {
            **fever,
            "source": _source(fever["source"]),
            "treatment_window_source": _source(fever["treatment_window_source"]),
        },
        reason="Adds the treatment window: a fever within six weeks of anticancer treatment "
        "is treated as possible febrile neutropenia whatever the counts show (NICE CG151).",
    )
    return analytes


def _seed_guidance(loader: _Loader) -> None:
    for block in texts.GUIDANCE:
        slot = {k: block[k] for k in ("finding", "severity", "section", "audience")}
        reason = texts.CHANGE_REASONS.get(
            tuple(slot.values()), "Brings the wording up to date with the reviewed demo text."
        )
        loader.ensure(
            GuidanceBlock.objects.filter(**slot).first() or GuidanceBlock(),
            {**slot, "title": block["title"], "body_markdown": block["body"]},
            reason=reason,
            approve=block["state"] == "approved",
        )


def _seed_test_cases(loader: _Loader) -> None:
    for case in clinical_cases.CASES:
        loader.ensure(
            ClinicalTestCase.objects.filter(name=case["id"]).first() or ClinicalTestCase(),
            {
                "name": case["id"],
                "rule": case["rule"],
                "patient": case["patient"],
                "values": case["values"],
                "expected": case["expect"],
            },
            reason="Brings the case up to date with the clinical facts.",
        )


def demo_people():
    User = get_user_model()
    return User.objects.get(username="editor"), User.objects.get(username="reviewer1")
