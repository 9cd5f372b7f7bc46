"""A new person's first hour with FinSync, in a real browser: from signing up to a report's PDF, and nobody else
seeing any of it."""

import re
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import Page, expect

from banking.models import SyncRun
from banking.tasks import sync_connection
from banking.tests.factories import ConnectionFactory
from finsync.settings import BASE_DIR
from finsync.tests.browser.browsing import sign_in
from reports.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STATEMENTS = BASE_DIR / "transactions" / "tests" / "statements"
EMAIL = "ana@example.com"
PASSWORD = "a long passphrase for 2026"


def the_link_in(message, live_server) -> str:
    """The link into FinSync that an email leads with."""
    return re.search(rf"{re.escape(live_server.url)}/\S+", message.body).group()


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def sign_up(page: Page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()


def test_a_new_persons_journey(page: Page, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url  # where emails link to
    sign_up(page, EMAIL)
    (verification,) = mailoutbox
    assert verification.body.startswith("Hello from FinSync!")
    page.goto(the_link_in(verification, live_server))
    page.get_by_role("button", name="Confirm").click()

    sign_in(page, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    secret = enroll_an_authenticator(page)
    sign_out(page)
    sign_in(page, EMAIL, PASSWORD)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    balances = link_the_demo_bank(page)
    see_the_dashboard(page, balances)
    a_transaction = recategorize_a_merchant(page, "Philz Coffee", "Restaurants & bars")
    budget_alert_after_a_sync(page)
    import_an_ofx_file(page)
    month, figures = last_months_figures(page)
    text = pdf_text(a_monthly_report_by_email(page, live_server, mailoutbox))
    assert re.search(rf"Monthly report\s+{datetime.strptime(month, '%b %Y'):%B %Y}", text)
    for figure in figures:
        shown = f"{'−' if figure < 0 else ''}{abs(figure):,.2f} USD"
        assert shown in text, f"{shown} is on the dashboard for {month}, but not in the report"
    report = page.url
    sign_out(page)
    page.goto(report)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_up(page, "ben@example.com")
    page.goto(the_link_in(mailoutbox[-1], live_server))
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, "ben@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    for not_his in (report, f"{report}pdf/", a_transaction, f"{a_transaction}split"):
        response = page.goto(not_his)
        assert response.status == 404, not_his
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


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


def link_the_demo_bank(page: Page) -> dict[str, Decimal]:
    """Connections → the Demo Bank: its first import done, its accounts' balances by name."""
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


def recategorize_a_merchant(page: Page, merchant: str, category: str) -> str:
    """One of the merchant's transactions into another category, "apply to all": its address."""
    search(page, merchant)
    page.get_by_role("link", name=merchant, exact=True).first.click()
    transaction = page.url
    page.get_by_label("Change to").select_option(label=category)
    page.get_by_label(f"Apply to all from {merchant}").check()
    page.get_by_role("button", name="Change category").click()
    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        re.compile(rf"Category set to {re.escape(category)}\. \d+ other transactions? from {merchant} changed too")
    )
    page.get_by_role("link", name="See what FinSync learned").click()
    learned = page.get_by_role("region", name="Learned from your corrections")
    expect(learned.get_by_role("row").filter(has_text=merchant)).to_contain_text(category)

    rows = search(page, merchant)
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_not_text=category)).to_have_count(0)
    return transaction


