"""The Budgets page, a budget's page (its periods and the transactions behind them), and the budget form."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from budgets import selectors, services
from budgets.forms.budgets import BudgetForm
from budgets.models import Budget
from finsync.forms import add_service_errors


def budget_list(request: HttpRequest) -> HttpResponse:
    statuses = selectors.budget_statuses(user=request.user)
    return render(request, "budgets/budget_list.html", {"statuses": statuses})


def budget_detail(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(user=request.user, budget_id=budget_id)
    status = selectors.budget_status(user=request.user, budget=budget)
    shown = _period_shown(request, status)
    rows = selectors.budget_transactions(user=request.user, budget=budget, period=shown.period)
    context = {"budget": budget, "status": status, "shown": shown, "rows": rows}
    return render(request, "budgets/budget_detail.html", context)


def _period_shown(request: HttpRequest, status: selectors.BudgetStatus) -> selectors.PeriodStatus:
    """The period picked with ?period=<its first day>: the current one or one of the history."""
    wanted = request.GET.get("period")
    if not wanted:
        return status.current
    try:
        start = date.fromisoformat(wanted)
    except ValueError:
        raise Http404("No such period") from None
    for period in (status.current, *status.history):
        if period.period.start == start:
            return period
    raise Http404("No such period")


def budget_create(request: HttpRequest) -> HttpResponse:
    return _budget_form(request, Budget())


def budget_edit(request: HttpRequest, budget_id: int) -> HttpResponse:
    return _budget_form(request, selectors.budget_get(user=request.user, budget_id=budget_id))


def _budget_form(request: HttpRequest, budget: Budget) -> HttpResponse:
    is_new = budget.pk is None
    form = BudgetForm(request.POST or None, instance=budget, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_save(
                user=request.user, budget=form.save(commit=False), categories=form.cleaned_data["categories"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Budget “{saved.name}” {'created' if is_new else 'saved'}.")
            return redirect("budget_detail", saved.pk)
    return render(request, "budgets/budget_form.html", {"form": form, "budget": budget, "is_new": is_new})


def budget_delete(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(user=request.user, budget_id=budget_id)
    if request.method == "POST":
        services.budget_delete(user=request.user, budget=budget)
        messages.success(request, f"Budget “{budget.name}” deleted. Your transactions are as they were.")
        return redirect("budget_list")
    return render(request, "budgets/budget_delete.html", {"budget": budget})
