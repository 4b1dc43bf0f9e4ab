from django.apps import AppConfig

PLATFORM_NAME = "Reviewed Medical Answers"


class ProjectConfig(AppConfig):
    """The project itself: its system checks (``config/checks.py``) and the admin's
    name (the editors' and the board's workspace is the platform's own)."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from django.contrib import admin

        from . import checks  # noqa: F401  (registers the checks)

        admin.site.site_header = PLATFORM_NAME
        admin.site.site_title = PLATFORM_NAME
        admin.site.index_title = "Your workspace"
