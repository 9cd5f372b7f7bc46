"""The Demo Bank: an offline provider, so that a new person can link a bank with no credentials at all
and see a realistic year of finances (checking, savings and a credit card).

Everything about a connection is a pure function of its access token, which carries the link date
(`demo-YYYYMMDD-<random>`): the same token always gives the same accounts and the same history.

- Each day's activity is a pure function of (token, date): everyday spending from the merchant table
  below, bills and subscriptions on fixed days, biweekly pay, rent, a monthly transfer to savings,
  savings interest and a monthly credit-card payment (both sides of it).
- The card's statement closes at the end of each month and is due on a fixed day of the next month,
  when it is paid in full from checking. Until then the card tells that due date and a minimum
  payment (1% of the statement, at least $25); once paid, next month's due date, with the minimum
  unknown until the statement closes.
- Card purchases are pending for 1 to 3 days, then post under a new id that names the pending one
  (restaurants post with the tip added). A few pending purchases are cancelled instead of posting;
  a few posted ones are corrected a few days later (amount, or merchant and category filled in).
- Two purchases a day happen "later today": a day's first sync does not show them, its 2nd and 3rd
  syncs do, so that "Sync now" twice on the same day brings something new; each further sync that
  day sees a card authorization hold (a pump pre-authorization, a ride's fare hold) that drops off
  the next day without posting.
- What the bank shows at a sync (a `_View`: a date and which sync of that day it is) is therefore
  known; a sync delivers the difference between the view the cursor says the client holds and the
  view now: new ids are `added`, changed ones `modified`, vanished ones `removed`. A removed id
  never comes back. The first sync delivers everything since the first day of the month 13 months
  before the link date.

Cursor (opaque to callers): "" = nothing held yet; "2025-06-04#2" = the client holds the view of the
2nd sync on 2025-06-04; "2025-06-04#2>2025-06-05+500" = part way through delivering the view of
2025-06-05: its first 500 changes are delivered. A cursor always gives the same page again.

Balances (FinSync's sign: a card's balance owed is negative): `current_balance` is the opening
balance (at the start of the history) plus every posted transaction delivered; `available_balance`
also counts pending ones, all of today's (the balance is live; transactions arrive by sync), and
for the card it is the credit left: limit + current + pending. (Authorization holds are left out.)
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.utils import timezone

from .base import AccountRecord, CardPayment, Link, Provider, ProviderError, SyncPage, TransactionRecord

PAGE_SIZE = 500
HISTORY_MONTHS = 13
CURRENCY = "USD"
SETTLE_DAYS = (1, 1, 1, 2, 2, 3)  # how long a card purchase stays pending
MAX_CORRECTION_DAYS = 4  # a posted purchase may be corrected up to this many days after it posts
SETTLED_AFTER = timedelta(days=max(SETTLE_DAYS) + MAX_CORRECTION_DAYS)  # older activity never changes
LATER_TODAY = 2  # purchases a day that only the 2nd, 3rd... sync of that day shows
WHOLE_DAY = LATER_TODAY + 1  # the sync number that sees all of a day's activity
CANCEL_RATE = 0.03
CORRECTION_RATE = 0.05
UNCATEGORIZED_RATE = 0.06  # like Plaid, some transactions come without a category
DUPLICATE_RATE = 0.015  # a day on which a merchant charges the card twice
DEBIT_SHARE = 0.2  # everyday purchases paid by debit card from checking instead of the credit card
PAYDAY = date(2024, 1, 5)  # a Friday: pay comes every other Friday from here (or a week later)
SWEEP_STEP = 5000  # last month's surplus moves to savings in steps of $50
INTEREST_DIVISOR = 300  # 4.00% a year, paid monthly: balance / 300
MINIMUM_PAYMENT_FLOOR = 2500  # a card's minimum payment: $25 or 1% of the statement, whichever is more
MINIMUM_PAYMENT_DIVISOR = 100

CHECKING, SAVINGS, CARD = "checking", "savings", "card"
# key, name, official name, type, subtype (Plaid's)
ACCOUNTS = (
    (CHECKING, "Everyday Checking", "Everyday Checking", "depository", "checking"),
    (SAVINGS, "High-Yield Savings", "High-Yield Savings 4.00% APY", "depository", "savings"),
    (CARD, "Cashback Visa", "Cashback Rewards Visa Signature", "credit", "credit card"),
)

PFC_PRIMARIES = (  # Plaid personal-finance-category v2 primaries: a detailed code starts with its primary
    "INCOME", "TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS", "BANK_FEES", "ENTERTAINMENT", "FOOD_AND_DRINK",
    "GENERAL_MERCHANDISE", "HOME_IMPROVEMENT", "MEDICAL", "PERSONAL_CARE", "GENERAL_SERVICES",
    "GOVERNMENT_AND_NON_PROFIT", "TRANSPORTATION", "TRAVEL", "RENT_AND_UTILITIES",
)  # fmt: skip


@dataclass(frozen=True)
class Merchant:
    descriptor: str  # as the bank prints it; "{ref}" becomes an order reference
    name: str  # cleaned, as Plaid's merchant_name
    category: str  # Plaid PFC v2 detailed code, "" when none
    low: int  # price range, cents
    high: int
    tipped: bool = False  # posts with a tip on top of the pending amount


@dataclass(frozen=True)
class Habit:
    merchants: tuple[Merchant, ...]
    weekday: float  # chance of a purchase on a weekday
    weekend: float


COFFEE = (
    Merchant("SQ *BLUE BOTTLE COFFEE", "Blue Bottle Coffee", "FOOD_AND_DRINK_COFFEE", 450, 950),
    Merchant("STARBUCKS STORE 05121", "Starbucks", "FOOD_AND_DRINK_COFFEE", 395, 1150),
    Merchant("PHILZ COFFEE 24TH ST", "Philz Coffee", "FOOD_AND_DRINK_COFFEE", 425, 900),
)
RIDES = (
    Merchant("UBER *TRIP", "Uber", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", 900, 4200),
    Merchant("LYFT *RIDE", "Lyft", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", 850, 3900),
)
HABITS = (
    Habit(COFFEE, weekday=0.55, weekend=0.3),
    Habit(
        (
            Merchant("TRADER JOE'S #552 SAN FRANCISCO CA", "Trader Joe's", "FOOD_AND_DRINK_GROCERIES", 1800, 9500),
            Merchant("WHOLEFDS MKT 10234", "Whole Foods Market", "FOOD_AND_DRINK_GROCERIES", 2200, 14000),
            Merchant("SAFEWAY #1490 SAN FRANCISCO CA", "Safeway", "FOOD_AND_DRINK_GROCERIES", 1500, 8500),
        ),
        weekday=0.15,
        weekend=0.35,
    ),
    Habit(
        (
            Merchant("TST* NOPA", "Nopa", "FOOD_AND_DRINK_RESTAURANT", 4500, 16000, tipped=True),
            Merchant("TST* FLOUR + WATER", "Flour + Water", "FOOD_AND_DRINK_RESTAURANT", 5000, 18000, tipped=True),
            Merchant("TST* ZUNI CAFE", "Zuni Cafe", "FOOD_AND_DRINK_RESTAURANT", 6000, 20000, tipped=True),
            Merchant("SQ *TARTINE BAKERY", "Tartine Bakery", "FOOD_AND_DRINK_RESTAURANT", 1800, 6000, tipped=True),
        ),
        weekday=0.08,
        weekend=0.4,
    ),
    Habit(RIDES, weekday=0.12, weekend=0.2),
    Habit(
        (
            Merchant("AMZN Mktp US*{ref}", "Amazon", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", 900, 8900),
            Merchant("Amazon.com*{ref}", "Amazon", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", 1200, 6500),
            Merchant("TARGET.COM *{ref}", "Target", "GENERAL_MERCHANDISE_SUPERSTORES", 1500, 7500),
        ),
        weekday=0.1,
        weekend=0.1,
    ),
    Habit(
        (
            Merchant("SHELL OIL 57444563200", "Shell", "TRANSPORTATION_GAS", 3500, 7800),
            Merchant("CHEVRON 0209876 SAN FRANCISCO CA", "Chevron", "TRANSPORTATION_GAS", 3200, 7200),
        ),
        weekday=0.05,
        weekend=0.1,
    ),
    Habit(
        (
            Merchant("WALGREENS #2357", "Walgreens", "MEDICAL_PHARMACIES_AND_SUPPLEMENTS", 600, 4800),
            Merchant("CVS/PHARMACY #09812", "CVS Pharmacy", "MEDICAL_PHARMACIES_AND_SUPPLEMENTS", 500, 5200),
        ),
        weekday=0.04,
        weekend=0.04,
    ),
    Habit(  # the rare large purchase
        (
            Merchant("BEST BUY 00012345", "Best Buy", "GENERAL_MERCHANDISE_ELECTRONICS", 35000, 160000),
            Merchant("UNITED 0162345678901", "United Airlines", "TRAVEL_FLIGHTS", 28000, 95000),
            Merchant("IKEA EAST PALO ALTO", "IKEA", "HOME_IMPROVEMENT_FURNITURE", 20000, 110000),
            Merchant("AIRBNB * HMQ2X8Y4ZP", "Airbnb", "TRAVEL_LODGING", 30000, 120000),
        ),
        weekday=0.01,
        weekend=0.02,
    ),
)
QUICK_BUYS = (  # what happens "later today": small purchases
    *COFFEE,
    *RIDES,
    Merchant("CHIPOTLE 1873", "Chipotle", "FOOD_AND_DRINK_FAST_FOOD", 1100, 1900),
    Merchant("SWEETGREEN SOMA", "Sweetgreen", "FOOD_AND_DRINK_FAST_FOOD", 1300, 2100),
    Merchant("7-ELEVEN 33512", "7-Eleven", "GENERAL_MERCHANDISE_CONVENIENCE_STORES", 250, 1400),
    Merchant("CLIPPER SERVICE CONTRACT", "Clipper", "TRANSPORTATION_PUBLIC_TRANSIT", 500, 2000),
)
HOLDS = (  # authorizations that are never charged: a pump pre-authorization, a ride's fare hold
    Merchant("SHELL OIL 57444563200", "Shell", "TRANSPORTATION_GAS", 100, 100),
    Merchant("UBER *TRIP", "Uber", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", 800, 2500),
)
# Monthly bills, each on a day of the month drawn per connection: account, merchant
BILLS = (
    (CHECKING, Merchant("PG&E WEB ONLINE", "PG&E", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", 6500, 17500)),
    (CARD, Merchant("COMCAST CABLE COMM", "Comcast", "RENT_AND_UTILITIES_INTERNET_AND_CABLE", 8999, 8999)),
    (CARD, Merchant("NETFLIX.COM", "Netflix", "ENTERTAINMENT_TV_AND_MOVIES", 1549, 1549)),
    (CARD, Merchant("SPOTIFY USA", "Spotify", "ENTERTAINMENT_MUSIC_AND_AUDIO", 1199, 1199)),
    (CARD, Merchant("APPLE.COM/BILL", "Apple", "", 299, 299)),
)
CARD_PAYMENT = "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"  # both sides of a card payment, as Plaid categorizes them
RENT_DESCRIPTORS = ("ZELLE TO PROPERTY MGMT", "RENT PAYMENT WEB PMTS")
PAYROLL = Merchant("ACME CORP PAYROLL PPD ID: 1234567890", "Acme Corp", "INCOME_SALARY", 285000, 340000)


@dataclass(frozen=True)
class _Profile:
    """One connection's fixed facts, drawn from its token."""

    seed: bytes
    start: date  # the first day of the history
    masks: tuple[tuple[str, str], ...]  # (account key, last 4 digits)
    opening_checking: int  # cents, at `start`
    opening_savings: int
    credit_limit: int
    first_payday: date
    pay: int
    rent: int
    rent_descriptor: str
    sweep_day: int
    card_payment_day: int
    bill_days: tuple[int, ...]  # one per BILLS entry

    @property
    def tag(self) -> str:
        return self.seed.hex()[:10]

    def account_id(self, account: str) -> str:
        return f"{self.tag}-{account}"

    def mask(self, account: str) -> str:
        return dict(self.masks)[account]


