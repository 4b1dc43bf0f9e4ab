"""The Atom feed of articles the board has approved, newest approval first.

Only approved content is announced: a live article whose shown revision still
waits for review is readable on the site but is not in the feed. An approved
update moves the article back to the top, with its new ``updated`` date.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article
from .snapshots import DEFAULT_WORDING, authors_of
from .structured_data import SITE_NAME, short_answer_text

FEED_LENGTH = 20


class ApprovedArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = f"{SITE_NAME}: newly approved and updated articles"
    subtitle = "Answers to medical questions, listed when our medical advisory board approves them."
    author_name = SITE_NAME  # each entry names its own authors when it has any

    def link(self) -> str:
        return reverse("home")

    def items(self):
        # Approved articles are shown to readers whatever the policy; of what readers
        # may see, the feed announces those. Title, address and topic come from what
        # readers are shown (the search entry), the rest from the same revision.
        return (
            Article.objects.approved()
            .with_revisions()
            .order_by("-review_item__live_revision__approved_at", "pk")[:FEED_LENGTH]
        )

    @staticmethod
    def _snapshot(article: Article) -> dict:
        return article.review_item.shown_revision().snapshot

    def item_title(self, article: Article) -> str:
        return article.search_entry.title

    def item_description(self, article: Article) -> str:
        # Atom1Feed marks the summary type="html": the plain text goes in escaped.
        return escape(short_answer_text(self._snapshot(article)["wordings"][DEFAULT_WORDING]))

    def item_link(self, article: Article) -> str:
        return article.search_entry.get_absolute_url()

    def item_updateddate(self, article: Article):
        return article.search_entry.modified_at

    def item_author_name(self, article: Article) -> str | None:
        authors = authors_of(self._snapshot(article))
        return ", ".join(a["name"] for a in authors) or None

    def item_categories(self, article: Article) -> list[str]:
        topic = article.search_entry.topic
        return [topic] if topic else []
