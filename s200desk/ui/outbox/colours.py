"""The colour of each outbox state, readable on the light and on the dark theme's surfaces."""

from __future__ import annotations

from s200desk.services.outbox import IntentState
from s200desk.ui.theme import DARK, colours

ON_LIGHT: dict[IntentState, str] = {
    IntentState.PENDING: "#6B7280",
    IntentState.SENDING: "#2563EB",
    IntentState.DONE: "#15803D",
    IntentState.QUEUED_FOR_NEXT_DAY: "#B45309",
    IntentState.FAILED: "#DC2626",
    IntentState.NEEDS_ATTENTION: "#C2410C",
    IntentState.DISCARDED: "#6B7280",
}

# The light shades fall to about 3:1 on the dark base (#1E1F24); these keep 4.5:1 and more.
ON_DARK: dict[IntentState, str] = {
    IntentState.PENDING: "#A1A1AA",
    IntentState.SENDING: "#93C5FD",
    IntentState.DONE: "#4ADE80",
    IntentState.QUEUED_FOR_NEXT_DAY: "#FBBF24",
    IntentState.FAILED: "#F87171",
    IntentState.NEEDS_ATTENTION: "#FB923C",
    IntentState.DISCARDED: "#A1A1AA",
}


def state_colour(state: IntentState) -> str:
    """The state's text colour for the theme in use now."""
    return (ON_DARK if colours() == DARK else ON_LIGHT)[state]
