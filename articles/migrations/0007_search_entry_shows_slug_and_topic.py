"""Search entries hold what readers are shown of an article: its slug, topic and
last change too, so reader lists, the feed and the sitemap read them from the
shown revision rather than from the working copy.

SQLite rebuilds a table to add these columns, which drops the triggers that keep
the FTS5 index in step; the index is dropped first and built again at the end.
"""

import importlib

from django.db import migrations, models

search_entry = importlib.import_module("articles.migrations.0006_search_entry")


def drop_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in search_entry.SQLITE_FTS_DROP:
            schema_editor.execute(statement)


def create_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in search_entry.SQLITE_FTS:
            schema_editor.execute(statement)
        schema_editor.execute(
            "INSERT INTO articles_search_fts(articles_search_fts) VALUES ('rebuild')"
        )


def _reader_revision(item, now):
    """As ReviewItem.reader_revision (articles are readable before approval)."""
    if item.scheduled_revision_id and item.go_live_at <= now:
        return item.scheduled_revision
    if item.live_revision_id:
        return item.live_revision
    latest = item.latest_revision
    if latest is not None and latest.status != "approved":
        return latest
    return None


def fill_entries(apps, schema_editor):
    from django.utils import timezone

    SearchEntry = apps.get_model("articles", "SearchEntry")
    now = timezone.now()
    entries = SearchEntry.objects.select_related(
        "article__review_item__live_revision",
        "article__review_item__latest_revision",
        "article__review_item__scheduled_revision",
    )
    for entry in entries:
        item = entry.article.review_item
        shown = _reader_revision(item, now) if item else None
        if shown is None:
            entry.delete()
            continue
        entry.title = shown.snapshot["title"]
        entry.slug = shown.snapshot["slug"]
        entry.topic = shown.snapshot.get("topic", "")
        entry.approved = shown.status == "approved"
        entry.modified_at = shown.approved_at or shown.submitted_at
        entry.save(update_fields=["title", "slug", "topic", "approved", "modified_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_entry"),
        ("reviews", "0009_remove_reader_sequence"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_index, create_sqlite_index),
        migrations.AddField(
            model_name="searchentry",
            name="slug",
            # No index yet: the unique one comes once every entry has its slug.
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="topic",
            field=models.CharField(blank=True, max_length=100, default=""),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="modified_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(fill_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry",
            name="slug",
            field=models.SlugField(max_length=200, unique=True),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="topic",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="modified_at",
            field=models.DateTimeField(
                help_text=(
                    "When the shown revision last changed for readers: approved, else submitted."
                )
            ),
        ),
        migrations.RunPython(create_sqlite_index, drop_sqlite_index),
    ]
