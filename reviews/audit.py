"""The tamper-evident audit chain of workflow events, with its keys and checkpoints.

Every workflow event is appended as an :class:`AuditEvent` whose hash is an HMAC
(keyed with ``AUDIT_HMAC_KEY``) of its fields and the previous entry's hash.
Appends are serialised by locking the one :class:`AuditChainHead` row, so
concurrent transactions cannot fork the chain. A submit event carries the
revision's content hash, and a decision's event the decision's digest, so the
chain vouches for what the board judged and for every sign-off.

After every event readers can see the effect of (and whenever
``manage.py write_audit_checkpoint`` runs), a checkpoint (the chain's length,
head hash and time) is signed with ``AUDIT_SIGNING_KEY`` (Ed25519) and published
on the transparency page: anyone who keeps one can later show that the chain was
cut back or replaced.

:func:`verify_chain` recomputes every hash, every revision's content hash and
every decision's digest, and holds the chain to the stored checkpoints and to
one a person brings; what is checked is in :mod:`reviews.integrity`.
"""

from __future__ import annotations

import functools
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import frontend_cache, integrity
from .integrity import GENESIS, Checkpoint, IntegrityReport
from .models import (
    UNSEEN_BY_READERS,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    ReviewDecision,
    Revision,
    display_name,
)
from .registry import surrogate_keys_for
from .selectors import refresh_reader_stamp

__all__ = [
    "GENESIS",
    "ChainReport",
    "compute_hash",
    "decision_digest",
    "record_event",
    "verify_chain",
    "write_checkpoint",
]

# verify_chain's answer: ok, checked (events), problem, notes.
ChainReport = IntegrityReport

EVENT_COLUMNS = (*integrity.EVENT_FIELDS, "entry_hash")
DECISION_COLUMNS = ("id", *integrity.DECISION_FIELDS)


# Keys ----------------------------------------------------------------------------------


def hmac_key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode("utf-8")


@functools.lru_cache(maxsize=4)
def _signing_key(encoded: str) -> Ed25519PrivateKey:
    return integrity.signing_key(encoded)


def signing_key() -> Ed25519PrivateKey:
    return _signing_key(settings.AUDIT_SIGNING_KEY)


def public_key_base64() -> str:
    return integrity.public_key_base64(signing_key())


def public_key_pem() -> str:
    return integrity.public_key_pem(signing_key())


def using_development_keys() -> bool:
    return settings.AUDIT_SIGNING_KEY == settings.DEVELOPMENT_AUDIT_SIGNING_KEY


# Hashes of rows ------------------------------------------------------------------------


def _event_fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in integrity.EVENT_FIELDS}


def compute_hash(event: AuditEvent) -> str:
    """The keyed hash of an event (HMAC-SHA256 with ``AUDIT_HMAC_KEY``)."""
    return integrity.event_hash(_event_fields(event), hmac_key())


def decision_digest(decision: ReviewDecision) -> str:
    """The digest of everything a sign-off rests on (see ``integrity.DECISION_FIELDS``)."""
    return integrity.decision_digest(
        {name: getattr(decision, name) for name in integrity.DECISION_FIELDS}
    )


# Appending -----------------------------------------------------------------------------


def record_event(
    kind: str,
    *,
    actor,
    summary: str,
    item=None,
    revision=None,
    decision: ReviewDecision | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (inside the caller's transaction).

    With ``decision`` (saved first) the event records it: its digest and the
    content hash it judged. An event readers can see the effect of is followed
    by a signed checkpoint, in the same transaction.
    """
    data = dict(data or {})
    if decision is not None:
        data["decision_digest"] = decision_digest(decision)
        data["content_hash"] = decision.content_hash
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
            decision=decision,
            summary=summary[:500],
            data=data,
            previous_hash=head.last_hash or GENESIS,
        )
        event.entry_hash = compute_hash(event)
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.entry_hash
        head.save()
        if kind not in UNSEEN_BY_READERS:
            _sign_checkpoint(event.sequence, event.entry_hash, _event_fields(event))
            # Readers may see the effect: once committed, every reader cache moves on.
            keys = surrogate_keys_for(item) if item is not None else []
            transaction.on_commit(lambda: _readers_may_see(keys))
        return event


def _readers_may_see(keys: list[str]) -> None:
    refresh_reader_stamp()
    frontend_cache.purge(keys)


def _sign_checkpoint(sequence: int, head_hash: str, event: dict | None) -> AuditCheckpoint:
    now = timezone.now()
    statement = integrity.checkpoint_statement(
        sequence=sequence,
        head_hash=head_hash,
        time=now,
        event=integrity.head_event_summary(event),
    )
    checkpoint = AuditCheckpoint(
        sequence=sequence,
        head_hash=head_hash,
        signed_at=now,
        statement=statement,
        signature=integrity.sign(statement, signing_key()),
    )
    checkpoint.save()
    return checkpoint


def write_checkpoint() -> AuditCheckpoint:
    """Sign and keep a checkpoint of the chain as it stands now (the head is locked)."""
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        last = (
            AuditEvent.objects.filter(sequence=head.last_sequence)
            .values(*integrity.EVENT_FIELDS)
            .first()
        )
        return _sign_checkpoint(head.last_sequence, head.last_hash or GENESIS, last)


def as_published(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """A checkpoint as the transparency page and its feed publish it."""
    return {
        **Checkpoint(checkpoint.statement, checkpoint.signature).fields,
        "statement": checkpoint.statement,
        "signature": checkpoint.signature,
        "public_key": public_key_base64(),
    }


# Verifying -----------------------------------------------------------------------------


def _events():
    return AuditEvent.objects.order_by("sequence").values(*EVENT_COLUMNS).iterator(chunk_size=2000)


def _revisions():
    return (
        Revision._base_manager.order_by("pk")
        .values("id", "snapshot", "content_hash")
        .iterator(chunk_size=500)
    )


def _decisions():
    return (
        ReviewDecision._base_manager.order_by("pk")
        .values(*DECISION_COLUMNS)
        .iterator(chunk_size=2000)
    )


def _stored_checkpoints():
    for statement, signature in (
        AuditCheckpoint.objects.order_by("pk")
        .values_list("statement", "signature")
        .iterator(chunk_size=2000)
    ):
        yield Checkpoint(statement, signature)


def verify_chain(held: Checkpoint | None = None) -> ChainReport:
    """Check the whole record; the report names the first thing changed, moved or removed.

    Every event's keyed hash and link; every revision's content hash against its
    snapshot and the chain; every decision's digest against its event; the head;
    every stored checkpoint's signature and hash; and ``held``, a checkpoint
    someone kept, if given.
    """
    head = AuditChainHead.objects.filter(pk=1).values("last_sequence", "last_hash").first()
    return integrity.check(
        key=hmac_key(),
        public_key=signing_key().public_key(),
        events=_events(),
        revisions=_revisions(),
        decisions=_decisions(),
        head=head or {"last_sequence": 0, "last_hash": ""},
        checkpoints=_stored_checkpoints(),
        held=held,
    )
