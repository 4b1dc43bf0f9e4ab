"""Give the roles their permissions on interpretation content."""

from django.db import migrations


def sync(apps, schema_editor):
    from reviews.roles import sync_roles

    sync_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("interpretation", "0001_initial"),
        ("reviews", "0004_roles_and_audit_head"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
