"""The tamper-evident audit chain of workflow events.

Every workflow event is appended as an :class:`AuditEvent` whose hash covers its
fields and the previous entry's hash. Appends are serialised by locking the one
:class:`AuditChainHead` row, so concurrent transactions cannot fork the chain.
:func:`verify_chain` recomputes every hash and names the first entry that does
not match, or the first gap in the sequence.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import frontend_cache
from .models import (
    UNSEEN_BY_READERS,
    AuditChainHead,
    AuditEvent,
    AuditEventKind,
    display_name,
)
from .registry import surrogate_keys_for
from .selectors import refresh_reader_stamp

GENESIS = "0" * 64


def _hash_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "kind": event.kind,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "item_id": event.item_id,
        "revision_id": event.revision_id,
        "summary": event.summary,
        "data": event.data,
        "previous_hash": event.previous_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    canonical = json.dumps(
        _hash_fields(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_event(
    kind: str,
    *,
    actor,
    summary: str,
    item=None,
    revision=None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (inside the caller's transaction)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            kind=kind,
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=display_name(actor) if getattr(actor, "pk", None) else "",
            item=item,
            revision=revision,
            summary=summary[:500],
            data=data or {},
            previous_hash=head.last_hash or GENESIS,
        )
        event.entry_hash = compute_hash(event)
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.entry_hash
        head.save()
        if kind not in UNSEEN_BY_READERS:
            # Readers may see the effect: once committed, every reader cache moves on.
            keys = surrogate_keys_for(item) if item is not None else []
            if kind == AuditEventKind.POLICY_CHANGE:
                keys.append("policy")
            transaction.on_commit(lambda: _readers_may_see(keys))
        return event


def _readers_may_see(keys: list[str]) -> None:
    refresh_reader_stamp()
    frontend_cache.purge(keys)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    problem: str = ""


def verify_chain() -> ChainReport:
    """Walk the chain in order; report the first entry that was changed, moved or removed."""
    previous = GENESIS
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        label = f"Audit event #{event.sequence} ({event.kind}, {event.occurred_at:%Y-%m-%d %H:%M})"
        if event.sequence != expected_sequence:
            return ChainReport(
                False,
                checked,
                f"Audit event #{expected_sequence} is missing: "
                f"the chain jumps to #{event.sequence}.",
            )
        if event.previous_hash != previous:
            return ChainReport(
                False, checked, f"{label} does not follow the entry before it in the chain."
            )
        if compute_hash(event) != event.entry_hash:
            return ChainReport(
                False, checked, f"{label} does not match its hash: it was changed after writing."
            )
        previous = event.entry_hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_sequence != checked or (checked and head.last_hash != previous)):
        return ChainReport(
            False,
            checked,
            f"The chain ends at #{checked} but its head records #{head.last_sequence}: "
            "entries were removed from the end.",
        )
    return ChainReport(True, checked)
