"""SVG charts made in Python, for the dashboard, the Trends page and the PDF reports.

One module draws every chart so they look and behave the same everywhere. The markup keeps to basic SVG
(rect, line, path, circle, text, g, a, title, desc) with colors as presentation attributes, so WeasyPrint
renders it as well as a browser does; `class` attributes only hook browser extras (hover, focus) in the
stylesheet. In the browser every bar, column and point carries a `<title>` (a tooltip without JavaScript)
and links to the transactions behind it; on paper (`on_paper=True`) values are printed as text and links are
left out.

Money is scaled with Decimal, never float; coordinates are rounded to one decimal place.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape as _sax_escape

from django.utils.safestring import mark_safe

__all__ = [
    "INCOME_COLOR",
    "NET_COLOR",
    "NEUTRAL_COLOR",
    "SPENDING_COLOR",
    "Bar",
    "Chart",
    "Series",
    "bars",
    "columns",
    "lines",
]

# The colors of the three figures every page shows; categories bring their own (Category.color).
INCOME_COLOR = "#15803d"
SPENDING_COLOR = "#dc2626"
NET_COLOR = "#1f4f8f"
# For a color that is missing or not "#rrggbb" (and a sensible choice for uncategorized spending).
NEUTRAL_COLOR = "#8a94a3"

NO_DATA = "No data for this period"

_TEXT = "#17202b"
_MUTED = "#4f5b68"
_GRID = "#e3e8ee"
_AXIS = "#9aa5b1"
_FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', "
    "'DejaVu Sans', Arial, sans-serif"
)
_WIDTH = 640  # viewBox width: about one CSS pixel per unit at the PDF's 170 mm text width
_LABEL_SIZE = 13
_SMALL_SIZE = 12  # the smallest text drawn: 11.3 px or more at 170 mm
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
# Characters XML 1.0 does not allow; bank descriptors occasionally carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Chart:
    """A finished chart: `{{ chart }}` in a template inserts the SVG markup as it is."""

    title: str
    svg: str  # a complete <svg> element

    def __html__(self) -> str:
        return self.svg

    def __str__(self) -> str:
        # A template turns a value into a string before it looks for __html__; every label in it is escaped.
        return mark_safe(self.svg)  # noqa: S308


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a category, a merchant, an account."""

    label: str
    value: Decimal  # drawn when > 0; a negative value is drawn as an empty bar with its value still shown
    color: str  # "#rrggbb" (Category.color for categories)
    url: str = ""  # the transactions behind it: the row links there in the browser
    compare: Decimal | None = None  # e.g. the previous period or the budget: a marker on the row


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[Decimal | None]  # None = no value (a gap)
    urls: list[str] | None = None  # per point/column link, optional


# Text: escaping, measuring, fitting ------------------------------------------------------------------------------


def _esc(text: object) -> str:
    """Text or attribute value, escaped for XML (and so for HTML), with characters XML cannot hold removed."""
    return _sax_escape(_NOT_XML.sub("", str(text)), {'"': "&quot;"})


def _char_width(char: str) -> int:
    """A character's advance in thousandths of an em: on the wide side (DejaVu Sans, the usual Linux system
    font), so text never runs out of the room given to it with narrower fonts either."""
    if char in " .,:;'|!il":
        return 330
    if char in "fjtrI()[]-/":
        return 420
    if char in "mwMW@%":
        return 940
    if char.isdigit():
        return 640
    if char.isupper() or char in "&#":
        return 730
    return 620


def _text_width(text: str, size: int) -> Decimal:
    return Decimal(sum(_char_width(char) for char in text)) * size / 1000


def _fit(text: str, width: Decimal, size: int) -> str:
    """The text, cut short with an ellipsis if it would be wider than `width`."""
    text = " ".join(text.split())
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip(" ,.-–") + "…"


# Numbers ----------------------------------------------------------------------------------------------------------


def _decimal(value: Decimal | int) -> Decimal:
    if isinstance(value, float):
        raise TypeError("charts take Decimal amounts, never float")
    return Decimal(value)


