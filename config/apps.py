from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself: its system checks (``config/checks.py``)."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
