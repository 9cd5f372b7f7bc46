"""A new person's first hour with FinSync, in a real browser: from signing up to a report's PDF, and nobody else
seeing any of it."""

import re
from decimal import Decimal

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

    secret = enroll_an_authenticator(page)
    sign_out(page)
    sign_in(page, EMAIL)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    balances = link_the_demo_bank(page)
    see_the_dashboard(page, balances)
    recategorize_a_merchant(page, "Philz Coffee", "Restaurants & bars")
    page.screenshot(path="/tmp/s2.png", full_page=True)


def enroll_an_authenticator(page: Page) -> str:
    """Settings → Two-factor authentication → Activate, as an authenticator app would: returns its secret."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)  # a change to how one signs in asks for the password again
    page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Authenticator app activated")).to_be_visible()
    return secret


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def link_the_demo_bank(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Connections").click()
    page.get_by_role("button", name="Link First Platypus Bank").click()
    expect(page.get_by_text("First Platypus Bank is linked")).to_be_visible()
    history = page.get_by_role("table").filter(has_text="Trigger")
    expect(history.get_by_role("row").nth(1)).to_contain_text(re.compile(r"First import\s+Succeeded"))
    accounts = page.get_by_role("table").filter(has_text="Credit limit")
    expect(accounts.get_by_role("row")).to_have_count(4)  # the header, checking, savings and the card
    balances = {}
    for row in accounts.get_by_role("row").all()[1:]:
        name = row.get_by_role("rowheader").inner_text().split("··")[0].strip()
        balances[name] = money(row.get_by_role("cell").nth(1).inner_text())
    return balances


def money(text: str) -> Decimal:
    """A balance as FinSync shows it ('1,831.32 USD owed' after a minus sign, which a screen reader hears as
    'minus'), as a number."""
    figure = Decimal(re.search(r"[\d,]+\.\d\d", text).group().replace(",", ""))
    return -figure if re.search("[−-]|minus", text) else figure


def see_the_dashboard(page: Page, balances: dict[str, Decimal]) -> None:
    """The dashboard's net worth is what the bank's balances add up to, and its charts are drawn."""
    page.get_by_role("link", name="Dashboard").first.click()
    net_worth = page.get_by_role("region", name="Net worth")
    expect(net_worth).to_contain_text(f"{sum(balances.values()):,.2f} USD")
    for chart in ("Net worth at each month end", "Spending by category", "Income and spending per month"):
        expect(page.get_by_role("img", name=re.compile(chart)).first).to_be_visible()
    accounts = page.get_by_role("region", name="Accounts")
    for name, balance in balances.items():
        expect(accounts).to_contain_text(name)
        expect(accounts).to_contain_text(f"{abs(balance):,.2f}")


def recategorize_a_merchant(page: Page, merchant: str, category: str) -> None:
    search(page, merchant)
    page.get_by_role("link", name=merchant, exact=True).first.click()
    page.get_by_label("Change to").select_option(label=category)
    page.get_by_label(f"Apply to all from {merchant}").check()
    page.get_by_role("button", name="Change category").click()
    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        re.compile(rf"Category set to {re.escape(category)}\. \d+ other transactions from {merchant} changed too")
    )
    page.get_by_role("link", name="See what FinSync learned").click()
    learned = page.get_by_role("region", name="Learned from your corrections")
    expect(learned.get_by_role("row").filter(has_text=merchant)).to_contain_text(category)

    rows = search(page, merchant)
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_not_text=category)).to_have_count(0)


def search(page: Page, words: str):
    """Transactions → search: the rows found."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Transactions").click()
    page.get_by_label("Search").fill(words)
    page.get_by_label("Search").press("Enter")
    page.wait_for_url(re.compile(r"\?.*" + re.escape(words.split()[0])))
    return page.locator("tbody tr")