def _amount(value: Decimal) -> str:
    """1,234.56 — a typographic minus for money out."""
    value = _decimal(value).quantize(_CENT, ROUND_HALF_UP)
    return ("−" if value < 0 else "") + f"{abs(value):,.2f}"


def _money(value: Decimal, currency: str) -> str:
    """1,234.56 USD"""
    return f"{_amount(value)} {currency}"


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _compact(value: Decimal) -> str:
    """An axis tick: 0, 250, 1.5k, 12k, 2.25M."""
    sign = "−" if value < 0 else ""
    size = abs(value)
    for limit, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k")):
        if size >= limit:
            return sign + _trim((size / limit).quantize(_CENT, ROUND_HALF_UP)) + suffix
    return sign + _trim(size.quantize(_CENT, ROUND_HALF_UP))


def _c(value: Decimal | int) -> str:
    """A coordinate, rounded to one decimal place."""
    return _trim(Decimal(value).quantize(_TENTH, ROUND_HALF_UP)) or "0"


def _nice_scale(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(bottom, top, step): round bounds around low..high, 2 to 5 steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high == low:
        if high == 0:
            high = Decimal(100)
        elif high > 0:
            low = Decimal(0)
        else:
            high = Decimal(0)
    raw = max((high - low) / 4, _CENT)  # no steps finer than a cent
    magnitude = Decimal(1).scaleb(raw.adjusted())
    candidates = [nice * magnitude for nice in _NICE_STEPS] + [nice * magnitude * 10 for nice in _NICE_STEPS[1:]]
    for step in candidates:
        if step < raw:
            continue
        bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
        top = (high / step).to_integral_value(ROUND_CEILING) * step
        if (top - bottom) / step <= 5:
            return bottom, top, step
    raise AssertionError("unreachable: a step of 10x the raw step always fits")  # pragma: no cover


def _color(color: str) -> str:
    return color if _HEX_COLOR.fullmatch(color or "") else NEUTRAL_COLOR


def _safe_url(url: str | None) -> str:
    """Only links within the site or to http(s); anything else (javascript:) is not linked."""
    if url and (url.startswith("/") or url.startswith(("https://", "http://"))) and not url.startswith("//"):
        return url
    return ""


# Building blocks -------------------------------------------------------------------------------------------------


def _text(
    x, y, text: str, *, size: int = _SMALL_SIZE, anchor: str = "start", fill: str = _TEXT, extra: str = ""
) -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_c(x)}" y="{_c(y)}" font-size="{size}" fill="{fill}"{anchor_attr}{extra}>{_esc(text)}</text>'


def _item(inner: str, *, tooltip: str, url: str, on_paper: bool, css: str) -> str:
    """One bar, column or point: a link to its transactions in the browser, with its value as a tooltip."""
    url = "" if on_paper else _safe_url(url)
    body = f"<title>{_esc(tooltip)}</title>{inner}"
    if url:
        return f'<a href="{_esc(url)}" class="chart-link {css}">{body}</a>'
    return f'<g class="{css}">{body}</g>'


def _legend(entries: list[tuple[str, str, str]], *, x: Decimal, y: Decimal, right: Decimal) -> tuple[str, Decimal]:
    """Entries (kind "box" or "tick", color, name) flowing left to right; returns (markup, height used)."""
    parts = []
    line_height = Decimal(20)
    cursor, top = x, y
    for kind, color, name in entries:
        name = _fit(name, Decimal(200), _SMALL_SIZE)
        width = 16 + _text_width(name, _SMALL_SIZE) + 18
        if cursor > x and cursor + width > right:
            cursor, top = x, top + line_height
        middle = top + 7
        if kind == "tick":
            parts.append(
                f'<line x1="{_c(cursor + 5)}" y1="{_c(middle - 7)}" x2="{_c(cursor + 5)}" y2="{_c(middle + 7)}" '
                f'stroke="{color}" stroke-width="2.5"/>'
            )
        elif kind == "line":
            parts.append(
                f'<line x1="{_c(cursor)}" y1="{_c(middle)}" x2="{_c(cursor + 12)}" y2="{_c(middle)}" '
                f'stroke="{color}" stroke-width="3" stroke-linecap="round"/>'
            )
        else:
            parts.append(
                f'<rect x="{_c(cursor)}" y="{_c(middle - 6)}" width="12" height="12" rx="2.5" fill="{color}"/>'
            )
        parts.append(_text(cursor + 17, middle + 4, name, fill=_TEXT))
        cursor += width
    return f'<g class="chart-legend">{"".join(parts)}</g>', top + line_height - y


