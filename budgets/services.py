"""Every write to budgets, and the alerts that follow new spending.

`budgets_evaluate` runs in the same database transaction as the sync, import or edit that changed the
spending, so an alert exists as soon as the transactions that caused it do.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Notification, User
from accounts.services import has_amount, notify
from budgets.models import Budget, BudgetAlert
from budgets.selectors import BudgetStatus, budget_status, budget_statuses, budgets_touched, local_today
from transactions.models import Category

CENT = Decimal("0.01")
THRESHOLD_RANGE = range(1, 201)


@transaction.atomic
def budget_save(*, user: User, budget: Budget, categories: Iterable[Category]) -> Budget:
    """Create or change one of the person's budgets (an unsaved or edited instance) over these categories."""
    categories = list(categories)
    if budget.pk is not None and not Budget.objects.filter(pk=budget.pk, user=user).exists():
        raise ValidationError("This budget is not yours or no longer exists.")
    budget.user = user
    budget.thresholds = sorted(set(budget.thresholds))
    if budget.starts_on is None:
        budget.starts_on = local_today(user)
    _check(user, budget, categories)
    budget.save()
    budget.categories.set(categories)
    _alerts_settle(budget_status(user=user, budget=budget))
    return budget


def _alerts_settle(status: BudgetStatus) -> None:
    """Record what the current period has already passed, without telling: the person is looking at it now,
    and only a crossing from here on is news."""
    for threshold in status.budget.thresholds:
        if status.current.percent >= threshold:
            _alert_once(status.budget, status.current, BudgetAlert.Kind.THRESHOLD, threshold)
    if status.on_pace_to_exceed:
        _alert_once(status.budget, status.current, BudgetAlert.Kind.PROJECTED, 100)


def _check(user: User, budget: Budget, categories: list[Category]) -> None:
    errors: dict[str, list[str]] = {}
    if budget.amount is None or budget.amount <= 0 or budget.amount != budget.amount.quantize(CENT):
        errors["amount"] = ["Enter an amount above zero, with at most two decimals."]
    if any(not isinstance(t, int) or t not in THRESHOLD_RANGE for t in budget.thresholds):
        errors["thresholds"] = ["Each alert threshold is a whole percentage from 1 to 200."]
    if has_amount(budget.name):
        errors["name"] = ["Alerts name the budget in emails, which never carry amounts: leave the amount out."]
    if not categories:
        errors["categories"] = ["Choose at least one category."]
    elif any(category.user_id != user.pk for category in categories):
        errors["categories"] = ["Choose your own categories."]
    elif clash := _same_category_budget(user, budget, categories):
        errors["categories"] = [clash]
    if errors:
        raise ValidationError(errors)


def _same_category_budget(user: User, budget: Budget, categories: list[Category]) -> str:
    """A message when another budget of the same period already covers one of these categories."""
    others = (
        Budget.objects.filter(user=user, period=budget.period, categories__in=categories)
        .exclude(pk=budget.pk)
        .prefetch_related("categories")
        .first()
    )
    if others is None:
        return ""
    shared = sorted({c.name for c in others.categories.all()} & {c.name for c in categories})
    verb = "has" if len(shared) == 1 else "have"
    return f"{', '.join(shared)} already {verb} a {budget.get_period_display().lower()} budget: “{others.name}”."


@transaction.atomic
def budget_delete(*, user: User, budget: Budget) -> None:
    Budget.objects.filter(pk=budget.pk, user=user).delete()


# Alerts ----------------------------------------------------------------------------------------------


def budgets_evaluate(*, user: User, transaction_ids: Iterable[int]) -> list[BudgetAlert]:
    """Alert on the budgets whose current period these transactions touch: each threshold once per period,
    and a projected overspend once per period. Returns the alerts made now."""
    today = local_today(user)
    touched = budgets_touched(user=user, transaction_ids=transaction_ids, today=today)
    alerts: list[BudgetAlert] = []
    for status in budget_statuses(user=user, budgets=touched, today=today):
        alerts += _threshold_alerts(status)
        alerts += _projection_alerts(status)
    return alerts


def _threshold_alerts(status: BudgetStatus) -> list[BudgetAlert]:
    budget, current = status.budget, status.current
    made = [
        alert
        for threshold in budget.thresholds
        if current.percent >= threshold
        and (alert := _alert_once(budget, current, BudgetAlert.Kind.THRESHOLD, threshold)) is not None
    ]
    if made:  # one notification, for the highest threshold passed now
        highest = max(made, key=lambda alert: alert.threshold)
        _notify(highest, f"{budget.name}: {highest.threshold}% of this {_unit(budget)}'s budget used")
    return made


def _projection_alerts(status: BudgetStatus) -> list[BudgetAlert]:
    budget = status.budget
    if not (budget.alert_projected and status.on_pace_to_exceed):
        return []
    alert = _alert_once(budget, status.current, BudgetAlert.Kind.PROJECTED, 100)
    if alert is None:
        return []
    _notify(alert, f"{budget.name}: at this pace you will exceed this {_unit(budget)}'s budget")
    return [alert]


def _alert_once(budget: Budget, current, kind: str, threshold: int) -> BudgetAlert | None:
    """The alert, made now; None when this period already has it (the unique constraint decides, so two
    syncs at once cannot both make it: the second waits for the first and then finds it there)."""
    try:
        with transaction.atomic():
            return BudgetAlert.objects.create(
                budget=budget, period_start=current.period.start, kind=kind, threshold=threshold
            )
    except IntegrityError:
        return None


def _notify(alert: BudgetAlert, title: str) -> None:
    alert.notification = notify(
        user=alert.budget.user,
        kind=Notification.Kind.BUDGET_ALERT,
        title=title,
        url=reverse("budget_detail", args=[alert.budget.pk]),
    )
    alert.save(update_fields=["notification"])


def _unit(budget: Budget) -> str:
    return "week" if budget.period == Budget.Period.WEEKLY else "month"
