"""The categorization pipeline: the first step that knows wins, and says why.

(1) the person's rules in order, (2) what was learned from their corrections, (3) the bank's category,
(4) built-in knowledge of merchants and keywords, (5) amount and direction heuristics, (6) Other.

A `Categorizer` is compiled once per person per batch: their rules are indexed so that a transaction
is only checked against the rules whose text could occur in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from transactions.descriptors import clean_merchant, merchant_key
from transactions.knowledge import heuristic_category, known_category
from transactions.models import Category, Rule
from transactions.taxonomy import V1_TO_V2

OTHER = "OTHER_OTHER"
# A person's descriptors repeat (the same shop, the same bill), so cleaning each distinct one once pays.
_merchant_from = lru_cache(maxsize=1 << 16)(clean_merchant)
_key = lru_cache(maxsize=1 << 16)(merchant_key)
CARD_PAYMENT = "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"
TRANSFER_PRIMARIES = ("TRANSFER_IN", "TRANSFER_OUT")


@dataclass(frozen=True)
class Decision:
    category: str  # a detailed category code, e.g. FOOD_AND_DRINK_COFFEE
    source: str  # builtin | default
    reason: str  # what a person reads next to the category


def categorize_builtin(description: str, merchant: str, amount: Decimal) -> Decision:
    """Steps 4 to 6: what FinSync knows without the person's rules or the bank's category."""
    guess = known_category(description, merchant, amount=amount) or heuristic_category(description, amount)
    if guess is not None:
        return Decision(guess.category, "builtin", guess.reason)
    return Decision(OTHER, "default", "Nothing we know matched this description")


@dataclass
class Outcome:
    """What the pipeline decided for one transaction; fields a rule did not touch stay None/False."""

    category_id: int | None = None
    source: str = ""
    reason: str = ""
    rule_id: int | None = None
    merchant: str = ""
    merchant_rule_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)
    is_transfer: bool = False  # marked by a rule; see Categorizer.is_transfer
    is_excluded: bool = False


class _CompiledRule:
    """One rule as a fast predicate plus its actions."""

    __slots__ = (
        "account_id",
        "high",
        "in_description",
        "in_merchant",
        "is_regex",
        "literal",
        "low",
        "money_in",
        "order",
        "reason",
        "rule",
        "test_text",
    )

    def __init__(self, rule: Rule, order: int):
        self.rule, self.order = rule, order
        value = rule.match_value.strip()
        self.is_regex = bool(value) and rule.match_operator == Rule.Operator.REGEX
        self.literal = value.casefold() if value and not self.is_regex else ""
        self.test_text = _text_test(rule.match_operator, value) if value else None
        self.in_description = rule.match_field != Rule.Field.MERCHANT
        self.in_merchant = rule.match_field != Rule.Field.DESCRIPTION
        self.low, self.high = rule.amount_min, rule.amount_max
        self.money_in = (rule.direction == Rule.Direction.IN) if rule.direction else None
        self.account_id = rule.account_id
        self.reason = f"Rule “{rule}”"

    def matches(self, description: str, merchant: str, amount: Decimal, account_id: int) -> bool:
        if self.account_id is not None and self.account_id != account_id:
            return False
        if self.money_in is not None and self.money_in != (amount > 0):
            return False
        if self.low is not None or self.high is not None:
            size = -amount if amount < 0 else amount
            if (self.low is not None and size < self.low) or (self.high is not None and size > self.high):
                return False
        test = self.test_text
        if test is None:
            return True
        return bool((self.in_description and test(description)) or (self.in_merchant and test(merchant)))


def _text_test(operator: str, value: str):
    if operator == Rule.Operator.REGEX:
        return re.compile(value, re.IGNORECASE).search
    folded = value.casefold()
    if operator == Rule.Operator.EQUALS:
        return lambda text: text.casefold() == folded
    if operator == Rule.Operator.STARTS_WITH:
        return lambda text: text.casefold().startswith(folded)
    return lambda text: folded in text.casefold()


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation shaped like a trie, so matching costs the length of the text, not the rule count."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return pattern(trie)


class _RuleIndex:
    """Finds the rules that could match a transaction without trying each one: rules with text are found by
    one pass over the text (literals through a trie, patterns through one combined pattern); rules without
    text (amount, direction or account only) are always tried."""

    def __init__(self, rules: Sequence[_CompiledRule]):
        self.plain = [r for r in rules if r.test_text is None]
        self.patterns = [r for r in rules if r.is_regex]
        self.any_pattern = _combined([r.rule.match_value.strip() for r in self.patterns])
        self.by_literal: dict[str, list[_CompiledRule]] = {}
        for r in rules:
            if r.literal:
                self.by_literal.setdefault(r.literal, []).append(r)
        literals = sorted(self.by_literal)
        # A literal that starts where a longer one matched is a prefix of it: its rules are candidates too.
        self.prefixed = {lit: [p for p in literals if lit.startswith(p)] for lit in literals}
        self.finder = re.compile(f"(?=({_trie_pattern(literals)}))").finditer if literals else None

    def candidates(self, description: str, merchant: str) -> list[_CompiledRule]:
        found: list[_CompiledRule] = []
        if self.finder is not None:
            for literal in {m.group(1) for m in self.finder(f"{description}\n{merchant}".casefold())}:
                for prefix in self.prefixed[literal]:
                    found += self.by_literal[prefix]
        if self.patterns and (self.any_pattern is None or self.any_pattern(description) or self.any_pattern(merchant)):
            found += self.patterns
        if not found:
            return self.plain
        return sorted({*self.plain, *found}, key=_order)


def _order(rule: _CompiledRule) -> int:
    return rule.order


def _combined(patterns: list[str]):
    """One search that fails only when every pattern fails; None when they cannot be combined (e.g. they use
    backreferences), and each is then tried on its own."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE).search
    except re.error:
        return None


