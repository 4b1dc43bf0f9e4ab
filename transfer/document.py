"""The content document that ``export_content`` writes and ``import_content`` reads.

One JSON document: every row of every concrete model of the apps that declare
themselves exported (``exported`` on their AppConfig: see ``reviews.registry``),
including the simple-history tables and the many-to-many tables, in dependency
order; the users those rows name, with their groups by name; and the audit chain
head. Rows are plain column values keyed by column attribute (``item_id``, not
``item``), with their primary keys, so foreign keys, revision snapshots (which name
user ids) and the audit chain (which hashes ``actor_id``, ``item_id`` and
``revision_id``) stay identical. Writing it is ``transfer.export``, restoring it
``transfer.restore``; this module holds what both need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalChanges

from reviews.models import (
    AuditChainHead,
    Revision,
)
from reviews.registry import exported_apps

FORMAT = "medreview-content"
FORMAT_VERSION = 1

# The user columns that travel. Password hashes only on request; last_login is
# session state, not content.
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_superuser",
    "is_active",
    "date_joined",
)

Row = dict[str, Any]

# The roles a restore carries: what the content's people need to go on working.
# Administrators are made again by an operator after a restore.
ROLES_CARRIED = ("Editors", "Board")

DEVICES_STATEMENT = (
    "Authenticator devices are not carried: every staff member registers an app again "
    "at their next log-in."
)


class TransferRefused(Exception):
    """An export or import was refused. ``str(exc)`` says why; nothing was written."""


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: rows per model label, whether the chain verifies, and
    what it did not carry from the file (sentences for the operator)."""

    rows: dict[str, int]
    users: int
    audit_chain_ok: bool
    not_carried: tuple[str, ...] = ()
    html_cleaned: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values()) + self.users


# Which models --------------------------------------------------------------------


def _is_history_model(model: type[models.Model]) -> bool:
    """Simple-history tables, including the history of many-to-many fields."""
    if issubclass(model, HistoricalChanges):
        return True
    return any(
        field.is_relation and issubclass(field.related_model, HistoricalChanges)
        for field in model._meta.concrete_fields
    )


def content_models() -> list[type[models.Model]]:
    """Every table of the content apps, in dependency order: live tables, then history.

    Found from the app registry rather than listed, so a model added later is
    carried without anyone remembering to list it. The audit chain head is left
    out: migrations create it, and the import updates it.
    """
    found = [
        model
        for config in exported_apps()
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model is not AuditChainHead
    ]
    live = [m for m in found if not _is_history_model(m)]
    history = [m for m in found if _is_history_model(m)]
    # History rows point at live rows (never the reverse), so they go after all of them.
    ordered = _dependency_order(live, among=set(found), done=[])
    return _dependency_order(history, among=set(found), done=ordered)


def _dependency_order(
    model_list: list[type[models.Model]],
    *,
    among: set[type[models.Model]],
    done: list[type[models.Model]],
) -> list[type[models.Model]]:
    """``done`` followed by ``model_list``, each model after the models it points at.

    A cycle (ReviewItem.latest_revision -> Revision.item -> ReviewItem) is entered
    at a model whose missing keys are nullable and lead back to it. The import
    does not rely on the order: foreign key constraints are deferred to the end
    of its transaction and checked there.
    """

    def targets(model: type[models.Model], *, required_only: bool) -> set[type[models.Model]]:
        return {
            f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation
            and f.related_model in among
            and f.related_model is not model
            and not (required_only and f.null)
        }

    def leads_back(start: type[models.Model], goal: type[models.Model]) -> bool:
        seen, stack = set(), [start]
        while stack:
            model = stack.pop()
            if model is goal:
                return True
            if model not in seen:
                seen.add(model)
                stack.extend(targets(model, required_only=False))
        return False

    ordered = list(done)
    remaining = list(model_list)
    while remaining:
        placed = set(ordered)
        ready = [m for m in remaining if targets(m, required_only=False) <= placed]
        if not ready:
            ready = [
                m
                for m in remaining
                if targets(m, required_only=True) <= placed
                and all(leads_back(t, m) for t in targets(m, required_only=False) - placed)
            ]
        if not ready:
            names = ", ".join(m._meta.label for m in remaining)
            raise TransferRefused(f"These models require each other: {names}.")
        ordered.append(ready[0])
        remaining.remove(ready[0])
    return ordered


def check_relations(model_list: list[type[models.Model]]) -> None:
    """Refuse to export a foreign key whose target the document does not carry."""
    carried = set(model_list) | {get_user_model(), ContentType}
    for model in model_list:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model not in carried:
                raise TransferRefused(
                    f"{model._meta.label}.{field.name} refers to "
                    f"{field.related_model._meta.label}, which the transfer does not carry."
                )


def referenced_user_ids(dumped: dict[type[models.Model], list[Row]]) -> set[int]:
    """Every user a row names: foreign keys (history_user included) and the
    contributor ids kept in revisions, which decide who may not review them."""
    User = get_user_model()
    ids: set[int] = set()
    for model, rows in dumped.items():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is User
        ]
        if model in (Revision, Revision.history.model):
            columns.append("contributor_ids")
        for row in rows:
            for column in columns:
                value = row[column]
                ids.update(value if isinstance(value, list) else [value])
    ids.discard(None)
    return ids
