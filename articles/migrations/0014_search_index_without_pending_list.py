"""The search index takes each entry in at once (GIN ``fastupdate`` off).

Entries are written when the board approves or withdraws an article, and read on
every search. With ``fastupdate`` on, new entries wait in the index's pending list,
which every search reads through until (auto)vacuum merges it: after a bulk load
of 10,000 articles that cost each search about a millisecond. Off, a write pays
for its place in the index and a search reads only the index.
"""

from django.db import migrations


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX search_entry_document_gin SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list('search_entry_document_gin')")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX search_entry_document_gin SET (fastupdate = on)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_problem_reports")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
