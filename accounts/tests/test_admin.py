"""The admin lets staff find and manage people without ever showing a secret."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts import encryption
from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_users_are_searchable(admin_client):
    UserFactory(email="ada@example.com", display_name="Ada")
    UserFactory(email="grace@example.com")
    page = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "ada"}).content.decode()
    assert "ada@example.com" in page
    assert "grace@example.com" not in page


def test_no_password_hash_or_mfa_secret_is_shown(admin_client):
    person = UserFactory()
    totp = Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": encryption.encrypt("JBSWY3DPEHPK3PXP")}
    )
    user_page = admin_client.get(reverse("admin:accounts_user_change", args=[person.pk])).content.decode()
    assert person.password not in user_page
    assert person.password.split("$")[-1][:6] not in user_page
    mfa_page = admin_client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk])).content.decode()
    assert totp.data["secret"] not in mfa_page
    assert "JBSWY3DPEHPK3PXP" not in mfa_page


def test_staff_can_add_a_user_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "new@example.com", "password1": "a long enough passphrase", "password2": "a long enough passphrase"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").check_password("a long enough passphrase")
