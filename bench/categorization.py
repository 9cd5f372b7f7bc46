"""Categorization throughput: a person with 200 rules and the built-in knowledge, on one core.

Target (issue 4): at least 50,000 transactions/s. The baseline, measured in the same run, is building each
transaction's Django model instance, which every ingest does anyway: a ratio of 1 means categorizing costs as
much as that.
"""

import random
import time
from decimal import Decimal

from banking.providers.demo import BILLS, HABITS, QUICK_BUYS
from bench.common import Figure, Section
from transactions.categorize import Categorizer, categorize_builtin
from transactions.models import Category, Rule, Transaction
from transactions.taxonomy import DETAILED, PRIMARIES, primary_of

TITLE = "Categorization (200 rules + built-in knowledge, one core)"
SIZE = 100_000
RULES = 200
WORDS = (
    "alder",
    "birch",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "grove",
    "harbor",
    "iris",
    "juniper",
    "kestrel",
    "lumen",
    "maple",
    "nova",
    "orchard",
    "pine",
)


def _categories() -> list[Category]:
    primaries = {code: Category(pk=n, code=code, name=name) for n, (code, name) in enumerate(PRIMARIES.items(), 1)}
    details = [
        Category(pk=1000 + n, code=code, name=name, parent_id=primaries[primary_of(code)].pk)
        for n, code_name in enumerate(DETAILED.items())
        for code, name in [code_name]
    ]
    return [*primaries.values(), *details]


def _rules(rng: random.Random, categories: list[Category]) -> list[Rule]:
    """Mostly text rules about the person's own merchants, some on well-known ones, a few regex and amount rules."""
    ids = [c.pk for c in categories if c.parent_id]
    rules = []
    for n in range(RULES):
        kind = n % 20
        rule = Rule(pk=n + 1, position=n, set_category_id=rng.choice(ids), match_field=Rule.Field.EITHER)
        if kind == 0:
            rule.match_operator, rule.match_value = Rule.Operator.REGEX, rf"{rng.choice(WORDS)}\s+\w+ {n}\b"
        elif kind == 1:
            rule.amount_min, rule.amount_max, rule.direction = Decimal(n), Decimal(n + 5), Rule.Direction.OUT
        elif kind == 2:
            rule.match_operator, rule.match_value = Rule.Operator.STARTS_WITH, f"{rng.choice(WORDS)} market {n}"
        else:
            rule.match_value = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
        rules.append(rule)
    return rules


def _transactions(rng: random.Random, rules: list[Rule]) -> list[tuple]:
    """(description, merchant_name, amount, account_id, provider category): a mix like a real account's."""
    known = [m for habit in HABITS for m in habit.merchants] + list(QUICK_BUYS) + [m for _, m in BILLS]
    ruled = [
        r.match_value.upper() for r in rules if r.match_operator in (Rule.Operator.CONTAINS, Rule.Operator.STARTS_WITH)
    ]
    rows = []
    for _ in range(SIZE):
        roll = rng.random()
        amount = Decimal(-rng.randint(100, 20000)) / 100
        if roll < 0.15:
            description, merchant, category = f"POS PURCHASE {rng.choice(ruled)} #{rng.randint(1, 999)}", "", ""
        elif roll < 0.25:
            description, merchant, category = (
                f"CHECKCARD {rng.randint(1000, 9999)} LOCAL SHOP {rng.randint(1, 99)}",
                "",
                "",
            )
        else:
            m = rng.choice(known)
            description, merchant, category = (
                m.descriptor.replace("{ref}", "X7Q2"),
                m.name if roll < 0.6 else "",
                m.category if roll < 0.5 else "",
            )
        rows.append((description, merchant, amount, rng.randint(1, 6), category))
    return rows


def _rate(fn, rows) -> float:
    start = time.perf_counter()
    fn(rows)
    return len(rows) / (time.perf_counter() - start)


def _instances(rows) -> None:
    for description, merchant, amount, account_id, category in rows:
        Transaction(
            description=description,
            merchant_name=merchant,
            amount=amount,
            account_id=account_id,
            provider_category_detailed=category,
        )


def run() -> Section:
    rng = random.Random(2026)  # noqa: S311 (a repeatable dataset, not a secret)
    categories = _categories()
    rules = _rules(rng, categories)
    rows = _transactions(rng, rules)
    categorizer = Categorizer(categories=categories, rules=rules)

    def pipeline(rows):
        decide = categorizer.decide
        for description, merchant, amount, account_id, category in rows:
            decide(
                description=description,
                merchant_name=merchant,
                amount=amount,
                account_id=account_id,
                provider_category=category,
            )

    def builtin(rows):
        for description, merchant, amount, _, _ in rows:
            categorize_builtin(description, merchant, amount)

    baseline = _rate(_instances, rows)
    full = _rate(pipeline, rows)
    known = _rate(builtin, rows)
    against = f"building model instances: {baseline:,.0f} tx/s"
    return Section(
        key="categorize",
        results={"tx_per_s": round(full), "builtin_tx_per_s": round(known), "baseline_tx_per_s": round(baseline)},
        figures=[
            Figure(
                "full pipeline, 200 rules", full, "tx/s", against, full / baseline, ">= 50,000 tx/s", full >= 50_000
            ),
            Figure("built-in knowledge alone", known, "tx/s", against, known / baseline),
        ],
    )
