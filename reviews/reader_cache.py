"""Reader pages kept in Django's cache, keyed by what readers can see.

A reader page (an article, the home page, a topic, the editorial policy) holds
nothing personal, so it is rendered once and kept under a key that names the
page, the reader stamp (``reviews.selectors.reader_stamp``: it moves after every
change readers can see) and the day ("review due" and the policy in force follow
the calendar). A new stamp makes every older entry unreachable; nothing is
deleted and nothing stale is served, in every process that shares the cache.

Pages that hold a reader's own input (lab values, a question) are never kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from .selectors import ReaderStamp, reader_stamp

PAGE_SECONDS = 60 * 60


@dataclass(frozen=True)
class ReaderPage:
    html: str
    stamp: ReaderStamp


def page_key(parts: tuple, stamp: ReaderStamp) -> str:
    fixed = [stamp.token, timezone.localdate().isoformat(), *parts]
    return "reader-page:" + ":".join(str(part) for part in fixed)


def cached_page(
    parts: tuple, build: Callable[[], tuple[str, datetime.datetime | None]]
) -> ReaderPage:
    """The page named by ``parts``, rendered by ``build`` when no process has kept it.

    ``build`` returns the HTML and the moment it stops being right without any
    event (a scheduled update's go-live time), or None; the entry is kept no
    longer than that.
    """
    stamp = reader_stamp()
    key = page_key(parts, stamp)
    now = timezone.now()
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or now < kept[1]):
        return ReaderPage(kept[0], stamp)
    html, valid_until = build()
    timeout = PAGE_SECONDS
    if valid_until is not None:
        timeout = min(timeout, int((valid_until - now).total_seconds()))
    if timeout > 0:
        cache.set(key, (html, valid_until), timeout)
    return ReaderPage(html, stamp)
