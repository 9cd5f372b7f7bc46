from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def transaction_list(request: HttpRequest) -> HttpResponse:
    return render(request, "transactions/transaction_list.html")
