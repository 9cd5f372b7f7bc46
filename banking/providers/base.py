"""What every provider hands the sync engine: canonical records, already in FinSync's conventions.

Amounts are Decimals with FinSync's sign (negative = money out, positive = money in); dates are
`datetime.date`; a provider's own data is kept as received in `raw`. Provider names (Plaid "items")
stay inside each provider module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class AccountRecord:
    provider_account_id: str
    name: str
    official_name: str
    mask: str
    type: str  # depository | credit | loan | investment | other
    subtype: str  # checking, savings, credit card, ...
    currency: str  # ISO 4217
    current_balance: Decimal | None
    available_balance: Decimal | None
    credit_limit: Decimal | None


@dataclass(frozen=True)
class TransactionRecord:
    provider_transaction_id: str
    provider_account_id: str
    date: date  # the bank's posting date (for a pending transaction: the date it happened)
    authorized_date: date | None
    amount: Decimal  # negative = money out
    currency: str
    description: str  # the raw bank descriptor
    merchant_name: str  # "" when the provider gives none
    pending: bool
    pending_transaction_id: str | None  # on a posted transaction: the pending one it replaces
    category_primary: str  # provider's personal-finance category, "" when none
    category_detailed: str
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class CardPayment:
    """A credit card's next payment: at least `minimum_payment` by `due_date`.

    `minimum_payment` is the amount to pay, so it is positive (or 0), in the card account's currency;
    either field is None when the bank does not say.
    """

    provider_account_id: str
    due_date: date | None
    minimum_payment: Decimal | None


@dataclass(frozen=True)
class SyncPage:
    """One page of changes since `cursor`; the next request uses `next_cursor`."""

    added: list[TransactionRecord]
    modified: list[TransactionRecord]
    removed: list[str]  # provider transaction ids
    next_cursor: str
    has_more: bool
    # The login's accounts with their balances, when the provider sends them with the changes (Plaid does):
    # then the sync needs no separate call for them. None: ask `Provider.accounts`.
    accounts: list[AccountRecord] | None = None


@dataclass(frozen=True)
class Link:
    """A newly linked login at an institution."""

    access_token: str
    external_id: str  # the provider's id for this login (Plaid's item_id)
    institution_id: str
    institution_name: str


class ProviderError(Exception):
    """A provider refused or failed. `code` is the provider's code; `message` is safe to show a person."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class NeedsRelink(ProviderError):
    """The person must sign in to their bank again (expired password, MFA, revoked consent)."""


class TransientError(ProviderError):
    """Rate limit, outage or timeout: try again later; nothing is wrong with the connection."""


class MutationDuringPagination(ProviderError):
    """The data changed while paging: start the update again from its first cursor."""


class Provider:
    """The interface the sync engine uses. Each method raises ProviderError (or a subclass) on failure."""

    name: str

    def accounts(self, *, access_token: str) -> list[AccountRecord]:
        raise NotImplementedError

    def transactions_page(self, *, access_token: str, cursor: str) -> SyncPage:
        """Changes since `cursor` ("" = from the beginning), at most one page."""
        raise NotImplementedError

    def card_payments(self, *, access_token: str) -> list[CardPayment]:
        """The next payment due on each credit card of this login; [] when the provider or the login
        does not tell due dates (then no card has one)."""
        return []

    def disconnect(self, *, access_token: str) -> None:
        """Tell the provider to forget this login (Plaid's /item/remove)."""
        raise NotImplementedError
