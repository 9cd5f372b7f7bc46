"""The Transactions page and the Transaction page, as the owner and as an outsider."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django import db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from transactions.models import Rule, SplitLine, Transaction
from transactions.tests.factories import (
    BankAccountFactory,
    ManualTransactionFactory,
    TransactionFactory,
    category,
)

pytestmark = pytest.mark.django_db
LIST = reverse("transaction_list")


@pytest.fixture
def owner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def page(client, url=LIST, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def row_ids(html: str) -> list[int]:
    """The transactions listed, top to bottom (each row's bulk checkbox carries its id)."""
    return [int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found and found.group(1).replace("&amp;", "&")


# The Transactions page ---------------------------------------------------------------------------------


def test_each_row_shows_what_a_person_needs_to_recognise_it(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    TransactionFactory(
        user=owner,
        description="SQ *BLUE BOTTLE 0423",
        merchant="Blue Bottle Coffee",
        amount=Decimal("-4.75"),
        category=coffee,
        category_source="rule",
        category_reason="Rule “Coffee shops”",
        pending=True,
        tags=["treats"],
    )
    TransactionFactory(user=owner, description="PAYROLL ACME", amount=Decimal("2400.00"), is_transfer=True)

    html = page(client)
    assert "Blue Bottle Coffee" in html
    assert "SQ *BLUE BOTTLE 0423" in html
    assert "Everyday Checking" in html
    assert f'<span class="txn-category__name">{escape(coffee.name)}</span>' in html
    assert escape("Rule “Coffee shops”") in html, "why it has that category"
    assert coffee.color in html, "the category's colour dot"
    cells = re.findall(r'<td class="txn-table__amount num">(.*?)</td>', html, re.DOTALL)
    assert [unescape(strip_tags(cell)).strip() for cell in cells] == [
        "+money in 2,400.00\xa0USD",
        "\u2212money out 4.75\xa0USD",
    ], "newest first; the sign is shown and spoken"
    assert "money--in" in cells[0]
    assert "money--out" in cells[1]
    assert "Pending</span>" in html
    assert "Transfer</span>" in html
    assert "#treats" in html


def test_a_new_person_sees_how_to_get_transactions(client, owner):
    html = page(client)
    assert "No transactions yet" in html
    assert reverse("connection_list") in html
    assert reverse("transaction_create") in html


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"q": "bottle"}, {"BLUE BOTTLE"}),
        ({"q": "sam"}, {"LUNCH"}),
        ({"date_from": "2026-03-05", "date_to": "2026-03-09"}, {"LUNCH", "HOLD"}),
        ({"amount_min": "100"}, {"RENT", "PAY", "TO SAVINGS"}),
        ({"amount_min": "4", "amount_max": "20"}, {"BLUE BOTTLE", "LUNCH", "HOLD"}),
        ({"pending": "yes"}, {"HOLD"}),
        ({"uncategorized": "on"}, {"LUNCH", "HOLD"}),
        ({"flagged": "on"}, {"RENT"}),
        ({"transfers": "only"}, {"TO SAVINGS"}),
        ({"transfers": "hide", "amount_min": "100"}, {"RENT", "PAY"}),
        ({"tag": "work"}, {"LUNCH"}),
    ],
)
def test_filters_narrow_the_list_and_its_totals(client, owner, params, shown):
    day = timezone.localdate().replace(year=2026, month=3, day=10)
    food = category(owner, "FOOD_AND_DRINK_COFFEE")
    rent = category(owner, "RENT_AND_UTILITIES_RENT")
    transfer = category(owner, "TRANSFER_OUT_ACCOUNT_TRANSFER")

    def add(name, amount, days_ago, **fields):
        fields.setdefault("description", name)
        return TransactionFactory(user=owner, amount=Decimal(amount), date=day - timedelta(days=days_ago), **fields)

    rows = {
        "BLUE BOTTLE": add("BLUE BOTTLE", "-4.50", 0, description="SQ *BLUE BOTTLE", merchant="Blue", category=food),
        "LUNCH": add("LUNCH", "-18.00", 1, description="TST* LUNCH", notes="with Sam", tags=["work"]),
        "HOLD": add("HOLD", "-15.00", 5, description="AUTH HOLD", pending=True),
        "RENT": add("RENT", "-1500.00", 9, description="RENT MARCH", category=rent, is_flagged=True),
        "PAY": add("PAY", "2400.00", 12, description="PAYROLL", category=category(owner, "INCOME_SALARY")),
        "TO SAVINGS": add("TO SAVINGS", "-200.00", 20, is_transfer=True, category=transfer),
    }
    html = page(client, **params)
    listed = {name for name, txn in rows.items() if txn.pk in row_ids(html)}
    assert listed == shown
    assert f"<dd>{len(shown)}</dd>" in html, "the count of matching transactions"
    net = sum(rows[name].amount for name in shown)
    assert f"{abs(net):,.2f}" in html, "the net of the matching transactions"
    assert "Clear filters" in html


