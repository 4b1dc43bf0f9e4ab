"""Random sequences of workflow operations, checked against an independent model.

The people, a source and Alice's draft article are made once per test. Each
example then works in a savepoint that is rolled back at its end, so every
example starts from that same clean state: it may require two approvals (a new
editorial policy), submits the draft, and runs up to 11 more operations: create
and edit articles, submit, claim, release, start a review, approve, request
changes, re-confirm and check a citation. Half of the steps are what someone
would plausibly do next, half are any operation by anyone, so many are attempts
the workflow must refuse. For each step the test predicts the outcome from its
own model of the rules (for a refusal, the reason given), calls the real
service and checks:

- exactly the predicted history rows were written, per model and per kind of
  write (created or changed), each naming the person who acted and a reason;
- exactly one audit event of the right kind by that person, or none;
- for a refusal, nothing at all was written (and, in the second property,
  every row of every articles and reviews table is as it was);
- the database's workflow state (statuses, pointers, claims, decisions) equals
  the model's.

After each example the audit chain verifies and the invariants hold: the
latest pointer is the newest revision, the live one is the newest approved,
no revision's content hash changed, and every decision keeps its revision's hash.

The numbers of writes come from reading the services:

==================  ===========================================================
create_article      Article + (save), Article ~ (authors set), ArticleVariant +
edit_article        Article ~, ArticleVariant + or ~, Article ~ per authors
                    removed and per authors added
submit              first time: ReviewItem +, Article ~ (link); then Revision +,
                    ReviewItem ~
start_review        Revision ~
claim               ReviewItem ~, and Revision ~ when it starts the review
release             ReviewItem ~
approve             ReviewDecision +; going live: Revision ~, ReviewItem ~;
                    short of the approvals needed and held by the approver:
                    ReviewItem ~ (the claim is released)
request_changes     ReviewDecision +, Revision ~, ReviewItem ~ if claimed
reconfirm           ReviewDecision +, ReviewItem ~
citation check      CitationCheck + the first time, ~ after
==================  ===========================================================
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import services as article_services
from articles.models import Article, ArticleVariant
from reviews import services as review
from reviews.audit import verify_chain
from reviews.models import (
    PENDING_STATES,
    AuditEvent,
    AuditEventKind,
    CitationCheck,
    DecisionKind,
    ReviewDecision,
    ReviewItem,
    ReviewState,
    Revision,
)
from tests.factories import SourceFactory, approved_policy, make_board_member

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SOURCE_KEY = "gibson-berliner-2014"
CITES = f"[@{SOURCE_KEY}]"
BODY = "## What it means\n\nA count slightly below the range is common."
FIRST_SHORT_ANSWER = "Usually nothing serious."
FIRST_TOPIC = "Blood counts"

WRITERS = ["alice_editor", "erin_editor", "carol_reviewer"]
BOARD = {"bob_reviewer", "carol_reviewer", "frank_reviewer"}
SUBMITTERS = {"alice_editor", "erin_editor", "carol_reviewer", "root_admin"}
ADMINISTRATORS = {"root_admin"}
# Weighted towards the board, so that sequences reach approvals often.
ANYONE = [
    "bob_reviewer",
    "frank_reviewer",
    "carol_reviewer",
    "bob_reviewer",
    "frank_reviewer",
    "alice_editor",
    "erin_editor",
    "dave_reader",
    "root_admin",
]
SUBMITTING = [
    "alice_editor",
    "alice_editor",
    "erin_editor",
    "carol_reviewer",
    "root_admin",
    "dave_reader",
    "bob_reviewer",
]

HISTORIED = {
    "Article": Article,
    "ArticleVariant": ArticleVariant,
    "ReviewItem": ReviewItem,
    "Revision": Revision,
    "ReviewDecision": ReviewDecision,
    "CitationCheck": CitationCheck,
}


@pytest.fixture
def people(alice_editor, erin_editor, bob_reviewer, carol_reviewer, dave_reader, admin_user):
    """Everyone in the stories, by username, and the source they cite; made once per
    test, outside the examples."""
    # Carol is on the board and also writes, so she is sometimes a contributor.
    carol_reviewer.groups.add(Group.objects.get(name="Editors"))
    make_board_member(
        "frank_reviewer",
        credentials="MD, Internal Medicine",
        first_name="Frank",
        last_name="Reviewer",
    )
    SourceFactory(by=alice_editor, key=SOURCE_KEY)
    # Fresh objects: no permission cache from before Carol joined the editors.
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def neutrophil_article(people):
    """Alice's draft, citing the source, written once per test (outside the examples)."""
    return article_services.create_article(
        by=people["alice_editor"],
        title="What does a low neutrophil count mean?",
        slug="what-does-a-low-neutrophil-count-mean",
        topic=FIRST_TOPIC,
        short_answer=FIRST_SHORT_ANSWER,
        body_markdown=f"{BODY} {CITES}",
    )