@dataclass(frozen=True)
class _Correction:
    """How a posted transaction reads once the bank has corrected it."""

    on: date
    amount: int
    merchant_name: str
    category: str


@dataclass(frozen=True)
class _Event:
    """Something that happens on one account on one day, and how the bank shows it over time."""

    account: str
    occurred: date
    posts_on: date
    description: str
    merchant_name: str
    category: str
    amount: int  # cents as posted, FinSync's sign
    pending_amount: int | None = None  # cents while pending; None: posts with no pending stage (ACH, transfers)
    cancelled: bool = False  # the pending authorization is dropped instead of posting
    correction: _Correction | None = None
    later_today: int = 0  # n > 0: happens after its day's first sync; shown from that day's (n+1)-th sync

    @property
    def final_amount(self) -> int:
        return self.correction.amount if self.correction else self.amount


@dataclass(frozen=True)
class _View:
    """What the bank shows at a sync: on `day`, the `sync`-th sync of that day."""

    day: date
    sync: int


@dataclass(frozen=True)
class _Cursor:
    held: _View | None  # the view the client holds completely; None: nothing yet
    target: _View | None = None  # the view being delivered page by page
    offset: int = 0  # how many of the target's changes are delivered

    def __str__(self) -> str:
        held = f"{self.held.day.isoformat()}#{self.held.sync}" if self.held else ""
        return held + (f">{self.target.day.isoformat()}+{self.offset}" if self.target else "")


