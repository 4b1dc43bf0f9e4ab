from django.contrib import admin
from django.urls import include, path

from articles import views as article_views

from .health import healthz

urlpatterns = [
    path("", article_views.home, name="home"),
    path("articles/", include("articles.urls")),
    path("", include("reviews.urls")),
    path("", include("interpretation.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