# The model ---------------------------------------------------------------------------


@dataclass
class RevisionModel:
    pk: int
    number: int
    content: tuple
    content_hash: str
    contributors: frozenset[str]
    cites: bool
    status: str = ReviewState.SUBMITTED
    approvals: set[str] = field(default_factory=set)
    # Source key -> (ticked, who last ticked or unticked it).
    checked_citations: dict[str, tuple[bool, str]] = field(default_factory=dict)


@dataclass
class ArticleModel:
    pk: int
    created_by: str
    has_variant: bool
    variant_body: str = ""
    topic: str = FIRST_TOPIC
    short_answer: str = FIRST_SHORT_ANSWER
    authors: frozenset[str] = frozenset()
    # Everyone named on a history row of the article or its variants.
    history_users: set[str] = field(default_factory=set)
    body_cites: bool = False
    item_pk: int | None = None
    revisions: list[RevisionModel] = field(default_factory=list)
    claimed_by: str | None = None
    live: RevisionModel | None = None

    def content(self) -> tuple:
        """What the snapshot (and so the content hash) depends on, among what we change."""
        return (self.topic, self.short_answer, self.variant_body, self.authors)

    def cites(self) -> bool:
        return self.body_cites or CITES in self.short_answer or CITES in self.variant_body

    def contributors(self, submitter: str) -> frozenset[str]:
        return frozenset(self.authors | {self.created_by, submitter} | self.history_users)

    def latest(self) -> RevisionModel | None:
        return self.revisions[-1] if self.revisions else None

    def pick(self, which: str) -> RevisionModel | None:
        if which == "previous" and len(self.revisions) >= 2:
            return self.revisions[-2]
        return self.latest()


class Op(NamedTuple):
    """One operation. ``article`` counts among all articles for edit and submit, and
    among the submitted ones for the rest; ``which`` is the latest revision or the one
    before."""

    kind: str
    actor: str
    article: int = 0
    which: str = "latest"
    arg: Any = None


@dataclass
class Plan:
    """What the model predicts for one operation: a refusal (and its words) or the writes."""

    call: Callable[[], Any]
    refusal: str = ""
    writes: Counter = field(default_factory=Counter)
    event: str = ""
    apply: Callable[[Any], None] = lambda result: None
    tag: str = ""  # what happened, for the count of cases the examples reached


def refused(call, words: str) -> Plan:
    return Plan(call=call, refusal=words)


