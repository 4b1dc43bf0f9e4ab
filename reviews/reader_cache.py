"""Reader pages kept in Django's cache and in shared HTTP caches, keyed by what readers see.

A reader page (an article, the home page, a topic, the editorial policy) holds
nothing personal, so it is rendered once and kept under a key that names the
page, the reader stamp (``reviews.selectors.reader_stamp``: it moves after every
change readers can see) and the day ("review due" and the policy in force follow
the calendar). A new stamp makes every older entry unreachable; nothing is
deleted and nothing stale is served, in every process that shares the cache.

The same pages carry what a shared cache in front of the site (Varnish, a CDN)
needs: an ``ETag`` (a digest of the page, kept with it) and ``Last-Modified``
(the stamp's time), so a conditional request is answered 304; ``Cache-Control``
that lets a shared cache keep the page a few minutes; and the page's surrogate
keys, which an approval purges (``reviews.frontend_cache``).

Pages that hold a reader's own input (lab values, a question) are never kept.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .models import EditorialPolicyVersion
from .selectors import ReaderStamp, reader_stamp

PAGE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Rendered:
    """A reader page as built: its HTML, its surrogate keys (what an approval purges
    it by: its article, the lists it is on, the policy it shows), and the moment it
    stops being right without any event (a scheduled update's go-live time), or None."""

    html: str
    keys: tuple[str, ...]
    valid_until: datetime.datetime | None = None
    content_type: str = "text/html; charset=utf-8"


Builder = Callable[[], Rendered]


def page_key(parts: tuple, stamp: ReaderStamp) -> str:
    fixed = [stamp.token, timezone.localdate().isoformat(), *parts]
    return "reader-page:" + ":".join(str(part) for part in fixed)


@dataclass(frozen=True)
class KeptPage:
    html: str
    keys: tuple[str, ...]
    etag: str
    valid_until: datetime.datetime | None
    content_type: str

    def seconds_left(self, now: datetime.datetime) -> float | None:
        return None if self.valid_until is None else (self.valid_until - now).total_seconds()


def policy_number_for_readers() -> int | None:
    """The number of the policy version in force, for a page built for each reader (a
    result page): kept as reader pages are, under the reader stamp and the day, so a
    version approved, or one whose effective date arrives, is named at once."""
    return cache.get_or_set(
        page_key(("policy-number",), reader_stamp()),
        lambda: EditorialPolicyVersion.objects.in_force().values_list("number", flat=True).first(),
        timeout=PAGE_SECONDS,
    )


def kept_page(parts: tuple, build: Builder, stamp: ReaderStamp) -> KeptPage:
    """The page named by ``parts``, rendered by ``build`` when no process has kept it."""
    key = page_key(parts, stamp)
    now = timezone.now()
    kept = cache.get(key)
    if kept is not None and (kept.valid_until is None or now < kept.valid_until):
        return kept
    rendered = build()
    digest = hashlib.sha256(rendered.html.encode()).hexdigest()[:32]
    kept = KeptPage(
        rendered.html,
        rendered.keys,
        f'"{digest}"',
        rendered.valid_until,
        rendered.content_type,
    )
    timeout = PAGE_SECONDS
    if kept.valid_until is not None:
        timeout = min(timeout, int(kept.seconds_left(now)))
    if timeout > 0:
        cache.set(key, kept, timeout)
    return kept


def _last_modified(stamp: ReaderStamp) -> datetime.datetime:
    """The last change readers can see: the stamp's event, or midnight (when "review
    due" and the policy in force may have turned), whichever is later."""
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return max(stamp.changed_at or midnight, midnight)


def reader_response(request, parts: tuple, build: Builder):
    """The reader page named by ``parts``, with the headers shared caches use.

    A conditional request whose copy is current is answered 304.
    """
    stamp = reader_stamp()
    page = kept_page(parts, build, stamp)
    last_modified = _last_modified(stamp)
    shared_seconds = settings.READER_PAGE_SHARED_SECONDS
    left = page.seconds_left(timezone.now())
    if left is not None:
        shared_seconds = max(0, min(shared_seconds, int(left)))
    response = HttpResponse(page.html, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Surrogate-Key"] = " ".join(sorted(set(page.keys)))
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=shared_seconds,
        stale_while_revalidate=settings.READER_PAGE_STALE_SECONDS,
    )
    return get_conditional_response(
        request, etag=page.etag, last_modified=int(last_modified.timestamp()), response=response
    )


class _NotKept(Exception):
    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def shared_reader_view(*keys: str):
    """Serve a view's answer as a reader page kept under the reader stamp, with the
    headers shared caches use; for views that hold nothing personal and depend on
    their address alone (a feed, the sitemap, search results)."""

    def decorator(view):
        @wraps(view, updated=())
        def wrapped(request, *args, **kwargs):
            def build() -> Rendered:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                if response.status_code != 200:
                    raise _NotKept(response)
                return Rendered(response.content.decode(), keys, None, response["Content-Type"])

            parts = (request.resolver_match.view_name, request.get_full_path())
            try:
                return reader_response(request, parts, build)
            except _NotKept as not_kept:  # an error page is answered as it is, never kept
                return not_kept.response

        return require_safe(wrapped)

    return decorator