_TOKEN = re.compile(r"demo-(\d{8})-[A-Za-z0-9_-]{16,}")
_CURSOR = re.compile(r"(?:(\d{4}-\d{2}-\d{2})#([1-9]\d{0,2}))?(?:>(\d{4}-\d{2}-\d{2})\+([1-9]\d{0,6}))?")


class DemoBank(Provider):
    name = "demo"
    INSTITUTIONS = (
        ("demo_first_platypus", "First Platypus Bank"),
        ("demo_tattersall", "Tattersall Credit Union"),
        ("demo_quokka", "Quokka Savings & Loan"),
    )

    def link(self, *, institution_id: str) -> Link:
        names = dict(self.INSTITUTIONS)
        if institution_id not in names:
            raise ProviderError("INVALID_INSTITUTION", "The Demo Bank has no such institution.")
        return Link(
            access_token=f"demo-{timezone.localdate():%Y%m%d}-{secrets.token_urlsafe(24)}",
            external_id=f"demo-login-{secrets.token_hex(8)}",
            institution_id=institution_id,
            institution_name=names[institution_id],
        )

    def accounts(self, *, access_token: str) -> list[AccountRecord]:
        profile = _profile(access_token)
        records = _view_records(profile, _View(timezone.localdate(), WHOLE_DAY), since=profile.start).values()
        return [_account_record(profile, account, records) for account, *_ in ACCOUNTS]

    def transactions_page(self, *, access_token: str, cursor: str) -> SyncPage:
        profile = _profile(access_token)
        today = timezone.localdate()
        position = _parse_cursor(cursor, today)
        target = position.target or _next_view(position.held, today)
        changes = _changes(profile, position.held, target)
        if position.offset and position.offset >= len(changes):
            raise ProviderError("INVALID_CURSOR", "This sync position is not valid; sync again from the start.")
        page = changes[position.offset : position.offset + PAGE_SIZE]
        end = position.offset + len(page)
        has_more = end < len(changes)
        return SyncPage(
            added=[change for kind, change in page if kind == "added"],
            modified=[change for kind, change in page if kind == "modified"],
            removed=[change for kind, change in page if kind == "removed"],
            next_cursor=str(_Cursor(position.held, target, end) if has_more else _Cursor(target)),
            has_more=has_more,
        )

    def card_payments(self, *, access_token: str) -> list[CardPayment]:
        profile = _profile(access_token)
        today = timezone.localdate()
        due = today.replace(day=profile.card_payment_day)
        if today >= due:  # this month's statement is paid: the next one closes at the end of the month
            next_due = _month_start(today, months_back=-1).replace(day=profile.card_payment_day)
            return [CardPayment(profile.account_id(CARD), next_due, None)]
        statement = _statement(profile, _month_start(today, months_back=1))
        return [CardPayment(profile.account_id(CARD), due, _money(_minimum_payment(statement)))]

    def disconnect(self, *, access_token: str) -> None:
        """Nothing to tell: the Demo Bank keeps nothing about its links."""


