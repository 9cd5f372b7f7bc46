"""`manage.py import_transactions --user EMAIL --account NAME FILE`: a statement file imported from the shell."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from banking.models import BankAccount, Connection
from transactions.models import LikelyDuplicate, StatementImport, Transaction
from transactions.tests.factories import STATEMENTS, BankAccountFactory, ManualAccountFactory, TransactionFactory

pytestmark = pytest.mark.django_db


def run(user, account: str, name: str, *options: str) -> list[str]:
    out = io.StringIO()
    call_command(
        "import_transactions", "--user", user.email, "--account", account, *options, str(STATEMENTS / name), stdout=out
    )
    return out.getvalue().splitlines()


def refusal(user, account: str, name: str, *options: str) -> str:
    with pytest.raises(CommandError) as error:
        run(user, account, name, *options)
    return str(error.value)


def test_an_ofx_file_is_imported_into_a_manual_account():
    account = ManualAccountFactory(name="Credit Union Checking")

    lines = run(account.user, "Credit Union Checking", "ofx1_checking.ofx")

    assert lines[0] == "imported 3, duplicates 0, skipped 0"
    assert "format OFX 1.x, into Credit Union Checking (USD)" in lines
    assert "ending balance 3105.30 USD" in lines
    assert sorted(Transaction.objects.filter(account=account).values_list("date", "amount")) == [
        (date(2024, 2, 2), Decimal("-54.20")),
        (date(2024, 2, 15), Decimal("2500.00")),
        (date(2024, 2, 20), Decimal("-120.50")),
    ]
    account.refresh_from_db()
    assert account.current_balance == Decimal("3105.30")


def test_the_account_name_is_matched_whatever_its_case():
    account = ManualAccountFactory(name="Joint Checking")

    assert run(account.user, "  joint CHECKING ", "qif_bank_us.qif")[0] == "imported 5, duplicates 0, skipped 0"
    assert Transaction.objects.filter(account=account).count() == 5


def test_a_linked_account_can_take_a_file():
    account = BankAccountFactory(name="Everyday Checking")

    assert run(account.user, "Everyday Checking", "ofx1_checking.ofx")[0] == "imported 3, duplicates 0, skipped 0"
    assert Transaction.objects.filter(account=account).count() == 3


def test_the_same_file_twice_imports_nothing_the_second_time():
    account = ManualAccountFactory(name="Checking")
    run(account.user, "Checking", "csv_preamble_debit_credit.csv")

    lines = run(account.user, "Checking", "csv_preamble_debit_credit.csv")

    assert lines[0] == "imported 0, duplicates 4, skipped 3"
    assert Transaction.objects.filter(account=account).count() == 4


def test_a_csv_says_whether_its_columns_were_guessed_or_came_from_the_accounts_preset():
    account = ManualAccountFactory(name="Checking")

    first = run(account.user, "Checking", "csv_chase_style.csv")
    again = run(account.user, "Checking", "csv_chase_style.csv")

    assert first[0] == "imported 4, duplicates 0, skipped 0"
    assert (
        "CSV columns from FinSync's guess: date in “Posting Date” written like 01/31/2024, amount in “Amount”, "
        "header on row 1"
    ) in first
    assert again[0] == "imported 0, duplicates 4, skipped 0"
    assert any(line.startswith("CSV columns from the account's saved preset: date in “Posting Date”") for line in again)


def test_lines_that_look_like_known_transactions_wait_for_review_and_the_output_says_where():
    account = ManualAccountFactory(name="Checking")
    TransactionFactory(
        user=account.user,
        account=account,
        date=date(2024, 2, 3),
        amount=Decimal("-82.15"),
        description="GROCERY OUTLET #12 OAKLAND CA",
    )

    lines = run(account.user, "Checking", "csv_chase_style.csv")

    assert lines[0] == "imported 3, duplicates 0, skipped 0"
    assert (
        "1 line(s) look like transactions FinSync has and wait for your review at /transactions/imports/review/"
        in (lines[1])
    )
    assert LikelyDuplicate.objects.filter(account=account, amount=Decimal("-82.15")).count() == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("ofx1_truncated.ofx", "The OFX file ends before </STMTTRN>: it looks cut off."),
        ("csv_bad_date.csv", "Line 3: “02/30/2024” is not a date"),
        ("qif_bad_amount.qif", "Line 27: “-2OO.00” is not an amount."),
        ("ofx_investment.ofx", "Investment statements are not supported"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_the_line_or_element_and_nothing_is_imported(name, said):
    account = ManualAccountFactory(name="Checking")

    message = refusal(account.user, "Checking", name)

    assert said in message
    assert "Nothing was imported." in message
    assert not Transaction.objects.filter(account=account).exists()
    assert not StatementImport.objects.exists()


def test_an_unknown_account_is_refused_listing_the_persons_accounts():
    cash = ManualAccountFactory(name="Wallet")
    BankAccountFactory(user=cash.user, name="Everyday Checking", mask="1234")
    BankAccountFactory(user=cash.user, name="Old Savings", hidden=True)

    message = refusal(cash.user, "Savings", "ofx1_checking.ofx")

    assert f"{cash.user.email} has no account named “Savings”" in message
    assert "Everyday Checking ··1234 (" in message
    assert "Wallet (manual)" in message
    assert "Old Savings" not in message  # hidden accounts are not offered
    assert not Transaction.objects.exists()


def test_a_hidden_account_is_not_imported_into():
    hidden = ManualAccountFactory(name="Old Savings", hidden=True)
    ManualAccountFactory(user=hidden.user, name="Wallet")

    assert "has no account named “Old Savings”" in refusal(hidden.user, "Old Savings", "ofx1_checking.ofx")
    assert not Transaction.objects.exists()


def test_an_account_of_a_disconnected_bank_is_not_imported_into():
    gone = BankAccountFactory(name="Closed Checking")
    Connection.objects.filter(pk=gone.connection_id).update(disconnected_at=timezone.now())
    ManualAccountFactory(user=gone.user, name="Wallet")

    message = refusal(gone.user, "Closed Checking", "ofx1_checking.ofx")

    assert "has no account named “Closed Checking”; the accounts are: Wallet (manual)" in message
    assert not Transaction.objects.exists()


def test_two_accounts_with_the_name_are_ambiguous():
    first = ManualAccountFactory(name="Checking")
    BankAccountFactory(user=first.user, name="checking", mask="9876")

    message = refusal(first.user, "Checking", "ofx1_checking.ofx")

    assert "Several of" in message
    assert "Checking (manual)" in message
    assert "checking ··9876 (" in message
    assert not Transaction.objects.exists()


def test_another_persons_account_is_not_found():
    outsiders = ManualAccountFactory(name="Their Checking")
    me = ManualAccountFactory(name="My Checking").user

    message = refusal(me, "Their Checking", "ofx1_checking.ofx")

    assert "has no account named “Their Checking”; the accounts are: My Checking (manual)" in message
    assert not Transaction.objects.filter(account=outsiders).exists()


def test_an_unknown_user_is_refused():
    ManualAccountFactory(name="Cash", user=UserFactory(email="somebody@example.com"))

    with pytest.raises(CommandError, match=r"No user has the email address nobody@example\.com"):
        call_command(
            "import_transactions",
            "--user",
            "nobody@example.com",
            "--account",
            "Cash",
            str(STATEMENTS / "qif_bank_us.qif"),
        )
    assert not Transaction.objects.exists()


def test_a_missing_file_is_named():
    account = ManualAccountFactory(name="Cash")

    assert "nope.ofx does not exist" in refusal(account.user, "Cash", "nope.ofx")


def test_new_account_makes_a_manual_account_in_the_files_currency():
    user = UserFactory()

    lines = run(user, "Visa from file", "ofx2_credit_card.ofx", "--new-account")

    account = BankAccount.objects.get(user=user, name="Visa from file")
    assert account.is_manual
    assert account.currency == "EUR"
    assert lines[0] == "imported 2, duplicates 0, skipped 0"
    assert "format OFX 2.x, into Visa from file (EUR)" in lines
    assert Transaction.objects.filter(account=account).count() == 2


def test_new_account_takes_the_default_currency_when_the_file_has_none():
    user = UserFactory(default_currency="GBP")

    run(user, "Household", "qif_bank_us.qif", "--new-account")

    assert BankAccount.objects.get(user=user, name="Household").currency == "GBP"


def test_new_account_refuses_a_name_already_in_use():
    account = ManualAccountFactory(name="Cash")

    message = refusal(account.user, "cash", "qif_bank_us.qif", "--new-account")

    assert "already have an account named cash" in message
    assert BankAccount.objects.filter(user=account.user).count() == 1
    assert not Transaction.objects.exists()


def test_a_file_with_two_accounts_says_which_one_was_imported():
    user = UserFactory()

    lines = run(user, "Savings", "qfx_two_accounts.qfx", "--new-account")

    assert lines[0] == "imported 1, duplicates 0, skipped 0"
    assert lines[-1].startswith("this file holds 2 accounts (555-001, 4500XXXX9999); this imported 555-001")


def test_the_import_is_recorded_like_one_made_on_the_import_page():
    account = ManualAccountFactory(name="Checking")

    run(account.user, "Checking", "ofx1_checking.ofx")

    upload = StatementImport.objects.get(user=account.user)
    assert (upload.status, upload.account, upload.imported, upload.file_name) == (
        StatementImport.Status.IMPORTED,
        account,
        3,
        "ofx1_checking.ofx",
    )
    assert upload.imported_at <= timezone.now()
