"""Secrets at rest: key rotation, and the startup check that refuses keys which cannot read them."""

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.management import call_command

from accounts import encryption
from accounts.checks import encryption_keys_check
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored_totp(secret="JBSWY3DPEHPK3PXP"):
    return Authenticator.objects.create(
        user=UserFactory(), type=Authenticator.Type.TOTP, data={"secret": encryption.encrypt(secret)}
    )


def test_rotation_reencrypts_with_the_new_key_so_the_old_one_can_go(settings):
    settings.ENCRYPTION_KEYS = [OLD]
    authenticator = stored_totp()
    settings.ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_encryption_keys")
    settings.ENCRYPTION_KEYS = [NEW]
    authenticator.refresh_from_db()
    assert encryption.decrypt(authenticator.data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert encryption_keys_check(None) == []


def test_startup_check_fails_when_a_key_was_dropped_too_early(settings):
    settings.ENCRYPTION_KEYS = [OLD]
    stored_totp()
    settings.ENCRYPTION_KEYS = [NEW]
    (error,) = encryption_keys_check(None)
    assert error.id == "accounts.E002"
    assert "1 stored secret(s) cannot be decrypted" in error.msg


def test_startup_check_fails_on_a_malformed_key(settings):
    settings.ENCRYPTION_KEYS = ["not-a-fernet-key"]
    (error,) = encryption_keys_check(None)
    assert error.id == "accounts.E001"
