"""Moving all content to another database keeps every id, history row, revision hash
and the audit chain: `manage.py export_content` and `manage.py import_content`.

Each side of a transfer is its own database, so the story runs `manage.py` in
subprocesses, each against its own SQLite file (and, when PostgreSQL answers on
127.0.0.1:5432, a scratch PostgreSQL database). Both sides are compared through
`export_content --summary`: row counts and row digests per table, history
tables included; each revision's stored and recomputed content hash; the audit
chain's (sequence, hash) list and whether it verifies.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from transfer import document, restore

# Runs once, in the SQLite pass of `make test`:
# it builds its own SQLite and PostgreSQL databases, so the PostgreSQL pass would repeat it.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SECOND_PASS") == "postgresql", reason="runs in the SQLite pass only"
    ),
]


ROOT = Path(__file__).resolve().parents[2]
SEED_SLUG = "what-does-leukopenia-with-neutropenia-indicate"

# What the demo's people do after seed_demo, through the services, so that every
# kind of row exists: a decision on the pending update, a citation check, a
# claim held, a reader's question answered, a reminder sent.
STORY = f"""
import datetime
from django.contrib.auth import get_user_model
from articles import services as articles
from articles.models import Article
from reviews import notifications, services as review
from reviews import selectors as review_selectors
from reviews.models import ReminderSent

User = get_user_model()
editor, reviewer1, reviewer2 = (
    User.objects.get(username=name) for name in ("editor", "reviewer1", "reviewer2")
)
with notifications.muted():
    update = next(
        a for a in Article.objects.filter(review_item__live_revision__isnull=False)
        if review_selectors.status_of(a) == "submitted"
    )
    item = review_selectors.review_item_of(update)
    review.claim(item, by=reviewer1)
    update_revision = review_selectors.latest_revision(update)
    review.approve(update_revision, by=reviewer1, comment="Matches IDSA 2010.")

    seed = Article.objects.get(slug="{SEED_SLUG}")
    revision = review_selectors.latest_revision(seed)
    first_source = sorted(revision.snapshot["sources"])[0]
    review.set_citation_checked(revision, source_key=first_source, by=reviewer2)
    review.claim(review_selectors.review_item_of(seed), by=reviewer2)

    question = articles.ask_follow_up(article=seed, question="Can I still exercise?")
    articles.answer_follow_up(question, article=seed, by=editor)
    ReminderSent.objects.create(item=item, due_on=datetime.date(2027, 1, 1))
"""

# The people on a database: whether each can log in with the demo password, and their groups.
PEOPLE = """
import json
from django.contrib.auth import get_user_model
from demo.seed_articles import DEMO_USERS

