"""sitemap.xml: every article readers may see, with its last change, and the static pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article
from .structured_data import modified_at

SHOWN_REVISION_FIELDS = ("live_revision", "latest_revision", "scheduled_revision")


class ArticleSitemap(Sitemap):
    def items(self):
        # The texts (article and revision snapshots) are not needed for a date.
        return (
            Article.objects.live()
            .with_revisions()
            .defer(
                "short_answer",
                "short_answer_html",
                "body_markdown",
                "body_html",
                *(f"review_item__{name}__snapshot" for name in SHOWN_REVISION_FIELDS),
            )
            .order_by("slug")
        )

    def lastmod(self, article: Article):
        return modified_at(article.review_item.shown_revision())


class StaticPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["home", "reviews:editorial-policy", "reviews:transparency", "interpretation:form"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "pages": StaticPagesSitemap}
