"""The SVG charts: well-formed, to scale, readable on hover and on paper, accessible, escaped."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports.charts import INCOME_COLOR, NET_COLOR, SPENDING_COLOR, Bar, Chart, Series, bars, columns, lines, sparkline

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = ["Jan 2026", "Feb 2026", "Mar 2026"]


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 (our own markup, not untrusted input)


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return root.findall(f".//svg:{tag}", NS)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in find_all(root, "text")]


def by_class(root: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [element for element in find_all(root, tag) if css in element.get("class", "").split()]


def tooltips(root: ET.Element) -> list[str]:
    """The hover titles of bars, columns and points (the chart's own <title> left out)."""
    return [element.text for element in find_all(root, "title")[1:]]


def category_chart(*, on_paper: bool = False) -> Chart:
    return bars(
        title="Spending by category",
        bars=[
            Bar("Groceries", Decimal("200.00"), "#e4572e", "/transactions/?category=1&transfers=hide", Decimal("380")),
            Bar("Dining", Decimal("100.00"), "#2a9d8f", "/transactions/?category=2", Decimal("0")),
            Bar("Rent", Decimal("1234.56"), "#4361ee", "/transactions/?category=3"),
        ],
        currency="USD",
        compare_label="Previous month",
        on_paper=on_paper,
    )


def income_spending(*, on_paper: bool = False) -> Chart:
    return columns(
        title="Income and spending",
        labels=MONTHS,
        series=[
            Series(
                "Income", INCOME_COLOR, [Decimal("4000"), Decimal("2000"), Decimal("1000.50")], ["/i1", "/i2", "/i3"]
            ),
            Series("Spending", SPENDING_COLOR, [Decimal("3000"), Decimal("1500"), None], ["/s1", "/s2", "/s3"]),
        ],
        currency="EUR",
        on_paper=on_paper,
    )


def net_worth(*, on_paper: bool = False) -> Chart:
    return lines(
        title="Net worth",
        labels=MONTHS,
        series=[
            Series("Net worth", NET_COLOR, [Decimal("-500"), Decimal("250.25"), Decimal("1000")], ["/a", "/b", "/c"])
        ],
        currency="USD",
        on_paper=on_paper,
    )


ALL_CHARTS = [category_chart, income_spending, net_worth]


@pytest.mark.parametrize("make", ALL_CHARTS)
@pytest.mark.parametrize("on_paper", [False, True])
def test_every_chart_is_well_formed_accessible_svg(make, on_paper):
    chart = make(on_paper=on_paper)
    root = parse(chart)

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 640 \d+(\.\d)?", root.get("viewBox"))
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == chart.title
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # {{ chart }} in a template inserts the markup, not an escaped copy of it.
    assert chart.__html__() == str(chart) == chart.svg


def test_bar_lengths_are_proportional_to_the_values():
    root = parse(category_chart())
    groceries, dining, rent = (Decimal(rect.get("width")) for rect in by_class(root, "rect", "chart-bar"))

    assert groceries == 2 * dining
    assert abs(rent - Decimal("12.3456") * dining) < 1  # coordinates are rounded to 0.1


def test_the_compare_marker_sits_at_its_value_and_has_a_legend():
    root = parse(category_chart())
    bar_x = Decimal(by_class(root, "rect", "chart-bar")[0].get("x"))
    groceries_width = Decimal(by_class(root, "rect", "chart-bar")[0].get("width"))
    marker = by_class(root, "line", "chart-compare")[0]

    assert Decimal(marker.get("x1")) - bar_x == pytest.approx(groceries_width * 380 / 200, abs=Decimal("0.2"))
    assert "Previous month" in texts(root)


def test_hover_titles_give_each_figure_with_its_currency():
    assert tooltips(parse(category_chart()))[:3] == [
        "Groceries: 200.00 USD; Previous month: 380.00 USD",
        "Dining: 100.00 USD; Previous month: 0.00 USD",
        "Rent: 1,234.56 USD",
    ]
    assert "Income, Mar 2026: 1,000.50 EUR" in tooltips(parse(income_spending()))
    assert "Net worth, Jan 2026: −500.00 USD" in tooltips(parse(net_worth()))


def test_in_the_browser_each_figure_links_to_its_transactions():
    root = parse(category_chart())
    links = find_all(root, "a")

    assert [link.get("href") for link in links] == [
        "/transactions/?category=1&transfers=hide",
        "/transactions/?category=2",
        "/transactions/?category=3",
    ]
    assert "&amp;transfers=hide" in category_chart().svg  # the & escaped in the markup
    assert [link.get("href") for link in find_all(parse(income_spending()), "a")] == [
        "/i1", "/s1", "/i2", "/s2", "/i3",
    ]  # fmt: skip
    assert len(find_all(parse(net_worth()), "a")) == 3


def test_on_paper_the_values_are_printed_and_nothing_is_a_link():
    for make in ALL_CHARTS:
        assert find_all(parse(make(on_paper=True)), "a") == []

    assert {"200.00 USD", "100.00 USD", "1,234.56 USD"} <= set(texts(parse(category_chart(on_paper=True))))
    assert {"4,000.00", "2,000.00", "1,000.50", "3,000.00", "1,500.00"} <= set(
        texts(parse(income_spending(on_paper=True)))
    )
    assert {"−500.00", "250.25", "1,000.00"} <= set(texts(parse(net_worth(on_paper=True))))
    # In the browser the columns and points leave the numbers to the hover titles and the axis.
    assert "4,000.00" not in texts(parse(income_spending()))


def test_a_long_line_labels_its_ends_and_extremes_on_paper():
    values = [Decimal(v) for v in "10 20 30 5 40 90 35 30 25 20 15 12".split()]
    root = parse(
        lines(
            title="Groceries by month",
            labels=[f"M{i}" for i in range(12)],
            series=[Series("Groceries", "#e4572e", values)],
            currency="USD",
            on_paper=True,
        )
    )

    assert {"10.00", "5.00", "90.00", "12.00"} <= set(texts(root))
    assert "35.00" not in texts(root)


def test_bars_use_the_colors_they_are_given():
    root = parse(category_chart())
    assert [rect.get("fill") for rect in by_class(root, "rect", "chart-bar")] == ["#e4572e", "#2a9d8f", "#4361ee"]

    fills = {rect.get("fill") for rect in by_class(parse(income_spending()), "rect", "chart-bar")}
    assert fills == {INCOME_COLOR, SPENDING_COLOR}


def test_a_color_that_is_not_a_hex_color_is_not_written_into_the_markup():
    chart = bars(title="t", bars=[Bar("x", Decimal(1), 'red" onload="alert(1)')], currency="USD")
    assert "onload" not in chart.svg
    assert parse(chart)  # still well-formed


def test_labels_from_the_bank_are_escaped():
    nasty = '<script>alert("x")</script> & Co'
    chart = bars(title='Top "merchants" <b>', bars=[Bar(nasty, Decimal("9.99"), "#123456", "/t")], currency="USD")
    root = parse(chart)

    assert "<script>" not in chart.svg
    assert root.find("svg:title", NS).text == 'Top "merchants" <b>'
    assert tooltips(root)[0] == f"{nasty}: 9.99 USD"
    assert nasty in root.find("svg:desc", NS).text


def test_characters_xml_cannot_hold_are_dropped():
    root = parse(bars(title="t", bars=[Bar("ACME\x00\x1bSTORE", Decimal(5), "#123456")], currency="USD"))
    assert tooltips(root)[0] == "ACMESTORE: 5.00 USD"


def test_long_labels_are_cut_short_with_the_full_text_on_hover():
    label = "The Very Long Merchant Name Of A Department Store Downtown Branch 1234"
    root = parse(bars(title="t", bars=[Bar(label, Decimal(5), "#123456")], currency="USD"))
    shown = texts(root)[0]

    assert shown.endswith("…")
    assert label.startswith(shown[:-1])
    assert tooltips(root)[0] == f"{label}: 5.00 USD"


def test_the_description_gives_the_data_in_words():
    assert parse(category_chart()).find("svg:desc", NS).text == (
        "Groceries 200.00 USD (Previous month: 380.00 USD); Dining 100.00 USD (Previous month: 0.00 USD); "
        "Rent 1,234.56 USD."
    )
    assert parse(income_spending()).find("svg:desc", NS).text == (
        "Jan 2026: Income 4,000.00 EUR, Spending 3,000.00 EUR; Feb 2026: Income 2,000.00 EUR, Spending 1,500.00 EUR; "
        "Mar 2026: Income 1,000.50 EUR, Spending no value."
    )
    assert parse(net_worth()).find("svg:desc", NS).text == (
        "Net worth: Jan 2026 −500.00 USD, Feb 2026 250.25 USD, Mar 2026 1,000.00 USD."
    )


def test_two_charts_on_one_page_do_not_share_ids():
    first, second = parse(category_chart()), parse(category_chart())
    ids = [element.get("id") for root in (first, second) for element in root.iter() if element.get("id")]

    assert len(ids) == len(set(ids)) == 6  # svg, title and desc of each


def test_a_legend_names_the_series_when_there_are_several():
    assert {"Income", "Spending"} <= set(texts(parse(income_spending())))
    assert "Net worth" not in texts(parse(net_worth()))  # one line: the chart's title says it


def test_columns_stand_on_the_baseline_in_proportion():
    root = parse(income_spending())
    columns_drawn = by_class(root, "rect", "chart-bar")
    heights = [Decimal(rect.get("height")) for rect in columns_drawn]
    bottoms = {Decimal(rect.get("y")) + Decimal(rect.get("height")) for rect in columns_drawn}

    assert len(bottoms) == 1  # every column starts from the same zero line
    jan_income, jan_spending, feb_income = heights[:3]
    assert jan_income == 2 * feb_income
    assert jan_spending * 4 == jan_income * 3


def test_the_y_axis_has_a_few_round_gridlines():
    ticks = [text for text in texts(parse(income_spending())) if re.fullmatch(r"[\d.]+k?", text)]
    assert ticks == ["0", "1k", "2k", "3k", "4k"]


def test_negative_values_fall_below_the_zero_line():
    root = parse(net_worth())
    zero = by_class(root, "line", "chart-zero")
    assert len(zero) == 1
    zero_y = Decimal(zero[0].get("y1"))
    below_zero, above_zero, top = (Decimal(point.get("cy")) for point in by_class(root, "circle", "chart-point"))

    assert below_zero > zero_y > above_zero > top  # SVG's y grows downwards
    assert "−500.00" not in texts(root)


def test_no_zero_line_when_every_value_is_positive():
    root = parse(
        lines(title="t", labels=MONTHS, series=[Series("s", NET_COLOR, [Decimal(5), Decimal(9), None])], currency="USD")
    )
    assert by_class(root, "line", "chart-zero") == []
    assert len(by_class(root, "circle", "chart-point")) == 2  # the missing month is a gap, not a zero


def test_a_negative_bar_is_drawn_empty_with_its_value_shown():
    root = parse(
        bars(
            title="t",
            bars=[Bar("Refunds", Decimal("-20"), "#123456"), Bar("Food", Decimal(40), "#654321")],
            currency="USD",
        )
    )
    assert by_class(root, "rect", "chart-bar")[0].get("width") == "0"
    assert "−20.00 USD" in texts(root)


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bars(title="Top merchants", bars=[], currency="USD"),
        lambda: columns(
            title="Top merchants", labels=MONTHS, series=[Series("s", NET_COLOR, [0, 0, None])], currency="USD"
        ),
        lambda: lines(title="Top merchants", labels=[], series=[], currency="USD"),
    ],
)
def test_an_empty_chart_says_so(chart):
    root = parse(chart())
    assert texts(root) == ["No data for this period"]
    assert root.find("svg:title", NS).text == "Top merchants"
    assert root.get("role") == "img"


def test_money_is_never_taken_as_float():
    with pytest.raises(TypeError):
        bars(title="t", bars=[Bar("x", 1.5, "#123456")], currency="USD")


def test_a_sparkline_rises_with_the_balance_and_tells_its_values():
    chart = sparkline(
        title="Savings, balance at each month end",
        labels=MONTHS,
        values=[Decimal("100.00"), Decimal("300.00"), Decimal("200.00")],
        currency="USD",
    )
    root = parse(chart)
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", find_all(root, "path")[0].get("d"))]
    assert ys[1] < ys[2] < ys[0], "a higher balance is drawn higher"
    assert find_all(root, "title")[0].text == (
        "Savings, balance at each month end: 100.00 USD (Jan 2026) to 200.00 USD (Mar 2026)"
    )
    assert "Feb 2026 300.00 USD" in find_all(root, "desc")[0].text


def test_a_single_balance_draws_no_sparkline():
    assert sparkline(title="New", labels=["Today"], values=[Decimal("5.00")], currency="USD").svg == ""
