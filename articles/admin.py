"""Editors write articles and sources here. Every save goes through articles.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator

from reviews import services as review
from reviews.access import can_submit
from reviews.admin_actions import ChangeReasonForm, ReadOnlyAdminMixin, submit_for_review
from reviews.history_admin import HistoryAdmin

from . import selectors as article_selectors
from . import services, workspace
from .authors import configure_author_field
from .identifiers import IdentifierError, normalize_doi, normalize_pmid
from .models import (
    Article,
    ArticleVariant,
    Audience,
    AuthorProfile,
    FollowUpQuestion,
    ProblemReport,
    Source,
    Topic,
)
from .readability import readability_hint


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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the board withdraws these articles",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Readers who follow a link to a withdrawn article are shown this reason.",
        error_messages={"required": "Say why: readers are told."},
    )
    conflict_of_interest = forms.CharField(
        label="Conflict of interest declaration",
        initial="none",
        max_length=2000,
        error_messages={"required": 'Declare any conflict of interest, or write "none".'},
    )


class ArticleAdminFormBase(ChangeReasonForm):
    """The article and its four audience wordings on one page."""

    note_to_board = forms.CharField(
        label="Note to the board (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent with “Save and submit for review”: what changed and why, or what "
        "you would like the reviewers to look at. Shown on the review desk.",
    )

    class Meta:
        model = Article
        fields = ["title", "slug", "topic", "short_answer", "body_markdown", "authors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields:
            configure_author_field(self.fields["authors"], self.instance)
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
                "short_answer": data.get(_variant_field(audience, "short_answer"), ""),
                "body_markdown": data.get(_variant_field(audience, "body_markdown"), ""),
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
                _variant_field(a, p)
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


class SourceAdminForm(ChangeReasonForm):
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")
    # Long enough for a pasted link: the DOI or PMID is taken out of it when cleaned.
    doi = forms.CharField(
        label="DOI",
        max_length=500,
        required=False,
        help_text="The DOI (10.1182/…), or its doi.org link: it is stored as the bare DOI.",
    )
    pmid = forms.CharField(
        label="PMID",
        max_length=500,
        required=False,
        help_text="The PubMed ID, or its PubMed link: it is stored as the number.",
    )

    def clean_doi(self):
        return _identifier(normalize_doi, self.cleaned_data.get("doi"))

    def clean_pmid(self):
        return _identifier(normalize_pmid, self.cleaned_data.get("pmid"))

    class Meta:
        model = Source
        fields = Source.CITATION_FIELDS


def _identifier(normalize, value) -> str:
    """The identifier as stored (a DOI link becomes the bare DOI), or the field's error."""
    try:
        return normalize(value)
    except IdentifierError as exc:
        raise ValidationError(str(exc)) from exc


class SourceImportForm(forms.Form):
    text = forms.CharField(
        label="Entries",
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100, "spellcheck": "false"}),
        help_text=(
            "Paste BibTeX entries (@article{key, ...}) or RIS records (TY  - JOUR ... ER  - ), as "
            "exported by Zotero, EndNote, Mendeley or a journal's citation link."
        ),
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("auto", "Detect automatically"), ("bibtex", "BibTeX"), ("ris", "RIS")],
        initial="auto",
        widget=forms.RadioSelect,
    )


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


class TopicAdminForm(ChangeReasonForm):
    class Meta:
        model = Topic
        fields = ["name"]


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


class FollowUpQuestionForm(forms.ModelForm):
    """What an editor decides about a reader's question: its status and, when
    answered, the published article that answers it. The question stays as asked."""

    class Meta:
        model = FollowUpQuestion
        fields = ["status", "answered_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answered_by = self.fields.get("answered_by")
        if answered_by is not None:
            answered_by.queryset = Article.objects.live()
            answered_by.error_messages["invalid_choice"] = (
                "Choose a published article: a draft cannot answer a reader's question."
            )


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


class AuthorProfileForm(ChangeReasonForm):
    class Meta:
        model = AuthorProfile
        fields = ["user", "display_name", "credentials"]


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


class ProblemReportForm(forms.ModelForm):
    """Where a reader's report stands; what they wrote stays as they wrote it."""

    class Meta:
        model = ProblemReport
        fields = ["status"]


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
