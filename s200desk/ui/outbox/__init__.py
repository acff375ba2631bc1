"""The outbox in the UI: its sender kept running, and a live panel with Retry and Discard."""

from s200desk.ui.outbox.panel import OutboxDock, OutboxPanel
from s200desk.ui.outbox.runner import OutboxRunner

__all__ = ["OutboxDock", "OutboxPanel", "OutboxRunner"]
