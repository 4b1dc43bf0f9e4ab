"""Re-review reminders: each item due for review again is announced to the board once."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .. import notifications
from ..models import ReminderSent
from ..selectors import current_terms, next_review_due, rereview_due_items


def send_review_reminders() -> int:
    """Queue an email to the board about every item due for re-review that has not
    been announced for its current due date (the reminder's record and its emails
    are written together). Safe to run as often as you like."""
    terms = current_terms()
    sent = 0
    for item in rereview_due_items(terms):
        due_on = next_review_due(item, terms)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(item=item, due_on=due_on)
                notifications.rereview_due(item, due_on)
        except IntegrityError:
            continue  # already announced for this due date
        sent += 1
    return sent
