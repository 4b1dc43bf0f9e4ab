"""Comments anchored to a passage of a revision, and what settles them.

A board member comments on a passage of the latest revision while it waits for the
board; the comment stays open, across later revisions, until the editors resolve it
(with a reply, if they like) or its author withdraws it. ``approve`` refuses while
any comment on the item is open (:func:`require_settled`). Each write is recorded
in the history with its user and reason; a refused step changes nothing.
"""

from __future__ import annotations

import html
import re

from django.db import transaction
from django.utils import timezone

from ..access import active_board_membership, can_submit
from ..diffing import text_fields
from ..history import save_recorded
from ..models import PENDING_STATES, CommentStatus, ReviewComment, ReviewItem, Revision
from . import steps
from .steps import TransitionRefused

_TAG = re.compile(r"<[^>]*>")


def _plain(text: str) -> str:
    # Without any spacing: a selection across a citation mark or a line break reads
    # its spaces differently from the text it was taken from.
    return "".join(html.unescape(_TAG.sub(" ", text)).split()).casefold()


def passage_in(revision: Revision, quote: str) -> bool:
    """Whether ``quote`` is a passage of the revision's text, as written (Markdown) or
    as shown (its rendered HTML), spaces and case aside."""
    wanted = _plain(quote)
    return bool(wanted) and any(
        wanted in _plain(text) for _, text in text_fields(revision.snapshot, skip_rendered=False)
    )


def require_settled(item: ReviewItem) -> None:
    """Refuse while a comment on ``item`` is open (called by ``approve``)."""
    open_count = ReviewComment.objects.filter(item=item, status=CommentStatus.OPEN).count()
    if open_count:
        raise TransitionRefused(
            f"{open_count} comment{'s' if open_count != 1 else ''} on this content "
            f"{'are' if open_count != 1 else 'is'} still open: the editors resolve each one "
            "(or its author withdraws it) before it can be approved."
        )


def add_comment(revision: Revision, *, by, quote: str, body: str) -> ReviewComment:
    """Comment on a passage of ``revision``.

    Guarded: active board member; not a contributor; the latest revision, waiting for
    the board; a passage that is in the revision's text; something to say.
    """
    quote, body = (quote or "").strip(), (body or "").strip()
    with transaction.atomic():
        item, revision = steps.lock_item_of(revision)
        if active_board_membership(by) is None:
            raise TransitionRefused("Only active members of the medical board can comment.")
        if by.pk in set(revision.contributor_ids) or by.pk == revision.submitted_by_id:
            raise TransitionRefused(
                "You wrote or submitted this content, so another board member must review it."
            )
        if item.latest_revision_id != revision.pk or revision.status not in PENDING_STATES:
            raise TransitionRefused(
                "Comments are written on the revision waiting for the board; this one is not."
            )
        if not quote:
            raise TransitionRefused("Copy the passage your comment is about.")
        if not passage_in(revision, quote):
            raise TransitionRefused(
                "That passage is not in this revision: copy the words exactly from the page."
            )
        if not body:
            raise TransitionRefused("Write what you would like changed or checked.")
        comment = ReviewComment(item=item, revision=revision, author=by, quote=quote, body=body)
        save_recorded(comment, by=by, reason=f"Comment on revision {revision.number}")
        return comment


def _settle(comment: ReviewComment, *, by, status: str, reply: str, reason: str):
    comment.status = status
    comment.reply = reply
    comment.settled_by = by
    comment.settled_at = timezone.now()
    save_recorded(comment, by=by, reason=reason)
    return comment


def _locked(comment: ReviewComment) -> ReviewComment:
    steps.lock(ReviewItem(pk=comment.item_id))
    comment = ReviewComment.objects.select_related("author").get(pk=comment.pk)
    if comment.status != CommentStatus.OPEN:
        raise TransitionRefused(f"This comment is {comment.get_status_display().lower()}.")
    return comment


def resolve_comment(comment: ReviewComment, *, by, reply: str = "") -> ReviewComment:
    """The editors mark a comment resolved, saying how if they like.

    Guarded: only editors (who may submit content); the comment is open.
    """
    if not can_submit(by):
        raise TransitionRefused("Only editors resolve comments; a board member withdraws theirs.")
    with transaction.atomic():
        comment = _locked(comment)
        return _settle(
            comment,
            by=by,
            status=CommentStatus.RESOLVED,
            reply=(reply or "").strip(),
            reason="Comment resolved by the editors",
        )


def withdraw_comment(comment: ReviewComment, *, by) -> ReviewComment:
    """Its author withdraws a comment. Guarded: only the author; the comment is open."""
    with transaction.atomic():
        comment = _locked(comment)
        if comment.author_id != by.pk:
            raise TransitionRefused("Only the board member who wrote a comment can withdraw it.")
        return _settle(
            comment, by=by, status=CommentStatus.WITHDRAWN, reply="", reason="Comment withdrawn"
        )
