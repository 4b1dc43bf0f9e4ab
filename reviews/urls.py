from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency/checkpoints.atom", views.CheckpointFeed(), name="checkpoint-feed"),
    path(
        "transparency/checkpoints/<int:sequence>.json",
        views.checkpoint_json,
        name="checkpoint",
    ),
    path("transparency/receipts/<int:sequence>.json", views.receipt_json, name="receipt"),
]
