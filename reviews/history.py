"""Writes that keep the audit trail whole.

Every content and workflow model is historied with django-simple-history. The
services save through :func:`save_recorded` so that each history row names the
person and the reason. Querysets of historied models refuse the bulk operations
that would skip history (``update``, ``bulk_create``, ``bulk_update``).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction


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


def insert_recorded(model: type[models.Model], objs: list, *, by: Any, reason: str) -> list:
    """The one sanctioned bulk write: insert ``objs`` and their history rows together.

    For loading many rows at once (``manage.py seed_scale``), where saving one by
    one would take too long. Each row still gets its history row naming ``by`` and
    ``reason``, in the same transaction, so the trail stays whole. The querysets'
    refusal of bulk writes stays in force everywhere else.
    """
    with transaction.atomic():
        created = model._base_manager.bulk_create(objs, batch_size=BATCH)
        model.history.bulk_history_create(
            created, batch_size=BATCH, default_user=_user(by), default_change_reason=reason
        )
    return created


def change_recorded(
    model: type[models.Model], objs: list, fields: list[str], *, by: Any, reason: str
) -> None:
    """:func:`insert_recorded` for changes: write ``fields`` of ``objs`` and one history
    row per object recording the new state."""
    with transaction.atomic():
        model._base_manager.bulk_update(objs, fields, batch_size=BATCH)
        model.history.bulk_history_create(
            objs,
            batch_size=BATCH,
            update=True,
            default_user=_user(by),
            default_change_reason=reason,
        )


BATCH = 500


def _user(by: Any):
    return by if getattr(by, "pk", None) else None
