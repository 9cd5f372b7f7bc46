"""Plaid, through the official plaid-python client; the only module that speaks Plaid's vocabulary.

Requests are built with plaid-python's request models and sent by its `ApiClient`, but every response
is read as raw JSON (`_preload_content=False`): the generated response models take seconds to
deserialize one 500-transaction page and would hand us amounts as floats. Numbers are parsed as
`Decimal`, each field FinSync uses is checked, and Plaid's money sign (positive = money out) is
flipped here, once, to FinSync's (negative = money out).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import plaid
import urllib3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from plaid.api.plaid_api import PlaidApi
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.institutions_get_by_id_request import InstitutionsGetByIdRequest
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.item_remove_request import ItemRemoveRequest
from plaid.model.liabilities_get_request import LiabilitiesGetRequest
from plaid.model.link_token_create_request import LinkTokenCreateRequest
from plaid.model.link_token_create_request_update import LinkTokenCreateRequestUpdate
from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
from plaid.model.products import Products
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.transactions_sync_request import TransactionsSyncRequest
from plaid.model.webhook_verification_key_get_request import WebhookVerificationKeyGetRequest

from banking.providers.base import (
    AccountRecord,
    CardPayment,
    Link,
    MutationDuringPagination,
    NeedsRelink,
    Provider,
    ProviderError,
    SyncPage,
    TransactionRecord,
    TransientError,
)
from banking.ratelimit import shared_bucket

TIMEOUT_SECONDS = 30.0
PAGE_SIZE = 500  # the most /transactions/sync returns at once
_HOSTS = {"sandbox": plaid.Environment.Sandbox, "production": plaid.Environment.Production}
# Plaid reports what is owed on these as a positive balance; FinSync shows money owed as negative.
_OWED_TYPES = frozenset({"credit", "loan"})

# Only the person can fix these, by signing in to their bank again (Link's update mode).
_RELINK_CODES = frozenset(
    {
        "ITEM_LOGIN_REQUIRED",
        "PENDING_EXPIRATION",
        "ACCESS_NOT_GRANTED",
        "USER_PERMISSION_REVOKED",
        "ITEM_LOCKED",
        "INVALID_CREDENTIALS",
        "INVALID_MFA",
        "INSUFFICIENT_CREDENTIALS",
        "PASSWORD_RESET_REQUIRED",
        "USER_SETUP_REQUIRED",
    }
)
# These pass by themselves; any 429 or 5xx is treated the same way.
_TRANSIENT_CODES = frozenset(
    {
        "INSTITUTION_DOWN",
        "INSTITUTION_NOT_RESPONDING",
        "INSTITUTION_NOT_AVAILABLE",
        "INTERNAL_SERVER_ERROR",
        "PLANNED_MAINTENANCE",
        "PRODUCT_NOT_READY",
    }
)
# The item has no liabilities product (the bank does not offer it, there is no card or loan, or the
# person did not consent to share it): it tells no due dates, which is not a failure.
_NO_LIABILITIES_CODES = frozenset({"PRODUCTS_NOT_SUPPORTED", "NO_LIABILITY_ACCOUNTS", "ADDITIONAL_CONSENT_REQUIRED"})
_MESSAGES = {
    "ITEM_LOGIN_REQUIRED": "Your bank needs you to sign in again.",
    "PENDING_EXPIRATION": "Your permission to share this account is about to expire. Sign in again to renew it.",
    "ACCESS_NOT_GRANTED": "FinSync is not allowed to read this account. Sign in again and share it.",
    "USER_PERMISSION_REVOKED": "Permission to read this account was withdrawn. Sign in again to share it.",
    "ITEM_LOCKED": "Your bank locked this login after too many attempts. Unlock it at your bank, then sign in again.",
    "INVALID_CREDENTIALS": "Your bank did not accept the username or password. Sign in again.",
    "INVALID_MFA": "Your bank did not accept the security code. Sign in again.",
    "INSTITUTION_DOWN": "Your bank is not available right now. FinSync will try again later.",
    "INSTITUTION_NOT_RESPONDING": "Your bank is not responding right now. FinSync will try again later.",
    "PRODUCT_NOT_READY": "Your bank has not sent its transactions yet. FinSync will try again shortly.",
    "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION": "Your bank's data changed during the update. It will start over.",
    "INVALID_API_KEYS": "FinSync's Plaid keys were refused. An administrator needs to check the Plaid settings.",
    "INVALID_ACCESS_TOKEN": "This bank connection no longer exists at Plaid. Link the bank again.",
    "ITEM_NOT_FOUND": "This bank connection no longer exists at Plaid. Link the bank again.",
    "NETWORK_ERROR": "Plaid could not be reached. FinSync will try again shortly.",
}
_DEFAULT_MESSAGES: dict[type[ProviderError], str] = {
    NeedsRelink: "Your bank needs you to sign in again.",
    TransientError: "Plaid or your bank is busy or unavailable. FinSync will try again later.",
    MutationDuringPagination: _MESSAGES["TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"],
    ProviderError: "Plaid could not complete this request.",
}


class Plaid(Provider):
    name = "plaid"

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS) -> None:
        # An unset environment means sandbox: nothing reaches real banks by accident.
        self._env = getattr(settings, "PLAID_ENV", "") or "sandbox"
        self._host = getattr(settings, "PLAID_HOST", "")
        if self._env not in _HOSTS:
            raise ImproperlyConfigured(f"PLAID_ENV must be 'sandbox' or 'production', not {self._env!r}.")
        self._api = _client(
            self._host or _HOSTS[self._env],
            getattr(settings, "PLAID_CLIENT_ID", ""),
            getattr(settings, "PLAID_SECRET", ""),
        )
        self._timeout = timeout
        # Plaid limits calls per client: every worker on every machine draws from this one bucket.
        self._calls = shared_bucket(
            "plaid", per_minute=settings.PLAID_CALLS_PER_MINUTE, redis_url=getattr(settings, "REDIS_URL", "")
        )
        self._webhook_url: str = getattr(settings, "PLAID_WEBHOOK_URL", "")
        self._redirect_uri: str = getattr(settings, "PLAID_REDIRECT_URI", "")

    # Linking

    def create_link_token(
        self, *, user_id: str, access_token: str | None = None, account_selection: bool = False
    ) -> str:
        """A token to open Plaid Link; with `access_token`, Link's update mode for that login (relink),
        where `account_selection` lets the person add the new accounts their bank reported."""
        options: dict[str, Any] = {"user": LinkTokenCreateRequestUser(client_user_id=user_id)}
        if access_token:
            options["access_token"] = access_token  # update mode: the login's products are already set
            if account_selection:
                options["update"] = LinkTokenCreateRequestUpdate(account_selection_enabled=True)
        else:
            options["products"] = [Products("transactions")]
            # Consent only: card due dates come from liabilities, which starts (and is billed) at the
            # first /liabilities/get, made only for items with a credit card (see banking.sync).
            options["additional_consented_products"] = [Products("liabilities")]
        if self._webhook_url:
            options["webhook"] = self._webhook_url
        if self._redirect_uri:
            options["redirect_uri"] = self._redirect_uri
        request = LinkTokenCreateRequest(
            client_name="FinSync", language="en", country_codes=[CountryCode("US")], **options
        )
        body = self._call(self._api.link_token_create, request, access_token=access_token or "")
        return _field(body, "link_token", str, where="response")

    def exchange_public_token(self, *, public_token: str) -> Link:
        body = self._call(self._api.item_public_token_exchange, ItemPublicTokenExchangeRequest(public_token))
        access_token = _field(body, "access_token", str, where="response")
        item_id = _field(body, "item_id", str, where="response")
        institution_id, institution_name = self._institution(access_token)
        return Link(access_token, item_id, institution_id, institution_name)

    def sandbox_public_token(self, *, institution_id: str = "ins_109508") -> str:
        """A public token for a made-up login at a sandbox bank, as if the person had gone through Link."""
        if self._env != "sandbox" and not self._host:
            raise ProviderError("SANDBOX_ONLY", "Test logins can only be created in Plaid's sandbox.")
        request = SandboxPublicTokenCreateRequest(institution_id, [Products("transactions")])
        body = self._call(self._api.sandbox_public_token_create, request)
        return _field(body, "public_token", str, where="response")

    # Provider interface

    def accounts(self, *, access_token: str) -> list[AccountRecord]:
        body = self._call(self._api.accounts_get, AccountsGetRequest(access_token), access_token=access_token)
        return [
            _account(account, f"accounts[{i}]")
            for i, account in enumerate(_field(body, "accounts", list, where="response"))
        ]

    def transactions_page(self, *, access_token: str, cursor: str) -> SyncPage:
        options: dict[str, Any] = {"count": PAGE_SIZE}
        if cursor:  # Plaid wants no cursor at all, not "", for the very first page
            options["cursor"] = cursor
        request = TransactionsSyncRequest(access_token, **options)
        body = self._call(self._api.transactions_sync, request, access_token=access_token)
        added = _field(body, "added", list, where="response")
        modified = _field(body, "modified", list, where="response")
        removed = _field(body, "removed", list, where="response")
        accounts = _field(body, "accounts", list, where="response", nullable=True)
        return SyncPage(
            added=[_transaction(txn, f"added[{i}]") for i, txn in enumerate(added)],
            modified=[_transaction(txn, f"modified[{i}]") for i, txn in enumerate(modified)],
            # Plaid sends {"account_id", "transaction_id"} for each removal; the id is all FinSync needs.
            removed=[
                _field(_dict(r, f"removed[{i}]"), "transaction_id", str, where=f"removed[{i}]")
                for i, r in enumerate(removed)
            ],
            next_cursor=_field(body, "next_cursor", str, where="response"),
            has_more=_field(body, "has_more", bool, where="response"),
            # The accounts with their balances come with every page: a sync asks /accounts/get nothing.
            accounts=None if accounts is None else [_account(a, f"accounts[{i}]") for i, a in enumerate(accounts)],
        )

    def card_payments(self, *, access_token: str) -> list[CardPayment]:
        request = LiabilitiesGetRequest(access_token)
        try:
            body = self._call(self._api.liabilities_get, request, access_token=access_token)
        except ProviderError as error:
            if error.code in _NO_LIABILITIES_CODES:
                return []
            raise
        liabilities = _dict(body.get("liabilities"), "liabilities")
        cards = _field(liabilities, "credit", list, where="liabilities", nullable=True) or []
        payments = [_card_payment(card, f"liabilities.credit[{i}]") for i, card in enumerate(cards)]
        return [payment for payment in payments if payment.provider_account_id]  # Plaid may not name the account

    def disconnect(self, *, access_token: str) -> None:
        self._call(self._api.item_remove, ItemRemoveRequest(access_token), access_token=access_token)

    # Webhooks

    def webhook_verification_key(self, *, key_id: str) -> dict:
        """The public JWK Plaid signs webhooks with (see banking.webhook_verification); callers cache it."""
        request = WebhookVerificationKeyGetRequest(key_id)
        return _field(self._call(self._api.webhook_verification_key_get, request), "key", dict, where="response")

    # Plumbing

    def _institution(self, access_token: str) -> tuple[str, str]:
        """(institution id, name) of a new login; "" for whatever Plaid cannot tell right now.

        The access token already exists at Plaid when this runs: failing the link over a missing bank
        name would lose the token and leave a login at Plaid that nobody can remove.
        """
        try:
            body = self._call(self._api.item_get, ItemGetRequest(access_token), access_token=access_token)
            institution_id = _field(_dict(body.get("item"), "item"), "institution_id", str, where="item", nullable=True)
        except ProviderError:
            return "", ""
        if not institution_id:  # Plaid has no institution for manually entered accounts
            return "", ""
        try:
            request = InstitutionsGetByIdRequest(institution_id, [CountryCode("US")])
            body = self._call(self._api.institutions_get_by_id, request)
            return institution_id, _field(
                _dict(body.get("institution"), "institution"), "name", str, where="institution"
            )
        except ProviderError:
            return institution_id, ""

    def _call(self, endpoint: Callable[..., Any], request: Any, *, access_token: str = "") -> dict[str, Any]:
        """Send `request` when the client-wide budget allows; Plaid's JSON reply with numbers as Decimal, or
        the matching ProviderError."""
        self._calls.acquire()
        try:
            data = endpoint(request, _preload_content=False, _request_timeout=self._timeout).data
        except plaid.ApiException as exc:
            raise _api_error(exc, access_token) from exc
        except urllib3.exceptions.HTTPError as exc:  # refused, reset, timed out
            raise TransientError("NETWORK_ERROR", _MESSAGES["NETWORK_ERROR"]) from exc
        try:
            body = json.loads(data, parse_float=Decimal)
        except ValueError:
            body = None
        return _dict(body, "response")


@lru_cache(maxsize=4)
def _client(host: str, client_id: str, secret: str) -> PlaidApi:
    """One client per process and set of keys: building one costs milliseconds and a new connection pool, which
    a nightly run of thousands of syncs would pay for each (its pool is thread-safe, shared by a worker's threads)."""
    configuration = plaid.Configuration(host=host, api_key={"clientId": client_id, "secret": secret})
    return PlaidApi(plaid.ApiClient(configuration))


def _api_error(exc: plaid.ApiException, access_token: str) -> ProviderError:
    """Plaid's error body ({error_type, error_code, display_message, ...}) as the right ProviderError."""
    try:
        body = json.loads(exc.body or "")
    except ValueError:
        body = None  # a proxy's HTML page, say
    if not isinstance(body, dict):
        body = {}
    status = exc.status or 0
    code = body.get("error_code") if isinstance(body.get("error_code"), str) else f"HTTP_{status}"
    if code == "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION":
        kind: type[ProviderError] = MutationDuringPagination
    elif code in _RELINK_CODES:
        kind = NeedsRelink
    elif code in _TRANSIENT_CODES or body.get("error_type") == "RATE_LIMIT_EXCEEDED" or status == 429 or status >= 500:
        kind = TransientError
    else:
        kind = ProviderError
    display = body.get("display_message")
    message = display if isinstance(display, str) and display else _MESSAGES.get(code, _DEFAULT_MESSAGES[kind])
    if access_token:  # the message may be shown or logged; the token must never be
        message = message.replace(access_token, "[redacted]")
    return kind(code, message)


def _invalid(where: str) -> ProviderError:
    return ProviderError("INVALID_RESPONSE", f"Plaid sent a reply FinSync could not read ({where}).")


def _field(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], *, where: str, nullable: bool = False) -> Any:
    """`obj[key]` if it is a `kind` (or None, when `nullable`); a missing or ill-typed field is INVALID_RESPONSE."""
    value = obj.get(key)
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):  # JSON true is not a number
        raise _invalid(f"{where}.{key}")
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(where)
    return value


