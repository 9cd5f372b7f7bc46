"""CSV statements, read through a column mapping (a preset a person can save per account).

`csv_mapping_guess` proposes the mapping: the delimiter, the header row below any preamble lines, the columns for
date, amount (or debit and credit), description and optional id, category and running balance, the date format
(day or month first decided by the values) and the decimal separator (1.234,56 or 1,234.56).
"""

import csv
import io
import re
from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from transactions.statements.base import (
    Statement,
    StatementAccount,
    StatementError,
    StatementLine,
    clean_text,
    decimal_separator,
    derive_fitids,
    parse_amount,
    quoted,
)

# (strptime format, how a person reads it); the order breaks ties: month first before day first
DATE_FORMATS = [
    ("%Y-%m-%d", "2024-01-31"),
    ("%m/%d/%Y", "01/31/2024"),
    ("%d/%m/%Y", "31/01/2024"),
    ("%m/%d/%y", "01/31/24"),
    ("%d/%m/%y", "31/01/24"),
    ("%d.%m.%Y", "31.01.2024"),
    ("%d.%m.%y", "31.01.24"),
    ("%m-%d-%Y", "01-31-2024"),
    ("%d-%m-%Y", "31-01-2024"),
    ("%m-%d-%y", "01-31-24"),
    ("%d-%m-%y", "31-01-24"),
    ("%Y/%m/%d", "2024/01/31"),
    ("%Y.%m.%d", "2024.01.31"),
    ("%Y%m%d", "20240131"),
    ("%d %b %Y", "31 Jan 2024"),
    ("%d-%b-%Y", "31-Jan-2024"),
    ("%d-%b-%y", "31-Jan-24"),
    ("%d %B %Y", "31 January 2024"),
    ("%b %d, %Y", "Jan 31, 2024"),
    ("%B %d, %Y", "January 31, 2024"),
]
_DATE_EXAMPLES = dict(DATE_FORMATS)
_TIME = re.compile(
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)$"
)
DELIMITERS = (",", ";", "\t", "|")
JOIN = " · "


@dataclass(frozen=True)
class CsvMapping:
    """How to read one bank's CSV. Columns are named by their header text, or "Column 1", "Column 2"... when the
    file has no header. Either `amount` (signed) or `debit` and/or `credit` (money out / money in) is set."""

    header_row: int | None  # which row (0 = the first) holds the column names; None when there is none
    delimiter: str
    date: str
    description: tuple[str, ...]  # joined with " · ", empty cells left out
    amount: str = ""
    debit: str = ""
    credit: str = ""
    id: str = ""
    category: str = ""
    balance: str = ""  # a running balance: the statement's ending balance when it adds up
    direction: str = ""  # with an unsigned amount: the column that says debit/credit (DR/CR, D/C, S/H...)
    date_format: str = "%m/%d/%Y"  # one of DATE_FORMATS
    decimal: str = "."
    negate: bool = False  # for banks that write money out as positive numbers

    def __post_init__(self):
        problems = []
        wrong = [
            item.name for item in fields(self) if item.type is str and not isinstance(getattr(self, item.name), str)
        ]
        if wrong or not isinstance(self.negate, bool):
            raise ValueError(f"{', '.join(wrong) or 'negate'} has the wrong type")
        if self.header_row is not None and (type(self.header_row) is not int or self.header_row < 0):
            problems.append("header_row must be a row number from 0 or None")
        if self.delimiter not in DELIMITERS:
            problems.append("delimiter must be one of , ; tab |")
        if not self.date:
            problems.append("the date column is missing")
        if bool(self.amount) == bool(self.debit or self.credit):
            problems.append("give either an amount column or debit/credit columns")
        if self.direction and not self.amount:
            problems.append("a debit/credit direction column goes with an amount column")
        if self.date_format not in _DATE_EXAMPLES:
            problems.append(f"unknown date format {self.date_format!r}")
        if self.decimal not in (".", ","):
            problems.append("decimal must be . or ,")
        if not isinstance(self.description, tuple) or not all(isinstance(name, str) for name in self.description):
            problems.append("description must be a list of column names")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def date_example(self) -> str:
        return _DATE_EXAMPLES[self.date_format]

    def as_dict(self) -> dict:
        return {**asdict(self), "description": list(self.description)}

    @classmethod
    def from_dict(cls, data: dict) -> "CsvMapping":
        """A saved preset back as a mapping; ValueError when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("a CSV mapping is a JSON object")
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        description = values.get("description", ())
        if isinstance(description, str):
            description = [description]
        if not isinstance(description, list | tuple):
            raise ValueError("description must be a list of column names")
        values["description"] = tuple(description)
        try:
            return cls(**values)
        except TypeError as error:
            raise ValueError(str(error)) from None


Row = tuple[int, list[str]]  # the line a row starts on, and its cells


def rows_of(text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise StatementError(f"Line {reader.line_num}: this line cannot be read as CSV ({error}).") from None
    return rows


def column_names(header: list[str] | None, width: int) -> list[str]:
    """The names a mapping uses: the header's (made unique), "Column N" where a header cell is empty or absent."""
    names: list[str] = []
    for index in range(max(width, len(header or []))):
        name = clean_text(header[index]) if header and index < len(header) else ""
        name = name or f"Column {index + 1}"
        base, number = name, 2
        while name in names:
            name, number = f"{base} ({number})", number + 1
        names.append(name)
    return names