class World:
    """The model of one example's workflow, and the calls to the real services."""

    def __init__(self, users: dict, approvals_required: int, article: Article):
        self.users = users
        self.approvals_required = approvals_required
        self.articles = [
            ArticleModel(
                pk=article.pk,
                created_by="alice_editor",
                has_variant=False,
                body_cites=True,
                authors=frozenset({"alice_editor"}),
                history_users={"alice_editor"},
            )
        ]
        self.events: list[tuple[str, int | None]] = []
        self.decisions: list[tuple[int, str, str]] = []

    def plan(self, op: Op) -> Plan | None:
        """The prediction for ``op``, or None when it names nothing that exists yet."""
        if op.kind == "create":
            return self.plan_create(op)
        if op.kind in ("edit", "submit"):
            article = self.articles[op.article % len(self.articles)]
            return (
                self.plan_edit(op, article) if op.kind == "edit" else self.plan_submit(op, article)
            )
        # The rest acts on a review item: pick among the articles submitted at least once.
        submitted = [a for a in self.articles if a.item_pk is not None]
        if not submitted:
            return None
        article = submitted[op.article % len(submitted)]
        planner = {
            "start_review": self.plan_start_review,
            "claim": self.plan_claim,
            "release": self.plan_release,
            "approve": self.plan_approve,
            "request_changes": self.plan_request_changes,
            "reconfirm": self.plan_reconfirm,
            "check_citation": self.plan_check_citation,
        }[op.kind]
        return planner(op, article)

    # Content, written by the articles services (unguarded: the views check who edits).

    def plan_create(self, op: Op) -> Plan:
        n = len(self.articles) + 1
        by = self.users[op.actor]
        with_variant = op.arg

        def call():
            return article_services.create_article(
                by=by,
                title=f"What does test result {n} mean?",
                slug=f"what-does-test-result-{n}-mean",
                topic=FIRST_TOPIC,
                short_answer=FIRST_SHORT_ANSWER,
                body_markdown=BODY,
                variants={"patient": {"body_markdown": "Ask your doctor."}}
                if with_variant
                else None,
            )

        writes = Counter({"Article+": 1, "Article~": 1})
        if with_variant:
            writes["ArticleVariant+"] += 1

        def apply(article):
            self.articles.append(
                ArticleModel(
                    pk=article.pk,
                    created_by=op.actor,
                    has_variant=with_variant,
                    variant_body="Ask your doctor." if with_variant else "",
                    authors=frozenset({op.actor}),
                    history_users={op.actor},
                )
            )

        return Plan(call=call, writes=writes, apply=apply)

    def plan_edit(self, op: Op, a: ArticleModel) -> Plan:
        what, value = op.arg
        by = self.users[op.actor]
        writes = Counter({"Article~": 1})
        changes: dict[str, Any] = {}
        authors = a.authors
        if what == "variant":
            changes["variants"] = {"patient": {"body_markdown": value}}
            writes["ArticleVariant~" if a.has_variant else "ArticleVariant+"] += 1
        elif what == "authors":
            authors = frozenset({op.actor} if value == "self" else {"alice_editor", "erin_editor"})
            changes["authors"] = [self.users[name] for name in sorted(authors)]
            # The authors m2m is historied: one row per removal and per addition.
            writes["Article~"] += bool(a.authors - authors) + bool(authors - a.authors)
        else:
            changes[what] = value

        def call():
            return article_services.edit_article(
                Article.objects.get(pk=a.pk), by=by, reason="Editorial update", **changes
            )

        def apply(_):
            if what == "variant":
                a.has_variant, a.variant_body = True, value
            elif what == "authors":
                a.authors = authors
            else:
                setattr(a, what, value)
            a.history_users.add(op.actor)

        return Plan(call=call, writes=writes, apply=apply)

    # The workflow.

    def plan_submit(self, op: Op, a: ArticleModel) -> Plan:
        by = self.users[op.actor]

        def call():
            return review.submit(Article.objects.get(pk=a.pk), by=by, note=op.arg)

        if op.actor not in SUBMITTERS:
            return refused(call, "Only editors can submit")
        latest, content = a.latest(), a.content()
        if latest is not None and latest.content == content:
            if latest.status in PENDING_STATES:
                return refused(call, "already waiting for review")
            if latest.status == ReviewState.APPROVED:
                return refused(call, "Nothing has changed since the approved revision")
        writes = Counter({"Revision+": 1, "ReviewItem~": 1})
        if a.item_pk is None:
            writes.update({"ReviewItem+": 1, "Article~": 1})

        def apply(revision):
            if a.item_pk is None:
                a.history_users.add(op.actor)  # linking the article to its item: a history row
            expected = RevisionModel(
                pk=revision.pk,
                number=len(a.revisions) + 1,
                content=content,
                content_hash=revision.content_hash,
                contributors=a.contributors(op.actor),
                cites=a.cites(),
            )
            assert revision.number == expected.number
            assert revision.status == ReviewState.SUBMITTED
            names = {user.pk: name for name, user in self.users.items()}
            assert {names[pk] for pk in revision.contributor_ids} == expected.contributors
            a.item_pk = revision.item_id
            a.revisions.append(expected)
            a.claimed_by = None

        return Plan(call, writes=writes, event=AuditEventKind.SUBMIT, apply=apply)

    def _decide_refusal(self, op: Op, a: ArticleModel, rev: RevisionModel) -> str:
        """The guards start_review, approve and request_changes share, in their order."""
        if op.actor not in BOARD:
            return "Only active members of the medical board"
        if op.actor in rev.contributors:
            return "You wrote or submitted this content"
        if rev is not a.latest():
            return "is no longer the latest"
        if a.claimed_by not in (None, op.actor):
            return "has claimed this item"
        return ""

    def plan_start_review(self, op: Op, a: ArticleModel) -> Plan:
        rev = a.pick(op.which)

        def call():
            return review.start_review(Revision.objects.get(pk=rev.pk), by=self.users[op.actor])

        if refusal := self._decide_refusal(op, a, rev):
            return refused(call, refusal)
        if rev.status != ReviewState.SUBMITTED:
            return refused(call, "not waiting to be reviewed")

        def apply(_):
            rev.status = ReviewState.UNDER_REVIEW

        writes = Counter({"Revision~": 1})
        return Plan(call, writes=writes, event=AuditEventKind.START_REVIEW, apply=apply)

    def plan_claim(self, op: Op, a: ArticleModel) -> Plan:
        rev = a.latest()

        def call():
            return review.claim(ReviewItem.objects.get(pk=a.item_pk), by=self.users[op.actor])

        # Re-review is never due here: the policy's interval is a year or more.
        if op.actor not in BOARD:
            return refused(call, "Only active members of the medical board")
        if rev.status not in PENDING_STATES:
            return refused(call, "not waiting for a review")
        if a.claimed_by == op.actor:
            return refused(call, "You already hold this item")
        if a.claimed_by is not None:
            return refused(call, "has claimed this item")
        if op.actor in rev.contributors:
            return refused(call, "You wrote or submitted this content")
        writes = Counter({"ReviewItem~": 1})
        if rev.status == ReviewState.SUBMITTED:
            writes["Revision~"] += 1

        def apply(_):
            a.claimed_by = op.actor
            rev.status = ReviewState.UNDER_REVIEW

        return Plan(call, writes=writes, event=AuditEventKind.CLAIM, apply=apply)

    def plan_release(self, op: Op, a: ArticleModel) -> Plan:
        def call():
            return review.release(ReviewItem.objects.get(pk=a.item_pk), by=self.users[op.actor])

        if a.claimed_by is None:
            return refused(call, "Nobody holds this item")
        if a.claimed_by != op.actor and op.actor not in ADMINISTRATORS:
            return refused(call, "only they or an administrator can release it")

        def apply(_):
            a.claimed_by = None

        writes = Counter({"ReviewItem~": 1})
        return Plan(call, writes=writes, event=AuditEventKind.RELEASE, apply=apply)

    def _status_refusal(self, rev: RevisionModel) -> str:
        if rev.status == ReviewState.SUBMITTED:
            return "Start the review of this revision before deciding"
        if rev.status != ReviewState.UNDER_REVIEW:
            return f"is already {ReviewState(rev.status).label.lower()}"
        return ""

    def plan_approve(self, op: Op, a: ArticleModel) -> Plan:
        rev = a.pick(op.which)
        declaration = op.arg

        def call():
            return review.approve(
                Revision.objects.get(pk=rev.pk),
                by=self.users[op.actor],
                conflict_of_interest=declaration,
            )

        refusal = self._decide_refusal(op, a, rev) or self._status_refusal(rev)
        if not refusal and not declaration.strip():
            refusal = "Declare any conflict of interest"
        if not refusal and op.actor in rev.approvals:
            refusal = "You have already approved this revision"
        if refusal:
            return refused(call, refusal)
        goes_live = len(rev.approvals) + 1 >= self.approvals_required
        writes = Counter({"ReviewDecision+": 1})
        if goes_live:
            writes.update({"Revision~": 1, "ReviewItem~": 1})
        elif a.claimed_by == op.actor:
            writes["ReviewItem~"] += 1  # released for the next board member

        def apply(decision):
            self.record_decision(decision, rev, op.actor, DecisionKind.APPROVE)
            rev.approvals.add(op.actor)
            if goes_live:
                rev.status = ReviewState.APPROVED
                a.live = rev
            if goes_live or a.claimed_by == op.actor:
                a.claimed_by = None

        tag = "went live" if goes_live else "one approval of two"
        return Plan(call, writes=writes, event=AuditEventKind.APPROVE, apply=apply, tag=tag)

    def plan_request_changes(self, op: Op, a: ArticleModel) -> Plan:
        rev = a.pick(op.which)
        comment, declaration = op.arg

        def call():
            return review.request_changes(
                Revision.objects.get(pk=rev.pk),
                by=self.users[op.actor],
                comment=comment,
                conflict_of_interest=declaration,
            )

        refusal = self._decide_refusal(op, a, rev) or self._status_refusal(rev)
        if not refusal and not comment.strip():
            refusal = "a comment is required"
        if not refusal and not declaration.strip():
            refusal = "Declare any conflict of interest"
        if refusal:
            return refused(call, refusal)
        writes = Counter({"ReviewDecision+": 1, "Revision~": 1})
        if a.claimed_by is not None:
            writes["ReviewItem~"] += 1

        def apply(decision):
            self.record_decision(decision, rev, op.actor, DecisionKind.REQUEST_CHANGES)
            rev.status = ReviewState.CHANGES_REQUESTED
            a.claimed_by = None

        return Plan(call, writes=writes, event=AuditEventKind.REQUEST_CHANGES, apply=apply)

    def plan_reconfirm(self, op: Op, a: ArticleModel) -> Plan:
        declaration = op.arg

        def call():
            return review.reconfirm(
                ReviewItem.objects.get(pk=a.item_pk),
                by=self.users[op.actor],
                conflict_of_interest=declaration,
            )

        if op.actor not in BOARD:
            return refused(call, "Only active members of the medical board")
        if a.live is None:
            return refused(call, "Only approved content can be re-confirmed")
        if op.actor in a.live.contributors:
            return refused(call, "You wrote or submitted this content")
        if a.claimed_by not in (None, op.actor):
            return refused(call, "has claimed this item")
        if not declaration.strip():
            return refused(call, "Declare any conflict of interest")
        live = a.live

        def apply(decision):
            self.record_decision(decision, live, op.actor, DecisionKind.RECONFIRM)
            a.claimed_by = None

        writes = Counter({"ReviewDecision+": 1, "ReviewItem~": 1})
        return Plan(call, writes=writes, event=AuditEventKind.RECONFIRM, apply=apply)

    def plan_check_citation(self, op: Op, a: ArticleModel) -> Plan:
        rev = a.pick(op.which)
        key, checked = op.arg

        def call():
            return review.set_citation_checked(
                Revision.objects.get(pk=rev.pk),
                source_key=key,
                by=self.users[op.actor],
                checked=checked,
            )

        if op.actor not in BOARD:
            return refused(call, "Only active members of the medical board")
        if op.actor in rev.contributors:
            return refused(call, "You wrote or submitted this content")
        if rev is not a.latest():
            return refused(call, "is no longer the latest")
        if rev.status not in PENDING_STATES:
            return refused(call, "not waiting for review")
        if a.claimed_by not in (None, op.actor):
            return refused(call, "has claimed this item")
        if key != SOURCE_KEY or not rev.cites:
            return refused(call, "does not cite")
        ticked, by = rev.checked_citations.get(key, (False, ""))
        if ticked and by != op.actor:
            return refused(call, "only they can undo their check")
        writes = Counter(
            {"CitationCheck~" if key in rev.checked_citations else "CitationCheck+": 1}
        )

        def apply(check):
            assert (check.revision_id, check.checked) == (rev.pk, checked)
            rev.checked_citations[key] = (checked, op.actor)

        return Plan(call, writes=writes, event=AuditEventKind.CITATION_CHECK, apply=apply)

    def record_decision(self, decision, rev: RevisionModel, reviewer: str, kind: str) -> None:
        assert decision.revision_id == rev.pk
        assert decision.reviewer_id == self.users[reviewer].pk
        assert decision.kind == kind
        assert decision.content_hash == rev.content_hash
        self.decisions.append((rev.pk, reviewer, kind))


