from django.apps import AppConfig

# The surrogate key of every page that lists articles.
ARTICLE_LISTS = "article-lists"


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    # What the review workflow needs to know of this app (see reviews.registry).
    reviewable_models = ("Article",)
    readable_before_approval = ("Article",)
    role_permissions = {
        "Editors": {
            "articles.article": ("add", "change", "view"),
            "articles.source": ("add", "change", "view"),
            "articles.topic": ("add", "change", "view"),
            "articles.articlevariant": ("view",),
            "articles.followupquestion": ("change", "view"),
            "articles.authorprofile": ("add", "change", "view"),
            "articles.problemreport": ("change", "view"),
        },
        "Board": {
            "articles.article": ("view",),
            "articles.source": ("view",),
            "articles.topic": ("view",),
            "articles.articlevariant": ("view",),
            "articles.followupquestion": ("view",),
            "articles.authorprofile": ("view",),
            "articles.problemreport": ("view",),
        },
        "Administrators": {
            "articles.article": ("view",),
            "articles.source": ("view",),
            "articles.topic": ("view",),
            "articles.articlevariant": ("view",),
            "articles.followupquestion": ("view",),
            "articles.authorprofile": ("add", "change", "view"),
            "articles.problemreport": ("view",),
        },
    }
    exported = True
    # The review desk shows an article's page as readers will see it.
    review_desk = "articles.review_desk"

    def reader_surrogate_keys(self, item):
        # The article's own pages, and every list it may appear on (home, topics,
        # the articles list, search, the feed, the sitemap).
        return [f"article-{item.object_id}", ARTICLE_LISTS]

    def ready(self):
        from . import search_index  # noqa: F401  (keeps the search index in step)
