"""The one review workflow for every kind of medical content.

A reviewable object (any model an app declares reviewable: see ``reviews.registry``)
owns one :class:`ReviewItem`. Each submission stores an immutable
:class:`Revision`: a JSON snapshot of what was submitted and its content hash.
Board members judge revisions with :class:`ReviewDecision` rows. Readers see the
item's live revision (the last approved one). Only ``reviews.services`` changes
these rows; nothing here is ever deleted.
"""

from __future__ import annotations

from .base import (
    PENDING_STATES,
    REVISION_STATES,
    Reviewable,
    ReviewState,
    Undeletable,
)
from .board import (
    BoardMember,
    Specialty,
    display_name,
    parse_specialty_rules,
)
from .chain import (
    UNSEEN_BY_READERS,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    AuditEventKind,
)
from .items import (
    SIGN_OFF_KINDS,
    CitationCheck,
    CommentStatus,
    DecisionKind,
    ReminderSent,
    ReviewComment,
    ReviewDecision,
    ReviewItem,
    ReviewQueue,
    Revision,
)
from .policy import (
    EditorialPolicyQuerySet,
    EditorialPolicyVersion,
    PolicyTerms,
)

__all__ = [
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "AuditEventKind",
    "BoardMember",
    "CitationCheck",
    "CommentStatus",
    "DecisionKind",
    "EditorialPolicyQuerySet",
    "EditorialPolicyVersion",
    "PENDING_STATES",
    "PolicyTerms",
    "REVISION_STATES",
    "ReminderSent",
    "ReviewComment",
    "ReviewDecision",
    "ReviewItem",
    "ReviewQueue",
    "ReviewState",
    "Reviewable",
    "Revision",
    "SIGN_OFF_KINDS",
    "Specialty",
    "UNSEEN_BY_READERS",
    "Undeletable",
    "display_name",
    "parse_specialty_rules",
]
