"""Glue between django-allauth and FinSync."""

from allauth.mfa.adapter import DefaultMFAAdapter

from accounts import encryption


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, like every other secret."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
