"""The article's part of the review desk: the page as readers will see it.

Each wording of the pending revision is shown rendered (the sanitized HTML stored in
the snapshot, as the reader page shows it), with the words added and removed since
the live revision (or, before any approval, since the revision before) marked in the
text; a new article shows its page as it will be.
The Markdown diff stays on the desk, a click away.
"""

from __future__ import annotations

from reviews.diffing import rendered_diff
from reviews.models import Revision
from reviews.registry import DeskPanel

from .models import Audience
from .snapshots import DEFAULT_WORDING

LABELS = {DEFAULT_WORDING: "Default wording", **dict(Audience.choices)}


def _wordings(pending: dict, live: dict | None) -> list[dict]:
    before = (live or {}).get("wordings", {})
    shown = []
    for key, wording in pending.get("wordings", {}).items():
        old = before.get(key) if live else None
        fields = {}
        for name in ("short_answer_html", "body_html"):
            new_html = wording.get(name, "")
            fields[name] = rendered_diff(old.get(name, ""), new_html) if old else new_html
        shown.append(
            {
                "key": key,
                "label": LABELS.get(key, key),
                "changed": old is None
                or any(wording.get(n) != old.get(n) for n in ("short_answer", "body_markdown")),
                "is_new": live is not None and old is None,
                "references": wording.get("references", []),
                **fields,
            }
        )
    order = [DEFAULT_WORDING, *Audience.values]
    return sorted(shown, key=lambda w: order.index(w["key"]) if w["key"] in order else 99)


def desk_panels(item, pending, live):
    revision = pending or live
    if revision is None:
        return []
    compare = None
    if pending is not None:
        # Against what readers have; for content never approved, against the revision
        # before (what the board last read, perhaps commented on or sent back).
        compare = live or (
            Revision.objects.filter(item=item, number=pending.number - 1).first()
            if pending.number > 1
            else None
        )
    return [
        DeskPanel(
            "admin/articles/review_page.html",
            {
                "title": revision.snapshot.get("title", ""),
                "topic": revision.snapshot.get("topic", ""),
                "revision": revision,
                "compared_with": compare,
                "wordings": _wordings(revision.snapshot, compare.snapshot if compare else None),
            },
            shows_the_page=True,
        )
    ]


def approval_requirements(item, revision):
    return []
