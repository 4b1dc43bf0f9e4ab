"""Key the existing audit chain with AUDIT_HMAC_KEY, and say so in the chain.

Until now each event's hash was a plain SHA-256: anyone who could write to the
database could edit an event and re-hash everything after it. From now on each
hash is an HMAC with AUDIT_HMAC_KEY, which the database does not hold.

Settings are loaded when ``migrate`` runs, and with DEBUG off the process does
not start without AUDIT_HMAC_KEY, so this migration has the key. It:

1. checks the unkeyed chain as it stands (sequence, links, hashes, head) and
   keeps the answer;
2. links every sign-off decision to the event that recorded it (same kind,
   revision and reviewer, in order), adding the decision's digest to that event,
   so sign-offs made before this change get a receipt too;
3. appends a ``rekey`` event stating what it found (whether the unkeyed chain
   verified, and its head hash) and covering every existing revision and
   decision by id range and digest;
4. re-hashes every event with the key and moves the head;
5. signs a checkpoint at every earlier sign-off (dated today: the receipt of an
   older sign-off is checked like a new one) and at the new head.

The re-keyed chain proves the history from now on; what it says about events
before the ``rekey`` event is only as good as the unkeyed chain was, and the
``rekey`` event says so. If the unkeyed chain did not verify, ``verify_audit``
keeps reporting it: re-keying never hides a break. The hashing here is a copy
of this version's rules (``reviews.integrity``), so later changes to that module
do not change what this migration did.
"""

import base64
import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64
LEGACY_FIELDS = (
    "sequence",
    "kind",
    "occurred_at",
    "actor_id",
    "actor_name",
    "item_id",
    "revision_id",
    "summary",
    "data",
    "previous_hash",
)
KEYED_FIELDS = (*LEGACY_FIELDS[:7], "decision_id", *LEGACY_FIELDS[7:])
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
SIGN_OFF_KINDS = ("approve", "request_changes", "reconfirm")


def _canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fields(row, names):
    return {name: _plain(getattr(row, name)) for name in names}


def _legacy_hash(event):
    return hashlib.sha256(_canonical(_fields(event, LEGACY_FIELDS)).encode("utf-8")).hexdigest()


def _keyed_hash(event, key):
    message = _canonical(_fields(event, KEYED_FIELDS)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _digest(decision):
    return hashlib.sha256(
        _canonical(_fields(decision, DECISION_FIELDS)).encode("utf-8")
    ).hexdigest()


def _cover(pairs):
    digest, first, last, count = hashlib.sha256(), None, None, 0
    for pk, value in pairs:
        digest.update(f"{pk}:{value}\n".encode())
        first = pk if first is None else first
        last, count = pk, count + 1
    if first is None:
        return None
    return {"first_id": first, "last_id": last, "count": count, "digest": digest.hexdigest()}


def _check_unkeyed(events, head):
    previous = GENESIS
    for expected, event in enumerate(events, start=1):
        if event.sequence != expected:
            return f"Audit event #{expected} was missing: the chain jumped to #{event.sequence}."
        if event.previous_hash != previous:
            return f"Audit event #{event.sequence} did not follow the entry before it."
        if _legacy_hash(event) != event.entry_hash:
            return f"Audit event #{event.sequence} did not match its hash."
        previous = event.entry_hash
    if head is not None and (head.last_sequence != len(events) or head.last_hash != previous):
        return f"The chain ended at #{len(events)} but its head recorded #{head.last_sequence}."
    return ""


def rekey(apps, schema_editor):
    AuditEvent = apps.get_model("reviews", "AuditEvent")
    AuditChainHead = apps.get_model("reviews", "AuditChainHead")
    AuditCheckpoint = apps.get_model("reviews", "AuditCheckpoint")
    ReviewDecision = apps.get_model("reviews", "ReviewDecision")
    Revision = apps.get_model("reviews", "Revision")

    events = list(AuditEvent.objects.order_by("sequence"))
    if not events:
        return  # nothing was written unkeyed
    head = AuditChainHead.objects.filter(pk=1).first()
    problem = _check_unkeyed(events, head)

    # 2. Each sign-off to the event that recorded it.
    waiting = {}
    for event in events:
        if event.kind in SIGN_OFF_KINDS:
            waiting.setdefault((event.kind, event.revision_id, event.actor_id), []).append(event)
    linked = 0
    for decision in ReviewDecision.objects.order_by("decided_at", "pk"):
        candidates = waiting.get((decision.kind, decision.revision_id, decision.reviewer_id))
        if candidates:
            event = candidates.pop(0)
            event.decision_id = decision.pk
            event.data = {
                **event.data,
                "decision_digest": _digest(decision),
                "content_hash": decision.content_hash,
            }
            linked += 1

    # 3. The rekey event: what was found, and every row as it is now.
    revisions = Revision.objects.order_by("pk").values_list("pk", "content_hash")
    decisions = ReviewDecision.objects.order_by("pk")
    covers = {
        "revisions": _cover(revisions.iterator(chunk_size=2000)),
        "decisions": _cover((d.pk, _digest(d)) for d in decisions.iterator(chunk_size=2000)),
    }
    old_head = events[-1].entry_hash
    rekey_event = AuditEvent(
        sequence=events[-1].sequence + 1,
        kind="rekey",
        occurred_at=timezone.now(),
        actor=None,
        actor_name="",
        summary=(
            f"Audit chain keyed: the {len(events)} earlier events were re-hashed with "
            "AUDIT_HMAC_KEY" + ("" if not problem else "; the unkeyed chain did not verify")
        ),
        data={
            "unkeyed_chain_verified": not problem,
            "unkeyed_problem": problem,
            "unkeyed_head_hash": old_head,
            "events_rekeyed": len(events),
            "decisions_linked": linked,
            "covers": {kind: cover for kind, cover in covers.items() if cover},
        },
    )
    events.append(rekey_event)

    # 4. Every hash again, keyed.
    key = settings.AUDIT_HMAC_KEY.encode("utf-8")
    previous = GENESIS
    for event in events:
        event.previous_hash = previous
        event.entry_hash = _keyed_hash(event, key)
        previous = event.entry_hash
    for event in events[:-1]:
        AuditEvent.objects.filter(pk=event.pk).update(
            previous_hash=event.previous_hash,
            entry_hash=event.entry_hash,
            decision_id=event.decision_id,
            data=event.data,
        )
    rekey_event.save()
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    head.last_sequence = rekey_event.sequence
    head.last_hash = rekey_event.entry_hash
    head.save()

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    # 5. Checkpoints: one at each earlier sign-off (so its receipt can be checked
    # like a new one; the time says when it was signed) and one at the new head.
    signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.AUDIT_SIGNING_KEY))
    now = timezone.now()
    for event in events:
        if event.decision_id is None and event is not rekey_event:
            continue
        statement = _canonical(
            {
                "format": "medreview-audit-checkpoint/1",
                "sequence": event.sequence,
                "head_hash": event.entry_hash,
                "time": _plain(now),
                "event": {
                    "kind": event.kind,
                    "content_hash": event.data.get("content_hash"),
                    "decision_digest": event.data.get("decision_digest"),
                },
            }
        )
        AuditCheckpoint.objects.create(
            sequence=event.sequence,
            head_hash=event.entry_hash,
            signed_at=now,
            statement=statement,
            signature=base64.b64encode(signer.sign(statement.encode("utf-8"))).decode("ascii"),
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0012_keyed_audit_chain")]

    # Irreversible in meaning: the unkeyed hashes are gone. Going back leaves the
    # keyed chain in place (an older version cannot verify it).
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
