"""Purging shared HTTP caches in front of the site (Varnish, a CDN) by surrogate key.

Reader pages name their surrogate keys in a ``Surrogate-Key`` header
(``reviews.reader_cache``). Once a change readers can see has committed, the keys
of the pages it touches are purged: each app says which keys an item of its
content touches (``reader_surrogate_keys`` on its AppConfig, see
``reviews.registry``). A purge is an HTTP ``BAN`` to each address in
``FRONTEND_CACHE_PURGE_URLS`` with the keys as a pattern in ``X-Surrogate-Ban``
(the Varnish configuration in ``deploy/varnish.vcl`` turns it into a ban; a CDN
takes the keys from ``Surrogate-Key``-style purge APIs the same way). Without
purge addresses nothing is sent: shared caches then keep a page at most
``READER_PAGE_SHARED_SECONDS``.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)


def ban_pattern(keys: Iterable[str]) -> str:
    """A regular expression matching a Surrogate-Key header that holds any of ``keys``."""
    alternatives = "|".join(re.escape(key) for key in sorted(set(keys)))
    return rf"(^|\s)({alternatives})(\s|$)"


def purge(keys: Iterable[str]) -> list[str]:
    """Ask every configured shared cache to drop the pages holding any of ``keys``.

    Returns the addresses that did not confirm; a failure is logged, never raised
    (the change is committed; shared caches then keep the page no longer than
    their ``s-maxage``).
    """
    keys = [key for key in keys if key]
    failed = []
    if not keys:
        return failed
    for url in settings.FRONTEND_CACHE_PURGE_URLS:
        request = urllib.request.Request(  # noqa: S310 (an address from the settings)
            url, method="BAN", headers={"X-Surrogate-Ban": ban_pattern(keys)}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                if answer.status != 200:
                    raise urllib.error.HTTPError(url, answer.status, "not banned", None, None)
        except (OSError, urllib.error.URLError) as error:
            logger.error("Could not purge %s from %s: %s", keys, url, error)
            failed.append(url)
    return failed
