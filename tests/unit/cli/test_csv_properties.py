"""The CSV reader's properties over a few hundred generated files each (the 10,000-example run
is tests/perf/test_csv_properties_perf.py, on demand)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from csv_properties import check_any_text, check_plan, check_round_trip, csvish, line_ends, rows
from hypothesis import given, settings

SUITE = settings(max_examples=300, deadline=None)


@SUITE
@given(rows, line_ends)
def test_rows_written_by_the_stdlib_writer_come_back_the_same(
    rows_: list[list[str]], line_end: str
) -> None:
    check_round_trip(rows_, line_end)


@SUITE
@given(csvish)
def test_any_text_gives_rows_or_an_error_naming_a_line(text: str) -> None:
    check_any_text(text)


@SUITE
@given(csvish)
def test_any_text_gives_a_plan_with_problems_named_by_row(text: str) -> None:
    with tempfile.TemporaryDirectory() as base:
        check_plan(text, Path(base))
