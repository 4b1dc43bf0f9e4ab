"""Reviewed reference data for the interpretation engine, and its guidance text.

Every threshold that changes what a reader is told is medical content: each row
here is reviewable through the same workflow as articles, and the engine reads
only what its live (approved) revision says — or, for content never yet
approved, its latest submitted revision, shown with the caution banner.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles.models import Audience, Source
from reviews.history import HistoriedQuerySet
from reviews.models import Reviewable, Undeletable
from reviews.validators import SingleLine


class UnitKind(models.TextChoices):
    COUNT = "count", "Cell count (10*9/L)"
    PERCENT = "percent", "Percent (%)"
    HEMOGLOBIN = "hemoglobin", "Hemoglobin (g/dL)"
    VOLUME = "volume", "Volume (fL)"


CANONICAL_UNITS = {"count": "10*9/L", "percent": "%", "hemoglobin": "g/dL", "volume": "fL"}


class Sex(models.TextChoices):
    ANY = "", "Any"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class Population(models.TextChoices):
    GENERAL = "general", "General adult population"
    DUFFY_NULL = "duffy_null", "Duffy-null (known from a blood test)"


class Finding(models.TextChoices):
    NEUTROPENIA = "neutropenia", "Neutropenia"
    LEUKOPENIA = "leukopenia", "Leukopenia"
    LYMPHOPENIA = "lymphopenia", "Lymphopenia"
    ANEMIA = "anemia", "Anemia"
    THROMBOCYTOPENIA = "thrombocytopenia", "Thrombocytopenia"
    PANCYTOPENIA = "pancytopenia", "Pancytopenia"
    LEUKOCYTOSIS = "leukocytosis", "Leukocytosis"
    NEUTROPHILIA = "neutrophilia", "Neutrophilia"
    THROMBOCYTOSIS = "thrombocytosis", "Thrombocytosis"
    FEBRILE_NEUTROPENIA = "febrile_neutropenia", "Febrile neutropenia (urgent)"
    FEVER_WITH_LOW_ANC = "fever_with_low_anc", "Fever with a low neutrophil count (urgent)"
    NORMAL = "normal", "No abnormal finding"
    DUFFY_NULL = "duffy_null", "Duffy-null ranges used"


class Severity(models.TextChoices):
    ANY = "", "Any severity"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class Section(models.TextChoices):
    MEANING = "meaning", "What this means"
    INFECTION_RISK = "infection_risk", "Infection risk"
    CAUSES = "causes", "Causes to investigate"
    NEXT_STEPS = "next_steps", "Next steps"
    SEEK_CARE = "seek_care", "When to seek care now"
    MONITORING = "monitoring", "Monitoring"


SECTION_ORDER = [value for value, _ in Section.choices]


class ReferenceContent(Reviewable, Undeletable):
    """Fields shared by all reviewed reference data: a source and an audit trail."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, help_text="Why these values; shown to reviewers.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HistoriedQuerySet.as_manager()

    class Meta:
        abstract = True

    def review_contributor_ids(self) -> set[int]:
        ids = {self.created_by_id}
        ids |= set(
            self.history.exclude(history_user=None).values_list("history_user_id", flat=True)
        )
        return ids

    def sources_snapshot(self) -> dict:
        """The cited source, keyed like an article's sources (the review desk lists them)."""
        return {self.source.key: self.source.as_citation_data()} if self.source_id else {}


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
                fields=["analyte", "sex", "population"], name="one_range_per_analyte_sex_population"
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

    analyte = models.OneToOneField(Analyte, on_delete=models.PROTECT, related_name="severity")
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
                fields=["analyte", "table", "version"], name="one_grading_per_version"
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


class CriticalLimit(ReferenceContent):
    analyte = models.OneToOneField(Analyte, on_delete=models.PROTECT, related_name="critical")
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Critical limits of {self.analyte.code}: below {self.low}, above {self.high}"

    def review_title(self) -> str:
        return str(self)

    def review_snapshot(self) -> dict:
        return {
            "kind": "critical_limit",
            "analyte": self.analyte.code,
            "low": self.low,
            "high": self.high,
            "unit": self.analyte.unit,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class FeverRule(ReferenceContent):
    """The febrile neutropenia definition the engine applies (IDSA)."""

    name = models.CharField(max_length=120, unique=True)
    single_c = models.FloatField("single temperature (°C)")
    sustained_c = models.FloatField("temperature sustained over an hour (°C)")
    anc_below = models.FloatField("ANC below (10*9/L)")
    urgent_anc_below = models.FloatField(
        "fever with ANC below this is urgent (10*9/L)",
        help_text="Fever with an ANC below this must lead with seek-care-now wording.",
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    def review_title(self) -> str:
        return f"Fever rule: {self.name}"

    def review_snapshot(self) -> dict:
        return {
            "kind": "fever_rule",
            "name": self.name,
            "single_c": self.single_c,
            "sustained_c": self.sustained_c,
            "anc_below": self.anc_below,
            "urgent_anc_below": self.urgent_anc_below,
            "note": self.note,
            "sources": self.sources_snapshot(),
        }


class GuidanceBlock(ReferenceContent):
    """A section of the result page for one finding, severity and audience."""

    finding = models.CharField(max_length=30, choices=Finding.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True, default="")
    section = models.CharField(max_length=20, choices=Section.choices)
    audience = models.CharField(
        max_length=20,
        choices=[("", "Default (general adult reader)"), *Audience.choices],
        blank=True,
        default="",
    )
    title = models.CharField(max_length=200, validators=[SingleLine("title")])
    body_markdown = models.TextField("text (Markdown)")
    body_html = models.TextField(editable=False, default="")
    references = models.JSONField(editable=False, default=list)

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "severity", "section", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "severity", "section", "audience"],
                name="one_guidance_block_per_slot",
            )
        ]

    def __str__(self) -> str:
        parts = [self.get_finding_display(), self.severity, self.get_section_display()]
        if self.audience:
            parts.append(self.get_audience_display())
        return " · ".join(p for p in parts if p)

    def review_title(self) -> str:
        return f"Guidance: {self}"

    def review_snapshot(self) -> dict:
        sources = {
            s.key: s.as_citation_data() for s in Source.objects.filter(key__in=self.references)
        }
        return {
            "kind": "guidance_block",
            "finding": self.finding,
            "severity": self.severity,
            "section": self.section,
            "audience": self.audience,
            "title": self.title,
            "body_markdown": self.body_markdown,
            "body_html": self.body_html,
            "references": list(self.references),
            "sources": {key: sources[key] for key in sorted(sources)},
        }


REFERENCE_MODELS = (Analyte, ReferenceRange, SeverityScale, GradingTable, CriticalLimit, FeverRule)
REVIEWABLE_MODELS = (*REFERENCE_MODELS, GuidanceBlock)
