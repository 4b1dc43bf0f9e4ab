"""The review queue page: every item waiting for the board, oldest first.

A board member filters it (Mine, Unclaimed, Overdue, Re-review due), searches it by
title and pages through it, fifty items at a time. Each row says what the item is,
who submitted it and when, who holds it, when the board's answer is due, how many
approvals it has and what it still needs, and why it waits.

The list is built from the workflow's state and kept in the cache framework under
the audit chain's head (its length and last hash), the member, what they asked for
and the minute. Every change to that state (a submission, a claim, a decision, a
withdrawal, a publication, a policy's approval, a board membership or specialty)
appends an event to the chain, so the next look after it builds the list again.
The ages, the due dates, the re-reviews falling due and a policy whose effective
date arrives follow the clock, so a list is never kept past its minute. Between
events a look costs the session, the permissions and one read of the chain's head.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import smart_split, unescape_string_literal

from . import selectors
from .models import PENDING_STATES, ReviewItem, display_name
from .selectors import PolicyTerms
from .services.steps import format_day

PER_PAGE = 50
SHOW = {
    "mine": "Mine",
    "unclaimed": "Unclaimed",
    "overdue": "Overdue",
    "rereview": "Re-review due",
}
# A list is kept for its minute at most; the spare minute only lets it expire by itself.
KEPT_SECONDS = 120


@dataclass(frozen=True)
class Asked:
    """What the member asked the queue for: a filter, a search, a page."""

    show: str = ""
    query: str = ""
    page: int = 1

    @classmethod
    def from_request(cls, request) -> Asked:
        show = request.GET.get("show", "")
        page = request.GET.get("p", "")
        return cls(
            show=show if show in SHOW else "",
            query=" ".join(request.GET.get("q", "").split())[:200],
            # A page that is not a number is the first; one past the end, the last.
            page=max(int(page), 1) if page.isdigit() and len(page) < 10 else 1,
        )

    def words(self) -> list[str]:
        """The search's words; a quoted phrase is one ("blood count")."""
        words = []
        for word in smart_split(self.query):
            quoted = len(word) > 1 and word[0] == word[-1] and word[0] in "\"'"
            words.append(unescape_string_literal(word) if quoted else word)
        return words

    def url(self, **changes: str) -> str:
        """This page's address with ``changes``; with no page given, the first (a new
        filter or search starts there)."""
        wanted = {"show": self.show, "q": self.query, **changes}
        return "?" + urlencode({key: value for key, value in wanted.items() if value})


@dataclass(frozen=True)
class Row:
    """One waiting item as the queue shows it."""

    item_id: int
    title: str
    kind: str
    number: int | None
    submitted_by: str
    waiting_since: datetime.datetime
    claimed_by: str
    due: datetime.date
    overdue: bool
    approvals: str
    you_approved: bool
    needs: str | None
    reason: str

    @property
    def url(self) -> str:
        return reverse("admin:reviews_reviewqueue_review", args=[self.item_id])

    @property
    def due_text(self) -> str:
        return format_day(self.due)


def waiting_items(terms: PolicyTerms, user, asked: Asked) -> QuerySet[ReviewItem]:
    """The items the member asked for, with the columns' numbers in the same query."""
    items = selectors.with_approvals(selectors.with_needs(selectors.queue(terms), terms), user)
    match asked.show:
        case "mine":
            items = items.filter(claimed_by=user)
        case "unclaimed":
            items = items.filter(claimed_by__isnull=True)
        case "overdue":
            items = items.filter(selectors.overdue_q(terms))
        case "rereview":
            items = items.filter(selectors.rereview_due_q(terms)).exclude(selectors.pending_q())
    for word in asked.words():
        items = items.filter(Q(title__icontains=word))
    return items


def row(item: ReviewItem, terms: PolicyTerms) -> Row:
    revision = item.latest_revision
    pending = revision is not None and revision.status in PENDING_STATES
    if pending:
        since = revision.submitted_at
        due = timezone.localdate(since) + datetime.timedelta(days=terms.review_turnaround_days)
    else:
        since = item.last_reviewed_at + datetime.timedelta(days=terms.rereview_interval_days)
        due = selectors.next_review_due(item, terms)
    return Row(
        item_id=item.pk,
        title=item.title,
        kind=item.content_type.model_class()._meta.verbose_name.capitalize(),
        number=revision.number if revision else None,
        submitted_by=display_name(revision.submitted_by) if revision else "—",
        waiting_since=since,
        claimed_by=display_name(item.claimed_by) if item.claimed_by else "—",
        due=due,
        overdue=due < timezone.localdate(),
        approvals=f"{item.approval_count} of {terms.approvals_required}" if pending else "—",
        you_approved=pending and item.you_approved,
        needs=item.needed_specialty if pending and not item.specialty_met else None,
        reason=revision.get_status_display() if pending else "Re-review due",
    )


def _page_links(paginator, page, asked: Asked) -> list[tuple[int | str, str | None]]:
    """Each page's number and address (no address for the gap between numbers)."""
    if paginator.num_pages == 1:
        return []
    links = []
    for number in paginator.get_elided_page_range(page.number):
        if not isinstance(number, int):
            links.append((number, None))
        else:
            links.append((number, asked.url(p=str(number)) if number > 1 else asked.url()))
    return links


def build(user, asked: Asked) -> str:
    """The list as HTML: search, rows, pages and filters (no token of the session in it)."""
    terms = selectors.current_terms()
    paginator = Paginator(waiting_items(terms, user, asked), PER_PAGE)
    page = paginator.get_page(asked.page)
    choices = [("", "All"), *SHOW.items()]
    return render_to_string(
        "admin/reviews/reviewqueue/queue_list.html",
        {
            "asked": asked,
            "rows": [row(item, terms) for item in page.object_list],
            "count": paginator.count,
            "page": page,
            "pages": _page_links(paginator, page, asked),
            "all_url": asked.url(q=""),
            "choices": [
                {"label": label, "url": asked.url(show=key), "selected": key == asked.show}
                for key, label in choices
            ],
        },
    )


def cache_key(user, asked: Asked, *, stamp: str, minute: str) -> str:
    asked_digest = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
    return f"reviews:queue:{stamp}:{minute}:{user.pk}:{asked_digest}"


def listing(user, asked: Asked) -> SafeString:
    """The list for ``user``: kept since the chain's last event within this minute, or built."""
    key = cache_key(
        user,
        asked,
        stamp=selectors.workflow_stamp(),
        minute=timezone.now().strftime("%Y%m%d%H%M"),
    )
    html = cache.get(key)
    if html is None:
        html = build(user, asked)
        cache.set(key, html, KEPT_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered, and escaped, by the template engine)
