"""Reviewed reference data for the interpretation engine, and its guidance text.

Every threshold that changes what a reader is told is medical content: each row
here is reviewable through the same workflow as articles, and the engine and
the result page read only what its approved revision says (never a working
copy, never a revision waiting for the board). At most one rule of each kind is
in force, and the database holds that: one range per analyte, sex and
population; one critical limit, one plausibility limit and one set of severity
bands per analyte; one fever rule row ever (a change is a new revision of it);
one guidance block per slot. A second one is refused with a sentence saying so.
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

from . import engine, wording


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


class Severity(models.TextChoices):
    ANY = "", "Any severity"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class ActionLevel(models.TextChoices):
    """What an alert asks of the reader (the engine's action levels)."""

    EMERGENCY = engine.EMERGENCY, "Seek care now"
    SAME_DAY = engine.SAME_DAY, "Contact a clinician today"
    NON_URGENT = engine.NON_URGENT, "Guidance on when to get care"


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


class GuidanceBlock(ReferenceContent):
    """One approved piece of wording for the result page, the API and FHIR: a slot
    (key, severity, section, audience) and its title and text (see
    :mod:`interpretation.wording` for the slots and which of them must exist)."""

    finding = models.CharField(
        "key",
        max_length=60,
        choices=wording.KEY_CHOICES,
        help_text="What the wording is for: a finding, an alert, an instruction, a decline, "
        "or the page's own headings.",
    )
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True, default="")
    section = models.CharField(max_length=20, choices=wording.SECTION_CHOICES)
    audience = models.CharField(
        max_length=20,
        choices=[("", "Default (general adult reader)"), *Audience.choices],
        blank=True,
        default="",
    )
    title = models.CharField(max_length=200, validators=[SingleLine("title")])
    body_markdown = models.TextField("text (Markdown)", blank=True)
    body_html = models.TextField(editable=False, default="")
    references = models.JSONField(editable=False, default=list)

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "severity", "section", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "severity", "section", "audience"],
                name="one_guidance_block_per_slot",
                violation_error_message=(
                    "A block for this key, severity, section and audience already exists: "
                    "change that block instead."
                ),
            )
        ]

    def __str__(self) -> str:
        parts = [self.get_finding_display(), self.severity, self.get_section_display()]
        if self.audience:
            parts.append(self.get_audience_display())
        return " · ".join(p for p in parts if p)

    def review_title(self) -> str:
        return f"Guidance: {self}"

    def clean(self):
        allowed = wording.sections_for(self.finding)
        if self.finding and self.section and self.section not in allowed:
            names = dict(wording.SECTION_CHOICES)
            raise ValidationError(
                {
                    "section": f"A block for “{self.get_finding_display()}” goes in one of: "
                    + ", ".join(names[s].split(" (")[0] for s in allowed)
                    + "."
                }
            )
        if not wording.title_only(self.finding, self.section) and not self.body_markdown.strip():
            raise ValidationError({"body_markdown": "Write the text readers are shown."})

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
        from .clinical_cases import case_problems

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


REFERENCE_MODELS = (
    Analyte,
    ReferenceRange,
    SeverityScale,
    GradingTable,
    CriticalLimit,
    PlausibilityLimit,
    FeverRule,
)
# What the engine and the result page read: reference data and the page's wording.
READER_MODELS = (*REFERENCE_MODELS, GuidanceBlock)
REVIEWABLE_MODELS = (*READER_MODELS, ClinicalTestCase)
