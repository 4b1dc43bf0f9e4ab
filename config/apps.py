from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProjectConfig(AppConfig):
    """The project itself: its system checks (``config/checks.py``)."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the platform's own site (``config.admin_site``)."""

    default = False
    default_site = "config.admin_site.PlatformAdminSite"
