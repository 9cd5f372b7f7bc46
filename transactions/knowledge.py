"""Built-in knowledge: well-known merchants and the words banks use, mapped to Plaid's detailed categories.

Step 4 of the pipeline (`known_category`) looks the words of the merchant name and the description up in one
dict compiled at import, over the phrases that can start at each word: the cost follows the length of the text,
not the size of the tables. Step 5 (`heuristic_category`) reads payroll-like deposits from their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from transactions.descriptors import clean_merchant, key_words


@dataclass(frozen=True)
class Guess:
    category: str  # a detailed PFC v2 code
    reason: str  # one short sentence a person understands


# How telling a match is. The strongest match in a transaction wins, then the longest, then the merchant name's,
# then the earliest. A fee is about the bank, whatever merchant the description names; banking wording such as
# "ATM" or "credit card payment" beats a shop's name; a chain's name beats a generic word such as "coffee";
# payment apps and "transfer" are weakest because the merchant paid through them is more telling.
WEAK, WORD, MERCHANT, BANKING, FEE, FEE_KIND = range(1, 7)


class _Words(NamedTuple):
    """Generic phrases: the code for money out, for money in, and when the direction is unknown (default: out)."""

    strength: int
    phrases: str  # "; "-separated
    out: str | None
    into: str | None
    unknown: str | None = None


def _same(strength: int, code: str, phrases: str) -> _Words:
    """Phrases whose category does not depend on the direction: money in is a refund of the same thing."""
    return _Words(strength, phrases, code, code)


# Merchants: (code, what kind of business it is, "Name|other spelling; Name"). Spellings are matched as merchant
# keys, so "McDonald's" also matches "MCDONALDS" and "Mc Donald's" needs its own spelling.
_MERCHANTS: list[tuple[str, str, str]] = [
    ("FOOD_AND_DRINK_COFFEE", "a coffee shop", "Starbucks|sbux; Dunkin'|dunkin donuts; Tim Hortons; Costa Coffee"),
    ("FOOD_AND_DRINK_FAST_FOOD", "a fast-food chain", "McDonald's|mcd|mcdonald; Burger King|burgerkin; KFC"),
    ("FOOD_AND_DRINK_GROCERIES", "a supermarket", "Safeway; Trader Joe's; Whole Foods Market|whole foods|wholefds"),
    ("GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "an online marketplace", "Amazon|amzn|amzn mktp|amazon marketplace"),
    ("TRANSPORTATION_GAS", "a fuel station", "Shell; Chevron; BP; Exxon; Engen"),
]

_WORDS: list[_Words] = [
    _same(FEE_KIND, "BANK_FEES_INSUFFICIENT_FUNDS", "insufficient funds; nsf; returned item"),
    _same(FEE, "BANK_FEES_OTHER_BANK_FEES", "fee; fees; service charge"),
    _same(BANKING, "TRANSFER_OUT_WITHDRAWAL", "atm; cash withdrawal"),
    _same(BANKING, "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", "payment thank you; credit card payment"),
    _Words(WORD, "interest", "BANK_FEES_INTEREST_CHARGE", "INCOME_INTEREST_EARNED"),
    _Words(WORD, "payroll; salary", None, "INCOME_SALARY"),
    _same(WORD, "FOOD_AND_DRINK_COFFEE", "coffee; cafe"),
    _same(WORD, "MEDICAL_PHARMACIES_AND_SUPPLEMENTS", "pharmacy"),
    _Words(WEAK, "transfer", "TRANSFER_OUT_ACCOUNT_TRANSFER", "TRANSFER_IN_ACCOUNT_TRANSFER"),
    _Words(
        WEAK, "transfer from", "TRANSFER_OUT_ACCOUNT_TRANSFER", "TRANSFER_IN_ACCOUNT_TRANSFER", "TRANSFER_IN_ACCOUNT_TRANSFER"
    ),
]


class _Entry(NamedTuple):
    out: str | None
    into: str | None
    unknown: str | None
    strength: int
    name: str  # the merchant's name, or "" for a generic phrase
    label: str  # the kind of business for a merchant, the phrase itself for a generic phrase


def _compile() -> tuple[dict[str, _Entry], dict[str, int]]:
    """The lookup table by merchant key, and for each first word the most words a phrase starting with it has."""
    table: dict[str, _Entry] = {}

    def add(spelling: str, entry: _Entry) -> None:
        key = " ".join(key_words(spelling))
        if not key:
            raise ValueError(f"{spelling!r} has no words to match")
        if key in table and table[key] != entry:
            raise ValueError(f"{spelling!r} is listed twice: {table[key]} and {entry}")
        table[key] = entry

    for code, kind, names in _MERCHANTS:
        for item in names.split("; "):
            spellings = item.split("|")
            for spelling in spellings:
                add(spelling, _Entry(code, code, code, MERCHANT, spellings[0], kind))
    for words in _WORDS:
        for phrase in words.phrases.split("; "):
            unknown = words.unknown or words.out or words.into
            add(phrase, _Entry(words.out, words.into, unknown, words.strength, "", phrase))
    longest: dict[str, int] = {}
    for key in table:
        first, size = key.split(" ", 1)[0], key.count(" ") + 1
        longest[first] = max(longest.get(first, 0), size)
    return table, longest


_TABLE, _LONGEST = _compile()


class _Hit(NamedTuple):
    strength: int
    size: int
    entry: _Entry
    where: str  # "merchant name" or "description"


def _best_hit(words: list[str], where: str, best: _Hit | None, direction: int) -> _Hit | None:
    """The strongest phrase in `words` that has a code for `direction`, if stronger than `best`.

    Phrases are read left to right, longest first, and a phrase's words are not read again: "school fees" is
    one phrase, not "school" and then "fees".
    """
    table, longest, count = _TABLE, _LONGEST, len(words)
    i = 0
    while i < count:
        most = longest.get(words[i])
        if most is None:
            i += 1
            continue
        for size in range(min(most, count - i), 0, -1):
            entry = table.get(" ".join(words[i : i + size]) if size > 1 else words[i])
            if entry is not None:
                break
        else:
            i += 1
            continue
        i += size
        if _code(entry, direction) is None:
            continue
        if best is None or (entry.strength, size) > (best.strength, best.size):
            best = _Hit(entry.strength, size, entry, where)
    return best


def _code(entry: _Entry, direction: int) -> str | None:
    if direction < 0:
        return entry.out
    return entry.into if direction > 0 else entry.unknown


def _direction(amount: Decimal | None) -> int:
    """-1 money out, 1 money in, 0 unknown."""
    if not amount:
        return 0
    return 1 if amount > 0 else -1


def _reason(hit: _Hit, direction: int) -> str:
    entry = hit.entry
    if entry.name:
        return f"{entry.name} is {entry.label}"
    reason = f"“{entry.label}” in the {hit.where}"
    if entry.out != entry.into and direction:
        reason += ", money in" if direction > 0 else ", money out"
    return reason


def known_category(description: str, merchant: str, *, amount: Decimal | None = None) -> Guess | None:
    """What the knowledge base says about a transaction, or None when it knows nothing about it."""
    direction = _direction(amount)
    best = _best_hit(key_words(merchant), "merchant name", None, direction) if merchant else None
    best = _best_hit(key_words(description), "description", best, direction)
    if best is None and not merchant:
        # The cleaner knows bank spellings of brands (AMZN, WHOLEFDS) that are not words of the description.
        best = _best_hit(key_words(clean_merchant(description)), "merchant name", None, direction)
    if best is None:
        return None
    return Guess(_code(best.entry, direction), _reason(best, direction))


def heuristic_category(description: str, amount: Decimal) -> Guess | None:
    """A guess from the shape of a transaction when no known name or word matched, or None."""
    return None
