from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.apps import ARTICLE_LISTS
from articles.feeds import ApprovedArticlesFeed
from articles.sitemaps import SITEMAPS
from articles.views import discovery, pages, people
from reviews.reader_cache import shared_reader_view

from .health import healthz

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/", include("articles.urls")),
    path("topics/<slug:slug>/", pages.topic_detail, name="topic"),
    path("search/", discovery.search, name="search"),
    path("board/", people.board, name="board"),
    path("board/<slug:slug>/", people.board_member, name="board-member"),
    path("about/", people.about, name="about"),
    path("results/report/", pages.report_result_problem, name="report-result"),
    path(
        "feeds/articles.atom",
        shared_reader_view(ARTICLE_LISTS)(ApprovedArticlesFeed()),
        name="articles-feed",
    ),
    # Our own template: django.contrib.sitemaps is not in INSTALLED_APPS, so its
    # sitemap.xml template is not found.
    path(
        "sitemap.xml",
        shared_reader_view(ARTICLE_LISTS)(sitemap),
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
    path("", include("reviews.urls")),
    path("", include("interpretation.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("mfa.urls")),
    path("admin/", admin.site.urls),
]
