"""Editors maintain the engine's reference data and guidance here; the board
reviews every change in the review queue before the engine applies it."""

from __future__ import annotations

import copy

from django.contrib import admin
from django.core.exceptions import ValidationError

from reviews.admin_actions import ReviewStatusMixin, submit_for_review
from reviews.forms import ChangeReasonForm
from reviews.history_admin import HistoryAdmin

from . import services
from .models import (
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


class ReferenceForm(ChangeReasonForm):
    """Shows every refusal of the services beside its field, as a sentence (a second
    fever rule, a gap between bands, a citation of an unknown source)."""

    def clean(self):
        cleaned = super().clean()
        candidate = copy.copy(self.instance)
        for name in self._meta.fields:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        try:
            services.check_content(candidate, checked_fields=self._meta.fields)
        except ValidationError as refusal:
            for field, messages in refusal.update_error_dict({}).items():
                where = field if field in self.fields else None
                for message in messages:
                    self.add_error(where, message)
        return cleaned


class ReferenceAdmin(ReviewStatusMixin, HistoryAdmin):
    """Saves through interpretation.services, with the editor's reason in the history."""

    actions = [submit_for_review]
    exclude = ["created_by"]

    def get_form(self, request, obj=None, **kwargs):
        fields = [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "editable", False)
            and f.concrete
            and not f.auto_created
            and f.name not in {"created_by", "review_item", "id"}
        ]
        meta = type("Meta", (), {"model": self.model, "fields": fields})
        kwargs["form"] = type(f"{self.model.__name__}AdminForm", (ReferenceForm,), {"Meta": meta})
        kwargs["fields"] = [*fields, "change_reason"]
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review_item__latest_revision")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        target = type(obj).objects.get(pk=obj.pk) if change else type(obj)()
        saved = services.save_reference(
            target, by=request.user, reason=form.cleaned_data["change_reason"], **changes
        )
        obj.pk = saved.pk


@admin.register(Analyte)
class AnalyteAdmin(ReferenceAdmin):
    list_display = ["code", "name", "loinc", "kind", "review_status"]


@admin.register(ReferenceRange)
class ReferenceRangeAdmin(ReferenceAdmin):
    list_display = ["__str__", "analyte", "sex", "population", "source", "review_status"]
    list_filter = ["analyte", "population"]


@admin.register(SeverityScale)
class SeverityScaleAdmin(ReferenceAdmin):
    list_display = ["name", "analyte", "review_status"]


@admin.register(GradingTable)
class GradingTableAdmin(ReferenceAdmin):
    list_display = ["__str__", "analyte", "version", "review_status"]


@admin.register(CriticalLimit)
class CriticalLimitAdmin(ReferenceAdmin):
    list_display = ["__str__", "review_status"]


@admin.register(PlausibilityLimit)
class PlausibilityLimitAdmin(ReferenceAdmin):
    list_display = ["__str__", "review_status"]


@admin.register(FeverRule)
class FeverRuleAdmin(ReferenceAdmin):
    list_display = [
        "name",
        "single_c",
        "sustained_c",
        "anc_below",
        "treatment_window_days",
        "review_status",
    ]

    def has_add_permission(self, request):
        # One fever rule, ever: a change is a new revision of it.
        return super().has_add_permission(request) and not FeverRule.objects.exists()


@admin.register(GuidanceBlock)
class GuidanceBlockAdmin(ReferenceAdmin):
    list_display = ["__str__", "title", "review_status"]
    list_filter = ["finding", "section", "audience"]
    search_fields = ["title", "body_markdown"]


@admin.register(ClinicalTestCase)
class ClinicalTestCaseAdmin(ReferenceAdmin):
    list_display = ["name", "rule", "review_status"]
    search_fields = ["name", "rule"]
