"""The Plaid provider, through the real plaid-python client, against the in-process fake over HTTP."""

import json
import socket
from datetime import date
from decimal import Decimal

import pytest

from banking.providers.base import MutationDuringPagination, NeedsRelink, ProviderError, TransientError
from banking.providers.plaid import Plaid

# Registered as a plugin (not imported) so pytest can load it before anything imports it.


@pytest.fixture
def item(plaid_fake):
    return plaid_fake.add_item()


def sync_all(provider, access_token, cursor=""):
    """Every page from `cursor` on, as the sync engine would fetch them."""
    pages = [provider.transactions_page(access_token=access_token, cursor=cursor)]
    while pages[-1].has_more:
        pages.append(provider.transactions_page(access_token=access_token, cursor=pages[-1].next_cursor))
    return pages


# Linking


def test_link_token_asks_for_transactions_with_the_configured_webhook_and_redirect(plaid_fake, settings):
    settings.PLAID_WEBHOOK_URL = "https://finsync.example/banking/plaid/webhook"
    settings.PLAID_REDIRECT_URI = "https://finsync.example/banking/plaid/oauth"

    token = Plaid().create_link_token(user_id="42")

    assert token.startswith("link-sandbox-")
    sent = plaid_fake.received("/link/token/create")[-1]
    assert sent["products"] == ["transactions"]
    assert sent["additional_consented_products"] == ["liabilities"]  # card due dates, with the person's consent
    assert sent["country_codes"] == ["US"]
    assert sent["language"] == "en"
    assert sent["client_name"] == "FinSync"
    assert sent["user"] == {"client_user_id": "42"}
    assert sent["webhook"] == "https://finsync.example/banking/plaid/webhook"
    assert sent["redirect_uri"] == "https://finsync.example/banking/plaid/oauth"
    assert "access_token" not in sent


def test_link_token_leaves_out_webhook_and_redirect_when_not_configured(plaid_fake, settings):
    settings.PLAID_WEBHOOK_URL = ""
    settings.PLAID_REDIRECT_URI = ""

    Plaid().create_link_token(user_id="42")

    sent = plaid_fake.received("/link/token/create")[-1]
    assert "webhook" not in sent
    assert "redirect_uri" not in sent


def test_link_token_in_update_mode_sends_the_access_token_and_no_products(plaid_fake, item):
    token = Plaid().create_link_token(user_id="42", access_token=item.access_token)

    assert token.startswith("link-sandbox-")
    sent = plaid_fake.received("/link/token/create")[-1]
    assert sent["access_token"] == item.access_token
    assert "products" not in sent
    assert "additional_consented_products" not in sent


def test_exchanging_a_public_token_gives_a_link_with_the_bank_name(plaid_fake):
    provider = Plaid()

    link = provider.exchange_public_token(public_token=provider.sandbox_public_token(institution_id="ins_109512"))

    item = next(iter(plaid_fake.items.values()))
    assert link.access_token == item.access_token
    assert link.external_id == item.item_id
    assert link.institution_id == "ins_109512"
    assert link.institution_name == "Houndstooth Bank"


def test_exchange_keeps_the_access_token_when_the_bank_name_cannot_be_fetched(plaid_fake, item):
    plaid_fake.fail("/institutions/get_by_id", "INTERNAL_SERVER_ERROR")

    link = Plaid().exchange_public_token(public_token=item.public_token)

    assert link.access_token == item.access_token
    assert link.institution_id == "ins_109508"
    assert link.institution_name == ""


def test_an_unknown_public_token_is_refused(plaid_fake):
    with pytest.raises(ProviderError) as info:
        Plaid().exchange_public_token(public_token="public-sandbox-nope")

    assert info.value.code == "INVALID_PUBLIC_TOKEN"


def test_sandbox_public_tokens_are_refused_in_production(plaid_fake, settings):
    settings.PLAID_ENV = "production"
    settings.PLAID_HOST = ""

    with pytest.raises(ProviderError) as info:
        Plaid().sandbox_public_token()

    assert info.value.code == "SANDBOX_ONLY"
    assert plaid_fake.received("/sandbox/public_token/create") == []


