"""`manage.py seed_scale`: a large database loaded through the sanctioned bulk path."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from reviews.audit import verify_chain
from reviews.history import BulkWriteRefused, change_recorded, insert_recorded
from reviews.models import AuditEvent, AuditEventKind, ReviewDecision, ReviewItem, Revision
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db

MODELS = (Article, ReviewItem, Revision, ReviewDecision)


def history_rows() -> int:
    return sum(model.history.count() for model in MODELS)


def test_the_bulk_path_writes_a_history_row_per_row(alice_editor):
    from articles.models import Source

    with pytest.raises(BulkWriteRefused):
        Source.objects.bulk_create([Source(key="refused", title="x")])
    made = insert_recorded(
        Source,
        [Source(key=f"bulk-{n}", title=f"Bulk {n}") for n in range(3)],
        by=alice_editor,
        reason="Bulk test",
    )
    assert all(s.pk for s in made)
    rows = Source.history.filter(key__startswith="bulk-")
    assert rows.count() == 3
    assert {(r.history_user_id, r.history_change_reason, r.history_type) for r in rows} == {
        (alice_editor.pk, "Bulk test", "+")
    }
    for source in made:
        source.title += " (renamed)"
    change_recorded(Source, made, ["title"], by=alice_editor, reason="Rename")
    assert Source.objects.get(key="bulk-0").title == "Bulk 0 (renamed)"
    changed = Source.history.filter(key__startswith="bulk-", history_type="~")
    assert [r.title for r in changed.order_by("key")] == [f"Bulk {n} (renamed)" for n in range(3)]


def test_seed_scale_loads_published_articles_with_a_whole_trail(client):
    load_demo()
    before = history_rows()
    call_command("seed_scale", articles=30, history=300, stdout=io.StringIO())
    scale = Article.objects.filter(slug__startswith="scale-")
    assert scale.count() == 30
    assert history_rows() - before >= 300
    # Every history row names a person and the reason.
    for model in MODELS:
        rows = model.history.filter(history_change_reason__startswith="Loaded by seed_scale")
        assert rows.exists()
        assert not rows.filter(history_user=None).exists()
    # Each is live with a sign-off, and what readers see matches the working copy.
    item = ReviewItem.objects.get(object_id=scale.first().pk, title__startswith="What does scale")
    assert item.live_revision_id == item.latest_revision_id
    assert item.live_revision.decisions.count() == 1
    assert item.live_revision.snapshot["wordings"]["default"]["body_markdown"] == (
        scale.first().body_markdown
    )
    html = client.get(f"/articles/{scale.first().slug}/").content.decode()
    assert "Reviewed by Samuel Okafor, MD, Hematology" in html
    assert "caution-banner" not in html
    # Search finds them through the index.
    found = client.get("/search/", {"q": "scale test result 7"}).content.decode()
    seventh = scale.get(title="What does scale test result 7 mean?")
    assert f'href="/articles/{seventh.slug}/"' in found
    assert "1 article" in found
    # One audit event records the load; the chain verifies.
    event = AuditEvent.objects.get(kind=AuditEventKind.BULK_LOAD)
    assert event.data["articles"] == 30
    assert verify_chain().ok
    with pytest.raises(CommandError, match="already"):
        call_command("seed_scale", articles=30, history=300)


def planned_rows(table: str) -> int:
    """How many rows the database's planner believes ``table`` holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
    if row is None:
        return 0
    return int(float(str(row[0]).split()[0]))


def test_seed_scale_leaves_the_planner_knowing_the_new_rows():
    load_demo()
    out = io.StringIO()
    call_command("seed_scale", articles=30, history=300, stdout=out)
    assert "Gathered the planner's statistics" in out.getvalue()
    assert planned_rows("articles_searchentry") >= 30
    assert planned_rows("reviews_reviewitem") >= 30


def test_seed_scale_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_scale", articles=0)
