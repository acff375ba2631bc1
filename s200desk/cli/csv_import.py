"""Reading a bulk-scheduling CSV: every row checked, every problem named by row and column.

Columns (header required, any order): ``platform, account, text, media, scheduled_for, options``.
``media`` is ``|``-separated URLs or media-library file ids; ``scheduled_for`` is empty (now),
``YYYY-MM-DD HH:MM`` in the user's zone, or ISO-8601 with an offset; ``options`` is the platform's
option object as JSON. Row numbers are the file's line numbers as a spreadsheet shows them
(the header is row 1).

A quote left open, a stray quote, or a quoted cell that swallowed lines shaped like rows refuses
the whole file (``csv_records``). A row with an empty ``scheduled_for`` in a file where other rows
have a time is listed in ``untimed_rows``: the command asks before posting it now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from s200desk.cli.csv_records import CsvShapeError, read_records
from s200desk.services.outbox.model import PLATFORMS, MediaRef, PostSpec
from s200desk.services.scheduling import Overlap, ScheduleError, resolve_schedule
from s200desk.services.validation import PlatformRules, validate_post

NO_LOCAL = "local files need a media host; give a public URL (or a media-library file id)"
COLUMNS = ("platform", "account", "text", "media", "scheduled_for", "options")
REQUIRED = ("platform", "account", "text")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}:{self.column}: {self.message}"


@dataclass
class ImportPlan:
    file_hash: str
    specs: list[tuple[int, PostSpec]] = field(default_factory=list)  # (row number, post)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # DST resolutions the user should see
    # Rows without a time in a file where other rows have one: posted now only when confirmed.
    untimed_rows: list[int] = field(default_factory=list)

    @property
    def group_id(self) -> str:
        return f"import:{self.file_hash}"

    def source_key(self, row: int) -> str:
        return f"import:{self.file_hash}:{row}"


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


_FIELD_TO_COLUMN = {
    "account": "account",
    "platform": "platform",
    "text": "text",
    "media": "media",
    "scheduled_for": "scheduled_for",
}


def read_plan(
    path: Path,
    *,
    zone: str,
    rules: PlatformRules | None,
    now: datetime | None = None,
    overlap: Overlap = "earlier",
    skip_rows: frozenset[int] = frozenset(),
    local_problem: Callable[[str], str | None] | None = None,
) -> ImportPlan:
    """Parse and validate the whole file; ``skip_rows`` were recorded by an earlier run already.

    A local media path (relative ones are read from the CSV's folder) is checked with
    ``local_problem(path)`` (None: fine); without it local paths are refused.
    """
    return plan_from_bytes(
        path.read_bytes(), base=path.parent, zone=zone, rules=rules, now=now, overlap=overlap,
        skip_rows=skip_rows, local_problem=local_problem,
    )  # fmt: skip


def plan_from_bytes(
    data: bytes,
    *,
    base: Path,
    zone: str,
    rules: PlatformRules | None,
    now: datetime | None = None,
    overlap: Overlap = "earlier",
    skip_rows: frozenset[int] = frozenset(),
    local_problem: Callable[[str], str | None] | None = None,
) -> ImportPlan:
    """``read_plan`` of a file's bytes; relative media paths are read from ``base``."""
    plan = ImportPlan(file_hash=file_hash(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        plan.errors.append(RowError(1, "file", f"not UTF-8 text: {exc}"))
        return plan
    try:
        header, records = read_records(text)
    except CsvShapeError as exc:
        # One bad quote shifts every cell after it: nothing in the file can be trusted.
        plan.errors.append(RowError(exc.line, exc.column, exc.message))
        return plan
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        plan.errors.append(RowError(1, "header", f"missing column(s): {', '.join(missing)}"))
        return plan
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        plan.errors.append(RowError(1, "header", f"unknown column(s): {', '.join(unknown)}"))
        return plan
    timed: list[int] = []
    untimed: list[int] = []
    # Row numbers as a spreadsheet shows them (header = 1), even when a quoted cell spans lines.
    for row, record in enumerate(records, start=2):
        if len(record.cells) > len(header):
            if row not in skip_rows:
                plan.errors.append(RowError(row, "row", "more cells than the header has columns"))
            continue
        cells = {k: v.strip() for k, v in zip(header, record.cells, strict=False)}
        if not any(cells.values()):
            continue
        (timed if cells.get("scheduled_for") else untimed).append(row)
        if row in skip_rows:
            continue
        spec = _row_spec(
            plan, row, cells, zone=zone, now=now, overlap=overlap, base=base,
            local_problem=local_problem,
        )  # fmt: skip
        if spec is None:
            continue
        for problem in validate_post(spec, rules):
            column = _FIELD_TO_COLUMN.get(problem.field, "options")
            plan.errors.append(RowError(row, column, problem.message))
        plan.specs.append((row, spec))
    if timed:
        # In a file of scheduled rows an empty time is more likely a slip than "now".
        plan.untimed_rows = [r for r in untimed if r not in skip_rows]
    if not plan.specs and not plan.errors and not skip_rows:
        plan.errors.append(RowError(1, "file", "no rows to import"))
    return plan


def _row_spec(
    plan: ImportPlan,
    row: int,
    cells: dict[str, str],
    *,
    zone: str,
    now: datetime | None,
    overlap: Overlap,
    base: Path,
    local_problem: Callable[[str], str | None] | None,
) -> PostSpec | None:
    ok = True
    platform = cells.get("platform", "").lower()
    if platform not in PLATFORMS:
        plan.errors.append(
            RowError(row, "platform", f"unknown platform {platform!r} ({', '.join(PLATFORMS)})")
        )
        ok = False
    account = cells.get("account", "")
    if not account:
        plan.errors.append(RowError(row, "account", "empty"))
        ok = False
    media: list[MediaRef] = []
    for token in filter(None, (t.strip() for t in cells.get("media", "").split("|"))):
        ref = MediaRef.parse(token)
        if ref.path is not None:
            full = Path(ref.path).expanduser()
            where = str(full if full.is_absolute() else base / full)
            ref = MediaRef(path=where)
            why = NO_LOCAL if local_problem is None else local_problem(where)
            if why:
                plan.errors.append(RowError(row, "media", f"{token}: {why}"))
                ok = False
        media.append(ref)
    scheduled_for = None
    when = cells.get("scheduled_for", "")
    if when:
        try:
            resolved = resolve_schedule(when, zone, now=now, overlap=overlap)
        except ScheduleError as exc:
            plan.errors.append(RowError(row, "scheduled_for", str(exc)))
            ok = False
        else:
            scheduled_for = resolved.iso_z
            if resolved.note:
                plan.notes.append(f"row {row}: {resolved.note}")
    options: dict[str, object] = {}
    raw_options = cells.get("options", "")
    if raw_options:
        try:
            parsed = json.loads(raw_options)
        except ValueError as exc:
            plan.errors.append(RowError(row, "options", f"not JSON: {exc}"))
            ok = False
        else:
            if not isinstance(parsed, dict):
                plan.errors.append(RowError(row, "options", "must be a JSON object"))
                ok = False
            else:
                options = parsed
    if not ok:
        return None
    return PostSpec(
        account_id=account, platform=platform, text=cells.get("text", ""), media=tuple(media),
        scheduled_for=scheduled_for, options=options,
    )  # fmt: skip
