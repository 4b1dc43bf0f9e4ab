"""Editors write articles, sources and topics here; the board withdraws articles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from config.read_only_admin import ReadOnlyAdminMixin
from reviews import services as review
from reviews.access import can_submit
from reviews.admin_actions import submit_for_review
from reviews.history_admin import HistoryAdmin

from .. import services, workspace
from ..models import (
    Article,
    ArticleVariant,
    Audience,
    AuthorProfile,
    Source,
    Topic,
)
from ..readability import readability_hint
from .forms import (
    ArticleAdminForm,
    AuthorProfileForm,
    SourceAdminForm,
    SourceImportForm,
    TopicAdminForm,
    WithdrawForm,
    variant_field,
)


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "topic", "review_status", "updated_at"]
    search_fields = ["title", "slug", "topic__name"]
    list_select_related = ["topic"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["authors"]
    actions = [submit_for_review, "withdraw_selected"]
    history_list_display = ["history_change_reason"]

    readonly_fields = ["patient_reading_level"]

    def get_fieldsets(self, request, obj=None):
        variant_sets = [
            (
                label,
                {
                    # The patient wording stays open: its reading grade is checked on sight.
                    "classes": [] if audience == Audience.PATIENT else ["collapse"],
                    "fields": [
                        *(["patient_reading_level"] if audience == Audience.PATIENT else []),
                        variant_field(audience, "short_answer"),
                        variant_field(audience, "body_markdown"),
                    ],
                },
            )
            for audience, label in Audience.choices
        ]
        return [
            (None, {"fields": ["title", "slug", "topic", "authors"]}),
            (
                "Default wording",
                {
                    "fields": ["short_answer", "body_markdown"],
                    "description": "Cite sources with [@key] or [@key1; @key2]: the source "
                    "keys are listed under “Sources you can cite”.",
                },
            ),
            *variant_sets,
            ("Save and submit", {"fields": ["change_reason", "note_to_board"]}),
        ]

    @admin.display(description="review status")
    def review_status(self, obj: Article) -> str:
        item = obj.review_item
        latest = item.latest_revision if item else None
        if latest is None:
            return "draft, never submitted"
        status = latest.get_status_display().lower()
        if obj.updated_at > latest.submitted_at:
            return f"{status}; edited since, not submitted"
        return status

    # The workspace around the form: review state, citation helper, preview, submit ----
    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def _workspace_context(self, request, obj: Article | None) -> dict:
        return {
            "review_summary": workspace.review_summary(obj) if obj is not None else None,
            "citable_sources": workspace.citation_helper(obj),
            "preview_audiences": workspace.PREVIEW_AUDIENCES,
            "can_submit": can_submit(request.user),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self._workspace_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._workspace_context(request, None)}
        return super().add_view(request, form_url, extra_context)

    def preview_view(self, request):
        """The typed (unsaved) text rendered as readers would see it, in one wording."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:articles_article_changelist")
        data = request.POST
        wordings = {
            workspace.DEFAULT: {
                "short_answer": data.get("short_answer", ""),
                "body_markdown": data.get("body_markdown", ""),
            }
        }
        for audience in Audience.values:
            wordings[audience] = {
                "short_answer": data.get(variant_field(audience, "short_answer"), ""),
                "body_markdown": data.get(variant_field(audience, "body_markdown"), ""),
            }
        page = workspace.preview(
            title=data.get("title", ""),
            wordings=wordings,
            audience=data.get("_preview_audience", workspace.DEFAULT),
        )
        kept = [
            (name, data.get(name, ""))
            for name in ["title", "short_answer", "body_markdown"]
            + [
                variant_field(a, p)
                for a in Audience.values
                for p in ("short_answer", "body_markdown")
            ]
        ]
        context = {"page": page, "audiences": workspace.PREVIEW_AUDIENCES, "kept": kept}
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

    def _submit(self, request, obj: Article) -> None:
        try:
            revision = review.submit(obj, by=request.user, note=getattr(request, "_note", ""))
        except review.TransitionRefused as refusal:
            self.message_user(request, f"Saved, but not submitted: {refusal}", messages.ERROR)
        else:
            self.message_user(
                request,
                f"Saved and submitted: revision {revision.number} waits for the board.",
                messages.SUCCESS,
            )

    def response_change(self, request, obj):
        if "_submit" in request.POST:
            self._submit(request, obj)
            return redirect("admin:articles_article_change", obj.pk)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST:
            self._submit(request, obj)
            return redirect("admin:articles_article_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Withdraw the selected articles (medical board)")
    def withdraw_selected(self, request, queryset):
        """A board decision: asks for the reason readers will be told, then withdraws
        each article through ``reviews.services.withdraw`` (which checks who may)."""
        form = WithdrawForm(request.POST if "confirm_withdrawal" in request.POST else None)
        if form.is_bound and form.is_valid():
            for article in queryset.select_related("review_item"):
                if article.review_item is None:
                    self.message_user(request, f"{article}: never submitted.", messages.ERROR)
                    continue
                try:
                    review.withdraw(article.review_item, by=request.user, **form.cleaned_data)
                except review.TransitionRefused as refusal:
                    self.message_user(request, f"{article}: {refusal}", messages.ERROR)
                else:
                    self.message_user(request, f"{article}: withdrawn.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Withdraw articles",
            "opts": self.model._meta,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/withdraw.html", context)

    @admin.display(description="reading level")
    def patient_reading_level(self, obj: Article | None) -> str:
        """The saved patient wording's reading grade (measured again on every save)."""
        if obj is None or obj.pk is None:
            return readability_hint("")
        variant = obj.variants.filter(audience=Audience.PATIENT).first()
        if variant is None:
            default = readability_hint(
                f"{obj.short_answer}\n\n{obj.body_markdown}", subject="The default wording"
            )
            return f"No patient wording yet, so patients see the default wording. {default}"
        return readability_hint(f"{variant.short_answer}\n\n{variant.body_markdown}")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("review_item__latest_revision")
            .defer("review_item__latest_revision__snapshot")
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in ["title", "slug", "topic", "short_answer", "body_markdown"]
        }
        reason = form.cleaned_data["change_reason"]
        request._note = form.cleaned_data.get("note_to_board", "")
        if change:
            saved = services.edit_article(
                obj,
                by=request.user,
                reason=reason,
                authors=form.cleaned_data.get("authors"),
                variants=form.variants(),
                **fields,
            )
        else:
            saved = services.create_article(
                by=request.user,
                reason=reason,
                authors=form.cleaned_data.get("authors") or [request.user],
                variants=form.variants(),
                **fields,
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Authors and wordings were saved by the service in save_model."""


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    form = SourceAdminForm
    list_display = ["key", "title", "journal", "year", "kind"]
    search_fields = ["key", "title", "authors", "doi", "pmid"]
    list_filter = ["kind"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_source_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Paste BibTeX or RIS; every entry becomes a source, or none does."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[str] = []
        if request.method == "POST":
            form = SourceImportForm(request.POST)
            if form.is_valid():
                try:
                    created = services.import_sources(
                        text=form.cleaned_data["text"],
                        format=form.cleaned_data["format"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    noun = "source" if len(created) == 1 else "sources"
                    self.message_user(
                        request,
                        f"Imported {len(created)} {noun}: "
                        f"{', '.join(source.key for source in created)}. "
                        "Check the kind of each: it is guessed from the entry type and title.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:articles_source_changelist")
        else:
            form = SourceImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import sources from BibTeX or RIS",
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/articles/source/import.html", context, status=status
        )

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SourceAdminForm.Meta.fields}
        reason = form.cleaned_data["change_reason"]
        if change:
            stored = Source.objects.get(pk=obj.pk)
            saved = services.edit_source(stored, by=request.user, reason=reason, **data)
        else:
            saved = services.create_source(by=request.user, reason=reason, **data)
        obj.pk = saved.pk


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    """The managed list of topics articles are filed under."""

    form = TopicAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        name, reason = form.cleaned_data["name"], form.cleaned_data["change_reason"]
        if change:
            saved = services.rename_topic(
                Topic.objects.get(pk=obj.pk), name=name, by=request.user, reason=reason
            )
        else:
            saved = services.add_topic(name=name, by=request.user, reason=reason)
        obj.pk = saved.pk


@admin.register(ArticleVariant)
class ArticleVariantAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Read-only here: wordings are edited on the article's page."""

    list_display = ["article", "audience"]
    list_filter = ["audience"]


@admin.register(AuthorProfile)
class AuthorProfileAdmin(HistoryAdmin):
    """How the people who write articles are named on them."""

    form = AuthorProfileForm
    list_display = ["display_name", "credentials", "user"]
    search_fields = ["display_name", "credentials", "user__username"]
    list_select_related = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.save_author_profile(
            user=obj.user,
            display_name=form.cleaned_data["display_name"],
            credentials=form.cleaned_data["credentials"],
            by=request.user,
            reason=form.cleaned_data["change_reason"],
        )
        obj.pk = saved.pk
