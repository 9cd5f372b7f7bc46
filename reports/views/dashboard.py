from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budgets.selectors import unusual_charges_recent


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dashboard.html", {"unusual_charges": unusual_charges_recent(user=request.user)})


def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html")