# What the database holds -------------------------------------------------------------


def rows(sql: str, params=()) -> list[tuple]:
    """Plain SQL for the checks made after every step: the ORM would cost more than
    the services under test."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Ledger:
    """The rows written since the last look: history rows of every model, and audit events."""

    def __init__(self):
        tables = {name: model.history.model._meta.db_table for name, model in HISTORIED.items()}
        self.names = list(tables)
        self.new_rows_sql = " UNION ALL ".join(
            f"SELECT '{name}', history_id, history_type, history_user_id, history_change_reason "
            f"FROM {table} WHERE history_id > %s"
            for name, table in tables.items()
        )
        self.marks = dict(
            rows(
                " UNION ALL ".join(
                    f"SELECT '{name}', COALESCE(MAX(history_id), 0) FROM {table}"
                    for name, table in tables.items()
                )
            )
        )
        self.events_sql = (
            f"SELECT sequence, kind, actor_id FROM {AuditEvent._meta.db_table} "
            "WHERE sequence > %s ORDER BY sequence"
        )
        self.last_sequence = rows(
            f"SELECT COALESCE(MAX(sequence), 0) FROM {AuditEvent._meta.db_table}"
        )[0][0]

    def fresh(self) -> Ledger:
        """A ledger for a new example: each starts where the test's fixtures left off."""
        ledger = copy.copy(self)
        ledger.marks = dict(self.marks)
        return ledger

    def new_writes(self) -> tuple[Counter, list[tuple], list[tuple]]:
        """History rows by model and kind ("Revision~"), who and why, and audit events."""
        writes: Counter = Counter()
        signatures = []
        new_rows = rows(self.new_rows_sql, [self.marks[name] for name in self.names])
        for name, history_id, history_type, user_id, reason in new_rows:
            writes[f"{name}{history_type}"] += 1
            signatures.append((name, user_id, reason))
            self.marks[name] = max(self.marks[name], history_id)
        events = rows(self.events_sql, [self.last_sequence])
        if events:
            self.last_sequence = events[-1][0]
        return writes, signatures, [(kind, actor) for _, kind, actor in events]


