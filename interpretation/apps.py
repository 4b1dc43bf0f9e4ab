from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "Lab interpretation"

    def ready(self) -> None:
        from . import reference  # noqa: F401  (connects the cache-invalidation receiver)
