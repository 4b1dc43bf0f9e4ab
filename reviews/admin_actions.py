"""Admin pieces shared by every reviewable kind of content."""

from __future__ import annotations

from django.contrib import admin, messages

from . import services as review


@admin.action(description="Submit selected items for medical review")
def submit_for_review(modeladmin, request, queryset):
    """Submit each selected item; refusals are reported one by one and change nothing."""
    for obj in queryset:
        try:
            revision = review.submit(obj, by=request.user)
        except review.TransitionRefused as refusal:
            modeladmin.message_user(request, f"{obj}: {refusal}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, f"{obj}: revision {revision.number} submitted for review."
            )


class ReviewStatusMixin:
    """A list column with the workflow state of each item."""

    @admin.display(description="review status")
    def review_status(self, obj) -> str:
        item = obj.review_item
        if item is None or item.latest_revision is None:
            return "draft"
        return item.latest_revision.get_status_display()
