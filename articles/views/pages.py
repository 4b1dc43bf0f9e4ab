"""Public article pages. Views parse input, call a selector or service, render.

Reader pages hold nothing personal, so they are rendered without the request,
kept in Django's cache under the reader stamp and served with the headers shared
caches use (``reviews.reader_cache``): a page is rebuilt only after something
readers can see has changed. Each page depends on its address alone: a reader's
remembered wording (the audience cookie) sends them to that wording's address.
The follow-up question form carries a CSRF token, so it lives on a page of its
own that is never kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from config.ratelimits import limited
from reviews.reader_cache import Rendered, reader_response
from reviews.selectors import current_policy, current_terms, terms_of

from .. import selectors, services
from ..apps import ARTICLE_LISTS
from ..forms import FollowUpQuestionForm, ProblemReportForm
from ..models import Audience
from ..passages import best_passages


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


def _reader_article(slug: str, audience: str | None):
    """The article at ``slug`` and its page as readers are shown it under the policy in
    force (404 when readers may not see it)."""
    policy = current_policy()
    article = selectors.get_article_for_reader(slug, terms_of(policy))
    return article, selectors.reader_page(article, audience, policy)


def _article_page(slug: str, audience: str | None) -> Rendered:
    article, page = _reader_article(slug, audience)
    html = render_to_string(
        "articles/article_detail.html",
        {"page": page, "policy": page.policy, "audiences": Audience.choices},
    )
    return Rendered(html, (f"article-{article.pk}", "policy"), page.valid_until)


def _wording_address(slug: str, audience: str | None) -> str:
    url = reverse("articles:detail", kwargs={"slug": slug})
    return f"{url}?{urlencode({'audience': audience})}" if audience else url


@require_safe
def article_detail(request, slug):
    audience, asked = _chosen_audience(request)
    if not asked and audience:
        # The remembered wording has an address of its own, which shared caches keep.
        response = redirect(_wording_address(slug, audience))
        add_never_cache_headers(response)
        return response
    try:
        return reader_response(
            request, ("article", slug, audience or "-"), lambda: _article_page(slug, audience)
        )
    except Http404:
        withdrawn = selectors.withdrawn_article(slug)
        if withdrawn is None:
            raise
        # Gone, and why: the board withdrew it (never the article's old words).
        return render(request, "articles/withdrawn.html", {"withdrawn": withdrawn}, status=410)


@require_safe
def choose_audience(request, slug, audience):
    """Remember the reader's choice of wording on this device, then show it.

    The choice is a cookie set here only, so article pages never set one and stay
    the same for everyone at their address.
    """
    chosen = selectors.parse_audience(audience)
    response = redirect(_wording_address(slug, chosen))
    add_never_cache_headers(response)
    _remember_audience(request, response, chosen)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited("follow_up")
def ask_question(request, slug):
    """The follow-up question form of an article, and the reply once it is sent."""
    audience, _ = _chosen_audience(request)
    article, page = _reader_article(slug, audience)
    if request.method != "POST":
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
            passages = best_passages(question.question, policy_terms=terms_of(page.policy))
            context = {"page": page, "question": question, "passages": passages}
            return render(request, "articles/question_sent.html", context)
    return render(request, "articles/ask.html", {"page": page, "form": form}, status=400)


def _report_form(request, *, article, page, action: str, back: str, what: str):
    """The short "report a problem" form and its reply, for an article or the result page."""
    context = {"page": page, "action": action, "back": back, "what": what}
    if request.method != "POST":
        return render(request, "articles/report.html", {**context, "form": ProblemReportForm()})
    form = ProblemReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_problem(article=article, **form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return render(request, "articles/report_sent.html", {**context, "report": report})
    return render(request, "articles/report.html", {**context, "form": form}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited("problem_report")
def report_article_problem(request, slug):
    """Report a problem with an article readers are shown."""
    article, page = _reader_article(slug, None)
    return _report_form(
        request,
        article=article,
        page=page,
        action=reverse("articles:report", kwargs={"slug": page.slug}),
        back=page.url,
        what=f"“{page.title}”",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited("problem_report")
def report_result_problem(request):
    """Report a problem with the result page. Nothing the reader entered is asked for
    or kept: the report says what is wrong in their words."""
    return _report_form(
        request,
        article=None,
        page=None,
        action=reverse("report-result"),
        back=reverse("interpretation:form"),
        what="the blood count result page",
    )


def _home_page() -> Rendered:
    terms = current_terms()
    context = {"topics": selectors.topics(terms), "recent": list(selectors.recently_reviewed())}
    return Rendered(render_to_string("articles/home.html", context), (ARTICLE_LISTS,))


@require_safe
def home(request):
    return reader_response(request, ("home",), _home_page)


@require_safe
def article_index(request):
    """Every article readers are shown, by topic."""

    def build():
        groups = selectors.articles_by_topic(current_terms())
        html = render_to_string("articles/index.html", {"groups": groups})
        return Rendered(html, (ARTICLE_LISTS,))

    return reader_response(request, ("articles",), build)


TOPIC_PAGE_SIZE = 50


@require_safe
def topic_detail(request, slug):
    def build():
        terms = current_terms()
        topic = selectors.topic_by_slug(slug, terms)
        paginator = Paginator(selectors.articles_in_topic(topic, terms), TOPIC_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        html = render_to_string("articles/topic.html", {"topic": topic, "page": page})
        return Rendered(html, (ARTICLE_LISTS,))

    number = request.GET.get("page", "1")
    return reader_response(request, ("topic", slug, number[:12]), build)
