"""Reading the PDFs FinSync makes, as a person would: their text, by poppler's pdftotext."""

import shutil
import subprocess

import pytest

PDFTOTEXT, PDFTOPPM = shutil.which("pdftotext"), shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None or PDFTOPPM is None, reason="poppler-utils is not installed")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, laid out as on the page."""
    result = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()
