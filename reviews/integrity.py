"""What the audit chain proves, as plain Python (no Django): hashes, keys, checks.

- A revision's **content hash** is SHA-256 of its snapshot's canonical JSON.
- A decision's **digest** is SHA-256 of the canonical JSON of everything a
  sign-off rests on (:data:`DECISION_FIELDS`). The event that records the
  decision carries it, so editing a sign-off's credentials, its declaration of
  conflicts or its comment later no longer matches the chain.
- An event's **entry hash** is HMAC-SHA256, keyed with ``AUDIT_HMAC_KEY``, of its
  fields and the previous entry's hash. Without the key nobody can re-hash an
  edited chain.
- A **checkpoint** is a statement of the chain's length, head hash and time,
  and what its newest event recorded, signed with Ed25519. Anyone holding the
  public key can check it, and anyone holding an older checkpoint can tell that
  the chain was cut back or replaced (see :class:`ChainChecker`).

:class:`ChainChecker` is fed the rows in order (events by sequence, then
revisions and decisions by id) and names the first thing that does not hold. It
is used on the database (``reviews.audit.verify_chain``) and on an export file
before anything of it is written (``transfer.restore``).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

GENESIS = "0" * 64
CHECKPOINT_FORMAT = "medreview-audit-checkpoint/1"

# The columns an event's entry hash covers (besides the previous hash).
EVENT_FIELDS = (
    "sequence",
    "kind",
    "occurred_at",
    "actor_id",
    "actor_name",
    "item_id",
    "revision_id",
    "decision_id",
    "summary",
    "data",
    "previous_hash",
)

# What a sign-off rests on: who decided what about which content, under which
# policy, with which credentials and declaration.
DECISION_FIELDS = (
    "revision_id",
    "reviewer_id",
    "kind",
    "comment",
    "reviewer_credentials",
    "conflict_of_interest",
    "literature_current_through",
    "policy_version_id",
    "content_hash",
    "decided_at",
)

# Events that hand over a batch of rows recorded without one event each (a bulk
# load, the re-keying of an older chain) name them as an id range and a digest.
COVERS_KEY = "covers"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def content_hash(snapshot: Mapping[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON: the same content, the same hash."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def decision_digest(decision: Mapping[str, Any]) -> str:
    """SHA-256 of a decision's sign-off fields (:data:`DECISION_FIELDS`)."""
    fields = {name: _plain(decision[name]) for name in DECISION_FIELDS}
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def event_hash(event: Mapping[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of an event's fields (:data:`EVENT_FIELDS`) with the chain's key."""
    fields = {name: _plain(event.get(name)) for name in EVENT_FIELDS}
    return hmac.new(key, canonical_json(fields).encode("utf-8"), hashlib.sha256).hexdigest()


class BatchDigest:
    """A digest of (id, hash) pairs fed in id order: what a batch event covers."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.count = 0

    def add(self, pk: int, value: str) -> None:
        self._hash.update(f"{pk}:{value}\n".encode())
        self.count += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def batch_cover(pairs: Iterable[tuple[int, str]]) -> dict[str, Any] | None:
    """What an event records to cover these rows: their id range, count and digest."""
    digest, first, last = BatchDigest(), None, None
    for pk, value in pairs:
        digest.add(pk, value)
        first = pk if first is None else first
        last = pk
    if first is None:
        return None
    return {"first_id": first, "last_id": last, "count": digest.count, "digest": digest.hexdigest()}


# Keys and checkpoints ------------------------------------------------------------------


def signing_key(encoded: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))


def public_key_base64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def new_keys() -> tuple[str, str]:
    """A fresh (AUDIT_HMAC_KEY, AUDIT_SIGNING_KEY) pair for a new installation."""
    import secrets

    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return secrets.token_urlsafe(48), base64.b64encode(raw).decode("ascii")


def checkpoint_statement(
    *, sequence: int, head_hash: str, time: datetime.datetime, event: Mapping | None
) -> str:
    """The exact text a checkpoint signs (canonical JSON)."""
    return canonical_json(
        {
            "format": CHECKPOINT_FORMAT,
            "sequence": sequence,
            "head_hash": head_hash,
            "time": _plain(time),
            "event": dict(event) if event is not None else None,
        }
    )


def sign(statement: str, key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.sign(statement.encode("utf-8"))).decode("ascii")


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement of the chain at one moment."""

    statement: str
    signature: str

    @property
    def fields(self) -> dict[str, Any]:
        return json.loads(self.statement)

    @property
    def sequence(self) -> int:
        return self.fields["sequence"]

    @property
    def head_hash(self) -> str:
        return self.fields["head_hash"]

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(base64.b64decode(self.signature), self.statement.encode("utf-8"))
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_published(cls, published: Mapping[str, Any]) -> Checkpoint:
        """A checkpoint as the transparency page publishes it (``statement``, ``signature``)."""
        if not isinstance(published, Mapping):
            raise ValueError("A checkpoint is a JSON object with a statement and a signature.")
        statement, signature = published.get("statement"), published.get("signature")
        if not isinstance(statement, str) or not isinstance(signature, str):
            raise ValueError("A checkpoint is a JSON object with a statement and a signature.")
        checkpoint = cls(statement=statement, signature=signature)
        try:
            fields = checkpoint.fields
            ok = fields.get("format") == CHECKPOINT_FORMAT and isinstance(fields["sequence"], int)
        except (ValueError, KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            raise ValueError("The checkpoint's statement is not an audit checkpoint.")
        return checkpoint


def head_event_summary(event: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What a checkpoint states about the chain's newest event."""
    if event is None:
        return None
    data = event.get("data") or {}
    return {
        "kind": event["kind"],
        "content_hash": data.get("content_hash"),
        "decision_digest": data.get("decision_digest"),
    }


# Checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    checked: int
    problem: str = ""
    notes: tuple[str, ...] = ()


class Broken(Exception):
    """The first thing that does not hold; ``str(exc)`` says what, for a person."""


@dataclass
class _Batch:
    first_id: int
    last_id: int
    count: int
    digest: str
    sequence: int
    seen: BatchDigest = field(default_factory=BatchDigest)


class ChainChecker:
    """Checks a chain and the rows it vouches for, fed in order; raises :class:`Broken`.

    Feed every event by sequence (:meth:`event`), the chain head (:meth:`head`),
    every revision by id (:meth:`revision`), every decision by id
    (:meth:`decision`), then call :meth:`finish` with the checkpoints to hold the
    chain to.
    """

    def __init__(self, *, key: bytes, public_key: Ed25519PublicKey) -> None:
        self.key = key
        self.public_key = public_key
        self.previous = GENESIS
        self.count = 0
        self.hashes: dict[int, str] = {}
        self.last_event: Mapping[str, Any] | None = None
        # revision id -> (sequence, content hash) of the submit event recording it
        self.submitted: dict[int, tuple[int, str]] = {}
        # decision id -> (sequence, digest) of the event recording it
        self.decided: dict[int, tuple[int, str]] = {}
        self.decisions_seen: set[int] = set()
        self.revision_hashes: dict[int, str] = {}
        self.batches: dict[str, list[_Batch]] = {"revisions": [], "decisions": []}
        self.notes: list[str] = []

    # events
    def event(self, event: Mapping[str, Any]) -> None:
        sequence = event["sequence"]
        label = _event_label(event)
        if sequence != self.count + 1:
            raise Broken(
                f"Audit event #{self.count + 1} is missing: the chain jumps to #{sequence}."
            )
        if event["previous_hash"] != self.previous:
            raise Broken(f"{label} does not follow the entry before it in the chain.")
        if not hmac.compare_digest(event_hash(event, self.key), event["entry_hash"]):
            raise Broken(
                f"{label} does not match its keyed hash: it was changed or re-hashed after "
                "writing (or AUDIT_HMAC_KEY is not the key the chain was written with)."
            )
        data = event.get("data") or {}
        if event.get("revision_id") and event["kind"] == "submit":
            self.submitted[event["revision_id"]] = (sequence, data.get("content_hash"))
        if event.get("decision_id"):
            self.decided[event["decision_id"]] = (sequence, data.get("decision_digest"))
        for kind, cover in (data.get(COVERS_KEY) or {}).items():
            if kind in self.batches and cover:
                self.batches[kind].append(_Batch(sequence=sequence, **cover))
        if event["kind"] == "rekey":
            self.notes.append(
                f"Events #1 to #{sequence - 1} were written before the chain was keyed and "
                f"were re-keyed by event #{sequence}; the unkeyed chain "
                + ("verified then." if data.get("unkeyed_chain_verified") else "did NOT verify.")
            )
            if not data.get("unkeyed_chain_verified"):
                raise Broken(
                    f"The chain was already broken when event #{sequence} re-keyed it: "
                    f"{data.get('unkeyed_problem', 'see that event')}"
                )
        self.previous = event["entry_hash"]
        self.hashes[sequence] = event["entry_hash"]
        self.count = sequence
        self.last_event = event

    def head(self, head: Mapping[str, Any]) -> None:
        """The chain head (after the last event): it must name the last event."""
        last_sequence, last_hash = head.get("last_sequence", 0), head.get("last_hash", "")
        if last_sequence != self.count or (self.count and last_hash != self.previous):
            raise Broken(
                f"The chain ends at #{self.count} but its head records #{last_sequence}: "
                "entries were removed from the end, or the head was changed."
            )

    def _in_batch(self, kind: str, pk: int, value: str) -> bool:
        covered = False
        for batch in self.batches[kind]:
            if batch.first_id <= pk <= batch.last_id:
                batch.seen.add(pk, value)
                covered = True
        return covered

    # the rows the chain vouches for
    def revision(self, revision: Mapping[str, Any]) -> None:
        pk, stored = revision["id"], revision["content_hash"]
        label = f"Revision #{pk}"
        if content_hash(revision["snapshot"]) != stored:
            raise Broken(
                f"{label}'s snapshot does not match its content hash: the content was "
                "changed after it was submitted."
            )
        recorded = self.submitted.get(pk)
        in_batch = self._in_batch("revisions", pk, stored)
        if recorded is not None and recorded[1] != stored:
            raise Broken(
                f"{label}'s content hash is not the one audit event #{recorded[0]} recorded "
                "when it was submitted: its content was replaced."
            )
        if recorded is None and not in_batch:
            raise Broken(f"{label} is in no audit event: it was added around the workflow.")
        self.revision_hashes[pk] = stored

    def decision(self, decision: Mapping[str, Any]) -> None:
        pk = decision["id"]
        label = f"Decision #{pk} ({decision['kind']} of revision #{decision['revision_id']})"
        digest = decision_digest(decision)
        recorded = self.decided.get(pk)
        in_batch = self._in_batch("decisions", pk, digest)
        if recorded is not None and recorded[1] != digest:
            raise Broken(
                f"{label} does not match what audit event #{recorded[0]} recorded: its "
                "reviewer, credentials, declaration, comment, policy or dates were changed."
            )
        if recorded is None and not in_batch:
            raise Broken(f"{label} is in no audit event: it was added around the workflow.")
        revision_hash = self.revision_hashes.get(decision["revision_id"])
        if revision_hash is not None and revision_hash != decision["content_hash"]:
            raise Broken(f"{label} names a content hash its revision does not have.")
        self.decisions_seen.add(pk)

    # the end
    def finish(
        self,
        *,
        checkpoints: Iterable[Checkpoint] = (),
        held: Checkpoint | None = None,
    ) -> IntegrityReport:
        missing = sorted(set(self.decided) - self.decisions_seen)
        if missing:
            sequence = self.decided[missing[0]][0]
            raise Broken(
                f"Decision #{missing[0]}, recorded by audit event #{sequence}, is missing."
            )
        for kind, batches in self.batches.items():
            for batch in batches:
                if batch.seen.count != batch.count or batch.seen.hexdigest() != batch.digest:
                    raise Broken(
                        f"The {kind} #{batch.first_id} to #{batch.last_id} recorded together by "
                        f"audit event #{batch.sequence} were changed, added or removed since."
                    )
        for checkpoint in checkpoints:
            self._hold_to(checkpoint, "A stored checkpoint")
        if held is not None:
            self._hold_to(held, "The checkpoint you hold")
        return IntegrityReport(True, self.count, notes=tuple(self.notes))

    def _hold_to(self, checkpoint: Checkpoint, who: str) -> None:
        if not checkpoint.signed_by(self.public_key):
            raise Broken(
                f"{who} (#{checkpoint.sequence}) does not carry a valid signature of this "
                "platform's audit key: it is forged, or signed with another key."
            )
        sequence, head_hash = checkpoint.sequence, checkpoint.head_hash
        if sequence > self.count:
            raise Broken(
                f"{who} says the chain had {sequence} events, but it has {self.count} now: "
                "the chain was cut back or replaced."
            )
        if sequence and self.hashes.get(sequence) != head_hash:
            raise Broken(
                f"{who} says event #{sequence} had hash {head_hash[:16]}…, but the chain has "
                f"{self.hashes.get(sequence, '')[:16]}… there: the chain was rewritten."
            )


def _event_label(event: Mapping[str, Any]) -> str:
    when = event["occurred_at"]
    stamp = when.strftime("%Y-%m-%d %H:%M") if isinstance(when, datetime.datetime) else when
    return f"Audit event #{event['sequence']} ({event['kind']}, {stamp})"


def check(
    *,
    key: bytes,
    public_key: Ed25519PublicKey,
    events: Iterable[Mapping[str, Any]],
    revisions: Iterable[Mapping[str, Any]],
    decisions: Iterable[Mapping[str, Any]],
    head: Mapping[str, Any] | None,
    checkpoints: Iterable[Checkpoint] = (),
    held: Checkpoint | None = None,
) -> IntegrityReport:
    """Run every check of :class:`ChainChecker`; the report names the first failure."""
    checker = ChainChecker(key=key, public_key=public_key)
    try:
        for event in events:
            checker.event(event)
        if head is not None:
            checker.head(head)
        for revision in revisions:
            checker.revision(revision)
        for decision in decisions:
            checker.decision(decision)
        return checker.finish(checkpoints=checkpoints, held=held)
    except Broken as broken:
        return IntegrityReport(False, checker.count, str(broken), tuple(checker.notes))
