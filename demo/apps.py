from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo users and content for development machines (``manage.py seed_demo``)."""

    name = "demo"
    verbose_name = "Demo content"
