"""Choices the reference data shares, and the base of every reviewed row."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.models import Source
from reviews.history import HistoriedQuerySet
from reviews.models import Reviewable, Undeletable

from .. import engine


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
