from django.apps import AppConfig


class BankingConfig(AppConfig):
    name = "banking"

    def ready(self) -> None:
        from accounts.encryption import register_secret_store
        from banking.services import connection_tokens

        register_secret_store(connection_tokens)
