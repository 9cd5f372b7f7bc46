"""Secrets at rest: MultiFernet over settings.ENCRYPTION_KEYS (the first key encrypts, every key decrypts)."""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "reencrypt"]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Raises InvalidToken when no configured key can read `token`."""
    return _current().decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    """`token` encrypted again with the first key (for key rotation)."""
    return _current().rotate(token.encode()).decode()