@lru_cache(maxsize=4096)  # a statement repeats its dates: strptime is the slow part of reading a row
def parse_date(text: str, date_format: str) -> date | None:
    """The date in `text` written as `date_format` (a time after it is ignored); None when it is not one."""
    text = _TIME.sub("", text.strip()).strip()
    try:
        return datetime.strptime(text, date_format).date()  # a calendar date: no time zone
    except ValueError:
        return None


def parse_csv(text: str, mapping: CsvMapping) -> Statement:
    rows = rows_of(text, mapping.delimiter)
    if mapping.header_row is not None and mapping.header_row >= len(rows):
        raise StatementError(
            f"The column mapping expects the header on row {mapping.header_row + 1}, "
            f"but the file has only {len(rows)} rows."
        )
    width = max((len(cells) for _, cells in rows), default=0)
    if mapping.header_row is None:
        names, table = column_names(None, width), rows
    else:
        names, table = column_names(rows[mapping.header_row][1], 0), rows[mapping.header_row + 1 :]
    columns = {name.casefold(): index for index, name in reversed(list(enumerate(names)))}

    def column(name: str) -> int | None:
        if not name:
            return None
        if name.strip().casefold() not in columns:
            raise StatementError(f"The file has no column {quoted(name)}: the column mapping does not fit this file.")
        return columns[name.strip().casefold()]

    date_at, amount_at, debit_at, credit_at = (
        column(name) for name in (mapping.date, mapping.amount, mapping.debit, mapping.credit)
    )
    id_at, category_at, balance_at = column(mapping.id), column(mapping.category), column(mapping.balance)
    direction_at = column(mapping.direction)
    description_at = [index for name in mapping.description if (index := column(name)) is not None]
    needed = max(index for index in (date_at, amount_at, debit_at, credit_at, *description_at) if index is not None)

    lines: list[StatementLine] = []
    balances: list[Decimal | None] = []
    skipped: list[str] = []
    for number, cells in table:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= needed:
            skipped.append(f"Line {number}: {quoted(mapping.delimiter.join(cells))} is not a row of the table.")
            continue
        _check_quotes(number, cells, mapping.delimiter)
        date_text = cells[date_at].strip()
        amount_texts = [cells[index].strip() for index in (amount_at, debit_at, credit_at) if index is not None]
        if not date_text and not any(amount_texts):
            skipped.append(f"Line {number}: {quoted(mapping.delimiter.join(cells))} has no date and no amount.")
            continue
        if date_text and not any(char.isdigit() for char in date_text):
            # "Total", "Opening balance": a label row under or inside the table, not a transaction
            skipped.append(f"Line {number}: {quoted(mapping.delimiter.join(cells))} is not a transaction.")
            continue
        when = parse_date(date_text, mapping.date_format) if date_text else None
        if when is None:
            if not date_text:
                raise StatementError(f"Line {number}: this row has no date.")
            raise StatementError(
                f"Line {number}: {quoted(date_text)} is not a date "
                f"(this file's dates look like {mapping.date_example})."
            )
        amount = _row_amount(number, cells, mapping, amount_at, debit_at, credit_at)

        def optional(index: int | None, cells=cells) -> str:
            return cells[index] if index is not None and index < len(cells) else ""

        side = _side(optional(direction_at))
        if side:
            amount = abs(amount) if side == "in" else -abs(amount)

        lines.append(
            StatementLine(
                fitid=optional(id_at).strip(),
                date=when,
                amount=-amount if mapping.negate else amount,
                description=JOIN.join(text for index in description_at if (text := clean_text(cells[index]))),
                category=clean_text(optional(category_at)),
            )
        )
        balances.append(_balance(optional(balance_at), mapping.decimal) if balance_at is not None else None)
    lines = derive_fitids(lines)
    ending = _ending_balance(lines, balances)
    account = StatementAccount(
        account_id="",
        account_type="",
        currency="",
        lines=lines,
        balance=ending[0] if ending else None,
        balance_date=ending[1] if ending else None,
        start=min((line.date for line in lines), default=None),
        end=max((line.date for line in lines), default=None),
    )
    return Statement(format="CSV", accounts=[account], skipped=tuple(skipped))


