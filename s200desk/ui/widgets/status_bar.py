"""AppStatusBar: online/offline, last sync, and each platform's daily usage against the plan."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from s200desk.services.post_rules import daily_cap
from s200desk.ui.formatting import format_ago
from s200desk.ui.icons import platform_label
from s200desk.ui.qt import QLabel, QStatusBar, QTimer, QWidget, Slot
from s200desk.ui.theme import colours, theme_signal


def usage_text(
    rate_limits: Mapping[str, Any],
    plan: str | None,
    platforms: list[str],
    waiting: Mapping[str, int] | None = None,
) -> tuple[str, str]:
    """Short text and tooltip: ``TikTok 3/20 · Instagram 0/20`` from the rate-limit headers,
    plus ``(+1 waiting)`` for today's posts the outbox has not sent yet (``services.quotas``).

    A platform gets a number only once the server has reported it: the reference sends
    ``X-RateLimit-*`` with its responses, and before one names a platform today's use there is
    unknown (the plan in the settings is only what the user chose). Those platforms are counted
    as "not reported yet" and named in the tooltip, never shown as a made-up ``–/20``."""
    cap = daily_cap((plan or "").lower())
    waiting = waiting or {}
    plan_name = (plan or "unknown plan").capitalize()
    parts: list[str] = []
    tips: list[str] = []
    unreported: list[str] = []
    listed_unreported = 0  # unreported, but shown for what the outbox holds
    seen = set()
    for platform in [*platforms, *sorted(rate_limits), *sorted(waiting)]:
        if platform in seen:
            continue
        seen.add(platform)
        rl = rate_limits.get(platform)
        limit = getattr(rl, "limit", None) if rl is not None else None
        remaining = getattr(rl, "remaining", None) if rl is not None else None
        name = platform_label(platform)
        if rl is not None and getattr(rl, "unlimited", False):
            parts.append(f"{name} ∞")
            tips.append(f"{name}: no daily cap")
        elif limit is not None and remaining is not None:
            used = max(0, int(limit) - int(remaining))
            parts.append(f"{name} {used}/{limit}")
            reset = getattr(rl, "reset", None)
            when = f", resets {reset:%H:%M} UTC" if isinstance(reset, datetime) else ""
            tips.append(f"{name}: {used} of {limit} posts used today{when}")
        else:
            unreported.append(name)
            if waiting.get(platform):
                listed_unreported += 1
                parts.append(f"{name} +{waiting[platform]} waiting")
                tips.append(f"{name}: {waiting[platform]} today once the outbox has sent them")
            continue
        if waiting.get(platform):
            parts[-1] += f" (+{waiting[platform]} waiting)"
            tips.append(f"{name}: {waiting[platform]} more today once the outbox has sent them")
    if unreported:
        if len(unreported) == len(seen):
            parts.append("Daily use not reported yet")
        elif len(unreported) > listed_unreported:
            parts.append(f"{len(unreported) - listed_unreported} more not reported yet")
        allowed = f"{cap} posts a day" if cap is not None else "no daily cap"
        tips.append(
            f"{', '.join(unreported)}: today's use is not reported yet. Status 200 reports it "
            f"with its next answer about the platform; your plan setting ({plan_name}) "
            f"allows {allowed}."
        )
    text = " · ".join(parts) if parts else f"{plan_name} plan"
    tip = f"Daily posts per platform ({plan_name} plan)\n" + "\n".join(tips)
    return text, tip


NO_WORKSPACE_TEXT = "No workspace yet — add your Status 200 API key to start"


class AppStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setAccessibleName("Status bar")
        self.setSizeGripEnabled(False)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionStatus")
        self.connection_label.setAccessibleName("Connection status")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("lastSync")
        self.sync_label.setAccessibleName("Last sync")
        self.usage_label = QLabel(self)
        self.usage_label.setObjectName("dailyUsage")
        self.usage_label.setAccessibleName("Daily usage per platform")
        self.addWidget(self.connection_label)
        self.addWidget(self.sync_label)
        self.addPermanentWidget(self.usage_label)
        self._online: bool | None = None
        self._no_workspace = False
        self._usage_args: tuple[Mapping[str, Any], str | None, list[str]] = ({}, None, [])
        self._waiting: dict[str, int] = {}
        self._syncing = False
        self._last_sync: datetime | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self._render_sync)
        self._ticker.start()
        self.set_online(None)
        self._render_sync()
        theme_signal().changed.connect(self._on_theme_changed)

    def _on_theme_changed(self, _colours: object = None) -> None:
        if not self._no_workspace:
            self.set_online(self._online)  # its dot's colour is part of the label's text

    def show_no_workspace(self) -> None:
        """Nothing to connect to yet: no dot, no sync, no usage, only what to do next.
        ``set_online`` (a workspace opened) brings the connection back."""
        self._no_workspace = True
        self.connection_label.setText(NO_WORKSPACE_TEXT)
        self.sync_label.hide()
        self.usage_label.hide()

    def set_online(self, online: bool | None) -> None:
        self._no_workspace = False
        self.sync_label.show()
        self.usage_label.show()
        self._online = online
        c = colours()
        if online is None:
            dot, text = c.muted, "Connecting…"
        elif online:
            dot, text = c.success, "Online"
        else:
            dot, text = c.danger, "Offline"
        self.connection_label.setText(f"<span style='color:{dot}'>●</span> {text}")

    @property
    def online(self) -> bool | None:
        return self._online

    def set_syncing(self, syncing: bool) -> None:
        self._syncing = syncing
        self._render_sync()

    def set_last_sync(self, when: datetime | None) -> None:
        self._last_sync = when
        self._render_sync()

    @Slot()
    def _render_sync(self) -> None:
        if self._syncing:
            self.sync_label.setText("Syncing…")
        else:
            self.sync_label.setText(f"Last sync: {format_ago(self._last_sync)}")

    def set_usage(
        self, rate_limits: Mapping[str, Any], plan: str | None, platforms: list[str]
    ) -> None:
        self._usage_args = (rate_limits, plan, platforms)
        self._render_usage()

    def set_waiting(self, waiting: Mapping[str, int]) -> None:
        """Today's posts per platform that the outbox holds and the server does not count yet."""
        self._waiting = dict(waiting)
        self._render_usage()

    def _render_usage(self) -> None:
        rate_limits, plan, platforms = self._usage_args
        text, tip = usage_text(rate_limits, plan, platforms, self._waiting)
        self.usage_label.setText(text)
        self.usage_label.setToolTip(tip)
