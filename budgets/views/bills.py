from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bill_list(request: HttpRequest) -> HttpResponse:
    return render(request, "budgets/bill_list.html")
