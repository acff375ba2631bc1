"""The repeat choices the composer offers (daily, weekdays, weekly on chosen days, monthly on a
day or an nth weekday, a custom RRULE; ending never, on a date or after N), as plain data.

They become RRULE text (``rule``), are kept in a draft as they were chosen (``to_json``), and are
read back from a series' rule (``choices_for_rule``) so the Repeating posts dialog shows a rule in
the same words; a rule the choices cannot say exactly is shown as a custom rule.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from s200desk.services.planning.recurrence import RecurrenceError, Series, build_rule

NONE, DAILY, WEEKDAYS, WEEKLY, MONTH_DAY, MONTH_NTH, CUSTOM = (
    "none", "daily", "weekdays", "weekly", "month_day", "month_nth", "custom",
)  # fmt: skip
KINDS = (NONE, DAILY, WEEKDAYS, WEEKLY, MONTH_DAY, MONTH_NTH, CUSTOM)
NEVER, ON_DATE, AFTER = "never", "until", "count"
ENDS = (NEVER, ON_DATE, AFTER)
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def nth_weekday(day: date) -> tuple[int, int]:
    """(n, weekday) of ``day`` in its month: the 5th of a kind is called the last."""
    n = (day.day - 1) // 7 + 1
    return (-1 if n == 5 else n), day.weekday()


@dataclass(frozen=True)
class RepeatChoices:
    kind: str = NONE
    every: int = 1
    days: tuple[int, ...] = ()  # weekly: 0 = Monday … 6 = Sunday
    end: str = NEVER
    until: date | None = None  # the last day (ON_DATE)
    count: int = 10  # posts in all (AFTER)
    custom: str = ""  # the RRULE text (CUSTOM)

    @property
    def repeats(self) -> bool:
        return self.kind != NONE

    def rule(self, first: date) -> str | None:
        """The RRULE text for a series whose first post is on ``first``; None when it does not
        repeat. RecurrenceError (for the user) when the choices cannot make one."""
        if self.kind == NONE:
            return None
        if self.kind == CUSTOM:
            text = self.custom.strip()
            if not text:
                raise RecurrenceError("type a repeat rule, like FREQ=WEEKLY;BYDAY=TU,TH")
            rule = text if text.upper().startswith("RRULE:") else f"RRULE:{text}"
            Series("check", rule, datetime(first.year, first.month, first.day), "UTC")
            return rule
        until = count = None
        if self.end == ON_DATE:
            last = self.until or first
            until = datetime(last.year, last.month, last.day, 23, 59)
        elif self.end == AFTER:
            count = self.count
        if self.kind == WEEKLY:
            if not self.days:
                raise RecurrenceError("choose at least one day of the week to repeat on")
            return build_rule("weekly", interval=self.every, weekdays=self.days,
                              until=until, count=count)  # fmt: skip
        if self.kind == MONTH_DAY:
            return build_rule("monthly", interval=self.every, month_day=first.day,
                              until=until, count=count)  # fmt: skip
        if self.kind == MONTH_NTH:
            return build_rule("monthly", interval=self.every, nth_weekday=nth_weekday(first),
                              until=until, count=count)  # fmt: skip
        every = self.every if self.kind == DAILY else 1
        return build_rule(self.kind, interval=every, until=until, count=count)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["days"] = list(self.days)
        data["until"] = self.until.isoformat() if self.until else None
        return data

    @classmethod
    def from_json(cls, data: Any) -> RepeatChoices:
        """Choices saved by ``to_json``; what cannot be read falls back to the defaults."""
        if not isinstance(data, dict):
            return cls()
        try:
            until = date.fromisoformat(str(data["until"])) if data.get("until") else None
        except ValueError:
            until = None
        kind, end = str(data.get("kind") or NONE), str(data.get("end") or NEVER)
        return cls(
            kind=kind if kind in KINDS else NONE,
            every=_int(data.get("every"), 1, 1, 52),
            days=tuple(sorted({d for d in data.get("days") or () if d in range(7)})),
            end=end if end in ENDS else NEVER,
            until=until,
            count=_int(data.get("count"), 10, 1, 500),
            custom=str(data.get("custom") or ""),
        )


def _int(value: Any, default: int, lo: int, hi: int) -> int:
    try:
        return min(hi, max(lo, int(value)))
    except (TypeError, ValueError):
        return default


def _parts(rule: str) -> dict[str, str]:
    body = rule.strip()
    body = body[len("RRULE:"):] if body.upper().startswith("RRULE:") else body
    out = {}
    for part in body.split(";"):
        name, _, value = part.partition("=")
        if name.strip():
            out[name.strip().upper()] = value.strip().upper()
    return out


def _implied(parts: dict[str, str], first: date) -> dict[str, str]:
    """The rule's parts with what dateutil takes from the first post written out: a weekly rule
    without BYDAY repeats on the first post's weekday, a monthly one on its day."""
    out = {k: v for k, v in parts.items() if not (k == "INTERVAL" and v == "1")}
    if out.get("FREQ") == "WEEKLY" and "BYDAY" not in out:
        out["BYDAY"] = RRULE_DAYS[first.weekday()]
    if out.get("FREQ") == "MONTHLY" and "BYDAY" not in out and "BYMONTHDAY" not in out:
        out["BYMONTHDAY"] = str(first.day)
    if "BYDAY" in out:
        out["BYDAY"] = ",".join(sorted(out["BYDAY"].split(",")))
    return out


