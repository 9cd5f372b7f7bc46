"""Bank data providers. The sync engine only sees `Provider` and canonical records (see base.py)."""

from django.conf import settings

from banking.providers.base import Provider


def provider_for(name: str) -> Provider:
    if name == "demo":
        from banking.providers.demo import DemoBank

        return DemoBank()
    if name == "plaid":
        from banking.providers.plaid import Plaid

        return Plaid()
    raise ValueError(f"No provider called {name!r}")


def plaid_configured() -> bool:
    return bool(settings.PLAID_CLIENT_ID and settings.PLAID_SECRET)
