"""What every statement parser returns, the error it raises, and the pieces the formats share: text decoding,
amounts, dates, derived ids and descriptions."""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

MAX_AMOUNT = Decimal("1e12")  # DecimalField(max_digits=14, decimal_places=2) holds less than this
CENT = Decimal("0.01")

# account_type values and the BankAccount.Type each belongs to
ACCOUNT_KINDS = {
    "checking": "depository",
    "savings": "depository",
    "money market": "depository",
    "cd": "depository",
    "bank": "depository",
    "cash": "depository",
    "credit card": "credit",
    "credit line": "credit",
    "liability": "loan",
    "asset": "other",
}


class StatementError(Exception):
    """The file cannot be imported; the message says why in words a person understands (line or element)."""


class StatementSplit(NamedTuple):
    category: str
    amount: Decimal
    memo: str


@dataclass(frozen=True)
class StatementLine:
    fitid: str  # the file's own transaction id, or one derived from the line (stable across re-imports)
    date: date  # the posting date as the bank wrote it
    amount: Decimal  # negative = money out
    description: str
    memo: str = ""
    category: str = ""  # the file's own category (QIF L, a CSV column), "" when none
    splits: tuple[StatementSplit, ...] = ()


@dataclass(frozen=True)
class StatementAccount:
    account_id: str  # the bank's account number or the QIF account name, "" when the file does not say
    account_type: str  # one of ACCOUNT_KINDS, "" when the file does not say
    currency: str  # ISO code, "" when the file does not say
    lines: list[StatementLine]
    balance: Decimal | None = None  # the ledger (ending) balance, when the file has one
    balance_date: date | None = None
    start: date | None = None  # the period the statement covers (OFX DTSTART/DTEND, else the lines' dates)
    end: date | None = None

    @property
    def kind(self) -> str:
        """The BankAccount.Type a new account made from this statement gets ("" when unknown)."""
        return ACCOUNT_KINDS.get(self.account_type, "")


@dataclass(frozen=True)
class Statement:
    format: str  # "OFX 1.x", "OFX 2.x", "QFX", "QIF", "CSV"
    accounts: list[StatementAccount]
    skipped: tuple[str, ...] = field(default=())  # lines that are not transactions, said in words

    @property
    def line_count(self) -> int:
        return sum(len(account.lines) for account in self.accounts)