WORKFLOW_TABLES = [
    (model._meta.db_table, model._meta.pk.column)
    for label in ("articles", "reviews")
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
    if not model._meta.proxy
]


def all_rows() -> dict[str, list[tuple]]:
    """Every row of every articles and reviews table (and their history), in order."""
    return {table: rows(f"SELECT * FROM {table} ORDER BY {pk}") for table, pk in WORKFLOW_TABLES}


def article_type_id() -> int:
    """Articles are the content of the model; a policy version set up for an example
    goes through the workflow too, outside it."""
    return ContentType.objects.get_for_model(Article).pk


def assert_matches_model(world: World) -> None:
    """The workflow state in the database is the model's: pointers, claims, statuses, decisions."""
    names = {user.pk: name for name, user in world.users.items()}
    articles = [article_type_id()]
    items = {
        pk: (latest, live, names.get(holder))
        for pk, latest, live, holder in rows(
            "SELECT id, latest_revision_id, live_revision_id, claimed_by_id "
            f"FROM {ReviewItem._meta.db_table} WHERE content_type_id = %s",
            articles,
        )
    }
    assert items == {
        a.item_pk: (a.latest().pk, a.live.pk if a.live else None, a.claimed_by)
        for a in world.articles
        if a.item_pk is not None
    }
    statuses = dict(
        rows(
            f"SELECT r.id, r.status FROM {Revision._meta.db_table} r "
            f"JOIN {ReviewItem._meta.db_table} i ON i.id = r.item_id WHERE i.content_type_id = %s",
            articles,
        )
    )
    assert statuses == {r.pk: r.status for a in world.articles for r in a.revisions}
    decisions = [
        (revision, names[reviewer], kind)
        for revision, reviewer, kind in rows(
            f"SELECT d.revision_id, d.reviewer_id, d.kind FROM {ReviewDecision._meta.db_table} d "
            f"JOIN {Revision._meta.db_table} r ON r.id = d.revision_id "
            f"JOIN {ReviewItem._meta.db_table} i ON i.id = r.item_id "
            "WHERE i.content_type_id = %s ORDER BY d.id",
            articles,
        )
    ]
    assert decisions == world.decisions


