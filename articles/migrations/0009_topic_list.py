"""Topics become a managed list (``Topic``); articles name one of them."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import reviews.validators


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_single_line_titles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="As readers see it.",
                        max_length=100,
                        unique=True,
                        validators=[reviews.validators.SingleLine("topic")],
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalTopic",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        db_index=True,
                        help_text="As readers see it.",
                        max_length=100,
                        validators=[reviews.validators.SingleLine("topic")],
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical topic",
                "verbose_name_plural": "historical topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # The free-text topic is kept as topic_name until 0010 has made the list from it.
        migrations.RenameField(model_name="article", old_name="topic", new_name="topic_name"),
        migrations.RenameField(
            model_name="historicalarticle", old_name="topic", new_name="topic_name"
        ),
        migrations.AddField(
            model_name="article",
            name="topic",
            field=models.ForeignKey(
                blank=True,
                help_text="Choose from the list; an administrator or editor adds topics under Topics.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="articles.topic",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="topic",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Choose from the list; an administrator or editor adds topics under Topics.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.topic",
            ),
        ),
    ]
