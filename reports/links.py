"""Links from a figure to the transactions behind it, on the Transactions page."""

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse


def transactions_url(
    *,
    start: date | None = None,
    end: date | None = None,
    category_id: int | None = None,
    account_id: int | None = None,
    text: str = "",
    transfers: str = "hide",
) -> str:
    """The Transactions page narrowed to what a figure counts; transfers between the person's own accounts are
    hidden by default, as figures leave them out."""
    params = {
        "date_from": start.isoformat() if start else None,
        "date_to": end.isoformat() if end else None,
        "category": category_id,
        "account": account_id,
        "q": text,
        "transfers": transfers,
    }
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return reverse("transaction_list") + (f"?{query}" if query else "")
