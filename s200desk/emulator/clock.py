"""Clocks the emulator reads its time from: manual for tests, system, or scaled for demos."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


def _aware(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("the emulator clock needs a timezone-aware datetime")
    return dt.astimezone(UTC)


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = _aware(start) if start is not None else datetime.now(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, dt: datetime) -> None:
        with self._lock:
            self._now = _aware(dt)


class ScaledClock:
    """Time runs `speed` times faster than real time from `start` (default: now), for demos."""

    def __init__(self, speed: float = 1.0, start: datetime | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._origin = _aware(start) if start is not None else datetime.now(UTC)
        self._mono = time.monotonic()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._origin + timedelta(seconds=(time.monotonic() - self._mono) * self.speed)

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._origin += delta
        return self.now()

    def set(self, dt: datetime) -> None:
        with self._lock:
            self._origin = _aware(dt)
            self._mono = time.monotonic()


def advance_clock(clock: Clock, delta: timedelta) -> None:
    """Move any clock that can be moved; the system clock cannot."""
    advance = getattr(clock, "advance", None)
    if advance is None:
        raise TypeError(f"{type(clock).__name__} cannot be advanced")
    advance(delta)
