"""The Trends page: income and spending over months the person chooses, narrowed to the categories they tick."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from budgets.selectors import local_today
from reports.forms import TrendsForm
from reports.trends import trends_chart, trends_for


def trends(request: HttpRequest) -> HttpResponse:
    today = local_today(request.user)
    data = request.GET or QueryDict(f"period={TrendsForm.DEFAULT}")
    form = TrendsForm(data, user=request.user, today=today)
    context = {"form": form, "trends": None, "chart": None}
    if form.is_valid():
        months = form.month_range()
        shown = trends_for(user=request.user, months=months, categories=form.categories(), today=today)
        context.update(
            trends=shown,
            months=months,
            chart=trends_chart(shown) if shown.has_data else None,
            is_custom=form.cleaned_data["period"] == TrendsForm.CUSTOM,
            period_label=dict(TrendsForm.PRESETS).get(form.cleaned_data["period"], "Custom months"),
        )
    return render(request, "reports/trends.html", context)
