from django.urls import path

from . import views

urlpatterns = [
    path("admin/verify/", views.verify, name="mfa-verify"),
    path("admin/verify/setup/", views.setup, name="mfa-setup"),
]
