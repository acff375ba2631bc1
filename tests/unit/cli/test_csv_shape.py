"""A bulk-import CSV whose quotes do not add up is refused at the line the bad record starts."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from s200desk.cli.csv_import import read_plan

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
HEADER = "platform,account,text,media,scheduled_for,options\n"


def plan_of(tmp_path: Path, body: str) -> object:
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return read_plan(path, zone="UTC", rules=None, now=NOW)


def test_a_quote_left_open_is_refused_where_it_starts(tmp_path: Path) -> None:
    # The reported file: the three rows used to become ONE post with no time, sent at once.
    plan = plan_of(tmp_path, (
        'x,@lumenstudio,"oops unterminated,,2030-12-22 09:00,\n'
        "x,@lumenstudio,second,,2030-12-23 09:00,\n"
        "x,@lumenstudio,third,,2030-12-24 09:00,\n"
    ))  # fmt: skip
    assert plan.specs == []
    (error,) = plan.errors
    assert (error.row, error.column) == (2, "text")
    assert "never closed" in error.message and "line 2" in error.message


def test_a_caption_that_swallowed_rows_is_refused(tmp_path: Path) -> None:
    # The quote is closed at last, three lines later: the rows in between are not a caption.
    plan = plan_of(tmp_path, (
        "x,@lumenstudio,first,,2030-12-21 09:00,\n"
        'x,@lumenstudio,"oops,,2030-12-22 09:00,\n'
        "x,@lumenstudio,second,,2030-12-23 09:00,\n"
        'x,@lumenstudio,third",,2030-12-24 09:00,\n'
    ))  # fmt: skip
    assert plan.specs == []
    (error,) = plan.errors
    assert error.row == 3 and error.column == "text"
    assert "line 3" in error.message and "line 4" in error.message
    assert "looks like a row" in error.message


def test_a_stray_quote_after_a_closed_one_is_refused(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, 'x,@lumenstudio,"quoted" and more,,2030-12-22 09:00,\n')
    assert plan.specs == [] and plan.errors[0].row == 2
    assert "stray quote" in plan.errors[0].message


def test_quoted_multi_line_captions_stay_valid(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER.strip().split(","))
        writer.writerow(["x", "@lumenstudio", 'line one\n"quoted", line two\n\nx, y', "",
                         "2030-12-22 09:00", ""])  # fmt: skip
        writer.writerow(["linkedin", "@lumenstudio", "second", "", "2030-12-23 09:00", ""])
    plan = read_plan(path, zone="UTC", rules=None, now=NOW)
    assert plan.errors == []
    assert [(row, spec.text) for row, spec in plan.specs] == [
        (2, 'line one\n"quoted", line two\n\nx, y'),
        (3, "second"),
    ]


def test_an_oversized_cell_is_a_problem_with_a_line_not_a_crash(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, "x,@lumenstudio,ok,,2030-12-22 09:00,\nx,@a," + "a" * 200_000 + "\n")
    assert plan.specs == []
    (error,) = plan.errors
    assert error.row == 3 and "longer than 131,072 characters" in error.message


def test_rows_without_a_time_among_timed_ones_are_marked(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, (
        "x,@lumenstudio,timed,,2030-12-22 09:00,\n"
        "x,@lumenstudio,untimed,,,\n"
        "linkedin,@lumenstudio,also untimed,,,\n"
    ))  # fmt: skip
    assert plan.errors == [] and len(plan.specs) == 3
    assert plan.untimed_rows == [3, 4]
    # A file where no row has a time means "now" for all of them: nothing to ask.
    assert plan_of(tmp_path, "x,@lumenstudio,a,,,\nx,@lumenstudio,b,,,\n").untimed_rows == []
