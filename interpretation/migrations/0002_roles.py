"""Roles were given their interpretation permissions here; they are now kept in
step after every migrate (reviews.registry.sync_roles), so this does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interpretation", "0001_initial"),
        ("reviews", "0004_roles_and_audit_head"),
    ]

    operations = []
