"""A large database for measuring scale (``manage.py seed_scale``).

Loads synthetic published articles with their review records, approved
revisions and sign-offs, through the one sanctioned bulk path
(:func:`reviews.history.insert_recorded` / ``change_recorded``): every row gets its
history row naming the demo editor or board member and the reason, so the trail
stays whole, and one audit event records the load. The articles say plainly in
their text that they are test data; this is for benchmarks, never production.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from articles import search_index
from articles import services as article_services
from articles.models import Article
from articles.snapshots import DEFAULT_WORDING
from markup.rendering import render_markdown
from reviews import selectors
from reviews import services as review
from reviews.audit import decision_digest, record_event
from reviews.history import change_recorded, insert_recorded
from reviews.integrity import batch_cover
from reviews.models import (
    AuditEventKind,
    BoardMember,
    DecisionKind,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)

SLUG_PREFIX = "scale-"
REASON = "Loaded by seed_scale (synthetic test data)"
# History rows each article gets besides its edits: article created, review
# record created and pointed at its live revision, two revisions, two sign-offs.
ROWS_PER_ARTICLE = 7

TOPICS = [
    "Blood counts", "Infections and fever", "Heart and circulation", "Kidneys", "Liver",
    "Lungs and breathing", "Hormones", "Bones and joints", "Skin", "Nerves and brain",
    "Digestion", "Medicines", "Pregnancy", "Children's health", "Older age", "Cancer care",
    "Vaccines", "Nutrition", "Sleep", "Mental health",
]  # fmt: skip
TERMS = [
    "haemoglobin", "platelets", "ferritin", "creatinine", "potassium", "sodium", "glucose",
    "cholesterol", "thyroid hormone", "vitamin B12", "folate", "calcium", "magnesium",
    "bilirubin", "albumin", "troponin", "lactate", "urea", "phosphate", "lipase",
]  # fmt: skip


class AlreadyLoaded(RuntimeError):
    pass


@functools.cache
def _rendered(term: str, version: int) -> tuple[str, str, str, str]:
    short, body = _text(term, version)
    return short, render_markdown(short), body, render_markdown(body)


def _text(term: str, version: int) -> tuple[str, str]:
    short = f"A {term} result outside the range is often explained by something simple."
    body = (
        f"## What the {term} test measures\n\n"
        f"This is a test article (version {version}), generated to measure the platform "
        f"at scale. It is not medical advice. The {term} level can change with meals, "
        f"medicines and the time of day.\n\n"
        f"## When to ask your doctor\n\nAsk about a result that is far outside the range, "
        f"or one that keeps changing."
    )
    return short, body


def _snapshot(article: Article) -> dict:
    return {
        "kind": "article",
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic.name if article.topic else "",
        "authors": [],
        "wordings": {
            DEFAULT_WORDING: {
                "short_answer": article.short_answer,
                "body_markdown": article.body_markdown,
                "short_answer_html": article.short_answer_html,
                "body_html": article.body_html,
                "references": [],
            }
        },
        "sources": {},
    }


def _apply_text(article: Article, n: int, version: int) -> None:
    short, short_html, body, body_html = _rendered(TERMS[n % len(TERMS)], version)
    article.short_answer, article.short_answer_html = short, short_html
    article.body_markdown, article.body_html = body, body_html


def seed_scale(
    *, articles: int = 10_000, history: int = 100_000, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Load ``articles`` published articles and at least ``history`` history rows."""
    if Article.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise AlreadyLoaded("The scale data is loaded already (articles named scale-…).")
    User = get_user_model()
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="reviewer1")
    credentials = BoardMember.objects.get(user=reviewer).credentials
    policy = selectors.current_policy()
    edits = max(1, math.ceil((history - ROWS_PER_ARTICLE * articles) / articles))
    now = timezone.now()

    with transaction.atomic():
        topics = [article_services.topic_named(name, by=editor, reason=REASON) for name in TOPICS]
        rows = []
        for n in range(articles):
            article = Article(
                title=f"What does scale test result {n} mean?",
                slug=f"{SLUG_PREFIX}{n:06d}",
                topic=topics[n % len(topics)],
                created_by=editor,
                references=[],
            )
            _apply_text(article, n, 0)
            rows.append(article)
        rows = insert_recorded(Article, rows, by=editor, reason=REASON)
        log(f"Added {len(rows)} articles")
        ct = ContentType.objects.get_for_model(Article)
        items = insert_recorded(
            ReviewItem,
            [ReviewItem(content_type=ct, object_id=a.pk, title=a.title) for a in rows],
            by=editor,
            reason=REASON,
        )
        for article, item in zip(rows, items, strict=True):
            article.review_item = item

        first_snapshots = []
        for version in range(1, edits + 1):
            for n, article in enumerate(rows):
                _apply_text(article, n, version)
            change_recorded(
                Article,
                rows,
                ["short_answer", "short_answer_html", "body_markdown", "body_html"]
                + (["review_item"] if version == 1 else []),
                by=editor,
                reason=f"{REASON}: edit {version}",
            )
            if version == 1:
                first_snapshots = [_snapshot(a) for a in rows]
        log(f"Edited each article {edits} times")

        revisions, decisions = [], []
        for n, (article, item) in enumerate(zip(rows, items, strict=True)):
            approved = now - datetime.timedelta(minutes=n + 1)
            for number, snapshot in ((1, first_snapshots[n]), (2, _snapshot(article))):
                when = approved - datetime.timedelta(days=30 * (2 - number))
                revisions.append(
                    Revision(
                        item=item,
                        number=number,
                        snapshot=snapshot,
                        content_hash=review.content_hash(snapshot),
                        status=ReviewState.APPROVED,
                        submitted_by=editor,
                        submitted_at=when - datetime.timedelta(days=1),
                        contributor_ids=[editor.pk],
                        approved_at=when,
                    )
                )
        revisions = insert_recorded(Revision, revisions, by=reviewer, reason=REASON)
        for revision in revisions:
            decisions.append(
                ReviewDecision(
                    revision=revision,
                    reviewer=reviewer,
                    kind=DecisionKind.APPROVE,
                    reviewer_credentials=credentials,
                    conflict_of_interest="none",
                    content_hash=revision.content_hash,
                    policy_version=policy,
                    decided_at=revision.approved_at,
                )
            )
        decisions = insert_recorded(ReviewDecision, decisions, by=reviewer, reason=REASON)
        for item, live in zip(items, revisions[1::2], strict=True):
            item.latest_revision = item.live_revision = live
            item.last_reviewed_at = live.approved_at
        change_recorded(
            ReviewItem,
            items,
            ["latest_revision", "live_revision", "last_reviewed_at"],
            by=reviewer,
            reason=f"{REASON}: revision 2 is live",
        )
        log(f"Added {len(revisions)} approved revisions and {len(decisions)} sign-offs")
        ids = [a.pk for a in rows]
        for start in range(0, len(ids), 1000):
            search_index.refresh(ids[start : start + 1000])
        log("Indexed them for search")
        counts = {
            "articles": len(rows),
            "history_rows": sum(
                m.history.count() for m in (Article, ReviewItem, Revision, ReviewDecision)
            ),
        }
        record_event(
            AuditEventKind.BULK_LOAD,
            actor=editor,
            summary=(
                f"seed_scale loaded {counts['articles']} synthetic articles "
                f"({counts['history_rows']} history rows in all)"
            ),
            # The rows loaded without one workflow event each, as id ranges and
            # digests, so verify_audit still vouches for every revision and sign-off.
            data={
                **counts,
                "covers": {
                    "revisions": batch_cover((r.pk, r.content_hash) for r in revisions),
                    "decisions": batch_cover((d.pk, decision_digest(d)) for d in decisions),
                },
            },
        )
    return counts


def gather_planner_statistics() -> None:
    """Have the database count what was just loaded (``ANALYZE``), as after any bulk
    load or restore. Until autovacuum gets to the new rows, PostgreSQL plans with the
    old numbers: it took the 10,000 items for a handful and walked them one by one
    instead of using the search index."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
