"""Writing the content document (``manage.py export_content``) and its summary.

The export reads one consistent snapshot of the database and writes nothing;
password hashes travel only when asked for (``with_passwords``). See
``transfer.document`` for what the document holds.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from reviews.audit import verify_chain
from reviews.models import (
    AuditChainHead,
    Revision,
)
from reviews.services import content_hash

from .document import (
    FORMAT,
    FORMAT_VERSION,
    USER_FIELDS,
    Row,
    TransferRefused,
    check_relations,
    content_models,
    referenced_user_ids,
)


@contextmanager
def _consistent_read() -> Iterator[None]:
    """One transaction for the whole read, so the document is one moment's state.

    On PostgreSQL a plain transaction reads each statement at its own moment;
    REPEATABLE READ makes all statements see the same snapshot while the site
    keeps running. (An SQLite read transaction is a snapshot already.)
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _content_type_keys() -> dict[int, list[str]]:
    return {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()}


def _dump_value(field: models.Field, value: Any, content_types: dict[int, list[str]]) -> Any:
    if value is None:
        return None
    if field.is_relation and field.related_model is ContentType:
        if value not in content_types:
            raise TransferRefused(f"{field} names content type #{value}, which does not exist.")
        return content_types[value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        # Full microseconds: Django's JSON encoder cuts them to milliseconds,
        # which would change the audit chain's hashes (they cover occurred_at).
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TransferRefused(f"{field} holds binary data, which the transfer does not carry.")
    return value


def _dump_rows(model: type[models.Model], content_types: dict[int, list[str]]) -> list[Row]:
    fields = model._meta.concrete_fields
    rows = (
        model._base_manager.order_by(model._meta.pk.attname)
        .values(*(f.attname for f in fields))
        .iterator(chunk_size=2000)
    )
    return [
        {f.attname: _dump_value(f, row[f.attname], content_types) for f in fields} for row in rows
    ]


def _permission_key(permission: Permission) -> list[str]:
    return [permission.codename, permission.content_type.app_label, permission.content_type.model]


def _dump_users(ids: set[int], *, with_passwords: bool) -> tuple[list[Row], list[Row]]:
    User = get_user_model()
    users = (
        User._base_manager.filter(pk__in=ids)
        .order_by("pk")
        .prefetch_related("groups", "user_permissions__content_type")
    )
    rows: list[Row] = []
    group_names: set[str] = set()
    for user in users:
        row: Row = {"id": user.pk}
        for name in USER_FIELDS:
            row[name] = _dump_value(User._meta.get_field(name), getattr(user, name), {})
        if with_passwords:
            row["password"] = user.password
        row["groups"] = sorted(group.name for group in user.groups.all())
        row["user_permissions"] = sorted(_permission_key(p) for p in user.user_permissions.all())
        group_names.update(row["groups"])
        rows.append(row)
    groups = [
        {
            "name": group.name,
            "permissions": sorted(_permission_key(p) for p in group.permissions.all()),
        }
        for group in Group.objects.filter(name__in=group_names)
        .order_by("name")
        .prefetch_related("permissions__content_type")
    ]
    return rows, groups


def _dump_everything(*, with_passwords: bool) -> dict[str, Any]:
    model_list = content_models()
    check_relations(model_list)
    content_types = _content_type_keys()
    dumped = {model: _dump_rows(model, content_types) for model in model_list}
    users, groups = _dump_users(referenced_user_ids(dumped), with_passwords=with_passwords)
    head = AuditChainHead.objects.filter(pk=1).first()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "source_database": connection.vendor,
        "passwords_included": with_passwords,
        "groups": groups,
        "users": users,
        "models": [{"model": model._meta.label, "rows": rows} for model, rows in dumped.items()],
        "audit_chain_head": {
            "last_sequence": head.last_sequence if head else 0,
            "last_hash": head.last_hash if head else "",
        },
        "audit_chain_verified": verify_chain().ok,
    }


def export_content(stream: TextIO, *, with_passwords: bool = False) -> dict[str, int]:
    """Write all content as one JSON document to ``stream``; return rows per model.

    Reads one consistent snapshot and writes nothing. Password hashes are
    included only with ``with_passwords``.
    """
    with _consistent_read():
        document = _dump_everything(with_passwords=with_passwords)
    # One write: a management command's stdout wrapper appends a newline per write.
    stream.write(_render(document))
    counts = {entry["model"]: len(entry["rows"]) for entry in document["models"]}
    return {"auth.User": len(document["users"]), **counts}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _render(document: dict[str, Any]) -> str:
    """The document as JSON with one row per line: readable, and two exports diff by row."""

    def listed(rows: list[Any], indent: str) -> str:
        if not rows:
            return "[]"
        return "[\n" + ",\n".join(f"{indent}  {_json(row)}" for row in rows) + f"\n{indent}]"

    parts = []
    for key, value in document.items():
        if key in ("groups", "users"):
            rendered = listed(value, " ")
        elif key == "models":
            tables = [
                f'  {{"model": {_json(e["model"])}, "rows": {listed(e["rows"], "  ")}}}'
                for e in value
            ]
            rendered = "[\n" + ",\n".join(tables) + "\n ]"
        else:
            rendered = _json(value)
        parts.append(f" {_json(key)}: {rendered}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _digest(rows: list[Row]) -> str:
    canonical = json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_summary() -> dict[str, Any]:
    """What must be identical on both sides of a transfer, as plain data.

    Per model: the row count and a digest of every row as exported (so any
    changed value shows); per revision: its stored content hash and the hash
    recomputed from its snapshot; the audit chain's (sequence, hash) list, its
    head and whether it verifies.
    """
    with _consistent_read():
        document = _dump_everything(with_passwords=False)
        revisions = [
            [pk, stored, content_hash(snapshot)]
            for pk, stored, snapshot in Revision._base_manager.order_by("pk").values_list(
                "pk", "content_hash", "snapshot"
            )
        ]
        report = verify_chain()
    tables = {"auth.User": document["users"]} | {
        entry["model"]: entry["rows"] for entry in document["models"]
    }
    chain = next(e["rows"] for e in document["models"] if e["model"] == "reviews.AuditEvent")
    return {
        "models": {
            label: {"rows": len(rows), "digest": _digest(rows)} for label, rows in tables.items()
        },
        "revisions": revisions,
        "audit_chain": [[event["sequence"], event["entry_hash"]] for event in chain],
        "audit_head": document["audit_chain_head"],
        "audit_verify": {"ok": report.ok, "checked": report.checked, "problem": report.problem},
    }


# Import --------------------------------------------------------------------------
