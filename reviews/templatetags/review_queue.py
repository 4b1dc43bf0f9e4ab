from django import template

from reviews import selectors
from reviews.access import active_board_membership, can_view_queue

register = template.Library()


@register.simple_tag
def review_queue_summary(user) -> dict | None:
    """For the admin index: the queue link, and for board members how many items wait for them."""
    if not can_view_queue(user):
        return None
    summary = {"is_board_member": False, "waiting": None}
    if active_board_membership(user) is not None:
        summary["is_board_member"] = True
        summary["waiting"] = selectors.waiting_for(user, selectors.current_terms())
    return summary
