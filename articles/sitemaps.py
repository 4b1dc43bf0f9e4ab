"""sitemap.xml: every article readers may see, with its last change, and the static pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    def items(self):
        # The shown revision's date, as structured_data.modified_at gives it: the
        # live revision's approval, else the latest revision's submission. Done
        # in SQL so the snapshots (the whole texts) are not loaded.
        return (
            Article.objects.live()
            .annotate(
                shown_modified_at=Coalesce(
                    F("review_item__live_revision__approved_at"),
                    F("review_item__latest_revision__submitted_at"),
                )
            )
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, article: Article):
        return article.shown_modified_at


class StaticPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["home", "reviews:editorial-policy", "interpretation:form"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "pages": StaticPagesSitemap}
