"""Signals other apps listen to about what readers see of reviewable content."""

from django.dispatch import Signal

# Sent when what readers may see of an item changed (a new revision submitted, a
# revision approved, live content re-confirmed). Arguments: ``item_id`` and
# ``event``; ``sender`` is the reviewable model class. Caches of reader-facing
# content are invalidated from here.
reader_content_changed = Signal()

# Sent inside the transaction that changes what readers see of an item, with the
# same arguments: for derived data that must commit or roll back with the change
# (the search index). Receivers must only write; they run under the item's lock.
reader_content_changing = Signal()
