"""The calendar page: month, week and agenda; drag a post to reschedule it (issue 6)."""

from s200desk.ui.calendar.backend import CalendarBackend, MoveOutcome
from s200desk.ui.calendar.page import CalendarPage, Mode

__all__ = ["CalendarBackend", "CalendarPage", "Mode", "MoveOutcome"]