def _svg(*, title: str, desc: str, height: Decimal, body: str, kind: str) -> Chart:
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart chart--{kind}" width="100%" '
        f'viewBox="0 0 {_WIDTH} {_c(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{_esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{_esc(desc)}</desc>'
        f'<g font-family="{_FONT}">{body}</g>'
        "</svg>"
    )
    return Chart(title=title, svg=svg)


def _empty(title: str, kind: str) -> Chart:
    height = Decimal(96)
    body = f'<rect x="0.5" y="0.5" width="{_WIDTH - 1}" height="95" rx="8" fill="#f8fafb" stroke="{_GRID}"/>' + _text(
        _WIDTH // 2, 53, NO_DATA, size=_LABEL_SIZE, anchor="middle", fill=_MUTED
    )
    return _svg(title=title, desc=NO_DATA + ".", height=height, body=body, kind=f"{kind} chart--empty")


def _x_labels(labels: list[str], centers: list[Decimal], slot: Decimal, y: Decimal) -> tuple[str, Decimal]:
    """Category labels under a plot: on one line, or two (split at the last space), or every n-th one when
    they would collide. Returns (markup, height used)."""

    def label(x: Decimal, text: str, line_y: Decimal) -> str:
        half = _text_width(text, _SMALL_SIZE) / 2  # kept inside the chart at its edges
        return _text(min(max(x, half + 1), _WIDTH - half - 1), line_y, text, anchor="middle", fill=_MUTED)

    room = slot - 4
    widths = [_text_width(text, _SMALL_SIZE) for text in labels]
    line = Decimal(15)
    if all(width <= room for width in widths):
        return "".join(label(x, text, y + 12) for text, x in zip(labels, centers, strict=True)), line + 4
    halves = [text.rsplit(" ", 1) if " " in text else [text, ""] for text in labels]
    if all(max(_text_width(part, _SMALL_SIZE) for part in half) <= room for half in halves):
        markup = [
            label(x, first, y + 12) + (label(x, second, y + 12 + line) if second else "")
            for (first, second), x in zip(halves, centers, strict=True)
        ]
        return "".join(markup), 2 * line + 4
    every = max(1, math.ceil(max(widths) / slot))
    every = min(every, max(1, len(labels) - 1))
    markup = [
        label(x, _fit(text, slot * every - 6, _SMALL_SIZE), y + 12)
        for index, (text, x) in enumerate(zip(labels, centers, strict=True))
        if index % every == 0
    ]
    return "".join(markup), line + 4


def _y_axis(
    bottom: Decimal, top: Decimal, step: Decimal, *, scale_y, left: Decimal, right: Decimal, currency: str
) -> str:
    """Gridlines with compact tick labels, the currency over them; the zero line drawn stronger."""
    parts = [_text(0, scale_y(top) - 12, currency, size=_SMALL_SIZE, fill=_MUTED)]
    tick = bottom
    while tick <= top:
        y = scale_y(tick)
        is_zero = tick == 0 or tick == bottom
        css = "chart-zero" if tick == 0 else "chart-grid"
        parts.append(
            f'<line class="{css}" x1="{_c(left)}" y1="{_c(y)}" x2="{_c(right)}" y2="{_c(y)}" '
            f'stroke="{_AXIS if is_zero else _GRID}" stroke-width="{1.5 if tick == 0 else 1}"/>'
        )
        parts.append(_text(left - 8, y + 4, _compact(tick), anchor="end", fill=_MUTED))
        tick += step
    return "".join(parts)


