"""Guidance blocks: the approved wording of each slot of the result page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from articles.models import Audience, Source
from reviews.validators import SingleLine

from .. import wording
from .base import ReferenceContent, Severity


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
