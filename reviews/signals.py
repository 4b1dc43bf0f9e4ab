"""Signals other apps listen to about what readers see of reviewable content."""

from django.dispatch import Signal

# Sent inside the transaction that changes what readers may see of an item (a
# revision submitted, taken under review, approved, sent back, re-confirmed,
# scheduled or published). Arguments: ``item_id`` and ``event``; ``sender`` is the
# reviewable model class. For derived data that must commit or roll back with the
# change (the search index); receivers must only write, and run under the item's
# lock. Caches need no signal: they are keyed by ``reviews.selectors.reader_stamp``.
reader_content_changing = Signal()
