"""The dashboard as its owner sees it: figures equal sums worked out by hand over fixture transactions, each
linking to the transactions behind it; nothing of another person's; the fix for a broken connection; and a
number of queries that does not grow with the person's data."""

from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django import db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import BankAccount, Connection
from banking.tests.factories import ConnectionFactory, InstitutionFactory
from budgets.models import Bill
from budgets.tests.factories import budget_for, category
from reports.dashboard import dashboard_get
from reports.links import transactions_url
from transactions.services import transaction_update

NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)
DASHBOARD = reverse("dashboard")
GROCERIES = "FOOD_AND_DRINK_GROCERIES"

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_20, tick=False):
        yield


def page_of(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return unescape(response.content.decode())


def balances(bank, **amounts: str) -> None:
    for key, amount in amounts.items():
        account = bank.accounts[key]
        account.current_balance = Decimal(amount)
        account.save(update_fields=["current_balance"])


@pytest.fixture
def owner(bank, client):
    """The owner, signed in, with balances and two months of money: pay, groceries with a refund, a meal out, a
    transfer to savings (left out of spending), and last month's shopping."""
    balances(bank, checking="1500.00", savings="5000.00", card="-300.00")
    add = bank.add
    add("ACME CORP PAYROLL", "3000.00", date=date(2026, 11, 5), category_detailed="INCOME_SALARY")
    add("SAFEWAY", "-200.00", date=date(2026, 11, 6), category_detailed=GROCERIES, account="card")
    add("SAFEWAY REFUND", "20.00", date=date(2026, 11, 7), category_detailed=GROCERIES, account="card")
    add("NOPA", "-40.00", date=date(2026, 11, 8), category_detailed="FOOD_AND_DRINK_RESTAURANT", account="card")
    moved = add("TO SAVINGS", "-500.00", date=date(2026, 11, 9))
    transaction_update(user=bank.user, transaction=moved, changes={"is_transfer": True})
    add("SAFEWAY", "-50.00", date=date(2026, 10, 5), category_detailed=GROCERIES, account="card")  # same days
    add("DELTA AIR", "-100.00", date=date(2026, 10, 25), category_detailed="TRAVEL_FLIGHTS", account="card")
    client.force_login(bank.user)
    return bank


def test_net_worth_is_the_sum_of_the_balances_with_cards_as_owed(owner, client):
    board = dashboard_get(user=owner.user)
    assert board.net_worth.now == Decimal("6200.00")  # 1,500 + 5,000 - 300 owed on the card
    page = page_of(client)
    assert "6,200.00" in page
    assert '300.00\xa0USD</span> <span class="money__note">owed' in page
    assert transactions_url(account_id=owner.accounts["card"].pk, transfers="show") in page


def test_an_account_in_another_currency_shows_its_balance_but_is_not_added_in(owner, client):
    BankAccount.objects.create(
        connection=owner.accounts["checking"].connection,
        user=owner.user,
        provider_account_id="euro",
        name="Euro Account",
        type="depository",
        currency="EUR",
        current_balance=Decimal("1000.00"),
    )
    assert dashboard_get(user=owner.user).net_worth.now == Decimal("6200.00")
    page = page_of(client)
    assert "Euro Account" in page
    assert "1,000.00\xa0EUR" in page
    assert "Accounts in EUR are not added in" in page


def test_this_months_spending_is_money_out_less_refunds_without_transfers_beside_last_month(owner, client):
    spending = dashboard_get(user=owner.user).spending
    assert spending.spent == Decimal("220.00")  # 200 - 20 refunded + 40; the 500 transfer left out
    assert spending.same_span == spending.same_span.__class__(date(2026, 10, 1), date(2026, 10, 20))
    assert spending.same_span_spent == Decimal("50.00")
    assert spending.last_month_spent == Decimal("150.00")
    page = page_of(client)
    assert "220.00\xa0USD" in page
    assert "340.0% more" in page  # 220 against 50 over 1-20 Oct
    assert "same days last month" in page
    assert transactions_url(start=date(2026, 11, 1), end=date(2026, 11, 20)) in page
    assert transactions_url(start=date(2026, 10, 1), end=date(2026, 10, 20)) in page


def test_the_category_breakdown_links_each_category_to_its_transactions_this_month(owner, client):
    food = category(owner.user, "FOOD_AND_DRINK")
    rows = {row.name: row for row in dashboard_get(user=owner.user).categories}
    assert rows[food.name].spent == Decimal("220.00")  # groceries and the meal out, a primary with its children
    assert rows[food.name].previous == Decimal("50.00")
    assert rows["Travel"].spent == Decimal("0")
    assert rows["Travel"].previous == Decimal("100.00")
    url = transactions_url(start=date(2026, 11, 1), end=date(2026, 11, 20), category_id=food.pk)
    assert rows[food.name].url == url
    assert url in page_of(client)


def test_income_and_spending_cover_the_last_12_months_each_linked(owner, client):
    months = dashboard_get(user=owner.user).months
    assert [row.month for row in months] == [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
    assert (months[-1].totals.income, months[-1].totals.spending) == (Decimal("3000.00"), Decimal("220.00"))
    assert months[-2].totals.spending == Decimal("150.00")
    page = page_of(client)
    for row in months:
        assert row.url in page
    assert transactions_url(start=date(2025, 12, 1), end=date(2025, 12, 31)) in page


def test_a_budget_shows_with_whats_left(owner, client):
    budget = budget_for(owner.user, GROCERIES, amount="300", name="Weekly shop")
    page = page_of(client)
    assert reverse("budget_detail", args=[budget.pk]) in page
    assert "120.00\xa0USD left" in page  # 300 less 200 spent, 20 refunded


def test_bills_due_soon_and_recent_transactions_link_to_their_pages(owner, client):
    Bill.objects.create(
        user=owner.user,
        name="Comcast",
        amount=Decimal("89.99"),
        currency="USD",
        next_due=date(2026, 11, 28),
        status=Bill.Status.CONFIRMED,
    )
    Bill.objects.create(
        user=owner.user,
        name="Gym far off",
        amount=Decimal("40.00"),
        currency="USD",
        next_due=date(2027, 1, 28),
        status=Bill.Status.CONFIRMED,
    )
    page = page_of(client)
    assert "Comcast" in page
    assert "89.99\xa0USD" in page
    assert "Gym far off" not in page
    newest = owner.user.transactions.order_by("-date", "-id").first()
    assert reverse("transaction_detail", args=[newest.pk]) in page


def test_an_unread_alert_shows_and_opens_its_page(owner, client):
    alert = Notification.objects.create(
        user=owner.user,
        kind=Notification.Kind.BUDGET_ALERT,
        title="Groceries is at 80%",
        url="/budgets/",
        email_status=Notification.EmailStatus.NOT_WANTED,
    )
    page = page_of(client)
    assert "Groceries is at 80%" in page
    assert reverse("notification_open", args=[alert.pk]) in page


def test_a_broken_connection_shows_the_one_click_fix(owner, client):
    connection = owner.accounts["checking"].connection
    connection.status = Connection.Status.NEEDS_RELINK
    connection.save(update_fields=["status"])
    page = page_of(client)
    assert "needs you to sign in again" in page
    assert reverse("connection_relink", args=[connection.pk]) in page


def test_a_healthy_connection_shows_its_status_and_no_fix(owner, client):
    page = page_of(client)
    assert "Up to date" in page or "Syncing" in page
    assert reverse("connection_relink", args=[owner.accounts["checking"].connection.pk]) not in page


def test_an_outsider_sees_only_their_own_figures(owner, client):
    outsider = UserFactory()
    theirs = BankAccount.objects.create(
        connection=ConnectionFactory(user=outsider),
        user=outsider,
        provider_account_id="theirs",
        name="Outsider Checking",
        type="depository",
        currency="USD",
        current_balance=Decimal("77.00"),
    )
    client.force_login(outsider)
    page = page_of(client)
    assert "Outsider Checking" in page
    assert "77.00\xa0USD" in page
    for owners in ("Everyday Checking", "SAFEWAY", "6,200.00", "220.00"):
        assert owners not in page
    assert transactions_url(account_id=theirs.pk, transfers="show") in page
    assert transactions_url(account_id=owner.accounts["card"].pk, transfers="show") not in page


def test_without_accounts_the_dashboard_asks_to_link_a_bank(client):
    client.force_login(UserFactory())
    page = page_of(client)
    assert "Link a bank account to see your balances" in page
    assert reverse("connection_list") in page
    assert "Net worth" not in page


def test_this_month_is_the_persons_month_in_their_time_zone(owner):
    owner.user.timezone = "Pacific/Auckland"
    owner.user.save(update_fields=["timezone"])
    with time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False):  # 1 Dec in Auckland
        spending = dashboard_get(user=owner.user).spending
    assert (spending.period.start, spending.period.end) == (date(2026, 12, 1), date(2026, 12, 1))
    assert spending.last_month_spent == Decimal("220.00")


def test_the_dashboard_costs_the_same_queries_for_little_or_much_data(bank, client):
    client.force_login(bank.user)
    balances(bank, checking="100.00", savings="0.00", card="0.00")

    def queries() -> int:
        with CaptureQueriesContext(db.connection) as captured:
            page_of(client)
        seen.append([query["sql"][:150] for query in captured])
        return len(captured)

    seen = []

    for day in range(1, 6):
        bank.add(f"SAFEWAY {day}", "-10.00", date=date(2026, 11, day), category_detailed=GROCERIES)
    # One of each (a section with nothing in it may skip its queries; one row costs what many cost).
    budget_for(bank.user, GROCERIES, amount="100")
    Bill.objects.create(
        user=bank.user,
        name="Rent",
        amount=Decimal("900.00"),
        currency="USD",
        next_due=date(2026, 11, 25),
        status=Bill.Status.CONFIRMED,
    )
    Notification.objects.create(
        user=bank.user,
        kind=Notification.Kind.BILL_REMINDER,
        title="Rent is due",
        url="/bills/",
        email_status=Notification.EmailStatus.NOT_WANTED,
    )
    client.get(DASHBOARD)  # the first request of a session also records the session
    little = queries()

    user = bank.user
    for n in range(6):
        connection = ConnectionFactory(
            user=user,
            institution=InstitutionFactory(external_id=f"bank-{n}", name=f"Bank {n}"),
            access_token=f"token-{n}",
            status=Connection.Status.ERROR if n % 2 else Connection.Status.HEALTHY,
        )
        for kind in ("depository", "credit"):
            account = BankAccount.objects.create(
                connection=connection,
                user=user,
                provider_account_id=f"{kind}-{n}",
                name=f"{kind} {n}",
                type=kind,
                currency="USD",
                current_balance=Decimal("100.00"),
                payment_due_date=date(2026, 12, 1),
            )
            bank.accounts[f"{kind}-{n}"] = account
    codes = ("FOOD_AND_DRINK_COFFEE", "FOOD_AND_DRINK_RESTAURANT", "TRAVEL_FLIGHTS", "ENTERTAINMENT_MUSIC_AND_AUDIO")
    for month in range(1, 12):
        for n, code in enumerate(codes):
            bank.add(
                f"SHOP {n}", "-12.34", date=date(2026, month, 3 + n), category_detailed=code, account=f"credit-{n}"
            )
            bank.add(f"PAY {n}", "100.00", date=date(2026, month, 4), category_detailed="INCOME_SALARY")
    for n, code in enumerate(codes):
        budget_for(user, code, amount="100", name=f"Budget {n}")
        Bill.objects.create(
            user=user,
            name=f"Bill {n}",
            amount=Decimal("9.99"),
            currency="USD",
            next_due=date(2026, 11, 25 + n),
            status=Bill.Status.CONFIRMED,
        )
    for n in range(8):
        Notification.objects.create(
            user=user,
            kind=Notification.Kind.BILL_REMINDER,
            title=f"Bill {n} is due",
            url="/bills/",
            email_status=Notification.EmailStatus.NOT_WANTED,
        )
    much = queries()
    assert much == little, "a query per account, budget, bill, connection or notification crept in: " + "\n".join(
        sql for sql in seen[1] if sql not in seen[0]
    )
    assert much <= 35, much
