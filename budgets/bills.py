"""Bills and subscriptions: found in a person's payments after each sync, confirmed or ignored by them, added
and edited by hand, and reminded of a few days before they are due (card payments too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import notify
from banking.models import BankAccount
from budgets import recurring
from budgets.models import Bill, BillReminder
from budgets.selectors import local_today
from transactions.descriptors import merchant_key
from transactions.selectors import transactions_visible

HISTORY = timedelta(days=800)  # two years and a bit: three payments of a yearly bill fit
# A payment this long before a due date pays that due date (not the one before).
EARLY = {
    Bill.Cadence.WEEKLY: 2,
    Bill.Cadence.BIWEEKLY: 4,
    Bill.Cadence.MONTHLY: 10,
    Bill.Cadence.QUARTERLY: 20,
    Bill.Cadence.ANNUAL: 45,
}
REMINDER_HOUR = 8  # a day's reminders go out from 8 in the morning, the person's time
MAX_REMINDER_DAYS = 31  # User.bill_reminder_days is at most 30
REFRESHED = [
    "cadence",
    "due_day",
    "next_due",
    "amount",
    "currency",
    "last_paid_on",
    "last_amount",
    "previous_amount",
    "updated_at",
]


# Detection -------------------------------------------------------------------------------------------


@transaction.atomic
def bills_detect(*, user: User, today: date | None = None) -> int:
    """Suggest the recurring series not yet known, and bring the person's bills up to date with their
    payments (last paid, next due, amount, a price rise). Ignored bills stay as they are. Returns how many
    suggestions are new."""
    today = today or local_today(user)
    groups = recurring.by_merchant(_payments(user, since=today - HISTORY))
    found = {key: series for key, group in groups.items() if (series := recurring.series_of(group, today=today))}
    bills = list(Bill.objects.filter(user=user).exclude(merchant_key=""))
    gone, changed = [], []
    for bill in bills:
        if bill.status == Bill.Status.SUGGESTED and bill.merchant_key not in found:
            gone.append(bill.pk)  # FinSync's guess no longer holds (the payments stopped): no one chose it
        elif bill.status != Bill.Status.IGNORED and _refresh(bill, groups.get(bill.merchant_key, []), found):
            changed.append(bill)
    Bill.objects.filter(pk__in=gone).delete()
    Bill.objects.bulk_update(changed, REFRESHED)
    known = {bill.merchant_key for bill in bills}
    new = [_suggestion(user, series) for key, series in found.items() if key not in known]
    # Two syncs of the same person at once may both find a series: the unique key keeps one.
    return len(Bill.objects.bulk_create(new, ignore_conflicts=True))


def _payments(user: User, *, since: date) -> list[recurring.Payment]:
    """The person's posted money out that is not a transfer between their own accounts, in one query."""
    rows = (
        transactions_visible(user=user)
        .filter(pending=False, is_transfer=False, amount__lt=0, date__gte=since)
        .values_list(
            "date", "amount", "currency", "merchant", "description", "category__code", "provider_category_detailed"
        )
        .order_by("date", "id")
    )
    return [
        recurring.Payment(
            key=merchant_key(merchant or description),
            name=merchant or description,
            day=day,
            amount=-amount,
            currency=currency,
            category=code or provider_code,
        )
        for day, amount, currency, merchant, description, code, provider_code in rows
    ]


def _refresh(bill: Bill, payments: list[recurring.Payment], found: dict[str, recurring.Series]) -> bool:
    """Bring one bill up to date with its payments; whether anything changed."""
    before = [getattr(bill, name) for name in REFRESHED]
    series = found.get(bill.merchant_key)
    if series is not None:
        if bill.status == Bill.Status.SUGGESTED:  # still FinSync's guess: it follows the payments
            bill.cadence, bill.due_day, bill.next_due = series.cadence, series.due_day, series.next_due
        if bill.source == Bill.Source.DETECTED:  # what the bank charges, unless the person set the amount
            bill.amount, bill.currency = series.amount, series.currency
        bill.previous_amount = series.rose_from
    if payments:
        last = payments[-1]
        bill.last_paid_on, bill.last_amount = last.day, last.amount
        bill.next_due = _due_after_payment(bill, last.day)
    if [getattr(bill, name) for name in REFRESHED[:-1]] == before[:-1]:
        return False
    bill.updated_at = timezone.now()
    return True


