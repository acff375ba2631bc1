"""The CSV reader's properties over 10,000 generated files each: on demand, not in the suite.

    .venv/bin/python -m pytest -q -p no:cacheprovider -m perf tests/perf/test_csv_properties_perf.py

(tests/perf is outside the suite's collection; the suite runs the same properties with 300
examples in tests/unit/cli/test_csv_properties.py.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from csv_properties import check_any_text, check_plan, check_round_trip, csvish, line_ends, rows
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.perf

THOROUGH = settings(
    max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@THOROUGH
@given(rows, line_ends)
def test_rows_written_by_the_stdlib_writer_come_back_the_same(
    rows_: list[list[str]], line_end: str
) -> None:
    check_round_trip(rows_, line_end)


@THOROUGH
@given(csvish)
def test_any_text_gives_rows_or_an_error_naming_a_line(text: str) -> None:
    check_any_text(text)


@THOROUGH
@given(csvish)
def test_any_text_gives_a_plan_with_problems_named_by_row(text: str) -> None:
    with tempfile.TemporaryDirectory() as base:
        check_plan(text, Path(base))
