from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and notifications"

    def ready(self) -> None:
        from accounts import checks, encryption, services  # noqa: F401  (checks registers the startup check)

        encryption.register_secret_store(services.mfa_secrets)
