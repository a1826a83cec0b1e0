from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Core"
    name = "parindex.core"
    label = "core"

    def ready(self) -> None:
        from . import security  # noqa: F401 (its receiver starts a session's clock at login)
