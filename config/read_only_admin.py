"""The admin of records that only services write: shown, never added, changed or
deleted there. Every app's admin uses it (the workflow's records, the outbox's
email), so it lives with the project rather than in one of them."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """For records that only services write: the admin shows them, nobody edits here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
