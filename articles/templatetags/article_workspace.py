from django import template

from articles.workspace import drafts_of

register = template.Library()


@register.simple_tag
def article_drafts(user) -> list:
    """The editor's articles with changes the board has not seen."""
    return drafts_of(user)
