"""Statement files (OFX 1.x/2.x, QFX, QIF, CSV) read into plain data: pure Python, no database.

`statement_parse(data)` returns a whole `Statement` or raises `StatementError` whose message names the line or
OFX element that failed; it never returns part of a file. The content decides the format (the file name only
helps to name it), so a PDF, an image or a spreadsheet gets a clear refusal instead of a parse error.
"""

from transactions.statements.base import (
    Statement,
    StatementAccount,
    StatementError,
    StatementLine,
    StatementSplit,
    decode_text,
)
from transactions.statements.csv import DATE_FORMATS, CsvMapping, parse_csv
from transactions.statements.csv import csv_mapping_guess as _guess
from transactions.statements.ofx import looks_like_ofx, parse_ofx
from transactions.statements.qif import looks_like_qif, parse_qif

__all__ = [
    "DATE_FORMATS",
    "CsvMapping",
    "Statement",
    "StatementAccount",
    "StatementError",
    "StatementLine",
    "StatementSplit",
    "csv_mapping_guess",
    "looks_like_csv",
    "statement_parse",
]

SUPPORTED = "FinSync imports OFX, QFX, QIF and CSV files; most banks offer one of these next to the PDF statement."

# (magic bytes, offset, what the file is)
_NOT_STATEMENTS = [
    (b"%PDF", None, "a PDF"),
    (b"\x89PNG\r\n\x1a\n", 0, "an image (PNG)"),
    (b"\xff\xd8\xff", 0, "an image (JPEG)"),
    (b"GIF87a", 0, "an image (GIF)"),
    (b"GIF89a", 0, "an image (GIF)"),
    (b"II*\x00", 0, "an image (TIFF)"),
    (b"MM\x00*", 0, "an image (TIFF)"),
    (b"BM", 0, None),  # BMP: checked below, "BM" alone also starts text
    (b"WEBP", 8, "an image (WebP)"),
    (b"ftypheic", 4, "an image (HEIC)"),
    (b"ftypmif1", 4, "an image (HEIC)"),
    (b"PK\x03\x04", 0, "a ZIP archive or an Office document (such as an Excel workbook)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an Office document (such as an Excel workbook)"),
    (b"\x1f\x8b", 0, "a compressed (gzip) file"),
    (b"Rar!", 0, "a compressed (RAR) file"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a compressed (7-Zip) file"),
]


def statement_parse(data: bytes, *, filename: str = "", csv_mapping: CsvMapping | None = None) -> Statement:
    """The statement in `data`. `csv_mapping` says how to read a CSV; without one it is guessed."""
    _refuse_non_statements(data)
    if looks_like_ofx(data[:65536].decode("latin-1")):
        return parse_ofx(data, filename=filename)
    extension = filename.lower().rpartition(".")[2] if "." in filename else ""
    if looks_like_qif(decode_head(data)):
        return parse_qif(decode_text(data))
    if extension == "qif":
        raise StatementError(f"This file is named .qif but has no !Type: line, so it is not QIF. {SUPPORTED}")
    if extension in ("ofx", "qfx"):
        raise StatementError(f"This file is named .{extension} but holds no OFX data (no <OFX> element). {SUPPORTED}")
    text = decode_text(data)
    return parse_csv(text, csv_mapping or _guess(text))


def csv_mapping_guess(data: bytes) -> CsvMapping:
    """The column mapping FinSync proposes for a CSV file, for a person to check and save per account."""
    if not looks_like_csv(data):
        raise StatementError("This is an OFX or QIF file, not a CSV file: it is read without a column mapping.")
    return _guess(decode_text(data))


def looks_like_csv(data: bytes, *, filename: str = "") -> bool:
    """Whether `data` is read as CSV (with a column mapping): a text file that is neither OFX nor QIF, by its
    content or its name."""
    _refuse_non_statements(data)
    if filename.lower().endswith((".ofx", ".qfx", ".qif")):
        return False
    return not looks_like_ofx(data[:65536].decode("latin-1")) and not looks_like_qif(decode_head(data))


def _refuse_non_statements(data: bytes) -> None:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise StatementError("The file is empty.")
    for magic, offset, kind in _NOT_STATEMENTS:
        found = magic in data[:1024] if offset is None else data[offset : offset + len(magic)] == magic
        if found and kind is None and len(data) > 14 and int.from_bytes(data[2:6], "little") == len(data):
            kind = "an image (BMP)"
        if found and kind:
            raise StatementError(f"This is {kind}. {SUPPORTED}")
    head = decode_head(data).lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        raise StatementError(f"This is a web page (HTML), not a statement file. {SUPPORTED}")


def decode_head(data: bytes) -> str:
    """The first few KB as text, for sniffing only (never fails)."""
    head = data[:4096]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")
