"""Signing up, verifying, signing in, MFA, password reset: the ways into FinSync and their guards."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from accounts import encryption
from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def link_in(message) -> str:
    """The one link into FinSync that an email carries, as a path."""
    (url,) = re.findall(r"https?://testserver(/\S+)", message.body)
    return url


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def totp_code(secret: str, at=None) -> str:
    moment = at or timezone.now()
    return format_hotp_value(hotp_value(secret, int(moment.timestamp()) // 30))


def enroll_totp(client) -> str:
    """Turn on an authenticator app for the signed-in user; returns its secret."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # MFA changes ask for it
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content
    return secret


def test_signup_verification_email_then_sign_in(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "New.Person@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    (message,) = mailoutbox
    assert message.to == ["new.person@example.com"]

    client.logout()
    response = sign_in(client, "new.person@example.com")
    assert response.url == reverse("account_email_verification_sent"), "unverified users are not let in"
    assert "_auth_user_id" not in client.session

    confirm = link_in(message)
    assert "Confirm" in client.get(confirm).content.decode()
    client.post(confirm)
    assert user.emailaddress_set.get().verified

    response = sign_in(client, "new.person@example.com")
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("email", "password", "complaint"),
    [
        ("not-an-email", PASSWORD, "Enter a valid email address."),
        ("a@example.com", "short-pw", "at least 12 characters"),
        ("a@example.com", "password1234", "too common"),
    ],
)
def test_signup_refuses_bad_email_and_weak_passwords(client, mailoutbox, email, password, complaint):
    response = client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})
    assert response.status_code == 200
    assert complaint in response.content.decode()
    assert not User.objects.exists()
    assert not mailoutbox


def test_signup_with_an_email_already_taken_creates_nothing(client):
    UserFactory(email="taken@example.com")
    client.post("/accounts/signup/", {"email": "TAKEN@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.count() == 1


def test_wrong_password_is_refused(client):
    user = UserFactory()
    response = sign_in(client, user.email, "not the password at all")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.email, "guessing the password")
    response = sign_in(client, user.email)  # even the right password is refused for a while
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert sign_in(client, user.email).url == reverse("dashboard")


def test_login_without_csrf_token_is_forbidden(client):
    from django.test import Client

    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_mfa_enrollment_then_sign_in_needs_a_totp_code(client):
    user = UserFactory()
    sign_in(client, user.email)
    secret = enroll_totp(client)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored, "the TOTP secret is stored encrypted"
    assert encryption.decrypt(stored) == secret

    client.logout()
    response = sign_in(client, user.email)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.url == reverse("dashboard")
        assert client.session["_auth_user_id"] == str(user.pk)


def test_a_recovery_code_works_once(client):
    user = UserFactory()
    sign_in(client, user.email)
    enroll_totp(client)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    client.logout()

    sign_in(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.url == reverse("dashboard")
    client.logout()

    sign_in(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_link(client, mailoutbox):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    (message,) = mailoutbox
    response = client.get(link_in(message))
    set_password_page = response.url  # allauth moves the key out of the URL before showing the form
    new_password = "a brand new passphrase"
    response = client.post(set_password_page, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    assert sign_in(client, user.email, PASSWORD).status_code == 200, "the old password no longer works"
    assert sign_in(client, user.email, new_password).url == reverse("dashboard")


def test_password_reset_link_expires_after_an_hour(client, mailoutbox):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    (message,) = mailoutbox
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.get(link_in(message), follow=True)
    page = response.content.decode()
    assert "This link no longer works" in page
    assert 'name="password1"' not in page


def test_changing_email_asks_for_the_password_again(client):
    user = UserFactory()
    sign_in(client, user.email)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "other@example.com"})
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not user.emailaddress_set.filter(email="other@example.com").exists()

    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "other@example.com"})
    assert user.emailaddress_set.filter(email="other@example.com").exists()


def test_turning_off_mfa_asks_for_reauthentication(client):
    user = UserFactory()
    sign_in(client, user.email)
    enroll_totp(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = client.post(reverse("mfa_deactivate_totp"))
        assert reverse("account_reauthenticate") in response.url or reverse("mfa_reauthenticate") in response.url
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_other_sessions_can_be_listed_and_ended(client):
    from django.test import Client

    user = UserFactory()
    laptop, phone = client, Client(HTTP_USER_AGENT="Phone browser")
    sign_in(laptop, user.email)
    sign_in(phone, user.email)
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Phone browser" in page

    laptop.post(reverse("usersessions_list"))  # "Sign out other sessions"
    assert phone.get(reverse("dashboard")).status_code == 302
    assert laptop.get(reverse("dashboard")).status_code == 200


def test_admin_sign_in_goes_through_allauth(client):
    final_url, _ = client.get("/admin/", follow=True).redirect_chain[-1]
    assert final_url.startswith(LOGIN)
    person = UserFactory()
    client.force_login(person)
    assert client.get("/admin/").status_code in (302, 403)
    client.logout()
    staff = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, staff.email)
    assert client.get("/admin/").status_code == 200


def test_the_ways_in_speak_like_the_rest_of_finsync(client):
    """allauth's pages in FinSync's sentence case ("Sign in", "Remember me"), not its Title Case."""
    page = client.get(LOGIN).content.decode()
    assert "Sign In" not in page
    assert "Remember Me" not in page
    assert "Sign in" in page
    assert "Remember me" in page
