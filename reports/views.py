from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dashboard.html")


def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html")
