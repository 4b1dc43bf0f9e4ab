from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
]