def _decimal(obj: dict[str, Any], key: str, *, where: str, nullable: bool = False) -> Decimal | None:
    value = _field(obj, key, (int, Decimal), where=where, nullable=nullable)
    return None if value is None else Decimal(value)  # an int (JSON "100") converts exactly


def _date(obj: dict[str, Any], key: str, *, where: str, nullable: bool = False) -> date | None:
    value = _field(obj, key, str, where=where, nullable=nullable)
    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError:
        raise _invalid(f"{where}.{key}") from None


def _currency(obj: dict[str, Any], *, where: str) -> str:
    """ISO 4217 code, else Plaid's unofficial one (crypto, loyalty points); Plaid always sets one of them."""
    currency = _field(obj, "iso_currency_code", str, where=where, nullable=True)
    return currency or _field(obj, "unofficial_currency_code", str, where=where)


def _jsonable(value: Any) -> Any:
    """Plaid's data as received, except that non-integer numbers are kept as their exact decimal text.

    Parsing gave them as Decimal, which json cannot serialise; a string keeps exactly the digits Plaid
    sent, without a detour through float.
    """
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _account(value: Any, where: str) -> AccountRecord:
    account = _dict(value, where)
    balances = _dict(account.get("balances"), f"{where}.balances")
    kind = _field(account, "type", str, where=where)
    current = _decimal(balances, "current", where=f"{where}.balances", nullable=True)
    if current is not None and kind in _OWED_TYPES:
        # What is owed on a card or loan becomes negative. `available` (credit left to spend) and
        # `limit` are not debts and keep Plaid's positive sign.
        current = -current
    return AccountRecord(
        provider_account_id=_field(account, "account_id", str, where=where),
        name=_field(account, "name", str, where=where),
        official_name=_field(account, "official_name", str, where=where, nullable=True) or "",
        mask=_field(account, "mask", str, where=where, nullable=True) or "",
        type=kind,
        subtype=_field(account, "subtype", str, where=where, nullable=True) or "",
        currency=_currency(balances, where=f"{where}.balances"),
        current_balance=current,
        available_balance=_decimal(balances, "available", where=f"{where}.balances", nullable=True),
        credit_limit=_decimal(balances, "limit", where=f"{where}.balances", nullable=True),
    )