# --- Profile and randomness ---


def _rng(seed: bytes, *parts: object) -> random.Random:
    material = seed + "|".join(map(str, parts)).encode()
    return random.Random(hashlib.sha256(material).digest())  # noqa: S311 (made-up data, reproducible by design)


def _profile(access_token: str) -> _Profile:
    match = _TOKEN.fullmatch(access_token)
    try:
        linked = datetime.strptime(match[1], "%Y%m%d").date() if match else None
    except ValueError:
        linked = None
    if linked is None:
        raise ProviderError("INVALID_ACCESS_TOKEN", "This Demo Bank link is not valid; link it again.")
    seed = hashlib.sha256(access_token.encode()).digest()
    rng = _rng(seed, "profile")
    return _Profile(
        seed=seed,
        start=_month_start(linked, months_back=HISTORY_MONTHS),
        masks=tuple(zip((a for a, *_ in ACCOUNTS), (f"{n:04d}" for n in rng.sample(range(10000), 3)), strict=True)),
        opening_checking=rng.randint(550000, 800000),  # rent and the card payment can take 5,000 before pay day
        opening_savings=rng.randint(800000, 2200000),
        credit_limit=rng.choice((800000, 1000000, 1250000, 1500000)),
        first_payday=PAYDAY + timedelta(days=7 * rng.randint(0, 1)),
        pay=rng.randint(PAYROLL.low, PAYROLL.high),
        rent=rng.randrange(210000, 275000, 2500),
        rent_descriptor=rng.choice(RENT_DESCRIPTORS),
        sweep_day=rng.randint(2, 8),
        card_payment_day=rng.randint(15, 21),  # after the month's first payday
        bill_days=tuple(rng.randint(2, 28) for _ in BILLS),
    )


