"""The only code that writes interpretation reference data, guidance and test cases.

Every change is validated (a band table must cover every value without gaps or
overlaps, a guidance block may cite only known sources, a second rule of a kind
is refused) and recorded in the history with its user and reason. What the
engine applies changes only when the board approves a revision
(``reviews.services``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from articles.models import Source
from articles.services import render_wording
from reviews.history import save_recorded

from . import engine
from .models import GradingTable, GuidanceBlock, SeverityScale

M = TypeVar("M", bound=models.Model)

# Set by the service, never typed by a person.
_NOT_TYPED = ("review_item", "created_by")


def _check_with_engine(obj) -> None:
    """Let the engine check a band or grade table the way it will apply it."""
    code = obj.analyte.code
    field = "bands" if isinstance(obj, SeverityScale) else "grades"
    try:
        if isinstance(obj, SeverityScale):
            bands = [
                engine.SeverityBand(
                    code,
                    band["code"],
                    band["label"],
                    band.get("lower"),
                    band.get("upper"),
                    band.get("parent"),
                )
                for band in obj.bands
            ]
            problems = engine.severity_band_problems(code, bands)
        else:
            grades = [
                engine.GradeBand(
                    code, obj.table, obj.version, int(g["grade"]), g.get("lower"), g.get("upper")
                )
                for g in obj.grades
            ]
            problems = engine.grade_problems(f"{obj.table} {obj.version} grades of {code}", grades)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problems = [f"Each row needs its fields ({exc})."]
    if problems:
        raise ValidationError({field: problems})


def _render_guidance(block: GuidanceBlock) -> None:
    known = Source.objects.values_list("key", flat=True)
    rendered = render_wording(short_answer="", body_markdown=block.body_markdown, known_keys=known)
    block.body_html = rendered.body_html
    block.references = rendered.references


def _check_content(obj) -> None:
    """The checks a model's own fields and constraints cannot make."""
    if isinstance(obj, SeverityScale | GradingTable) and obj.analyte_id:
        _check_with_engine(obj)
    if isinstance(obj, GuidanceBlock):
        _render_guidance(obj)


def check_content(obj, *, checked_fields: Iterable[str] = ()) -> None:
    """Raise ValidationError for anything wrong with ``obj`` beyond ``checked_fields``.

    For a form that has already validated some fields itself (the admin's): the
    rules that involve other fields (one fever rule ever) and the engine's own
    checks are made here, so every refusal is shown as a sentence on the form.
    """
    obj.validate_constraints(exclude={*checked_fields, *_NOT_TYPED})
    _check_content(obj)


def save_reference(obj: M, *, by, reason: str, **changes: Any) -> M:
    """Create or change one piece of reference data, guidance or a test case (a working
    copy: readers keep what the board approved until it approves the change)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why you are making this change."]})
    with transaction.atomic():
        for name, value in changes.items():
            setattr(obj, name, value)
        if obj.pk is None and not getattr(obj, "created_by_id", None):
            obj.created_by = by
        obj.full_clean(exclude=["review_item"])
        _check_content(obj)
        save_recorded(obj, by=by, reason=reason)
        return obj


def create(model: type[M], *, by, reason: str = "Created", **fields: Any) -> M:
    return save_reference(model(), by=by, reason=reason, **fields)