def choices_for_rule(rule: str, first: date) -> RepeatChoices:
    """The choices that make ``rule`` for a series starting on ``first``; a custom rule when
    no choice says exactly the same."""
    parts = _parts(rule)
    wanted = _implied(parts, first)
    end, until, count = NEVER, None, 10
    if "COUNT" in parts and parts["COUNT"].isdigit():
        end, count = AFTER, int(parts["COUNT"])
    elif "UNTIL" in parts:
        with contextlib.suppress(ValueError):
            until, end = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date(), ON_DATE
    every = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
    days = tuple(sorted(RRULE_DAYS.index(d[-2:]) for d in wanted.get("BYDAY", "").split(",")
                        if d[-2:] in RRULE_DAYS))  # fmt: skip
    base = RepeatChoices(every=max(1, every), end=end, until=until, count=count)
    for kind in (DAILY, WEEKDAYS, WEEKLY, MONTH_DAY, MONTH_NTH):
        candidate = replace(base, kind=kind, days=days if kind == WEEKLY else ())
        try:
            made = candidate.rule(first)
        except RecurrenceError:
            continue
        if made is not None and _implied(_parts(made), first) == wanted:
            return candidate
    return replace(base, kind=CUSTOM, custom=rule.strip().removeprefix("RRULE:"))


DAY_WORDS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


MONTH_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FREQ_WORDS = {"DAILY": ("daily", "days"), "WEEKLY": ("weekly", "weeks"),
               "MONTHLY": ("monthly", "months"), "YEARLY": ("yearly", "years")}  # fmt: skip
# Parts a custom rule may have and still be said in words; any other (hours, week numbers,
# days of the year) is shown as the rule is written.
_SAYABLE = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "COUNT", "UNTIL",
            "WKST"}  # fmt: skip


def _ordinal(n: int) -> str | None:
    return ORDINAL_WORDS.get(n) or ("second to last" if n == -2 else None)


def _day_words(item: str) -> str | None:
    """"FR" → "Fri", "-1FR" → "the last Fri", "2TU" → "the second Tue"; None if not a day."""
    day, number = item[-2:], item[:-2]
    if day not in RRULE_DAYS:
        return None
    name = DAY_WORDS[RRULE_DAYS.index(day)]
    if not number:
        return name
    try:
        ordinal = _ordinal(int(number))
    except ValueError:
        return None
    return f"the {ordinal} {name}" if ordinal else None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _custom_words(parts: dict[str, str]) -> str | None:
    """A rule the choices cannot make, in words ("monthly on the last Fri"), or None."""
    if set(parts) - _SAYABLE or parts.get("FREQ") not in _FREQ_WORDS:
        return None
    once, unit = _FREQ_WORDS[parts["FREQ"]]
    every = parts.get("INTERVAL", "1")
    if not every.isdigit() or int(every) < 1:
        return None
    words = once if int(every) == 1 else f"every {every} {unit}"
    if "BYDAY" in parts:
        days = [_day_words(d) for d in parts["BYDAY"].split(",")]
        if any(d is None for d in days):
            return None
        said = [d for d in days if d is not None]
        if "BYSETPOS" in parts:
            try:
                ordinal = _ordinal(int(parts["BYSETPOS"]))
            except ValueError:
                return None
            if ordinal is None:
                return None
            which = "weekday" if sorted(said) == sorted(DAY_WORDS[:5]) else f"of {_join(said)}"
            words += f" on the {ordinal} {which}"
        else:
            words += f" on {_join(said)}"
    elif "BYSETPOS" in parts:
        return None
    if "BYMONTHDAY" in parts:
        days_of_month = []
        for value in parts["BYMONTHDAY"].split(","):
            if value == "-1":
                days_of_month.append("the last day")
            elif value.isdigit() and 1 <= int(value) <= 31:
                days_of_month.append(f"day {int(value)}")
            else:
                return None
        words += f" on {_join(days_of_month)}"
    if "BYMONTH" in parts:
        months = parts["BYMONTH"].split(",")
        if not all(m.isdigit() and 1 <= int(m) <= 12 for m in months):
            return None
        words += f" in {_join([MONTH_WORDS[int(m) - 1] for m in months])}"
    return words


def rule_words(rule: str, first: date) -> str:
    """A series' rule in a creator's words ("every 2 weeks on Tue, Thu, 6 posts"); a rule only
    a custom RRULE can make is said in words too where its parts allow ("monthly on the last
    Fri"), else shown as it is written."""
    c = choices_for_rule(rule, first)
    if c.kind == CUSTOM:
        said = _custom_words(_parts(rule))
        if said is None:
            return c.custom
        return said + _end_words(c)
    if c.kind == WEEKDAYS:
        words = "every weekday"
    elif c.kind == DAILY:
        words = "daily" if c.every == 1 else f"every {c.every} days"
    elif c.kind == WEEKLY:
        on = ", ".join(DAY_WORDS[d] for d in c.days)
        words = ("weekly" if c.every == 1 else f"every {c.every} weeks") + f" on {on}"
    else:
        if c.kind == MONTH_DAY:
            on = f"day {first.day}"
        else:
            n, weekday = nth_weekday(first)
            on = f"the {ORDINAL_WORDS[n]} {DAY_WORDS[weekday]}"
        words = ("monthly" if c.every == 1 else f"every {c.every} months") + f" on {on}"
    return words + _end_words(c)


def _end_words(c: RepeatChoices) -> str:
    if c.end == AFTER:
        return f", {c.count} post{'s' if c.count != 1 else ''}"
    if c.end == ON_DATE and c.until is not None:
        return f", until {c.until:%a} {c.until.day} {c.until:%b %Y}"
    return ""