def _transaction(value: Any, where: str) -> TransactionRecord:
    txn = _dict(value, where)
    category = _field(txn, "personal_finance_category", dict, where=where, nullable=True) or {}
    category_where = f"{where}.personal_finance_category"
    return TransactionRecord(
        provider_transaction_id=_field(txn, "transaction_id", str, where=where),
        provider_account_id=_field(txn, "account_id", str, where=where),
        date=_date(txn, "date", where=where),
        authorized_date=_date(txn, "authorized_date", where=where, nullable=True),
        amount=-_decimal(txn, "amount", where=where),  # Plaid: positive = money out
        currency=_currency(txn, where=where),
        description=_field(txn, "name", str, where=where),
        merchant_name=_field(txn, "merchant_name", str, where=where, nullable=True) or "",
        pending=_field(txn, "pending", bool, where=where),
        pending_transaction_id=_field(txn, "pending_transaction_id", str, where=where, nullable=True),
        category_primary=_field(category, "primary", str, where=category_where, nullable=True) or "",
        category_detailed=_field(category, "detailed", str, where=category_where, nullable=True) or "",
        raw=_jsonable(txn),
    )


def _card_payment(value: Any, where: str) -> CardPayment:
    card = _dict(value, where)
    # Plaid's minimum_payment_amount is already what is owed, positive, as FinSync keeps it.
    return CardPayment(
        provider_account_id=_field(card, "account_id", str, where=where, nullable=True) or "",
        due_date=_date(card, "next_payment_due_date", where=where, nullable=True),
        minimum_payment=_decimal(card, "minimum_payment_amount", where=where, nullable=True),
    )
