"""sitemap.xml: every article readers may see, with its last change, and the static pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    def items(self):
        # The address and the date come from what readers are shown (the search
        # entry): no text, snapshot or working copy is read.
        return (
            Article.objects.for_readers()
            .only("pk", "search_entry__slug", "search_entry__modified_at")
            .order_by("search_entry__slug")
        )

    def location(self, article: Article) -> str:
        return article.search_entry.get_absolute_url()

    def lastmod(self, article: Article):
        return article.search_entry.modified_at


class StaticPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return [
            "home",
            "articles:index",
            "board",
            "about",
            "reviews:editorial-policy",
            "reviews:transparency",
            "interpretation:form",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class BoardSitemap(Sitemap):
    """The pages of the board's active members: who reviews the answers."""

    def items(self):
        from reviews.models import BoardMember

        return BoardMember.objects.filter(is_active=True, user__is_active=True).order_by("slug")

    def location(self, member) -> str:
        return member.get_absolute_url()


SITEMAPS = {"articles": ArticleSitemap, "pages": StaticPagesSitemap, "board": BoardSitemap}