def test_a_primary_category_lists_its_children_and_the_select_is_grouped(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    groceries = category(owner, "FOOD_AND_DRINK_GROCERIES")
    latte = TransactionFactory(user=owner, category=coffee)
    shop = TransactionFactory(user=owner, category=groceries)
    flight = TransactionFactory(user=owner, category=category(owner, "TRAVEL_FLIGHTS"))
    html = page(client, category=coffee.parent_id)
    assert set(row_ids(html)) == {latte.pk, shop.pk}
    assert flight.pk not in row_ids(page(client, category=groceries.pk))
    assert f'<optgroup label="{escape(coffee.parent.name)}">' in html
    assert f"All of {escape(coffee.parent.name)}" in html


def test_an_invalid_filter_says_so_and_lists_everything(client, owner):
    txn = TransactionFactory(user=owner)
    html = page(client, date_from="2026-03-10", date_to="2026-03-01", tag="no-such-tag")
    assert "The end date is before the start date." in html
    assert "You have no tag with that name." in html
    assert row_ids(html) == [txn.pk]


def test_sorting_by_amount_and_date_both_ways(client, owner):
    today = timezone.localdate()
    small = TransactionFactory(user=owner, amount=Decimal("-5.00"), date=today)
    big = TransactionFactory(user=owner, amount=Decimal("-500.00"), date=today - timedelta(days=2))
    pay = TransactionFactory(user=owner, amount=Decimal("900.00"), date=today - timedelta(days=1))
    assert row_ids(page(client)) == [small.pk, pay.pk, big.pk]
    assert row_ids(page(client, sort="date")) == [big.pk, pay.pk, small.pk]
    assert row_ids(page(client, sort="amount")) == [big.pk, small.pk, pay.pk], "the largest money out first"
    assert row_ids(page(client, sort="-amount")) == [pay.pk, small.pk, big.pk], "the largest money in first"
    assert 'aria-sort="descending"' in page(client, sort="-amount")


def test_newer_and_older_links_walk_every_row_once_even_on_equal_dates(client, owner):
    today = timezone.localdate()
    made = [TransactionFactory(user=owner, date=today - timedelta(days=i // 40)) for i in range(120)]
    expected = [t.pk for t in sorted(made, key=lambda t: (t.date, t.pk), reverse=True)]

    seen, url, pages = [], LIST, []
    while url:
        html = page(client, url)
        pages.append(html)
        seen += row_ids(html)
        url = link(html, "next")
        if url:
            assert "Older" in html
            url = LIST + url
    assert seen == expected, "no duplicates, no gaps"
    assert len(pages) == 3
    assert link(pages[0], "prev") is None

    # "Newer" from the last page gives the middle page again.
    newer = link(pages[-1], "prev")
    assert row_ids(page(client, LIST + newer)) == row_ids(pages[1])


def test_page_links_keep_the_filters(client, owner):
    for _ in range(55):
        TransactionFactory(user=owner, merchant="Corner Shop")
    TransactionFactory(user=owner, merchant="Elsewhere")
    html = page(client, q="corner")
    older = link(html, "next")
    assert "q=corner" in older
    assert len(row_ids(page(client, LIST + older))) == 5


def test_the_list_costs_the_same_queries_for_5_or_50_rows(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")

    def add(n):
        for i in range(n):
            txn = TransactionFactory(user=owner, category=coffee, tags=[f"tag{i % 3}", "all"])
            SplitLine.objects.create(transaction=txn, category=coffee, amount=Decimal("-6.25"))
            SplitLine.objects.create(transaction=txn, category=coffee, amount=Decimal("-6.25"))

    def queries() -> int:
        with CaptureQueriesContext(db.connection) as captured:
            page(client, q="card")
        return len(captured)

    add(5)
    page(client)  # the first request of a session also records the session
    few = queries()
    add(45)
    BankAccountFactory(user=owner, name="Another account")
    assert queries() == few


def test_a_disconnected_connections_transactions_are_not_listed(client, owner):
    kept = TransactionFactory(user=owner)
    cash = ManualTransactionFactory(user=owner)
    connection = kept.account.connection
    connection.disconnected_at = timezone.now()
    connection.save()
    assert row_ids(page(client)) == [cash.pk]
    assert client.get(reverse("transaction_detail", args=[kept.pk])).status_code == 404


def test_the_list_never_shows_another_persons_transactions(client, owner):
    TransactionFactory(description="SOMEONE ELSES")
    mine = TransactionFactory(user=owner)
    html = page(client)
    assert row_ids(html) == [mine.pk]
    assert "SOMEONE ELSES" not in html


# Export ----------------------------------------------------------------------------------------------------


def export(client, **params) -> list[list[str]]:
    response = client.get(reverse("transaction_export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_is_the_filtered_list_as_csv(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    TransactionFactory(
        user=owner,
        date=timezone.localdate().replace(year=2026, month=3, day=2),
        description="SQ *BLUE BOTTLE",
        merchant="Blue Bottle",
        amount=Decimal("-4.75"),
        category=coffee,
        category_reason="Rule “Coffee”",
        notes="=cmd|' /C calc'!A0",
        tags=["treats", "work"],
    )
    TransactionFactory(user=owner, description="PAYROLL", amount=Decimal("2400.00"))
    TransactionFactory(description="SOMEONE ELSES")

    header, *rows = export(client)
    assert header == [
        "date", "account", "description", "merchant", "category", "primary category",
        "amount", "currency", "pending", "tags", "notes", "reason",
    ]  # fmt: skip
    assert len(rows) == 2
    assert "SOMEONE ELSES" not in str(rows)
    (row,) = export(client, q="bottle")[1:]
    assert row == [
        "2026-03-02",
        "Everyday Checking",
        "SQ *BLUE BOTTLE",
        "Blue Bottle",
        coffee.name,
        coffee.parent.name,
        "-4.75",
        "USD",
        "no",
        "treats, work",
        "'=cmd|' /C calc'!A0",  # a spreadsheet shows it, never runs it
        "Rule “Coffee”",
    ]
    assert [r[2] for r in export(client, amount_min="1000")[1:]] == ["PAYROLL"]


def test_the_page_links_to_the_export_of_what_it_shows(client, owner):
    TransactionFactory(user=owner)
    html = page(client, q="card", sort="amount")
    assert escape(reverse("transaction_export") + "?q=card&sort=amount") in html


# Bulk edits --------------------------------------------------------------------------------------------------


def test_bulk_recategorize_and_tag_the_ticked_rows(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    first, second, untouched = (TransactionFactory(user=owner) for _ in range(3))
    response = client.post(
        reverse("transaction_bulk"),
        {"ids": [first.pk, second.pk], "action": "category", "category": coffee.pk, "query": "q=card"},
    )
    assert response.url == LIST + "?q=card"
    assert set(Transaction.objects.filter(category=coffee).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert "2 transactions now in" in page(client)

    client.post(reverse("transaction_bulk"), {"ids": [untouched.pk], "action": "tag", "tag": "Reviewed"})
    assert list(untouched.tags.values_list("name", flat=True)) == ["Reviewed"]
    assert "Tagged 1 transaction “Reviewed”" in page(client)

    # Enter in the tag box sends the first button's action (Set category) with no category: it means the tag.
    client.post(reverse("transaction_bulk"), {"ids": [first.pk], "action": "category", "category": "", "tag": "trip"})
    assert list(first.tags.values_list("name", flat=True)) == ["trip"]


def test_bulk_without_ticks_or_with_another_persons_ids_changes_nothing(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    theirs = TransactionFactory()
    response = client.post(reverse("transaction_bulk"), {"action": "category", "category": coffee.pk}, follow=True)
    assert "Tick at least one transaction first." in response.content.decode()

    client.post(reverse("transaction_bulk"), {"ids": [theirs.pk], "action": "category", "category": coffee.pk})
    client.post(reverse("transaction_bulk"), {"ids": [theirs.pk], "action": "tag", "tag": "mine now"})
    theirs.refresh_from_db()
    assert theirs.category is None
    assert not theirs.tags.exists()
    assert not theirs.changes.exists()


def test_bulk_is_post_only(client, owner):
    assert client.get(reverse("transaction_bulk")).status_code == 405


# Manual transactions ----------------------------------------------------------------------------------------


def test_add_cash_spending_on_a_new_account_then_delete_it(client, owner):
    form = page(client, reverse("transaction_create"))
    assert 'value="Cash"' in form
    response = client.post(
        reverse("transaction_create"),
        {
            "account": "",
            "new_account_name": "Cash",
            "new_account_currency": "EUR",
            "date": "2026-03-07",
            "direction": "out",
            "amount": "12.40",
            "description": "Farmers market",
            "category": category(owner, "FOOD_AND_DRINK_GROCERIES").pk,
            "notes": "apples",
        },
    )
    txn = Transaction.objects.get(user=owner)
    assert response.url == reverse("transaction_detail", args=[txn.pk])
    assert (txn.amount, txn.currency, txn.account.name, txn.account.is_manual) == (
        Decimal("-12.40"),
        "EUR",
        "Cash",
        True,
    )
    assert txn.pk in row_ids(page(client))

    # The next one can go on the same account, and money can come in.
    client.post(
        reverse("transaction_create"),
        {
            "account": txn.account.pk,
            "date": "2026-03-08",
            "direction": "in",
            "amount": "20",
            "description": "Sold a chair",
        },
    )
    assert BankAccount.objects.filter(user=owner).count() == 1
    assert Transaction.objects.get(description="Sold a chair").amount == Decimal("20.00")

    detail = page(client, reverse("transaction_detail", args=[txn.pk]))
    assert reverse("transaction_delete", args=[txn.pk]) in detail
    assert "Delete this transaction?" in page(client, reverse("transaction_delete", args=[txn.pk]))
    response = client.post(reverse("transaction_delete", args=[txn.pk]))
    assert response.url == LIST
    assert txn.pk not in row_ids(page(client))


def test_the_manual_form_explains_what_is_missing(client, owner):
    response = client.post(
        reverse("transaction_create"), {"account": "", "new_account_name": "", "direction": "out", "amount": "0"}
    )
    html = response.content.decode()
    assert "Name the account, like Cash or Wallet." in html
    assert "Enter an amount above zero" in html
    assert not Transaction.objects.exists()

    ManualTransactionFactory(user=owner)  # now there is an account to choose, or a new one to name
    html = client.post(reverse("transaction_create"), {"account": "", "new_account_name": " "}).content.decode()
    assert "Name the new account, or choose one of yours." in html
    assert "A new account…" in html


def test_a_banks_transaction_cannot_be_deleted(client, owner):
    synced = TransactionFactory(user=owner)
    assert reverse("transaction_delete", args=[synced.pk]) not in page(
        client, reverse("transaction_detail", args=[synced.pk])
    )
    assert client.get(reverse("transaction_delete", args=[synced.pk])).status_code == 404
    assert client.post(reverse("transaction_delete", args=[synced.pk])).status_code == 404
    synced.refresh_from_db()
    assert synced.deleted_at is None


# The Transaction page -----------------------------------------------------------------------------------


def detail(client, txn) -> str:
    return page(client, reverse("transaction_detail", args=[txn.pk]))


def test_the_page_shows_every_fact_and_why_the_category(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    rule = Rule.objects.create(user=owner, name="Coffee shops", match_value="bottle", set_category=coffee)
    txn = TransactionFactory(
        user=owner,
        description="SQ *BLUE BOTTLE 0423 OAKLAND CA",
        merchant_name="Blue Bottle",
        merchant="Blue Bottle Coffee",
        date=timezone.localdate().replace(year=2026, month=3, day=4),
        authorized_date=timezone.localdate().replace(year=2026, month=3, day=3),
        amount=Decimal("-6.25"),
        pending=True,
        provider_category_primary="FOOD_AND_DRINK",
        provider_category_detailed="FOOD_AND_DRINK_COFFEE",
        category=coffee,
        category_source="rule",
        category_reason="Rule “Coffee shops”",
        rule=rule,
    )
    html = detail(client, txn)
    for fact in (
        "4 March 2026",
        "3 March 2026",
        "Everyday Checking",
        "SQ *BLUE BOTTLE 0423 OAKLAND CA",
        "Blue Bottle Coffee",
        "6.25",
        "Pending",
    ):
        assert escape(fact) in html, fact
    assert f'<a href="{reverse("rule_edit", args=[rule.pk])}">{escape("Rule “Coffee shops”")}</a>' in html
    assert f"{reverse('rule_create')}?from={txn.pk}" in html
    assert "Let FinSync decide" not in html, "FinSync decided it"


def test_an_edit_round_trip_is_kept_and_locked(client, owner):
    txn = TransactionFactory(user=owner, merchant="SQ *BLUEBTL")
    response = client.post(
        reverse("transaction_detail", args=[txn.pk]),
        {"merchant": "Blue Bottle", "notes": "with Ana", "tags": "treats, Treats, coffee ", "is_flagged": "on"},
    )
    assert response.url == reverse("transaction_detail", args=[txn.pk])
    txn.refresh_from_db()
    assert (txn.merchant, txn.notes, txn.is_flagged) == ("Blue Bottle", "with Ana", True)
    assert sorted(txn.tags.values_list("name", flat=True)) == ["coffee", "treats"]
    assert txn.is_locked("merchant")
    html = detail(client, txn)
    assert 'value="Blue Bottle"' in html
    assert "with Ana" in html
    assert 'value="coffee, treats"' in html
    assert "Saved the merchant, notes, tags and flag. Later syncs and rules keep what you set." in html
    assert "SQ *BLUEBTL" in html[html.index('id="history-title"') :], "the history shows the change"


def test_saving_without_changes_locks_nothing(client, owner):
    txn = TransactionFactory(user=owner, merchant="Blue Bottle")
    client.post(reverse("transaction_detail", args=[txn.pk]), {"merchant": "Blue Bottle", "notes": "", "tags": ""})
    txn.refresh_from_db()
    assert txn.locked_fields == []
    assert "Nothing changed." in detail(client, txn)


def test_changing_the_category_for_every_transaction_from_the_merchant(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    txn, other = (TransactionFactory(user=owner, merchant="Blue Bottle", description="BLUE BOTTLE") for _ in range(2))
    html = detail(client, txn)
    assert "Apply to all from Blue Bottle" in html
    assert '<optgroup label="' in html

    response = client.post(
        reverse("transaction_category", args=[txn.pk]), {"category": coffee.pk, "remember": "on"}, follow=True
    )
    html = response.content.decode()
    assert "Category set to Coffee" in html or f"Category set to {escape(coffee.name)}" in html
    assert "1 other transaction from Blue Bottle changed too" in html
    assert f'<a href="{reverse("rule_list")}">' in html
    txn.refresh_from_db()
    other.refresh_from_db()
    assert txn.category == other.category == coffee
    assert txn.is_locked("category")
    assert "Let FinSync decide" in html

    client.post(reverse("transaction_category", args=[txn.pk]), {"action": "reset"})
    txn.refresh_from_db()
    assert not txn.is_locked("category")
    assert "FinSync decides this category again" in detail(client, txn)


def test_hidden_categories_are_not_offered(client, owner):
    hidden = category(owner, "FOOD_AND_DRINK_VENDING_MACHINES")
    hidden.hidden = True
    hidden.save()
    txn = TransactionFactory(user=owner)
    html = detail(client, txn)
    assert f'value="{hidden.pk}"' not in html
    response = client.post(reverse("transaction_category", args=[txn.pk]), {"category": hidden.pk})
    assert response.status_code == 400
    assert "Choose one of your categories." in response.content.decode()
    txn.refresh_from_db()
    assert txn.category is None


def test_a_split_that_does_not_add_up_is_refused_and_nothing_saved(client, owner):
    txn = TransactionFactory(user=owner, amount=Decimal("-45.00"))
    groceries, household = (
        category(owner, "FOOD_AND_DRINK_GROCERIES"),
        category(owner, "GENERAL_MERCHANDISE_SUPERSTORES"),
    )
    url = reverse("transaction_split", args=[txn.pk])
    assert "45.00" in page(client, url)

    def lines(*parts):
        data = {
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "20",
        }
        for i, (cat, amount) in enumerate(parts):
            data |= {f"lines-{i}-category": cat.pk, f"lines-{i}-amount": amount, f"lines-{i}-note": ""}
        return data

    response = client.post(url, lines((groceries, "30.00"), (household, "10.00")))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The lines add up to 40.00 USD, but the transaction is 45.00 USD. 5.00 USD is left to assign." in html
    assert not SplitLine.objects.exists()

    response = client.post(url, lines((groceries, "30.00"), (household, "15.00")))
    assert response.url == reverse("transaction_detail", args=[txn.pk])
    assert sorted(SplitLine.objects.values_list("amount", flat=True)) == [Decimal("-30.00"), Decimal("-15.00")]
    assert "Split in 2" in page(client), "the list shows the split"
    html = detail(client, txn)
    assert "Remove split" in html

    client.post(url, {"action": "remove"})
    assert not SplitLine.objects.exists()


def test_an_outflow_is_linked_to_the_inflow_that_paid_it_back(client, owner):
    dinner = TransactionFactory(user=owner, merchant="Nopa", amount=Decimal("-120.00"))
    venmo = TransactionFactory(user=owner, merchant="Venmo from Ana", amount=Decimal("60.00"))
    old = TransactionFactory(
        user=owner, merchant="Old refund", amount=Decimal("5.00"), date=timezone.localdate() - timedelta(days=200)
    )
    html = detail(client, dinner)
    assert "Venmo from Ana" in html
    assert "Old refund" not in html, "only the last 90 days are offered"

    client.post(reverse("transaction_reimbursement", args=[dinner.pk]), {"reimbursed_by": venmo.pk})
    dinner.refresh_from_db()
    assert dinner.reimbursed_by == venmo
    html = detail(client, dinner)
    assert "Reimbursed by" in html
    assert reverse("transaction_detail", args=[venmo.pk]) in html
    venmo_page = detail(client, venmo)
    assert "Pays back" in venmo_page
    assert reverse("transaction_detail", args=[dinner.pk]) in venmo_page

    response = client.post(reverse("transaction_reimbursement", args=[dinner.pk]), {"reimbursed_by": old.pk})
    assert response.status_code == 400, "not one of the offered inflows"


def test_a_transfer_links_to_its_other_side(client, owner):
    savings = BankAccountFactory(user=owner, name="High-Yield Savings")
    out = TransactionFactory(user=owner, amount=Decimal("-200.00"), is_transfer=True, description="TO SAVINGS")
    into = TransactionFactory(
        user=owner, account=savings, amount=Decimal("200.00"), is_transfer=True, transfer_pair=out
    )
    out.transfer_pair = into
    out.save()
    html = detail(client, out)
    assert "Transfer between your accounts: the other side is" in html
    assert reverse("transaction_detail", args=[into.pk]) in html
    assert "High-Yield Savings" in html


def test_the_history_lists_changes_newest_first_in_words(client, owner):
    txn = TransactionFactory(user=owner, merchant="SQ *BLUEBTL")
    client.post(reverse("transaction_detail", args=[txn.pk]), {"merchant": "Blue Bottle", "notes": "", "tags": ""})
    client.post(
        reverse("transaction_detail", args=[txn.pk]),
        {"merchant": "Blue Bottle", "notes": "", "tags": "", "is_excluded": "on"},
    )
    html = detail(client, txn)
    history = html[html.index('id="history-title"') :]
    assert history.index("Left out of spending and reports") < history.index("Merchant"), "newest first"
    assert "SQ *BLUEBTL" in history
    assert "Blue Bottle" in history
    assert '<td data-label="By" class="txn-history__by">You</td>' in history


# Another person's transactions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "transaction_detail"),
        ("post", "transaction_detail"),
        ("post", "transaction_category"),
        ("get", "transaction_split"),
        ("post", "transaction_split"),
        ("post", "transaction_reimbursement"),
        ("get", "transaction_delete"),
        ("post", "transaction_delete"),
    ],
)
def test_another_persons_transaction_is_a_404(client, owner, method, name):
    theirs = ManualTransactionFactory(amount=Decimal("-30.00"))
    data = {"merchant": "mine", "category": category(owner, "FOOD_AND_DRINK_COFFEE").pk, "action": "remove"}
    response = getattr(client, method)(reverse(name, args=[theirs.pk]), data if method == "post" else None)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.deleted_at is None
    assert theirs.merchant == ""
    assert theirs.category is None
    assert not theirs.changes.exists()


def test_writes_are_post_only(client, owner):
    txn = TransactionFactory(user=owner)
    for name in ("transaction_category", "transaction_reimbursement"):
        assert client.get(reverse(name, args=[txn.pk])).status_code == 405


def test_totals_add_up_what_a_filter_matches_and_the_whole_history_has_none(client, owner):
    TransactionFactory(user=owner, amount=Decimal("-4.50"), description="SQ *BLUE BOTTLE")
    TransactionFactory(user=owner, amount=Decimal("2400.00"), description="PAYROLL")
    assert "txn-totals" not in page(client)
    filtered = page(client, q="bottle")
    assert "txn-totals" in filtered
    assert "<dd>1</dd>" in filtered, "the count of matching transactions"
