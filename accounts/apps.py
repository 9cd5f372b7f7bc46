from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and notifications"

    def ready(self) -> None:
        from accounts import checks, encryption

        encryption.register_secret_store(checks.mfa_secrets)
