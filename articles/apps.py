from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import page_cache  # noqa: F401  (connects the reader stamp to its signal)
