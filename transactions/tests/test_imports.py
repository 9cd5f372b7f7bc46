"""Statement imports: what lands in an account, what is left out as already there, what waits for review,
and that a file either imports whole or not at all."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from banking.models import BalanceSnapshot, BankAccount
from transactions import imports
from transactions.imports import (
    Verdict,
    import_plan,
    likely_duplicate_keep,
    likely_duplicate_merge,
    likely_duplicates_merge_all,
    statement_file_import,
    statement_import_confirm,
    statement_import_undo,
    statement_upload,
    statement_upload_adjust,
)
from transactions.models import (
    Category,
    CsvPreset,
    LikelyDuplicate,
    SplitLine,
    StatementImport,
    Transaction,
    TransactionChange,
)
from transactions.services import category_create
from transactions.statements import CsvMapping, StatementError
from transactions.tests.factories import ManualAccountFactory, ofx_statement, statement_file


@pytest.fixture
def wallet(db) -> BankAccount:
    return ManualAccountFactory(user=UserFactory(), name="Credit union", currency="USD")


def imported(account: BankAccount) -> list[Transaction]:
    return list(Transaction.objects.filter(account=account).order_by("date", "pk"))


# Importing -------------------------------------------------------------------------------------------


def test_an_ofx_statement_lands_categorized_with_its_balance(wallet):
    done = statement_file_import(
        user=wallet.user, file_name="feb.ofx", data=statement_file("ofx1_checking.ofx"), account=wallet
    )

    rows = imported(wallet)
    assert [(t.date, t.amount, t.description) for t in rows] == [
        (date(2024, 2, 2), Decimal("-54.20"), "CAFÉ DE LA GARE · CARTE 1234"),
        (date(2024, 2, 15), Decimal("2500.00"), "PAYROLL ACME TOOLS & DIES INC PPD ID 99"),
        (date(2024, 2, 20), Decimal("-120.50"), "Check 1042"),
    ]
    assert all(t.category_id and t.category_reason for t in rows)
    assert rows[1].category.parent.code == "INCOME"
    assert rows[0].provider_data == {"file": "feb.ofx", "format": "OFX 1.x", "id": "2024020201", "memo": "CARTE 1234"}
    assert (done.imported, done.duplicates, done.to_review, done.status) == (3, 0, 0, StatementImport.Status.IMPORTED)
    assert (done.period_start, done.period_end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert done.content == b""  # the file itself is not kept once imported
    wallet.refresh_from_db()
    assert wallet.current_balance == Decimal("3105.30")
    assert BalanceSnapshot.objects.get(account=wallet).date == date(2024, 2, 29)


def test_the_same_file_twice_adds_nothing(wallet):
    data = statement_file("qif_bank_us.qif")
    first = statement_file_import(user=wallet.user, file_name="jan.qif", data=data, account=wallet)
    before = [(t.pk, t.category_id, t.updated_at) for t in imported(wallet)]

    second = statement_file_import(user=wallet.user, file_name="jan.qif", data=data, account=wallet)

    assert (first.imported, second.imported, second.duplicates) == (5, 0, 5)
    assert [(t.pk, t.category_id, t.updated_at) for t in imported(wallet)] == before
    assert not LikelyDuplicate.objects.exists()


def test_a_later_statement_that_overlaps_imports_only_what_is_new(wallet):
    statement_file_import(
        user=wallet.user,
        file_name="a.ofx",
        data=ofx_statement(
            ("A1", "20261101", "-5.00", "CORNER COFFEE"), ("A2", "20261103", "-60.00", "GAS STATION 12")
        ),
        account=wallet,
    )
    later = statement_file_import(
        user=wallet.user,
        file_name="b.ofx",
        data=ofx_statement(("A2", "20261103", "-60.00", "GAS STATION 12"), ("A3", "20261105", "-9.99", "STREAMING CO")),
        account=wallet,
    )
    assert (later.imported, later.duplicates) == (1, 1)
    assert [t.description for t in imported(wallet)] == ["CORNER COFFEE", "GAS STATION 12", "STREAMING CO"]


def test_the_same_file_id_in_another_account_is_another_transaction(wallet):
    other = ManualAccountFactory(user=wallet.user, name="Joint", currency="USD")
    data = ofx_statement(("A1", "20261101", "-5.00", "CORNER COFFEE"))
    statement_file_import(user=wallet.user, file_name="a.ofx", data=data, account=wallet)
    again = statement_file_import(user=wallet.user, file_name="a.ofx", data=data, account=other)
    assert again.imported == 1


def test_a_file_id_too_long_for_the_database_still_dedups(wallet):
    data = ofx_statement(("X" * 150, "20261101", "-5.00", "CORNER COFFEE"))
    statement_file_import(user=wallet.user, file_name="a.ofx", data=data, account=wallet)
    again = statement_file_import(user=wallet.user, file_name="a.ofx", data=data, account=wallet)
    assert (again.imported, again.duplicates) == (0, 1)
    assert len(imported(wallet)[0].provider_transaction_id) <= 100


def test_a_new_manual_account_is_made_from_the_file_on_confirm_only(db):
    user = UserFactory()
    upload = statement_upload(
        user=user, file_name="card.ofx", data=statement_file("ofx2_credit_card.ofx"), new_account_name="Travel card"
    )
    assert not BankAccount.objects.filter(user=user).exists()

    done = statement_import_confirm(user=user, upload=upload)

    account = BankAccount.objects.get(user=user)
    assert (account.name, account.is_manual, account.type, account.currency) == ("Travel card", True, "credit", "EUR")
    assert Transaction.objects.filter(account=account).count() == done.imported > 0


def test_the_files_categories_are_used_when_the_person_has_them(wallet):
    statement_file_import(user=wallet.user, file_name="jan.qif", data=statement_file("qif_bank_us.qif"), account=wallet)

    costco = Transaction.objects.get(account=wallet, description="Costco")
    payroll = Transaction.objects.get(account=wallet, description="Employer Payroll")
    assert (costco.category.code, costco.category_source) == ("FOOD_AND_DRINK_GROCERIES", "provider")
    assert payroll.category.code == "INCOME_SALARY"
    # The split names a category the person does not have (Household): the file's split is kept beside it.
    assert not SplitLine.objects.filter(transaction=costco).exists()
    assert [split["amount"] for split in costco.provider_data["splits"]] == ["-60.00", "-29.97"]


def test_a_split_into_categories_the_person_has_becomes_split_lines(wallet):
    shopping = Category.objects.get(user=wallet.user, code="GENERAL_MERCHANDISE")
    category_create(user=wallet.user, parent=shopping, name="Household")

    statement_file_import(user=wallet.user, file_name="jan.qif", data=statement_file("qif_bank_us.qif"), account=wallet)

    costco = Transaction.objects.get(account=wallet, description="Costco")
    assert [(s.category.name, s.amount, s.note) for s in SplitLine.objects.filter(transaction=costco)] == [
        ("Groceries", Decimal("-60.00"), "Food"),
        ("Household", Decimal("-29.97"), "Paper towels"),
    ]


# Likely duplicates -----------------------------------------------------------------------------------


def test_a_statement_overlapping_synced_data_sends_the_overlap_to_review(bank):
    checking = bank.accounts["checking"]
    coffee = bank.add("SQ *CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    rent = bank.add("RENT PAYMENT LANDLORD LLC", "-1200.00", date=date(2026, 11, 1))
    data = ofx_statement(
        ("F1", "20261104", "-4.50", "CORNER COFFEE OAKLAND"),  # two days later, same amount, same payee
        ("F2", "20261101", "-1200.00", "ELECTRICITY CO"),  # same amount and day, another payee
        ("F3", "20261103", "-33.00", "BOOK SHOP"),
    )

    done = statement_file_import(user=bank.user, file_name="nov.ofx", data=data, account=checking)

    assert (done.imported, done.to_review, done.duplicates) == (2, 1, 0)
    waiting = LikelyDuplicate.objects.get()
    assert (waiting.duplicate_of, waiting.description, waiting.amount) == (
        coffee,
        "CORNER COFFEE OAKLAND",
        Decimal("-4.50"),
    )
    assert not Transaction.objects.filter(description="CORNER COFFEE OAKLAND").exists()  # not counted twice meanwhile
    assert Transaction.objects.filter(account=checking, amount=Decimal("-1200.00")).count() == 2
    assert rent.pk in Transaction.objects.values_list("pk", flat=True)

    again = statement_file_import(user=bank.user, file_name="nov.ofx", data=data, account=checking)
    assert (again.imported, again.duplicates, again.to_review) == (0, 3, 0)  # asked once, not on every import


def test_each_synced_transaction_answers_for_one_line_only(bank):
    bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    data = ofx_statement(("F1", "20261102", "-4.50", "CORNER COFFEE"), ("F2", "20261102", "-4.50", "CORNER COFFEE"))

    done = statement_file_import(user=bank.user, file_name="nov.ofx", data=data, account=bank.accounts["checking"])

    assert (done.imported, done.to_review) == (1, 1)


def test_dates_further_apart_than_three_days_are_not_duplicates(bank):
    bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    data = ofx_statement(("F1", "20261106", "-4.50", "CORNER COFFEE"))
    done = statement_file_import(user=bank.user, file_name="nov.ofx", data=data, account=bank.accounts["checking"])
    assert (done.imported, done.to_review) == (1, 0)


def test_merge_keeps_the_synced_transaction_and_says_so_in_its_history(bank):
    coffee = bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    statement_file_import(
        user=bank.user,
        file_name="nov.ofx",
        data=ofx_statement(("F1", "20261103", "-4.50", "CORNER COFFEE")),
        account=bank.accounts["checking"],
    )
    item = LikelyDuplicate.objects.get()

    likely_duplicate_merge(user=bank.user, item=item)

    item.refresh_from_db()
    assert item.decision == LikelyDuplicate.Decision.MERGED
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 1
    change = TransactionChange.objects.get(transaction=coffee, field="merged")
    assert "nov.ofx" in change.new_value
    assert change.source == "import"
    with pytest.raises(ValidationError, match="reviewed already"):
        likely_duplicate_keep(user=bank.user, item=item)


def test_keep_both_makes_the_line_a_categorized_transaction(bank):
    bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    statement_file_import(
        user=bank.user,
        file_name="nov.ofx",
        data=ofx_statement(("F1", "20261103", "-4.50", "CORNER COFFEE")),
        account=bank.accounts["checking"],
    )

    kept = likely_duplicate_keep(user=bank.user, item=LikelyDuplicate.objects.get())

    kept.refresh_from_db()
    assert (kept.date, kept.amount, kept.account) == (date(2026, 11, 3), Decimal("-4.50"), bank.accounts["checking"])
    assert kept.category.parent.code == "FOOD_AND_DRINK"
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 2


# Nothing or everything -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("ofx1_truncated.ofx", "cut off"),
        ("ofx1_bad_date.ofx", "DTPOSTED"),
        ("ofx1_bad_amount.ofx", "TRNAMT"),
        ("qif_bad_date.qif", "Line"),
        ("qif_wrong_encoding.qif", "encoding"),
        ("statement.pdf", "PDF"),
        ("photo.png", "image"),
        ("ofx_investment.ofx", "Investment statements are not supported"),
    ],
)
def test_a_file_that_cannot_be_read_imports_nothing_and_says_why(wallet, name, problem):
    with pytest.raises(StatementError, match=problem):
        statement_file_import(user=wallet.user, file_name=name, data=statement_file(name), account=wallet)
    assert not Transaction.objects.exists()
    assert not StatementImport.objects.exists()


@pytest.mark.parametrize(("name", "problem"), [("csv_bad_date.csv", "not a date"), ("csv_bad_amount.csv", "amount")])
def test_a_csv_with_a_bad_row_is_kept_for_its_mapping_but_cannot_be_confirmed(wallet, name, problem):
    upload = statement_upload(user=wallet.user, file_name=name, data=statement_file(name), account=wallet)

    plan = import_plan(upload=upload)
    assert problem in plan.error.lower()
    assert plan.error.startswith("Line ")
    with pytest.raises(StatementError):
        statement_import_confirm(user=wallet.user, upload=upload)
    assert not Transaction.objects.exists()


def test_an_error_halfway_through_leaves_nothing_behind(wallet, monkeypatch):
    upload = statement_upload(
        user=wallet.user, file_name="feb.ofx", data=statement_file("ofx1_checking.ofx"), account=wallet
    )

    def fail(**kwargs):
        raise RuntimeError("the worker died")

    monkeypatch.setattr(imports, "transactions_ingested", fail)
    with pytest.raises(RuntimeError):
        statement_import_confirm(user=wallet.user, upload=upload)

    assert not Transaction.objects.exists()
    upload.refresh_from_db()
    assert upload.status == StatementImport.Status.PREVIEW  # the person can confirm again


def test_a_file_over_the_size_limit_is_refused(wallet, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(StatementError, match="1000"):
        statement_upload(user=wallet.user, file_name="big.ofx", data=b"x" * 1001, account=wallet)


def test_a_file_in_another_currency_cannot_go_into_the_account(db):
    euros = ManualAccountFactory(user=UserFactory(), currency="EUR")
    upload = statement_upload(
        user=euros.user, file_name="usd.ofx", data=statement_file("ofx1_checking.ofx"), account=euros
    )
    assert "USD" in import_plan(upload=upload).error
    with pytest.raises(StatementError, match="same currency"):
        statement_import_confirm(user=euros.user, upload=upload)


def test_a_preview_and_its_import_agree(bank):
    bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    checking = bank.accounts["checking"]
    statement_file_import(
        user=bank.user, file_name="a.ofx", data=ofx_statement(("A1", "20261101", "-1.00", "KIOSK")), account=checking
    )
    data = ofx_statement(
        ("A1", "20261101", "-1.00", "KIOSK"),
        ("F1", "20261103", "-4.50", "CORNER COFFEE"),
        ("F2", "20261104", "-7.00", "BAKERY"),
    )
    upload = statement_upload(user=bank.user, file_name="b.ofx", data=data, account=checking)

    plan = import_plan(upload=upload)
    done = statement_import_confirm(user=bank.user, upload=upload)

    assert [p.verdict for p in plan.lines] == [Verdict.DUPLICATE, Verdict.LIKELY, Verdict.NEW]
    assert (done.duplicates, done.to_review, done.imported) == (plan.duplicates, plan.likely, plan.new)


# CSV presets -----------------------------------------------------------------------------------------


def test_a_corrected_csv_mapping_is_remembered_for_the_account(wallet):
    data = statement_file("csv_no_header.csv")
    upload = statement_upload(user=wallet.user, file_name="jan.csv", data=data, account=wallet)
    guessed = CsvMapping.from_dict(upload.csv_mapping)
    corrected = CsvMapping.from_dict({**guessed.as_dict(), "negate": True})
    statement_upload_adjust(user=wallet.user, upload=upload, csv_mapping=corrected)
    statement_import_confirm(user=wallet.user, upload=upload)
    assert CsvPreset.objects.get(account=wallet).mapping == corrected.as_dict()

    later = statement_upload(user=wallet.user, file_name="feb.csv", data=data, account=wallet)

    assert later.csv_mapping == corrected.as_dict()


def test_a_file_with_two_accounts_imports_the_one_chosen(db):
    card = ManualAccountFactory(user=UserFactory(), name="Visa", currency="CAD")
    upload = statement_upload(
        user=card.user, file_name="two.qfx", data=statement_file("qfx_two_accounts.qfx"), account=card
    )
    assert import_plan(upload=upload).part.account_id == "555-001"

    statement_upload_adjust(user=card.user, upload=upload, statement_account=1)
    upload.refresh_from_db()
    plan = import_plan(upload=upload)
    done = statement_import_confirm(user=card.user, upload=upload)

    assert plan.part.account_id == "4500XXXX9999"
    assert [t.amount for t in imported(card)] == [Decimal("-45.00"), Decimal("-12.00")]
    assert done.balance == Decimal("-57.00")


# Undo and owners -------------------------------------------------------------------------------------


def test_undo_takes_the_import_back_and_the_file_can_come_again(wallet):
    done = statement_file_import(
        user=wallet.user, file_name="jan.qif", data=statement_file("qif_bank_us.qif"), account=wallet
    )

    assert statement_import_undo(user=wallet.user, upload=done) == 5
    assert not imported(wallet)
    done.refresh_from_db()
    assert done.status == StatementImport.Status.UNDONE

    again = statement_file_import(
        user=wallet.user, file_name="jan.qif", data=statement_file("qif_bank_us.qif"), account=wallet
    )
    assert again.imported == 5


def test_nobody_imports_into_or_decides_for_another_persons_account(bank, wallet):
    outsider = wallet.user
    with pytest.raises(ValidationError):
        statement_upload(
            user=outsider,
            file_name="a.ofx",
            data=statement_file("ofx1_checking.ofx"),
            account=bank.accounts["checking"],
        )
    bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    upload = statement_upload(
        user=bank.user,
        file_name="nov.ofx",
        data=ofx_statement(("F1", "20261103", "-4.50", "CORNER COFFEE")),
        account=bank.accounts["checking"],
    )
    with pytest.raises(ValidationError):
        statement_import_confirm(user=outsider, upload=upload)
    statement_import_confirm(user=bank.user, upload=upload)
    with pytest.raises(ValidationError):
        likely_duplicate_keep(user=outsider, item=LikelyDuplicate.objects.get())
    with pytest.raises(ValidationError):
        statement_import_undo(user=outsider, upload=upload)
    assert Transaction.objects.filter(user=outsider).count() == 0


def test_undoing_a_file_imports_the_lines_of_another_file_that_were_matched_to_it(wallet):
    first = statement_file_import(
        user=wallet.user,
        file_name="a.ofx",
        data=ofx_statement(("A1", "20261101", "-4.50", "CORNER COFFEE")),
        account=wallet,
    )
    statement_file_import(
        user=wallet.user,
        file_name="b.ofx",
        data=ofx_statement(("B1", "20261102", "-4.50", "CORNER COFFEE")),
        account=wallet,
    )
    assert LikelyDuplicate.objects.get().decision == LikelyDuplicate.Decision.PENDING

    statement_import_undo(user=wallet.user, upload=first)

    [left] = imported(wallet)
    assert (left.date, left.provider_data["file"]) == (date(2026, 11, 2), "b.ofx")
    assert left.category_id is not None
    assert LikelyDuplicate.objects.get().kept == left


def test_a_new_account_cannot_take_the_name_of_one_the_person_has(wallet):
    with pytest.raises(ValidationError, match="already have an account named"):
        statement_upload(
            user=wallet.user,
            file_name="a.ofx",
            data=statement_file("ofx1_checking.ofx"),
            new_account_name="credit UNION",
        )


def test_merge_all_settles_every_waiting_line_whose_transaction_is_there(bank):
    coffee = bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    bank.add("BOOK SHOP", "-33.00", date=date(2026, 11, 3))
    gone = bank.record("GAS STATION 12", "-60.00", date=date(2026, 11, 4))
    bank.sync(gone)
    data = ofx_statement(
        ("F1", "20261102", "-4.50", "CORNER COFFEE"),
        ("F2", "20261103", "-33.00", "BOOK SHOP"),
        ("F3", "20261104", "-60.00", "GAS STATION 12"),
    )
    statement_file_import(user=bank.user, file_name="nov.ofx", data=data, account=bank.accounts["checking"])
    bank.sync(removed=(gone.provider_transaction_id,))  # the bank drops one meanwhile: that line stays for review
    other = UserFactory()

    assert likely_duplicates_merge_all(user=other) == 0
    assert likely_duplicates_merge_all(user=bank.user) == 2

    assert LikelyDuplicate.objects.get(decision="").description == "GAS STATION 12"
    assert TransactionChange.objects.filter(transaction=coffee, field="merged").count() == 1
    assert Transaction.objects.filter(user=bank.user, deleted_at__isnull=True).count() == 2