def assert_invariants(world: World) -> None:
    for item in ReviewItem.objects.select_related("latest_revision", "live_revision"):
        revisions = list(item.revisions.order_by("number"))
        assert [r.number for r in revisions] == list(range(1, len(revisions) + 1))
        assert item.latest_revision == revisions[-1], "the latest pointer is the newest revision"
        approved = [r for r in revisions if r.status == ReviewState.APPROVED]
        if item.live_revision is None:
            assert not approved
        else:
            assert item.live_revision.status == ReviewState.APPROVED
            assert item.live_revision == approved[-1], "the live revision is the newest approved"
            assert item.last_reviewed_at is not None
    hashes = dict(
        Revision.objects.filter(item__content_type_id=article_type_id()).values_list(
            "pk", "content_hash"
        )
    )
    assert hashes == {r.pk: r.content_hash for a in world.articles for r in a.revisions}, (
        "a revision's content hash never changes"
    )
    for decided, judged in ReviewDecision.objects.values_list(
        "content_hash", "revision__content_hash"
    ):
        assert decided == judged, "a decision keeps the hash of the revision it judged"
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked == len(world.events)
    kinds = list(AuditEvent.objects.order_by("sequence").values_list("kind", "actor_id"))
    assert kinds == world.events


def run_step(world: World, ledger: Ledger, op: Op, outcomes: Counter, compare_rows: bool) -> None:
    plan = world.plan(op)
    if plan is None:
        outcomes[(op.kind, "nothing to act on")] += 1
        return
    if plan.refusal:
        before = all_rows() if compare_rows else None
        with pytest.raises(review.TransitionRefused, match=re.escape(plan.refusal)):
            plan.call()
        writes, _, events = ledger.new_writes()
        assert (writes, events) == (Counter(), []), "a refusal writes nothing"
        if compare_rows:
            assert all_rows() == before, "a refusal changes no row"
        assert_matches_model(world)
        outcomes[(op.kind, "refused")] += 1
        return
    result = plan.call()
    writes, signatures, events = ledger.new_writes()
    assert writes == plan.writes
    actor = world.users[op.actor]
    for name, user_id, reason in signatures:
        assert user_id == actor.pk, f"a {name} history row names someone else"
        assert (reason or "").strip(), f"a {name} history row gives no reason"
    expected_events = [(plan.event, actor.pk)] if plan.event else []
    assert events == expected_events
    world.events += expected_events
    plan.apply(result)
    assert_matches_model(world)
    outcomes[(op.kind, "done")] += 1
    if plan.tag:
        outcomes[(plan.tag, "reached")] += 1


