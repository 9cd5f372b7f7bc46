"""OFX 1.x (SGML), OFX 2.x (XML) and QFX bank and credit card statements.

One lenient tokenizer reads all three, because real files mix them: SGML elements with unclosed values inside an
XML header, XML with CDATA, close tags nested in the wrong place (Amex), empty values. An element followed by
text holds a value (its close tag is optional); an element followed by another element is an aggregate, which
must be closed before the file ends, so a cut-off file is refused rather than half imported. The well-known
libraries were tried on the corpus and rejected: ofxtools validates the spec strictly and refuses 6 of the 17
bank files (10-digit BANKID, no header, missing LEDGERBAL, empty tags); ofxparse fails on an empty balance and
empty tags, and its BeautifulSoup tree silently accepts truncated files.
"""

import bisect
import html
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from transactions.statements.base import (
    Statement,
    StatementAccount,
    StatementError,
    StatementLine,
    check_amount,
    clean_text,
    decode_text,
    derive_fitids,
    describe,
    quoted,
)

_OFX_START = re.compile(r"<OFX\s*>", re.IGNORECASE)
_TOKEN = re.compile(
    r"<!\[CDATA\[(?P<cdata>.*?)\]\]>"
    r"|<!--.*?-->|<\?.*?\?>|<![^>]*>"
    r"|</\s*(?P<close>[A-Za-z][\w.:-]*)\s*>"
    r"|<(?P<open>[A-Za-z][\w.:-]*)(?:\s[^<>]*?)?(?P<empty>/)?>",
    re.DOTALL,
)
_INVESTMENT = re.compile(r"<(INVSTMTMSGSRSV1|INVSTMTTRNRS|INVSTMTRS|INVSTMTMSGSETV1)\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})")
_OFX_AMOUNT = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")

# Elements that hold a value even when it is empty and another element follows (SGML allows <NAME><MEMO>x).
_VALUES = frozenset(
    "TRNTYPE DTPOSTED DTUSER DTAVAIL TRNAMT FITID CORRECTFITID CORRECTACTION SRVRTID CHECKNUM REFNUM SIC PAYEEID "
    "NAME EXTDNAME MEMO CURDEF BANKID BRANCHID ACCTID ACCTTYPE ACCTKEY DTSTART DTEND BALAMT DTASOF CODE SEVERITY "
    "MESSAGE DTSERVER LANGUAGE DTPROFUP DTACCTUP ORG FID TRNUID CURRATE CURSYM MKTGINFO INTU.BID INTU.USERID".split()
)
_ACCOUNT_TYPES = {
    "CHECKING": "checking",
    "SAVINGS": "savings",
    "MONEYMRKT": "money market",
    "CD": "cd",
    "CREDITLINE": "credit line",
}


@dataclass
class _Element:
    name: str
    line: int
    value: str | None = None  # None for an aggregate
    children: list["_Element"] = field(default_factory=list)

    def child(self, name: str) -> "_Element | None":
        return next((element for element in self.children if element.name == name), None)

    def text(self, name: str) -> str:
        element = self.child(name)
        return element.value or "" if element is not None else ""

    def all(self, name: str) -> list["_Element"]:
        return [element for element in self.children if element.name == name]

    def descendants(self, *names: str) -> list["_Element"]:
        """The elements with these names anywhere below this one, in file order."""
        found, todo = [], list(reversed(self.children))
        while todo:
            element = todo.pop()
            if element.name in names:
                found.append(element)
            todo.extend(reversed(element.children))
        return found


