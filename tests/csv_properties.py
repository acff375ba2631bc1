"""Properties of the bulk-import CSV reader, shared by the suite (a few hundred examples,
tests/unit/cli/test_csv_properties.py) and the on-demand run with 10,000
(tests/perf/test_csv_properties_perf.py)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import strategies as st

from s200desk.cli.csv_import import plan_from_bytes
from s200desk.cli.csv_records import CsvShapeError, read_records
from s200desk.services.outbox.model import PLATFORMS

HEADER = ["platform", "account", "text", "media", "scheduled_for", "options"]
NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)  # what "now" is for the rows' times


def physical_lines(text: str) -> list[str]:
    """The file's lines as a text editor (and the reader) counts them: \\n, \\r\\n or \\r."""
    return io.StringIO(text, newline="").readlines()


def row_shaped(line: str, header: list[str] = HEADER) -> bool:
    """A line that would pass for a row of its own: a cell per column, a platform, and an
    account of one word."""
    if "platform" not in header or "account" not in header:
        return False
    try:
        cells = next(csv.reader([line.rstrip("\r\n")]), [])
    except csv.Error:  # a cell over the size limit: no row
        return False
    if len(cells) != len(header):
        return False
    account = cells[header.index("account")].strip()
    return (
        cells[header.index("platform")].strip().lower() in PLATFORMS
        and bool(account)
        and not any(ch.isspace() for ch in account)
    )


handles = st.from_regex(r"@[a-z0-9_]{1,15}", fullmatch=True)
captions = st.text(max_size=120) | st.lists(
    st.sampled_from(["a", " ", ",", '"', "\n", "\r\n", "\r", "x", "@me", "é", "🙂", "\t"]),
    max_size=40,
).map("".join)
times = st.sampled_from(["", "2030-03-01 09:00", "2030-06-01T10:00:00+02:00"])
media = st.sampled_from(["", "https://example.com/a.jpg", "https://e.com/a.png|file_1"])
options = st.sampled_from(["", "{}", '{"privacyLevel": "SELF_ONLY"}'])
rows = st.lists(
    st.tuples(st.sampled_from(PLATFORMS), handles, captions, media, times, options).map(list),
    min_size=1,
    max_size=8,
)
line_ends = st.sampled_from(["\r\n", "\n"])

# Text that is CSV-ish without being well-formed: quotes left open, stray quotes, rows inside
# captions, blank lines; mostly after a good header, so the rows themselves get read.
HEADER_LINE = ",".join(HEADER) + "\n"
fragments = st.sampled_from([
    HEADER_LINE, "x,@me,", 'x,@me,"', "tiktok,@me,hi,,,\n", "x,@me,hi,,2030-03-01 09:00,\n",
    '"', '""', ",", "\n", "\r\n", "\r", "text", " ", "2030-03-01 09:00", "x", "@me", "{}",
    "\ufeff", "\x00",
])  # fmt: skip
bodies = st.lists(fragments, max_size=60).map("".join)
csvish = bodies.map(HEADER_LINE.__add__) | bodies | st.text(max_size=200)


def write(rows_: list[list[str]], line_end: str) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(HEADER)
    writer.writerows(rows_)
    return out.getvalue()


def check_round_trip(rows_: list[list[str]], line_end: str) -> None:
    """Rows the stdlib writer wrote come back the same, unless a caption holds a line shaped
    like a row: then the file is refused at the line that row starts on."""
    if line_end == "\n":
        # The writer quotes a cell for the line terminator's characters only: a bare CR would
        # go out unquoted, and no reader (its own included) could read that file back.
        rows_ = [[cell.replace("\r", "") for cell in row] for row in rows_]
    text = write(rows_, line_end)
    starts, line = [], 2
    for row in rows_:
        starts.append(line)
        line += len(physical_lines(write([row], line_end))) - 1  # minus the header
    suspicious = [
        start for start, row in zip(starts, rows_, strict=True)
        if any(row_shaped(piece) for piece in physical_lines(write([row], line_end))[2:])
    ]  # fmt: skip
    try:
        header, records = read_records(text)
    except CsvShapeError as exc:
        assert suspicious, f"refused a clean file: {exc}"
        assert exc.line == suspicious[0], (exc.line, suspicious)
        return
    assert not suspicious, "a row-shaped line inside a caption was let through"
    assert header == HEADER
    assert [r.cells for r in records] == rows_
    assert [r.line for r in records] == starts


def check_any_text(text: str) -> None:
    """Any text gives records or the reader's error naming a line; never another exception,
    never a record that runs over a line shaped like a row."""
    lines = physical_lines(text)
    try:
        header, records = read_records(text)
    except CsvShapeError as exc:
        assert 1 <= exc.line <= max(len(lines), 1)
        assert exc.message
        return
    ends = [r.line for r in records[1:]] + [len(lines) + 1]
    for record, end in zip(records, ends, strict=False):
        for number in range(record.line + 1, end):
            line = lines[number - 1]
            assert not row_shaped(line, header), (record, number, line)


def check_plan(text: str, base: Path) -> None:
    """The whole import plan of any bytes: problems with a row and a column, or posts."""
    plan = plan_from_bytes(text.encode("utf-8", "surrogatepass"), base=base, zone="UTC",
                           rules=None, now=NOW)  # fmt: skip
    lines = max(len(physical_lines(text)), 1)
    for error in plan.errors:
        assert error.column and error.message
        assert 1 <= error.row <= lines + 1
    header = next((cells for cells in csv.reader(io.StringIO(text.lstrip("\ufeff"),
                                                              newline="")) if cells), [])
    header = [h.strip().lower() for h in header]
    for _row, spec in plan.specs:
        assert spec.platform in PLATFORMS
        swallowed = [line for line in physical_lines(spec.text)[1:] if row_shaped(line, header)]
        assert not swallowed, f"a caption holds a row: {swallowed[0]!r}"
