from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def connection_list(request: HttpRequest) -> HttpResponse:
    return render(request, "banking/connection_list.html")
