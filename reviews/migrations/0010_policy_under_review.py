"""Editorial policy versions become reviewable content: the board approves them,
and the policy sets what readers see of content never approved."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_remove_reader_sequence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="editorialpolicyversion",
            name="review_item",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reviews.reviewitem",
            ),
        ),
        migrations.AddField(
            model_name="editorialpolicyversion",
            name="show_sent_back",
            field=models.BooleanField(
                default=False,
                help_text="Content never approved stays public, under the caution banner, after the board asked for changes. Off: it leaves public view until the board approves it.",
                verbose_name="keep content sent back public",
            ),
        ),
        migrations.AddField(
            model_name="editorialpolicyversion",
            name="show_waiting_for_review",
            field=models.BooleanField(
                default=True,
                help_text="Readers see content never approved while it waits for the board, under the caution banner.",
                verbose_name="show content waiting for review",
            ),
        ),
        migrations.AddField(
            model_name="historicaleditorialpolicyversion",
            name="review_item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="reviews.reviewitem",
            ),
        ),
        migrations.AddField(
            model_name="historicaleditorialpolicyversion",
            name="show_sent_back",
            field=models.BooleanField(
                default=False,
                help_text="Content never approved stays public, under the caution banner, after the board asked for changes. Off: it leaves public view until the board approves it.",
                verbose_name="keep content sent back public",
            ),
        ),
        migrations.AddField(
            model_name="historicaleditorialpolicyversion",
            name="show_waiting_for_review",
            field=models.BooleanField(
                default=True,
                help_text="Readers see content never approved while it waits for the board, under the caution banner.",
                verbose_name="show content waiting for review",
            ),
        ),
        migrations.AlterField(
            model_name="editorialpolicyversion",
            name="approvals_required",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="Distinct board approvals a revision needs before it goes live.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The number of approvals must be at least 1."
                    )
                ],
            ),
        ),
        migrations.AlterField(
            model_name="editorialpolicyversion",
            name="body_markdown",
            field=models.TextField(
                help_text="Write no numbers in the text: the settings below are shown beside it. Where the text needs one, write {approvals_required}, {rereview_interval_days} or {review_turnaround_days}; they become e.g. “2 approvals” and “365 days”.",
                verbose_name="policy text (Markdown)",
            ),
        ),
        migrations.AlterField(
            model_name="editorialpolicyversion",
            name="effective_date",
            field=models.DateField(
                help_text="The day this version takes effect, once the board has approved it."
            ),
        ),
        migrations.AlterField(
            model_name="editorialpolicyversion",
            name="rereview_interval_days",
            field=models.PositiveIntegerField(
                default=365,
                help_text="Approved content is due for review again after this many days.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The re-review interval must be at least 1."
                    )
                ],
                verbose_name="re-review interval (days)",
            ),
        ),
        migrations.AlterField(
            model_name="editorialpolicyversion",
            name="review_turnaround_days",
            field=models.PositiveIntegerField(
                default=7,
                help_text="A submitted revision should be decided within this many days.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The review turnaround must be at least 1."
                    )
                ],
                verbose_name="review turnaround (days)",
            ),
        ),
        migrations.AlterField(
            model_name="historicaleditorialpolicyversion",
            name="approvals_required",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="Distinct board approvals a revision needs before it goes live.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The number of approvals must be at least 1."
                    )
                ],
            ),
        ),
        migrations.AlterField(
            model_name="historicaleditorialpolicyversion",
            name="body_markdown",
            field=models.TextField(
                help_text="Write no numbers in the text: the settings below are shown beside it. Where the text needs one, write {approvals_required}, {rereview_interval_days} or {review_turnaround_days}; they become e.g. “2 approvals” and “365 days”.",
                verbose_name="policy text (Markdown)",
            ),
        ),
        migrations.AlterField(
            model_name="historicaleditorialpolicyversion",
            name="effective_date",
            field=models.DateField(
                help_text="The day this version takes effect, once the board has approved it."
            ),
        ),
        migrations.AlterField(
            model_name="historicaleditorialpolicyversion",
            name="rereview_interval_days",
            field=models.PositiveIntegerField(
                default=365,
                help_text="Approved content is due for review again after this many days.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The re-review interval must be at least 1."
                    )
                ],
                verbose_name="re-review interval (days)",
            ),
        ),
        migrations.AlterField(
            model_name="historicaleditorialpolicyversion",
            name="review_turnaround_days",
            field=models.PositiveIntegerField(
                default=7,
                help_text="A submitted revision should be decided within this many days.",
                validators=[
                    django.core.validators.MinValueValidator(
                        1, message="The review turnaround must be at least 1."
                    )
                ],
                verbose_name="review turnaround (days)",
            ),
        ),
        migrations.AddConstraint(
            model_name="editorialpolicyversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("review_turnaround_days__gte", 1)),
                name="policy_turnaround_positive",
                violation_error_message="The review turnaround must be at least 1 day.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="editorialpolicyversion",
            name="policy_needs_one_approval_or_more",
            constraint=models.CheckConstraint(
                condition=models.Q(("approvals_required__gte", 1)),
                name="policy_needs_one_approval_or_more",
                violation_error_message="A revision needs at least 1 board approval.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="editorialpolicyversion",
            name="policy_rereview_interval_positive",
            constraint=models.CheckConstraint(
                condition=models.Q(("rereview_interval_days__gte", 1)),
                name="policy_rereview_interval_positive",
                violation_error_message="The re-review interval must be at least 1 day.",
            ),
        ),
    ]
