"""The admin's history pages, at a cost that does not grow with the history.

django-simple-history diffs each history row on a page against the one before
it. For a many-to-many field (an article's authors) its ``diff_against`` asks
the database twice per row, so an article edited a hundred times made its
history page two hundred queries long. And its history queryset asks for
``select_related("history_user")`` and then ``select_related()`` with no names
when the model has no tracked foreign key, which drops the first (Django's
"follow every non-null key"), so each row fetched its author on its own
(django-simple-history issue #1430). :class:`HistoryAdmin` names the joins once,
reads the many-to-many rows of the whole page in one query (and their related
objects in one more per related model) and diffs them in memory, with the same
result. The "Object" column shows each row as the model's own ``__str__``, which
often names a related object (a range's analyte, a variant's article): the row's
object is built once with the related objects the page query already joined.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange

# Columns of simple-history's many-to-many history rows that are bookkeeping,
# not part of the relation (as its own diff_against leaves them out).
_M2M_BOOKKEEPING = ("id", "m2m_history_id", "history")


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page costs the same queries for any history length."""

    #: Further joins for the history page, for ``__str__`` methods that reach past
    #: a tracked foreign key (a revision names its item's title).
    history_select_related: Sequence[str] = ()

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        tracked = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *tracked, *self.history_select_related
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        for record in records:
            # An instance attribute shadows simple-history's (non-data) descriptor,
            # which would build a new object, without related objects, at each use.
            record.history_object = _history_object(record)
        m2m_fields = [field.name for field in self.model.history.model._history_m2m_fields]
        if not m2m_fields or len(records) < 2:
            return super().set_history_delta_changes(
                request, records, foreign_keys_are_objs=foreign_keys_are_objs
            )
        relations = {
            name: _m2m_rows(records, name, foreign_keys_are_objs=foreign_keys_are_objs)
            for name in m2m_fields
        }
        for newer, older in zip(records, records[1:], strict=False):
            delta = newer.diff_against(
                older, excluded_fields=m2m_fields, foreign_keys_are_objs=foreign_keys_are_objs
            )
            for name in m2m_fields:
                before = relations[name].get(older.history_id, [])
                after = relations[name].get(newer.history_id, [])
                if before != after:
                    delta.changes.append(ModelChange(name, before, after))
                    delta.changed_fields.append(name)
            delta.changes.sort(key=lambda change: change.field)
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)
        return None


def _history_object(record):
    """The row as the model it records, holding the related objects joined to the row."""
    obj = record.history_object
    for field in obj._meta.concrete_fields:
        if field.is_relation:  # a concrete relation: a foreign key or one-to-one
            recorded = record._meta.get_field(field.name)
            if recorded.is_cached(record):
                field.set_cached_value(obj, recorded.get_cached_value(record))
    return obj


def _m2m_rows(records: Sequence, name: str, *, foreign_keys_are_objs: bool) -> dict:
    """history_id → the relation's rows as simple-history's diff gives them: a list of
    dicts of the through model's fields, sorted by the related object."""
    history_model = type(records[0])
    m2m_history_model = history_model.__dict__[name].model
    field = history_model.instance_type._meta.get_field(name)
    # Sorted by the related object, as simple-history's own diff sorts them.
    order = m2m_history_model._meta.get_field(field.m2m_reverse_field_name()).attname
    columns = [
        f for f in m2m_history_model._meta.fields if f.editable and f.name not in _M2M_BOOKKEEPING
    ]
    ids = [record.history_id for record in records]
    raw = list(
        m2m_history_model.objects.filter(history_id__in=ids)
        .order_by("history_id", order)
        .values("history_id", *(f.attname for f in columns))
    )
    related = {}
    if foreign_keys_are_objs:
        for f in columns:
            if f.is_relation:
                wanted = {row[f.attname] for row in raw}
                related[f.name] = f.related_model._base_manager.in_bulk(wanted)
    rows: dict[int, list[dict]] = defaultdict(list)
    for row in raw:
        entry = {}
        for f in columns:
            value = row[f.attname]
            if f.name in related:
                value = related[f.name].get(value) or DeletedObject(f.related_model, value)
            entry[f.name] = value
        rows[row["history_id"]].append(entry)
    return rows
