"""Everything the composer checks before sending, as plain data (no Qt): problems per field,
the time resolved DST-safely to UTC, and daily caps from the store's post counts.

The composer shows each ``FieldProblem`` next to the widget its ``field`` names, and keeps Send
disabled while any is left. Limits come from the platforms endpoint (the store), validation rules
from ``services.validation``, time rules from ``services.scheduling``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from s200desk.services.platform_names import platform_name
from s200desk.services.post_rules import CAP_STATUSES

# Daily caps: one rule, in services (the composer, the calendar and the command line share it).
from s200desk.services.quotas import (  # noqa: F401 - re-exported for the composer
    CapWarning,
    daily_cap,
    full_days,
    next_free_moment,
    utc_day_bounds,
)
from s200desk.services.scheduling import ResolvedTime, ScheduleError, resolve_schedule
from s200desk.services.validation import PlatformRules, validate_post
from s200desk.ui.composer.state import ComposerState, Target

# The statuses that use up a day's allowance (as the server counts them).
COUNTED_STATUSES = tuple(sorted(CAP_STATUSES))


@dataclass(frozen=True)
class FieldProblem:
    """One thing to fix. ``field``: "targets", "caption", "media", "when", or per platform
    "<platform>.caption", "<platform>.options", "<platform>.options.<key>", "<platform>.media"."""

    field: str
    message: str
    platform: str | None = None


@dataclass
class Evaluation:
    problems: list[FieldProblem] = field(default_factory=list)
    resolved: ResolvedTime | None = None  # None: "now"
    when_note: str | None = None  # a DST gap/overlap resolved: tell the user

    @property
    def ok(self) -> bool:
        return not self.problems

    def at(self, name: str) -> list[str]:
        return [p.message for p in self.problems if p.field == name]

    @property
    def scheduled_for(self) -> str | None:
        return self.resolved.iso_z if self.resolved is not None else None


def field_of(problem: FieldProblem) -> str:
    """The part of the form a problem belongs to: "targets", "caption", "media", "when",
    "repeat", or the platform's id for its tab's fields ("youtube.options.title")."""
    return problem.field.split(".", 1)[0]


def revealed(ev: Evaluation, touched: set[str], tried: bool) -> Evaluation:
    """The problems to show now: a field's once the user edited it, all once they tried to
    send. A composer just opened says nothing is wrong with what nobody typed yet."""
    if tried:
        return ev
    shown = [p for p in ev.problems if field_of(p) in touched]
    return Evaluation(problems=shown, resolved=ev.resolved, when_note=ev.when_note)


def named(platform: str, message: str) -> str:
    """``message`` said of ``platform`` in a list of every platform's problems: prefixed with
    its name unless it names the platform already ("Instagram needs media")."""
    name = platform_name(platform)
    return message if name in message else f"{name}: {message}"


def resolve_when(
    state: ComposerState, zone: str, now: datetime
) -> tuple[ResolvedTime | None, str | None, str | None]:
    """(resolved instant or None for now, error, DST note) for the composer's time field."""
    if state.when is None:
        return None, None, None
    try:
        resolved = resolve_schedule(state.when, zone, now=now)
    except ScheduleError as exc:
        return None, str(exc), None
    return resolved, None, resolved.note


def evaluate(
    state: ComposerState,
    rules: PlatformRules,
    *,
    zone: str,
    now: datetime,
    profile_status: dict[Target, str] | None = None,
) -> Evaluation:
    """Every problem of the composer's content, placed at its field."""
    out = Evaluation()
    resolved, error, note = resolve_when(state, zone, now)
    out.resolved, out.when_note = resolved, note
    if error:
        out.problems.append(FieldProblem("when", error))
    if not state.targets:
        out.problems.append(FieldProblem("targets", "Choose at least one profile to post to"))
    statuses = profile_status or {}
    for target in state.targets:
        status = statuses.get(target)
        if status is not None and status not in ("active", "connected"):
            out.problems.append(
                FieldProblem(
                    "targets",
                    f"{platform_name(target[0])} {target[1]} is {status}: reconnect it in your "
                    "Status 200 dashboard, or remove it from this post",
                    target[0],
                )
            )
    known = state.known_types()
    seen: set[str] = set()
    for spec in state.specs(out.scheduled_for):
        if spec.platform in seen:  # same platform, other account: same content, same checks
            continue
        seen.add(spec.platform)
        p = spec.platform
        for problem in validate_post(spec, rules, known_types=known):
            if problem.field == "account":
                continue  # shown from profile_status above, with the reconnect hint
            if problem.field == "text":
                where = f"{p}.caption" if p in state.overrides else "caption"
                message = problem.message
                if where == "caption":
                    message = named(p, message)
                out.problems.append(FieldProblem(where, message, p))
            elif problem.field.startswith("options"):
                out.problems.append(FieldProblem(f"{p}.{problem.field}", problem.message, p))
            elif problem.field == "media":
                out.problems.append(FieldProblem(f"{p}.media", problem.message, p))
                if p in state.media_overrides:
                    continue  # its own media: the problem belongs to its tab only
                summary = named(p, problem.message)
                out.problems.append(FieldProblem("media", summary, p))
            else:
                out.problems.append(FieldProblem(problem.field, problem.message, p))
    return out


