"""The editors' inbox: readers' follow-up questions and problem reports."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator

from .. import selectors as article_selectors
from .. import services
from ..models import (
    FollowUpQuestion,
    ProblemReport,
)
from .forms import FollowUpQuestionForm, ProblemReportForm


@admin.register(FollowUpQuestion)
class FollowUpQuestionAdmin(admin.ModelAdmin):
    """The editors' inbox of readers' follow-up questions."""

    form = FollowUpQuestionForm
    list_display = ["summary", "article", "audience", "status", "asked_at", "answered_by"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter), "audience"]
    list_select_related = ["article", "answered_by"]
    search_fields = ["question"]
    actions = ["mark_as_spam", "mark_as_new"]
    readonly_fields = ["article", "question", "audience", "asked_at"]
    fields = ["article", "question", "audience", "asked_at", "status", "answered_by"]

    @admin.display(description="question", ordering="question")
    def summary(self, obj: FollowUpQuestion) -> str:
        return Truncator(obj.question).chars(80)

    def get_urls(self):
        return [
            path(
                "by-article/",
                self.admin_site.admin_view(self.by_article_view),
                name="articles_followupquestion_by_article",
            ),
            *super().get_urls(),
        ]

    def by_article_view(self, request):
        """Questions grouped by article and topic, with counts: what readers still need."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        groups = article_selectors.questions_by_article()
        topics: dict[str, dict[str, int]] = {}
        for group in groups:
            counts = topics.setdefault(group.topic or "(no topic)", {"new": 0, "total": 0})
            counts["new"] += group.new
            counts["total"] += group.total
        context = {
            **self.admin_site.each_context(request),
            "title": "Readers' questions by article",
            "opts": self.model._meta,
            "groups": groups,
            "topics": sorted(topics.items(), key=lambda pair: (-pair[1]["new"], pair[0])),
        }
        return TemplateResponse(request, "admin/articles/followupquestion/by_article.html", context)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        self._mark(request, queryset, FollowUpQuestion.Status.SPAM)

    @admin.action(description="Mark as new", permissions=["change"])
    def mark_as_new(self, request, queryset):
        self._mark(request, queryset, FollowUpQuestion.Status.NEW)

    def _mark(self, request, queryset, status: str) -> None:
        marked = 0
        for question in queryset:
            try:
                services.mark_follow_up(question, status=status, by=request.user)
            except ValidationError as refusal:
                self.message_user(request, f"{question}: {refusal.messages[0]}", messages.ERROR)
            else:
                marked += 1
        if marked:
            label = FollowUpQuestion.Status(status).label.lower()
            noun = "question" if marked == 1 else "questions"
            self.message_user(request, f"{marked} {noun} marked {label}.", messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        status = form.cleaned_data["status"]
        if status == FollowUpQuestion.Status.ANSWERED:
            services.answer_follow_up(
                obj, article=form.cleaned_data["answered_by"], by=request.user
            )
        else:
            services.mark_follow_up(obj, status=status, by=request.user)


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The editors' inbox of readers' problem reports, beside their follow-up questions."""

    form = ProblemReportForm
    list_display = ["summary", "concerns", "status", "reported_at"]
    list_filter = ["status", "page", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["what_is_wrong", "source"]
    readonly_fields = ["page", "article", "what_is_wrong", "source", "reported_at"]
    fields = ["page", "article", "what_is_wrong", "source", "reported_at", "status"]
    actions = ["mark_checking", "mark_corrected", "mark_no_change", "mark_spam"]

    @admin.display(description="report", ordering="what_is_wrong")
    def summary(self, obj: ProblemReport) -> str:
        return Truncator(obj.what_is_wrong).chars(80)

    @admin.display(description="concerns", ordering="article__title")
    def concerns(self, obj: ProblemReport) -> str:
        return str(obj.article) if obj.article_id else obj.get_page_display()

    @admin.action(description="Mark as being checked", permissions=["change"])
    def mark_checking(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.CHECKING)

    @admin.action(description="Mark as corrected", permissions=["change"])
    def mark_corrected(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.CORRECTED)

    @admin.action(description="Mark as checked: no change needed", permissions=["change"])
    def mark_no_change(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.NO_CHANGE)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._mark(request, queryset, ProblemReport.Status.SPAM)

    def _mark(self, request, queryset, status: str) -> None:
        for report in queryset:
            services.mark_problem_report(report, status=status, by=request.user)
        label = ProblemReport.Status(status).label.lower()
        self.message_user(
            request, f"{queryset.count()} report(s) marked {label}.", messages.SUCCESS
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.mark_problem_report(obj, status=form.cleaned_data["status"], by=request.user)
