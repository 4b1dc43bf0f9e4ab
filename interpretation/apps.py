from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "Lab interpretation"
