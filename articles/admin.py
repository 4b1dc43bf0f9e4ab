"""Editors write articles and sources here. Every save goes through articles.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from reviews import services as review
from reviews.admin_actions import ChangeReasonForm, ReadOnlyAdminMixin, submit_for_review

from . import services
from .models import Article, ArticleVariant, Audience, FollowUpQuestion, Source


def _variant_field(audience: str, part: str) -> str:
    return f"{audience}_{part}"


def _variant_form_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for audience, label in Audience.choices:
        fields[_variant_field(audience, "short_answer")] = forms.CharField(
            label=f"{label}: short answer",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        fields[_variant_field(audience, "body_markdown")] = forms.CharField(
            label=f"{label}: body (Markdown)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 10}),
            help_text="Leave empty to show readers the default wording.",
        )
    return fields


class ArticleAdminFormBase(ChangeReasonForm):
    """The article and its four audience wordings on one page."""

    class Meta:
        model = Article
        fields = ["title", "slug", "topic", "short_answer", "body_markdown", "authors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for variant in self.instance.variants.all():
                self.initial.setdefault(
                    _variant_field(variant.audience, "short_answer"), variant.short_answer
                )
                self.initial.setdefault(
                    _variant_field(variant.audience, "body_markdown"), variant.body_markdown
                )
        else:
            self.initial.setdefault("change_reason", "Created")

    def variants(self) -> dict[str, dict[str, str]]:
        result = {}
        for audience in Audience.values:
            body = self.cleaned_data.get(_variant_field(audience, "body_markdown"), "")
            short = self.cleaned_data.get(_variant_field(audience, "short_answer"), "")
            if body.strip():
                result[audience] = {"short_answer": short, "body_markdown": body}
            elif short.strip():
                self.add_error(
                    _variant_field(audience, "body_markdown"),
                    "A wording needs a body as well as a short answer.",
                )
        return result

    def clean(self):
        cleaned = super().clean()
        known = set(Source.objects.values_list("key", flat=True))
        try:
            services.render_wording(
                short_answer=cleaned.get("short_answer", ""),
                body_markdown=cleaned.get("body_markdown", ""),
                known_keys=known,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field, error)
        for audience, texts in self.variants().items():
            try:
                services.render_wording(known_keys=known, **texts)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(_variant_field(audience, field), error)
        return cleaned


# The audience fields are declared on the class so the admin's fieldsets can name them.
ArticleAdminForm = type(
    "ArticleAdminForm",
    (ArticleAdminFormBase,),
    {"__module__": __name__, **_variant_form_fields()},
)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "topic", "review_status", "updated_at"]
    search_fields = ["title", "slug", "topic"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["authors"]
    actions = [submit_for_review]
    history_list_display = ["history_change_reason"]

    def get_fieldsets(self, request, obj=None):
        variant_sets = [
            (
                label,
                {
                    "classes": ["collapse"],
                    "fields": [
                        _variant_field(audience, "short_answer"),
                        _variant_field(audience, "body_markdown"),
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
                    "description": "Cite sources with [@key] or [@key1; @key2].",
                },
            ),
            *variant_sets,
            ("Audit", {"fields": ["change_reason"]}),
        ]

    @admin.display(description="review status")
    def review_status(self, obj: Article) -> str:
        return review.status_of(obj).replace("_", " ")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review_item__latest_revision")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in ["title", "slug", "topic", "short_answer", "body_markdown"]
        }
        reason = form.cleaned_data["change_reason"]
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


class SourceAdminForm(ChangeReasonForm):
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = [
            "key",
            "kind",
            "authors",
            "title",
            "journal",
            "year",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
            "url",
        ]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceAdminForm
    list_display = ["key", "title", "journal", "year", "kind"]
    search_fields = ["key", "title", "authors", "doi", "pmid"]
    list_filter = ["kind"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SourceAdminForm.Meta.fields}
        reason = form.cleaned_data["change_reason"]
        if change:
            stored = Source.objects.get(pk=obj.pk)
            saved = services.edit_source(stored, by=request.user, reason=reason, **data)
        else:
            saved = services.create_source(by=request.user, reason=reason, **data)
        obj.pk = saved.pk


@admin.register(ArticleVariant)
class ArticleVariantAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only here: wordings are edited on the article's page."""

    list_display = ["article", "audience"]
    list_filter = ["audience"]


@admin.register(FollowUpQuestion)
class FollowUpQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "article", "audience", "status", "asked_at"]
    list_filter = ["status", "audience"]
    readonly_fields = ["article", "question", "audience", "asked_at"]
    fields = ["article", "question", "audience", "asked_at", "status"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.set_question_status(obj, status=form.cleaned_data["status"], by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
