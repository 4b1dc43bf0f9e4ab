"""The platform's admin site: the editors' and the board's workspace under its own name.

Installed through ``config.apps.PlatformAdminConfig`` (Django's documented way to
replace the default site), so ``admin.site`` everywhere is this one.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.functional import SimpleLazyObject

PLATFORM_NAME = "Reviewed Medical Answers"


class PlatformAdminSite(admin.AdminSite):
    site_header = PLATFORM_NAME
    site_title = PLATFORM_NAME
    index_title = "Your workspace"

    def get_app_list(self, request, app_label=None):
        """The apps and models ``request.user`` may see, built only when a page shows
        them (the navigation sidebar, the index): the review queue, shown without the
        sidebar, does not check every model's permissions on each request."""
        build = super().get_app_list
        return SimpleLazyObject(lambda: build(request, app_label))
