"""Reads for the editors' workspace in the admin: drafts, the citation helper, the preview.

Nothing here is shown to readers: it reads the working copy, which readers never see.
"""

from __future__ import annotations

from django.db.models import F, Q

from .models import Article

DRAFTS_SHOWN = 20


def drafts_of(user) -> list[Article]:
    """Articles ``user`` created or last edited whose working copy the board has not
    seen: never submitted, or edited since the latest submission."""
    return list(
        Article.objects.filter(
            Q(created_by=user) | Q(pk__in=Article.history.filter(history_user=user).values("id"))
        )
        .filter(
            Q(review_item__isnull=True)
            | Q(updated_at__gt=F("review_item__latest_revision__submitted_at"))
        )
        .select_related("review_item__latest_revision")
        .defer("review_item__latest_revision__snapshot")
        .order_by("-updated_at")[:DRAFTS_SHOWN]
    )
