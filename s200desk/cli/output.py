"""What the command line prints: tables, result lines, and the progress line (on stderr).

Text from the server (captions, names, error messages) goes through ``printable``: a caption
carrying ``ESC ] 0 ; … BEL`` would otherwise retitle the terminal, move the cursor or hide lines.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.outbox import Intent, IntentKind, IntentState
from s200desk.services.post_rules import happens_at
from s200desk.services.scheduling import parse_iso_utc

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a line seems to say.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters shown as ``\\x1b``-style escapes, never sent raw."""
    if keep_newlines:
        return "\n".join(_CONTROL.sub(_escape, line) for line in text.split("\n"))
    return _CONTROL.sub(_escape, text)


def local(value: datetime | str | None, zone: str) -> str:
    if value is None or value == "":
        return ""
    moment = value if isinstance(value, datetime) else parse_iso_utc(str(value))
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    rows = [[printable(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def posts_table(posts: Sequence[Any], zone: str) -> str:
    rows = []
    for p in posts:
        when = happens_at(str(p.status), p.scheduled_for, p.published_at, p.created_at)
        rows.append([
            str(p.id), str(p.platform), str(p.account_id or ""), str(p.status),
            local(when, zone), _short(p.caption or "", 40),
        ])  # fmt: skip
    return table(["ID", "PLATFORM", "ACCOUNT", "STATUS", "WHEN", "CAPTION"], rows)


def media_table(records: Sequence[Any]) -> str:
    rows = [
        [str(r.file_id or ""), str(r.state), str(r.mime or ""), str(r.size or ""),
         _short(str(r.name), 40), _short(str(r.error or ""), 40)]
        for r in records
    ]  # fmt: skip
    return table(["FILE ID", "STATE", "TYPE", "BYTES", "NAME", "PROBLEM"], rows)


def _what(intent: Intent) -> str:
    if intent.kind is IntentKind.CREATE:
        return f"{intent.platform}:{intent.account_id}"
    if intent.kind is IntentKind.CANCEL:
        return f"cancel {intent.target_post_id or intent.payload.get('post_id') or ''}"
    return f"upload {_short(str(intent.payload.get('url', '')), 40)}"


def intent_line(intent: Intent, zone: str) -> str:
    """One line a person (or grep) can read: what, how it ended, and the post id or the reason."""
    what = _what(intent)
    if intent.state is IntentState.DONE:
        tail = f"post {intent.post_id}" if intent.post_id else "ok"
        when = intent.payload.get("scheduled_for") if intent.kind is IntentKind.CREATE else None
        if when:
            tail += f", scheduled for {local(when, zone)}"
    elif intent.state is IntentState.QUEUED_FOR_NEXT_DAY:
        day = local(intent.queued_for, zone)
        tail = f"post {intent.post_id}, daily limit reached: queued for {day}"
    elif intent.state in (IntentState.FAILED, IntentState.NEEDS_ATTENTION):
        code = f" [{intent.last_error_code}]" if intent.last_error_code else ""
        tail = f"{intent.last_error or 'no reason given'}{code} (id {intent.id})"
    else:
        tail = f"attempt {intent.attempts}"
        if intent.last_error:
            tail += f": {intent.last_error}"
    return printable(f"{what}  {intent.state.value}  {tail}")


def intents_table(intents: Sequence[Intent], zone: str) -> str:
    rows = []
    for i in intents:
        detail = i.post_id or i.last_error or ""
        if i.state is IntentState.QUEUED_FOR_NEXT_DAY:
            detail = f"queued for {local(i.queued_for, zone)}"
        rows.append([
            i.id[:12], i.state.value, _what(i), str(i.attempts), local(i.updated_at, zone),
            _short(detail, 60),
        ])  # fmt: skip
    return table(["ID", "STATE", "WHAT", "TRIES", "UPDATED", "DETAIL"], rows)


class Progress:
    """``label: 523/1000 settled (510 done, 3 failed) · 12 sending`` on stderr.

    Rewritten in place on a terminal; a plain line every few seconds when piped (logs stay short).
    """

    def __init__(self, label: str, *, quiet: bool = False, every: float = 5.0) -> None:
        self.label = label
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.every = every if not self.tty else 0.2
        self._last = 0.0
        self._shown = False

    def update(self, counts: dict[str, int], force: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        total = sum(counts.values())
        settled = sum(
            n for s, n in counts.items() if s not in (IntentState.PENDING, IntentState.SENDING)
        )
        parts = [f"{n} {s.replace('_', ' ')}" for s, n in sorted(counts.items()) if n]
        line = f"{self.label}: {settled}/{total} settled ({', '.join(parts)})"
        if self.tty:
            sys.stderr.write("\r\x1b[2K" + line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown and self.tty and not self.quiet:
            sys.stderr.write("\n")
            sys.stderr.flush()
        self._shown = False
