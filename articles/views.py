"""Public article pages. Views parse input, call a selector or service, render.

Reader pages hold nothing personal, so they are rendered without the request and
kept in Django's cache under the reader stamp (``reviews.reader_cache``): a page
is rebuilt only after something readers can see has changed. The follow-up
question form carries a CSRF token, so it lives on a page of its own that is
never kept.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from config.ratelimits import limited
from reviews.reader_cache import cached_page
from reviews.selectors import current_policy, current_terms, terms_of

from . import selectors, services
from .forms import FollowUpQuestionForm
from .models import Audience


def _chosen_audience(request) -> tuple[str | None, bool]:
    """The audience from ?audience= (to be remembered) or from the cookie."""
    asked = request.GET.get("audience")
    if asked is not None:
        return selectors.parse_audience(asked), True
    return selectors.parse_audience(request.COOKIES.get(settings.AUDIENCE_COOKIE_NAME)), False


def _remember_audience(request, response, audience: str | None) -> None:
    if audience:
        response.set_cookie(
            settings.AUDIENCE_COOKIE_NAME,
            audience,
            max_age=settings.AUDIENCE_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(settings.AUDIENCE_COOKIE_NAME)


def _article_html(slug: str, audience: str | None):
    policy = current_policy()
    article = selectors.get_article_for_reader(slug, terms_of(policy))
    page = selectors.reader_page(article, audience, policy)
    html = render_to_string(
        "articles/article_detail.html",
        {"page": page, "policy": page.policy, "audiences": Audience.choices},
    )
    return html, page.valid_until


@require_GET
def article_detail(request, slug):
    audience, remember = _chosen_audience(request)
    page = cached_page(("article", slug, audience or "-"), lambda: _article_html(slug, audience))
    response = HttpResponse(page.html)
    if remember:
        _remember_audience(request, response, audience)
    return response


@require_http_methods(["GET", "POST"])
@limited("follow_up")
def ask_question(request, slug):
    """The follow-up question form of an article, and the reply once it is sent."""
    policy = current_policy()
    article = selectors.get_article_for_reader(slug, terms_of(policy))
    audience, _ = _chosen_audience(request)
    page = selectors.reader_page(article, audience, policy)
    if request.method == "GET":
        form = FollowUpQuestionForm()
        return render(request, "articles/ask.html", {"page": page, "form": form})
    form = FollowUpQuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.ask_follow_up(
                article=article, question=form.cleaned_data["question"], audience=audience or ""
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("question", []):
                form.add_error("question", message)
        else:
            context = {"page": page, "question": question}
            return render(request, "articles/question_sent.html", context)
    return render(request, "articles/ask.html", {"page": page, "form": form}, status=400)


def _home_html():
    terms = current_terms()
    context = {"topics": selectors.topics(terms), "recent": list(selectors.recently_reviewed())}
    return render_to_string("articles/home.html", context), None


@require_GET
def home(request):
    return HttpResponse(cached_page(("home",), _home_html).html)


TOPIC_PAGE_SIZE = 50


@require_GET
def topic_detail(request, slug):
    def build():
        terms = current_terms()
        topic = selectors.topic_by_slug(slug, terms)
        paginator = Paginator(selectors.articles_in_topic(topic, terms), TOPIC_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return render_to_string("articles/topic.html", {"topic": topic, "page": page}), None

    number = request.GET.get("page", "1")
    return HttpResponse(cached_page(("topic", slug, number[:12]), build).html)
