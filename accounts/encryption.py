"""Secrets at rest: MultiFernet over settings.ENCRYPTION_KEYS (the first key encrypts, every key decrypts).

Apps that store encrypted values register a *secret store*: a function yielding, for each stored
value, the token and a function that writes a replacement back. The startup check and
`rotate_encryption_keys` go through every registered store.
"""

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "reencrypt", "register_secret_store", "stored_secrets"]

StoredSecret = tuple[str, Callable[[str], None]]  # (token, write a replacement token back)
_stores: list[Callable[[], Iterable[StoredSecret]]] = []


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


def register_secret_store(store: Callable[[], Iterable[StoredSecret]]) -> None:
    if store not in _stores:
        _stores.append(store)


def stored_secrets() -> Iterator[StoredSecret]:
    for store in _stores:
        yield from store()
