"""The bills page: bills and subscriptions, suggestions to confirm or ignore, card payments due; a bill added
by hand, edited or deleted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgets import bills, selectors
from budgets.forms.bills import BillForm
from finsync.forms import add_service_errors


def bill_list(request: HttpRequest) -> HttpResponse:
    overview = selectors.bills_overview(user=request.user)
    return render(request, "budgets/bill_list.html", {"overview": overview})


def bill_create(request: HttpRequest) -> HttpResponse:
    form = BillForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            bill = bills.bill_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{bill.name} added to your bills.")
            return redirect("bill_list")
    return render(request, "budgets/bill_form.html", {"form": form, "bill": None})


def bill_edit(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = selectors.bill_get(user=request.user, bill_id=bill_id)
    form = BillForm(request.POST or None, user=request.user, initial=BillForm.initial_of(bill))
    if request.method == "POST" and form.is_valid():
        try:
            bills.bill_update(user=request.user, bill=bill, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{bill.name} saved.")
            return redirect("bill_list")
    return render(request, "budgets/bill_form.html", {"form": form, "bill": bill})


def bill_delete(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = selectors.bill_get(user=request.user, bill_id=bill_id)
    if request.method == "POST":
        bills.bill_delete(user=request.user, bill=bill)
        messages.success(request, f"{bill.name} removed from your bills.")
        return redirect("bill_list")
    return render(request, "budgets/bill_delete.html", {"bill": bill})


@require_POST
def bill_confirm(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = selectors.bill_get(user=request.user, bill_id=bill_id)
    bills.bill_confirm(user=request.user, bill=bill)
    messages.success(request, f"{bill.name} is now one of your bills: FinSync reminds you before it is due.")
    return redirect("bill_list")


@require_POST
def bill_ignore(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = selectors.bill_get(user=request.user, bill_id=bill_id)
    bills.bill_ignore(user=request.user, bill=bill)
    messages.success(request, f"{bill.name} is not a bill: FinSync will not suggest it again.")
    return redirect("bill_list")