def test_sandbox_public_tokens_are_allowed_against_an_explicit_host(plaid_fake, settings):
    settings.PLAID_ENV = "production"  # PLAID_HOST (the fake) is set

    assert Plaid().sandbox_public_token().startswith("public-sandbox-")


# Accounts


def test_accounts_have_decimal_balances_and_debts_owed_are_negative(plaid_fake, item):
    checking, card, loan = Plaid().accounts(access_token=item.access_token)

    assert (checking.type, checking.current_balance, checking.available_balance) == (
        "depository",
        Decimal("110"),
        Decimal("100"),
    )
    assert (card.type, card.subtype, card.name, card.mask) == ("credit", "credit card", "Plaid Credit Card", "3333")
    assert card.current_balance == Decimal("-410.25")  # $410.25 owed on the card
    assert card.credit_limit == Decimal("2000")
    assert (loan.type, loan.current_balance, loan.official_name) == ("loan", Decimal("-65262"), "")
    assert all(isinstance(a.current_balance, Decimal) for a in (checking, card, loan))
    assert checking.currency == "USD"
    assert checking.provider_account_id == item.accounts[0]["account_id"]


def test_balances_are_exact_decimals_never_via_float(plaid_fake):
    item = plaid_fake.add_item()
    item.accounts[0]["balances"]["current"] = Decimal("1234567890.07")

    checking = Plaid().accounts(access_token=item.access_token)[0]

    assert str(checking.current_balance) == "1234567890.07"


# Transactions


def test_a_purchase_of_72_10_becomes_minus_72_10_with_its_details(plaid_fake, item):
    purchase = item.transaction(amount=Decimal("72.10"), merchant_name="Walmart", pending=False)
    item.push_update(added=[purchase])

    page = Plaid().transactions_page(access_token=item.access_token, cursor="")

    (record,) = page.added
    assert record.amount == Decimal("-72.10")
    assert isinstance(record.amount, Decimal)
    assert record.provider_transaction_id == purchase["transaction_id"]
    assert record.provider_account_id == item.accounts[0]["account_id"]
    assert record.date == date(2023, 9, 24)
    assert record.authorized_date == date(2023, 9, 22)
    assert record.currency == "USD"
    assert record.description == "PURCHASE WM SUPERCENTER #1700"
    assert record.merchant_name == "Walmart"
    assert (record.category_primary, record.category_detailed) == (
        "GENERAL_MERCHANDISE",
        "GENERAL_MERCHANDISE_SUPERSTORES",
    )
    assert record.raw["transaction_id"] == purchase["transaction_id"]
    assert json.loads(json.dumps(record.raw))["amount"] == "72.1"  # as Plaid sent it, and serialisable
    assert page.has_more is False


def test_money_in_is_positive_and_missing_optional_fields_become_blank(plaid_fake, item):
    refund = item.transaction(
        amount=Decimal("-25.00"),
        merchant_name=None,
        authorized_date=None,
        personal_finance_category=None,
        iso_currency_code=None,
        unofficial_currency_code="BTC",
    )
    item.push_update(added=[refund])

    (record,) = Plaid().transactions_page(access_token=item.access_token, cursor="").added

    assert record.amount == Decimal("25.00")
    assert (record.merchant_name, record.authorized_date) == ("", None)
    assert (record.category_primary, record.category_detailed) == ("", "")
    assert record.currency == "BTC"


def test_a_zero_amount_is_not_minus_zero(plaid_fake, item):
    item.push_update(added=[item.transaction(amount=Decimal("0.00"))])

    (record,) = Plaid().transactions_page(access_token=item.access_token, cursor="").added

    assert record.amount == 0
    assert not record.amount.is_signed()  # not shown as "-0.00"


def test_a_large_history_comes_in_pages_of_at_most_500(plaid_fake, item):
    item.push_update(added=[item.transaction(amount=Decimal(i) / 100) for i in range(1, 1201)])
    provider = Plaid()

    pages = sync_all(provider, item.access_token)

    assert [len(page.added) for page in pages] == [500, 500, 200]
    assert [page.has_more for page in pages] == [True, True, False]
    assert {r.amount for page in pages for r in page.added} == {-Decimal(i) / 100 for i in range(1, 1201)}
    sent = plaid_fake.received("/transactions/sync")
    assert "cursor" not in sent[0]
    assert all(body["count"] == 500 for body in sent)
    assert [body.get("cursor") for body in sent[1:]] == [page.next_cursor for page in pages[:-1]]


