"""Statement files read into plain data: every format and dialect FinSync accepts, and every way a file can be
refused (each refusal names the line or element, and nothing is returned half-read)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pytest

from accounts.models import User
from transactions import imports
from transactions.management.commands import corpus_check
from transactions.models import IMPORT_PREFIX, StatementImport, Transaction
from transactions.statements import CsvMapping, StatementError, csv_mapping_guess, statement_parse
from transactions.tests.factories import statement_file


def parse(name: str, **options):
    return statement_parse(statement_file(name), filename=name, **options)


def refusal(name: str, **options) -> str:
    with pytest.raises(StatementError) as error:
        parse(name, **options)
    return str(error.value)


# --- OFX and QFX ----------------------------------------------------------------------------------------------


def test_ofx1_sgml_checking_statement():
    statement = parse("ofx1_checking.ofx")

    assert statement.format == "OFX 1.x"
    [account] = statement.accounts
    assert (account.account_id, account.account_type, account.kind, account.currency) == (
        "000111222",
        "checking",
        "depository",
        "USD",
    )
    assert (account.balance, account.balance_date) == (Decimal("3105.30"), date(2024, 2, 29))
    assert (account.start, account.end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert [(line.fitid, line.date, line.amount) for line in account.lines] == [
        ("2024020201", date(2024, 2, 2), Decimal("-54.20")),
        ("2024021501", date(2024, 2, 15), Decimal("2500.00")),
        ("2024022001", date(2024, 2, 20), Decimal("-120.50")),  # OFX allows a decimal comma
    ]


def test_ofx_descriptions_read_like_the_bank_statement():
    first, payroll, check = parse("ofx1_checking.ofx").accounts[0].lines

    assert first.description == "CAFÉ DE LA GARE · CARTE 1234"  # CHARSET:1252 byte, memo adds the card
    assert first.memo == "CARTE 1234"
    # OFX 1.x cuts NAME at 32 characters: the memo that continues it is the description
    assert payroll.description == "PAYROLL ACME TOOLS & DIES INC PPD ID 99"
    assert check.description == "Check 1042"  # no name, no memo


def test_ofx2_xml_credit_card_with_cdata_and_crlf():
    statement = parse("ofx2_credit_card.ofx")

    assert statement.format == "OFX 2.x"
    [account] = statement.accounts
    assert (account.account_id, account.account_type, account.kind, account.currency) == (
        "4111XXXXXXXX1111",
        "credit card",
        "credit",
        "EUR",
    )
    assert account.balance == Decimal("-431.17")
    purchase, payment = account.lines
    assert purchase.description == "Bäckerei Müller & Söhne <Mitte>"  # CDATA is taken as written
    assert (payment.amount, payment.description) == (Decimal("250.00"), "Payment – thank you")  # PAYEE/NAME


def test_qfx_with_a_bank_and_a_card_account_and_html_entities():
    statement = parse("qfx_two_accounts.qfx")

    assert statement.format == "QFX"
    savings, card = statement.accounts
    assert (savings.account_id, savings.account_type, len(savings.lines), savings.balance) == (
        "555-001",
        "savings",
        1,
        Decimal("1001.23"),
    )
    assert (card.account_id, card.account_type, card.balance) == ("4500XXXX9999", "credit card", Decimal("-57.00"))
    assert [line.description for line in card.lines] == ["A&W #1234 · RESTAURANT", "TIM HORTON'S #42"]


def test_empty_balance_and_empty_currency_are_read_as_unknown():
    [account] = parse("ofx1_empty_balance.ofx").accounts

    assert (account.balance, account.balance_date, account.currency) == (None, None, "")
    assert len(account.lines) == 3


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ofx1_bad_date.ofx", "Line 38: <DTPOSTED> “20240231” is not a date."),
        ("ofx1_bad_amount.ofx", "Line 39: <TRNAMT> “2,500.00” is not an amount."),
        ("ofx1_missing_date.ofx", "Line 36: <STMTTRN> with FITID “2024021501” has no <DTPOSTED>."),
        ("ofx1_truncated.ofx", "The OFX file ends before </STMTTRN>: it looks cut off."),
        ("ofx1_wrong_encoding.ofx", "Line 33: the file says it is UTF-8, but byte 0xC9 is not valid UTF-8"),
    ],
)
def test_a_malformed_ofx_file_is_refused_naming_the_line_or_element(name, message):
    assert message in refusal(name)


def test_an_investment_statement_is_refused():
    assert refusal("ofx_investment.ofx").startswith("Investment statements are not supported yet")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("statement.pdf", "This is a PDF. FinSync imports OFX, QFX, QIF and CSV files"),
        ("photo.png", "This is an image (PNG)."),
    ],
)
def test_pdfs_and_images_are_refused_with_what_to_download_instead(name, message):
    text = refusal(name)

    assert text.startswith(message)
    assert "most banks offer one of these next to the PDF statement" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00", "This is a ZIP archive or an Office document (such as an Excel workbook)."),
        (b"<!DOCTYPE html><html><body>Statement</body></html>", "This is a web page (HTML)"),
        (b"OFXHEADER:100\nDATA:OFXSGML\n\n", "This file has an OFX header but no <OFX> element"),
    ],
)
def test_files_that_are_not_statements_are_refused(data, message):
    with pytest.raises(StatementError) as error:
        statement_parse(data)

    assert str(error.value).startswith(message)


def test_reading_the_same_file_twice_gives_the_same_ids():
    first = parse("ofx1_empty_balance.ofx")

    assert first == parse("ofx1_empty_balance.ofx")


# --- QIF --------------------------------------------------------------------------------------------------------


def test_qif_bank_with_quicken_dates_thousands_categories_and_splits():
    statement = parse("qif_bank_us.qif")

    assert statement.format == "QIF"
    [account] = statement.accounts
    assert (account.account_id, account.account_type, account.balance) == ("", "bank", None)
    assert [(line.date, line.amount) for line in account.lines] == [
        (date(2023, 12, 28), Decimal("1500.00")),
        (date(2024, 1, 2), Decimal("-1250.00")),  # 1/ 2'24: Quicken's apostrophe year
        (date(2024, 1, 15), Decimal("-89.97")),
        (date(2024, 1, 20), Decimal("-200.00")),
        (date(2024, 1, 20), Decimal("-200.00")),
    ]
    rent, costco, transfer = account.lines[1], account.lines[2], account.lines[3]
    assert (rent.description, rent.memo, rent.category) == ("Landlord · January rent", "January rent", "Housing:Rent")
    assert costco.splits == (("Groceries", Decimal("-60.00"), "Food"), ("Household", Decimal("-29.97"), "Paper towels"))
    assert transfer.category == "[Savings]"  # a transfer to another account, as QIF writes it


def test_qif_lines_get_ids_that_survive_a_second_import_and_tell_identical_lines_apart():
    first = parse("qif_bank_us.qif").accounts[0].lines
    again = parse("qif_bank_us.qif").accounts[0].lines

    assert [line.fitid for line in first] == [line.fitid for line in again]
    assert len({line.fitid for line in first}) == 5  # the two identical transfers are two transactions


def test_qif_day_first_dates_and_decimal_commas_in_windows_1252():
    [account] = parse("qif_ccard_day_first.qif").accounts

    assert account.account_type == "credit card"
    assert [(line.date, line.amount, line.description) for line in account.lines] == [
        (date(2024, 1, 31), Decimal("-1234.56"), "Möbelhaus Köln · Sofa"),
        (date(2024, 2, 1), Decimal("-12.50"), "Bäckerei"),  # 1.2.24 is day first, as 31.01.2024 shows
        (date(2024, 2, 2), Decimal("500.00"), "Zahlung danke"),
    ]


def test_qif_accounts_with_names_and_a_statement_balance():
    checking, visa = parse("qif_two_accounts.qif").accounts

    assert (checking.account_id, checking.account_type, len(checking.lines)) == ("Checking", "bank", 2)
    assert (checking.balance, checking.balance_date) == (Decimal("2310.45"), date(2024, 3, 31))
    assert (visa.account_id, visa.account_type, visa.balance) == ("Visa", "credit card", None)
    assert [line.description for line in visa.lines] == ["Streaming Service"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("qif_bad_date.qif", "Line 14: “2/30/24” is not a date."),
        ("qif_bad_amount.qif", "Line 27: “-2OO.00” is not an amount."),
        (
            "qif_mixed_dates.qif",
            "Line 31: “20/1/24” puts the day first, but line 2: “12/28'2023” puts the month first",
        ),
        ("qif_wrong_encoding.qif", "Line 5: FinSync reads text as UTF-8 or Windows-1252 (Latin-1), and byte 0x81"),
    ],
)
def test_a_malformed_qif_file_is_refused_naming_the_line(name, message):
    assert refusal(name).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!Type:Bank\nT-5.00\nPCoffee\n^\n", "Line 2: this transaction has no date (no D line)."),
        ("!Type:Bank\nD1/2/24\nPCoffee\n^\n", "Line 2: this transaction has no amount (no T line)."),
        ("!Type:Invst\nD1/2/24\nNBuy\nYAAPL\n^\n", "Investment statements are not supported yet"),
        ("!Type:Cat\nNFood\n^\n", "This QIF file has no bank, cash or credit card transactions"),
    ],
)
def test_a_qif_record_without_date_or_amount_or_without_bank_section_is_refused(text, message):
    with pytest.raises(StatementError) as error:
        statement_parse(text.encode())

    assert str(error.value).startswith(message)


# --- CSV --------------------------------------------------------------------------------------------------------


def test_csv_chase_style_with_quoted_fields_trailing_commas_and_a_running_balance():
    statement = parse("csv_chase_style.csv")

    assert statement.format == "CSV"
    [account] = statement.accounts
    assert [(line.date, line.amount, line.description) for line in account.lines] == [
        (date(2024, 2, 5), Decimal("-82.15"), "GROCERY OUTLET #12, OAKLAND CA"),
        (date(2024, 2, 3), Decimal("-250.00"), "CHECK 1044"),
        (date(2024, 2, 1), Decimal("1250.00"), "ACME CORP PAYROLL PPD ID: 111"),
        (date(2024, 1, 31), Decimal("-40.00"), 'CITY WATER "AUTOPAY"'),
    ]
    # newest first: the ending balance is the first row's, because the balances add up that way
    assert (account.balance, account.balance_date) == (Decimal("1417.85"), date(2024, 2, 5))
    assert (account.start, account.end) == (date(2024, 1, 31), date(2024, 2, 5))


def test_csv_guess_skips_preamble_and_marker_rows_and_reads_debit_and_credit_columns():
    mapping = csv_mapping_guess(statement_file("csv_preamble_debit_credit.csv"))

    assert (mapping.header_row, mapping.date, mapping.debit, mapping.credit, mapping.balance) == (
        1,
        "Date",
        "Withdrawal (-)",
        "Deposit (+)",
        "RunningBalance",
    )
    statement = parse("csv_preamble_debit_credit.csv")
    [account] = statement.accounts
    assert [(line.amount, line.description) for line in account.lines] == [
        (Decimal("2450.00"), "PAYROLL DIRECT DEP"),
        (Decimal("-1137.60"), "HARDWARE STORE"),  # "$1,137.60" under Withdrawal
        (Decimal("-500.00"), "Check Paid #1002"),
        (Decimal("0.12"), "Interest Paid"),
    ]
    assert account.balance == Decimal("3812.40")
    assert [note.split(":")[0] for note in statement.skipped] == ["Line 3", "Line 4", "Line 9"]  # markers, total


def test_csv_semicolons_decimal_commas_day_first_dates_and_categories_in_windows_1252():
    mapping = csv_mapping_guess(statement_file("csv_semicolon_decimal_comma.csv"))

    assert (mapping.delimiter, mapping.header_row, mapping.decimal, mapping.date_format) == (";", 3, ",", "%d.%m.%Y")
    [account] = parse("csv_semicolon_decimal_comma.csv").accounts
    assert [(line.date, line.amount, line.description, line.category) for line in account.lines] == [
        (date(2024, 1, 2), Decimal("-3.20"), "Bäckerei Schmidt", "Lebensmittel"),
        (date(2024, 1, 5), Decimal("-1250.00"), "Miete Januar", "Wohnen"),
        (date(2024, 1, 10), Decimal("2500.00"), "Gehalt", "Einkommen"),
    ]
    assert account.balance == Decimal("3246.80")  # oldest first: the last row's balance


def test_csv_without_header_is_mapped_by_position_with_day_first_dates_from_the_values():
    mapping = csv_mapping_guess(statement_file("csv_no_header.csv"))

    assert (mapping.header_row, mapping.date, mapping.description, mapping.amount, mapping.date_format) == (
        None,
        "Column 1",
        ("Column 2",),
        "Column 3",
        "%d/%m/%Y",  # 15/01/2024 cannot be month first
    )
    lines = parse("csv_no_header.csv").accounts[0].lines
    assert [(line.date, line.amount) for line in lines] == [
        (date(2024, 1, 3), Decimal("-4.50")),  # (4.50): parentheses are money out
        (date(2024, 1, 15), Decimal("19.99")),
        (date(2024, 1, 15), Decimal("-4.50")),
        (date(2024, 1, 15), Decimal("-4.50")),
    ]
    assert lines[2].fitid != lines[3].fitid  # two identical coffees are two transactions


def test_csv_id_and_category_columns_and_currency_written_in_the_amount():
    lines = parse("csv_ids_categories.csv").accounts[0].lines

    assert [(line.fitid, line.amount, line.category) for line in lines] == [
        ("T-1001", Decimal("-15.99"), "Entertainment"),
        ("T-1002", Decimal("-3.50"), "Food & Drink"),
        ("T-1003", Decimal("20.00"), ""),
    ]


def test_csv_in_utf16_with_tabs_as_excel_saves_unicode_text():
    [account] = parse("csv_utf16_tabs.csv").accounts

    assert len(account.lines) == 4
    assert account.balance == Decimal("1417.85")


def test_a_saved_mapping_survives_json_and_reads_the_file_the_same_way():
    data = statement_file("csv_preamble_debit_credit.csv")
    mapping = csv_mapping_guess(data)

    saved = CsvMapping.from_dict(json.loads(json.dumps(mapping.as_dict())))

    assert saved == mapping
    assert statement_parse(data, csv_mapping=saved) == statement_parse(data)


def test_a_mapping_given_by_a_person_wins_over_the_guess():
    mapping = CsvMapping(
        header_row=None,
        delimiter=",",
        date="Column 1",
        description=("Column 2",),
        amount="Column 3",
        date_format="%d/%m/%Y",
        negate=True,
    )

    lines = parse("csv_no_header.csv", csv_mapping=mapping).accounts[0].lines

    assert [line.amount for line in lines] == [Decimal("4.50"), Decimal("-19.99"), Decimal("4.50"), Decimal("4.50")]


def test_columns_the_guess_cannot_tell_get_placeholders_for_a_person_to_correct():
    # Too few dates in the first column for it to read as the dates, yet the file still gets a mapping to check.
    data = b"When,What,How much\n01/05/2024,COFFEE,-4.50\npending,BOOK,-9.00\npending,FOOD,-3.00\n"

    mapping = csv_mapping_guess(data)

    assert (mapping.date, mapping.amount, mapping.description) == ("When", "How much", ("What",))
    statement = statement_parse(data, csv_mapping=mapping)
    assert (statement.line_count, len(statement.skipped)) == (1, 2)


@pytest.mark.parametrize(
    "preset",
    [
        {"header_row": 0, "delimiter": ",", "date": "Date", "description": ["Memo"]},  # no amount column
        {"header_row": 0, "delimiter": ",", "date": "Date", "amount": "A", "debit": "D", "description": []},
        {"header_row": 0, "delimiter": ",", "date": "Date", "amount": "A", "date_format": "%s", "description": []},
        {"header_row": -1, "delimiter": ",", "date": "Date", "amount": "A", "description": []},
        {"delimiter": ",", "date": "Date", "amount": "A"},  # no header_row
        ["not", "a", "mapping"],
    ],
)
def test_a_broken_preset_is_refused(preset):
    with pytest.raises(ValueError):  # noqa: PT011 - each preset is broken in its own way
        CsvMapping.from_dict(preset)


def test_a_mapping_that_does_not_fit_the_file_says_which_column_is_missing():
    mapping = CsvMapping(header_row=0, delimiter=",", date="Date", description=("Memo",), amount="Amount")

    assert refusal("csv_chase_style.csv", csv_mapping=mapping) == (
        "The file has no column “Date”: the column mapping does not fit this file."
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("csv_bad_date.csv", "Line 3: “02/30/2024” is not a date (this file's dates look like 01/31/2024)."),
        ("csv_bad_amount.csv", "Line 4: “12S0.00” is not an amount."),
        ("csv_unclosed_quote.csv", 'Line 3: a quote (") opened on this line is not closed'),
    ],
)
def test_a_malformed_csv_file_is_refused_naming_the_line(name, message):
    assert refusal(name).startswith(message)


def test_a_text_file_without_a_table_of_dates_and_amounts_is_refused():
    with pytest.raises(StatementError, match="found no row with a date and an amount"):
        statement_parse(b"Dear customer,\nyour statement is attached.\n", filename="notes.txt")


# --- what every format shares -----------------------------------------------------------------------------------


def test_an_id_the_bank_gives_twice_keeps_both_transactions():
    data = statement_file("ofx1_checking.ofx").replace(b"<FITID>2024021501", b"<FITID>2024020201")

    lines = statement_parse(data).accounts[0].lines

    assert [line.fitid for line in lines] == ["2024020201", "2024020201#2", "2024022001"]


def test_a_bank_error_instead_of_a_statement_is_shown():
    data = (
        b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1"
        b"<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>Account temporarily unavailable</STATUS>"
        b"</STMTTRNRS></BANKMSGSRSV1></OFX>"
    )

    with pytest.raises(StatementError) as error:
        statement_parse(data)

    assert str(error.value) == (
        "Line 5: the bank sent an error instead of a statement "
        "(<STMTTRNRS> has no <STMTRS>; status 2000: Account temporarily unavailable)."
    )


def test_a_qif_investment_section_is_passed_over_and_said():
    text = "!Type:Bank\nD1/2/24\nT-5.00\nPCoffee\n^\n!Type:Invst\nD1/3/24\nNBuy\nYAAPL\n^\n"

    statement = statement_parse(text.encode())

    assert statement.line_count == 1
    assert statement.skipped == ("Line 6: an investment section (!Type:Invst) was passed over.",)


# --- manage.py corpus_check -------------------------------------------------------------------------------------

MANIFEST = "file,account_type,expected_txn_count,expected_balance\n"


def corpus_with(tmp_path: Path, rows: str, *names: str) -> Path:
    (tmp_path / "files").mkdir()
    for name in names:
        (tmp_path / "files" / name).write_bytes(statement_file(name))
    (tmp_path / "files" / "manifest.csv").write_text(MANIFEST + rows, encoding="utf-8")
    return tmp_path


@pytest.mark.django_db
def test_corpus_check_passes_when_every_file_imports_as_the_manifest_says_and_leaves_the_database_as_it_was(tmp_path):

    corpus = corpus_with(
        tmp_path,
        "ofx1_checking.ofx,checking,3,3105.30 (LEDGERBAL)\n"
        "qfx_two_accounts.qfx,savings + card,3,1001.23 (acct 555-001) / -57.00 (acct 4500)\n"
        "csv_no_header.csv,checking,4 rows,none\n"
        "ofx_investment.ofx,INVESTMENT,1,none\n",
        "ofx1_checking.ofx",
        "qfx_two_accounts.qfx",
        "csv_no_header.csv",
        "ofx_investment.ofx",
    )
    said: list[str] = []

    assert corpus_check.check_statement_files(corpus, said.append)

    lines = [" ".join(line.split()) for line in said]
    assert (
        "ok ofx1_checking.ofx OFX 1.x: imported 3 transactions, balance 3105.30; again: imported 0, duplicates 3"
    ) in lines
    assert (
        "ok qfx_two_accounts.qfx QFX: imported 3 transactions, balance 1001.23, -57.00 (2 accounts, one import each); "
        "again: imported 0, duplicates 3"
    ) in lines
    assert "ok csv_no_header.csv CSV: imported 4 transactions, balance none; again: imported 0, duplicates 4" in lines
    assert "ok ofx_investment.ofx investment statement refused" in lines
    assert lines[-1] == "4/4 files as the manifest expects"
    assert not User.objects.exists()
    assert not Transaction.objects.exists()
    assert not StatementImport.objects.exists()


@pytest.mark.django_db
def test_corpus_check_fails_a_file_whose_second_import_adds_lines(tmp_path, monkeypatch):
    # As if the file ids were not stable: the second import cannot tell the lines are the same.
    monkeypatch.setattr(imports, "provider_id", lambda fitid: f"{IMPORT_PREFIX}{uuid4().hex}")
    corpus = corpus_with(tmp_path, "ofx1_checking.ofx,checking,3,3105.30\n", "ofx1_checking.ofx")
    said: list[str] = []

    assert not corpus_check.check_statement_files(corpus, said.append)

    lines = [" ".join(line.split()) for line in said]
    assert (
        "FAIL ofx1_checking.ofx OFX 1.x: imported 3 transactions, balance 3105.30; again: imported 0, duplicates 0, "
        "to review 3 (expected imported 0, duplicates 3)"
    ) in lines


@pytest.mark.django_db
def test_corpus_check_fails_on_a_count_or_balance_mismatch_or_a_refused_file(tmp_path):
    corpus = corpus_with(
        tmp_path,
        "ofx1_checking.ofx,checking,4,3105.30\nqif_bank_us.qif,bank,5,12.00\nofx1_truncated.ofx,checking,3,none\n",
        "ofx1_checking.ofx",
        "qif_bank_us.qif",
        "ofx1_truncated.ofx",
    )
    said: list[str] = []

    assert not corpus_check.check_statement_files(corpus, said.append)

    lines = [" ".join(line.split()) for line in said]
    assert "FAIL ofx1_checking.ofx expected 4 transactions; OFX 1.x: imported 3 transactions, balance 3105.30" in lines
    assert "FAIL qif_bank_us.qif expected ending balance 12.00; QIF: imported 5 transactions, balance none" in lines
    assert "FAIL ofx1_truncated.ofx refused: The OFX file ends before </STMTTRN>: it looks cut off." in lines


def test_csv_unsigned_amounts_signed_by_a_debit_credit_column_as_mint_exports_them():
    mapping = csv_mapping_guess(statement_file("csv_unsigned_with_type.csv"))

    assert (mapping.amount, mapping.direction, mapping.category) == ("Amount", "Transaction Type", "Category")
    lines = parse("csv_unsigned_with_type.csv").accounts[0].lines
    assert [(line.amount, line.description) for line in lines] == [
        (Decimal("-54.23"), "Whole Foods"),
        (Decimal("2000.00"), "Paycheck"),
        (Decimal("12.00"), "Refund"),
    ]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1/ 2'98", date(1998, 1, 2)),
        ("1/ 2' 5", date(2005, 1, 2)),
        ("12/31'2024", date(2024, 12, 31)),
        ("01/02/2024", date(2024, 1, 2)),
        ("2024-01-02", date(2024, 1, 2)),
        ("1.2.24", date(2024, 2, 1)),  # dots: day first, the European way
    ],
)
def test_qif_dates_in_the_ways_quicken_and_others_write_them(written, read):
    statement = statement_parse(f"!Type:Cash\nD{written}\nT-1.00\nPSnack\n^\n".encode())

    assert statement.accounts[0].lines[0].date == read
    assert statement.accounts[0].account_type == "cash"
