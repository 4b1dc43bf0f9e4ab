"""A kind of content that exists only in the tests: it shows that adding a reviewable
kind touches its own app and nothing in reviews/ (see tests/reviews/test_registry.py)."""

from django.apps import AppConfig


class ThrowawayConfig(AppConfig):
    name = "tests.throwaway"
    label = "throwaway"
    verbose_name = "Leaflets (test kind)"

    reviewable_models = ("Leaflet",)
    role_permissions = {
        "Editors": {"throwaway.leaflet": ("add", "change", "view")},
        "Board": {"throwaway.leaflet": ("view",)},
        "Administrators": {"throwaway.leaflet": ("view",)},
    }
    exported = True
