"""Clinical test cases: what the engine must answer for a case the board has checked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .base import ReferenceContent


class ClinicalTestCase(ReferenceContent):
    """A case of the clinical test set: inputs and the outcome the board expects.

    Reviewed like the rest; on the review desk every pending change to reference
    data or guidance is run against the approved cases, live data beside pending
    (``interpretation.impact``). ``patient`` holds keyword arguments of the
    engine's ``Patient``, ``values`` its measurements, ``expected`` what the case
    is about (see ``interpretation.clinical_cases`` for the keys).
    """

    name = models.SlugField(
        max_length=80,
        unique=True,
        error_messages={"unique": "A test case with this name exists: change that case instead."},
    )
    rule = models.TextField(help_text="The rule the case checks, in a sentence.")
    patient = models.JSONField(default=dict)
    values = models.JSONField(default=list)
    expected = models.JSONField(default=dict)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def review_title(self) -> str:
        return f"Clinical test case: {self.name}"

    def clean(self):
        from ..clinical_cases import case_problems

        problems = case_problems(self.as_case())
        if problems:
            raise ValidationError({"expected": problems})

    def as_case(self) -> dict:
        return {
            "id": self.name,
            "rule": self.rule,
            "patient": self.patient,
            "values": self.values,
            "expect": self.expected,
        }

    def review_snapshot(self) -> dict:
        return {
            "kind": "clinical_test_case",
            "name": self.name,
            "rule": self.rule,
            "patient": self.patient,
            "values": self.values,
            "expected": self.expected,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }
