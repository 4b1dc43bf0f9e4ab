"""Start the audit chain. (Roles are kept in step after every migrate: reviews.registry.)"""

from django.db import migrations


def sync(apps, schema_editor):
    AuditChainHead = apps.get_model("reviews", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_board_queue_signoffs_audit")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
