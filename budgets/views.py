from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def budget_list(request: HttpRequest) -> HttpResponse:
    return render(request, "budgets/budget_list.html")


def bill_list(request: HttpRequest) -> HttpResponse:
    return render(request, "budgets/bill_list.html")
