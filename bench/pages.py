"""Pages at 100,000 transactions: the dashboard, the Transactions page (page 1, page 1,000, one category, a text
search), budgets, bills, the reports list and one transaction's page, for a person whose five-year history came in
through the real sync engine (`bench.ingest.person_with_history`), with a few bills and two reports.

Each page is requested through Django's test Client: an in-process HTTP request and response through the whole
middleware stack (sessions, CSRF, authentication, time zone, security headers), URL routing, the view and its
templates; no network and no gunicorn. The person is signed in with `force_login`. Each page is requested once to
warm it, then timed REPEAT times (p50 and p95, in ms); its queries are counted in one more request. The counts are
also taken for a person with 2,000 transactions: they should not depend on the size of the history.

The pages are measured in the steady state that follows a first sync: the sync itself refreshes the planner's
statistics once a large history is written, and `VACUUM` is run before the first request, as autovacuum does
within minutes of a large write (otherwise its pass would race the measurement for this machine's two cores).

Baseline, measured in the same run by the same client and person: the Notifications page (the person's latest
notifications: the same base layout, session and middleware work, a few small queries and nothing that reads
transactions; the Settings page would not do, its time-zone select of 600 options alone costs ~70 ms), p50.
Each page's ratio is its p95 over that p50. Target (issue 8): p95 < 100 ms each.

The test environment (`setup_test_environment`) is not set up: it instruments template rendering so the client can
keep a copy of every template's context, which a real server does not pay for. Only ALLOWED_HOSTS is widened for
the client's "testserver" host.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.models import User
from bench.common import Figure, Section, percentile, timed
from bench.ingest import person_with_history
from budgets.bills import bill_confirm, bill_create
from budgets.models import Bill
from budgets.selectors import local_today
from reports.models import Report
from reports.periods import last_complete_period
from reports.services import report_generate
from transactions.models import Category
from transactions.selectors import PAGE_SIZE, transactions_visible

TITLE = "Pages at 100,000 transactions (Django test Client, full middleware)"
REPEAT = 15
DEEP_PAGE = 1_000
SMALL = 2_000
TARGET_MS = 100
SEARCH = "coffee"
CATEGORY = "FOOD_AND_DRINK_GROCERIES"


def _bills(user: User) -> None:
    """Confirm what the sync's bill detection suggested, and add two bills by hand."""
    for bill in Bill.objects.filter(user=user, status=Bill.Status.SUGGESTED)[:4]:
        bill_confirm(user=user, bill=bill)
    due = local_today(user) + timedelta(days=9)
    for name, amount in (("Rent", "1850.00"), ("Car insurance", "96.40")):
        bill_create(
            user=user,
            name=name,
            amount=Decimal(amount),
            cadence=Bill.Cadence.MONTHLY,
            due_day=due.day,
            next_due=due,
            account=None,
            merchant="",
        )


def _reports(user: User) -> None:
    today = local_today(user)
    for kind in (Report.Kind.MONTHLY, Report.Kind.WEEKLY):
        report_generate(user=user, kind=kind, period=last_complete_period(kind, today))


def _person(email: str, count: int) -> User:
    user = person_with_history(email, count=count)
    _bills(user)
    _reports(user)
    return user


def _pages(user: User) -> dict[str, str]:
    """Page name -> URL, for this person."""
    listing = reverse("transaction_list")
    newest_first = transactions_visible(user=user).order_by("-date", "-id")
    # The row before page DEEP_PAGE (a small history's middle page instead): the cursor its "Older" link carries.
    before_deep = min((DEEP_PAGE - 1) * PAGE_SIZE, newest_first.count() // 2) - 1
    deep = newest_first.values("date", "id")[before_deep]
    category = Category.objects.get(user=user, code=CATEGORY)
    # A recent charge: its page also offers the reimbursement form, which looks for candidates among the payments.
    charge = newest_first.filter(amount__lt=0).values_list("id", flat=True)[PAGE_SIZE // 2]
    return {
        "dashboard": reverse("dashboard"),
        "transactions": listing,
        f"transactions p{DEEP_PAGE}": f"{listing}?after={deep['date'].isoformat()}_{deep['id']}",
        "transactions category": f"{listing}?category={category.pk}",
        "transactions search": f"{listing}?q={SEARCH}",
        "budgets": reverse("budget_list"),
        "bills": reverse("bill_list"),
        "reports": reverse("report_list"),
        "transaction": reverse("transaction_detail", args=[charge]),
    }


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")


def _queries(client: Client, url: str) -> int:
    _get(client, url)  # warm, as the timed requests are
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def _times_ms(client: Client, url: str) -> list[float]:
    _get(client, url)  # warm: templates compiled, caches filled
    return [timed(_get, client, url)[0] * 1000 for _ in range(REPEAT)]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run() -> Section:
    user, small = _person("pages@bench.local", 100_000), _person("pages-small@bench.local", SMALL)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
    # The bench process still holds what earlier scenarios made; a web worker does not. Frozen, it is left out of
    # the collector's full passes, which would otherwise land in the timed requests.
    gc.collect()
    gc.freeze()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        return _measure(user, small)


def _measure(user: User, small: User) -> Section:
    client, small_client = _client(user), _client(small)
    baseline_url = reverse("notifications")
    small_pages = _pages(small)
    results, figures = {}, []
    baseline_ms = percentile(_times_ms(client, baseline_url), 50)
    against = f"Notifications page p50: {baseline_ms:.1f} ms"
    for name, url in _pages(user).items():
        times = _times_ms(client, url)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        results[name] = {
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "queries": _queries(client, url),
            "queries_at_2k": _queries(small_client, small_pages[name]),
            "baseline_p50_ms": round(baseline_ms, 1),  # the Notifications page, in the same run
        }
        counts = f"queries {results[name]['queries']} (2k: {results[name]['queries_at_2k']})"
        figures.append(
            Figure(f"{name} p95; {counts}", p95, "ms", against, p95 / baseline_ms, "p95 < 100 ms", p95 < TARGET_MS)
        )
    return Section(key="pages", results=results, figures=figures)