def _check_quotes(number: int, cells: list[str], delimiter: str) -> None:
    """A quote left open swallows the lines after it into one cell: refuse instead of importing a misread table.
    A line break inside a cell is fine; a row with a date after the break is a swallowed row."""
    for cell in cells:
        swallowed = cell.splitlines()[1:]
        if any(delimiter in part and any(map(_is_date, part.split(delimiter))) for part in swallowed):
            raise StatementError(
                f'Line {number}: a quote (") opened on this line is not closed, so the lines after it run together.'
            )


def _row_amount(number, cells, mapping, amount_at, debit_at, credit_at) -> Decimal:
    def read(index: int | None) -> Decimal | None:
        if index is None:
            return None
        try:
            return parse_amount(cells[index], mapping.decimal)
        except ValueError:
            raise StatementError(f"Line {number}: {quoted(cells[index])} is not an amount.") from None

    if amount_at is not None:
        amount = read(amount_at)
        if amount is None:
            raise StatementError(f"Line {number}: this row has no amount.")
        return amount
    debit, credit = read(debit_at), read(credit_at)
    if debit is None and credit is None:
        raise StatementError(
            f"Line {number}: this row has no amount (neither {mapping.debit or mapping.credit}"
            f"{' nor ' + mapping.credit if mapping.debit and mapping.credit else ''})."
        )
    return abs(credit or 0) - abs(debit or 0)


_OUT = {"debit", "dr", "d", "db", "withdrawal", "s", "soll", "out", "-", "débit", "belastung"}
_IN = {"credit", "cr", "c", "deposit", "h", "haben", "in", "+", "crédit", "gutschrift"}


def _side(text: str) -> str:
    """ "out", "in" or "" for what a debit/credit column says."""
    word = text.strip().casefold().rstrip(".")
    return "out" if word in _OUT else "in" if word in _IN else ""


def _balance(text: str, decimal: str) -> Decimal | None:
    try:
        return parse_amount(text, decimal)
    except ValueError:
        return None  # the balance column is information, not what is imported: a bad cell leaves it unknown