# The operations ----------------------------------------------------------------------

EDITS = [
    ("short_answer", FIRST_SHORT_ANSWER),
    ("short_answer", "Often harmless."),
    ("short_answer", f"Usually harmless {CITES}."),
    ("topic", FIRST_TOPIC),
    ("topic", "White cells"),
    ("variant", "Ask your doctor."),
    ("variant", f"Ask your doctor what it means for you {CITES}."),
    ("authors", "self"),
    ("authors", "pair"),
]
targets = st.sampled_from([0, 0, 0, 1, 2])
which = st.sampled_from(["latest", "latest", "latest", "previous"])
declarations = st.sampled_from(["none", "none", "none", "Speaker fees from Acme", "", "  "])
comments = st.sampled_from(["Cite the guideline.", "Cite the guideline.", "", "   "])
anyone = st.sampled_from(ANYONE)


def ops(kind: str, actors, article=None, which=None, arg=None):
    article = st.just(0) if article is None else article
    which = st.just("latest") if which is None else which
    arg = st.none() if arg is None else arg
    return st.builds(Op, st.just(kind), actors, article, which, arg)


creates = ops("create", st.sampled_from(WRITERS), arg=st.booleans())
edits = ops("edit", st.sampled_from(WRITERS), targets, arg=st.sampled_from(EDITS))
submits = ops("submit", st.sampled_from(SUBMITTING), targets, arg=st.sampled_from(["", "Ready"]))
start_reviews = ops("start_review", anyone, targets, which)
claims = ops("claim", anyone, targets)
releases = ops("release", anyone, targets)
approvals = ops("approve", anyone, targets, which, declarations)
change_requests = ops("request_changes", anyone, targets, which, st.tuples(comments, declarations))
reconfirms = ops("reconfirm", anyone, targets, arg=declarations)
citation_checks = ops(
    "check_citation",
    anyone,
    targets,
    which,
    st.tuples(st.sampled_from([SOURCE_KEY, SOURCE_KEY, "nice-ng151"]), st.booleans()),
)
# Any operation by anyone, weighted by repetition towards the workflow's steps;
# creating an article, the slowest step, appears once.
operations = st.one_of(
    approvals,
    submits,
    claims,
    start_reviews,
    change_requests,
    releases,
    reconfirms,
    citation_checks,
    approvals,
    submits,
    claims,
    edits,
    approvals,
    submits,
    edits,
    creates,
)


first_submits = ops("submit", st.sampled_from(["alice_editor", "erin_editor"]), arg=st.just(""))


# 1000 random sequences in the SQLite pass of `make test`; the PostgreSQL pass runs
# fewer (WORKFLOW_SEQUENCES), since the same model is checked and time is bounded.
SEQUENCES = int(os.environ.get("WORKFLOW_SEQUENCES", "1000"))
PROPERTY_SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def plausible_next_steps(world: World):
    """What someone would plausibly do next to one of the submitted articles.

    Uniform draws rarely line up a submit, a claim and an approval by the right
    people; half of the steps come from here so that sequences reach approvals,
    second approvals, re-confirmations and resubmissions. Who acts is still a
    draw, and the model alone predicts the outcome.
    """
    submitted = [a for a in world.articles if a.item_pk is not None]
    if not submitted:
        return operations
    return st.integers(0, len(submitted) - 1).flatmap(
        lambda i: plausible_steps_for(world, i, submitted[i])
    )