def budget_alert_after_a_sync(page: Page) -> None:
    """A weekly budget for everyday purchases, sized so that this week's spending sits $4 under its 80%: the next
    sync brings the Demo Bank's "later today" purchases (two, of $2.50 or more each), and with them the alert."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Budgets").click()
    page.get_by_role("link", name="Create a budget").click()
    page.get_by_label("Name").fill("Day to day")
    everyday = [
        "Coffee",
        "Restaurants & bars",
        "Fast food",
        "Taxis & ride shares",
        "Public transit",
        "Convenience stores",
    ]
    page.get_by_label("Categories").select_option(label=everyday)
    page.get_by_label("Amount per period").fill("1000")
    page.get_by_label("Weekly").check()
    page.get_by_role("button", name="Create budget").click()
    expect(page.get_by_role("heading", name="Day to day", level=1)).to_be_visible()
    spent = money(page.locator(".budget-progress__words strong").first.inner_text())
    amount = ((spent + 4) / Decimal("0.8")).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Amount per period").fill(str(amount))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("progressbar")).to_have_accessible_name(re.compile(r"^\d+% of Day to day spent"))
    percent = int(page.get_by_role("progressbar").get_attribute("value"))
    assert percent < 80
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_text("Day to day:")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Connections").click()
    page.get_by_role("link", name="First Platypus Bank").first.click()
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("Syncing now")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread")).click()
    page.get_by_role("button", name=re.compile("Day to day: 80% of this week.s budget used")).click()
    expect(page.get_by_role("heading", name="Day to day", level=1)).to_be_visible()
    assert int(page.get_by_role("progressbar").get_attribute("value")) >= 80


def import_an_ofx_file(page: Page) -> None:
    """A credit union's OFX statement into a new account: previewed first, then imported, its balance kept."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Transactions").click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("Statement file").set_input_files(STATEMENTS / "ofx1_checking.ofx")
    page.get_by_label("Import into").select_option(label="A new manual account from this file…")
    page.get_by_label("New account's name").fill("Credit union")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    page.get_by_role("button", name="Confirm import").click()
    summary = page.get_by_role("region", name="What it did")
    expect(summary).to_contain_text(re.compile(r"Imported\s*3\b"))
    expect(summary).to_contain_text(re.compile(r"Ending balance\s*3,105.30\sUSD"))


def a_monthly_report_by_email(page: Page, live_server, mailoutbox) -> bytes:
    """Reports → make last month's report; the email says it is ready and links to it; its PDF downloads."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("button", name="Make a monthly report").click()
    expect(page.get_by_role("heading", name="Monthly report", level=1)).to_be_visible()
    report_url = page.url

    (announcement,) = [message for message in mailoutbox if "monthly report is ready" in message.subject]
    assert not announcement.attachments
    assert not re.search(r"\d\.\d\d", announcement.body), "no amounts in an email"
    page.goto(the_link_in(announcement, live_server))
    expect(page).to_have_url(report_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    return Path(download.value.path()).read_bytes()


def last_months_figures(page: Page) -> tuple[str, list[Decimal]]:
    """The dashboard's row for last month in "Income and spending": its name, and income, spending and net."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    months = page.get_by_role("region", name="Income and spending, last 12 months").locator("tbody tr")
    last_month = months.nth(1)  # the first row is this month so far
    name = last_month.get_by_role("rowheader").inner_text()
    return name, [money(cell.inner_text()) for cell in last_month.get_by_role("cell").all()]


def search(page: Page, words: str):
    """Transactions → search: the rows found."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Transactions").click()
    page.get_by_label("Search").fill(words)
    page.get_by_label("Search").press("Enter")
    page.wait_for_url(re.compile(r"\?.*" + re.escape(words.split()[0])))
    return page.locator("tbody tr")


def test_the_connection_page_follows_the_first_import_to_its_end(page: Page):
    """The import a worker runs after linking: the page says it is running and shows the accounts once it is done,
    by itself. (The journey above runs tasks at once, in the request, so it never sees this.)"""
    connection = ConnectionFactory(user__email=EMAIL, user__password=PASSWORD)
    sign_in(page, EMAIL, PASSWORD)
    # The page's polls wait in the browser while the import writes: one writer at a time suits SQLite's test database.
    page.route("**/progress", lambda route: route.continue_())
    page.goto(f"/connections/{connection.pk}/")
    expect(page.get_by_role("heading", name="Importing your transactions…")).to_be_visible()
    expect(page.get_by_text("This page updates by itself")).to_be_visible()

    sync_connection(connection.pk, SyncRun.Trigger.INITIAL)  # what the worker does with the queued task

    expect(page.get_by_role("heading", name="Importing your transactions…")).to_have_count(0)
    expect(page.get_by_role("table").filter(has_text="Credit limit").get_by_role("row")).to_have_count(4)
    expect(page.get_by_text("Up to date").first).to_be_visible()
