from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and notifications"

    def ready(self) -> None:
        from accounts import checks  # noqa: F401  (registers the startup checks)