def plausible_steps_for(world: World, i: int, a: ArticleModel):
    rev = a.latest()
    target, position = st.just(i), st.just(world.articles.index(a))
    reviewers = st.sampled_from(sorted(BOARD - rev.contributors) or sorted(BOARD))
    deciders = st.just(a.claimed_by) if a.claimed_by else reviewers
    steps = []
    if rev.status == ReviewState.SUBMITTED:
        steps += [ops("claim", reviewers, target), ops("start_review", deciders, target)]
    elif rev.status == ReviewState.UNDER_REVIEW:
        steps += [
            ops("approve", deciders, target, arg=st.just("none")),
            ops("approve", deciders, target, arg=st.just("none")),  # twice: drawn more often
            ops("request_changes", deciders, target, arg=st.just(("Cite the guideline.", "none"))),
            ops(
                "check_citation",
                reviewers,
                target,
                arg=st.tuples(st.just(SOURCE_KEY), st.booleans()),
            ),
        ]
        if a.claimed_by:
            holders = st.sampled_from([a.claimed_by, "root_admin"])
            steps += [ops("release", holders, target) for _ in range(2)]  # drawn more often
    else:
        steps += [
            ops("edit", st.sampled_from(WRITERS), position, arg=st.sampled_from(EDITS)),
            ops(
                "submit",
                st.sampled_from(["alice_editor", "erin_editor"]),
                position,
                arg=st.just(""),
            ),
        ]
    if a.live is not None:
        live_reviewers = sorted(BOARD - a.live.contributors) or sorted(BOARD)
        steps += [
            ops("reconfirm", st.sampled_from(live_reviewers), target, arg=st.just("none"))
            for _ in range(2)  # drawn more often
        ]
    return st.one_of(steps)


def run_example(
    data, users, article, start: Ledger, outcomes, *, max_steps: int, compare_rows: bool = False
) -> None:
    """One example, in a savepoint rolled back at the end, so the next starts clean."""
    approvals_required = data.draw(st.sampled_from([1, 2]), label="approvals required")
    steps = data.draw(st.integers(min_value=1, max_value=max_steps), label="steps")
    with transaction.atomic():
        world = World(users, approvals_required, article)
        ledger = start.fresh()
        if approvals_required > 1:
            # Approved through the workflow by Frank, who never writes: its events are
            # in the chain, its rows outside the model's article.
            approved_policy(
                editor=users["erin_editor"],
                approvers=[users["frank_reviewer"]],
                change_note="Two approvals",
                approvals_required=approvals_required,
            )
            _, _, events = ledger.new_writes()
            assert [kind for kind, _ in events] == ["submit", "claim", "approve"]
            world.events += events
        for step in range(1, steps + 1):
            if step == 1:
                strategy = first_submits
            else:
                strategy = st.one_of(plausible_next_steps(world), operations)
            op = data.draw(strategy, label=f"step {step}")
            run_step(world, ledger, op, outcomes, compare_rows)
        assert_invariants(world)
        transaction.set_rollback(True)


# The properties ----------------------------------------------------------------------


def test_random_workflows_write_exactly_what_the_model_predicts(people, neutrophil_article):
    outcomes: Counter = Counter()
    start = Ledger()

    @settings(max_examples=SEQUENCES, **PROPERTY_SETTINGS)
    @given(data=st.data())
    def workflow_matches_the_model(data):
        run_example(data, people, neutrophil_article, start, outcomes, max_steps=12)

    workflow_matches_the_model()

    # Not vacuous: every workflow operation both happened and was refused, often
    # (at least once per hundred sequences).
    often = max(1, SEQUENCES // 100)
    for kind in [
        "submit",
        "start_review",
        "claim",
        "release",
        "approve",
        "request_changes",
        "reconfirm",
        "check_citation",
    ]:
        assert outcomes[(kind, "done")] >= often and outcomes[(kind, "refused")] >= often, outcomes
    assert outcomes[("went live", "reached")] >= often
    assert outcomes[("one approval of two", "reached")] >= often


def test_a_refused_operation_changes_no_row(people, neutrophil_article):
    outcomes: Counter = Counter()
    start = Ledger()

    @settings(max_examples=max(1, SEQUENCES // 5), **PROPERTY_SETTINGS)
    @given(data=st.data())
    def refusals_change_nothing(data):
        run_example(
            data, people, neutrophil_article, start, outcomes, max_steps=10, compare_rows=True
        )

    refusals_change_nothing()

    refusals = sum(n for (_, outcome), n in outcomes.items() if outcome == "refused")
    assert refusals >= 2 * max(1, SEQUENCES // 5), outcomes
