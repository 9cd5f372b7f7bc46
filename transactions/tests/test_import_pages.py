"""The statement import pages: upload, preview, confirm, result, undo and the review queue, as the owner and as an
outsider who gets 404."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from transactions import imports
from transactions.models import CsvPreset, LikelyDuplicate, StatementImport, Transaction, TransactionChange
from transactions.tests.factories import ManualAccountFactory, TransactionFactory, ofx_statement, statement_file

pytestmark = pytest.mark.django_db
NEW = reverse("import_new")
LIST = reverse("import_list")
REVIEW = reverse("import_review")


@pytest.fixture
def owner(client, bank):
    client.force_login(bank.user)
    return bank.user


@pytest.fixture
def wallet(owner) -> BankAccount:
    return ManualAccountFactory(user=owner, name="Credit union", currency="USD")


def words(response) -> str:
    """The page as a person reads it: text without tags (blocks apart), white space collapsed."""
    html = re.sub(r"</?(?:dt|dd|td|th|li|p|div|tr|h\d|section|option|label)\b[^>]*>", " ", response.content.decode())
    return " ".join(unescape(strip_tags(html)).split())


def upload(client, name: str, data: bytes | None = None, *, account=None, new_account_name: str = ""):
    """Post a file to the upload form, as the browser does."""
    fields = {
        "file": SimpleUploadedFile(name, statement_file(name) if data is None else data),
        "account": account.pk if account else "",
        "new_account_name": new_account_name,
    }
    return client.post(NEW, fields)


def preview_url(response) -> str:
    assert response.status_code == 302, words(response)
    assert re.fullmatch(r"/transactions/imports/\d+/", response.url)
    return response.url


def confirm(client, url: str):
    return client.post(url + "confirm", follow=True)


def decide(item, decision: str) -> str:
    return reverse("import_review_decide", kwargs={"item_id": item.pk, "decision": decision})


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# Upload, preview, confirm ------------------------------------------------------------------------------


def test_the_transactions_of_one_account_offer_an_import_into_it(client, owner, wallet):
    page = client.get(reverse("transaction_list"), {"account": wallet.pk}).content.decode()
    assert f'href="{NEW}?account={wallet.pk}">Import a file' in page


def test_an_ofx_file_is_previewed_then_imported_into_a_manual_account(client, owner, wallet):
    form = client.get(f"{NEW}?account={wallet.pk}")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(rf'<option value="{wallet.pk}" selected>Credit union', html), "the account asked for is chosen"

    url = preview_url(upload(client, "ofx1_checking.ofx", account=wallet))
    assert not Transaction.objects.filter(account=wallet).exists(), "nothing is saved before confirming"
    preview = client.get(url)
    text = words(preview)
    assert "OFX 1.x" in text
    assert "Into Credit union" in text
    assert "1 Feb 2024 to 29 Feb 2024" in text
    assert "Ending balance 3,105.30 USD on 29 Feb 2024" in text
    assert "New 3 Already imported 0 Likely duplicates, for review 0 Lines skipped 0" in text
    assert "Confirming adds 3 transactions to Credit union." in text
    assert "PAYROLL ACME TOOLS & DIES INC PPD ID 99" in text
    assert text.count("New") >= 4, "each line is marked New"

    done = confirm(client, url)
    assert "Imported 3 transactions into Credit union; 0 already there; 0 to review." in messages_of(done)
    assert "Imported into Credit union" in words(done)
    listed = words(client.get(reverse("transaction_list"), {"account": wallet.pk}))
    assert "PAYROLL ACME TOOLS & DIES INC PPD ID 99" in listed
    assert "Check 1042" in listed
    wallet.refresh_from_db()
    assert wallet.current_balance == Decimal("3105.30")

    txn = Transaction.objects.get(account=wallet, amount=Decimal("2500.00"))
    detail = client.get(reverse("transaction_detail", args=[txn.pk]))
    assert "Imported from ofx1_checking.ofx on" in words(detail)
    assert f'href="{url}"' in detail.content.decode()

    history = words(client.get(LIST))
    assert "ofx1_checking.ofx" in history
    assert "Imported" in history
    assert "3,105.30 USD" in history


def test_the_same_file_again_is_all_already_imported_and_adds_nothing(client, owner, wallet):
    confirm(client, preview_url(upload(client, "ofx1_checking.ofx", account=wallet)))
    before = Transaction.objects.filter(account=wallet).count()

    url = preview_url(upload(client, "ofx1_checking.ofx", account=wallet))
    text = words(client.get(url))
    assert "New 0 Already imported 3" in text
    assert "Every line of this file is already imported." in text
    assert text.count("Already imported") == 4, "the count and each of the three lines"

    done = confirm(client, url)
    assert "Imported 0 transactions into Credit union; 3 already there; 0 to review." in messages_of(done)
    assert Transaction.objects.filter(account=wallet).count() == before == 3


def test_a_new_manual_account_from_the_file_is_made_on_confirm_only(client, owner):
    accounts = set(BankAccount.objects.values_list("pk", flat=True))
    url = preview_url(upload(client, "ofx2_credit_card.ofx", new_account_name="Travel card"))
    assert set(BankAccount.objects.values_list("pk", flat=True)) == accounts
    text = words(client.get(url))
    assert "A new manual account “Travel card” (made when you confirm, in EUR)" in text

    done = confirm(client, url)
    card = BankAccount.objects.get(user=owner, name="Travel card")
    assert card.is_manual
    assert card.currency == "EUR"
    assert "Imported 2 transactions into Travel card" in messages_of(done)
    assert Transaction.objects.filter(account=card).count() == 2


def test_a_new_account_needs_a_name(client, owner):
    response = upload(client, "ofx1_checking.ofx")
    assert response.status_code == 400
    assert "Name the new account, or choose one of yours above." in words(response)
    assert not StatementImport.objects.exists()


def mapping_data(response, **changes) -> dict:
    """What the column mapping form posts as the page shows it, with some fields changed."""
    form = response.context["mapping_form"]
    data = {"form": "mapping"}
    for name, field in form.fields.items():
        value = changes.get(name, form[name].value())
        if field.widget.input_type == "checkbox" and not isinstance(value, list):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = "" if value is None else value
    return data


CARD_CSV = b"Date,Description,Amount\n11/03/2026,BOOK SHOP,33.00\n11/05/2026,STREAMING CO,9.99\n"


def test_a_csv_read_wrong_is_corrected_in_the_mapping_form_and_remembered_for_the_account(client, owner, wallet):
    url = preview_url(upload(client, "card.csv", CARD_CSV, account=wallet))
    preview = client.get(url)
    assert "+money in 33.00 USD" in words(preview), "the card writes purchases as positive: read as money in"
    assert 'id="mapping"' in preview.content.decode()

    corrected = client.post(url, mapping_data(preview, negate=True), follow=True)
    text = words(corrected)
    assert "How the columns are read is changed" in text
    assert "−money out 33.00 USD" in text
    assert "−money out 9.99 USD" in text

    confirm(client, url)
    assert sorted(Transaction.objects.filter(account=wallet).values_list("amount", flat=True)) == [
        Decimal("-33.00"),
        Decimal("-9.99"),
    ]
    assert CsvPreset.objects.get(account=wallet).mapping["negate"] is True

    later = b"Date,Description,Amount\n11/20/2026,HARDWARE STORE,54.10\n"
    text = words(client.get(preview_url(upload(client, "card-dec.csv", later, account=wallet))))
    assert "−money out 54.10 USD" in text, "the account's saved columns read the next file"


def test_a_column_mapping_that_cannot_work_is_explained_and_not_saved(client, owner, wallet):
    url = preview_url(upload(client, "card.csv", CARD_CSV, account=wallet))
    preview = client.get(url)
    response = client.post(url, mapping_data(preview, amount="", debit="", credit=""))
    assert response.status_code == 400
    assert "Choose the column with the amounts, or the money out and money in columns." in words(response)
    assert StatementImport.objects.get().csv_mapping["amount"] == "Amount"


def test_a_csv_line_that_cannot_be_read_is_shown_and_the_import_cannot_be_confirmed(client, owner, wallet):
    url = preview_url(upload(client, "csv_bad_date.csv", account=wallet))
    preview = client.get(url)
    text = words(preview)
    assert "This file cannot be imported as it stands. Line 3: “02/30/2024” is not a date" in text
    assert re.search(
        r'<button type="submit" class="btn btn--primary" disabled[^>]*>Confirm import', preview.content.decode()
    )
    assert '<details class="details import-mapping" id="mapping" open>' in preview.content.decode()

    response = confirm(client, url)
    assert "Nothing was imported. Line 3" in messages_of(response)
    assert not Transaction.objects.filter(account=wallet).exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("statement.pdf", "This is a PDF. FinSync imports OFX, QFX, QIF and CSV files"),
        ("photo.png", "This is an image (PNG)."),
        ("ofx1_truncated.ofx", "The OFX file ends before </STMTTRN>: it looks cut off."),
    ],
)
def test_a_file_that_is_no_statement_is_refused_on_the_form_and_nothing_is_stored(client, owner, wallet, name, problem):
    response = upload(client, name, account=wallet)
    assert response.status_code == 400
    assert problem in words(response)
    assert not StatementImport.objects.exists()
    assert not Transaction.objects.filter(account=wallet).exists()


def test_a_file_over_the_size_limit_is_refused(client, owner, wallet, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(client, "ofx1_checking.ofx", account=wallet)
    assert response.status_code == 400
    assert "This file is 1.2 KB; files up to 1.0 KB can be imported." in words(response)
    assert not StatementImport.objects.exists()


def test_a_file_with_two_accounts_imports_the_one_chosen(client, owner):
    cad = ManualAccountFactory(user=owner, name="Visa CAD", currency="CAD")
    url = preview_url(upload(client, "qfx_two_accounts.qfx", account=cad))
    preview = client.get(url)
    text = words(preview)
    assert "Account 555-001 (savings, CAD): 1 transaction, 1 Mar 2024 to 31 Mar 2024" in text
    assert "Account 4500XXXX9999 (credit card, CAD): 2 transactions" in text
    assert "New 1 " in text

    chosen = client.post(url, {"form": "account", "part-statement_account": "1"}, follow=True)
    assert "New 2 " in words(chosen)
    confirm(client, url)
    assert Transaction.objects.filter(account=cad).count() == 2


def test_cancel_discards_the_file(client, owner, wallet):
    url = preview_url(upload(client, "ofx1_checking.ofx", account=wallet))
    response = client.post(url + "cancel", follow=True)
    assert "Discarded ofx1_checking.ofx: nothing from it was imported." in messages_of(response)
    assert response.request["PATH_INFO"] == LIST
    assert not StatementImport.objects.exists()
    assert "No files imported yet" in words(response)


# The review queue -----------------------------------------------------------------------------------------


@pytest.fixture
def overlap(client, owner, bank):
    """A synced coffee, and a file whose coffee two days later looks like it: one line waits for review."""
    coffee = bank.add("SQ *CORNER COFFEE", "-4.50", date=date(2026, 11, 2))
    data = ofx_statement(
        ("F1", "20261104", "-4.50", "CORNER COFFEE OAKLAND"), ("F2", "20261103", "-33.00", "BOOK SHOP")
    )
    url = preview_url(upload(client, "nov.ofx", data, account=bank.accounts["checking"]))
    return coffee, url


def test_a_line_like_a_synced_transaction_is_previewed_then_waits_for_review(client, overlap):
    coffee, url = overlap
    preview = client.get(url)
    text = words(preview)
    assert "New 1 Already imported 0 Likely duplicates, for review 1" in text
    assert "Likely duplicate of SQ *CORNER COFFEE on 2 Nov 2026" in text
    assert reverse("transaction_detail", args=[coffee.pk]) in preview.content.decode()

    done = confirm(client, url)
    assert "Imported 1 transaction into Everyday Checking; 0 already there; 1 to review." in messages_of(done)
    assert "1 line from this file looks like a transaction FinSync already has. Review it" in words(done)
    for page in (reverse("transaction_list"), LIST):
        notice = words(client.get(page))
        assert "1 imported line looks like a transaction FinSync already has. Review it: merge, or keep both." in notice

    queue = client.get(REVIEW)
    text = words(queue)
    assert "In nov.ofx Date 4 Nov 2026 Description CORNER COFFEE OAKLAND Amount −money out 4.50 USD" in text
    assert "Already in FinSync Date 2 Nov 2026" in text
    assert "Same transaction — merge" in text
    assert "Different — keep both" in text


def test_merge_from_the_queue_keeps_one_transaction(client, overlap):
    coffee, url = overlap
    confirm(client, url)
    item = LikelyDuplicate.objects.get()

    response = client.post(decide(item, "merge"), follow=True)

    assert "Merged: “CORNER COFFEE OAKLAND” on" in messages_of(response)
    assert "Nothing to review" in words(response)
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 1
    assert TransactionChange.objects.filter(transaction=coffee, field="merged").exists()
    assert "imported line" not in words(client.get(reverse("transaction_list")))

    again = client.post(decide(item, "keep"), follow=True)
    assert "This line has been reviewed already (merged)." in messages_of(again)
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 1


def test_a_long_queue_shows_its_first_lines_and_merges_all_at_once(client, owner, bank, monkeypatch):
    monkeypatch.setattr("transactions.views.imports.REVIEW_SHOWN", 2)
    for day in (2, 3, 4):
        bank.add("CORNER COFFEE", "-4.50", date=date(2026, 11, day))
    data = ofx_statement(*[(f"F{day}", f"202611{day:02d}", "-4.50", "CORNER COFFEE") for day in (2, 3, 4)])
    confirm(client, preview_url(upload(client, "nov.ofx", data, account=bank.accounts["checking"])))

    queue = words(client.get(REVIEW))
    assert "3 lines wait for you; the first 2 are shown." in queue
    assert "And 1 more" in queue

    response = client.post(reverse("import_review_merge_all"), follow=True)

    assert "Merged 3 lines: nothing was added." in messages_of(response)
    assert "Nothing to review" in words(response)
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 3


def test_keep_both_from_the_queue_adds_the_line(client, overlap):
    _, url = overlap
    confirm(client, url)
    item = LikelyDuplicate.objects.get()

    response = client.post(decide(item, "keep"), follow=True)

    kept = Transaction.objects.get(description="CORNER COFFEE OAKLAND")
    assert "Kept both: “CORNER COFFEE OAKLAND”" in messages_of(response)
    assert reverse("transaction_detail", args=[kept.pk]) in messages_of(response)
    assert Transaction.objects.filter(amount=Decimal("-4.50")).count() == 2
    assert "Nothing to review" in words(response)
    assert "CORNER COFFEE OAKLAND" in words(client.get(reverse("transaction_list")))


def test_an_empty_queue_says_what_it_is_for(client, owner):
    text = words(client.get(REVIEW))
    assert "Nothing to review" in text
    assert "looks like a transaction FinSync already has" in text


def test_an_unknown_decision_is_a_404(client, overlap):
    confirm(client, overlap[1])
    item = LikelyDuplicate.objects.get()
    assert client.post(f"{REVIEW}{item.pk}/delete").status_code == 404
    assert LikelyDuplicate.objects.get().decision == ""


# Undo -------------------------------------------------------------------------------------------------


def test_undo_asks_first_then_removes_what_the_import_added(client, owner, wallet):
    url = preview_url(upload(client, "ofx1_checking.ofx", account=wallet))
    confirm(client, url)
    result = words(client.get(url))
    assert "Undo this import…" in result

    question = client.get(url + "undo")
    text = words(question)
    assert "Undo this import?" in text
    assert "This deletes the 3 transactions it added to Credit union, with any change you made to them since" in text
    assert Transaction.objects.filter(account=wallet).count() == 3

    response = client.post(url + "undo", follow=True)
    assert "Undid the import of ofx1_checking.ofx: deleted 3 transactions from Credit union." in messages_of(response)
    assert not Transaction.objects.filter(account=wallet).exists()
    assert "Undone" in words(response)
    assert "PAYROLL ACME" not in words(client.get(reverse("transaction_list")))
    assert "This import was undone" in words(client.get(url))

    twice = client.post(url + "undo", follow=True)
    assert "Only a finished import can be undone." in messages_of(twice)


# Who may do what -----------------------------------------------------------------------------------------


@pytest.fixture
def theirs(db):
    """An outsider's preview, finished import, and line waiting for review."""
    outsider = UserFactory()
    account = ManualAccountFactory(user=outsider, name="Their secret account", currency="USD")
    TransactionFactory(
        user=outsider, account=account, description="CORNER COFFEE", amount=Decimal("-4.50"), date=date(2026, 11, 2)
    )
    done = imports.statement_file_import(
        user=outsider,
        file_name="theirs.ofx",
        data=ofx_statement(("T1", "20261103", "-4.50", "CORNER COFFEE")),
        account=account,
    )
    preview = imports.statement_upload(
        user=outsider, file_name="next.ofx", data=statement_file("ofx1_checking.ofx"), account=account
    )
    return account, preview, done, LikelyDuplicate.objects.get(user=outsider)


