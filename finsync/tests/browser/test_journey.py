"""A new person's first hour with FinSync, in a real browser: from signing up to a report's PDF, and nobody else
seeing any of it."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "ana@example.com"
PASSWORD = "a long passphrase for 2026"


def the_link_in(message, live_server) -> str:
    """The one link into FinSync that an email carries."""
    (url,) = re.findall(rf"{re.escape(live_server.url)}/\S+", message.body)
    return url


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def sign_up(page: Page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_persons_journey(page: Page, live_server, mailoutbox):
    sign_up(page, EMAIL)
    (verification,) = mailoutbox
    page.goto(the_link_in(verification, live_server))
    page.get_by_role("button", name="Confirm").click()

    sign_in(page, EMAIL)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.screenshot(path="/tmp/s2.png", full_page=True)
