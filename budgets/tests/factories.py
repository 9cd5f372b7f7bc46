"""Budgets for tests: `budget_for(user, "FOOD_AND_DRINK_GROCERIES", amount="100")`."""

from datetime import date
from decimal import Decimal

from budgets.models import Budget
from budgets.services import budget_save
from transactions.models import Category
from transactions.services import categories_ensure


def category(user, code: str) -> Category:
    categories_ensure(user=user)
    return Category.objects.get(user=user, code=code)


def budget_for(user, *codes: str, amount: str = "100", starts_on: date = date(2026, 1, 1), **fields) -> Budget:
    fields.setdefault("name", "Groceries")
    fields.setdefault("currency", "USD")
    budget = Budget(amount=Decimal(amount), starts_on=starts_on, **fields)
    return budget_save(user=user, budget=budget, categories=[category(user, code) for code in codes])
