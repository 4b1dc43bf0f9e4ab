"""Move all content between databases (``manage.py export_content`` / ``import_content``).

The export is one JSON document: every row of every concrete model of the
content apps (articles, reviews, interpretation), including the simple-history
tables and the many-to-many tables, in dependency order; the users those rows
name, with their groups by name; and the audit chain head. Rows are plain column
values keyed by column attribute (``item_id``, not ``item``), with their primary
keys, so foreign keys, revision snapshots (which name user ids) and the audit
chain (which hashes ``actor_id``, ``item_id`` and ``revision_id``) stay identical.

What is guaranteed:

- The import loads into an empty, migrated database only, and in one
  transaction: it refuses a database that already holds content, and a refused
  or failed import leaves nothing behind.
- It writes rows as they are (``save_base(raw=True)``): no ``save()`` override,
  no history row, no workflow signal and no mail. The history rows are imported
  themselves, with their user, date, reason and type.
- Content types are matched by ``(app_label, model)``, permissions and groups by
  their natural keys, since their ids differ between databases.
- Before anything is written, the file must prove itself with this
  installation's keys: it must say its audit chain verified at export; every
  event's keyed hash (``AUDIT_HMAC_KEY``), every revision's content hash against
  its snapshot and the chain, every decision's digest and every checkpoint's
  signature (``AUDIT_SIGNING_KEY``) must hold (``reviews.integrity``); and no
  snapshot may hold HTML the sanitizer would change (a snapshot is covered by its
  content hash, so it is refused, never rewritten). After the import the chain
  is checked again in the database, or the import is rolled back.
- Every other stored HTML field (working copies, policy text, guidance, their
  history) is sanitized again as it is written.
- People: the file carries exactly the users its content names (refused
  otherwise). Nobody becomes a superuser from a file; staff status is kept only
  for people who acted in the workflow (an audit event, a history row, a board
  seat); of the roles only Editors and Board travel (the content needs them).
  Administrators, other groups and direct permissions are not carried: after a
  restore, an operator creates an administrator (``manage.py createsuperuser``).
- Authenticator devices are not carried: a backup file holding every second
  factor's secret beside the password hashes would defeat the second factor.
  Every staff member registers an app again at their next log-in.
- Password hashes travel only when asked for (``with_passwords``); otherwise
  imported users have unusable passwords and must reset them.
- Sequences (PostgreSQL) are reset, so new rows get fresh ids.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges

from markup.sanitizer import sanitize_html
from reviews import audit, integrity, notifications
from reviews.audit import verify_chain
from reviews.models import (
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    BoardMember,
    ReviewDecision,
    Revision,
)
from reviews.registry import exported_apps
from reviews.selectors import refresh_reader_stamp
from reviews.services import content_hash

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


def _check_relations(model_list: list[type[models.Model]]) -> None:
    """Refuse to export a foreign key whose target the document does not carry."""
    carried = set(model_list) | {get_user_model(), ContentType}
    for model in model_list:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model not in carried:
                raise TransferRefused(
                    f"{model._meta.label}.{field.name} refers to "
                    f"{field.related_model._meta.label}, which the transfer does not carry."
                )


# Export --------------------------------------------------------------------------


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


def _referenced_user_ids(dumped: dict[type[models.Model], list[Row]]) -> set[int]:
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
    _check_relations(model_list)
    content_types = _content_type_keys()
    dumped = {model: _dump_rows(model, content_types) for model in model_list}
    users, groups = _dump_users(_referenced_user_ids(dumped), with_passwords=with_passwords)
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


def _read_document(stream: TextIO) -> dict[str, Any]:
    try:
        document = json.load(stream)
    except json.JSONDecodeError as exc:
        raise TransferRefused(f"The file is not a JSON document: {exc}.") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferRefused("The file is not a content export of this platform.")
    if document.get("format_version") != FORMAT_VERSION:
        raise TransferRefused(
            f"The file is in format version {document.get('format_version')}; "
            f"this version reads format version {FORMAT_VERSION} only."
        )
    return document


def _refuse_unless_empty(model_list: list[type[models.Model]]) -> None:
    """Primary keys are kept, so the target must not hold any row they could meet.

    Groups, permissions and content types are allowed: migrations create them,
    and they are matched by natural key. So is a chain head still at zero.
    """
    occupied = {
        model._meta.label: model._base_manager.count() for model in [get_user_model(), *model_list]
    }
    occupied = {label: count for label, count in occupied.items() if count}
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_sequence or head.last_hash):
        occupied["reviews.AuditChainHead"] = head.last_sequence
    if occupied:
        listed = ", ".join(f"{label}: {count}" for label, count in sorted(occupied.items())[:4])
        if len(occupied) > 4:
            listed += f" and {len(occupied) - 4} more tables"
        raise TransferRefused(
            f"The target database already holds content ({listed}). Import into a freshly "
            "migrated, empty database: ids are kept as they are, so that foreign keys, "
            "revision snapshots and the audit chain stay valid."
        )


@dataclass(frozen=True)
class _UserPlan:
    """Who is carried, and with what access (see the module's docstring)."""

    rows: list[Row]
    staff: set[int]
    groups: dict[str, Group]
    not_carried: tuple[str, ...]


def _rows_by_model(document: dict[str, Any], by_label: dict) -> dict[type[models.Model], list]:
    return {by_label[entry["model"]]: entry["rows"] for entry in document["models"]}


def _acted_in_workflow(dumped: dict[type[models.Model], list[Row]]) -> set[int]:
    """People the record shows acting: an audit event, a history row, a board seat."""
    acted: set[int] = set()
    for model, rows in dumped.items():
        columns = [
            column
            for column in ("history_user_id",)
            if column in {f.attname for f in model._meta.concrete_fields}
        ]
        if model is AuditEvent:
            columns.append("actor_id")
        if model is BoardMember:
            columns.append("user_id")
        for row in rows:
            acted.update(row[column] for column in columns if row.get(column))
    return acted


def _plan_users(document: dict[str, Any], dumped: dict) -> _UserPlan:
    """Check the file's people against its content, before anything is written."""
    named = _referenced_user_ids(dumped)
    rows = document["users"]
    carried = {row["id"] for row in rows}
    extra = [row for row in rows if row["id"] not in named]
    if extra:
        row = extra[0]
        raise TransferRefused(
            f"The file carries user #{row['id']} ({row.get('username')}), whom none of its "
            "content names. An export carries only the people its content names: this file "
            "was changed after it was written."
        )
    missing = sorted(named - carried)
    if missing:
        raise TransferRefused(
            f"The file's content names user #{missing[0]}, whom the file does not carry."
        )
    acted = _acted_in_workflow(dumped)
    groups = {}
    for name in ROLES_CARRIED:
        try:
            groups[name] = Group.objects.get(name=name)
        except Group.DoesNotExist as exc:
            raise TransferRefused(
                f"The role {name} does not exist here: migrate the target first."
            ) from exc
    superusers = [r["username"] for r in rows if r.get("is_superuser")]
    staff = {r["id"] for r in rows if r.get("is_staff") and r["id"] in acted}
    unstaffed = [r["username"] for r in rows if r.get("is_staff") and r["id"] not in acted]
    other_groups = sorted({g for r in rows for g in r.get("groups", []) if g not in ROLES_CARRIED})
    direct = sum(len(r.get("user_permissions", [])) for r in rows)
    not_carried = []
    if superusers:
        not_carried.append(
            f"Superuser status of {', '.join(superusers)}: nobody becomes a superuser from "
            "a file (create an administrator with manage.py createsuperuser)."
        )
    if unstaffed:
        not_carried.append(
            f"Staff status of {', '.join(unstaffed)}: they never acted in the workflow."
        )
    if other_groups:
        not_carried.append(
            f"Membership of {', '.join(other_groups)}: only the roles "
            f"{' and '.join(ROLES_CARRIED)} travel with content."
        )
    if direct:
        not_carried.append(f"{direct} permissions given to people directly, not by a role.")
    not_carried.append(DEVICES_STATEMENT)
    return _UserPlan(rows=rows, staff=staff, groups=groups, not_carried=tuple(not_carried))


def _load_users(plan: _UserPlan) -> int:
    User = get_user_model()
    for row in plan.rows:
        values = {name: User._meta.get_field(name).to_python(row[name]) for name in USER_FIELDS}
        values["is_superuser"] = False
        values["is_staff"] = row["id"] in plan.staff
        user = User(pk=row["id"], **values)
        if row.get("password"):
            user.password = row["password"]
        else:
            user.set_unusable_password()
        user.save_base(raw=True, force_insert=True)
        user.groups.set([plan.groups[name] for name in row["groups"] if name in plan.groups])
    return len(plan.rows)


def _typed(model: type[models.Model], rows: list[Row]):
    """The file's rows with Python values (dates, times), as the database would give them."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for row in rows:
        yield {
            name: (
                value
                if value is None or isinstance(fields[name], models.JSONField)
                else fields[name].to_python(value)
            )
            for name, value in row.items()
            if name in fields
        }


def _verify_document(document: dict[str, Any], dumped: dict) -> None:
    """Refuse a file whose record does not prove itself with this installation's keys."""
    if document.get("audit_chain_verified") is not True:
        raise TransferRefused(
            "The file says its audit chain did not verify when it was exported, so it cannot "
            "prove what the board approved. Find out why with manage.py verify_audit on the "
            "source, and restore from an export whose chain verifies."
        )

    def rows(model):
        return _typed(model, sorted(dumped.get(model, []), key=lambda row: row["id"]))

    report = integrity.check(
        key=audit.hmac_key(),
        public_key=audit.signing_key().public_key(),
        events=_typed(AuditEvent, sorted(dumped.get(AuditEvent, []), key=lambda r: r["sequence"])),
        revisions=rows(Revision),
        decisions=rows(ReviewDecision),
        head=document.get("audit_chain_head") or {},
        checkpoints=[
            integrity.Checkpoint(row["statement"], row["signature"])
            for row in dumped.get(AuditCheckpoint, [])
        ],
    )
    if not report.ok:
        raise TransferRefused(
            "The file's audit record does not verify with this installation's keys "
            f"(AUDIT_HMAC_KEY, AUDIT_SIGNING_KEY), so nothing was imported: {report.problem}"
        )


def _unsafe_html(value: Any) -> str | None:
    """The first HTML string in a snapshot that the sanitizer would change, if any."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key == "html" or key.endswith("_html")):
                if sanitize_html(item) != item:
                    return item
            else:
                found = _unsafe_html(item)
                if found is not None:
                    return found
    elif isinstance(value, list):
        for item in value:
            found = _unsafe_html(item)
            if found is not None:
                return found
    return None


def _check_snapshots(dumped: dict) -> None:
    """A snapshot is covered by its content hash, so unsafe HTML in it is refused."""
    for model, rows in dumped.items():
        if "snapshot" not in {f.name for f in model._meta.concrete_fields}:
            continue
        for row in rows:
            found = _unsafe_html(row.get("snapshot"))
            if found is not None:
                raise TransferRefused(
                    f"{model._meta.label} #{row.get('id')} holds HTML the sanitizer does not "
                    f"allow ({found[:80]!r}). A snapshot is what the board approved and cannot "
                    "be rewritten, so the file is refused."
                )


class _ContentTypes:
    """Content type ids of this database, found by (app_label, model)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], int] = {}

    def id_of(self, key: list[str]) -> int:
        app_label, model = key
        if (app_label, model) not in self._ids:
            try:
                found = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist as exc:
                raise TransferRefused(
                    f"Content type {app_label}.{model} does not exist here: "
                    "migrate the target to the same version as the source."
                ) from exc
            self._ids[(app_label, model)] = found.pk
        return self._ids[(app_label, model)]