def test_another_persons_imports_and_review_lines_are_404(client, owner, theirs):
    account, preview, done, item = theirs
    requests = [
        ("get", reverse("import_preview", args=[preview.pk])),
        ("post", reverse("import_preview", args=[preview.pk])),
        ("post", reverse("import_confirm", args=[preview.pk])),
        ("post", reverse("import_cancel", args=[preview.pk])),
        ("get", reverse("import_preview", args=[done.pk])),
        ("get", reverse("import_undo", args=[done.pk])),
        ("post", reverse("import_undo", args=[done.pk])),
        ("post", decide(item, "merge")),
        ("post", decide(item, "keep")),
    ]
    for method, url in requests:
        assert getattr(client, method)(url, {"form": "account", "part-statement_account": "0"}).status_code == 404, url

    preview.refresh_from_db()
    done.refresh_from_db()
    item.refresh_from_db()
    assert (preview.status, done.status, item.decision) == ("preview", "imported", "")
    assert Transaction.objects.filter(account=account).count() == 1
    assert "theirs.ofx" not in words(client.get(LIST))
    assert "CORNER COFFEE" not in words(client.get(REVIEW))


def test_nobody_uploads_into_another_persons_account(client, owner, theirs):
    account = theirs[0]
    form = client.get(f"{NEW}?account={account.pk}")
    assert "Their secret account" not in words(form)

    response = upload(client, "ofx1_checking.ofx", account=account)
    assert response.status_code == 400
    assert "Choose one of your accounts." in words(response)
    assert not StatementImport.objects.filter(user=owner).exists()
    assert Transaction.objects.filter(account=account).count() == 1