def _ending_balance(lines: list[StatementLine], balances: list[Decimal | None]) -> tuple[Decimal, date] | None:
    """The balance after the last transaction, when the running balances add up in the file's order (oldest or
    newest first); None when they do not, as then no row can be trusted to be the last one."""
    if not lines or any(balance is None for balance in balances):
        return None
    pairs = list(zip(balances, lines, strict=True))
    if len(pairs) == 1:
        return pairs[0][0], pairs[0][1].date
    oldest_first = all(after == before + line.amount for (before, _), (after, line) in pairwise(pairs))
    if oldest_first:
        return pairs[-1][0], pairs[-1][1].date
    newest_first = all(newer == older + line.amount for (newer, line), (older, _) in pairwise(pairs))
    if newest_first:
        return pairs[0][0], pairs[0][1].date
    return None


# --- guessing the mapping -------------------------------------------------------------------------------------

# Header names per role, the most telling first; compared after lower-casing and collapsing white space.
_ROLE_NAMES = {
    "date": "posting date|posted date|post date|date posted|booking date|date|transaction date|trans date|trans. date|"
    "datetime|date/time|value date|buchungstag|buchungsdatum|datum|fecha|data|date opération|date operation",
    "amount": "amount|amount (total)|transaction amount|amt|amount (usd)|amount (eur)|amount (gbp)|value|betrag|"
    "umsatz|importe|montant|bedrag|importo|sum",
    "debit": "debit|debits|debit amount|withdrawal|withdrawals|withdrawal (-)|withdrawals (-)|money out|paid out|"
    "outflow|spent|charges|soll|débit|ausgang",
    "credit": "credit|credits|credit amount|deposit|deposits|deposit (+)|deposits (+)|money in|paid in|inflow|"
    "received|payments|haben|crédit|eingang",
    "description": "description|transaction description|payee|merchant|merchant name|name|narrative|details|"
    "memo|note|notes|particulars|reference|beschreibung|verwendungszweck|buchungstext|concepto|libellé|"
    "omschrijving|descrizione|descripción",
    "id": "id|transaction id|transaction number|fitid|reference number|unique id|transaction reference",
    "category": "category|categories|kategorie|categoría|catégorie|categoria",
    "balance": "balance|running balance|runningbalance|running bal.|available balance|saldo|solde|kontostand",
}
_ROLES = {role: names.split("|") for role, names in _ROLE_NAMES.items()}
# The share of a column's values that must read as dates (or amounts) for it to be that column: a column whose
# header names it needs only a majority (a bad value is then reported by its line when the file is read).
_ENOUGH = 0.8
_ENOUGH_NAMED = 0.5
_PREAMBLE = 100


