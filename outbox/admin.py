"""The outbox in the admin: what was sent, what waits, and what could not be delivered.

Read-only: emails change only through the services. Administrators send
undeliverable email again with the "Send again" action.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from config.read_only_admin import ReadOnlyAdminMixin

from . import services
from .models import EmailStatus, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "failure",
    )
    list_filter = ("status",)
    search_fields = ("recipient", "subject", "event")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = (
        "status",
        "recipient",
        "subject",
        "body",
        "event",
        "key",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "retried_by",
        "retried_at",
        "delivery_task_id",
    )
    readonly_fields = fields

    def has_retry_delivery_permission(self, request):
        return request.user.has_perm("outbox.retry_delivery")

    @admin.display(description="why the last attempt failed")
    def failure(self, obj: OutgoingEmail) -> str:
        return obj.last_error if obj.status != EmailStatus.SENT else ""

    @admin.action(
        description="Send the selected undeliverable emails again",
        permissions=["retry_delivery"],
    )
    def send_again(self, request, queryset):
        try:
            queued = services.retry_undeliverable(emails=queryset, by=request.user)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        skipped = queryset.count() - queued
        note = (
            f" {skipped} selected were not undeliverable and were left as they are."
            if skipped
            else ""
        )
        self.message_user(
            request,
            f"{queued} email{'s' if queued != 1 else ''} queued to be sent again.{note}",
            messages.SUCCESS if queued else messages.WARNING,
        )
