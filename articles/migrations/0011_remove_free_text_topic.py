"""The free-text topic has become the topic list (0010): drop the text."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_topics_from_free_text")]

    operations = [
        migrations.RemoveField(model_name="article", name="topic_name"),
        migrations.RemoveField(model_name="historicalarticle", name="topic_name"),
    ]