def looks_like_ofx(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.upper().startswith("OFXHEADER") or bool(_OFX_START.search(text[:65536]))


def parse_ofx(data: bytes, *, filename: str = "") -> Statement:
    header, text = _decode(data)
    start = _OFX_START.search(text)
    if start is None:
        raise StatementError("This file has an OFX header but no <OFX> element, so it holds no statement.")
    if _INVESTMENT.search(text):
        raise StatementError(
            "Investment statements are not supported yet: this OFX file is a brokerage statement (INVSTMTRS). "
            "Import the bank or credit card statement instead."
        )
    root = _tree(text, start.start())
    accounts = [_account(response) for response in _statements(root)]
    if filename.lower().endswith(".qfx"):
        version = "QFX"
    else:
        version = "OFX 2.x" if header.get("OFXHEADER", "").startswith("2") else "OFX 1.x"
    return Statement(format=version, accounts=accounts)


def _decode(data: bytes) -> tuple[dict[str, str], str]:
    """The header's fields and the file as text, read in the encoding the header declares."""
    head = data[:4096].decode("latin-1")
    header: dict[str, str] = {}
    xml = re.search(r"<\?OFX\s([^?]*)\?>", head, re.IGNORECASE)
    if xml:
        header = {key.upper(): value for key, value in re.findall(r'(\w+)\s*=\s*"([^"]*)"', xml.group(1))}
    else:
        end = _OFX_START.search(head)
        for line in head[: end.start() if end else None].splitlines():
            key, _, value = line.partition(":")
            if value:
                header[key.strip().upper()] = value.strip()
    declared = re.search(r'<\?xml[^>]*encoding\s*=\s*["\']([^"\']+)', head, re.IGNORECASE)
    encoding = (declared.group(1) if declared else header.get("ENCODING", "")).lower().replace("_", "-")
    return header, decode_text(data, "utf-8" if encoding in ("utf-8", "utf8") else "")


def _tree(text: str, start: int) -> _Element:
    lines = [match.start() for match in re.finditer("\n", text)]

    def line_at(position: int) -> int:
        return bisect.bisect_right(lines, position) + 1

    tokens: list[tuple[str, str, int]] = []  # (kind, name or text, position); kind: open, empty, close, text, cdata
    position = start
    for match in _TOKEN.finditer(text, start):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()], position))
        position = match.end()
        if match.group("cdata") is not None:
            tokens.append(("cdata", match.group("cdata"), match.start()))
        elif match.group("close"):
            tokens.append(("close", match.group("close").upper(), match.start()))
        elif match.group("open"):
            kind = "empty" if match.group("empty") else "open"
            tokens.append((kind, match.group("open").upper(), match.start()))
    if position < len(text):
        tokens.append(("text", text[position:], position))

    root = _Element("", 0)
    stack = [root]
    index, count = 0, len(tokens)
    while index < count:
        kind, name, at = tokens[index]
        index += 1
        if kind in ("text", "cdata"):
            continue  # white space between elements, or stray text that belongs to no value
        if kind == "close":
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            # a close tag of a value, or one that closes nothing (Amex nests them): nothing to do
            if len(stack) == 1:
                break  # </OFX>: the rest of the file is not the statement
            continue
        parts = []
        while index < count and tokens[index][0] in ("text", "cdata"):
            part_kind, part, _ = tokens[index]
            parts.append(part if part_kind == "cdata" else _unescape(part))
            index += 1
        value = "".join(parts)
        closes_itself = index < count and tokens[index][0] == "close" and tokens[index][1] == name
        if kind == "empty" or value.strip() or closes_itself or name in _VALUES:
            stack[-1].children.append(_Element(name, line_at(at), value.strip()))
            if closes_itself:
                index += 1
            continue
        element = _Element(name, line_at(at))
        stack[-1].children.append(element)
        stack.append(element)
    if len(stack) > 1:
        raise StatementError(f"The OFX file ends before </{stack[-1].name}>: it looks cut off.")
    return root


def _unescape(text: str) -> str:
    text = html.unescape(text)
    # some banks escape twice (&amp;lt;): a second pass when entities are still there
    return html.unescape(text) if _ENTITY.search(text) else text


def _statements(root: _Element) -> list[tuple[_Element, str]]:
    """Each bank (STMTRS) and credit card (CCSTMTRS) statement in file order, with the account type it implies."""
    found = []
    responses = {"STMTTRNRS": "STMTRS", "CCSTMTTRNRS": "CCSTMTRS"}
    for transaction in root.descendants(*responses):
        response = responses[transaction.name]
        statement = transaction.child(response)
        if statement is None:
            status = transaction.child("STATUS")
            code = status.text("CODE") if status is not None else ""
            message = status.text("MESSAGE") if status is not None else ""
            raise StatementError(
                f"Line {transaction.line}: the bank sent an error instead of a statement "
                f"(<{transaction.name}> has no <{response}>; status {code or 'unknown'}"
                f"{': ' + clean_text(message) if message else ''})."
            )
        found.append((statement, "credit card" if response == "CCSTMTRS" else ""))
    if not found:
        raise StatementError("This OFX file has no bank or credit card statement (no <STMTRS> or <CCSTMTRS>).")
    return found