# --- A day's activity ---


@lru_cache(maxsize=8192)
def _day_events(profile: _Profile, day: date) -> tuple[_Event, ...]:
    """Everything that happens on `day`, in a fixed order: an event's position is part of its id."""
    return _charges(profile, day) + _transfers(profile, day)


@lru_cache(maxsize=8192)
def _charges(profile: _Profile, day: date) -> tuple[_Event, ...]:
    """The day's purchases and bills: everything a card statement can hold."""
    rng = _rng(profile.seed, "charges", day)
    weekend = day.weekday() >= 5
    events = [
        _purchase(rng, day, rng.choice(habit.merchants), account=_card_or_debit(rng))
        for habit in HABITS
        if rng.random() < (habit.weekend if weekend else habit.weekday)
    ]
    events += [
        _purchase(rng, day, rng.choice(QUICK_BUYS), account=_card_or_debit(rng), later_today=n)
        for n in range(1, LATER_TODAY + 1)
    ]
    charged_twice = [e for e in events if e.account == CARD and e.amount == e.pending_amount and not e.cancelled]
    if charged_twice and rng.random() < DUPLICATE_RATE:
        events.append(charged_twice[0])  # same merchant, same amount, same day: a second, separate charge
    for (account, merchant), bill_day in zip(BILLS, profile.bill_days, strict=True):
        if day.day == bill_day:
            events.append(_bill(rng, day, merchant, account))
    return tuple(events)


def _card_or_debit(rng: random.Random) -> str:
    return CHECKING if rng.random() < DEBIT_SHARE else CARD


