"""Is a webhook really from Plaid? Checks its `Plaid-Verification` JWT the way Plaid documents it.

Pure: no database and no network of its own. The caller passes `get_key`, which fetches (and caches)
Plaid's public key for a key id, e.g. `Plaid.webhook_verification_key`. The clock is `time.time()`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

import jwt

from banking.providers.base import ProviderError, TransientError

MAX_AGE_SECONDS = 5 * 60
# Plaid's clock and ours may disagree a little; a token from further ahead than this is not trusted.
CLOCK_SKEW_SECONDS = 30


class WebhookRejected(Exception):
    """The webhook is not provably from Plaid, or not this body, or not recent: ignore it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def verify_plaid_webhook(*, body: bytes, signed_jwt: str | None, get_key: Callable[[str], dict]) -> None:
    """Raise WebhookRejected unless `signed_jwt` is Plaid's ES256 signature over exactly `body`, made
    in the last five minutes with a current key.

    `get_key(kid)` returns Plaid's JWK; a ProviderError from it (Plaid does not know that key id)
    rejects the webhook, but a TransientError propagates: we could not check, which is not a forgery,
    and the caller should answer so that Plaid retries.
    """
    if not signed_jwt:
        raise WebhookRejected("no Plaid-Verification header")
    try:
        header = jwt.get_unverified_header(signed_jwt)
    except jwt.PyJWTError as exc:
        raise WebhookRejected("the Plaid-Verification header is not a JWT") from exc
    # Plaid only signs with ES256. Letting the token pick its algorithm is how "none" and
    # HS256-keyed-with-the-public-key forgeries get through.
    if header.get("alg") != "ES256":
        raise WebhookRejected(f"algorithm {header.get('alg')!r} is not ES256")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise WebhookRejected("no key id")
    try:
        jwk = get_key(kid)
    except TransientError:
        raise
    except ProviderError as exc:
        raise WebhookRejected(f"Plaid does not know key {kid!r} ({exc.code})") from exc
    if jwk.get("expired_at") is not None:
        raise WebhookRejected(f"key {kid!r} has expired")
    try:
        key = jwt.PyJWK(jwk, algorithm="ES256")
        # iat is checked below against time.time(), with Plaid's five-minute window.
        claims = jwt.decode(signed_jwt, key, algorithms=["ES256"], options={"verify_iat": False})
    except jwt.PyJWTError as exc:
        raise WebhookRejected(f"the signature does not verify with key {kid!r}") from exc

    issued_at = claims.get("iat")
    if not isinstance(issued_at, int | float) or isinstance(issued_at, bool):
        raise WebhookRejected("no issue time (iat)")
    now = time.time()
    if issued_at < now - MAX_AGE_SECONDS:
        raise WebhookRejected("signed more than five minutes ago (a replay?)")
    if issued_at > now + CLOCK_SKEW_SECONDS:
        raise WebhookRejected("signed in the future")

    claimed = claims.get("request_body_sha256")
    actual = hashlib.sha256(body).hexdigest()
    # Bytes, because compare_digest refuses non-ASCII str, and a forged claim may contain anything.
    if not isinstance(claimed, str) or not hmac.compare_digest(claimed.encode(), actual.encode()):
        raise WebhookRejected("the body is not the one that was signed")
