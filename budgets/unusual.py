"""Unusual charges: found right after each sync, import or manual entry, each with its reason in plain words.

A charge is flagged when its amount is far above what the merchant (or, with too little history there, the
category) usually costs, when it is a first large charge from a merchant never paid before, or when the same
merchant charged the same account the same amount twice within a day. Charges of the last year are screened. The
person can dismiss a flag; it stays dismissed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from statistics import median

from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Notification, User
from accounts.services import notify
from budgets.models import UnusualCharge
from budgets.selectors import local_today
from transactions.descriptors import merchant_key
from transactions.models import Transaction
from transactions.selectors import Among

Reason = UnusualCharge.Reason

HISTORY = timedelta(days=365)  # "usual" is what the last year says...
HISTORY_LIMIT = 100  # ...from at most this many of the latest charges
MERCHANT_MIN_HISTORY = 5  # fewer charges than this at a merchant say nothing about it: the category decides
CATEGORY_MIN_HISTORY = 10
Z_LIMIT = Decimal("3.5")  # a robust z-score above this is far from usual (Iglewicz and Hoaglin's cut-off)
MAD_SCALE = Decimal("0.6745")  # makes the median absolute deviation comparable with a standard deviation
# The deviation counted is at least this share of the median: where charges hardly vary (a fixed price, or the
# few charges of a short history happen to be close), a little more is not alarming. Flagged charges are then
# always about twice the usual or more.
MAD_FLOOR = Decimal("0.2")
SETTLED = timedelta(days=60)  # an account's history this long before a charge can tell that a merchant is new
DUPLICATE_WINDOW = timedelta(days=1)
RECENT = timedelta(days=7)  # flags of older charges are shown but not notified (a first sync brings a year)
# Charges are screened only within the last HISTORY: a flag on an older one would be news of nothing a person can
# act on, and a first sync of years of history would bury the list.

# What can be unusual: money that left for good. Pending charges wait until they post, because their amount
# can still change (a restaurant adds the tip, a pump's hold becomes the real fill-up): judged too early, a
# charge would get a wrong reason or raise a false alarm.
SCREENED = Q(amount__lt=0, pending=False, is_transfer=False, is_excluded=False, deleted_at__isnull=True)
_VALUES = ("pk", "date", "amount", "currency", "account_id", "merchant", "category_id", "category__name")


@dataclass(frozen=True)
class _Charge:
    """An outflow as the rules see it, its amount as a positive number."""

    id: int
    date: date
    amount: Decimal
    currency: str
    account_id: int
    merchant: str
    key: str  # merchant_key(merchant): how every spelling of the merchant matches
    category_id: int | None
    category_name: str | None

    @property
    def order(self) -> tuple[date, int]:
        return (self.date, self.id)


def _charge(pk, day, amount, currency, account_id, merchant, category_id, category_name) -> _Charge:
    return _Charge(pk, day, -amount, currency, account_id, merchant, merchant_key(merchant), category_id, category_name)


@dataclass(frozen=True)
class _Flag:
    charge: _Charge
    reason: str
    explanation: str
    other_id: int | None = None

    @property
    def identity(self) -> tuple[int, str]:
        return (self.charge.id, self.reason)


class _History:
    """The charges around the screened ones, by merchant and by category, each list in date order."""

    def __init__(self, charges: Iterable[_Charge], *, since: date):
        self.since = since  # nothing before this day was looked at
        self.by_merchant: dict[str, list[_Charge]] = defaultdict(list)
        self.by_category: dict[int, list[_Charge]] = defaultdict(list)
        for charge in sorted(charges, key=lambda c: c.order):
            if charge.key:
                self.by_merchant[charge.key].append(charge)
            if charge.category_id is not None:
                self.by_category[charge.category_id].append(charge)

    @staticmethod
    def amounts_before(charges: list[_Charge], charge: _Charge) -> list[Decimal]:
        """The amounts (in its currency) of the last year's charges on days before `charge`'s, latest last."""
        start = bisect_left(charges, charge.date - HISTORY, key=lambda c: c.date)
        end = bisect_left(charges, charge.date, key=lambda c: c.date)
        latest = charges[max(start, end - HISTORY_LIMIT) : end]
        amounts = [c.amount for c in latest if c.currency == charge.currency]
        if len(amounts) == len(latest):
            return amounts
        latest_first = (charges[i] for i in range(end - 1, start - 1, -1))  # other currencies: look further back
        return list(islice((c.amount for c in latest_first if c.currency == charge.currency), HISTORY_LIMIT))[::-1]

    def same_charge_nearby(self, charge: _Charge) -> Iterator[_Charge]:
        """Other charges of the same amount at the same merchant on the same account within a day of `charge` (a
        card charged twice; the same price paid from two accounts is two purchases)."""
        charges = self.by_merchant[charge.key]
        start = bisect_left(charges, charge.date - DUPLICATE_WINDOW, key=lambda c: c.date)
        end = bisect_right(charges, charge.date + DUPLICATE_WINDOW, key=lambda c: c.date)
        alike = (charge.amount, charge.currency, charge.account_id)
        for other in charges[start:end]:
            if other.id != charge.id and (other.amount, other.currency, other.account_id) == alike:
                yield other

    def is_first_at_merchant(self, charge: _Charge) -> bool:
        return self.by_merchant[charge.key][0].id == charge.id


@transaction.atomic
def unusual_charges_find(*, user: User, transaction_ids: Iterable[int]) -> list[UnusualCharge]:
    """Screen these transactions of `user` and flag what is unusual; returns the new flags.

    A transaction may be flagged for several reasons, once for each. A flag that no longer holds (the bank
    corrected the amount, or removed the other charge) is withdrawn unless the person dismissed it: a dismissal
    is kept, so a charge is never flagged again for the reason the person dismissed.
    """
    ids = set(transaction_ids)
    if not ids:
        return []
    since = local_today(user) - HISTORY
    rows = Transaction.objects.filter(SCREENED, Among("pk", ids), user=user, date__gte=since)
    rows = rows.order_by().values_list(*_VALUES)
    screened = [_charge(*row) for row in rows]
    created = _save(user, ids, _flags(user, screened) if screened else [])
    _notify(user, created)
    return [charge for _, charge in created]


def _flags(user: User, screened: list[_Charge]) -> list[_Flag]:
    history = _history(user, screened)
    flags = [flag for charge in screened if (flag := _amount_flag(charge, history))]
    return flags + _new_merchant_flags(user, screened, history) + _duplicate_flags(screened, history)


def _history(user: User, screened: list[_Charge]) -> _History:
    """One query: the last year's outflows at the screened charges' merchants and in their categories (up to the
    day after the newest, for duplicates)."""
    first = min(c.date for c in screened) - HISTORY
    last = max(c.date for c in screened) + DUPLICATE_WINDOW
    near = Q(merchant__in={c.merchant for c in screened if c.merchant})
    near |= Q(category_id__in={c.category_id for c in screened if c.category_id is not None})
    rows = Transaction.objects.filter(SCREENED, near, user=user, date__range=(first, last)).order_by()
    return _History([_charge(*row) for row in rows.values_list(*_VALUES)], since=first)


# Far above the usual amount ---------------------------------------------------------------------------


def _amount_flag(charge: _Charge, history: _History) -> _Flag | None:
    """Against the merchant's history, or the category's when the merchant has too little."""
    usual = history.amounts_before(history.by_merchant[charge.key], charge) if charge.key else []
    where = "at this merchant"
    if len(usual) < MERCHANT_MIN_HISTORY:
        if charge.category_id is None:
            return None
        usual = history.amounts_before(history.by_category[charge.category_id], charge)
        where = f"in {charge.category_name}"
        if len(usual) < CATEGORY_MIN_HISTORY:
            return None
    ratio = _ratio_if_far_above(charge.amount, usual)
    if ratio is None:
        return None
    return _Flag(charge, Reason.AMOUNT, f"{_times(ratio)} your usual {where}")


def _ratio_if_far_above(amount: Decimal, usual: list[Decimal]) -> Decimal | None:
    """amount / the usual median when the robust z-score (with the median absolute deviation) says `amount` is far
    above usual; None otherwise. Only above: a smaller charge than usual is no cause for alarm."""
    middle = median(usual)
    spread = max(median(abs(x - middle) for x in usual), middle * MAD_FLOOR)
    if spread <= 0 or MAD_SCALE * (amount - middle) / spread <= Z_LIMIT:
        return None
    return amount / middle


def _times(ratio: Decimal) -> str:
    """3.4x, or 12x from ten times up."""
    return f"{ratio.quantize(Decimal('0.1') if ratio < 10 else Decimal('1'))}x"


# A first charge from a new merchant ---------------------------------------------------------------------


def _new_merchant_flags(user: User, screened: list[_Charge], history: _History) -> list[_Flag]:
    """A first charge above the person's alert amount, on an account with enough history before it to know the
    merchant is new (so that an account's first sync does not flag every merchant in it)."""
    candidates = [
        charge
        for charge in screened
        if charge.key
        and charge.currency == user.default_currency
        and charge.amount > user.new_merchant_alert_amount
        and history.is_first_at_merchant(charge)
    ]
    if not candidates:
        return []
    starts = dict(
        Transaction.objects.filter(user=user, account_id__in={c.account_id for c in candidates}, deleted_at=None)
        .order_by()
        .values("account_id")
        .annotate(first=Min("date"))
        .values_list("account_id", "first")
    )
    known = _merchants_before(user, candidates, history.since)
    return [
        _Flag(charge, Reason.NEW_MERCHANT, "Your first charge from this merchant")
        for charge in candidates
        if starts[charge.account_id] <= charge.date - SETTLED and charge.key not in known
    ]


def _merchants_before(user: User, charges: list[_Charge], day: date) -> set[str]:
    """Which of these charges' merchants were paid before `day` (older than the history looked at)."""
    rows = Transaction.objects.filter(SCREENED, user=user, date__lt=day, merchant__in={c.merchant for c in charges})
    return {merchant_key(merchant) for merchant in rows.order_by().values_list("merchant", flat=True).distinct()}


# Charged twice ------------------------------------------------------------------------------------------------


def _duplicate_flags(screened: list[_Charge], history: _History) -> list[_Flag]:
    """Of two charges alike within a day, the later one is the likely duplicate (whichever of them was screened)
    and names the one before it; of three, each names the nearest before it."""
    before: dict[int, tuple[_Charge, _Charge]] = {}  # later id -> (later, earlier)
    for charge in screened:
        if not charge.key:
            continue
        for other in history.same_charge_nearby(charge):
            later, earlier = (charge, other) if charge.order > other.order else (other, charge)
            if later.id not in before or earlier.order > before[later.id][1].order:
                before[later.id] = (later, earlier)
    return [
        _Flag(
            later,
            Reason.DUPLICATE,
            f"Charged twice: the same amount at the same merchant on {date_format(earlier.date, 'j M')}",
            other_id=earlier.id,
        )
        for later, earlier in before.values()
    ]


# Saving and telling ---------------------------------------------------------------------------------------------


def _save(user: User, ids: set[int], flags: list[_Flag]) -> list[tuple[_Flag, UnusualCharge]]:
    """Add the flags not there yet; withdraw the screened transactions' flags that no longer hold (a dismissed
    flag stays, whatever happens: it is what keeps the charge from being flagged again)."""
    wanted = {flag.identity: flag for flag in flags}
    existing = UnusualCharge.objects.filter(user=user).filter(
        Q(Among("transaction_id", ids | {flag.charge.id for flag in flags}))
        | Q(Among("other_transaction_id", ids), reason=Reason.DUPLICATE)
    )
    have, stale = set(), []
    for pk, txn_id, reason, other_id, dismissed_at in existing.values_list(
        "pk", "transaction_id", "reason", "other_transaction_id", "dismissed_at"
    ):
        have.add((txn_id, reason))
        rescreened = txn_id in ids or (reason == Reason.DUPLICATE and other_id in ids)
        if dismissed_at is None and rescreened and (txn_id, reason) not in wanted:
            stale.append(pk)
    if stale:
        UnusualCharge.objects.filter(pk__in=stale).delete()
    new = [
        (
            flag,
            UnusualCharge(
                user=user,
                transaction_id=flag.charge.id,
                reason=flag.reason,
                explanation=flag.explanation,
                other_transaction_id=flag.other_id,
            ),
        )
        for identity, flag in wanted.items()
        if identity not in have
    ]
    # Another sync of the same person may have flagged one a moment ago: the unique constraint keeps one.
    UnusualCharge.objects.bulk_create([charge for _, charge in new], ignore_conflicts=True)
    return new


def _notify(user: User, created: list[tuple[_Flag, UnusualCharge]]) -> None:
    """One notification for the recent charges flagged now; older ones (a first sync's year) are only shown."""
    since = local_today(user) - RECENT
    recent = sorted({flag.charge.id for flag, _ in created if flag.charge.date >= since})
    if not recent:
        return
    if len(recent) == 1:
        title, url = "An unusual charge to look at", reverse("transaction_detail", args=[recent[0]])
    else:
        title, url = f"{len(recent)} unusual charges to look at", reverse("transaction_list") + "?unusual=on"
    notify(user=user, kind=Notification.Kind.UNUSUAL_SPENDING, title=title, url=url)


@transaction.atomic
def unusual_charge_dismiss(*, user: User, unusual_charge: UnusualCharge) -> None:
    """The person has looked at it: it leaves the lists, and the charge is never flagged for this reason again."""
    now = timezone.now()
    if UnusualCharge.objects.filter(pk=unusual_charge.pk, user=user, dismissed_at=None).update(dismissed_at=now):
        unusual_charge.dismissed_at = now
