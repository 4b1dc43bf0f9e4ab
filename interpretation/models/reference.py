"""Reviewed reference data: analytes, ranges, severity bands, grading tables, critical
and plausibility limits, the fever rule. The engine reads only their approved revisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles.models import Source

from .base import (
    CANONICAL_UNITS,
    ActionLevel,
    Population,
    ReferenceContent,
    Sex,
    UnitKind,
)


class Analyte(ReferenceContent):
    code = models.CharField(max_length=20, unique=True, help_text="Short code, e.g. WBC, ANC.")
    name = models.CharField(max_length=120)
    loinc = models.CharField("LOINC code", max_length=20, unique=True)
    loinc_aliases = models.JSONField(
        default=list, blank=True, help_text="Other LOINC codes for the same test."
    )
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    display_order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def unit(self) -> str:
        return CANONICAL_UNITS[self.kind]

    def review_title(self) -> str:
        return f"Analyte: {self.name} ({self.code})"

    def review_snapshot(self) -> dict:
        return {
            "kind": "analyte",
            "code": self.code,
            "name": self.name,
            "loinc": self.loinc,
            "loinc_aliases": list(self.loinc_aliases),
            "unit_kind": self.kind,
            "unit": self.unit,
            "display_order": self.display_order,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class ReferenceRange(ReferenceContent):
    analyte = models.ForeignKey(Analyte, on_delete=models.PROTECT, related_name="ranges")
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True, default="")
    population = models.CharField(
        max_length=20, choices=Population.choices, default=Population.GENERAL
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["analyte__display_order", "population", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["analyte", "sex", "population"],
                name="one_range_per_analyte_sex_population",
                violation_error_message=(
                    "This analyte already has a range for this sex and population: "
                    "change that range instead (the change is reviewed as a new revision)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lt=models.F("high")),
                name="range_low_below_high",
            ),
        ]

    def __str__(self) -> str:
        who = " ".join(filter(None, [self.get_sex_display() if self.sex else "", self.population]))
        return f"{self.analyte.code} {self.low}–{self.high} {self.analyte.unit} ({who})"

    def review_title(self) -> str:
        return f"Reference range: {self}"

    def clean(self):
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValidationError({"high": "The upper limit must be above the lower limit."})

    def review_snapshot(self) -> dict:
        return {
            "kind": "reference_range",
            "analyte": self.analyte.code,
            "low": self.low,
            "high": self.high,
            "sex": self.sex or None,
            "population": self.population,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class SeverityScale(ReferenceContent):
    """Clinical severity bands of one analyte (e.g. neutropenia mild/moderate/severe)."""

    analyte = models.OneToOneField(
        Analyte,
        on_delete=models.PROTECT,
        related_name="severity",
        error_messages={"unique": "This analyte already has severity bands: change those instead."},
    )
    name = models.CharField(max_length=120)
    bands = models.JSONField(
        help_text="List of {code, label, lower, upper, parent}: lower inclusive, upper "
        "exclusive, null for open ends; top-level bands must cover every value."
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    def review_title(self) -> str:
        return f"Severity bands: {self.name}"

    def review_snapshot(self) -> dict:
        return {
            "kind": "severity_scale",
            "analyte": self.analyte.code,
            "name": self.name,
            "bands": self.bands,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class GradingTable(ReferenceContent):
    """A grading table for one analyte (CTCAE), with its version."""

    analyte = models.ForeignKey(Analyte, on_delete=models.PROTECT, related_name="gradings")
    table = models.CharField(max_length=40, default="CTCAE")
    version = models.CharField(max_length=20)
    term = models.CharField(max_length=120, help_text='e.g. "Neutrophil count decreased".')
    grades = models.JSONField(
        help_text="List of {grade, lower, upper}: lower inclusive (null: no lower limit), "
        "upper exclusive (null on grade 1: the lower limit of normal)."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["analyte", "table", "version"],
                name="one_grading_per_version",
                violation_error_message=(
                    "This analyte already has this version of the grading table: change it instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} v{self.version}: {self.term}"

    def review_title(self) -> str:
        return f"Grading: {self}"

    def review_snapshot(self) -> dict:
        return {
            "kind": "grading_table",
            "analyte": self.analyte.code,
            "table": self.table,
            "version": self.version,
            "term": self.term,
            "grades": self.grades,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


def _action_problem(limit, side: str) -> dict:
    value, action = getattr(limit, side), getattr(limit, f"{side}_action")
    if value is not None and not action:
        return {f"{side}_action": "Say what a value beyond this limit asks of the reader."}
    if value is None and action:
        return {f"{side}_action": "An action needs a limit: set the limit or clear the action."}
    return {}


class CriticalLimit(ReferenceContent):
    """Values below ``low`` are critically low (LL), above ``high`` critically high (HH);
    each limit raises an alert at its action level, with its own approved words."""

    analyte = models.OneToOneField(
        Analyte,
        on_delete=models.PROTECT,
        related_name="critical",
        error_messages={
            "unique": "This analyte already has critical limits: change those instead."
        },
    )
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    low_action = models.CharField(
        "action below the low limit", max_length=20, choices=ActionLevel.choices, blank=True
    )
    high_action = models.CharField(
        "action above the high limit", max_length=20, choices=ActionLevel.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lt=models.F("high")),
                name="critical_low_below_high",
                violation_error_message="The low limit must be below the high limit.",
            ),
        ]

    def __str__(self) -> str:
        limits = [
            f"below {self.low:g}" if self.low is not None else "",
            f"above {self.high:g}" if self.high is not None else "",
        ]
        return f"Critical limits of {self.analyte.code}: {', '.join(filter(None, limits))}"

    def review_title(self) -> str:
        return str(self)

    def clean(self):
        problems = {**_action_problem(self, "low"), **_action_problem(self, "high")}
        if self.low is None and self.high is None:
            problems["low"] = "Set a low limit, a high limit or both."
        if problems:
            raise ValidationError(problems)

    def review_snapshot(self) -> dict:
        return {
            "kind": "critical_limit",
            "analyte": self.analyte.code,
            "low": self.low,
            "low_action": self.low_action or None,
            "high": self.high,
            "high_action": self.high_action or None,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class PlausibilityLimit(ReferenceContent):
    """The values a result of an analyte can take, in its canonical unit (inclusive).

    Nothing beyond them is interpreted: a number plausible in another unit of
    the analyte is asked about ("did you mean 1207 cells/µL?").
    """

    analyte = models.OneToOneField(
        Analyte,
        on_delete=models.PROTECT,
        related_name="plausibility",
        error_messages={
            "unique": "This analyte already has plausibility limits: change those instead."
        },
    )
    low = models.FloatField(help_text="The lowest possible result, in the analyte's unit.")
    high = models.FloatField(help_text="The highest possible result, in the analyte's unit.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["analyte__display_order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__gte=0) & Q(low__lt=models.F("high")),
                name="plausibility_from_zero_up",
                violation_error_message=(
                    "The lowest possible result must be zero or more, and below the highest."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Possible results of {self.analyte.code}: {self.low:g} to {self.high:g}"

    def review_title(self) -> str:
        return f"Plausibility limits: {self.analyte.code} {self.low:g} to {self.high:g}"

    def review_snapshot(self) -> dict:
        return {
            "kind": "plausibility_limit",
            "analyte": self.analyte.code,
            "low": self.low,
            "high": self.high,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class FeverRule(ReferenceContent):
    """The fever rule the engine applies (IDSA febrile neutropenia, and fever during
    anticancer treatment). There is one row, ever: a change is a new revision of it."""

    # Always True and unique: the database holds at most one fever rule.
    the_rule = models.BooleanField(default=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    single_c = models.FloatField("single temperature (°C)")
    sustained_c = models.FloatField("temperature sustained over an hour (°C)")
    anc_below = models.FloatField("ANC below (10*9/L)")
    urgent_anc_below = models.FloatField(
        "fever with ANC below this is urgent (10*9/L)",
        help_text="Fever with an ANC below this must lead with seek-care-now wording.",
    )
    treatment_window_days = models.PositiveSmallIntegerField(
        "treatment window (days)",
        null=True,  # rules approved before the window existed have none: the engine refuses them
        error_messages={"blank": "Say how many days after a treatment a fever counts."},
        help_text="A fever within this many days of the last anticancer treatment is treated "
        "as possible febrile neutropenia, whatever the counts show.",
    )
    treatment_window_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source of the treatment window.",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["the_rule"],
                name="one_fever_rule",
                violation_error_message=(
                    "There is already a fever rule. Change it instead: the change is reviewed "
                    "as a new revision of the one rule."
                ),
            ),
            models.CheckConstraint(condition=Q(the_rule=True), name="fever_rule_is_the_rule"),
        ]

    def __str__(self) -> str:
        return self.name

    def review_title(self) -> str:
        return f"Fever rule: {self.name}"

    def review_snapshot(self) -> dict:
        window_source = self.treatment_window_source
        sources = self.sources_snapshot()
        if window_source is not None:
            sources[window_source.key] = window_source.as_citation_data()
        return {
            "kind": "fever_rule",
            "name": self.name,
            "single_c": self.single_c,
            "sustained_c": self.sustained_c,
            "anc_below": self.anc_below,
            "urgent_anc_below": self.urgent_anc_below,
            "treatment_window_days": self.treatment_window_days,
            "source": self.source.key if self.source_id else None,
            "treatment_window_source": window_source.key if window_source else None,
            "note": self.note,
            "sources": sources,
        }
