"""Unusual charges: dismissing a flag (shown on the Transactions list, a transaction's page and the dashboard)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from budgets import selectors, unusual


@require_POST
def unusual_charge_dismiss(request: HttpRequest, charge_id: int) -> HttpResponse:
    """Dismiss one flag for good; back to the dashboard when it was dismissed there, else to the transaction."""
    charge = selectors.unusual_charge_get(user=request.user, charge_id=charge_id)
    unusual.unusual_charge_dismiss(user=request.user, unusual_charge=charge)
    messages.success(request, "Dismissed. FinSync will not flag this charge for that reason again.")
    if request.POST.get("back") == "dashboard":
        return redirect("dashboard")
    return redirect("transaction_detail", charge.transaction_id)