# Horizontal bars ---------------------------------------------------------------------------------------------------


def bars(*, title: str, bars: list[Bar], currency: str, compare_label: str = "", on_paper: bool = False) -> Chart:
    """Horizontal bars, one row per Bar: label on the left, value on the right of each bar, a marker for
    `compare` (named by `compare_label` in the legend)."""
    if not bars:
        return _empty(title, "bars")
    compare_name = compare_label or "Comparison"
    has_compare = any(bar.compare is not None for bar in bars)

    row_height, bar_height = Decimal(30), Decimal(16)
    longest_label = max(_text_width(bar.label, _LABEL_SIZE) for bar in bars)
    label_width = min(max(longest_label + 14, Decimal(90)), Decimal(200))
    value_texts = [_money(bar.value, currency) for bar in bars]
    value_width = max(_text_width(text, _SMALL_SIZE) for text in value_texts) + 10
    track_start = label_width
    track_length = _WIDTH - track_start - value_width

    most = max([bar.value for bar in bars] + [bar.compare for bar in bars if bar.compare is not None])
    most = most if most > 0 else Decimal(1)

    def length(value: Decimal) -> Decimal:
        return max(_decimal(value), Decimal(0)) * track_length / most

    parts = []
    top = Decimal(2)
    if has_compare:
        legend, used = _legend([("tick", _TEXT, compare_name)], x=track_start, y=top, right=Decimal(_WIDTH))
        parts.append(legend)
        top += used + 4

    for index, (bar, value_text) in enumerate(zip(bars, value_texts, strict=True)):
        row_top = top + index * row_height
        bar_top = row_top + (row_height - bar_height) / 2
        baseline = row_top + row_height / 2 + Decimal("4.5")
        bar_end = track_start + length(bar.value)
        tooltip = f"{' '.join(bar.label.split())}: {value_text}"
        inner = []
        if not on_paper:
            inner.append(
                f'<rect class="chart-hit" x="0" y="{_c(row_top)}" width="{_WIDTH}" height="{_c(row_height)}" '
                'fill="#000000" fill-opacity="0"/>'
            )
        inner.append(
            _text(track_start - 10, baseline, _fit(bar.label, label_width - 12, _LABEL_SIZE), size=_LABEL_SIZE,
                  anchor="end")
        )  # fmt: skip
        inner.append(
            f'<rect class="chart-bar" x="{_c(track_start)}" y="{_c(bar_top)}" width="{_c(bar_end - track_start)}" '
            f'height="{_c(bar_height)}" rx="3" fill="{_color(bar.color)}"/>'
        )
        value_x = bar_end
        if bar.compare is not None:
            compare_x = track_start + length(bar.compare)
            tooltip += f"; {compare_name}: {_money(bar.compare, currency)}"
            inner.append(
                f'<line class="chart-compare" x1="{_c(compare_x)}" y1="{_c(bar_top - 4)}" x2="{_c(compare_x)}" '
                f'y2="{_c(bar_top + bar_height + 4)}" stroke="{_TEXT}" stroke-width="2.5"/>'
            )
            value_x = max(value_x, compare_x + 1)
        inner.append(_text(value_x + 6, baseline, value_text, fill=_TEXT, extra=' class="chart-value"'))
        parts.append(_item("".join(inner), tooltip=tooltip, url=bar.url, on_paper=on_paper, css="chart-row"))

    height = top + len(bars) * row_height + 2
    desc = (
        "; ".join(
            f"{' '.join(bar.label.split())} {text}"
            + (f" ({compare_name}: {_money(bar.compare, currency)})" if bar.compare is not None else "")
            for bar, text in zip(bars, value_texts, strict=True)
        )
        + "."
    )
    return _svg(title=title, desc=desc, height=height, body="".join(parts), kind="bars")


# Shared frame for columns and lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    left: Decimal
    right: Decimal
    plot_top: Decimal
    plot_bottom: Decimal
    bottom: Decimal
    top: Decimal

    def y(self, value: Decimal) -> Decimal:
        span = self.top - self.bottom
        return self.plot_bottom - (value - self.bottom) * (self.plot_bottom - self.plot_top) / span


