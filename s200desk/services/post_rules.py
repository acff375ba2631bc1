"""The small rules about a post that every view and the command line share (one place each).

* When a post happens: ``happens_at`` (the store's ``sort_at`` is the same rule in SQL).
* Which statuses count against a plan's daily cap: ``CAP_STATUSES`` (the server's own rule).
* Which posts views leave out unless the user asks for them: ``HIDDEN_BY_DEFAULT``.
* Which posts can still be moved, edited or cancelled: ``CHANGEABLE``; ``refusal`` says why not.
"""

from __future__ import annotations

from typing import Final

from s200desk.services.outbox.derive import CHANGEABLE, refusal
from s200desk.store.records import happens_at

# Counted against the plan's daily cap on the UTC day they happen (failed and cancelled free it).
CAP_STATUSES: Final = frozenset({"scheduled", "published", "pending"})
# A move leaves a cancelled original behind; lists and calendars show those only when asked.
HIDDEN_BY_DEFAULT: Final = frozenset({"cancelled"})

__all__ = ["CAP_STATUSES", "CHANGEABLE", "HIDDEN_BY_DEFAULT", "happens_at", "refusal"]
