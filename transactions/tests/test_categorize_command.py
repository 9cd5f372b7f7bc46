"""`manage.py categorize` (a CSV in, the same CSV with categories out) and `manage.py corpus_check`."""

import csv
import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from transactions.management.commands import corpus_check

HEADER = "date,description,merchant,amount,note\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        return list(reader.fieldnames or []), list(reader)


def test_the_output_is_the_input_plus_category_primary_and_reason(tmp_path):
    source = write(
        tmp_path / "in.csv",
        HEADER
        + "2026-03-01,STARBUCKS STORE 05121,,-5.25,latte\n"
        + "2026-03-02,POS DEBIT 0412,Walgreens,-12.80,\n"
        + '2026-03-03,"ONLINE TRANSFER FROM CHK ...1111",,500.00,"rent, split"\n'
        + "2026-03-04,ZXQW 99812 REF 7781,,-12.00,\n",
    )
    call_command("categorize", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    fields, rows = read_rows(tmp_path / "out.csv")
    assert fields == ["date", "description", "merchant", "amount", "note", "category", "primary", "reason"]
    assert [(row["category"], row["primary"]) for row in rows] == [
        ("FOOD_AND_DRINK_COFFEE", "FOOD_AND_DRINK"),
        ("MEDICAL_PHARMACIES_AND_SUPPLEMENTS", "MEDICAL"),
        ("TRANSFER_IN_ACCOUNT_TRANSFER", "TRANSFER_IN"),
        ("OTHER_OTHER", "OTHER"),
    ]
    assert rows[0]["reason"] == "Starbucks is a coffee shop"
    assert (rows[2]["note"], rows[2]["date"]) == ("rent, split", "2026-03-03")


def test_a_blank_amount_is_an_unknown_direction(tmp_path):
    source = write(tmp_path / "in.csv", "description,merchant,amount\nTRANSFER FROM SAVINGS,,\nSHELL OIL 5744,,\n")
    call_command("categorize", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    _, rows = read_rows(tmp_path / "out.csv")
    assert [row["category"] for row in rows] == ["TRANSFER_IN_SAVINGS", "TRANSPORTATION_GAS"]


def test_input_columns_named_like_the_output_are_replaced(tmp_path):
    source = write(tmp_path / "in.csv", "description,merchant,amount,category\nSTARBUCKS,,-4.00,Coffee Shops\n")
    call_command("categorize", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    fields, rows = read_rows(tmp_path / "out.csv")
    assert fields == ["description", "merchant", "amount", "category", "primary", "reason"]
    assert rows[0]["category"] == "FOOD_AND_DRINK_COFFEE"


def test_standard_input_and_output(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("description,merchant,amount\nNETFLIX.COM,,-15.49\n"))
    out = io.StringIO()
    call_command("categorize", "--input", "-", "--output", "-", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(row["description"], row["category"]) for row in rows] == [("NETFLIX.COM", "ENTERTAINMENT_TV_AND_MOVIES")]


def test_a_malformed_amount_names_its_line_and_writes_nothing(tmp_path):
    source = write(tmp_path / "in.csv", "description,merchant,amount\nSTARBUCKS,,-4.00\nSHELL,,twelve\n")
    with pytest.raises(CommandError, match=r"line 3: 'twelve' is not an amount"):
        call_command("categorize", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_a_missing_column_is_named(tmp_path):
    source = write(tmp_path / "in.csv", "description,amount\nSTARBUCKS,-4.00\n")
    with pytest.raises(CommandError, match="lacks the column\\(s\\) merchant"):
        call_command("categorize", "--input", str(source), "--output", str(tmp_path / "out.csv"))


def test_a_missing_input_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"nope\.csv does not exist"):
        call_command("categorize", "--input", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "out.csv"))


CORPUS_HEADER = "description,merchant,amount,category,source,pfc_primary,pfc_detailed,original_label,label_confidence\n"


def test_corpus_check_prints_accuracy_overall_by_confidence_and_source(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_check, "MIN_TIMING_SECONDS", 0)
    write(
        tmp_path / "categorization_full.csv",
        CORPUS_HEADER
        + "STARBUCKS STORE 1,,-4.00,Food,bank_a,FOOD_AND_DRINK,,Coffee,high\n"
        + "SHELL OIL 5744,,-40.00,Transport,bank_a,TRANSPORTATION,,Fuel,medium\n"
        + "ZXQW 99812,,-9.00,Shopping,bank_b,GENERAL_MERCHANDISE,,Shopping,low\n"
        + "ACME CORP PAYROLL,,,Income,bank_b,INCOME,,Pay,high\n",
    )
    out = io.StringIO()
    call_command("corpus_check", "--corpus", str(tmp_path), stdout=out)
    lines = [" ".join(line.split()) for line in out.getvalue().splitlines()]
    assert "all rows 3/4 75.0%" in lines
    assert "labels high+medium 3/3 100.0%" in lines
    assert "labels low 0/1 0.0%" in lines
    assert "bank_a 2/2 100.0%" in lines
    assert "bank_b 1/2 50.0%" in lines
    assert any(
        line.startswith("throughput:") and line.endswith("rows/s (categorize_builtin, one core)") for line in lines
    )


def test_corpus_check_fails_when_the_corpus_cannot_be_read(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 check\\(s\\) failed: check_categorization"):
        call_command("corpus_check", "--corpus", str(tmp_path), stdout=out)
    assert "FAILED: cannot read" in out.getvalue()


def test_corpus_check_fails_when_a_column_is_missing(tmp_path):
    write(tmp_path / "categorization_full.csv", "description,merchant,amount,source\nSTARBUCKS,,-4.00,bank_a\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("corpus_check", "--corpus", str(tmp_path), stdout=out)
    assert "lacks the column(s) pfc_primary, label_confidence" in out.getvalue()


def test_corpus_check_names_a_missing_corpus_directory(tmp_path):
    with pytest.raises(CommandError, match=r"Corpus directory .*nowhere does not exist"):
        call_command("corpus_check", "--corpus", str(tmp_path / "nowhere"))