_PLOT_HEIGHT = Decimal(200)
_LEFT = Decimal(52)


def _legend_for(series: list[Series], kind: str) -> tuple[str, Decimal]:
    if len(series) < 2:
        return "", Decimal(0)
    entries = [(kind, _color(item.color), item.name) for item in series]
    return _legend(entries, x=_LEFT, y=Decimal(2), right=Decimal(_WIDTH))


def _series_desc(labels: list[str], series: list[Series], currency: str) -> str:
    def said(value: Decimal | None) -> str:
        return "no value" if value is None else _money(value, currency)

    if len(series) == 1:
        only = series[0]
        return (
            f"{only.name}: "
            + ", ".join(f"{label} {said(_value_at(only, index))}" for index, label in enumerate(labels))
            + "."
        )
    return (
        "; ".join(
            f"{label}: " + ", ".join(f"{item.name} {said(_value_at(item, index))}" for item in series)
            for index, label in enumerate(labels)
        )
        + "."
    )


def _value_at(series: Series, index: int) -> Decimal | None:
    return series.values[index] if index < len(series.values) else None


def _url_at(series: Series, index: int) -> str:
    return series.urls[index] if series.urls and index < len(series.urls) else ""


# Vertical columns --------------------------------------------------------------------------------------------------


def columns(*, title: str, labels: list[str], series: list[Series], currency: str, on_paper: bool = False) -> Chart:
    """Grouped vertical columns, one group per label (e.g. 12 months of income and spending). Values are
    amounts >= 0 (a negative one is drawn as nothing and still named in its tooltip)."""
    values = [value for item in series for value in item.values[: len(labels)] if value is not None]
    if not labels or not series or not any(value != 0 for value in values):
        return _empty(title, "columns")

    parts = []
    legend, legend_height = _legend_for(series, "box")
    parts.append(legend)

    right = Decimal(_WIDTH - 4)
    slot = (right - _LEFT) / len(labels)
    group = min(slot * Decimal("0.72"), Decimal(26) * len(series) + 4 * (len(series) - 1))
    gap = Decimal(3) if len(series) > 1 and group / len(series) > 8 else Decimal(0)
    column_width = (group - gap * (len(series) - 1)) / len(series)

    # On paper the values go atop the columns: level when they fit, else turned upright (which takes headroom).
    label_texts = {
        (s, i): _amount(value)
        for s, item in enumerate(series)
        for i, value in enumerate(item.values[: len(labels)])
        if value is not None and value > 0
    }
    upright = on_paper and any(_text_width(text, 11) > column_width + gap for text in label_texts.values())
    bottom, top, step = _nice_scale(Decimal(0), max(values))
    headroom = Decimal(22)
    if on_paper and label_texts:
        # Room over the plot for the labels of the tallest columns, beyond the gap their bars leave.
        needed = [
            (_text_width(text, 11) + 6 if upright else Decimal(17))
            - (top - _value_at(series[s], i)) * _PLOT_HEIGHT / (top - bottom)
            for (s, i), text in label_texts.items()
        ]
        headroom += max(max(needed) - headroom + 8, Decimal(0))
    frame = _Frame(
        left=_LEFT,
        right=right,
        plot_top=legend_height + headroom,
        plot_bottom=legend_height + headroom + _PLOT_HEIGHT,
        bottom=bottom,
        top=top,
    )
    parts.append(_y_axis(bottom, top, step, scale_y=frame.y, left=_LEFT, right=right, currency=currency))

    centers = [_LEFT + slot * index + slot / 2 for index in range(len(labels))]
    for index, (label, center) in enumerate(zip(labels, centers, strict=True)):
        start = center - group / 2
        for s, item in enumerate(series):
            value = _value_at(item, index)
            if value is None:
                continue
            x = start + s * (column_width + gap)
            shown = max(_decimal(value), Decimal(0))
            column_top = frame.y(shown)
            column_height = frame.plot_bottom - column_top
            if shown > 0 and column_height < 1:
                column_top, column_height = frame.plot_bottom - 1, Decimal(1)
            inner = []
            if not on_paper:
                inner.append(
                    f'<rect class="chart-hit" x="{_c(x)}" y="{_c(frame.plot_top)}" width="{_c(column_width)}" '
                    f'height="{_c(_PLOT_HEIGHT)}" fill="#000000" fill-opacity="0"/>'
                )
            inner.append(
                f'<rect class="chart-bar" x="{_c(x)}" y="{_c(column_top)}" width="{_c(column_width)}" '
                f'height="{_c(column_height)}" rx="2" fill="{_color(item.color)}"/>'
            )
            text = label_texts.get((s, index))
            if on_paper and text:
                middle = x + column_width / 2
                if upright:
                    inner.append(
                        f'<text transform="translate({_c(middle + 4)} {_c(column_top - 4)}) rotate(-90)" x="0" '
                        f'y="0" font-size="11" fill="{_TEXT}" class="chart-value">{_esc(text)}</text>'
                    )
                else:
                    inner.append(_text(middle, column_top - 5, text, size=11, anchor="middle"))
            tooltip = f"{item.name}, {label}: {_money(value, currency)}"
            parts.append(
                _item("".join(inner), tooltip=tooltip, url=_url_at(item, index), on_paper=on_paper, css="chart-column")
            )

    axis_labels, used = _x_labels(labels, centers, slot, frame.plot_bottom)
    parts.append(axis_labels)
    height = frame.plot_bottom + used
    desc = _series_desc(labels, series, currency)
    return _svg(title=title, desc=desc, height=height, body="".join(parts), kind="columns")


