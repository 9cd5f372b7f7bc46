"""Reports: the monthly PDF of a typical month (about 300 counted transactions) and of a heavy one (about 3,000).

Each person's history (the report's month and the six before it, so its comparisons and charts have something to
show) comes in through the real sync engine from `bench.dataset`; then two budgets. In one warm process (the first
report loads WeasyPrint's fonts: its time is reported too), each report is timed stage by stage as
`reports.document.report_render` makes it: the data (`report_content`), the HTML (`report_html`: both templates,
the charts drawn in it, which are also timed alone) and the PDF (`pdf_from_html`, WeasyPrint). The baseline is
WeasyPrint printing a plain one-page A4 document with the report's own stylesheet, just before and just after each
report (this machine's load changes within a run): the cost of any PDF at all, so a ratio says how many such pages
a report costs.
"""

from __future__ import annotations

import statistics
from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from banking.providers.base import SyncPage
from bench.common import Figure, Section, timed
from bench.dataset import Person
from bench.ingest import login_create, sync_pages
from budgets.models import Budget
from budgets.periods import Period
from budgets.services import budget_save
from reports.document import pdf_from_html, report_charts, report_content, report_html
from transactions.models import Category
from transactions.services import categories_ensure

TITLE = "Reports (a monthly report: data, charts, HTML and its PDF)"
MONTH = Period(date(2026, 10, 1), date(2026, 10, 31))
HISTORY_FROM = date(2026, 4, 1)  # the six months before MONTH
TYPICAL, HEAVY = 300, 3_000  # transactions a month
REPEAT, HEAVY_REPEAT = 3, 1  # reports timed (the median is reported)
PLAIN_RUNS = 3  # plain PDFs printed just before and just after each report timed: its baseline
TARGET_S = 1.5
BUDGETS = (("Groceries", "FOOD_AND_DRINK_GROCERIES", "450"), ("Eating out", "FOOD_AND_DRINK_RESTAURANT", "300"))
PLAIN = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>One page</title></head><body>"
    "<h1>One page</h1><p>A plain A4 page, printed with the report's stylesheet.</p></body></html>"
)


def _person(seed: int, per_month: int) -> User:
    """Someone with about `per_month` transactions a month from HISTORY_FROM to MONTH's end, and two budgets."""
    user = User.objects.create_user(f"report{seed}@bench.example", display_name=f"Bench Person {seed}")
    categories_ensure(user=user)
    person = Person(seed)
    history = [
        record
        for page in person.pages(count=per_month * 12, end=MONTH.end, years=1)
        for record in page.added
        if record.date >= HISTORY_FROM
    ]
    sync_pages(
        login_create(user), person, [SyncPage(added=history, modified=[], removed=[], next_cursor="1", has_more=False)]
    )
    for name, code, amount in BUDGETS:
        budget = Budget(name=name, amount=Decimal(amount), currency="USD", starts_on=HISTORY_FROM)
        budget_save(user=user, budget=budget, categories=[Category.objects.get(user=user, code=code)])
    return user


def _stages(user: User) -> dict[str, float]:
    """One report, stage by stage, in seconds; `html_s` includes drawing the charts (`charts_s`)."""
    data, content = timed(report_content, user=user, kind="monthly", period=MONTH)
    charts, _ = timed(lambda: [report_charts(content, on_paper=paper) for paper in (False, True)])
    html, (_, paper) = timed(report_html, content, generated=timezone.now())
    pdf, document = timed(pdf_from_html, paper)
    return {
        "total_s": data + html + pdf,
        "data_s": data,
        "charts_s": charts,
        "html_s": html,
        "pdf_s": pdf,
        "transactions": len(content.appendix),
        "pdf_kb": len(document) / 1024,
    }


def _measured(user: User) -> dict[str, float]:
    """`_stages`, with its baseline: plain PDFs printed just before and just after the report."""
    before = [timed(pdf_from_html, PLAIN)[0] for _ in range(PLAIN_RUNS)]
    stages = _stages(user)
    after = [timed(pdf_from_html, PLAIN)[0] for _ in range(PLAIN_RUNS)]
    return stages | {"plain_s": statistics.median(before + after)}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 4) for key in runs[0]}


def run() -> Section:
    typical_user, heavy_user = _person(8001, TYPICAL), _person(8002, HEAVY)
    first = _stages(typical_user)["total_s"]
    typical = _median([_measured(typical_user) for _ in range(REPEAT)])
    heavy = _median([_measured(heavy_user) for _ in range(HEAVY_REPEAT)])
    met = typical["total_s"] < TARGET_S
    return Section(
        key="report",
        results={
            "typical_s": typical["total_s"],
            "heavy_s": heavy["total_s"],
            "first_report_s": round(first, 3),
            "plain_pdf_s": typical["plain_s"],
            "typical": typical,
            "heavy": heavy,
        },
        figures=[
            _figure(_name("typical", typical), typical["total_s"], typical, f"< {TARGET_S} s", met),
            *_stage_figures(typical),
            _figure(_name("heavy", heavy), heavy["total_s"], heavy),
            *_stage_figures(heavy),
            _figure("first report in a new process (typical)", first, typical),
        ],
    )


def _figure(name: str, seconds: float, measured: dict[str, float], target: str = "", met: bool | None = None) -> Figure:
    plain = measured["plain_s"]
    return Figure(
        name, seconds * 1000, "ms", f"a plain one-page PDF: {plain * 1000:,.0f} ms", seconds / plain, target, met
    )


def _name(label: str, stages: dict[str, float]) -> str:
    return f"{label} month ({stages['transactions']:,.0f} tx, {stages['pdf_kb']:,.0f} KB PDF)"


def _stage_figures(measured: dict[str, float]) -> list[Figure]:
    names = {"data_s": "data", "charts_s": "charts", "html_s": "HTML (charts included)", "pdf_s": "PDF"}
    return [_figure(f"  {name}", measured[key], measured) for key, name in names.items()]
