"""Board members get a public page: an address (slug) and their declared interests.

Existing members get their address from their name (a number added when two share
one); the history rows written before keep an empty slug.
"""

from django.db import migrations, models
from django.utils.text import slugify


def give_addresses(apps, schema_editor):
    BoardMember = apps.get_model("reviews", "BoardMember")
    taken: set[str] = set()
    for member in BoardMember.objects.select_related("user").order_by("pk"):
        user = member.user
        name = f"{user.first_name} {user.last_name}".strip() or user.username
        base = slugify(name)[:100] or "member"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        # A plain save: this field is new, so history has nothing to record of it yet.
        BoardMember.objects.filter(pk=member.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0017_review_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardmember",
            name="declared_interests",
            field=models.TextField(
                blank=True,
                help_text="What the member declares that readers may weigh: employment, "
                "funding, shares, advisory roles. Shown on their public page.",
            ),
        ),
        migrations.AddField(
            model_name="historicalboardmember",
            name="declared_interests",
            field=models.TextField(
                blank=True,
                help_text="What the member declares that readers may weigh: employment, "
                "funding, shares, advisory roles. Shown on their public page.",
            ),
        ),
        # Without an index at first: the unique constraint below brings its own (on
        # PostgreSQL, two "_like" indexes would otherwise collide).
        migrations.AddField(
            model_name="boardmember",
            name="slug",
            field=models.SlugField(max_length=120, null=True, editable=False, db_index=False),
        ),
        migrations.AddField(
            model_name="historicalboardmember",
            name="slug",
            field=models.SlugField(max_length=120, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(give_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="boardmember",
            name="slug",
            field=models.SlugField(max_length=120, unique=True, editable=False),
        ),
    ]
