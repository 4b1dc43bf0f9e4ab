"""The forms of the articles admin: each saves through articles.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from reviews.forms import ChangeReasonForm

from .. import services
from ..authors import configure_author_field
from ..identifiers import IdentifierError, normalize_doi, normalize_pmid
from ..models import (
    Article,
    Audience,
    AuthorProfile,
    FollowUpQuestion,
    ProblemReport,
    Source,
    Topic,
)


def variant_field(audience: str, part: str) -> str:
    return f"{audience}_{part}"


def variant_form_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for audience, label in Audience.choices:
        fields[variant_field(audience, "short_answer")] = forms.CharField(
            label=f"{label}: short answer",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        fields[variant_field(audience, "body_markdown")] = forms.CharField(
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
                    variant_field(variant.audience, "short_answer"), variant.short_answer
                )
                self.initial.setdefault(
                    variant_field(variant.audience, "body_markdown"), variant.body_markdown
                )
        else:
            self.initial.setdefault("change_reason", "Created")

    def variants(self) -> dict[str, dict[str, str]]:
        result = {}
        for audience in Audience.values:
            body = self.cleaned_data.get(variant_field(audience, "body_markdown"), "")
            short = self.cleaned_data.get(variant_field(audience, "short_answer"), "")
            if body.strip():
                result[audience] = {"short_answer": short, "body_markdown": body}
            elif short.strip():
                self.add_error(
                    variant_field(audience, "body_markdown"),
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
                        self.add_error(variant_field(audience, field), error)
        return cleaned


# The audience fields are declared on the class so the admin's fieldsets can name them.
ArticleAdminForm = type(
    "ArticleAdminForm",
    (ArticleAdminFormBase,),
    {"__module__": __name__, **variant_form_fields()},
)


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


class TopicAdminForm(ChangeReasonForm):
    class Meta:
        model = Topic
        fields = ["name"]


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


class AuthorProfileForm(ChangeReasonForm):
    class Meta:
        model = AuthorProfile
        fields = ["user", "display_name", "credentials"]


class ProblemReportForm(forms.ModelForm):
    """Where a reader's report stands; what they wrote stays as they wrote it."""

    class Meta:
        model = ProblemReport
        fields = ["status"]
