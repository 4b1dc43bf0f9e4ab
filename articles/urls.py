from django.urls import path

from .views import pages

app_name = "articles"

urlpatterns = [
    path("", pages.article_index, name="index"),
    path("<slug:slug>/", pages.article_detail, name="detail"),
    path("<slug:slug>/questions/", pages.ask_question, name="ask"),
    path("<slug:slug>/report/", pages.report_article_problem, name="report"),
    path("<slug:slug>/for/<str:audience>/", pages.choose_audience, name="audience"),
]