def csv_mapping_guess(text: str) -> CsvMapping:
    """A mapping that reads this file; StatementError when there is no table with dates and amounts in it."""
    delimiter = _delimiter(text)
    rows = rows_of(text, delimiter)
    # the table starts within the first rows: a preamble is a few lines, and a file with no dates is not a statement
    first_data = next((index for index, (_, cells) in enumerate(rows[:_PREAMBLE]) if _looks_like_data(cells)), None)
    if first_data is None:
        raise StatementError(
            f"FinSync found no row with a date and an amount in the first {_PREAMBLE} rows of this file, so it is "
            "not a statement it can read."
        )
    header_row = None
    for index in range(first_data - 1, -1, -1):
        if sum(1 for cell in rows[index][1] if cell.strip()) >= 2:
            header_row = index  # the nearest row above the data with two or more cells: lines above it are preamble
            break
    table = [cells for _, cells in rows[first_data:] if len(cells) >= 2]
    width = Counter(len(cells) for cells in table).most_common(1)[0][0]
    header = rows[header_row][1] if header_row is not None else None
    names = column_names(header, 0 if header else width)
    values = [
        [cells[index].strip() for cells in table if index < len(cells) and cells[index].strip()]
        for index in range(len(names))
    ]
    normalized = [" ".join(name.casefold().split()) for name in names] if header else []
    roles = _roles_by_name(normalized, values) if header else {}
    _roles_by_content(roles, values)
    # Columns it cannot tell get a placeholder for the person to correct: the first free one as the date, the
    # last free one as the amount (the file then fails to read with the line that shows why, beside the mapping).
    free = [index for index in range(len(names)) if index not in roles.values()]
    if "date" not in roles:
        roles["date"] = free.pop(0) if free else 0
    if not ({"amount", "debit", "credit"} & roles.keys()):
        roles["amount"] = free.pop() if free else len(names) - 1
    money = [
        value for role in ("amount", "debit", "credit", "balance") if role in roles for value in values[roles[role]]
    ]
    decimal = decimal_separator(money)
    _direction_by_content(roles, values, decimal)
    description = _description_columns(roles, normalized, values)
    return CsvMapping(
        header_row=header_row,
        delimiter=delimiter,
        date=names[roles["date"]],
        description=tuple(names[index] for index in description),
        amount=names[roles["amount"]] if "amount" in roles else "",
        debit=names[roles["debit"]] if "debit" in roles and "amount" not in roles else "",
        credit=names[roles["credit"]] if "credit" in roles and "amount" not in roles else "",
        id=names[roles["id"]] if "id" in roles else "",
        category=names[roles["category"]] if "category" in roles else "",
        balance=names[roles["balance"]] if "balance" in roles else "",
        direction=names[roles["direction"]] if "direction" in roles else "",
        date_format=_date_format(values[roles["date"]], decimal),
        decimal=decimal,
    )


