"""An in-process HTTP fake of Plaid, so tests run the real plaid-python client over the wire.

`plaid_fake` (a pytest fixture) starts a `PlaidFake` on 127.0.0.1 and points Django's PLAID_* settings
at it. Tests drive its state directly:

    item = plaid_fake.add_item()                                 # a login with three accounts
    item.push_update(added=[item.transaction(amount=Decimal("72.10"))], removed=["txn-id"])
    plaid_fake.fail("/transactions/sync", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", after=1)
    item.credit[0]["next_payment_due_date"] = "2025-07-01"     # the card's liability, as /liabilities/get tells it
    plaid_fake.add_item(liabilities=False)                       # /liabilities/get: PRODUCTS_NOT_SUPPORTED
    plaid_fake.received("/link/token/create")[-1]                # the JSON body Plaid would have seen
    plaid_fake.sign_webhook(body)                                # a Plaid-Verification header value
    PlaidFake(latency=0.2, calls_per_minute=2500)                # slow like the real thing, with Plaid's limit

Response shapes follow Plaid's own examples in ../shared/corpus/plaid/endpoints when that folder is
there, and the built-in templates below (the same fields) when it is not.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from jwt.algorithms import ECAlgorithm

from banking.ratelimit import shared_bucket

CLIENT_ID = "fake-client-id"
SECRET = "fake-secret"
_CORPUS = settings.CORPUS_DIR / "plaid" / "endpoints"

INSTITUTIONS = {
    "ins_109508": "First Platypus Bank",
    "ins_109509": "First Gingham Credit Union",
    "ins_109510": "Tattersall Federal Credit Union",
    "ins_109511": "Tartan Bank",
    "ins_109512": "Houndstooth Bank",
}

# Plaid's (HTTP status, error_type) for each error code the fake can return.
ERRORS: dict[str, tuple[int, str]] = {
    "ITEM_LOGIN_REQUIRED": (400, "ITEM_ERROR"),
    "PENDING_EXPIRATION": (400, "ITEM_ERROR"),
    "ACCESS_NOT_GRANTED": (400, "ITEM_ERROR"),
    "USER_PERMISSION_REVOKED": (400, "ITEM_ERROR"),
    "ITEM_LOCKED": (400, "ITEM_ERROR"),
    "INVALID_CREDENTIALS": (400, "ITEM_ERROR"),
    "INVALID_MFA": (400, "ITEM_ERROR"),
    "ITEM_NOT_FOUND": (400, "ITEM_ERROR"),
    "PRODUCT_NOT_READY": (400, "ITEM_ERROR"),
    "PRODUCTS_NOT_SUPPORTED": (400, "ITEM_ERROR"),
    "NO_LIABILITY_ACCOUNTS": (400, "ITEM_ERROR"),
    "ADDITIONAL_CONSENT_REQUIRED": (400, "ITEM_ERROR"),
    "INSTITUTION_DOWN": (400, "INSTITUTION_ERROR"),
    "INSTITUTION_NOT_RESPONDING": (400, "INSTITUTION_ERROR"),
    "INTERNAL_SERVER_ERROR": (500, "API_ERROR"),
    "PLANNED_MAINTENANCE": (503, "API_ERROR"),
    "RATE_LIMIT": (429, "RATE_LIMIT_EXCEEDED"),
    "TRANSACTIONS_SYNC_LIMIT": (429, "RATE_LIMIT_EXCEEDED"),
    "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION": (400, "TRANSACTIONS_ERROR"),
    "INVALID_API_KEYS": (400, "INVALID_INPUT"),
    "INVALID_ACCESS_TOKEN": (400, "INVALID_INPUT"),
    "INVALID_PUBLIC_TOKEN": (400, "INVALID_INPUT"),
    "INVALID_INSTITUTION": (400, "INVALID_INPUT"),
    "INVALID_WEBHOOK_VERIFICATION_KEY_ID": (400, "INVALID_INPUT"),
    "INVALID_FIELD": (400, "INVALID_REQUEST"),
    "INVALID_BODY": (400, "INVALID_REQUEST"),
    "NOT_FOUND": (404, "INVALID_REQUEST"),
}


# Templates: Plaid's example payloads when the corpus is present, else the same fields built here.


@cache
def _example(endpoint: str) -> dict[str, Any] | None:
    path = _CORPUS / f"{endpoint}.response.example-1.json"
    return json.loads(path.read_text()) if path.exists() else None


def transaction_template() -> dict[str, Any]:
    if example := _example("transactions_sync"):
        return copy.deepcopy(example["added"][0])
    return {
        "account_id": "",
        "account_owner": None,
        "amount": Decimal("72.10"),
        "iso_currency_code": "USD",
        "unofficial_currency_code": None,
        "check_number": None,
        "counterparties": [],
        "date": "2023-09-24",
        "datetime": "2023-09-24T11:01:01Z",
        "authorized_date": "2023-09-22",
        "authorized_datetime": "2023-09-22T10:34:50Z",
        "location": dict.fromkeys(
            ["address", "city", "region", "postal_code", "country", "lat", "lon", "store_number"]
        ),
        "name": "PURCHASE WM SUPERCENTER #1700",
        "merchant_name": "Walmart",
        "merchant_entity_id": None,
        "logo_url": None,
        "website": None,
        "payment_meta": dict.fromkeys(
            [
                "by_order_of",
                "payee",
                "payer",
                "payment_method",
                "payment_processor",
                "ppd_id",
                "reason",
                "reference_number",
            ]
        ),
        "payment_channel": "in store",
        "pending": False,
        "pending_transaction_id": None,
        "personal_finance_category": {
            "primary": "GENERAL_MERCHANDISE",
            "detailed": "GENERAL_MERCHANDISE_SUPERSTORES",
            "confidence_level": "VERY_HIGH",
        },
        "personal_finance_category_icon_url": "https://plaid-category-icons.plaid.com/PFC_GENERAL_MERCHANDISE.png",
        "transaction_id": "",
        "transaction_code": None,
        "transaction_type": "place",
    }


def account_template() -> dict[str, Any]:
    if example := _example("accounts_get"):
        return copy.deepcopy(example["accounts"][0])
    return {
        "account_id": "",
        "balances": {
            "available": 100,
            "current": 110,
            "iso_currency_code": "USD",
            "limit": None,
            "unofficial_currency_code": None,
        },
        "holder_category": "personal",
        "mask": "0000",
        "name": "Plaid Checking",
        "official_name": "Plaid Gold Standard 0% Interest Checking",
        "subtype": "checking",
        "type": "depository",
    }


def item_template() -> dict[str, Any]:
    if example := _example("item_get"):
        return copy.deepcopy(example["item"])
    return {
        "created_at": "2019-01-22T04:32:00Z",
        "available_products": ["balance", "auth"],
        "billed_products": ["transactions"],
        "products": ["transactions"],
        "error": None,
        "institution_id": "",
        "institution_name": "",
        "item_id": "",
        "update_type": "background",
        "webhook": "",
        "auth_method": None,
        "consented_products": ["transactions"],
        "consented_data_scopes": ["account_balance_info", "transactions"],
        "consented_use_cases": ["Track and manage your finances"],
        "consent_expiration_time": None,
    }


def credit_liability_template() -> dict[str, Any]:
    if example := _example("liabilities_get"):
        return copy.deepcopy(example["liabilities"]["credit"][0])
    return {
        "account_id": "",
        "aprs": [
            {
                "apr_percentage": Decimal("12.5"),
                "apr_type": "purchase_apr",
                "balance_subject_to_apr": Decimal("157.01"),
                "interest_charge_amount": Decimal("25.66"),
            }
        ],
        "is_overdue": False,
        "last_payment_amount": Decimal("168.25"),
        "last_payment_date": "2019-05-22",
        "last_statement_issue_date": "2019-05-28",
        "last_statement_balance": Decimal("1708.77"),
        "minimum_payment_amount": 20,
        "next_payment_due_date": "2020-05-28",
    }


def institution_template() -> dict[str, Any]:
    if example := _example("institutions_get_by_id"):
        return copy.deepcopy(example["institution"])
    return {
        "country_codes": ["US"],
        "institution_id": "",
        "name": "",
        "products": ["auth", "balance", "identity", "transactions"],
        "routing_numbers": [],
        "dtc_numbers": [],
        "oauth": False,
        "status": None,
        "primary_color": None,
        "url": None,
        "logo": None,
    }


def _plaid_id() -> str:
    """An opaque id shaped like Plaid's (37 url-safe characters)."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes).decode()[:37]