def _account(found: tuple[_Element, str]) -> StatementAccount:
    statement, card_type = found
    source = statement.child("CCACCTFROM" if card_type else "BANKACCTFROM")
    account_id = source.text("ACCTID") if source is not None else ""
    account_type = card_type or _ACCOUNT_TYPES.get(
        (source.text("ACCTTYPE") if source is not None else "").upper(), "bank"
    )
    currency = _currency(statement.text("CURDEF"))
    listing = statement.child("BANKTRANLIST")
    records = listing.all("STMTTRN") if listing is not None else []
    if not currency:
        # no CURDEF: the currency every transaction names, when they agree
        named = {_currency(record.child("CURRENCY").text("CURSYM")) for record in records if record.child("CURRENCY")}
        currency = named.pop() if len(named) == 1 else ""
    lines = derive_fitids([_line(record) for record in records])
    balance, balance_date = None, None
    # LEDGERBAL belongs after BANKTRANLIST; Nubank leaves that list unclosed, which puts the balance inside it
    ledger = next(iter(statement.descendants("LEDGERBAL")), None)
    if ledger is not None:
        balance = _amount(ledger, "BALAMT", required=False)
        if balance is not None:
            balance_date = _date(ledger, "DTASOF", required=False)
    start = _date(listing, "DTSTART", required=False) if listing is not None else None
    end = _date(listing, "DTEND", required=False) if listing is not None else None
    return StatementAccount(
        account_id=clean_text(account_id),
        account_type=account_type,
        currency=currency,
        lines=lines,
        balance=balance,
        balance_date=balance_date,
        # the period the file states, widened to its lines (Amex states a one-day period for months of lines)
        start=min(filter(None, [start, *(line.date for line in lines)]), default=None),
        end=max(filter(None, [end, *(line.date for line in lines)]), default=None),
    )


def _line(record: _Element) -> StatementLine:
    # TRNAMT is taken as it is, in the statement's currency, even next to a <CURRENCY> aggregate: banks put the
    # card's original currency there with the amount already converted (as ofxtools and ofxparse read it too)
    amount = _amount(record, "TRNAMT")
    payee = record.child("PAYEE")
    name = record.text("NAME") or (payee.text("NAME") if payee is not None else "")
    memo = clean_text(record.text("MEMO"))
    description = describe(name, memo)
    if not description:
        number = clean_text(record.text("CHECKNUM"))
        kind = clean_text(record.text("TRNTYPE")).upper()
        description = f"Check {number}" if number and number != "0" else _TYPE_WORDS.get(kind, kind.title())
    return StatementLine(
        fitid=clean_text(record.text("FITID")),
        date=_date(record, "DTPOSTED"),
        amount=amount,
        description=description,
        memo=memo,
    )


_TYPE_WORDS = {
    "ATM": "ATM",
    "POS": "Point of sale",
    "CHECK": "Check",
    "XFER": "Transfer",
    "DIRECTDEP": "Direct deposit",
    "DIRECTDEBIT": "Direct debit",
    "REPEATPMT": "Repeating payment",
    "SRVCHG": "Service charge",
    "INT": "Interest",
    "DIV": "Dividend",
    "FEE": "Fee",
    "DEP": "Deposit",
    "CASH": "Cash withdrawal",
    "PAYMENT": "Payment",
}


def _currency(text: str) -> str:
    text = text.strip().upper()
    return text if re.fullmatch(r"[A-Z]{3}", text) else ""


def _missing(record: _Element, name: str) -> StatementError:
    fitid = record.text("FITID")
    which = f" with FITID {quoted(fitid)}" if fitid and record.name == "STMTTRN" else ""
    return StatementError(f"Line {record.line}: <{record.name}>{which} has no <{name}>.")


def _amount(record: _Element, name: str, *, required: bool = True) -> Decimal | None:
    element = record.child(name)
    value = (element.value or "").strip() if element is not None else ""
    if not value:
        if required:
            raise _missing(record, name)
        return None
    # OFX allows "." or "," as the decimal separator and no thousands separators
    try:
        if not _OFX_AMOUNT.match(value):
            raise ValueError(value)
        return check_amount(Decimal(value.replace(",", ".")))
    except (ValueError, InvalidOperation):
        raise StatementError(f"Line {element.line}: <{name}> {quoted(value)} is not an amount.") from None


def _date(record: _Element, name: str, *, required: bool = True) -> date | None:
    """The calendar date an OFX date-time starts with (YYYYMMDD...), as the bank wrote it: converting to UTC
    through the [-5:EST] suffix would move late-evening postings to the next day."""
    element = record.child(name)
    value = (element.value or "").strip() if element is not None else ""
    if not value:
        if required:
            raise _missing(record, name)
        return None
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError(value)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise StatementError(f"Line {element.line}: <{name}> {quoted(value)} is not a date.") from None