REMEMBERED = 50_000  # decisions a categorizer keeps for transactions with the same facts


class Categorizer:
    """The pipeline for one person, compiled once for a batch of their transactions."""

    def __init__(self, *, categories: Iterable[Category], rules: Iterable[Rule]):
        categories = list(categories)
        self.names: dict[int, str] = {c.pk: c.name for c in categories}
        self.by_code: dict[str, int] = {c.code: c.pk for c in categories if c.code}
        primary_code = {c.pk: c.code for c in categories if c.parent_id is None}
        # Categories whose money only moves between the person's own accounts.
        self.transfers = {
            c.pk
            for c in categories
            if c.code == CARD_PAYMENT or primary_code.get(c.parent_id or c.pk) in TRANSFER_PRIMARIES
        }
        user_rules, self.learned = [], {}
        rules = list(rules)
        self.tag_names = {rule.add_tag_id: rule.add_tag.name for rule in rules if rule.add_tag_id}
        for rule in rules:
            if not rule.is_active:
                continue
            if rule.kind == Rule.Kind.LEARNED:
                self.learned[merchant_key(rule.match_value)] = rule
            else:
                user_rules.append(_CompiledRule(rule, len(user_rules)))
        self.rules = _RuleIndex(user_rules)
        # Without rules on amounts, only the direction of money matters: a bank's history repeats its descriptors,
        # so each decision is remembered for the same facts (None: every transaction is decided afresh).
        sized = any(r.low is not None or r.high is not None for r in user_rules)
        self._decided: dict[tuple, Outcome] | None = None if sized else {}

    def decide(
        self,
        *,
        description: str,
        merchant_name: str,
        amount: Decimal,
        account_id: int,
        provider_category: str,
        transfer_reason: str = "",
    ) -> Outcome:
        """Everything the pipeline would set on a transaction with these bank facts (the same Outcome for the same
        facts: do not change it).

        `transfer_reason` says which of the person's transactions is the other side of this one, if any.
        """
        facts = (description, merchant_name, amount, account_id, provider_category, transfer_reason)
        if self._decided is None:
            return self._decide(*facts)
        same = (description, merchant_name, (amount > 0) - (amount < 0), account_id, provider_category, transfer_reason)
        if (known := self._decided.get(same)) is None:
            if len(self._decided) >= REMEMBERED:
                self._decided.clear()
            known = self._decided[same] = self._decide(*facts)
        return known

    def _decide(
        self,
        description: str,
        merchant_name: str,
        amount: Decimal,
        account_id: int,
        provider_category: str,
        transfer_reason: str,
    ) -> Outcome:
        outcome = Outcome(merchant=merchant_name or _merchant_from(description))
        self._apply_rules(outcome, description, amount, account_id)
        if outcome.category_id is None:
            self._categorize(outcome, description, amount, provider_category)
        if transfer_reason and outcome.source not in ("rule", "learned"):
            if outcome.category_id not in self.transfers:
                outcome.category_id = self.by_code[
                    "TRANSFER_IN_ACCOUNT_TRANSFER" if amount > 0 else "TRANSFER_OUT_ACCOUNT_TRANSFER"
                ]
            outcome.source, outcome.reason = "builtin", transfer_reason
        return outcome

    def is_transfer(self, category_id: int | None, outcome: Outcome) -> bool:
        """A transfer: a rule says so, or its category (the pipeline's, or the one the person set) is one."""
        return outcome.is_transfer or category_id in self.transfers

    def _apply_rules(self, outcome: Outcome, description: str, amount: Decimal, account_id: int) -> None:
        """Every matching rule acts in order; a field set by an earlier rule stays set. Stop-processing ends it."""
        merchant = outcome.merchant
        for compiled in self.rules.candidates(description, merchant):
            if not compiled.matches(description, merchant, amount, account_id):
                continue
            rule = compiled.rule
            if rule.set_category_id and outcome.category_id is None:
                outcome.category_id, outcome.source, outcome.rule_id = rule.set_category_id, "rule", rule.pk
                outcome.reason = compiled.reason
            if rule.rename_merchant and outcome.merchant_rule_id is None:
                outcome.merchant, outcome.merchant_rule_id = rule.rename_merchant, rule.pk
            if rule.add_tag_id and rule.add_tag_id not in outcome.tag_ids:
                outcome.tag_ids.append(rule.add_tag_id)
            outcome.is_transfer |= rule.mark_transfer
            outcome.is_excluded |= rule.mark_excluded
            if rule.stop_processing:
                break

    def _categorize(self, outcome: Outcome, description: str, amount: Decimal, provider_category: str) -> None:
        learned = self.learned.get(_key(outcome.merchant)) if outcome.merchant else None
        if learned is not None:
            outcome.category_id, outcome.source, outcome.rule_id = learned.set_category_id, "learned", learned.pk
            outcome.reason = f"You put {learned.match_value} in {self.names[learned.set_category_id]} before"
            return
        provided = self._provider_category(provider_category)
        if provided is not None:
            outcome.category_id, outcome.source = provided, "provider"
            outcome.reason = f"Your bank categorized it as {self.names[provided]}"
            return
        decision = categorize_builtin(description, outcome.merchant, amount)
        outcome.category_id = self.by_code[decision.category]
        outcome.source, outcome.reason = decision.source, decision.reason

    def _provider_category(self, code: str) -> int | None:
        if not code:
            return None
        return self.by_code.get(code) or self.by_code.get(V1_TO_V2.get(code, ""))
