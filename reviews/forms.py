"""The review workflow's forms: the reason asked on every admin save, and the review
desk's decisions (approve, request changes, comment on a passage, schedule)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import PENDING_STATES


class ChangeReasonForm(forms.ModelForm):
    """A model form that asks why, for the audit history."""

    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=300,
        help_text="Recorded in the audit history with your name.",
        widget=forms.TextInput(attrs={"size": 80}),
    )


def future(value):
    if value and value <= timezone.now():
        raise forms.ValidationError("The go-live time must be in the future.")
    return value


def go_live_field(required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label="Go live at" + ("" if required else " (optional)"),
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=(
            "Leave empty to publish as soon as the approval is complete. "
            "A time here keeps the current text live until then."
            if not required
            else "The current text stays live until this time."
        ),
        error_messages={
            "invalid": "Enter a date and time as YYYY-MM-DD HH:MM.",
            "required": "Choose the new go-live time.",
        },
        validators=[future],
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conflict_of_interest = forms.CharField(
        label="Conflict of interest declaration",
        initial="none",
        max_length=2000,
        help_text='Write "none", or describe any interest that could affect your judgement.',
        error_messages={"required": 'Declare any conflict of interest, or write "none".'},
    )
    literature_current_through = forms.DateField(
        label="Literature current through",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date up to which you checked the literature for this content.",
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    go_live_at = go_live_field(required=False)
    minor_edit = forms.BooleanField(
        label="This is a minor edit, not a full review",
        required=False,
        help_text="Wording, links or typing errors only. The change history says so, and the "
        "page's “last reviewed” date stays where the last full review put it.",
    )

    def clean_literature_current_through(self):
        value = self.cleaned_data.get("literature_current_through")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The literature date cannot be in the future.")
        return value


class CommentForm(forms.Form):
    quote = forms.CharField(
        label="The passage",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copy the words from the page above (selecting them fills this in).",
        error_messages={"required": "Copy the passage your comment is about."},
    )
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write what you would like changed or checked."},
    )


class ScheduleForm(forms.Form):
    go_live_at = go_live_field(required=True)


def sign_off_form(item, data=None, requirements=()) -> ApproveForm:
    """The approve form; re-confirming live text has no go-live time, so no such field.
    Each approval requirement of the pending revision is a checkbox to tick."""
    form = ApproveForm(data, prefix="approve")
    latest = item.latest_revision
    if not (latest and latest.status in PENDING_STATES):
        del form.fields["go_live_at"]
    if not (latest and latest.status in PENDING_STATES and item.live_revision_id):
        del form.fields["minor_edit"]  # a re-confirmation or a first version: a full review
    if requirements:
        form.fields["confirmed"] = forms.MultipleChoiceField(
            label="I have checked each of these",
            choices=[(r.key, r.label) for r in requirements],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    return form


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what needs to change: a comment is required."},
    )
    conflict_of_interest = forms.CharField(
        label="Conflict of interest declaration",
        initial="none",
        max_length=2000,
        error_messages={"required": 'Declare any conflict of interest, or write "none".'},
    )