def _due_after_payment(bill: Bill, paid: date) -> date:
    """A payment made up to a few days before the due date (or any time after it) pays it: the bill is next
    due one cadence on."""
    due = bill.next_due
    while paid >= due - timedelta(days=EARLY[bill.cadence]):
        due = recurring.following(due, bill.cadence, bill.due_day)
    return due


def _suggestion(user: User, series: recurring.Series) -> Bill:
    return Bill(
        user=user,
        name=series.name[:100],
        merchant=series.name[:200],
        merchant_key=series.key,
        amount=series.amount,
        currency=series.currency,
        cadence=series.cadence,
        due_day=series.due_day,
        next_due=series.next_due,
        status=Bill.Status.SUGGESTED,
        source=Bill.Source.DETECTED,
        last_paid_on=series.last.day,
        last_amount=series.last.amount,
        previous_amount=series.rose_from,
    )


# The person's choices --------------------------------------------------------------------------------


@transaction.atomic
def bill_confirm(*, user: User, bill: Bill) -> Bill:
    """A suggestion (or an ignored one) becomes one of the person's bills: listed, checked for lateness,
    reminded of."""
    _own(user, bill)
    bill.status = Bill.Status.CONFIRMED
    bill.updated_at = timezone.now()
    bill.save(update_fields=["status", "updated_at"])
    return bill


@transaction.atomic
def bill_ignore(*, user: User, bill: Bill) -> Bill:
    """Not a bill: never suggested again (the row stays, holding its merchant key)."""
    _own(user, bill)
    bill.status = Bill.Status.IGNORED
    bill.updated_at = timezone.now()
    bill.save(update_fields=["status", "updated_at"])
    return bill


@transaction.atomic
def bill_create(
    *,
    user: User,
    name: str,
    amount: Decimal,
    cadence: str,
    due_day: int | None = None,
    next_due: date | None = None,
    account: BankAccount | None = None,
    merchant: str = "",
) -> Bill:
    """A bill added by hand, confirmed at once. Its payments are found by `merchant` (by its name when none
    is given); a suggestion or ignored bill of the same merchant gives way to it."""
    bill = Bill(user=user)
    return _save_by_hand(
        bill,
        name=name,
        amount=amount,
        cadence=cadence,
        due_day=due_day,
        next_due=next_due,
        account=account,
        merchant=merchant,
    )


@transaction.atomic
def bill_update(
    *,
    user: User,
    bill: Bill,
    name: str,
    amount: Decimal,
    cadence: str,
    due_day: int | None = None,
    next_due: date | None = None,
    account: BankAccount | None = None,
    merchant: str = "",
) -> Bill:
    """The person's corrections: a suggestion they edit is confirmed by it, and from then on its details are
    theirs (a later payment no longer changes its amount; a price rise is still told)."""
    _own(user, bill)
    return _save_by_hand(
        bill,
        name=name,
        amount=amount,
        cadence=cadence,
        due_day=due_day,
        next_due=next_due,
        account=account,
        merchant=merchant,
    )


def _save_by_hand(bill: Bill, *, merchant: str, **details) -> Bill:
    """Save what the person entered: the bill is confirmed and its details are theirs."""
    _fill(bill, **details)
    _set_merchant(bill, merchant or details["name"])
    bill.status, bill.source = Bill.Status.CONFIRMED, Bill.Source.MANUAL
    bill.updated_at = timezone.now()
    bill.full_clean()
    bill.save()
    bills_detect(user=bill.user)  # its payments so far: last paid, and a due date already paid moves on
    bill.refresh_from_db()
    return bill


@transaction.atomic
def bill_delete(*, user: User, bill: Bill) -> None:
    """Remove a bill. One that matches payments is kept as ignored, so that it is not suggested again."""
    _own(user, bill)
    if bill.merchant_key:
        bill_ignore(user=user, bill=bill)
    else:
        bill.delete()


def _own(user: User, bill: Bill) -> None:
    if bill.user_id != user.pk:
        raise ValidationError("This bill is not yours.")


def _fill(bill: Bill, *, name, amount, cadence, due_day, next_due, account) -> None:
    if account is not None and account.user_id != bill.user_id:
        raise ValidationError({"account": "No such account."})
    monthly = recurring.BY_CADENCE[cadence].months > 0
    due_day = due_day if monthly else None
    if next_due is None:
        if due_day is None:
            raise ValidationError({"next_due": "Give the date it is next due."})
        next_due = recurring.first_due_on_or_after(local_today(bill.user), due_day)
    bill.name, bill.amount, bill.cadence, bill.account = name, amount, cadence, account
    bill.due_day = (due_day or next_due.day) if monthly else None
    bill.next_due = next_due
    bill.currency = account.currency if account is not None else bill.currency or bill.user.default_currency


