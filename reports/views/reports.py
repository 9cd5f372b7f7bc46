"""The Reports page (the person's reports and a form to make one for a past period), a report's page, its PDF.

Every view needs a signed-in person (LoginRequiredMiddleware sends anyone else to login and back); a report
is its owner's alone: anyone else's id is a 404.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgets.selectors import local_today
from reports import selectors
from reports.forms import ReportForm
from reports.models import Report
from reports.periods import last_complete_period, period_name
from reports.services import report_send


def _forms(request: HttpRequest, bound: ReportForm | None = None) -> list[ReportForm]:
    """One form per kind, the month first; a kind's form comes back bound (with its errors) after a failed try,
    otherwise it offers the last period that has ended."""
    today = local_today(request.user)
    forms = []
    for kind in (Report.Kind.MONTHLY, Report.Kind.WEEKLY):
        if bound is not None and bound.report_kind == kind:
            forms.append(bound)
        else:
            last = period_name(kind, last_complete_period(kind, today))
            forms.append(ReportForm(kind=kind, today=today, initial={"kind": kind, "period": last}))
    return forms


def _list(request: HttpRequest, bound: ReportForm | None = None) -> HttpResponse:
    reports = list(selectors.reports_of(user=request.user))
    context = {"reports": reports, "forms": _forms(request, bound)}
    return render(request, "reports/report_list.html", context)


def report_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@require_POST
def report_new(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    if kind not in Report.Kind.values:
        kind = Report.Kind.MONTHLY
    form = ReportForm(request.POST, kind=kind, today=local_today(request.user))
    if not form.is_valid():
        return _list(request, bound=form)
    period = form.cleaned_data["report_period"]
    report, created = report_send(user=request.user, kind=kind, period=period, remake=True)
    if created:
        messages.success(request, f"Report made for {period.label}.")
    else:
        messages.success(request, f"Report for {period.label} made again with today's figures.")
    return redirect("report_detail", report_id=report.pk)


def report_detail(request: HttpRequest, report_id) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=report_id)
    return render(request, "reports/report_detail.html", {"report": report})


def report_pdf(request: HttpRequest, report_id) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=report_id)
    name = f"finsync-{report.kind}-{period_name(report.kind, report.period)}.pdf"
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
