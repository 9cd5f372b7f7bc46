"""QIF (Quicken Interchange Format): !Type:Bank/CCard/Cash/Oth A/Oth L sections of ^-ended records.

QIF writes dates without saying how (1/ 2'98, 01/02/2024, 1.2.24, 2024-01-02), so the day/month order is decided
across the whole file: one date with a first number above 12 makes the file day-first. Investment, category,
class and security sections hold no bank transactions and are passed over.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from transactions.statements.base import (
    Statement,
    StatementAccount,
    StatementError,
    StatementLine,
    StatementSplit,
    clean_text,
    decimal_separator,
    derive_fitids,
    describe,
    parse_amount,
    quoted,
    two_digit_year,
)

_SECTIONS = {"bank": "bank", "cash": "cash", "ccard": "credit card", "oth a": "asset", "oth l": "liability"}
_INVESTMENT_SECTIONS = {"invst", "port", "401(k)/403(b)"}
_HEADER = re.compile(r"^!(Type:|Account\s*$|Option:|Clear:)", re.IGNORECASE | re.MULTILINE)
_DATE = re.compile(r"^(\d{1,4})\s*([/.\-'])\s*(\d{1,2})\s*([/.\-'])\s*(\d{1,4})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")

Value = tuple[str, int]  # a field's text and its line number


@dataclass
class _Split:
    category: str = ""
    memo: str = ""
    amount: Value | None = None


@dataclass
class _Record:
    line: int
    fields: dict[str, Value] = field(default_factory=dict)
    splits: list[_Split] = field(default_factory=list)


@dataclass
class _Account:
    name: str
    account_type: str
    records: list[_Record] = field(default_factory=list)
    balance: Value | None = None
    balance_date: Value | None = None


def looks_like_qif(text: str) -> bool:
    return bool(_HEADER.search(text[:65536]))


def parse_qif(text: str) -> Statement:
    accounts, skipped = _read(text)
    records = [record for account in accounts for record in account.records]
    dates = [record.fields["D"] for record in records if "D" in record.fields]
    dates += [account.balance_date for account in accounts if account.balance_date]
    day_first = _day_first(dates)
    amounts = [value for record in records for code, value in record.fields.items() if code in "TU"]
    amounts += [split.amount for record in records for split in record.splits if split.amount]
    decimal = decimal_separator([text for text, _ in amounts])
    result = []
    for account in accounts:
        lines = derive_fitids([_line(record, day_first, decimal) for record in account.records])
        balance = _amount(account.balance, decimal) if account.balance else None
        result.append(
            StatementAccount(
                account_id=account.name,
                account_type=account.account_type,
                currency="",
                lines=lines,
                balance=balance,
                balance_date=_date(account.balance_date, day_first)
                if balance is not None and account.balance_date
                else None,
                start=min((line.date for line in lines), default=None),
                end=max((line.date for line in lines), default=None),
            )
        )
    if not result and any("investment section" in note for note in skipped):
        raise StatementError(
            "Investment statements are not supported yet: this QIF file holds only investment accounts "
            "(!Type:Invst). Import the bank or credit card account instead."
        )
    if not result:
        raise StatementError("This QIF file has no bank, cash or credit card transactions (no !Type:Bank section).")
    return Statement(format="QIF", accounts=result, skipped=tuple(skipped))


def _read(text: str) -> tuple[list[_Account], list[str]]:
    """The accounts with their raw records, and what was passed over."""
    accounts: dict[tuple[str, str], _Account] = {}
    skipped: list[str] = []
    named = {"name": "", "balance": None, "balance_date": None}  # the last !Account record
    section: str | None = None  # "account", a key of _SECTIONS, "skip", or None before the first header
    account: _Account | None = None
    record: _Record | None = None
    pending: dict[str, Value] = {}

    def finish() -> None:
        nonlocal record, pending
        if section == "account" and pending:
            named.update(
                name=clean_text(pending.get("N", ("", 0))[0]),
                balance=pending.get("$"),
                balance_date=pending.get("/"),
            )
        elif record is not None and account is not None:
            if "D" in record.fields or "T" in record.fields or "U" in record.fields:
                account.records.append(record)
            elif record.fields or record.splits:
                skipped.append(f"Line {record.line}: a record with no date and no amount was passed over.")
        record, pending = None, {}

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("!"):
            finish()
            header = line[1:].strip().lower()
            if header.startswith(("option:", "clear:")):
                continue
            kind = header.partition(":")[2].strip() if header.startswith("type:") else header
            if kind == "account":
                section = "account"
            elif kind in _SECTIONS:
                section = kind
                key = (named["name"], _SECTIONS[kind])
                if key not in accounts:
                    accounts[key] = _Account(name=key[0], account_type=key[1])
                account = accounts[key]
                if named["balance"] and account.balance is None:
                    account.balance, account.balance_date = named["balance"], named["balance_date"]
            else:
                section, account = "skip", None
                if kind in _INVESTMENT_SECTIONS:
                    skipped.append(f"Line {number}: an investment section ({line}) was passed over.")
            continue
        if section is None or section == "skip":
            continue
        code, value = line[0], line[1:].strip()
        if code == "^":
            finish()
        elif section == "account":
            pending.setdefault(code, (value, number))
        else:
            record = record or _Record(line=number)
            _field(record, code, value, number)
    finish()
    return list(accounts.values()), skipped


def _field(record: _Record, code: str, value: str, number: int) -> None:
    if code == "S":
        record.splits.append(_Split(category=value))
    elif code in "E$":
        split = record.splits[-1] if record.splits else None
        if split is None or (code == "E" and split.memo) or (code == "$" and split.amount):
            split = _Split()
            record.splits.append(split)
        if code == "E":
            split.memo = value
        else:
            split.amount = (value, number)
    elif code in ("D", "T", "U", "P", "M", "L", "N") and not (code == "D" and record.splits):
        record.fields.setdefault(code, (value, number))  # a D inside the splits is the split's own date


def _line(record: _Record, day_first: bool, decimal: str) -> StatementLine:
    fields = record.fields
    if "D" not in fields:
        raise StatementError(f"Line {record.line}: this transaction has no date (no D line).")
    amount_field = fields.get("T") or fields.get("U")
    amount = _amount(amount_field, decimal) if amount_field else None
    if amount is None:
        raise StatementError(f"Line {record.line}: this transaction has no amount (no T line).")
    payee, memo = fields.get("P", ("", 0))[0], clean_text(fields.get("M", ("", 0))[0])
    category = _category(fields.get("L", ("", 0))[0])
    number = clean_text(fields.get("N", ("", 0))[0])
    description = describe(payee, memo) or (f"Check {number}" if number.isdigit() else "") or category
    splits = tuple(
        StatementSplit(_category(split.category), split_amount, clean_text(split.memo))
        for split in record.splits
        if split.amount is not None and (split_amount := _amount(split.amount, decimal)) is not None
    )
    return StatementLine(
        fitid="",
        date=_date(fields["D"], day_first),
        amount=amount,
        description=description,
        memo=memo,
        category=category,
        splits=splits,
    )


def _category(text: str) -> str:
    """ "Bills:Phone/Class" -> "Bills:Phone": the part after "/" is a class, not a category."""
    return clean_text(text.partition("/")[0])


def _amount(value: Value, decimal: str) -> Decimal | None:
    text, number = value
    try:
        return parse_amount(text, decimal)
    except ValueError:
        raise StatementError(f"Line {number}: {quoted(text)} is not an amount.") from None


def _parts(value: Value) -> tuple[int, int, int, str] | None:
    """(first, second, year, separator) of a QIF date, with a year-first date turned into (month, day, ...)."""
    text = value[0].strip()
    compact = _COMPACT_DATE.match(text)
    if compact:
        return int(compact.group(2)), int(compact.group(3)), int(compact.group(1)), "iso"
    match = _DATE.match(text)
    if not match:
        return None
    first, _, second, _, year = match.groups()
    if len(first) == 4:  # 2024-01-02
        if len(year) > 2:
            return None
        return int(second), int(year), int(first), "iso"
    if len(year) == 4:
        full = int(year)
    elif len(year) <= 2:
        full = two_digit_year(int(year))  # 1/ 2'98 is 1998 and 1/2'05 is 2005, whatever the separator
    else:
        return None
    return int(first), int(second), full, match.group(2)


def _day_first(dates: list[Value]) -> bool:
    """Whether the file writes the day before the month, decided by the dates that can only be read one way."""
    day_first: Value | None = None
    month_first: Value | None = None
    separators = set()
    for value in dates:
        parts = _parts(value)
        if parts is None or parts[3] == "iso":
            continue
        first, second, _, separator = parts
        separators.add(separator)
        if first > 12 >= second and day_first is None:
            day_first = value
        elif second > 12 >= first and month_first is None:
            month_first = value
    if day_first and month_first:
        raise StatementError(
            f"Line {day_first[1]}: {quoted(day_first[0])} puts the day first, but line {month_first[1]}: "
            f"{quoted(month_first[0])} puts the month first, so the dates in this file cannot be read."
        )
    if day_first or month_first:
        return bool(day_first)
    return separators == {"."}  # 1.2.24 is European; 1/2/24 is Quicken's (US) month first


def _date(value: Value, day_first: bool) -> date:
    parts = _parts(value)
    try:
        if parts is None:
            raise ValueError(value[0])
        first, second, year, separator = parts
        month, day = (second, first) if day_first and separator != "iso" else (first, second)
        return date(year, month, day)
    except ValueError:
        raise StatementError(f"Line {value[1]}: {quoted(value[0])} is not a date.") from None
