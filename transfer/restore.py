"""Restoring the content document into an empty database (``manage.py import_content``).

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

import json
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction

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
from reviews.selectors import refresh_reader_stamp

from .document import (
    DEVICES_STATEMENT,
    FORMAT,
    FORMAT_VERSION,
    ROLES_CARRIED,
    USER_FIELDS,
    ImportReport,
    Row,
    TransferRefused,
    content_models,
    referenced_user_ids,
)


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
    named = referenced_user_ids(dumped)
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