def _purchase(rng: random.Random, day: date, merchant: Merchant, *, account: str, later_today: int = 0) -> _Event:
    price = rng.randint(merchant.low, merchant.high)
    tip = price * rng.randint(15, 22) // 100 if merchant.tipped else 0
    event = _Event(
        account=account,
        occurred=day,
        posts_on=day + timedelta(days=rng.choice(SETTLE_DAYS)),
        description=merchant.descriptor.replace("{ref}", _reference(rng)),
        merchant_name=merchant.name,
        category="" if rng.random() < UNCATEGORIZED_RATE else merchant.category,
        amount=-(price + tip),
        pending_amount=-price,
        cancelled=rng.random() < CANCEL_RATE,
        later_today=later_today,
    )
    if event.cancelled or rng.random() >= CORRECTION_RATE:
        return event
    on = event.posts_on + timedelta(days=rng.randint(1, MAX_CORRECTION_DAYS))
    if rng.random() < 0.5:  # the bank first posts the bare descriptor, then learns who the merchant is
        correction = _Correction(on, event.amount, event.merchant_name, event.category)
        return replace(event, merchant_name="", category="", correction=correction)
    adjusted = event.amount + rng.choice((-1, 1)) * rng.randint(10, 200)  # cheapest purchase is 2.50: stays < 0
    return replace(event, correction=_Correction(on, adjusted, event.merchant_name, event.category))


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))


def _bill(rng: random.Random, day: date, merchant: Merchant, account: str) -> _Event:
    amount = -rng.randint(merchant.low, merchant.high)
    if account == CARD:  # a card charge: pending for a day
        charge = _posted(CARD, day, merchant.descriptor, merchant.category, amount, merchant_name=merchant.name, days=1)
        return replace(charge, pending_amount=amount)
    return _posted(account, day, merchant.descriptor, merchant.category, amount, merchant_name=merchant.name)


def _posted(
    account: str, day: date, description: str, category: str, cents: int, *, merchant_name: str = "", days: int = 0
) -> _Event:
    """An ACH payment or a transfer: it posts `days` after it is made, with no pending stage."""
    return _Event(account, day, day + timedelta(days=days), description, merchant_name, category, cents)


def _transfers(profile: _Profile, day: date) -> tuple[_Event, ...]:
    """Pay, rent, moves between the person's own accounts and interest: ACH and transfers, never pending."""
    events = []
    if _is_payday(profile, day):
        pay = _posted(CHECKING, day, PAYROLL.descriptor, PAYROLL.category, profile.pay, merchant_name=PAYROLL.name)
        events.append(pay)
    if day.day == 1:
        events.append(_posted(CHECKING, day, profile.rent_descriptor, "RENT_AND_UTILITIES_RENT", -profile.rent))
    if day.day == profile.sweep_day:
        events += _sweep_events(profile, day)
    if day.day == profile.card_payment_day:
        owed = _statement(profile, _month_start(day, months_back=1))
        events += [
            _posted(CHECKING, day, f"PAYMENT TO CREDIT CARD ...{profile.mask(CARD)}", CARD_PAYMENT, -owed),
            _posted(CARD, day, "PAYMENT THANK YOU", CARD_PAYMENT, owed, days=1),  # the card side posts a day later
        ]
    if (day + timedelta(days=1)).day == 1:
        interest = _interest(profile, _month_start(day, months_back=0))
        events.append(_posted(SAVINGS, day, "INTEREST PAYMENT", "INCOME_INTEREST_EARNED", interest))
    return tuple(events)


def _is_payday(profile: _Profile, day: date) -> bool:
    return (day - profile.first_payday).days % 14 == 0


def _sweep_events(profile: _Profile, day: date) -> list[_Event]:
    """Last month's surplus goes to savings; after a month that spent more than it earned, savings tops checking up."""
    amount = _sweep(profile, _month_start(day, months_back=0))
    checking, savings = profile.mask(CHECKING), profile.mask(SAVINGS)
    if amount >= 0:
        return [
            _posted(CHECKING, day, f"ONLINE TRANSFER TO SAV ...{savings}", "TRANSFER_OUT_SAVINGS", -amount),
            _posted(SAVINGS, day, f"ONLINE TRANSFER FROM CHK ...{checking}", "TRANSFER_IN_SAVINGS", amount),
        ]
    return [
        _posted(CHECKING, day, f"ONLINE TRANSFER FROM SAV ...{savings}", "TRANSFER_IN_ACCOUNT_TRANSFER", -amount),
        _posted(SAVINGS, day, f"ONLINE TRANSFER TO CHK ...{checking}", "TRANSFER_OUT_ACCOUNT_TRANSFER", amount),
    ]


