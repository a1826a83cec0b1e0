from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parindex.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import second_factor  # noqa: F401 (its receiver notes at sign-in what a session needs)
