"""Roles were created here; they are now kept in step after every migrate
(reviews.registry.sync_roles), so this migration does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0001_initial"),
    ]

    operations = []
