"""Admin for the review workflow. Workflow records are read-only here: they change
only through reviews.services, so every change is guarded and recorded."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone

from config.read_only_admin import ReadOnlyAdminMixin

from . import services
from .admin_actions import ReviewStatusMixin, submit_for_review
from .forms import ChangeReasonForm
from .history_admin import HistoryAdmin
from .models import (
    AuditEvent,
    BoardMember,
    EditorialPolicyVersion,
    ReviewDecision,
    ReviewItem,
    Revision,
    Specialty,
)
from .services import board


class ReadOnlyAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Board members and administrators may look; nobody edits or deletes here."""


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "status", "submitted_by", "submitted_at", "approved_at", "content_hash"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "content_type", "latest_revision", "live_revision", "last_reviewed_at"]
    list_filter = ["content_type"]
    search_fields = ["title"]
    inlines = [RevisionInline]
    # A revision's name holds its item's title.
    history_select_related = [
        "latest_revision__item",
        "live_revision__item",
        "scheduled_revision__item",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("content_type", "latest_revision", "live_revision")
        )


class DecisionInline(admin.TabularInline):
    model = ReviewDecision
    fields = ["kind", "reviewer", "reviewer_credentials", "comment", "decided_at", "policy_version"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "submitted_by", "submitted_at"]
    list_filter = ["status"]
    inlines = [DecisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item", "submitted_by")


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ["revision", "kind", "reviewer", "reviewer_credentials", "decided_at"]
    list_filter = ["kind"]
    history_select_related = ["revision__item"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("revision__item", "reviewer")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The append-only event log; verify it from the review queue's audit page."""

    list_display = ["sequence", "occurred_at", "kind", "summary", "actor_name", "entry_hash"]
    list_filter = ["kind"]
    search_fields = ["summary", "actor_name"]
    ordering = ["-sequence"]


class BoardMemberForm(forms.ModelForm):
    """Who is on the board, with what credentials; every change goes through
    ``reviews.services.board`` with its reason. ``acting_user`` is set per request."""

    acting_user = None
    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=300,
        help_text="Recorded in the audit chain and the history with your name.",
    )

    class Meta:
        model = BoardMember
        fields = [
            "user",
            "credentials",
            "specialties",
            "declared_interests",
            "is_active",
            "joined_on",
        ]
        widgets = {"specialties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            # New members: active accounts not on the board (a former member is reactivated).
            self.fields["user"].queryset = get_user_model().objects.filter(
                is_active=True, board_membership__isnull=True
            )

    def clean(self):
        cleaned = super().clean()
        member_user = self.instance.user if self.instance.pk else cleaned.get("user")
        permission = board.CHANGE_PERMISSION if self.instance.pk else board.ADD_PERMISSION
        sentence = board.refusal(
            by=self.acting_user, member_user=member_user, permission=permission
        )
        if sentence:
            raise forms.ValidationError(sentence)
        return cleaned


@admin.register(BoardMember)
class BoardMemberAdmin(HistoryAdmin):
    form = BoardMemberForm
    list_display = ["__str__", "is_active", "joined_on"]
    list_filter = ["is_active"]

    def get_readonly_fields(self, request, obj=None):
        # A membership stays with its person; when they joined is part of the record.
        return ["user", "joined_on"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data, reason = form.cleaned_data, form.cleaned_data["change_reason"]
        if not change:
            saved = services.add_board_member(
                user=data["user"],
                credentials=data["credentials"],
                joined_on=data.get("joined_on"),
                by=request.user,
                reason=reason,
            )
            obj.pk = saved.pk
            if data.get("declared_interests", "").strip():
                services.change_declared_interests(
                    saved, interests=data["declared_interests"], by=request.user, reason=reason
                )
            if data.get("specialties"):
                services.set_specialties(
                    saved, specialties=data["specialties"], by=request.user, reason=reason
                )
            return
        stored = BoardMember.objects.get(pk=obj.pk)
        if data.get("declared_interests", "").strip() != stored.declared_interests:
            services.change_declared_interests(
                stored, interests=data["declared_interests"], by=request.user, reason=reason
            )
        if data["credentials"] != stored.credentials:
            services.change_credentials(
                stored, credentials=data["credentials"], by=request.user, reason=reason
            )
        if data["is_active"] != stored.is_active:
            services.set_board_member_active(
                stored, active=data["is_active"], by=request.user, reason=reason
            )
        if set(data["specialties"]) != set(stored.specialties.all()):
            services.set_specialties(
                stored, specialties=data["specialties"], by=request.user, reason=reason
            )

    def save_related(self, request, form, formsets, change):
        """Specialties are set by the services in save_model, with the audit event."""


class SpecialtyForm(forms.ModelForm):
    change_reason = forms.CharField(label="Reason for this change", max_length=300)

    class Meta:
        model = Specialty
        fields = ["name"]

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if Specialty.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(f"“{name}” is on the list already.")
        return name


@admin.register(Specialty)
class SpecialtyAdmin(HistoryAdmin):
    """The list of specialties board members hold; added, never deleted or renamed
    (a sign-off's policy rule names it)."""

    form = SpecialtyForm
    list_display = ["name"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.add_specialty(
            name=form.cleaned_data["name"],
            by=request.user,
            reason=form.cleaned_data["change_reason"],
        )
        obj.pk = saved.pk


class PolicyVersionForm(ChangeReasonForm):
    """A draft version: the text and the settings the board will judge together."""

    class Meta:
        model = EditorialPolicyVersion
        fields = list(services.policy.DRAFT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = False
        self.fields[
            "change_reason"
        ].help_text = (
            "Recorded in the audit history with your name (the change note if left empty)."
        )

    def clean_effective_date(self):
        value = self.cleaned_data.get("effective_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(
                "The effective date has passed: a version takes effect only once the board "
                "has approved it, so choose today or a later day."
            )
        return value


@admin.register(EditorialPolicyVersion)
class EditorialPolicyVersionAdmin(ReviewStatusMixin, HistoryAdmin):
    """Editors draft versions and submit them; the board approves them in the review
    queue. A submitted version is never edited or deleted: a change is a new version."""

    form = PolicyVersionForm
    list_display = [
        "number",
        "effective_date",
        "change_note",
        "approvals_required",
        "review_status",
    ]
    actions = [submit_for_review]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review_item__latest_revision")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        last = EditorialPolicyVersion.objects.order_by("-number").first()
        if last:
            initial.update({name: getattr(last, name) for name in services.policy.DRAFT_FIELDS})
            initial.pop("change_note")
        initial["effective_date"] = max(
            initial.get("effective_date") or timezone.localdate(), timezone.localdate()
        )
        return initial

    def has_change_permission(self, request, obj=None):
        # A submitted version is what the board judged: it can be viewed, not changed.
        if obj is not None and obj.review_item_id is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.policy.DRAFT_FIELDS}
        reason = form.cleaned_data.get("change_reason", "")
        if change:
            stored = EditorialPolicyVersion.objects.get(pk=obj.pk)
            saved = services.edit_policy_draft(stored, by=request.user, reason=reason, **fields)
        else:
            saved = services.draft_policy_version(by=request.user, reason=reason, **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()


from . import queue_admin  # noqa: E402,F401  (registers the review queue)