passwords = {spec.username: spec.password for spec in DEMO_USERS}
print(json.dumps({
    user.username: {
        "usable_password": user.has_usable_password(),
        "demo_password_works": user.check_password(passwords[user.username]),
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    for user in get_user_model().objects.all()
}))
"""

# After an import into PostgreSQL the workflow goes on: new rows need fresh ids
# (sequences reset) and the next audit event continues the imported chain.
CONTINUE = f"""
import json
from django.contrib.auth import get_user_model
from articles import services as articles
from articles.models import Article
from reviews import notifications, services as review
from reviews import selectors as review_selectors
from reviews.audit import verify_chain
from reviews.models import AuditEvent

reviewer2 = get_user_model().objects.get(username="reviewer2")
seed = Article.objects.get(slug="{SEED_SLUG}")
with notifications.muted():
    question = articles.ask_follow_up(article=seed, question="Is it inherited?")
    review.release(review_selectors.review_item_of(seed), by=reviewer2)
last = AuditEvent.objects.order_by("-sequence").first()
print(json.dumps({{
    "question_id": question.pk,
    "last_sequence": last.sequence,
    "chain_ok": verify_chain().ok,
}}))
"""


def manage(*args: str, database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run manage.py against one database, as an operator would."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": "transfer-test-secret-key",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",  # each process its own local cache
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"  # an absolute path: sqlite:////tmp/...


def summary_of(database_url: str) -> dict[str, Any]:
    return json.loads(manage("export_content", "--summary", database_url=database_url).stdout)


def people_on(database_url: str) -> dict[str, Any]:
    return json.loads(
        manage("shell", "--no-imports", "-c", PEOPLE, database_url=database_url).stdout
    )


def assert_same_content(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    """Both databases hold the same rows, the same revisions and the same audit chain."""
    counts = {label: entry["rows"] for label, entry in expected["models"].items()}
    assert {label: entry["rows"] for label, entry in actual["models"].items()} == counts
    changed = [
        label
        for label, entry in expected["models"].items()
        if actual["models"][label]["digest"] != entry["digest"]
    ]
    assert changed == [], "these tables hold different values after the transfer"

    for side in (expected, actual):
        mismatched = [pk for pk, stored, recomputed in side["revisions"] if stored != recomputed]
        assert mismatched == [], "each revision's snapshot still hashes to its content_hash"
    assert actual["revisions"] == expected["revisions"]

    assert expected["audit_verify"]["ok"] and actual["audit_verify"]["ok"]
    assert actual["audit_chain"] == expected["audit_chain"]
    assert actual["audit_head"] == expected["audit_head"]


@dataclass(frozen=True)
class Source:
    workdir: Path
    empty: Path  # a migrated, empty SQLite file, copied for each new target
    export: Path
    summary: dict[str, Any]

    def fresh_sqlite(self, name: str) -> str:
        path = self.workdir / f"{name}.sqlite3"
        shutil.copyfile(self.empty, path)
        return sqlite_url(path)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """The demo content, worked on by the board, in an SQLite file, and its export."""
    workdir = tmp_path_factory.mktemp("transfer")
    empty = workdir / "empty.sqlite3"
    manage("migrate", "--no-input", "-v0", database_url=sqlite_url(empty))
    source_db = workdir / "source.sqlite3"
    shutil.copyfile(empty, source_db)
    url = sqlite_url(source_db)
    manage("seed_demo", "-v0", database_url=url)
    manage("shell", "--no-imports", "-c", STORY, database_url=url)
    export = workdir / "content.json"
    manage("export_content", "--output", str(export), database_url=url)
    return Source(workdir=workdir, empty=empty, export=export, summary=summary_of(url))


def test_the_source_holds_every_kind_of_content(source):
    counts = {label: entry["rows"] for label, entry in source.summary["models"].items()}
    for label in (
        "auth.User",
        "reviews.BoardMember",
        "articles.Source",
        "articles.Article",
        "articles.Article_authors",
        "articles.ArticleVariant",
        "articles.Citation",
        "articles.FollowUpQuestion",
        "reviews.EditorialPolicyVersion",
        "reviews.ReviewItem",
        "reviews.Revision",
        "reviews.ReviewDecision",
        "reviews.CitationCheck",
        "reviews.ReminderSent",
        "reviews.AuditEvent",
        "interpretation.Analyte",
        "interpretation.ReferenceRange",
        "interpretation.SeverityScale",
        "interpretation.GradingTable",
        "interpretation.CriticalLimit",
        "interpretation.FeverRule",
        "interpretation.GuidanceBlock",
        "articles.HistoricalArticle",
        "articles.HistoricalArticle_authors",
        "articles.HistoricalFollowUpQuestion",
        "reviews.HistoricalRevision",
        "reviews.HistoricalReviewDecision",
        "reviews.HistoricalCitationCheck",
        "interpretation.HistoricalGuidanceBlock",
    ):
        assert counts.get(label, 0) > 0, f"{label} has rows to carry"


def test_sqlite_to_sqlite_keeps_ids_history_hashes_and_the_audit_chain(source):
    target = source.fresh_sqlite("target")
    result = manage("import_content", str(source.export), database_url=target)
    assert "The audit chain verifies" in result.stdout

    assert_same_content(source.summary, summary_of(target))

    document = json.loads(source.export.read_text(encoding="utf-8"))
    assert all("password" not in user for user in document["users"])
    people = people_on(target)
    assert set(people) == {"editor", "reviewer1", "reviewer2"}, "the users content names"
    assert not any(person["usable_password"] for person in people.values())
    assert people["editor"]["groups"] == ["Editors"]
    assert people["reviewer1"]["groups"] == ["Board"]

    # The ids are taken now: a second import would collide, so it is refused whole.
    again = manage("import_content", str(source.export), database_url=target, check=False)
    assert again.returncode == 1
    assert "CommandError: The target database already holds content" in again.stderr


def test_password_hashes_travel_only_when_asked(source):
    export = source.workdir / "with-passwords.json"
    source_url = sqlite_url(source.workdir / "source.sqlite3")
    manage("export_content", "--with-passwords", "-o", str(export), database_url=source_url)
    target = source.fresh_sqlite("with-passwords")
    manage("import_content", str(export), database_url=target)

    people = people_on(target)
    assert all(person["demo_password_works"] for person in people.values())


def test_import_refuses_a_file_that_is_not_an_export():
    with pytest.raises(document.TransferRefused, match="not a content export"):
        restore.import_content(io.StringIO('{"rows": []}'))
    with pytest.raises(document.TransferRefused, match="not a JSON document"):
        restore.import_content(io.StringIO("<html>"))


@pytest.fixture
def postgres_url():
    """A scratch PostgreSQL database, dropped afterwards; skipped when none answers."""
    psycopg = pytest.importorskip("psycopg")
    from psycopg import sql

    try:
        admin = psycopg.connect(
            host="127.0.0.1",
            port=5432,
            user="postgres",
            dbname="postgres",
            autocommit=True,
            connect_timeout=3,
        )
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL does not answer at 127.0.0.1:5432")
    name = f"medreview_transfer_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()


def test_sqlite_to_postgresql_and_back(source, postgres_url):
    manage("migrate", "--no-input", "-v0", database_url=postgres_url)
    manage("import_content", str(source.export), database_url=postgres_url)
    assert_same_content(source.summary, summary_of(postgres_url))

    back = source.workdir / "from-postgresql.json"
    manage("export_content", "-o", str(back), database_url=postgres_url)
    target = source.fresh_sqlite("back")
    manage("import_content", str(back), database_url=target)
    assert_same_content(source.summary, summary_of(target))

    # The imported database keeps working: fresh ids, and the chain grows from its head.
    after = json.loads(
        manage("shell", "--no-imports", "-c", CONTINUE, database_url=postgres_url).stdout
    )
    questions = source.summary["models"]["articles.FollowUpQuestion"]["rows"]
    assert after["question_id"] > questions
    assert after["last_sequence"] == source.summary["audit_head"]["last_sequence"] + 1
    assert after["chain_ok"]
