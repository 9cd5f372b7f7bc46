"""Startup checks: FinSync refuses to run with encryption keys that cannot read the secrets it stores."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from accounts import encryption


@register(Tags.security)
def encryption_keys_check(app_configs, **kwargs) -> list[Error]:
    try:
        for key in settings.ENCRYPTION_KEYS:
            Fernet(key)
    except ValueError:
        return [
            Error(
                "FINSYNC_ENCRYPTION_KEYS holds a value that is not a Fernet key.",
                hint="Make one with: python -c "
                '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
                id="accounts.E001",
            )
        ]
    try:
        unreadable = sum(1 for token, _ in encryption.stored_secrets() if not _readable(token))
    except DatabaseError:
        return []  # not migrated yet: nothing stored to read
    if unreadable:
        return [
            Error(
                f"{unreadable} stored secret(s) cannot be decrypted with FINSYNC_ENCRYPTION_KEYS.",
                hint="Was a key removed? Keep every old key after the new one until "
                "`manage.py rotate_encryption_keys` has run.",
                id="accounts.E002",
            )
        ]
    return []


def _readable(token: str) -> bool:
    try:
        encryption.decrypt(token)
    except encryption.InvalidToken:
        return False
    return True