def account(**fields: Any) -> dict[str, Any]:
    """A Plaid account object; `balances` is merged into the template's, other fields replace it."""
    result = account_template() | {"account_id": _plaid_id()}
    result["balances"] |= fields.pop("balances", {})
    return result | fields


def default_accounts() -> list[dict[str, Any]]:
    """Checking, a credit card and a student loan, like a sandbox login at First Platypus Bank."""
    return [
        account(),
        account(
            name="Plaid Credit Card",
            official_name="Plaid Diamond 12.5% APR Interest Credit Card",
            mask="3333",
            type="credit",
            subtype="credit card",
            balances={"available": None, "current": Decimal("410.25"), "limit": 2000},
        ),
        account(
            name="Plaid Student Loan",
            official_name=None,
            mask="7777",
            type="loan",
            subtype="student",
            balances={"available": None, "current": 65262},
        ),
    ]


@dataclass
class FakeItem:
    """One login at a bank (Plaid's "item"): its accounts and its log of transaction changes."""

    item_id: str
    access_token: str
    institution_id: str
    accounts: list[dict[str, Any]]
    public_token: str = ""
    removed: bool = False
    # Plaid's liabilities.credit: one entry per credit card. None: the item has no liabilities product.
    credit: list[dict[str, Any]] | None = None
    # Every change ever pushed, in order: ("added" | "modified" | "removed", Plaid's object).
    # A sync cursor is a position in this log, so the same cursor always gives the same page.
    log: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def transaction(self, **fields: Any) -> dict[str, Any]:
        """A Plaid transaction on this login's first account (unless `account_id` is given)."""
        return (
            transaction_template()
            | {
                "transaction_id": _plaid_id(),
                "account_id": self.accounts[0]["account_id"],
                "pending_transaction_id": None,
            }
            | fields
        )

    def push_update(
        self,
        *,
        added: Sequence[dict[str, Any]] = (),
        modified: Sequence[dict[str, Any]] = (),
        removed: Sequence[str] = (),
    ) -> None:
        """What Plaid learned from the bank since the last update: available to the next sync."""
        accounts_by_transaction = {txn["transaction_id"]: txn["account_id"] for _, txn in self.log}
        self.log += [("added", txn) for txn in added] + [("modified", txn) for txn in modified]
        self.log += [
            ("removed", {"account_id": accounts_by_transaction.get(txn_id), "transaction_id": txn_id})
            for txn_id in removed
        ]


