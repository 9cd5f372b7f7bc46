"""What the Transactions page reads: who sees what, each filter, the totals, and keyset pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from transactions.models import SplitLine
from transactions.selectors import (
    Cursor,
    TransactionFilters,
    Transfers,
    cursor_parse,
    transaction_get,
    transactions_filtered,
    transactions_latest,
    transactions_page,
    transactions_totals,
    transactions_visible,
)
from transactions.tests.factories import (
    BankAccountFactory,
    ManualAccountFactory,
    ManualTransactionFactory,
    TransactionFactory,
    category,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 10)


@pytest.fixture
def user():
    return UserFactory()


def descriptions(qs) -> set[str]:
    return set(qs.values_list("description", flat=True))


def matching(user, **filters) -> set[str]:
    return descriptions(transactions_filtered(user=user, filters=TransactionFilters(**filters)))


def test_a_person_sees_their_own_transactions_but_not_hidden_deleted_or_disconnected_ones(user):
    TransactionFactory(user=user, description="kept")
    ManualTransactionFactory(user=user, description="cash")
    TransactionFactory(user=user, description="deleted", deleted_at=timezone.now())
    TransactionFactory(user=user, description="hidden account", account=BankAccountFactory(user=user, hidden=True))
    TransactionFactory(description="someone else's")
    gone = UserFactory()
    gone_txn = TransactionFactory(user=gone, description="disconnected")
    assert descriptions(transactions_visible(user=gone)) == {"disconnected"}
    gone_txn.account.connection.disconnected_at = timezone.now()
    gone_txn.account.connection.save()

    assert descriptions(transactions_visible(user=user)) == {"kept", "cash"}
    assert not transactions_visible(user=gone).exists()
    connection_id = gone_txn.account.connection_id
    assert not transactions_latest(user=gone, connection_id=connection_id).exists(), "the connection page agrees"
    with pytest.raises(Exception, match="No Transaction matches"):
        transaction_get(user=gone, transaction_id=gone_txn.pk)


def test_filter_by_account_date_and_absolute_amount(user):
    TransactionFactory(user=user, description="coffee", date=DAY, amount=Decimal("-4.50"))
    savings = BankAccountFactory(user=user, name="Savings")
    TransactionFactory(user=user, description="rent", date=DAY - timedelta(days=9), amount=Decimal("-1500.00"))
    TransactionFactory(user=user, description="pay", date=DAY - timedelta(days=3), amount=Decimal("2400.00"))
    TransactionFactory(user=user, description="interest", account=savings, date=DAY, amount=Decimal("4.12"))

    assert matching(user, account=savings) == {"interest"}
    assert matching(user, date_from=DAY - timedelta(days=3), date_to=DAY) == {"coffee", "pay", "interest"}
    assert matching(user, date_to=DAY - timedelta(days=4)) == {"rent"}
    # Amounts compare as sizes, whichever way the money went.
    assert matching(user, amount_min=Decimal("100")) == {"rent", "pay"}
    assert matching(user, amount_max=Decimal("5")) == {"coffee", "interest"}
    assert matching(user, amount_min=Decimal("4.50"), amount_max=Decimal("1500")) == {"coffee", "rent"}


def test_a_primary_category_includes_its_children_and_split_lines(user):
    coffee = category(user, "FOOD_AND_DRINK_COFFEE")
    groceries = category(user, "FOOD_AND_DRINK_GROCERIES")
    food = coffee.parent
    TransactionFactory(user=user, description="latte", category=coffee)
    TransactionFactory(user=user, description="food shop", category=groceries)
    TransactionFactory(user=user, description="flight", category=category(user, "TRAVEL_FLIGHTS"))
    mixed = TransactionFactory(
        user=user,
        description="superstore",
        amount=Decimal("-80.00"),
        category=category(user, "GENERAL_MERCHANDISE_SUPERSTORES"),
    )
    SplitLine.objects.create(transaction=mixed, category=groceries, amount=Decimal("-50.00"))
    SplitLine.objects.create(transaction=mixed, category=mixed.category, amount=Decimal("-30.00"))

    assert matching(user, category=coffee) == {"latte"}
    assert matching(user, category=food) == {"latte", "food shop", "superstore"}
    assert matching(user, category=groceries) == {"food shop", "superstore"}


def test_search_pending_uncategorized_tag_flagged_and_transfers(user):
    TransactionFactory(user=user, description="SQ *BLUE BOTTLE", merchant="Blue Bottle Coffee")
    TransactionFactory(user=user, description="TST* LUNCH", notes="team lunch with Sam")
    TransactionFactory(user=user, description="AUTH HOLD", pending=True, category=category(user, "TRAVEL_FLIGHTS"))
    TransactionFactory(
        user=user,
        description="MISC",
        category=category(user, "OTHER_OTHER"),
        category_source="default",
        category_reason="Nothing matched",
    )
    TransactionFactory(user=user, description="TRIP", tags=["berlin-trip"], category=category(user, "TRAVEL_FLIGHTS"))
    TransactionFactory(user=user, description="ODD", is_flagged=True, category=category(user, "TRAVEL_FLIGHTS"))
    TransactionFactory(
        user=user, description="TO SAVINGS", is_transfer=True, category=category(user, "TRANSFER_OUT_ACCOUNT_TRANSFER")
    )
    tag = user.tags.get(name="berlin-trip")

    assert matching(user, text="blue bottle") == {"SQ *BLUE BOTTLE"}, "the merchant"
    assert matching(user, text="bottle") == {"SQ *BLUE BOTTLE"}
    assert matching(user, text="sam") == {"TST* LUNCH"}, "the notes"
    assert matching(user, text="hold") == {"AUTH HOLD"}, "the description"
    assert matching(user, pending=True) == {"AUTH HOLD"}
    assert "AUTH HOLD" not in matching(user, pending=False)
    assert matching(user, uncategorized=True) == {"SQ *BLUE BOTTLE", "TST* LUNCH", "MISC"}
    assert matching(user, tag=tag) == {"TRIP"}
    assert matching(user, flagged=True) == {"ODD"}
    assert matching(user, transfers=Transfers.ONLY) == {"TO SAVINGS"}
    assert "TO SAVINGS" not in matching(user, transfers=Transfers.HIDE)
    assert "TO SAVINGS" in matching(user, transfers=Transfers.SHOW)


def test_filters_never_reach_another_persons_rows(user):
    theirs = TransactionFactory(description="theirs", tags=["shared-name"])
    TransactionFactory(user=user, description="mine", tags=["shared-name"])
    assert matching(user, account=theirs.account) == set()
    assert matching(user, tag=theirs.tags.get()) == set()
    assert matching(user, text="theirs") == set()


def test_totals_are_per_currency_over_the_whole_filtered_set(user):
    for amount in ("-10.00", "-20.25", "100.00"):
        TransactionFactory(user=user, amount=Decimal(amount))
    euros = BankAccountFactory(user=user, name="Euro account", currency="EUR")
    TransactionFactory(user=user, account=euros, amount=Decimal("-5.00"))
    TransactionFactory(user=user, amount=Decimal("-999.00"), deleted_at=timezone.now())
    TransactionFactory(amount=Decimal("-777.00"))

    eur, usd = transactions_totals(user=user, filters=TransactionFilters())
    assert (usd.currency, usd.count, usd.money_in, usd.money_out, usd.net) == (
        "USD",
        3,
        Decimal("100.00"),
        Decimal("-30.25"),
        Decimal("69.75"),
    )
    assert (eur.currency, eur.count, eur.money_in, eur.money_out, eur.net) == ("EUR", 1, 0, Decimal("-5.00"), -5)
    small = {t.currency: t for t in transactions_totals(user=user, filters=TransactionFilters(amount_max=Decimal(50)))}
    assert (small["USD"].count, small["USD"].money_in, small["USD"].net) == (2, 0, Decimal("-30.25"))


def walk(user, sort, size, filters=None):
    """Every page from the first, following the `after` links; then back again with the `before` links."""
    filters = filters or TransactionFilters()
    pages = [transactions_page(user=user, filters=filters, sort=sort, size=size)]
    while pages[-1].after:
        pages.append(transactions_page(user=user, filters=filters, sort=sort, after=pages[-1].after, size=size))
    back = [pages[-1]]
    while back[-1].before:
        back.append(transactions_page(user=user, filters=filters, sort=sort, before=back[-1].before, size=size))
    return pages, back


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("-date", lambda t: (-t.date.toordinal(), -t.pk)),
        ("date", lambda t: (t.date.toordinal(), t.pk)),
        ("amount", lambda t: (t.amount, t.pk)),
        ("-amount", lambda t: (-t.amount, -t.pk)),
    ],
)
def test_keyset_pages_continue_exactly_where_the_last_ended(user, sort, key):
    # Many rows share a date and many share an amount: the id breaks the ties.
    made = [
        TransactionFactory(user=user, date=DAY - timedelta(days=i % 3), amount=Decimal(-(i % 4)) - Decimal("0.99"))
        for i in range(23)
    ]
    expected = [t.pk for t in sorted(made, key=key)]

    pages, back = walk(user, sort, size=5)
    assert [len(p.rows) for p in pages] == [5, 5, 5, 5, 3]
    assert [t.pk for p in pages for t in p.rows] == expected, "no duplicates, no gaps"
    assert pages[0].before is None
    assert [[t.pk for t in p.rows] for p in back] == [[t.pk for t in p.rows] for p in reversed(pages)]


def test_a_page_link_keeps_working_when_rows_arrive_at_the_top(user):
    for i in range(6):
        TransactionFactory(user=user, date=DAY - timedelta(days=i), description=f"old {i}")
    first = transactions_page(user=user, filters=TransactionFilters(), size=3)
    TransactionFactory(user=user, date=DAY + timedelta(days=1), description="new")
    second = transactions_page(user=user, filters=TransactionFilters(), after=first.after, size=3)
    assert [t.description for t in second.rows] == ["old 3", "old 4", "old 5"]


def test_cursor_round_trip_and_malformed_cursors():
    assert cursor_parse(sort="-date", text=str(Cursor(value=DAY, id=42))) == Cursor(value=DAY, id=42)
    assert cursor_parse(sort="amount", text="-12.50_7") == Cursor(value=Decimal("-12.50"), id=7)
    for text in ("", "_", "2026-13-01_4", "2026-03-01_x", "abc_4", "2026-03-01", "NaN_3", "Infinity_2"):
        sort = "amount" if text.startswith(("NaN", "Inf")) else "-date"
        assert cursor_parse(sort=sort, text=text) is None, text


def test_manual_accounts_are_listed_with_their_transactions(user):
    wallet = ManualAccountFactory(user=user, name="Wallet")
    ManualTransactionFactory(user=user, account=wallet, description="market")
    assert matching(user, account=wallet) == {"market"}
    assert BankAccount.objects.get(pk=wallet.pk).is_manual
