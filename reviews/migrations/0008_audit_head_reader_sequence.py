from django.db import migrations, models


def start_at_the_head(apps, schema_editor):
    """Existing chains: the last event so far counts as one readers saw."""
    AuditChainHead = apps.get_model("reviews", "AuditChainHead")
    for head in AuditChainHead.objects.all():
        head.reader_sequence = head.last_sequence
        head.save(update_fields=["reader_sequence"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_queue_and_history_indexes")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="reader_sequence",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(start_at_the_head, migrations.RunPython.noop),
    ]
