from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_index, name="index"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/questions/", views.ask_question, name="ask"),
    path("<slug:slug>/report/", views.report_article_problem, name="report"),
    path("<slug:slug>/for/<str:audience>/", views.choose_audience, name="audience"),
]
