"""Load the first reviewed reference data and guidance (part of ``manage.py seed_demo``).

Idempotent: a row that exists is left alone. Everything goes through the
services and the review workflow, so the demo has a real audit trail: the
reference data is approved by a board member; guidance blocks are approved or
left pending as the demo content says.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from articles.models import Source
from interpretation import services
from interpretation.models import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradingTable,
    GuidanceBlock,
    ReferenceRange,
    SeverityScale,
)
from reviews import services as review

from . import guidance_texts, reference_data


def _publish(obj, *, editor, reviewer, approve: bool = True) -> None:
    revision = review.submit(obj, by=editor, note="First version from the clinical facts.")
    if approve:
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer, comment="Checked against the cited source.")


def _source(key: str | None):
    return Source.objects.get(key=key) if key else None


def seed_interpretation(*, editor, reviewer, log=lambda message: None) -> None:
    with transaction.atomic():
        analytes = {}
        for order, (code, name, loinc, aliases, kind) in enumerate(reference_data.ANALYTES):
            analyte = Analyte.objects.filter(code=code).first()
            if analyte is None:
                analyte = services.create(
                    Analyte,
                    by=editor,
                    code=code,
                    name=name,
                    loinc=loinc,
                    loinc_aliases=aliases,
                    kind=kind,
                    display_order=order,
                    source=_source(reference_data.MERCK),
                )
                _publish(analyte, editor=editor, reviewer=reviewer)
                log(f"Added analyte {code}")
            analytes[code] = analyte

        for code, low, high, sex, population, source in reference_data.RANGES:
            analyte = analytes[code]
            if ReferenceRange.objects.filter(analyte=analyte, sex=sex, population=population):
                continue
            rng = services.create(
                ReferenceRange,
                by=editor,
                analyte=analyte,
                low=low,
                high=high,
                sex=sex,
                population=population,
                source=_source(source),
            )
            _publish(rng, editor=editor, reviewer=reviewer)
        bands = reference_data.NEUTROPENIA_BANDS
        if not SeverityScale.objects.filter(analyte=analytes[bands["analyte"]]).exists():
            scale = services.create(
                SeverityScale,
                by=editor,
                analyte=analytes[bands["analyte"]],
                name=bands["name"],
                bands=bands["bands"],
                source=_source(bands["source"]),
            )
            _publish(scale, editor=editor, reviewer=reviewer)
        for code, term, grades in reference_data.CTCAE_V5:
            if GradingTable.objects.filter(analyte=analytes[code], version="5.0").exists():
                continue
            table = services.create(
                GradingTable,
                by=editor,
                analyte=analytes[code],
                table="CTCAE",
                version="5.0",
                term=term,
                grades=grades,
                source=_source("ctcae-v5"),
            )
            _publish(table, editor=editor, reviewer=reviewer)
        for code, low, high, source in reference_data.CRITICAL:
            if CriticalLimit.objects.filter(analyte=analytes[code]).exists():
                continue
            limit = services.create(
                CriticalLimit,
                by=editor,
                analyte=analytes[code],
                low=low,
                high=high,
                source=_source(source),
                note="Critical values are lab-specific; these are the engine's defaults.",
            )
            _publish(limit, editor=editor, reviewer=reviewer)
        fever = dict(reference_data.FEVER_RULE)
        if not FeverRule.objects.filter(name=fever["name"]).exists():
            rule = services.create(
                FeverRule, by=editor, **fever | {"source": _source(fever["source"])}
            )
            _publish(rule, editor=editor, reviewer=reviewer)
        _seed_guidance(editor=editor, reviewer=reviewer, log=log)


def _seed_guidance(*, editor, reviewer, log) -> None:
    added = 0
    for block in guidance_texts.GUIDANCE:
        slot = {k: block[k] for k in ("finding", "severity", "section", "audience")}
        if GuidanceBlock.objects.filter(**slot).exists():
            continue
        obj = services.create(
            GuidanceBlock, by=editor, title=block["title"], body_markdown=block["body"], **slot
        )
        _publish(obj, editor=editor, reviewer=reviewer, approve=block["state"] == "approved")
        added += 1
    if added:
        log(f"Added {added} guidance blocks")


def demo_people():
    User = get_user_model()
    return User.objects.get(username="editor"), User.objects.get(username="reviewer1")
