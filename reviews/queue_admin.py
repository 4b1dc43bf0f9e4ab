"""The medical board's review queue and review desk in the Django admin.

The queue lists every item waiting for the board, oldest first, with filters
for Mine, Unclaimed, Overdue and Re-review due. The review desk shows the
pending revision beside the live one as a word-level diff, the citations added
or removed with a tick for each one checked, the panels the content's app adds
and the decision forms, with a checkbox for each approval requirement the app
sets (``reviews.registry``). Every action goes through ``reviews.services``; a
refusal shows its sentence and changes nothing (a refused decision keeps what
the reviewer typed). Deciding on a free item claims it in the same step; the desk
says where the item stands after each decision and links the next item waiting.
Staff who are not on the board may look but not act.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.read_only_admin import ReadOnlyAdminMixin

from . import forms as forms_
from . import queue_page, registry, selectors
from . import services as review
from .access import active_board_membership, can_release_claims, can_submit
from .audit import verify_chain
from .diffing import citation_changes, snapshot_diff
from .models import (
    PENDING_STATES,
    BoardMember,
    CitationCheck,
    CommentStatus,
    DecisionKind,
    ReviewComment,
    ReviewDecision,
    ReviewItem,
    ReviewQueue,
    ReviewState,
    Revision,
)
from .services.steps import format_when


def _requirements(item) -> list[registry.ApprovalRequirement]:
    latest = item.latest_revision
    if latest and latest.status in PENDING_STATES:
        return registry.approval_requirements(item, latest)
    return []


def _approval_outcome(decision) -> str:
    revision = decision.revision
    if revision.status != ReviewState.APPROVED:
        terms = selectors.terms_of(decision.policy_version)
        count = revision.decisions.filter(kind=DecisionKind.APPROVE).count()
        return (
            f"Approval {count} of {terms.approvals_required} recorded: more approvals are "
            "needed before it goes live."
        )
    item = ReviewItem.objects.get(pk=revision.item_id)
    if item.scheduled_revision_id == revision.pk:
        return f"It goes live at {format_when(item.go_live_at)}."
    return "This revision is now live."


def _specialty_needed(waiting, approvals, terms) -> str | None:
    """The specialty the policy requires for the pending revision's topic while no
    approval comes from it (None when nothing is required or it is met)."""
    if waiting is None:
        return None
    specialty = terms.specialty_for(str(waiting.snapshot.get("topic") or ""))
    if specialty is None:
        return None
    met = BoardMember.objects.filter(
        user_id__in=[d.reviewer_id for d in approvals], specialties__name__iexact=specialty
    ).exists()
    return None if met else specialty


def _state(item, waiting, live, approvals, terms) -> str:
    """Where the item stands, in one sentence, as the desk shows it after every step."""
    if item.withdrawn_at is not None:
        return (
            f"The board withdrew this content on {format_when(item.withdrawn_at)}: "
            f"{item.withdrawal_reason}"
        )
    if waiting is not None:
        count = f"{len(approvals)} of {terms.approvals_required} approvals recorded"
        if waiting.status == ReviewState.SUBMITTED:
            return f"Revision {waiting.number} waits for a board member ({count})."
        return f"Revision {waiting.number} is under review ({count})."
    latest = item.latest_revision
    if latest is not None and latest.status == ReviewState.CHANGES_REQUESTED:
        return f"Revision {latest.number} was sent back to the editors for changes."
    if item.scheduled_revision_id:
        return (
            f"Revision {item.scheduled_revision.number} is approved and goes live at "
            f"{format_when(item.go_live_at)}."
        )
    if live is not None:
        return f"Revision {live.number} is approved and live."
    return "Nothing is waiting for the board."


class ReviewQueueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        """The queue itself (reviews.queue_page): the board's work list, not a changelist."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue",
            "opts": self.model._meta,
            # A full-width work list; the index and the other pages keep the navigation.
            "is_nav_sidebar_enabled": False,
            "listing": queue_page.listing(request.user, queue_page.Asked.from_request(request)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/reviews/reviewqueue/queue.html", context)

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
                "content_type",
                "latest_revision__submitted_by",
                "live_revision",
                "scheduled_revision",
                "claimed_by",
            ),
            pk=item_id,
        )
        forms_shown = (
            forms_.sign_off_form(item, requirements=_requirements(item)),
            forms_.RequestChangesForm(prefix="changes"),
            forms_.ScheduleForm(prefix="schedule", initial={"go_live_at": item.go_live_at}),
        )
        if request.method == "POST":
            result = self._act(request, item)
            if isinstance(result, HttpResponse):
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
        approve_form = forms_.sign_off_form(item, requirements=requirements)
        changes_form = forms_.RequestChangesForm(prefix="changes")
        schedule_form = forms_.ScheduleForm(prefix="schedule")
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
                    key = request.POST.get("source_key", "")
                    wants_json = request.headers.get("Accept") == "application/json"
                    try:
                        review.set_citation_checked(
                            revision, source_key=key, by=request.user, checked=action == "check"
                        )
                    except review.TransitionRefused as refusal:
                        if wants_json:
                            return JsonResponse({"error": str(refusal)}, status=400)
                        raise
                    if wants_json:
                        return JsonResponse({"key": key, "checked": action == "check"})
                    return HttpResponseRedirect(f"{here}#citation-{key}")
                case "reschedule" | "publish_now":
                    schedule_form = forms_.ScheduleForm(request.POST, prefix="schedule")
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
                    approve_form = forms_.sign_off_form(item, request.POST, requirements)
                    if not approve_form.is_valid():
                        return approve_form, changes_form, schedule_form
                    sign_off = dict(approve_form.cleaned_data)
                    if action == "reconfirm":
                        sign_off.pop("minor_edit", None)  # re-confirming is a full review
                    if action == "reconfirm" and sign_off.pop("go_live_at", None) is not None:
                        approve_form.add_error(
                            "go_live_at",
                            "A go-live time belongs to an approval of the pending "
                            "revision; re-confirming keeps the live text as it is. "
                            "Clear the time to re-confirm.",
                        )
                        return approve_form, changes_form, schedule_form
                    try:
                        decision = review.decide(item, by=request.user, action=action, **sign_off)
                    except review.TransitionRefused as refusal:
                        approve_form.add_error(None, str(refusal))
                        return approve_form, changes_form, schedule_form
                    if action == "approve":
                        messages.success(request, "Approved. " + _approval_outcome(decision))
                    else:
                        messages.success(request, "Re-confirmed: the review date is renewed.")
                case "comment":
                    form = forms_.CommentForm(request.POST, prefix="comment")
                    request.comment_form = form
                    if not form.is_valid():
                        return approve_form, changes_form, schedule_form
                    try:
                        review.add_comment(revision, by=request.user, **form.cleaned_data)
                    except review.TransitionRefused as refusal:
                        form.add_error(None, str(refusal))
                        return approve_form, changes_form, schedule_form
                    messages.success(request, "Your comment is added; the editors will see it.")
                    return HttpResponseRedirect(f"{here}#comments-heading")
                case "resolve_comment" | "withdraw_comment":
                    comment = get_object_or_404(
                        ReviewComment, pk=request.POST.get("comment", ""), item=item
                    )
                    if action == "resolve_comment":
                        review.resolve_comment(
                            comment, by=request.user, reply=request.POST.get("reply", "")
                        )
                        messages.success(request, "The comment is marked resolved.")
                    else:
                        review.withdraw_comment(comment, by=request.user)
                        messages.success(request, "Your comment is withdrawn.")
                    return HttpResponseRedirect(f"{here}#comments-heading")
                case "request_changes":
                    changes_form = forms_.RequestChangesForm(request.POST, prefix="changes")
                    if not changes_form.is_valid():
                        return approve_form, changes_form, schedule_form
                    try:
                        review.decide(
                            item, by=request.user, action=action, **changes_form.cleaned_data
                        )
                    except review.TransitionRefused as refusal:
                        changes_form.add_error(None, str(refusal))
                        return approve_form, changes_form, schedule_form
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
        revisions = list(
            Revision.objects.filter(item=item).select_related("submitted_by").order_by("-number")
        )
        sources = selectors.desk_citations(
            shown, revisions, CitationCheck.objects.filter(revision__item=item)
        )
        membership = active_board_membership(request.user)
        terms = selectors.current_terms()
        decisions = list(
            ReviewDecision.objects.filter(revision__item=item)
            .select_related("reviewer", "revision", "policy_version")
            .order_by("-decided_at")
        )
        waiting = pending if pending and pending.status in PENDING_STATES else None
        approvals = [
            d
            for d in decisions
            if waiting and d.revision_id == waiting.pk and d.kind == DecisionKind.APPROVE
        ]
        you_approved = any(d.reviewer_id == request.user.pk for d in approvals)
        judged = waiting or live
        is_contributor = judged is not None and (
            request.user.pk in judged.contributor_ids or request.user.pk == judged.submitted_by_id
        )
        held_by_other = bool(item.claimed_by_id and item.claimed_by_id != request.user.pk)
        can_decide = (
            membership is not None
            and not held_by_other
            and not is_contributor
            and not (waiting and you_approved)
            and (waiting is not None or live is not None)
        )
        panels = registry.desk_panels(item, waiting, live)
        comments = list(
            ReviewComment.objects.filter(item=item).select_related(
                "author", "revision", "settled_by"
            )
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
            "checked_count": sum(1 for s in sources if s["checked"]),
            "is_board_member": membership is not None,
            "holds_claim": item.claimed_by_id == request.user.pk,
            "held_by_other": held_by_other,
            "approvals": approvals,
            "you_approved": you_approved,
            "is_contributor": is_contributor,
            # A refused decision comes back with the forms as typed, whoever holds the item.
            "can_decide": can_decide or approve_form.is_bound or changes_form.is_bound,
            "state": _state(item, waiting, live, approvals, terms),
            "still_needs": _specialty_needed(waiting, approvals, terms),
            "next_item": selectors.next_waiting_for(request.user, terms, after=item)
            if membership is not None
            else None,
            "can_release": item.claimed_by_id
            and (item.claimed_by_id == request.user.pk or can_release_claims(request.user)),
            "rereview_due": selectors.is_rereview_due(item, terms),
            "next_review_due": selectors.next_review_due(item, terms),
            "revisions": revisions,
            "decisions": decisions,
            "events": list(item.events.select_related("actor").order_by("-sequence")),
            "history": history,
            "panels": panels,
            "page_shown": any(panel.shows_the_page for panel in panels),
            "comments": comments,
            "open_comments": [c for c in comments if c.status == CommentStatus.OPEN],
            "comment_form": getattr(request, "comment_form", None)
            or forms_.CommentForm(prefix="comment"),
            "can_comment": membership is not None and waiting is not None and not is_contributor,
            "can_resolve": can_submit(request.user),
            "approve_form": approve_form,
            "changes_form": changes_form,
            "schedule_form": schedule_form,
            "scheduled": item.scheduled_revision,
            "can_schedule": membership is not None or can_submit(request.user),
            "terms": terms,
        }


admin.site.register(ReviewQueue, ReviewQueueAdmin)
