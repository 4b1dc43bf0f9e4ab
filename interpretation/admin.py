"""Editors maintain the engine's reference data and guidance here; the board
reviews every change in the review queue before the engine applies it."""

from __future__ import annotations

from django.contrib import admin

from reviews.admin_actions import ChangeReasonForm, ReviewStatusMixin, submit_for_review
from reviews.history_admin import HistoryAdmin

from . import services
from .models import (
    Analyte,
    CriticalLimit,
    FeverRule,
    GradingTable,
    GuidanceBlock,
    ReferenceRange,
    SeverityScale,
)


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
        kwargs["form"] = type(
            f"{self.model.__name__}AdminForm", (ChangeReasonForm,), {"Meta": meta}
        )
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


@admin.register(FeverRule)
class FeverRuleAdmin(ReferenceAdmin):
    list_display = ["name", "single_c", "sustained_c", "anc_below", "review_status"]


@admin.register(GuidanceBlock)
class GuidanceBlockAdmin(ReferenceAdmin):
    list_display = ["__str__", "title", "review_status"]
    list_filter = ["finding", "section", "audience"]
    search_fields = ["title", "body_markdown"]
