from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and the scale loader: numbers about the platform, never part of it."""

    name = "bench"
    verbose_name = "Benchmarks"
