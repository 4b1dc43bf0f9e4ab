"""Public article pages. Views parse input, call a selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from config.ratelimits import limited
from reviews.services import current_policy

from . import selectors, services
from .forms import FollowUpQuestionForm
from .models import Audience


def _chosen_audience(request) -> tuple[str | None, bool]:
    """The audience from ?audience= (to be remembered) or from the cookie."""
    asked = request.GET.get("audience")
    if asked is not None:
        return selectors.parse_audience(asked), True
    return selectors.parse_audience(request.COOKIES.get(settings.AUDIENCE_COOKIE_NAME)), False


def _render_article(request, article, audience, form, status=200):
    policy = current_policy()
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


@require_GET
def article_detail(request, slug):
    article = selectors.get_article_for_reader(slug)
    audience, remember = _chosen_audience(request)
    response = _render_article(request, article, audience, FollowUpQuestionForm())
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
        return _render_article(request, article, audience, form, status=400)
    messages.success(request, "Thank you. Your question has been sent to our editors.")
    return redirect(reverse("articles:detail", kwargs={"slug": slug}) + "#follow-up")


@require_GET
def home(request):
    return render(request, "articles/home.html", {"articles": selectors.published_articles()})
