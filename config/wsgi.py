"""WSGI entry point (gunicorn config.wsgi).

With DEBUG off, pages name their static files through the manifest that
``manage.py collectstatic`` writes; without it every page would answer 500. So
the web process refuses to start without it, and says what to run.
"""

import os

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if isinstance(staticfiles_storage, ManifestFilesMixin) and not (
    staticfiles_storage.manifest_storage.exists(staticfiles_storage.manifest_name)
):
    raise ImproperlyConfigured(
        f"Static files are not collected: {staticfiles_storage.manifest_name} is missing "
        f"from STATIC_ROOT ({settings.STATIC_ROOT}). Run `python manage.py collectstatic "
        "--noinput` with the same settings before starting the web process; without it "
        "every page would answer 500."
    )
