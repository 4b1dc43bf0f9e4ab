"""Public article pages. Views parse input, call a selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from config.ratelimits import limited
from reviews import services as review
from reviews.services import current_policy

from . import page_cache, selectors, services
from .forms import FollowUpQuestionForm
from .models import Audience


def _chosen_audience(request) -> tuple[str | None, bool]:
    """The audience from ?audience= (to be remembered) or from the cookie."""
    asked = request.GET.get("audience")
    if asked is not None:
        return selectors.parse_audience(asked), True
    return selectors.parse_audience(request.COOKIES.get(settings.AUDIENCE_COOKIE_NAME)), False


def _render_article(request, article, audience, form, policy, status=200):
    page = selectors.reader_page(article, audience, policy)
    return render(
        request,
        "articles/article_detail.html",
        {
            "page": page,
            "policy": policy,
            "audiences": Audience.choices,
            "form": form,
        },
        status=status,
    )


# The rendered page is cached whole (see articles/page_cache.py: keys change when
# anything readers see changes), so a cache hit costs one small query (the page
# state: the reader stamp on the audit chain head and the policy in force). The CSRF
# token is put back per request. A page whose article has an update scheduled
# carries the go-live time, so the first reader after it puts the update live.


def _cached_page(request, slug, audience):
    state = page_cache.reader_state()
    key = page_cache.page_key("article", slug, audience or "-", state=state)
    cached = cache.get(key)
    if cached is not None:
        html, go_live_at = cached
        if go_live_at is None or go_live_at > timezone.now():
            return HttpResponse(page_cache.with_token(request, html))
    article = selectors.get_article_for_reader(slug)
    if review.publish_due_item(article.review_item):
        # The update's time has come; publishing moves the stamp, so a new key.
        article = selectors.get_article_for_reader(slug)
        state = page_cache.reader_state()
        key = page_cache.page_key("article", slug, audience or "-", state=state)
    _, policy = state
    response = _render_article(request, article, audience, FollowUpQuestionForm(), policy)
    html = page_cache.without_token(response.content.decode())
    cache.set(key, (html, article.review_item.go_live_at), page_cache.PAGE_SECONDS)
    return HttpResponse(page_cache.with_token(request, html))


@require_GET
def article_detail(request, slug):
    audience, remember = _chosen_audience(request)
    if page_cache.fresh_needed(request):
        article = selectors.get_article_for_reader(slug)
        response = _render_article(
            request, article, audience, FollowUpQuestionForm(), current_policy()
        )
    else:
        response = _cached_page(request, slug, audience)
    if remember:
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
    return response


@require_POST
@limited("follow_up")
def ask_question(request, slug):
    article = selectors.get_article_for_reader(slug)
    audience, _ = _chosen_audience(request)
    form = FollowUpQuestionForm(request.POST)
    if form.is_valid():
        try:
            services.ask_follow_up(
                article=article, question=form.cleaned_data["question"], audience=audience or ""
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("question", []):
                form.add_error("question", message)
    if not form.is_valid():
        return _render_article(request, article, audience, form, current_policy(), status=400)
    messages.success(request, "Thank you. Your question has been sent to our editors.")
    return redirect(reverse("articles:detail", kwargs={"slug": slug}) + "#follow-up")


@require_GET
def home(request):
    def build():
        context = {"topics": selectors.topics(), "recent": list(selectors.recently_reviewed())}
        return render(request, "articles/home.html", context).content.decode()

    key = page_cache.page_key("home")
    return HttpResponse(cache.get_or_set(key, build, page_cache.PAGE_SECONDS))


TOPIC_PAGE_SIZE = 50


@require_GET
def topic_detail(request, slug):
    topic = selectors.topic_by_slug(slug)
    paginator = Paginator(selectors.articles_in_topic(topic), TOPIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "articles/topic.html", {"topic": topic, "page": page})
