"""What every scenario shares: its figures, timing helpers, and the bench database and people."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One printed line: a measurement beside its baseline, measured in the same run."""

    name: str  # what was measured, in words: "initial sync of 100,000 transactions"
    value: float
    unit: str  # "tx/s", "ms", "s", "MB", "queries", ...
    baseline: str  # what it is compared with, with its value: "raw COPY: 45,000 tx/s"
    ratio: float  # value / baseline (or baseline / value for times: say which in `baseline`)
    target: str = ""  # "ratio >= 0.5", "p95 < 100 ms"; "" when there is none
    met: bool | None = None  # None when there is no target


@dataclass
class Section:
    """A scenario's result: `results` goes to bench/results.json under `key`; `figures` are printed."""

    key: str
    results: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (nearest rank above), as a page's p50/p95 are usually read."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def database_url() -> str:
    """The bench database's URL, for the worker processes a scenario starts (set by the runner)."""
    return os.environ["DATABASE_URL"]
