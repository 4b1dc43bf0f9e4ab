"""Who may be named as an article's author, and how the admin names them.

Authors are people with an author profile (a display name and credentials, see
``AuthorProfile``). The article's picker offers them by that name, never by
username, and leaves out members of the medical board: the people who review an
article are not its authors (someone already named on the article stays offered,
so an edit never drops them silently).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q


def author_queryset(article=None):
    """The people offered as authors of ``article`` (or of a new article)."""
    User = get_user_model()
    offered = Q(author_profile__isnull=False) & ~Q(board_membership__is_active=True)
    if article is not None and article.pk:
        offered |= Q(authored_articles=article)
    return (
        User.objects.filter(offered, is_active=True)
        .select_related("author_profile")
        .distinct()
        .order_by("author_profile__display_name", "last_name", "username")
    )


def author_label(user) -> str:
    """The name and credentials an author is offered by."""
    profile = getattr(user, "author_profile", None)
    if profile is not None:
        return str(profile)
    name = user.get_full_name() or user.get_username()
    return f"{name} (no author profile: add one under Author profiles)"


def configure_author_field(field: forms.ModelMultipleChoiceField, article=None) -> None:
    field.queryset = author_queryset(article)
    field.label_from_instance = author_label
    field.help_text = (
        "The people who wrote this article, named with their credentials. Members of the "
        "medical board are not offered: they review articles."
    )
