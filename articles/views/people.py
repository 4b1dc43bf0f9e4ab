"""Public pages about the people behind the answers: the medical board, each board
member's page (credentials, declared interests, what they signed off) and the About
page (who runs and funds the site, in words the board approved with the editorial
policy).

Like the other reader pages they hold nothing personal, are rendered without the
request and kept under the reader stamp (``reviews.reader_cache``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from reviews.models import BoardMember
from reviews.reader_cache import Rendered, reader_response
from reviews.selectors import current_policy

from .. import selectors
from ..apps import ARTICLE_LISTS
from ..structured_data import absolute_url

BOARD = "board"
# The surrogate key of pages showing the editorial policy (ReviewsConfig.reader_surrogate_keys).
POLICY = "policy"


@require_safe
def board(request):
    def build():
        members = list(
            BoardMember.objects.filter(is_active=True, user__is_active=True).select_related("user")
        )
        html = render_to_string("articles/board.html", {"members": members})
        return Rendered(html, (BOARD,))

    return reader_response(request, ("board",), build)


@require_safe
def board_member(request, slug):
    def build():
        member = BoardMember.objects.select_related("user").filter(slug=slug).first()
        if member is None:
            raise Http404("No board member has this address.")
        signed = list(selectors.signed_off_by(member.user))
        context = {
            "member": member,
            "signed": signed,
            "canonical": absolute_url(member.get_absolute_url()),
        }
        html = render_to_string("articles/board_member.html", context)
        return Rendered(html, (BOARD, ARTICLE_LISTS))

    return reader_response(request, ("board", slug), build)


@require_safe
def about(request):
    """Who runs and funds the site (from the settings) and the About page's words: those
    of the editorial policy in force, approved by the board with it; none before."""

    def build():
        context = {
            "owner": settings.SITE_OWNER,
            "funding": settings.SITE_FUNDING,
            "policy": current_policy(),
        }
        return Rendered(render_to_string("articles/about.html", context), (BOARD, POLICY))

    return reader_response(request, ("about",), build)