@lru_cache(maxsize=1024)
def _sweep(profile: _Profile, month: date) -> int:
    """What moves from checking to savings in `month` (cents; negative: back to checking): what checking gained
    over the month before, so that checking stays around its opening balance."""
    previous = _month_start(month, months_back=1)
    days = list(_days(previous, month - timedelta(days=1)))
    pay = profile.pay * sum(_is_payday(profile, day) for day in days)
    debit = sum(
        event.final_amount
        for day in days
        for event in _charges(profile, day)
        if event.account == CHECKING and not event.cancelled
    )
    surplus = pay - profile.rent + debit - _statement(profile, _month_start(previous, months_back=1))
    return surplus // SWEEP_STEP * SWEEP_STEP


@lru_cache(maxsize=1024)
def _interest(profile: _Profile, month: date) -> int:
    """Interest paid at the end of `month`, on the savings balance after that month's sweep."""
    return (_savings_at(profile, month) + _sweep(profile, month)) // INTEREST_DIVISOR


@lru_cache(maxsize=1024)
def _savings_at(profile: _Profile, month: date) -> int:
    """The savings balance on the first of `month`, from the start of the history (cents)."""
    if month <= profile.start:
        return profile.opening_savings
    previous = _month_start(month, months_back=1)
    return _savings_at(profile, previous) + _sweep(profile, previous) + _interest(profile, previous)


@lru_cache(maxsize=1024)
def _statement(profile: _Profile, month: date) -> int:
    """What the card owes for the purchases of `month` (cents, positive), as finally posted.

    Paid in full the next month, after every one of them has posted and been corrected.
    """
    return -sum(
        event.final_amount
        for day in _days(month, _month_start(month, months_back=-1) - timedelta(days=1))
        for event in _charges(profile, day)
        if event.account == CARD and not event.cancelled
    )