def test_the_same_cursor_gives_the_same_page_and_an_up_to_date_cursor_gives_nothing(plaid_fake, item):
    item.push_update(added=[item.transaction() for _ in range(3)])
    provider = Plaid()
    first = provider.transactions_page(access_token=item.access_token, cursor="")

    again = provider.transactions_page(access_token=item.access_token, cursor="")
    later = provider.transactions_page(access_token=item.access_token, cursor=first.next_cursor)

    assert again == first
    assert (later.added, later.modified, later.removed, later.has_more) == ([], [], [], False)
    assert later.next_cursor == first.next_cursor


def test_pending_becomes_posted_as_a_removal_and_an_addition_that_names_it(plaid_fake, item):
    provider = Plaid()
    pending = item.transaction(amount=Decimal("12.00"), pending=True)
    item.push_update(added=[pending])
    cursor = provider.transactions_page(access_token=item.access_token, cursor="").next_cursor
    posted = item.transaction(amount=Decimal("12.40"), pending=False, pending_transaction_id=pending["transaction_id"])
    item.push_update(added=[posted], removed=[pending["transaction_id"]])

    page = provider.transactions_page(access_token=item.access_token, cursor=cursor)

    assert page.removed == [pending["transaction_id"]]
    (record,) = page.added
    assert record.pending is False
    assert record.pending_transaction_id == pending["transaction_id"]
    assert record.amount == Decimal("-12.40")


def test_modified_transactions_arrive_as_modified(plaid_fake, item):
    provider = Plaid()
    original = item.transaction(amount=Decimal("30.00"), merchant_name=None)
    item.push_update(added=[original])
    cursor = provider.transactions_page(access_token=item.access_token, cursor="").next_cursor
    item.push_update(modified=[original | {"amount": Decimal("31.50"), "merchant_name": "Corner Cafe"}])

    page = provider.transactions_page(access_token=item.access_token, cursor=cursor)

    (record,) = page.modified
    assert record.provider_transaction_id == original["transaction_id"]
    assert (record.amount, record.merchant_name) == (Decimal("-31.50"), "Corner Cafe")
    assert page.added == []


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda txn: txn.update(amount="72.10"), id="amount-is-a-string"),
        pytest.param(lambda txn: txn.update(amount=True), id="amount-is-a-boolean"),
        pytest.param(lambda txn: txn.pop("date"), id="date-missing"),
        pytest.param(lambda txn: txn.update(date="24/09/2023"), id="date-not-iso"),
        pytest.param(lambda txn: txn.update(pending=None), id="pending-null"),
        pytest.param(lambda txn: txn.update(iso_currency_code=None), id="no-currency"),
    ],
)
def test_a_transaction_with_a_missing_or_ill_typed_field_is_an_invalid_response(plaid_fake, item, break_it):
    txn = item.transaction()
    break_it(txn)
    item.push_update(added=[txn])

    with pytest.raises(ProviderError) as info:
        Plaid().transactions_page(access_token=item.access_token, cursor="")

    assert type(info.value) is ProviderError
    assert info.value.code == "INVALID_RESPONSE"
    assert "added[0]" in info.value.message


# Card payment due dates


def test_a_cards_due_date_and_minimum_payment_come_from_liabilities(plaid_fake, item):
    card_id = item.accounts[1]["account_id"]
    item.credit[0] |= {"next_payment_due_date": "2025-07-14", "minimum_payment_amount": Decimal("35.07")}

    (payment,) = Plaid().card_payments(access_token=item.access_token)

    assert payment.provider_account_id == card_id
    assert payment.due_date == date(2025, 7, 14)
    assert payment.minimum_payment == Decimal("35.07")  # what is owed: positive, exact
    assert isinstance(payment.minimum_payment, Decimal)
    assert plaid_fake.received("/liabilities/get")[-1]["access_token"] == item.access_token


