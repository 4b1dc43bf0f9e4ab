"""Writes that keep the audit trail whole.

Every content and workflow model is historied with django-simple-history. The
services save through :func:`save_recorded` so that each history row names the
person and the reason. Querysets of historied models refuse the bulk operations
that would skip history (``update``, ``bulk_create``, ``bulk_update``).
"""

from __future__ import annotations

from typing import Any

from django.db import models


class BulkWriteRefused(RuntimeError):
    """Raised when code tries a bulk write that would bypass the history."""


class HistoriedQuerySet(models.QuerySet):
    """A queryset for historied models: no writes that skip history rows."""

    def update(self, **kwargs: Any) -> int:
        raise BulkWriteRefused(
            f"{self.model.__name__}: QuerySet.update() skips the audit history; "
            "save each object through its service instead."
        )

    def bulk_create(self, *args: Any, **kwargs: Any) -> Any:
        raise BulkWriteRefused(f"{self.model.__name__}: bulk_create() skips the audit history.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> Any:
        raise BulkWriteRefused(f"{self.model.__name__}: bulk_update() skips the audit history.")


class DeletionRefused(RuntimeError):
    """Raised when code tries to delete a record the audit trail depends on."""


class ImmutableRecord(RuntimeError):
    """Raised when code tries to change what a stored revision holds."""


def save_recorded(obj: models.Model, *, by: Any, reason: str, **save_kwargs: Any) -> None:
    """Save ``obj`` so that its history row carries the user and the reason."""
    obj._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save(**save_kwargs)
