"""Every page of the app is behind login; only the ways in are public."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

APPS = ("accounts", "banking", "transactions", "budgets", "reports")
PUBLIC = {"/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"}


def app_views(patterns=None, prefix=""):
    """(concrete path, view) for every URL pattern whose view belongs to one of FinSync's apps."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from app_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.callback.__module__.split(".")[0] in APPS:
            route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
            yield "/" + re.sub(r"<int:\w+>", "1", route), pattern.callback


def app_paths():
    return [path for path, view in app_views() if getattr(view, "login_required", True)]


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(set(app_paths())))
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_the_ways_in_are_public(client, path):
    assert client.get(path).status_code == 200


def test_every_app_has_pages_behind_login():
    assert {p.split("/")[1] for p in app_paths()} >= {"", "transactions", "connections", "budgets", "bills", "reports"}


def test_only_plaids_webhook_is_public():
    """Plaid cannot sign in: its webhook is public, and accepts only what Plaid signed."""
    public = [path for path, view in app_views() if not getattr(view, "login_required", True)]
    assert public == ["/webhooks/plaid/"]