def test_plaids_own_example_reads_as_due_on_may_28_with_20_to_pay(plaid_fake, item):
    (payment,) = Plaid().card_payments(access_token=item.access_token)

    assert (payment.due_date, payment.minimum_payment) == (date(2020, 5, 28), Decimal("20"))


def test_a_card_with_no_payment_expected_has_neither_date_nor_minimum(plaid_fake, item):
    item.credit[0] |= {"next_payment_due_date": None, "minimum_payment_amount": None}
    item.credit.append(item.credit[0] | {"account_id": None})  # a liability Plaid could not tie to an account

    (payment,) = Plaid().card_payments(access_token=item.access_token)

    assert (payment.provider_account_id, payment.due_date, payment.minimum_payment) == (
        item.accounts[1]["account_id"],
        None,
        None,
    )


def test_an_item_without_the_liabilities_product_tells_no_due_dates(plaid_fake):
    item = plaid_fake.add_item(liabilities=False)

    assert Plaid().card_payments(access_token=item.access_token) == []
    assert plaid_fake.received("/liabilities/get"), "Plaid was asked"


@pytest.mark.parametrize("error_code", ["NO_LIABILITY_ACCOUNTS", "ADDITIONAL_CONSENT_REQUIRED"])
def test_no_liability_accounts_or_no_consent_is_no_due_dates_not_an_error(plaid_fake, item, error_code):
    plaid_fake.fail("/liabilities/get", error_code)

    assert Plaid().card_payments(access_token=item.access_token) == []


@pytest.mark.parametrize(
    ("error_code", "expected"),
    [("RATE_LIMIT", TransientError), ("INSTITUTION_DOWN", TransientError), ("ITEM_LOGIN_REQUIRED", NeedsRelink)],
)
def test_other_liabilities_errors_are_raised_like_any_other_call(plaid_fake, item, error_code, expected):
    plaid_fake.fail("/liabilities/get", error_code)

    with pytest.raises(ProviderError) as info:
        Plaid().card_payments(access_token=item.access_token)

    assert type(info.value) is expected
    assert info.value.code == error_code


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda card: card.update(next_payment_due_date="28/05/2020"), id="date-not-iso"),
        pytest.param(lambda card: card.update(minimum_payment_amount="20.00"), id="minimum-is-a-string"),
        pytest.param(lambda card: card.update(account_id=7), id="account-id-a-number"),
    ],
)
def test_an_ill_typed_liability_is_an_invalid_response(plaid_fake, item, break_it):
    break_it(item.credit[0])

    with pytest.raises(ProviderError) as info:
        Plaid().card_payments(access_token=item.access_token)

    assert info.value.code == "INVALID_RESPONSE"
    assert "liabilities.credit[0]" in info.value.message


# Removal


def test_disconnect_removes_the_login_at_plaid(plaid_fake, item):
    provider = Plaid()

    provider.disconnect(access_token=item.access_token)

    assert item.removed
    with pytest.raises(ProviderError) as info:
        provider.accounts(access_token=item.access_token)
    assert info.value.code == "ITEM_NOT_FOUND"


# Errors


@pytest.mark.parametrize(
    ("error_code", "expected"),
    [
        ("ITEM_LOGIN_REQUIRED", NeedsRelink),
        ("PENDING_EXPIRATION", NeedsRelink),
        ("ACCESS_NOT_GRANTED", NeedsRelink),
        ("USER_PERMISSION_REVOKED", NeedsRelink),
        ("ITEM_LOCKED", NeedsRelink),
        ("INVALID_CREDENTIALS", NeedsRelink),
        ("INVALID_MFA", NeedsRelink),
        ("RATE_LIMIT", TransientError),
        ("TRANSACTIONS_SYNC_LIMIT", TransientError),
        ("INSTITUTION_DOWN", TransientError),
        ("INSTITUTION_NOT_RESPONDING", TransientError),
        ("INTERNAL_SERVER_ERROR", TransientError),
        ("PLANNED_MAINTENANCE", TransientError),
        ("PRODUCT_NOT_READY", TransientError),
        ("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", MutationDuringPagination),
        ("INVALID_ACCESS_TOKEN", ProviderError),
        ("ITEM_NOT_FOUND", ProviderError),
    ],
)
def test_plaid_errors_become_the_matching_exception_with_a_plain_message(plaid_fake, item, error_code, expected):
    plaid_fake.fail("/transactions/sync", error_code)

    with pytest.raises(ProviderError) as info:
        Plaid().transactions_page(access_token=item.access_token, cursor="")

    assert type(info.value) is expected
    assert info.value.code == error_code
    assert info.value.message.endswith(".")
    assert "_" not in info.value.message  # a sentence, not Plaid's code
    assert item.access_token not in str(info.value)


