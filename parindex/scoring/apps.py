from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """Holds only the `evaluate` command: the engine itself imports nothing from Django."""

    name = "parindex.scoring"
    label = "scoring"