def _load_value(field: models.Field, value: Any, content_types: _ContentTypes) -> Any:
    if value is None:
        return None
    if field.is_relation and field.related_model is ContentType:
        return content_types.id_of(value)
    if field.is_relation:
        return field.target_field.to_python(value)
    if isinstance(field, models.JSONField):
        return value  # already the stored JSON value; to_python would not parse it
    return field.to_python(value)


def _load_rows(
    model: type[models.Model], rows: list[Row], content_types: _ContentTypes
) -> tuple[int, int]:
    """Write the rows as they are, except stored HTML, sanitized again; (rows, cleaned)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    html_columns = [
        name
        for name, f in fields.items()
        if name.endswith("_html") and isinstance(f, models.TextField | models.CharField)
    ]
    cleaned = 0
    for row in rows:
        for name in html_columns:
            if row.get(name):
                safe = sanitize_html(row[name])
                cleaned += safe != row[name]
                row = {**row, name: safe}
        unknown = row.keys() - fields.keys()
        if unknown:
            raise TransferRefused(
                f"{model._meta.label} has no column {', '.join(sorted(unknown))} here: "
                "migrate the target to the same version as the source."
            )
        obj = model(
            **{name: _load_value(fields[name], v, content_types) for name, v in row.items()}
        )
        # raw: the row as it was, skipping save() overrides (Revision, AuditEvent
        # refuse changes), auto_now and history; force_insert: one INSERT, no UPDATE try.
        obj.save_base(raw=True, force_insert=True)
    return len(rows), cleaned


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Rows were inserted with their ids; move PostgreSQL's sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def import_content(stream: TextIO) -> ImportReport:
    """Load a document written by :func:`export_content` into an empty database.

    Guarded, before anything is written: the document's format and version; it
    says its audit chain verified; the chain, every revision's content hash and
    every decision's digest verify with this installation's keys; no snapshot
    holds HTML the sanitizer would change; the file carries exactly the people
    its content names; every model, column, content type and role it names
    exists here. Then, in one transaction: an empty target; foreign keys hold;
    the chain verifies in the database. Refused means nothing written. Sends no
    mail and no workflow signal. Never makes a superuser (see the module's
    docstring for what is carried of people and what is not).
    """
    document = _read_document(stream)
    model_list = content_models()
    by_label = {model._meta.label: model for model in model_list}
    unknown = [e["model"] for e in document["models"] if e["model"] not in by_label]
    if unknown:
        raise TransferRefused(
            f"This database has no table for {', '.join(unknown)}: "
            "migrate the target to the same version as the source."
        )
    dumped = _rows_by_model(document, by_label)
    _verify_document(document, dumped)
    _check_snapshots(dumped)
    plan = _plan_users(document, dumped)
    with transaction.atomic(), notifications.muted():
        _refuse_unless_empty(model_list)
        users = _load_users(plan)
        content_types = _ContentTypes()
        rows: dict[str, int] = {}
        html_cleaned = 0
        for entry in document["models"]:
            count, cleaned = _load_rows(by_label[entry["model"]], entry["rows"], content_types)
            rows[entry["model"]] = count
            html_cleaned += cleaned
        head, _ = AuditChainHead.objects.get_or_create(pk=1)
        head.last_sequence = document["audit_chain_head"]["last_sequence"]
        head.last_hash = document["audit_chain_head"]["last_hash"]
        head.save()
        _reset_sequences([get_user_model(), Group, *model_list])
        try:
            # Checked now rather than at commit, to fail with a sentence inside the transaction.
            connection.check_constraints(
                table_names=[m._meta.db_table for m in [get_user_model(), *model_list]]
            )
        except IntegrityError as exc:
            raise TransferRefused(f"The document's rows do not fit together: {exc}") from exc
        chain = verify_chain()
        if not chain.ok:
            raise TransferRefused(f"After the import the audit chain breaks: {chain.problem}")
        # A server may have cached pages built from the empty database.
        transaction.on_commit(refresh_reader_stamp)
    return ImportReport(
        rows=rows,
        users=users,
        audit_chain_ok=chain.ok,
        not_carried=plan.not_carried,
        html_cleaned=html_cleaned,
    )