def test_plaids_own_display_message_is_shown_without_the_access_token(plaid_fake, item):
    plaid_fake.fail(
        "/accounts/get",
        "INVALID_CREDENTIALS",
        display_message=f"The credentials for {item.access_token} were not correct. Please try again.",
    )

    with pytest.raises(NeedsRelink) as info:
        Plaid().accounts(access_token=item.access_token)

    assert info.value.message == "The credentials for [redacted] were not correct. Please try again."
    assert item.access_token not in str(info.value)


def test_mutation_during_pagination_on_the_second_page(plaid_fake, item):
    item.push_update(added=[item.transaction() for _ in range(600)])
    plaid_fake.fail("/transactions/sync", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", after=1)
    provider = Plaid()
    first = provider.transactions_page(access_token=item.access_token, cursor="")

    with pytest.raises(MutationDuringPagination):
        provider.transactions_page(access_token=item.access_token, cursor=first.next_cursor)

    # Starting the update again from its first cursor works once the data has settled.
    assert [len(page.added) for page in sync_all(provider, item.access_token)] == [500, 100]


def test_a_rate_limit_that_persists_keeps_failing_as_transient(plaid_fake, item):
    plaid_fake.fail("/accounts/get", "RATE_LIMIT", times=None)
    provider = Plaid()

    for _ in range(3):
        with pytest.raises(TransientError):
            provider.accounts(access_token=item.access_token)


def test_wrong_api_keys_are_a_provider_error(plaid_fake, item, settings):
    settings.PLAID_SECRET = "not-the-secret"

    with pytest.raises(ProviderError) as info:
        Plaid().accounts(access_token=item.access_token)

    assert type(info.value) is ProviderError
    assert info.value.code == "INVALID_API_KEYS"


def test_an_unknown_access_token_is_a_provider_error(plaid_fake):
    with pytest.raises(ProviderError) as info:
        Plaid().accounts(access_token="access-sandbox-unknown")

    assert type(info.value) is ProviderError
    assert info.value.code == "INVALID_ACCESS_TOKEN"


def test_plaid_unreachable_is_transient(plaid_fake, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.PLAID_HOST = f"http://127.0.0.1:{closed.getsockname()[1]}"  # nothing listens there

    with pytest.raises(TransientError) as info:
        Plaid().accounts(access_token="access-sandbox-whatever")

    assert info.value.code == "NETWORK_ERROR"


def test_a_request_that_times_out_is_transient(plaid_fake, item):
    plaid_fake.stall("/transactions/sync", seconds=1)

    with pytest.raises(TransientError) as info:
        Plaid(timeout=0.2).transactions_page(access_token=item.access_token, cursor="")

    assert info.value.code == "NETWORK_ERROR"


# The fake itself


def templates():
    from banking.tests import plaid_fake as fake_module

    return [
        fake_module.transaction_template(),
        fake_module.account_template(),
        fake_module.item_template(),
        fake_module.institution_template(),
        fake_module.credit_liability_template(),
    ]


def test_the_fakes_built_in_templates_have_the_fields_of_plaids_examples(monkeypatch, tmp_path):
    """Without ../shared/corpus the fake builds its replies from its own templates: they must not drift."""
    from banking.tests import plaid_fake as fake_module

    if fake_module._example("transactions_sync") is None:
        pytest.skip("no shared corpus here to compare with (set FINSYNC_CORPUS)")
    from_corpus = templates()
    monkeypatch.setattr(fake_module, "_CORPUS", tmp_path)  # an empty folder: as on a machine without it
    fake_module._example.cache_clear()
    try:
        built_in = templates()
    finally:
        fake_module._example.cache_clear()

    assert [set(t) for t in built_in] == [set(t) for t in from_corpus]