# Lines -------------------------------------------------------------------------------------------------------------


def _labelled_points(values: list[Decimal | None], many: bool) -> set[int]:
    """Which points get their value printed on paper: all of them when few, else first, last, lowest, highest."""
    present = [index for index, value in enumerate(values) if value is not None]
    if not present:
        return set()
    if not many:
        return set(present)
    lowest = min(present, key=lambda index: values[index])
    highest = max(present, key=lambda index: values[index])
    return {present[0], present[-1], lowest, highest}


def _overlap(one: tuple[Decimal, ...], other: tuple[Decimal, ...]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def lines(*, title: str, labels: list[str], series: list[Series], currency: str, on_paper: bool = False) -> Chart:
    """One line per series over the labels (net worth over month ends, which can be negative; categories over
    months). A gap where a value is None; the zero line drawn when the values cross zero."""
    values = [value for item in series for value in item.values[: len(labels)] if value is not None]
    if not labels or not values:
        return _empty(title, "lines")

    parts = []
    legend, legend_height = _legend_for(series, "line")
    parts.append(legend)

    right = Decimal(_WIDTH - 4)
    headroom = Decimal(22) + (12 if on_paper else 0)
    bottom, top, step = _nice_scale(min(map(_decimal, values)), max(map(_decimal, values)))
    frame = _Frame(
        left=_LEFT,
        right=right,
        plot_top=legend_height + headroom,
        plot_bottom=legend_height + headroom + _PLOT_HEIGHT,
        bottom=bottom,
        top=top,
    )
    parts.append(_y_axis(bottom, top, step, scale_y=frame.y, left=_LEFT, right=right, currency=currency))

    inset = Decimal(14)
    if len(labels) == 1:
        xs = [(_LEFT + right) / 2]
        slot = right - _LEFT
    else:
        spacing = (right - _LEFT - 2 * inset) / (len(labels) - 1)
        xs = [_LEFT + inset + spacing * index for index in range(len(labels))]
        slot = spacing

    many = len(labels) > 7 or len(series) > 1
    placed: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []  # value labels so far, not to be overprinted
    for item in series:
        color = _color(item.color)
        points = [(x, _value_at(item, index)) for index, x in enumerate(xs)]
        # The line, broken where a value is missing.
        path, pen_down = [], False
        for x, value in points:
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_c(x)} {_c(frame.y(_decimal(value)))}")
            pen_down = True
        parts.append(
            f'<path class="chart-line" d="{" ".join(path)}" fill="none" stroke="{color}" stroke-width="2.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        labelled = _labelled_points(item.values[: len(labels)], many) if on_paper else set()
        lowest = min((v for v in item.values[: len(labels)] if v is not None), default=None)
        for index, (x, value) in enumerate(points):
            if value is None:
                continue
            y = frame.y(_decimal(value))
            inner = []
            if not on_paper:
                inner.append(
                    f'<circle class="chart-hit" cx="{_c(x)}" cy="{_c(y)}" r="10" fill="#000000" fill-opacity="0"/>'
                )
            inner.append(
                f'<circle class="chart-point" cx="{_c(x)}" cy="{_c(y)}" r="3.5" fill="{color}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
            if index in labelled:
                text = _amount(value)
                half = _text_width(text, 11) / 2
                text_x = min(max(x, _LEFT + half), right - half)
                below = len(series) == 1 and value == lowest and len(labelled) > 1 and y + 17 < frame.plot_bottom - 2
                text_y = y + 17 if below else y - 9
                box = (text_x - half - 2, text_y - 11, text_x + half + 2, text_y + 2)
                if not any(_overlap(box, other) for other in placed):
                    placed.append(box)
                    inner.append(_text(text_x, text_y, text, size=11, anchor="middle", extra=' class="chart-value"'))
            tooltip = f"{item.name}, {labels[index]}: {_money(value, currency)}"
            parts.append(
                _item("".join(inner), tooltip=tooltip, url=_url_at(item, index), on_paper=on_paper, css="chart-mark")
            )

    axis_labels, used = _x_labels(labels, xs, slot, frame.plot_bottom)
    parts.append(axis_labels)
    height = frame.plot_bottom + used
    desc = _series_desc(labels, series, currency)
    return _svg(title=title, desc=desc, height=height, body="".join(parts), kind="lines")


# Sparklines ------------------------------------------------------------------------------------------------------

_SPARK_WIDTH, _SPARK_HEIGHT = 120, 32


def sparkline(*, title: str, labels: list[str], values: list[Decimal], currency: str, color: str = NET_COLOR) -> Chart:
    """A small line without axes, beside a figure (an account's balance at each month end): its first and last
    values are in its title (shown on hover), all of them in its description. Fewer than two values draw nothing."""
    if len(values) < 2:
        return Chart(title=title, svg="")
    low, high = min(map(_decimal, values)), max(map(_decimal, values))
    span = (high - low) or Decimal(1)
    inner_width, inner_height = Decimal(_SPARK_WIDTH - 6), Decimal(_SPARK_HEIGHT - 8)
    points = [
        (3 + inner_width * index / (len(values) - 1), 4 + inner_height - inner_height * (_decimal(value) - low) / span)
        for index, value in enumerate(values)
    ]
    path = " ".join(f"{'L' if index else 'M'}{_c(x)} {_c(y)}" for index, (x, y) in enumerate(points))
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    said = f"{title}: {_money(values[0], currency)} ({labels[0]}) to {_money(values[-1], currency)} ({labels[-1]})"
    desc = ", ".join(f"{label} {_money(value, currency)}" for label, value in zip(labels, values, strict=True))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart chart--sparkline" '
        f'width="{_SPARK_WIDTH}" height="{_SPARK_HEIGHT}" viewBox="0 0 {_SPARK_WIDTH} {_SPARK_HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{_esc(said)}</title><desc id="{chart_id}-desc">{_esc(desc)}.</desc>'
        f'<path d="{path}" fill="none" stroke="{_color(color)}" stroke-width="1.75" stroke-linejoin="round" '
        'stroke-linecap="round"/>'
        f'<circle cx="{_c(points[-1][0])}" cy="{_c(points[-1][1])}" r="2.5" fill="{_color(color)}"/>'
        "</svg>"
    )
    return Chart(title=title, svg=svg)
