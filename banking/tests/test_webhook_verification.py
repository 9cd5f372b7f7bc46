"""Plaid webhook verification, with keys fetched by the real provider from the fake over HTTP."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from banking.providers.base import TransientError
from banking.providers.plaid import Plaid
from banking.webhook_verification import WebhookRejected, verify_plaid_webhook

BODY = (
    b'{\n  "environment": "sandbox",\n  "item_id": "wz666MBjYWTp2PDzzggYhM6oWWmBb",\n'
    b'  "initial_update_complete": true,\n  "historical_update_complete": false,\n'
    b'  "webhook_code": "SYNC_UPDATES_AVAILABLE",\n  "webhook_type": "TRANSACTIONS"\n}'
)


@pytest.fixture
def get_key(plaid_fake):
    provider = Plaid()
    return lambda key_id: provider.webhook_verification_key(key_id=key_id)


def test_a_webhook_signed_by_plaid_passes(plaid_fake, get_key):
    verify_plaid_webhook(body=BODY, signed_jwt=plaid_fake.sign_webhook(BODY), get_key=get_key)

    assert plaid_fake.received("/webhook_verification_key/get") == [{"key_id": plaid_fake.kid}]


def test_a_webhook_four_minutes_old_still_passes(plaid_fake, get_key):
    signed = plaid_fake.sign_webhook(BODY)

    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=4)):
        verify_plaid_webhook(body=BODY, signed_jwt=signed, get_key=get_key)


@pytest.mark.parametrize("header", [None, ""])
def test_a_webhook_without_the_header_is_rejected(get_key, header):
    with pytest.raises(WebhookRejected, match="no Plaid-Verification header"):
        verify_plaid_webhook(body=BODY, signed_jwt=header, get_key=get_key)


def test_a_header_that_is_not_a_jwt_is_rejected(get_key):
    with pytest.raises(WebhookRejected, match="not a JWT"):
        verify_plaid_webhook(body=BODY, signed_jwt="not-a-jwt", get_key=get_key)


def test_an_unsigned_token_is_rejected(plaid_fake, get_key):
    with pytest.raises(WebhookRejected, match="'none' is not ES256"):
        verify_plaid_webhook(body=BODY, signed_jwt=plaid_fake.sign_webhook(BODY, alg="none"), get_key=get_key)


def test_hs256_keyed_with_plaids_public_key_is_rejected(plaid_fake, get_key):
    """The algorithm-confusion forgery: anyone can fetch the public key and use it as an HMAC secret."""
    public_pem = plaid_fake.signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forged = plaid_fake.sign_webhook(BODY, alg="HS256", key=public_pem)

    with pytest.raises(WebhookRejected, match="'HS256' is not ES256"):
        verify_plaid_webhook(body=BODY, signed_jwt=forged, get_key=get_key)


def test_a_signature_by_another_key_is_rejected(plaid_fake, get_key):
    forged = plaid_fake.sign_webhook(BODY, key=ec.generate_private_key(ec.SECP256R1()))  # Plaid's kid, not its key

    with pytest.raises(WebhookRejected, match="signature does not verify"):
        verify_plaid_webhook(body=BODY, signed_jwt=forged, get_key=get_key)


def test_a_tampered_body_is_rejected(plaid_fake, get_key):
    signed = plaid_fake.sign_webhook(BODY)
    tampered = BODY.replace(b"SYNC_UPDATES_AVAILABLE", b"USER_PERMISSION_REVOKED")

    with pytest.raises(WebhookRejected, match="body is not the one that was signed"):
        verify_plaid_webhook(body=tampered, signed_jwt=signed, get_key=get_key)


def test_a_webhook_six_minutes_old_is_rejected(plaid_fake, get_key):
    signed = plaid_fake.sign_webhook(BODY)

    with (
        time_machine.travel(datetime.now(UTC) + timedelta(minutes=6)),
        pytest.raises(WebhookRejected, match="more than five minutes ago"),
    ):
        verify_plaid_webhook(body=BODY, signed_jwt=signed, get_key=get_key)


def test_a_webhook_signed_in_the_future_is_rejected(plaid_fake, get_key):
    signed = plaid_fake.sign_webhook(BODY, iat=int(datetime.now(UTC).timestamp()) + 120)

    with pytest.raises(WebhookRejected, match="in the future"):
        verify_plaid_webhook(body=BODY, signed_jwt=signed, get_key=get_key)


def test_an_unknown_key_id_is_rejected(plaid_fake, get_key):
    with pytest.raises(WebhookRejected, match="does not know key 'not-a-plaid-key'"):
        verify_plaid_webhook(
            body=BODY, signed_jwt=plaid_fake.sign_webhook(BODY, kid="not-a-plaid-key"), get_key=get_key
        )


def test_a_signature_by_an_expired_key_is_rejected(plaid_fake, get_key):
    signed = plaid_fake.sign_webhook(BODY)
    plaid_fake.expire_key()

    with pytest.raises(WebhookRejected, match="has expired"):
        verify_plaid_webhook(body=BODY, signed_jwt=signed, get_key=get_key)


def test_plaid_unavailable_while_fetching_the_key_is_not_a_rejection(plaid_fake, get_key):
    """We could not check, which is not a forgery: the caller answers so that Plaid sends it again."""
    plaid_fake.fail("/webhook_verification_key/get", "INTERNAL_SERVER_ERROR")

    with pytest.raises(TransientError):
        verify_plaid_webhook(body=BODY, signed_jwt=plaid_fake.sign_webhook(BODY), get_key=get_key)
