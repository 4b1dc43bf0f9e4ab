"""Signals other apps listen to, sent after the transaction commits."""

from django.dispatch import Signal

# Sent when what readers may see of an item changed (a new revision submitted, a
# revision approved, live content re-confirmed). Arguments: ``item_id`` and
# ``event``; ``sender`` is the reviewable model class. Caches of reader-facing
# content are invalidated from here.
reader_content_changed = Signal()