def test_the_pages_need_a_sign_in_and_writes_need_a_post(client, owner, wallet):
    url = preview_url(upload(client, "ofx1_checking.ofx", account=wallet))
    for write in (url + "confirm", url + "cancel"):
        assert client.get(write).status_code == 405
    assert StatementImport.objects.get().status == "preview"
    client.logout()
    for page in (LIST, NEW, REVIEW, url):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# Cost ----------------------------------------------------------------------------------------------------


def test_the_preview_costs_the_same_queries_for_a_short_and_a_long_file(client, owner, bank):
    for day in range(1, 29):
        bank.add(f"SHOP NUMBER {day}", f"-{day}.00", date=date(2026, 10, day))

    def queries(count: int) -> int:
        lines = [
            (f"L{count}-{day}", f"202610{day:02d}", f"-{day}.00", f"SHOP NUMBER {day}") for day in range(1, count + 1)
        ]
        url = preview_url(upload(client, f"oct-{count}.ofx", ofx_statement(*lines), account=bank.accounts["checking"]))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert f"Likely duplicates, for review {count}" in words(response), "every line looks like a synced one"
        return len(captured)

    assert queries(3) == queries(28)


def test_a_person_without_accounts_names_the_one_the_file_makes(client):
    client.force_login(UserFactory())
    form = client.get(NEW)
    assert "You have no account yet" in words(form)
    assert 'name="account"' not in form.content.decode()

    nameless = upload(client, "qif_bank_us.qif")
    assert nameless.status_code == 400
    assert "Name the account this file belongs to" in words(nameless)

    url = preview_url(upload(client, "qif_bank_us.qif", new_account_name="Checking"))
    assert "A new manual account “Checking”" in words(client.get(url))
    confirm(client, url)
    assert Transaction.objects.filter(account__name="Checking").count() == 5


def test_a_file_in_another_currency_is_previewed_with_the_reason_it_cannot_go_in(client, owner, wallet):
    url = preview_url(upload(client, "ofx2_credit_card.ofx", account=wallet))
    preview = client.get(url)
    text = words(preview)
    assert "This file is in EUR but Credit union is in USD" in text
    assert "import it into another account" in text
    assert re.search(r"disabled[^>]*>Confirm import", preview.content.decode())
    assert "Nothing was imported." in messages_of(confirm(client, url))
    assert not Transaction.objects.filter(account=wallet).exists()