def _delimiter(text: str) -> str:
    """The delimiter that gives the most rows of one width (two columns or more); the wider table on a tie."""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = Counter(len(cells) for cells in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        widths = Counter({width: count for width, count in widths.items() if width >= 2})
        if widths:
            width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (count, width) > best_score:
                best, best_score = delimiter, (count, width)
    return best


def _is_date(text: str) -> bool:
    return bool(text) and any(parse_date(text, date_format) for date_format, _ in DATE_FORMATS)


def _is_amount(text: str) -> bool:
    if not any(char.isdigit() for char in text):
        return False
    for decimal in (".", ","):
        try:
            if parse_amount(text, decimal) is not None:
                return True
        except ValueError:
            continue
    return False


def _looks_like_data(cells: list[str]) -> bool:
    """A row with a date in one cell and an amount in another."""
    if sum(1 for cell in cells if cell.strip()) < 2:
        return False
    dates = [index for index, cell in enumerate(cells) if _is_date(cell)]
    return bool(dates) and any(index not in dates and _is_amount(cell) for index, cell in enumerate(cells))


def _share(values: list[str], test) -> float:
    sample = values[:500]
    return sum(1 for value in sample if test(value)) / len(sample) if sample else 0.0


def _roles_by_name(names: list[str], values: list[list[str]]) -> dict[str, int]:
    """Roles whose header names say what they are, checked against the values."""
    checks = {
        "date": lambda column: _share(values[column], _is_date) >= _ENOUGH_NAMED,
        "amount": lambda column: _share(values[column], _is_amount) >= _ENOUGH_NAMED,
        "debit": lambda column: _share(values[column], _is_amount) >= _ENOUGH_NAMED or not values[column],
        "credit": lambda column: _share(values[column], _is_amount) >= _ENOUGH_NAMED or not values[column],
        "balance": lambda column: _share(values[column], _is_amount) >= _ENOUGH_NAMED,
        "id": lambda column: len(set(values[column])) == len(values[column]) == max(map(len, values)),
    }
    roles: dict[str, int] = {}
    for role, candidates in _ROLES.items():
        if role == "description":
            continue  # chosen last, from the columns no other role took
        taken = set(roles.values())
        for candidate in candidates:
            column = next((index for index, name in enumerate(names) if name == candidate and index not in taken), None)
            if column is not None and checks.get(role, lambda _: True)(column):
                roles[role] = column
                break
    if "amount" not in roles and "date" in roles:
        # "Amount (USD)", "Transaction Amount": a header that has the word, without being a fee, tax or balance
        for index, name in enumerate(names):
            words = set(re.findall(r"\w+", name))
            excluded = words & {"fee", "fees", "tax", "balance"}
            if "amount" in words and not excluded and index not in roles.values() and checks["amount"](index):
                roles["amount"] = index
                break
    if "amount" in roles:
        roles.pop("debit", None)
        roles.pop("credit", None)
    return roles


def _roles_by_content(roles: dict[str, int], values: list[list[str]]) -> None:
    """Date and amount columns the header did not name, found by what the columns hold."""
    if "date" not in roles:
        shares = [(_share(column, _is_date), -index) for index, column in enumerate(values)]
        share, negative_index = max(shares, default=(0.0, 0))
        if share >= _ENOUGH:
            roles["date"] = -negative_index
    if {"amount", "debit", "credit"} & roles.keys():
        return
    taken = set(roles.values())
    numeric = [
        index
        for index, column in enumerate(values)
        if index not in taken
        and column
        and _share(column, _is_amount) >= _ENOUGH
        and any(re.search(r"[.,]\d{1,2}\s*\)?$|^\s*[-(]", value) for value in column[:500])
    ]
    if numeric:
        roles["amount"] = numeric[0]


def _direction_by_content(roles: dict[str, int], values: list[list[str]], decimal: str) -> None:
    """With amounts that are never negative, a column of debit/credit words (DR/CR, D/C, Soll/Haben) signs them."""
    if "amount" not in roles:
        return
    try:
        amounts = [parse_amount(value, decimal) for value in values[roles["amount"]][:500]]
    except ValueError:
        return
    if any(amount is not None and amount < 0 for amount in amounts):
        return
    taken = set(roles.values())
    for index, column in enumerate(values):
        sides = {_side(value) for value in column[:500]}
        if index not in taken and column and "" not in sides and "out" in sides:
            roles["direction"] = index
            return


def _description_columns(roles: dict[str, int], names: list[str], values: list[list[str]]) -> list[int]:
    """The description column; in a payment app's file (with "from" and "to" columns, like Venmo's) the type of
    payment first and who paid whom after it."""
    taken = set(roles.values())
    free = [index for index in range(len(values)) if index not in taken]
    chosen = None
    for candidate in _ROLES["description"]:
        chosen = next((index for index in free if index < len(names) and names[index] == candidate), None)
        if chosen is not None:
            break
    if chosen is None:
        # no telling name: the column of text that varies most
        text = [index for index in free if values[index] and _share(values[index], _is_amount) < 0.5]
        chosen = max(text, key=lambda index: (len(set(values[index])), -index), default=None)
    columns = [chosen] if chosen is not None else []
    parties = [index for index in free if names and names[index] in ("from", "to") and index not in columns]
    if len(parties) == 2:
        kind = [index for index in free if names[index] == "type" and index not in columns]
        columns = kind + columns + parties
    return columns


def _date_format(values: list[str], decimal: str) -> str:
    """The format that reads the most dates; day first when month first reads them as well and the amounts
    use a decimal comma (the European convention), else month first."""
    sample = values[:500]
    counts = {
        date_format: sum(1 for value in sample if parse_date(value, date_format)) for date_format, _ in DATE_FORMATS
    }
    best = max(counts.values(), default=0)
    tied = [date_format for date_format, _ in DATE_FORMATS if counts[date_format] == best]
    if decimal == ",":
        day_first = [date_format for date_format in tied if date_format.startswith("%d")]
        if day_first:
            return day_first[0]
    return tied[0] if tied else DATE_FORMATS[0][0]
