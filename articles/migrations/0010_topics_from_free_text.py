"""Make the topic list from the topics articles were given as free text.

Each distinct topic text (trimmed; texts differing only in case are one topic, named
as first written) becomes a Topic with a history row saying where it came from; every
article and every history row of an article then names its topic. What readers see
is unchanged: their topic comes from the revision snapshots and the search entries,
which keep the name as it was.
"""

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:90] or "topic"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def make_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    HistoricalTopic = apps.get_model("articles", "HistoricalTopic")
    Article = apps.get_model("articles", "Article")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    topics: dict[str, object] = {}
    taken: set[str] = set()
    now = timezone.now()

    def topic_for(text: str):
        name = " ".join((text or "").split())
        if not name:
            return None
        if name.lower() not in topics:
            topic = Topic(name=name, slug=_unique_slug(name, taken))
            topic.save()
            HistoricalTopic(
                id=topic.pk,
                name=topic.name,
                slug=topic.slug,
                history_date=now,
                history_type="+",
                history_change_reason="Made from the articles' free-text topics",
            ).save()
            topics[name.lower()] = topic
        return topics[name.lower()]

    for model in (Article, HistoricalArticle):
        for row in model.objects.order_by("pk"):
            topic = topic_for(row.topic_name)
            if topic is not None:
                row.topic_id = topic.pk
                row.save(update_fields=["topic"])


def keep_names(apps, schema_editor):
    """Going back: each article's free-text topic is its topic's name."""
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("articles", name)
        for row in model.objects.exclude(topic=None).select_related("topic"):
            row.topic_name = row.topic.name
            row.save(update_fields=["topic_name"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_topic_list")]

    operations = [migrations.RunPython(make_topics, keep_names)]
