from django import template

from reviews import dashboard

register = template.Library()


@register.simple_tag
def editor_dashboard(user) -> dict | None:
    """The editor's part of the admin index (None for people who do not submit)."""
    return dashboard.for_editor(user)


@register.simple_tag
def board_dashboard(user) -> dict | None:
    """The board member's part of the admin index (None for people not on the board)."""
    return dashboard.for_board_member(user)
