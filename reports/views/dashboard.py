"""The dashboard: the landing page after sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from banking.providers import plaid_configured
from banking.views import PLAID_LINK_CSP
from reports.dashboard import dashboard_get


def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_get(user=request.user)
    # The one-click fix of a Plaid connection opens Plaid Link, which the page then loads (as Connections does).
    plaid_relink = plaid_configured() and any(c.provider == "plaid" for c in board.problems)
    response = render(
        request,
        "reports/dashboard.html",
        {"board": board, "plaid_enabled": plaid_configured(), "plaid_relink": plaid_relink},
    )
    if plaid_relink:
        response.headers["Content-Security-Policy"] = PLAID_LINK_CSP
    return response