@dataclass
class _Fault:
    error_code: str
    times: int | None  # None: every call
    after: int  # successful calls to let through first
    display_message: str | None


class PlaidError(Exception):
    def __init__(self, code: str, message: str, display_message: str | None = None):
        super().__init__(message)
        self.code, self.message, self.display_message = code, message, display_message


class PlaidFake:
    """Plaid's JSON API for the endpoints FinSync uses, with state and faults tests can drive.

    `latency` (seconds) delays every answer, as the trip to Plaid and the bank would. `calls_per_minute` is a
    client-wide limit over any 60 seconds: a call beyond it gets Plaid's 429 RATE_LIMIT_EXCEEDED, is counted in
    `rate_limited` and is not served (nor recorded in `requests`).
    """

    def __init__(self, *, latency: float = 0.0, calls_per_minute: int | None = None) -> None:
        self.client_id = CLIENT_ID
        self.secret = SECRET
        self.latency = latency
        self.calls_per_minute = calls_per_minute
        self.rate_limited = 0
        self._served_at: deque[float] = deque()  # when each call within the last minute arrived
        self.items: dict[str, FakeItem] = {}  # by access token
        self.requests: list[tuple[str, dict[str, Any]]] = []  # (path, JSON body) as received
        self._faults: dict[str, list[_Fault]] = {}
        self._stalls: dict[str, float] = {}
        self._lock = threading.Lock()
        self.signing_key = ec.generate_private_key(ec.SECP256R1())
        self.kid = str(uuid.uuid4())
        self.key_created_at = int(time.time())
        self.key_expired_at: int | None = None
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        # A short poll interval: stop() waits for the loop to notice, once per test.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Driving the fake

    def add_item(
        self,
        *,
        institution_id: str = "ins_109508",
        accounts: list[dict[str, Any]] | None = None,
        liabilities: bool = True,
    ) -> FakeItem:
        """A login; with `liabilities`, each credit card has a liability from Plaid's example (due date,
        minimum payment), else /liabilities/get answers PRODUCTS_NOT_SUPPORTED."""
        accounts = default_accounts() if accounts is None else accounts
        cards = [a["account_id"] for a in accounts if a["type"] == "credit"]
        item = FakeItem(
            item_id=_plaid_id(),
            access_token=f"access-sandbox-{uuid.uuid4()}",
            institution_id=institution_id,
            accounts=accounts,
            public_token=f"public-sandbox-{uuid.uuid4()}",
            credit=[credit_liability_template() | {"account_id": card} for card in cards] if liabilities else None,
        )
        self.items[item.access_token] = item
        return item

    def fail(
        self,
        path: str,
        error_code: str,
        *,
        times: int | None = 1,
        after: int = 0,
        display_message: str | None = None,
    ) -> None:
        """Answer the next `times` calls to `path` (every one, for None) with Plaid's error `error_code`,
        after letting `after` calls succeed: `after=1` fails the second page of a sync."""
        self._faults.setdefault(path, []).append(_Fault(error_code, times, after, display_message))

    def stall(self, path: str, seconds: float) -> None:
        """Hold the next call to `path` this long before answering (to make the client time out)."""
        self._stalls[path] = seconds

    def received(self, path: str) -> list[dict[str, Any]]:
        return [body for received_path, body in self.requests if received_path == path]

    def expire_key(self) -> None:
        """Plaid has rotated its webhook signing key: the current one is served with `expired_at` set."""
        self.key_expired_at = int(time.time())

    def public_jwk(self) -> dict[str, Any]:
        jwk = ECAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        return {
            "alg": "ES256",
            "crv": jwk["crv"],
            "kid": self.kid,
            "kty": jwk["kty"],
            "use": "sig",
            "x": jwk["x"],
            "y": jwk["y"],
            "created_at": self.key_created_at,
            "expired_at": self.key_expired_at,
        }

    def sign_webhook(
        self, body: bytes, *, iat: int | None = None, kid: str | None = None, alg: str = "ES256", key: Any = None
    ) -> str:
        """The Plaid-Verification header Plaid sends with `body`, signed with this fake's key by default.

        `alg="none"` and `alg="HS256"` (with `key` as the HMAC secret) build the forgeries an attacker
        would try; PyJWT refuses to make them, so those are assembled by hand.
        """
        header = {"alg": alg, "kid": kid or self.kid, "typ": "JWT"}
        claims = {
            "iat": int(time.time()) if iat is None else iat,
            "request_body_sha256": hashlib.sha256(body).hexdigest(),
        }
        if alg == "ES256":
            return jwt.encode(claims, key or self.signing_key, algorithm="ES256", headers=header)
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        if alg == "none":
            return f"{signing_input}."
        if alg == "HS256":
            return f"{signing_input}.{_b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())}"
        raise ValueError(f"sign_webhook cannot make {alg!r} tokens")

    # The API

    def handle(self, path: str, raw: bytes, headers: Any) -> tuple[int, dict[str, Any]]:
        over_limit = self._over_limit()
        time.sleep(self.latency)
        if over_limit:
            return _error(PlaidError("RATE_LIMIT", "rate limit exceeded for client"))
        if seconds := self._stalls.pop(path, 0):
            time.sleep(seconds)
        with self._lock:
            try:
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    raise PlaidError("INVALID_BODY", "body could not be parsed as JSON") from None
                self.requests.append((path, body))
                self._check_keys(body, headers)
                self._inject_fault(path)
                route = _ROUTES.get(path)
                if route is None:
                    raise PlaidError("NOT_FOUND", f"unknown endpoint {path}")
                return 200, {**route(self, body), "request_id": _request_id()}
            except PlaidError as error:
                return _error(error)

    def _over_limit(self) -> bool:
        """Whether this call, arriving now, is one too many for the last 60 seconds (then it is counted)."""
        if self.calls_per_minute is None:
            return False
        with self._lock:
            now = time.monotonic()
            while self._served_at and self._served_at[0] <= now - 60:
                self._served_at.popleft()
            if len(self._served_at) >= self.calls_per_minute:
                self.rate_limited += 1
                return True
            self._served_at.append(now)
            return False

    def _check_keys(self, body: dict[str, Any], headers: Any) -> None:
        # Plaid takes the keys from the body or from headers; plaid-python sends headers.
        client_id = body.get("client_id") or headers.get("PLAID-CLIENT-ID")
        secret = body.get("secret") or headers.get("PLAID-SECRET")
        if client_id != self.client_id or secret != self.secret:
            raise PlaidError("INVALID_API_KEYS", "invalid client_id or secret provided")

    def _inject_fault(self, path: str) -> None:
        for fault in self._faults.get(path, []):
            if fault.after:
                fault.after -= 1
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times == 0:
                    self._faults[path].remove(fault)
            raise PlaidError(fault.error_code, f"injected {fault.error_code}", fault.display_message)

    def _item(self, body: dict[str, Any]) -> FakeItem:
        item = self.items.get(body.get("access_token", ""))
        if item is None:
            raise PlaidError("INVALID_ACCESS_TOKEN", "provided access token is in an invalid format or unknown")
        if item.removed:
            raise PlaidError("ITEM_NOT_FOUND", "the requested item was not found")
        return item

    def _link_token_create(self, body: dict[str, Any]) -> dict[str, Any]:
        if "access_token" in body:
            self._item(body)
        elif not body.get("products"):
            raise PlaidError("INVALID_FIELD", "products must be provided unless access_token is (update mode)")
        if not body.get("user", {}).get("client_user_id"):
            raise PlaidError("INVALID_FIELD", "user.client_user_id must be provided")
        expiration = (datetime.now(UTC) + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"link_token": f"link-sandbox-{uuid.uuid4()}", "expiration": expiration}

    def _sandbox_public_token_create(self, body: dict[str, Any]) -> dict[str, Any]:
        institution_id = body.get("institution_id")
        if institution_id not in INSTITUTIONS:
            raise PlaidError("INVALID_INSTITUTION", f"invalid institution_id {institution_id}")
        return {"public_token": self.add_item(institution_id=institution_id).public_token}

    def _item_public_token_exchange(self, body: dict[str, Any]) -> dict[str, Any]:
        for item in self.items.values():
            if item.public_token and item.public_token == body.get("public_token"):
                item.public_token = ""  # a public token is good for one exchange
                return {"access_token": item.access_token, "item_id": item.item_id}
        raise PlaidError("INVALID_PUBLIC_TOKEN", "provided public token is expired or unknown")

    def _item_get(self, body: dict[str, Any]) -> dict[str, Any]:
        item = self._item(body)
        fields = {
            "item_id": item.item_id,
            "institution_id": item.institution_id,
            "institution_name": INSTITUTIONS.get(item.institution_id),
        }
        return {"item": item_template() | fields, "status": None}

    def _institutions_get_by_id(self, body: dict[str, Any]) -> dict[str, Any]:
        institution_id = body.get("institution_id")
        if institution_id not in INSTITUTIONS:
            raise PlaidError("INVALID_INSTITUTION", f"invalid institution_id {institution_id}")
        fields = {"institution_id": institution_id, "name": INSTITUTIONS[institution_id]}
        return {"institution": institution_template() | fields}

    def _accounts_get(self, body: dict[str, Any]) -> dict[str, Any]:
        item = self._item(body)
        return {"accounts": item.accounts, "item": item_template() | {"item_id": item.item_id}}

    def _transactions_sync(self, body: dict[str, Any]) -> dict[str, Any]:
        item = self._item(body)
        count = body.get("count", 100)
        if not isinstance(count, int) or not 1 <= count <= 500:
            raise PlaidError("INVALID_FIELD", "count must be between 1 and 500")
        start = _decode_cursor(item, body.get("cursor") or "")
        changes = item.log[start : start + count]
        end = start + len(changes)
        return {
            "accounts": item.accounts,
            "added": [txn for kind, txn in changes if kind == "added"],
            "modified": [txn for kind, txn in changes if kind == "modified"],
            "removed": [txn for kind, txn in changes if kind == "removed"],
            "next_cursor": _encode_cursor(item, end),
            "has_more": end < len(item.log),
            "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
        }

    def _liabilities_get(self, body: dict[str, Any]) -> dict[str, Any]:
        item = self._item(body)
        if item.credit is None:
            raise PlaidError("PRODUCTS_NOT_SUPPORTED", "the liabilities product is not supported for this item")
        return {
            "accounts": item.accounts,
            "item": item_template() | {"item_id": item.item_id},
            # Only cards here: FinSync reads no loan details, so the fake does not make them up.
            "liabilities": {"credit": item.credit, "mortgage": None, "student": None},
        }

    def _item_remove(self, body: dict[str, Any]) -> dict[str, Any]:
        self._item(body).removed = True
        return {}

    def _webhook_verification_key_get(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("key_id") != self.kid:
            raise PlaidError("INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided")
        return {"key": self.public_jwk()}


_ROUTES = {
    "/link/token/create": PlaidFake._link_token_create,
    "/sandbox/public_token/create": PlaidFake._sandbox_public_token_create,
    "/item/public_token/exchange": PlaidFake._item_public_token_exchange,
    "/item/get": PlaidFake._item_get,
    "/institutions/get_by_id": PlaidFake._institutions_get_by_id,
    "/accounts/get": PlaidFake._accounts_get,
    "/transactions/sync": PlaidFake._transactions_sync,
    "/liabilities/get": PlaidFake._liabilities_get,
    "/item/remove": PlaidFake._item_remove,
    "/webhook_verification_key/get": PlaidFake._webhook_verification_key_get,
}


def _error(error: PlaidError) -> tuple[int, dict[str, Any]]:
    """Plaid's error body for `error`, with its HTTP status."""
    status, error_type = ERRORS[error.code]
    return status, {
        "error_type": error_type,
        "error_code": error.code,
        "error_code_reason": None,
        "error_message": error.message,
        "display_message": error.display_message,
        "request_id": _request_id(),
        "causes": [],
        "status": status,
        "documentation_url": f"https://plaid.com/docs/errors/#{error.code.lower()}",
        "suggested_action": None,
    }


def _encode_cursor(item: FakeItem, position: int) -> str:
    return base64.urlsafe_b64encode(f"{item.item_id}:{position}".encode()).decode()


def _decode_cursor(item: FakeItem, cursor: str) -> int:
    if not cursor:
        return 0
    try:
        item_id, position = base64.urlsafe_b64decode(cursor.encode()).decode().rsplit(":", 1)
        if item_id == item.item_id and 0 <= int(position) <= len(item.log):
            return int(position)
    except ValueError:
        pass
    raise PlaidError("INVALID_FIELD", "cursor is not valid for this item")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _request_id() -> str:
    return uuid.uuid4().hex[:15]


def _json_default(value: Any) -> Any:
    # Plaid's JSON numbers: a Decimal in test data goes out as the number it spells (72.10 -> 72.1).
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class _Server(ThreadingHTTPServer):
    # A thread per request (daemon threads, so a stalled one never holds up the end of a test run), and a
    # listen backlog for a fleet of workers calling at once: the default of 5 drops connections under load.
    daemon_threads = True
    request_queue_size = 256


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, payload = self.server.fake.handle(self.path, raw, self.headers)  # type: ignore[attr-defined]
        data = json.dumps(payload, default=_json_default).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output to the tests


@pytest.fixture
def plaid_fake(settings: Any) -> Iterator[PlaidFake]:
    """A running PlaidFake, with PLAID_HOST and the API keys in Django settings pointing at it."""
    fake = PlaidFake()
    fake.start()
    shared_bucket.cache_clear()  # a full in-process bucket of Plaid calls (the Redis one goes with the cache)
    settings.PLAID_ENV = "sandbox"
    settings.PLAID_HOST = fake.url
    settings.PLAID_CLIENT_ID = fake.client_id
    settings.PLAID_SECRET = fake.secret
    try:
        yield fake
    finally:
        fake.stop()
