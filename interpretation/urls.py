from django.urls import path

from . import api, views

app_name = "interpretation"

urlpatterns = [
    path("interpret/", views.interpret, name="form"),
    path("api/v1/interpret", api.interpret, name="api"),
    path("api/v1/openapi.json", api.openapi_document, name="openapi"),
]