def quoted(text: str, limit: int = 60) -> str:
    """A value from the file as an error message shows it."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


# --- text ---------------------------------------------------------------------------------------------------

_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def decode_text(data: bytes, declared: str = "") -> str:
    """The file as text. A byte-order mark wins; a declared UTF-8 must be valid UTF-8; anything else is read as
    UTF-8 when it is valid UTF-8 (banks often declare ASCII or 1252 and send UTF-8), else as Windows-1252."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise StatementError(_encoding_problem(data, len(bom) + error.start, codec)) from None
    if b"\x00" in data:
        raise StatementError(
            f"Line {_line_of(data, data.index(0))}: the file contains NUL bytes, so it is not a text file "
            "(or it is UTF-16 without a byte-order mark). Export it again as UTF-8 text."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if declared == "utf-8":
            raise StatementError(_encoding_problem(data, error.start, "UTF-8", declared=True)) from None
    bad = _CP1252_UNDEFINED.search(data)
    if bad:
        raise StatementError(_encoding_problem(data, bad.start(), "UTF-8 or Windows-1252 (Latin-1)"))
    return data.decode("cp1252")


def _encoding_problem(data: bytes, position: int, codec: str, *, declared: bool = False) -> str:
    says = f"the file says it is {codec}, but" if declared else "FinSync reads text as"
    byte = data[position : position + 1].hex().upper()
    if declared:
        return f"Line {_line_of(data, position)}: {says} byte 0x{byte} is not valid {codec} (wrong encoding)."
    return f"Line {_line_of(data, position)}: {says} {codec}, and byte 0x{byte} is neither (wrong encoding)."


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def clean_text(text: str) -> str:
    """One line of text: control characters dropped, runs of white space made one space."""
    if text.isprintable():
        return " ".join(text.split())
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    return " ".join(text.split())


# --- amounts ------------------------------------------------------------------------------------------------

_CURRENCY_CODE = re.compile(r"\b[A-Z]{3}\b")
_SUFFIX_SIGN = re.compile(r"\s*\b(CR|DR|Cr|Dr|cr|dr)\.?$")
_PLAIN = {".": re.compile(r"^[+-]?\d+(?:\.\d+)?$", re.ASCII), ",": re.compile(r"^[+-]?\d+(?:,\d+)?$", re.ASCII)}
_NOT_DIGITS = {".": re.compile(r"[^\d.]"), ",": re.compile(r"[^\d,]")}
_GROUPED = {
    ".": re.compile(r"^\d{1,3}(?:[,' \u00a0\u202f]\d{3})+(?:\.\d*)?$|^\d*(?:\.\d*)?$"),
    ",": re.compile(r"^\d{1,3}(?:[.' \u00a0\u202f]\d{3})+(?:,\d*)?$|^\d*(?:,\d*)?$"),
}


def parse_amount(text: str, decimal: str = ".") -> Decimal | None:
    """A written amount as a Decimal; None when blank. ValueError when it is not an amount.

    Understands signs before or after, "- $220.00", "(12.50)", "12.50 DR"/"CR", currency symbols and codes,
    thousands separators (checked: they must group by three) and the given decimal separator."""
    text = text.strip().replace("\u2212", "-")
    if not text:
        return None
    if _PLAIN[decimal].match(text):  # the common case, -1234.56, without the work below
        return check_amount(Decimal(text.replace(",", ".")))
    negative = False
    suffix = _SUFFIX_SIGN.search(text)
    if suffix:
        negative = suffix.group(1).upper() == "DR"
        text = text[: suffix.start()]
    text = _CURRENCY_CODE.sub("", text)
    if text.isascii():
        text = text.replace("$", "").strip()
    else:
        text = "".join(char for char in text if unicodedata.category(char) != "Sc").strip()
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if not text:
        raise ValueError(text)
    if text[0] in "+-":
        negative, text = (text[0] == "-") != negative, text[1:].strip()
    elif text[-1] in "+-":
        negative, text = (text[-1] == "-") != negative, text[:-1].strip()
    if not text or not _GROUPED[decimal].match(text) or not any(char.isdigit() for char in text):
        raise ValueError(text)
    digits = _NOT_DIGITS[decimal].sub("", text).replace(",", ".")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise ValueError(text) from None
    return check_amount(-amount if negative else amount)


def check_amount(amount: Decimal) -> Decimal:
    """The amount with two decimals when it has no more; ValueError when it cannot be an amount of money."""
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise ValueError(str(amount))
    rounded = amount.quantize(CENT)
    return rounded if rounded == amount else amount


def decimal_separator(values: list[str]) -> str:
    """The decimal separator the written amounts use: "," (1.234,56 or 12,5) or "." (the default)."""
    votes: Counter[str] = Counter()
    for value in values:
        digits = re.sub(r"[^\d.,]", "", value)
        last = max(digits.rfind("."), digits.rfind(","))
        if last < 0:
            continue
        mark, after = digits[last], digits[last + 1 :]
        if "." in digits and "," in digits:
            votes[mark] += 2  # the separator written last is the decimal one
        elif len(after) in (1, 2) or (len(after) != 3 and after):
            votes[mark] += 1  # 12,5 / 12,50: only a decimal separator is followed by fewer than 3 digits
        elif digits.count(mark) > 1:
            votes["." if mark == "," else ","] += 1  # 1,234,567: a thousands separator repeats
    return "," if votes[","] > votes["."] else "."


# --- dates ----------------------------------------------------------------------------------------------------


def two_digit_year(year: int) -> int:
    """98 -> 1998, 24 -> 2024 (the same pivot as strptime's %y)."""
    return year + (1900 if year >= 69 else 2000)


# --- ids and descriptions -----------------------------------------------------------------------------------


def derive_fitids(lines: list[StatementLine]) -> list[StatementLine]:
    """Every line with an id unique in its account, the same each time the same file is read.

    A line without the file's own id gets one made of (date, amount, description, occurrence number among
    identical lines). An id the file gives twice gets "#2", "#3"... on its repeats: banks that reuse an id for
    two transactions would otherwise have the second one taken for a duplicate and dropped."""
    seen: Counter[tuple] = Counter()
    given: Counter[str] = Counter()
    result = []
    for line in lines:
        if line.fitid:
            given[line.fitid] += 1
            repeat = given[line.fitid]
            result.append(line if repeat == 1 else _with_fitid(line, f"{line.fitid}#{repeat}"))
            continue
        amount = line.amount.quantize(CENT) if line.amount == line.amount.quantize(CENT) else line.amount
        key = (line.date.isoformat(), str(amount), line.description.casefold())
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join([*key, str(seen[key])]).encode()).hexdigest()
        result.append(_with_fitid(line, f"id-{digest[:24]}"))
    return result


def _with_fitid(line: StatementLine, fitid: str) -> StatementLine:
    # dataclasses.replace() costs three times as much, and a 10 MB file has 200,000 lines
    return StatementLine(fitid, line.date, line.amount, line.description, line.memo, line.category, line.splits)


def describe(name: str, memo: str) -> str:
    """The description: the payee name, with the memo when it adds something (the memo in full when the name is
    its cut-off start, as OFX 1.x names stop at 32 characters; the memo alone when the name has no letters)."""
    name, memo = clean_text(name), clean_text(memo)
    if not any(char.isalpha() for char in name):
        return memo or name
    if not memo or memo.casefold() in name.casefold():
        return name
    if memo.casefold().startswith(name.casefold()):
        return memo
    if name.casefold() in memo.casefold():
        return name
    return f"{name} · {memo}"
