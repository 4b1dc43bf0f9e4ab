from django.db import migrations

# An article's history page: its rows, newest first (simple-history makes the
# table, so the index is named here in plain SQL).


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_followup_answered_needs_article")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX hist_article_obj_date_idx ON articles_historicalarticle "
            "(id, history_date)",
            reverse_sql="DROP INDEX hist_article_obj_date_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX hist_variant_article_date_idx ON articles_historicalarticlevariant "
            "(article_id, history_date)",
            reverse_sql="DROP INDEX hist_variant_article_date_idx",
        ),
    ]
