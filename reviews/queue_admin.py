"""The medical board's review queue and review desk in the Django admin.

The queue lists every item waiting for the board, oldest first, with filters
for Mine, Unclaimed, Overdue and Re-review due. The review desk shows the
pending revision beside the live one as a word-level diff, the citations added
or removed with a tick for each one checked, the panels the content's app adds
and the decision forms, with a checkbox for each approval requirement the app
sets (``reviews.registry``). Every action goes through ``reviews.services``; a
refusal shows its sentence and changes nothing (a refused approval keeps what
the reviewer typed). Staff who are not on the board may look but not act.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from . import registry, selectors
from . import services as review
from .access import active_board_membership, can_release_claims, can_submit
from .admin_actions import ReadOnlyAdminMixin
from .audit import verify_chain
from .diffing import citation_changes, snapshot_diff
from .models import (
    PENDING_STATES,
    CitationCheck,
    ReviewDecision,
    ReviewItem,
    ReviewQueue,
    ReviewState,
    Revision,
)


def _terms(request):
    """The policy's review terms, read once per request (the filter and the list both use them)."""
    if not hasattr(request, "_review_terms"):
        request._review_terms = selectors.current_terms()
    return request._review_terms


class QueueFilter(admin.SimpleListFilter):
    title = "show"
    parameter_name = "show"

    def lookups(self, request, model_admin):
        return [
            ("mine", "Mine"),
            ("unclaimed", "Unclaimed"),
            ("overdue", "Overdue"),
            ("rereview", "Re-review due"),
        ]

    def queryset(self, request, queryset):
        terms = _terms(request)
        match self.value():
            case "mine":
                return queryset.filter(claimed_by=request.user)
            case "unclaimed":
                return queryset.filter(claimed_by__isnull=True)
            case "overdue":
                return queryset.filter(selectors.overdue_q(terms))
            case "rereview":
                return queryset.filter(selectors.rereview_due_q(terms)).exclude(
                    selectors.pending_q()
                )
        return queryset


def _future(value):
    if value and value <= timezone.now():
        raise forms.ValidationError("The go-live time must be in the future.")
    return value


def _go_live_field(required: bool) -> forms.DateTimeField:
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
        validators=[_future],
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

    go_live_at = _go_live_field(required=False)
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


class ScheduleForm(forms.Form):
    go_live_at = _go_live_field(required=True)


def _requirements(item) -> list[registry.ApprovalRequirement]:
    latest = item.latest_revision
    if latest and latest.status in PENDING_STATES:
        return registry.approval_requirements(item, latest)
    return []


def _sign_off_form(item, data=None, requirements=()) -> ApproveForm:
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


def _approval_outcome(decision) -> str:
    revision = decision.revision
    if revision.status != ReviewState.APPROVED:
        return "More approvals are needed before it goes live."
    item = ReviewItem.objects.get(pk=revision.item_id)
    if item.scheduled_revision_id == revision.pk:
        return f"It goes live at {timezone.localtime(item.go_live_at):%Y-%m-%d %H:%M %Z}."
    return "This revision is now live."


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


class ReviewQueueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "title_link",
        "kind",
        "revision_number",
        "submitted_by",
        "waiting_since",
        "claimed_by_name",
        "due",
        "reason",
    ]
    list_filter = [QueueFilter]
    list_display_links = None
    search_fields = ["title"]
    list_per_page = 50
    # The filtered count is enough; a second count of the whole queue adds nothing.
    show_full_result_count = False

    def get_queryset(self, request):
        # The policy's numbers ride along on each row, so columns need no query of their own.
        terms = _terms(request)
        return selectors.queue(terms).annotate(
            turnaround_days=Value(terms.review_turnaround_days),
            rereview_interval_days=Value(terms.rereview_interval_days),
        )

    def get_ordering(self, request):
        return ["latest_revision__submitted_at", "pk"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": "Review queue",
            "is_board_member": active_board_membership(request.user) is not None,
        }
        return super().changelist_view(request, extra_context)

    # Columns --------------------------------------------------------------------------
    @admin.display(description="title", ordering="title")
    def title_link(self, item):
        url = reverse("admin:reviews_reviewqueue_review", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, item.title)

    @admin.display(description="kind")
    def kind(self, item):
        return item.content_type.model_class()._meta.verbose_name.capitalize()

    @admin.display(description="revision")
    def revision_number(self, item):
        return item.latest_revision.number if item.latest_revision else "—"

    @admin.display(description="submitted by")
    def submitted_by(self, item):
        revision = item.latest_revision
        return revision.submitted_by.get_full_name() or revision.submitted_by.username

    @admin.display(description="waiting since", ordering="latest_revision__submitted_at")
    def waiting_since(self, item):
        since = self._waiting_from(item)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            since.isoformat(),
            since.strftime("%Y-%m-%d %H:%M"),
            timesince(since),
        )

    @admin.display(description="claimed by")
    def claimed_by_name(self, item):
        if not item.claimed_by:
            return "—"
        return item.claimed_by.get_full_name() or item.claimed_by.username

    @admin.display(description="due")
    def due(self, item):
        due = self._due_date(item)
        overdue = due < timezone.localdate()
        return format_html(
            '<span class="{}">{}{}</span>',
            "queue-overdue" if overdue else "",
            due.strftime("%Y-%m-%d"),
            " (overdue)" if overdue else "",
        )

    @admin.display(description="why")
    def reason(self, item):
        if item.latest_revision and item.latest_revision.status in PENDING_STATES:
            return item.latest_revision.get_status_display()
        return "Re-review due"

    def _waiting_from(self, item) -> datetime.datetime:
        if item.latest_revision and item.latest_revision.status in PENDING_STATES:
            return item.latest_revision.submitted_at
        return item.last_reviewed_at + datetime.timedelta(days=item.rereview_interval_days)

    def _due_date(self, item) -> datetime.date:
        if item.latest_revision and item.latest_revision.status in PENDING_STATES:
            return timezone.localdate(item.latest_revision.submitted_at) + datetime.timedelta(
                days=item.turnaround_days
            )
        return timezone.localdate(item.last_reviewed_at) + datetime.timedelta(
            days=item.rereview_interval_days
        )

    # The review desk ------------------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "<int:item_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="reviews_reviewqueue_review",
            ),
            path(
                "audit/",
                self.admin_site.admin_view(self.audit_view),
                name="reviews_reviewqueue_audit",
            ),
            *super().get_urls(),
        ]

    def audit_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = verify_chain()
        context = {
            **self.admin_site.each_context(request),
            "title": "Audit chain",
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/audit_chain.html", context)

    def review_view(self, request, item_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = get_object_or_404(
            ReviewItem.objects.select_related(
                "content_type", "latest_revision__submitted_by", "live_revision", "claimed_by"
            ),
            pk=item_id,
        )
        forms_shown = (
            _sign_off_form(item, requirements=_requirements(item)),
            RequestChangesForm(prefix="changes"),
            ScheduleForm(prefix="schedule", initial={"go_live_at": item.go_live_at}),
        )
        if request.method == "POST":
            result = self._act(request, item)
            if isinstance(result, HttpResponseRedirect):
                return result
            forms_shown = result
        return TemplateResponse(
            request,
            "admin/reviews/review_desk.html",
            self._desk_context(request, item, *forms_shown),
            status=400 if request.method == "POST" else 200,
        )

    def _act(self, request, item):
        """Run one action through the services; a redirect on success or refusal,
        or the forms with their errors (nothing the reviewer typed is lost)."""
        action = request.POST.get("action", "")
        here = reverse("admin:reviews_reviewqueue_review", args=[item.pk])
        requirements = _requirements(item) if action == "approve" else []
        approve_form = _sign_off_form(item, requirements=requirements)
        changes_form = RequestChangesForm(prefix="changes")
        schedule_form = ScheduleForm(prefix="schedule")
        revision = item.latest_revision
        try:
            match action:
                case "claim":
                    review.claim(item, by=request.user)
                    messages.success(request, "You hold this item now.")
                case "release":
                    review.release(item, by=request.user)
                    messages.success(request, "The claim was released.")
                case "check" | "uncheck":
                    review.set_citation_checked(
                        revision,
                        source_key=request.POST.get("source_key", ""),
                        by=request.user,
                        checked=action == "check",
                    )
                case "reschedule" | "publish_now":
                    schedule_form = ScheduleForm(request.POST, prefix="schedule")
                    if action == "reschedule" and not schedule_form.is_valid():
                        return approve_form, changes_form, schedule_form
                    when = (
                        schedule_form.cleaned_data["go_live_at"] if action == "reschedule" else None
                    )
                    review.reschedule(item, by=request.user, go_live_at=when)
                    messages.success(
                        request,
                        "Published now." if when is None else "The go-live time is changed.",
                    )
                case "approve" | "reconfirm":
                    approve_form = _sign_off_form(item, request.POST, requirements)
                    if not approve_form.is_valid():
                        return approve_form, changes_form, schedule_form
                    if action == "approve":
                        try:
                            decision = review.approve(
                                revision, by=request.user, **approve_form.cleaned_data
                            )
                        except review.TransitionRefused as refusal:
                            approve_form.add_error(None, str(refusal))
                            return approve_form, changes_form, schedule_form
                        messages.success(request, "Approved. " + _approval_outcome(decision))
                    else:
                        sign_off = dict(approve_form.cleaned_data)
                        sign_off.pop("minor_edit", None)  # re-confirming is a full review
                        if sign_off.pop("go_live_at", None) is not None:
                            approve_form.add_error(
                                "go_live_at",
                                "A go-live time belongs to an approval of the pending "
                                "revision; re-confirming keeps the live text as it is. "
                                "Clear the time to re-confirm.",
                            )
                            return approve_form, changes_form, schedule_form
                        review.reconfirm(item, by=request.user, **sign_off)
                        messages.success(request, "Re-confirmed: the review date is renewed.")
                case "request_changes":
                    changes_form = RequestChangesForm(request.POST, prefix="changes")
                    if not changes_form.is_valid():
                        return approve_form, changes_form, schedule_form
                    review.request_changes(revision, by=request.user, **changes_form.cleaned_data)
                    messages.success(request, "Sent back to the editors with your comment.")
                case _:
                    messages.error(request, "Unknown action.")
        except review.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        return HttpResponseRedirect(here)

    def _desk_context(self, request, item, approve_form, changes_form, schedule_form):
        pending = item.latest_revision
        live = item.live_revision
        compare_to = live if live and pending and live.pk != pending.pk else None
        compare_label = f"the live revision {live.number}" if compare_to else ""
        if live is None:
            # New content may still change something readers have: a new policy
            # version replaces the one in force.
            compare_to = item.content_type.model_class().review_baseline(item)
            compare_label = f"{compare_to.item.title} (in force)" if compare_to else ""
        shown = pending or live
        diffs = snapshot_diff(compare_to.snapshot if compare_to else None, shown.snapshot)
        checks = {
            c.source_key: c
            for c in CitationCheck.objects.filter(revision=shown).select_related("checked_by")
        }
        sources = [
            {"key": key, "data": data, "check": checks.get(key)}
            for key, data in sorted(shown.snapshot.get("sources", {}).items())
        ]
        membership = active_board_membership(request.user)
        terms = selectors.current_terms()
        revisions = list(
            Revision.objects.filter(item=item).select_related("submitted_by").order_by("-number")
        )
        decisions = list(
            ReviewDecision.objects.filter(revision__item=item)
            .select_related("reviewer", "revision", "policy_version")
            .order_by("-decided_at")
        )
        history = sorted(
            (
                {
                    "when": row.history_date,
                    "what": label,
                    "reason": row.history_change_reason,
                    "user": row.history_user,
                }
                for label, rows in (
                    ("Review record", item.history.select_related("history_user")),
                    (
                        "Revision",
                        Revision.history.filter(item_id=item.pk).select_related("history_user"),
                    ),
                    (
                        "Decision",
                        ReviewDecision.history.filter(revision__item_id=item.pk).select_related(
                            "history_user"
                        ),
                    ),
                )
                for row in rows
            ),
            key=lambda entry: entry["when"],
            reverse=True,
        )
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review: {item.title}",
            "item": item,
            "pending": pending if pending and pending.status in PENDING_STATES else None,
            "shown": shown,
            "live": live,
            "compare_to": compare_to,
            "compare_label": compare_label,
            "diffs": diffs,
            "changed_diffs": [d for d in diffs if d.changed],
            "citation_changes": citation_changes(
                compare_to.snapshot if compare_to else None, shown.snapshot
            ),
            "sources": sources,
            "checked_count": sum(1 for s in sources if s["check"] and s["check"].checked),
            "is_board_member": membership is not None,
            "holds_claim": item.claimed_by_id == request.user.pk,
            "can_release": item.claimed_by_id
            and (item.claimed_by_id == request.user.pk or can_release_claims(request.user)),
            "rereview_due": selectors.is_rereview_due(item, terms),
            "next_review_due": selectors.next_review_due(item, terms),
            "revisions": revisions,
            "decisions": decisions,
            "events": list(item.events.select_related("actor").order_by("-sequence")),
            "history": history,
            "panels": registry.desk_panels(
                item, pending if pending and pending.status in PENDING_STATES else None, live
            ),
            "approve_form": approve_form,
            "changes_form": changes_form,
            "schedule_form": schedule_form,
            "scheduled": item.scheduled_revision,
            "can_schedule": membership is not None or can_submit(request.user),
            "terms": terms,
        }


admin.site.register(ReviewQueue, ReviewQueueAdmin)
