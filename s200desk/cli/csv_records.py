"""The records of a bulk-scheduling CSV, or the line where the file stops making sense.

The stdlib reader is forgiving: a quote that is never closed swallows the rest of the file into
one cell, and the rows it swallowed are silently gone (and their times with them). Here the
reader is strict, and a record that runs over several lines is refused when one of its later
lines looks like a row of its own: a quoted multi-line caption is fine, a caption that ate the
next rows is not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from s200desk.services.outbox.model import PLATFORMS


class CsvShapeError(Exception):
    """The text is not a CSV we can trust; ``line`` is where the bad record starts (1-based)."""

    def __init__(self, line: int, column: str, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class CsvRecord:
    line: int  # the physical line the record starts on
    cells: list[str]


class _Lines:
    """The text's lines for ``csv.reader``, remembering which ones the current record used."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.count = 0
        self.taken: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        self.taken.append(line)
        return line


def looks_like_row(line: str, header: list[str]) -> bool:
    """A line with the header's number of cells, a platform and a one-word account."""
    if "platform" not in header or "account" not in header:
        return False
    cells = _cells_of(line.rstrip("\r\n"))
    if len(cells) != len(header):
        return False
    platform = cells[header.index("platform")].strip().lower()
    account = cells[header.index("account")].strip()
    return platform in PLATFORMS and bool(account) and not any(c.isspace() for c in account)


def _cells_of(line: str) -> list[str]:
    """One line read on its own, leniently (an oversized cell: no cells)."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


def _column(header: list[str], index: int) -> str:
    return (header[index] if 0 <= index < len(header) else "") or "row"


def read_records(text: str) -> tuple[list[str], list[CsvRecord]]:
    """The header (stripped, lower-case) and every non-empty record after it.

    Raises ``CsvShapeError`` for an unclosed or stray quote, an oversized cell, or a record
    that swallowed lines shaped like rows.
    """
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    records: list[CsvRecord] = []
    while True:
        start = lines.count + 1
        lines.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _explain(exc, start, lines, header or []) from None
        if header is None:
            if cells:  # blank lines before the header are no header
                header = [h.strip().lower() for h in cells]
            continue
        if len(lines.taken) > 1:
            _check_swallowed(lines.taken, start, cells, header)
        if cells:
            records.append(CsvRecord(start, cells))
    return header or [], records


def _open_quote_column(lines: _Lines, header: list[str]) -> str:
    """The column of the record's first line where a quote stays open: its last cell."""
    cells = _cells_of(lines.taken[0] if lines.taken else "")
    return _column(header, len(cells) - 1)


def _explain(exc: csv.Error, start: int, lines: _Lines, header: list[str]) -> CsvShapeError:
    reason = str(exc)
    column = _open_quote_column(lines, header)
    if "field larger than field limit" in reason:
        limit = csv.field_size_limit()
        return CsvShapeError(
            start, column,
            f"a cell is longer than {limit:,} characters; is a quote left open? (line {start})",
        )  # fmt: skip
    if "unexpected end of data" in reason:
        return CsvShapeError(
            start, column,
            f"a quote opened on line {start} is never closed: it runs to the end of the file "
            "(write a quote inside a cell as two quotes: \"\")",
        )  # fmt: skip
    if len(lines.taken) > 1:
        for number, line in enumerate(lines.taken[1:], start=start + 1):
            if looks_like_row(line, header):
                return _swallowed(start, number, column)
    return CsvShapeError(
        start, column,
        f"a stray quote on line {lines.count} ({reason}); quote the whole cell, and write a "
        "quote inside it as two quotes: \"\"",
    )  # fmt: skip


def _check_swallowed(taken: list[str], start: int, cells: list[str], header: list[str]) -> None:
    for number, line in enumerate(taken[1:], start=start + 1):
        if looks_like_row(line, header):
            where = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), -1)
            raise _swallowed(start, number, _column(header, where))


def _swallowed(start: int, number: int, column: str) -> CsvShapeError:
    return CsvShapeError(
        start, column,
        f"a quote opened on line {start} is closed only after line {number}, which looks like "
        "a row of its own; close the quote on its line (a quote inside a cell is written \"\")",
    )  # fmt: skip