def _set_merchant(bill: Bill, merchant: str) -> None:
    """Match the bill's payments by this merchant. Another bill of the same merchant that the person has not
    confirmed (a suggestion, an ignored one) gives way; a confirmed one is a mistake to tell."""
    key = merchant_key(merchant)
    if key:
        other = Bill.objects.filter(user=bill.user, merchant_key=key).exclude(pk=bill.pk).first()
        if other is not None and other.status == Bill.Status.CONFIRMED:
            raise ValidationError({"merchant": f"Your bill “{other.name}” already has this merchant’s payments."})
        if other is not None:
            other.delete()
    if key != bill.merchant_key:
        bill.last_paid_on = bill.last_amount = bill.previous_amount = None
    bill.merchant, bill.merchant_key = merchant[:200], key


# Reminders -------------------------------------------------------------------------------------------


def bill_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each person of their confirmed bills and their cards' payments due in their chosen number of
    days (User.bill_reminder_days; 0: on the day), from the morning of that day in their time zone. Runs
    hourly; a reminder row per due date makes every later run (or a run at the same time) skip it."""
    now = now or timezone.now()
    sent = 0
    for bill in _bills_to_remind(now):
        if _reminder_due(bill.user, bill.next_due, now):
            sent += _remind(bill.user, bill.next_due, now, bill=bill)
    for card in _cards_to_remind(now):
        if _reminder_due(card.user, card.payment_due_date, now):
            sent += _remind(card.user, card.payment_due_date, now, account=card)
    return sent


def _bills_to_remind(now: datetime) -> Iterable[Bill]:
    today = now.astimezone(ZoneInfo("UTC")).date()
    reminded = BillReminder.objects.filter(bill=OuterRef("pk"), due_on=OuterRef("next_due"))
    return (
        Bill.objects.filter(
            status=Bill.Status.CONFIRMED,
            user__is_active=True,
            next_due__gte=today - timedelta(days=1),
            next_due__lte=today + timedelta(days=MAX_REMINDER_DAYS + 1),
        )
        .exclude(Exists(reminded))
        .select_related("user")
        .order_by("pk")
    )


def _cards_to_remind(now: datetime) -> Iterable[BankAccount]:
    today = now.astimezone(ZoneInfo("UTC")).date()
    reminded = BillReminder.objects.filter(account=OuterRef("pk"), due_on=OuterRef("payment_due_date"))
    return (
        BankAccount.objects.filter(
            hidden=False,
            user__is_active=True,
            payment_due_date__gte=today - timedelta(days=1),
            payment_due_date__lte=today + timedelta(days=MAX_REMINDER_DAYS + 1),
        )
        .filter(Q(connection__isnull=True) | Q(connection__disconnected_at__isnull=True))
        .exclude(Exists(reminded))
        .select_related("user")
        .order_by("pk")
    )


def _reminder_due(user: User, due: date, now: datetime) -> bool:
    """From the morning of the reminder day (not in the night before) until the due date."""
    local = now.astimezone(ZoneInfo(user.timezone))
    remind_on = due - timedelta(days=user.bill_reminder_days)
    return remind_on < local.date() <= due or (local.date() == remind_on and local.hour >= REMINDER_HOUR)


@transaction.atomic
def _remind(
    user: User, due: date, now: datetime, *, bill: Bill | None = None, account: BankAccount | None = None
) -> bool:
    """One reminder, in its own transaction: the row first, so that a second run finds it and stays quiet."""
    reminder, created = BillReminder.objects.get_or_create(
        bill=bill, account=account, due_on=due, defaults={"user": user}
    )
    if not created:
        return False
    days = (due - now.astimezone(ZoneInfo(user.timezone)).date()).days
    what = "A bill" if bill is not None else "A card payment"
    title = f"{what} is due {_in_days(days)}"
    reminder.notification = notify(
        user=user, kind=Notification.Kind.BILL_REMINDER, title=title, url=reverse("bill_list")
    )
    reminder.save(update_fields=["notification"])
    return True


def _in_days(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