def _minimum_payment(statement: int) -> int:
    """The least to pay on a statement (cents): 1% of it rounded up, at least the floor, at most all of it."""
    return min(statement, max(MINIMUM_PAYMENT_FLOOR, -(-statement // MINIMUM_PAYMENT_DIVISOR)))


# --- What the bank shows, and what changed ---


def _view_records(profile: _Profile, view: _View, *, since: date) -> dict[str, TransactionRecord]:
    """The transactions the bank shows at `view`, of activity from `since` on, by id."""
    records = {}
    for day in _days(since, view.day):
        events = _day_events(profile, day) + (_holds(profile, day, view.sync) if day == view.day else ())
        for index, event in enumerate(events):
            record = _as_seen(profile, event, f"{profile.tag}-{day:%Y%m%d}-{index:02d}", view)
            if record is not None:
                records[record.provider_transaction_id] = record
    return records


def _holds(profile: _Profile, day: date, syncs: int) -> tuple[_Event, ...]:
    """Once a day's own activity is all shown, each further sync that day sees an authorization hold, dropped the
    next day: it never posts, so it changes no balance and no later day has to know how often `day` was synced."""
    holds = []
    for sync in range(WHOLE_DAY + 1, syncs + 1):
        rng = _rng(profile.seed, "hold", day, sync)
        hold = _purchase(rng, day, rng.choice(HOLDS), account=CARD, later_today=sync - 1)
        holds.append(replace(hold, cancelled=True, correction=None, posts_on=day + timedelta(days=1)))
    return tuple(holds)


def _as_seen(profile: _Profile, event: _Event, event_id: str, view: _View) -> TransactionRecord | None:
    if event.occurred == view.day and event.later_today >= view.sync:
        return None  # it has not happened yet at this sync
    pending_id = f"{event_id}-auth" if event.pending_amount is not None else None
    if view.day < event.posts_on:
        if pending_id is None:
            return None
        return _record(profile, event, pending_id, pending=True, pending_id=None, corrected=False)
    if event.cancelled:
        return None
    corrected = event.correction is not None and view.day >= event.correction.on
    return _record(profile, event, event_id, pending=False, pending_id=pending_id, corrected=corrected)


def _record(
    profile: _Profile, event: _Event, transaction_id: str, *, pending: bool, pending_id: str | None, corrected: bool
) -> TransactionRecord:
    fix = event.correction if corrected else None
    amount = fix.amount if fix else event.pending_amount if pending else event.amount
    category = fix.category if fix else event.category
    day = event.occurred if pending else event.posts_on
    authorized = event.occurred if event.pending_amount is not None else None
    return TransactionRecord(
        provider_transaction_id=transaction_id,
        provider_account_id=profile.account_id(event.account),
        date=day,
        authorized_date=authorized,
        amount=_money(amount),
        currency=CURRENCY,
        description=event.description,
        merchant_name=fix.merchant_name if fix else event.merchant_name,
        pending=pending,
        pending_transaction_id=pending_id,
        category_primary=_primary(category),
        category_detailed=category,
        raw={
            "id": transaction_id,
            "account": profile.account_id(event.account),
            "status": "pending" if pending else "posted",
            "date": day.isoformat(),
            "authorized_date": authorized.isoformat() if authorized else None,
            "description": event.description,
            "amount": str(_money(amount)),
            "currency": CURRENCY,
            "pending_id": pending_id,
        },
    )


@lru_cache(maxsize=4)  # the pages of one update ask for the same changes
def _changes(profile: _Profile, held: _View | None, target: _View) -> tuple[tuple[str, TransactionRecord | str], ...]:
    """What turns `held` into `target`: added, then modified, then removed (so a posted transaction
    arrives before the pending one it replaces goes)."""
    since = profile.start if held is None else max(profile.start, held.day - SETTLED_AFTER)
    before = _view_records(profile, held, since=since) if held else {}
    after = _view_records(profile, target, since=since)
    return (
        *(("added", record) for key, record in after.items() if key not in before),
        *(("modified", record) for key, record in after.items() if key in before and before[key] != record),
        *(("removed", key) for key in before if key not in after),
    )


def _next_view(held: _View | None, day: date) -> _View:
    return _View(day, held.sync + 1) if held and held.day == day else _View(day, 1)


def _parse_cursor(cursor: str, today: date) -> _Cursor:
    match = _CURSOR.fullmatch(cursor)
    try:
        if match is None:
            raise ValueError
        held = _View(date.fromisoformat(match[1]), int(match[2])) if match[1] else None
        target = _next_view(held, date.fromisoformat(match[3])) if match[3] else None
    except ValueError:
        raise ProviderError("INVALID_CURSOR", "This sync position is not valid; sync again from the start.") from None
    days = [view.day for view in (held, target) if view]
    if any(day > today for day in days) or (held and target and target.day < held.day):
        raise ProviderError("INVALID_CURSOR", "This sync position is not valid; sync again from the start.")
    return _Cursor(held, target, int(match[4] or 0))


# --- Accounts ---


def _account_record(profile: _Profile, account: str, records) -> AccountRecord:
    _, name, official_name, type_, subtype = next(row for row in ACCOUNTS if row[0] == account)
    mine = [r for r in records if r.provider_account_id == profile.account_id(account)]
    posted = sum((r.amount for r in mine if not r.pending), Decimal("0.00"))
    pending = sum((r.amount for r in mine if r.pending), Decimal("0.00"))
    current = _money(_opening_balance(profile, account)) + posted
    limit = _money(profile.credit_limit) if account == CARD else None
    return AccountRecord(
        provider_account_id=profile.account_id(account),
        name=name,
        official_name=official_name,
        mask=profile.mask(account),
        type=type_,
        subtype=subtype,
        currency=CURRENCY,
        current_balance=current,
        available_balance=limit + current + pending if limit else current + pending,
        credit_limit=limit,
    )


def _opening_balance(profile: _Profile, account: str) -> int:
    """Cents at the start of the history. The card then owes the month before's purchases, and checking holds
    the month before's surplus: both leave during the first month."""
    if account == CARD:
        return -_statement(profile, _month_start(profile.start, months_back=1))
    if account == CHECKING:
        return profile.opening_checking + _sweep(profile, profile.start)
    return profile.opening_savings


# --- Small helpers ---


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _primary(detailed: str) -> str:
    return next((p for p in PFC_PRIMARIES if detailed.startswith(p + "_")), "")


def _days(first: date, last: date) -> Iterator[date]:
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def _month_start(day: date, *, months_back: int) -> date:
    """The first day of the month `months_back` months before `day`'s (negative: after)."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)
