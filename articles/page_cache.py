"""The reader pages' cache: whole rendered pages, found without touching the database.

Every cached page's key holds the *reader stamp*, a random token in the shared
cache (Redis in production) that changes, once the transaction commits, whenever
anything readers see may have changed: a revision submitted, approved,
re-confirmed, scheduled or published, or a new editorial policy version
(``reviews.signals.reader_content_changed``). A changed stamp makes every old
key unreachable at once, in every process sharing the cache; nothing is deleted
and nothing stale is served. Keys also hold the day, because "review due" and the
policy in force depend on the date.

A request that read the old stamp just before an approval committed stores what
it built under the old key, which nobody asks for any more; a request that sees
the new stamp reads the database after the commit. Never cached here: anything
holding a reader's lab values or form input.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone

from reviews.signals import reader_content_changed

STAMP_KEY = "reader-stamp"
PAGE_SECONDS = 60 * 60


def reader_stamp() -> str:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        # add(): if another process set one meanwhile, use theirs.
        if not cache.add(STAMP_KEY, stamp, timeout=None):
            stamp = cache.get(STAMP_KEY) or stamp
    return stamp


def bump_reader_stamp() -> None:
    cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None)


def page_key(kind: str, *parts) -> str:
    """The cache key of one rendered page under the current stamp and day."""
    fixed = [reader_stamp(), timezone.localdate().isoformat(), *parts]
    return f"reader-page:v1:{kind}:" + ":".join(map(str, fixed))


@receiver(reader_content_changed)
def _reader_content_changed(sender, **kwargs):
    bump_reader_stamp()
